"""Conversations: logging them, the mentee's own notes, what may be read by whom, the pages."""
