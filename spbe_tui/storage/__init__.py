"""SQLite storage: connection set-up, migrations and queries. Knows nothing of widgets."""
