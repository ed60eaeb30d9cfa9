"""Data Landa makes for itself, never for production: the demo (``flask seed demo``: the logins and
households a newcomer tries Landa with) and the synthetic region (``flask seed synthetic``: 100,000
households for the benchmarks)."""
