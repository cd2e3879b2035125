"""Tests of mentorplan/dashboards/."""
