"""Privacy: the access log, each person's own data (GDPR art. 15/20), anonymisation."""
