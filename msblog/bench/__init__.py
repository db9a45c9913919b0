"""Benchmarks: a synthetic export generator and the `make bench` runner."""

SIZES, RUNS = (100, 500, 1000), 3  # what `msblog bench run` measures unless told: posts, and runs of each size
LINEAR_RUNS = 7  # runs of each size of each hostile input (msblog.bench.linear) unless told; figures are medians
