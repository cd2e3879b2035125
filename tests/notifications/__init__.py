"""Tests of mentorplan/notifications/."""
