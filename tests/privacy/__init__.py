"""Tests of mentorplan/privacy/."""
