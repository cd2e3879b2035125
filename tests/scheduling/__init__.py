"""Tests of mentorplan/scheduling/."""
