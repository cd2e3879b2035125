"""The profile page: one's calendar links and the way to one's own data, password, e-mail and second factor."""
