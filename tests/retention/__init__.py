"""Tests of mentorplan/retention/."""
