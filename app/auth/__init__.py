"""Accounts, roles, login and password reset."""
