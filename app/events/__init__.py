"""Events: job fairs, webinars and welcome meetings with capacity, a waiting list and double opt-in."""
