"""The one settings object. Nothing else in arshjul reads os.environ.

Embedded defaults need nothing configured: data lives under ARSHJUL_HOME (default
~/.arshjul), the database is a SQLite file there, and Prefect keeps its own state in a
folder beside it unless PREFECT_HOME says otherwise.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ARSHJUL_", extra="ignore")

    home: Path = Field(default_factory=lambda: Path.home() / ".arshjul")
    database_url: str | None = None  # e.g. postgresql+psycopg://…; default: SQLite under home
    lang: Literal["sv", "en"] = "sv"

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'arshjul.db'}"

    @property
    def prefect_home(self) -> Path:
        return self.home / "prefect"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
