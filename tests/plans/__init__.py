"""Tests of mentorplan/plans/."""
