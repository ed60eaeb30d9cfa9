"""Leads: people thinking of moving here (``/move/interest``), with double opt-in, their campaign source, and the
staff's list of confirmed leads (``/reception/leads``)."""
