"""veille: French news dispatches to structured knowledge."""

__version__ = "0.1.0"
