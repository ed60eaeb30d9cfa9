"""Public pages, language choice, health check and error pages."""
