"""The demo kommune (CONTRACT.md, "Demo logins"): people, turnus, a year of conversations, history."""
