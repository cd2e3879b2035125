"""Tests of mentorplan/roster/."""
