"""Alembic migrations of the Outarde schema."""
