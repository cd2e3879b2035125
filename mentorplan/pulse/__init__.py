"""The mentees' pulse at 3, 6 and 12 months: asking, answering, the unit's aggregates."""
