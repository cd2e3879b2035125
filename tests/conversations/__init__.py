"""Tests of mentorplan/conversations/."""
