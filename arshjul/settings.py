"""The one settings object. Nothing else in arshjul reads os.environ.

Embedded defaults need nothing configured: data lives under ARSHJUL_HOME (default
~/.arshjul), the database is a SQLite file there, and Prefect keeps its own state in a
folder beside it unless PREFECT_HOME says otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

PREFIX = "ARSHJUL_"


class Settings(BaseModel):
    """Read from ARSHJUL_<FIELD> environment variables (`from_environment`); pydantic turns
    their text into each field's type and refuses what does not fit. A plain model rather
    than pydantic-settings, whose import alone cost every command 0.06 s of CPU
    (benchmarks/cold_start.py) for what is a loop over the fields."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    home: Path = Field(default_factory=lambda: Path.home() / ".arshjul")
    database_url: str | None = None  # e.g. postgresql+psycopg://…; default: SQLite under home
    lang: Literal["sv", "en"] = "sv"

    # Mail. The embedded default writes .eml files to ARSHJUL_HOME/outbox.
    mail_channel: Literal["folder", "smtp"] = "folder"
    mail_folder: Path | None = None
    mail_from: str = "arshjul <arshjul@localhost>"
    message_id_domain: str = "arshjul.localhost"
    smtp_host: str = "localhost"
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_starttls: bool = True
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_timeout: float = Field(default=30.0, gt=0, le=600)
    # The provider's sending limit (Exchange Online: 30 a minute): messages are handed
    # over evenly spaced so it is never hit. Unset: as fast as the server takes them.
    smtp_max_per_minute: int | None = Field(default=None, ge=1, le=6000)
    # How long a message claimed by a run is held before another run may send it: a run
    # killed between handing a message over and marking it sent has it sent again, with the
    # same Message-ID, once this has passed (README, "Exactly once").
    delivery_lease_seconds: int = Field(default=600, ge=10, le=86_400)
    # Per municipality: ARSHJUL_TEMPLATES_DIR/<kommunkod>/{sv,en}/<kind>.<part> overrides.
    templates_dir: Path | None = None
    # Who the CLI acts as (an e-mail address of a person in the template); --as overrides.
    as_person: str | None = Field(default=None, alias="ARSHJUL_AS")  # the one odd name
    max_file_mb: float = Field(default=50.0, gt=0, le=2048)
    # While someone is away, their stand-in gets what was meant for them; the absent person
    # stays in copy unless this is false.
    stand_in_copies_absent: bool = True
    # How long a command waits for another process's write to the SQLite database.
    db_busy_seconds: float = Field(default=30.0, gt=0, le=600)
    # How long a mirror into Prefect (`prefect sync`, `plan`) waits in all for one call a
    # busy Prefect server refuses (429, 503) or drops, before naming it as not done.
    prefect_busy_seconds: float = Field(default=60.0, ge=0, le=3600)
    files_dir: Path | None = None  # default ARSHJUL_HOME/files
    # The key that signs audit checkpoints. Keep it outside the database (and its backups):
    # whoever holds both could forge checkpoints. Default ARSHJUL_HOME/audit-signing.key.
    signing_key: Path | None = None
    # The web application (`arshjul web`): the address people reach it at (sign-in links
    # and reminders point there), and whether it is served over https (Secure cookies, HSTS)
    web_base_url: str = "http://127.0.0.1:8000"
    web_secure: bool = False
    # Threads per web process for page requests. Few keep latency even: Python runs one
    # thread at a time, and forty requests sharing it all finish late (benchmarks/web.py).
    web_threads: int = Field(default=4, ge=1, le=64)
    # Behind a reverse proxy: the addresses or networks (CIDR, comma-separated; `*` for
    # any) whose X-Forwarded-For and X-Forwarded-Proto are believed. Empty: nobody's, so a
    # client cannot claim another address. The proxy must overwrite the header.
    web_trusted_proxies: str = ""
    # Sign-in links asked for from one client address in 15 minutes (per e-mail address
    # the limit is 3). Offices behind one NAT address share it: hence not lower.
    web_sign_in_per_client: int = Field(default=100, ge=1, le=100_000)
    # Open connections from one client address (not from a trusted proxy, which limits
    # its own): more are closed at once, so one client cannot take every connection.
    web_connections_per_client: int = Field(default=64, ge=1, le=10_000)
    # Seconds a client has to send a request's headers, and a body's grace before it
    # must keep an average of 8 kB/s (arshjul.core.web_access.body_deadline).
    web_client_timeout: float = Field(default=15.0, gt=0, le=600)
    # Single sign-on (OpenID Connect: Entra ID or any provider): set all of issuer, client
    # id and secret to offer it. A person is matched by a verified e-mail address, which
    # must be in `oidc_allowed_domain` when that is set (e.g. timra.se).
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: SecretStr | None = None
    oidc_allowed_domain: str | None = None
    # Follow-up: the names of the four assessment levels in the order uppfyllt, delvis
    # uppfyllt, inte uppfyllt, går inte att bedöma, separated by ";" (default those); the
    # longest comment; and Kolada's API for `arshjul indicators fetch`.
    assessment_names: str | None = None
    assessment_comment_chars: int = Field(default=1000, ge=50, le=10_000)
    kolada_url: str = "https://api.kolada.se"

    @field_validator("assessment_names")
    @classmethod
    def _four_names(cls, value: str | None) -> str | None:
        if value is None:
            return None
        names = [name.strip() for name in value.split(";")]
        if len(names) != 4 or not all(names) or len({n.casefold() for n in names}) != 4:
            raise ValueError("four different names separated by ';'")
        if any(not c.isprintable() for name in names for c in name):
            raise ValueError("a name holds a control character")
        return ";".join(names)

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id and self.oidc_client_secret)

    how_to_submit: str = (
        "Lämna in dokumentet till kommunledningskontoret och ange leveransnumret nedan."
    )

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'arshjul.db'}"

    @property
    def prefect_home(self) -> Path:
        return self.home / "prefect"

    @property
    def resolved_files_dir(self) -> Path:
        return self.files_dir or self.home / "files"

    @property
    def resolved_signing_key(self) -> Path:
        return self.signing_key or self.home / "audit-signing.key"

    @property
    def resolved_mail_folder(self) -> Path:
        return self.mail_folder or self.home / "outbox"

    def override_dir(self, municipality_code: str) -> Path | None:
        """The municipality's notification template folder, if it has one."""
        if self.templates_dir is None:
            return None
        folder = self.templates_dir / municipality_code
        return folder if folder.is_dir() else None

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings the environment gives; a malformed one raises pydantic's
        ValidationError located by `variable`."""
        env = os.environ if environ is None else environ
        found = {name: env[variable(name)] for name in cls.model_fields if variable(name) in env}
        return cls.model_validate(found)


def variable(field: str) -> str:
    """The environment variable of a settings field (given by name or by its alias)."""
    if field not in Settings.model_fields:
        return field if field.startswith(PREFIX) else PREFIX + field.upper()
    return Settings.model_fields[field].alias or PREFIX + field.upper()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_environment()
