"""Benchmarks of reminder throughput, start-up, memory and idle dispatch (not part of the tests)."""
