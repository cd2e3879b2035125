"""The kommune's people and employments: the staff CSV import, HR's employment records, the pages."""
