"""Tests of mentorplan/feeds/."""
