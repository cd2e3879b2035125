"""Accounts: logging in (password and TOTP), sessions, password rules and resets, account e-mail.

`identity` says who the current user is; this package's __init__ stays empty so that the models
can import `auth.passwords` without loading the access rules.
"""
