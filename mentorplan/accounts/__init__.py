"""The admin's accounts: who has a login, who is invited, and inviting again, deactivating and
activating."""
