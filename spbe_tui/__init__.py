"""spbe-tui: a terminal app for SPBE assessors and their panels, for maturity evaluations."""

__version__ = "0.1.0"
