"""Tests of mentorplan/auth/."""
