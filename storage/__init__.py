"""Persistence: SQLAlchemy models, the database, and the repository API the commands use."""
