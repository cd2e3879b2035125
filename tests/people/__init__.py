"""Tests of mentorplan/people/."""
