"""Outgoing e-mail: every message is a row first, then a job delivers it."""
