"""Calendar feeds (iCalendar, RFC 5545): the pure builder, what goes into each feed, and the tokens."""
