"""Every error a user can cause, in one tree, each carrying a text key so it is said in
their language (arshjul.texts) and a `transient` flag so retries are only for what can pass.

ArshjulError                 anything a person should read as one clear line; exit 1
├── NotFound                 no such municipality, cycle, body, decision or deliverable
├── Ambiguous                several match and the command needs one (--municipality)
├── InvalidInput             a value given on the command line or a form is malformed
│   ├── InvalidFile          a structured file handed in has problems; carries each one
│   └── UploadRefused        a hand-in form that cannot be read: too large, too many files
├── TemplateInvalid          a cycle template has errors; carries every Problem
├── LawErrors                the plan breaks the Local Government Act and no override was given
├── CycleClosed              a closed cycle is part of the record and takes no changes
├── WheelChanged             the wheel changed since the preview a change was made from
├── AnotherDay               a change sent from a page showing another day than today
├── Refused                  the person may not do this (or is unknown); the refusal is audited
│   └── CsrfRefused          a state-changing request without the session's token
├── SignInFailed             a sign-in link used, expired or unknown, or a single sign-on
│                            the provider did not verify; says which, never whose
└── SourceFailed             an outside source (Kolada's API) did not answer as expected;
                             nothing was stored, and the person may try again later

None of these is transient: running the same thing again gives the same answer, so a
Prefect task must not retry them (flows/retry.py). What is transient (a busy database, a
dropped connection) is not an ArshjulError.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from arshjul.core.problems import Problem, errors

if TYPE_CHECKING:  # the law checks (and the planner they need) load only where they run
    from arshjul.core.law import Finding


class ArshjulError(Exception):
    transient: ClassVar[bool] = False

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(f"{key}: {params}")
        self.key = key
        self.params = params

    def __reduce__(self) -> tuple[Any, ...]:
        """Rebuild without calling `__init__`, whose signature varies by subclass: Prefect
        may pickle a task's exception to hand it to the flow."""
        return (_restore, (type(self), self.args, self.__dict__))


def _restore(cls: type[ArshjulError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


def is_transient(error: BaseException) -> bool:
    """Whether trying again later can succeed: a locked or unreachable database, a dropped
    connection. A user's error, a refusal or a bug never is."""
    if isinstance(error, ArshjulError):
        return error.transient
    from sqlalchemy.exc import DBAPIError, OperationalError

    if isinstance(error, OperationalError):
        return True
    if isinstance(error, DBAPIError):
        return bool(error.connection_invalidated)
    return isinstance(error, OSError | TimeoutError)


class NotFound(ArshjulError):
    pass


class Ambiguous(ArshjulError):
    pass


class InvalidInput(ArshjulError):
    pass


class UploadRefused(InvalidInput):
    """Why a streamed hand-in form cannot be read; raised before anything is stored."""


class InvalidFile(InvalidInput):
    def __init__(self, file: str, problems: list[Problem]) -> None:
        super().__init__("file_invalid", file=file, count=len(errors(problems)))
        self.problems = problems  # each with its field and line


class TemplateInvalid(ArshjulError):
    """Raised where a template with errors would otherwise be used (planned, stored)."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        super().__init__("invalid", file=file, count=len(errors(problems)))
        self.problems = problems


class LawErrors(ArshjulError):
    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("law_blocked")
        self.findings = findings

    def __str__(self) -> str:
        return "; ".join(f"{f.subject}: {f.code} ({f.source})" for f in self.findings)


class CycleClosed(ArshjulError):
    def __init__(self, code: str, budget_year: int) -> None:
        super().__init__("cycle_closed", year=budget_year, municipality=code)


class WheelChanged(ArshjulError):
    """A change previewed against one version of the wheel, applied after another person
    stored a newer one: refused, nothing stored, so no one's change is lost unseen."""

    def __init__(self, code: str, previewed: str, current: str, author: str) -> None:
        super().__init__(
            "wheel_changed",
            municipality=code,
            previewed=previewed[:12] or "-",
            current=current[:12] or "-",
            author=author or "-",
        )


class AnotherDay(ArshjulError):
    """A change sent from a page that shows the year as of another day (a tab left open):
    refused, since what it changes would carry today's time against that day's view."""

    def __init__(self, day: str) -> None:
        super().__init__("web_another_day", date=day)


class Refused(ArshjulError):
    """Said the same way whether the person is unknown or only lacks the right, so the
    answer never tells a caller which addresses exist."""


class CsrfRefused(Refused):
    def __init__(self) -> None:
        super().__init__("web_csrf")


class SourceFailed(ArshjulError):
    """Raised by a client of an outside service before anything is stored. Not retried
    by the program: a person ran the command and reads why."""


class SignInFailed(ArshjulError):
    """`key` says what to show: a used, expired or unknown link (`web_link_*`), or a
    single sign-on that failed or named no one (`web_sso_*`)."""
