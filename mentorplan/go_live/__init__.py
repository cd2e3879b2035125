"""Hires already under way when the kommune takes mentorplan into use: its go-live date (the admin's
setting, and the `go-live` command), what of each plan falls before it («før mentorplan»), and the
one page where a leader or mentor records what was in fact done then."""
