"""Tests of mentorplan/turnus/."""
