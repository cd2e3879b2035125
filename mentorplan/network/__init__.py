"""Mentor network meetings (nettverksmøter): planning, attendance, the pages."""
