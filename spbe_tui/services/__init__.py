"""Services: what the screens and the CLI ask for. They use storage and the domain, never widgets."""
