"""Placing plan activities on the turnus (DOMAIN.md, "Scheduling against the turnus").

`rules` and `placement` are pure (plain dates and intervals in, placements and conflicts out);
`service` loads from and writes to the database around them.
"""
