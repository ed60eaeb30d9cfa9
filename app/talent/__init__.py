"""Newcomers (talent) and their households."""
