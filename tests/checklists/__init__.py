"""Tests of mentorplan/checklists/."""
