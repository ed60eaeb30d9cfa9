"""Employers, industry networks and their competence needs."""
