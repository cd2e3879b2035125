"""Tests of mentorplan/network/."""
