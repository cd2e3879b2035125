"""Tests of mentorplan/ops/."""
