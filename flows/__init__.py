"""Prefect flows: they load, call the pure core, persist and notify; no business rules here."""
