"""The turnus: reading turnus files, importing them, rotation patterns, the leader's upload."""
