"""Benchmarks: a synthetic export generator and the `make bench` runner."""

SIZES, RUNS = (100, 500, 1000), 3  # what `msblog bench run` measures unless told: posts, and runs of each size
