"""Tests of mentorplan/demo/."""
