"""Tests of mentorplan/pulse/."""
