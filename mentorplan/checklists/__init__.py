"""Training checklists: the unit's versions, each mentee's checklist, its pages."""
