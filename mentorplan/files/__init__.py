"""Files mentorplan reads and writes: the CSV exports and .xlsx workbooks, made safe to open."""
