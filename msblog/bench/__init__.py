"""Benchmarks: a synthetic export generator and the `make bench` runner."""
