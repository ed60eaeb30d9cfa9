"""The audit trail: who saw and who changed which personal data, written in the request's own
transaction (never through a queue that could drop it) and never updated or deleted by the app."""
