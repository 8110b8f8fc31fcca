"""Benchmarks of levant against its peers: `python -m benchmarks` runs them all (make bench)."""
