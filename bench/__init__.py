"""Benchmarks: each module exposes run() -> list of (metric, value) rows."""
