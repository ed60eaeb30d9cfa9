"""Right to erasure and retention (gallring): what Landa forgets, when, and what it keeps for the archive."""
