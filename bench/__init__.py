"""Benchmarks: seed 1k, 10k and 100k tickets and measure the main pages (`python -m bench.run`)."""
