"""Synthetic, deterministic SPBE submissions at national scale, for tests and benchmarks."""
