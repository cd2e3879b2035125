"""Whole-day absences registered outside a turnus import: the operation, its form and pages."""
