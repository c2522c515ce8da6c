"""arshjul: the engine behind a municipality's årshjul (annual governance cycle)."""

__version__ = "0.1.0"
