"""spbe-tui: a terminal reviewer for SPBE maturity evaluations."""

__version__ = "0.1.0"
