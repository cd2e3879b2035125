"""Tests of mentorplan/files/."""
