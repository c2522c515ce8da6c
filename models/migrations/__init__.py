"""Alembic migrations of arshjul's tables (models.migrate runs them)."""
