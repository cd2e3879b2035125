"""Tests of mentorplan/absence/."""
