"""Persistence: SQLAlchemy, SQLite by default in a data directory outside the repo."""
