"""Reminders and notifications.

What is due is data: `reminders` turns the plans into messages that fall due at a given moment,
`changes` adds notices when the scheduler moves something near in time, `messages` renders and
queues them (one row per event and person, its unique key written before anything is sent), and
`outbox` sends the e-mail. `mentorplan.jobs` runs the first and the last from its own process.
"""
