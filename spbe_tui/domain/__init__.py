"""The SPBE domain: frameworks and index arithmetic. Knows nothing of storage or the UI."""
