"""Reception: each household's case with a municipality, from first contact to a year after arrival."""
