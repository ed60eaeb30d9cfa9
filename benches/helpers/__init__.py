"""What the benchmarks run beside themselves (a server module, locust users, an SMTP server): no benchmark here."""
