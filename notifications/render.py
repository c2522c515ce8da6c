"""Render notices from Jinja2 templates: Swedish and English, plain text and HTML.

Templates live in notifications/templates/{lang}/{kind}.{subject.txt,txt,html}. A
municipality may override any of them from its own folder with the same layout. Undefined
variables are errors and HTML is autoescaped; a municipality's templates run in Jinja's
sandbox (see Renderer), and
`check_overrides` renders every override against a sample before any mail is sent, so a
broken override is reported with its file and line instead of going out broken.

An override folder is hostile input too. An override that is a symbolic link, lies outside
its folder, switches escaping off (`|safe`, `{% autoescape false %}`) or calls `range()`
(nested loops could stall every municipality's sweep) is refused: `check_overrides` names
it with its line, and the loader never uses it (the shipped template is used instead, so a
receipt still goes out). What a template renders is capped at `MAX_RENDERED` characters.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    nodes,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from arshjul.core.problems import Problem
from arshjul.texts import LANGUAGES, long_date

KINDS = (
    "reminder",
    "overdue",
    "deadline_changed",
    "digest",
    "receipt",
    "review",
    "over_frame",
    "decision_due",
    "laga_kraft",
    "delivery_failed",
    "checkpoint",
    "decision_late",
    "sign_in",
)
PARTS = ("subject.txt", "txt", "html")
MAX_RENDERED = 200_000  # characters per part: a long digest is a few thousand


class RenderLimit(TemplateError):
    pass


def unsafe_constructs(ast: nodes.Template) -> list[tuple[int, str]]:
    """(line, what) for each construct an override may not use."""
    found: list[tuple[int, str]] = []
    for node in ast.find_all((nodes.Filter, nodes.Call, nodes.EvalContextModifier)):
        if isinstance(node, nodes.Filter) and node.name == "safe":
            found.append((node.lineno, "|safe"))
        elif isinstance(node, nodes.Call) and getattr(node.node, "name", "") == "range":
            found.append((node.lineno, "range()"))
        elif isinstance(node, nodes.EvalContextModifier):
            for option in node.options:
                value = option.value
                if option.key == "autoescape" and not (
                    isinstance(value, nodes.Const) and value.value
                ):
                    found.append((node.lineno, "autoescape false"))
    return found


def link_problem(root: Path, path: Path) -> str | None:
    """Why `path` may not be used from the override folder `root`, if it may not."""
    current = path
    while True:
        if current.is_symlink():
            return f"symbolic link: {current}"
        if current == root or current.parent == current:
            break
        current = current.parent
    if not path.resolve().is_relative_to(root.resolve()):
        return f"outside the folder {root}"
    return None


class _OverrideLoader(BaseLoader):
    """A municipality's folder, used only for plain files inside it whose templates keep
    escaping on; anything else is 'not found' here, so the shipped template is used."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = FileSystemLoader(str(root), followlinks=False)

    def get_source(self, environment: Environment, template: str) -> Any:
        source, filename, uptodate = self.files.get_source(environment, template)
        if filename is None or link_problem(self.root, Path(filename)):
            raise TemplateNotFound(template)
        try:
            if unsafe_constructs(environment.parse(source)):
                raise TemplateNotFound(template)
        except TemplateSyntaxError:
            raise TemplateNotFound(template) from None
        return source, filename, uptodate


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    text: str
    html: str


@pass_context
def _datum(context: Context, value: dt.date) -> str:
    return long_date(value, context.get("lang", "sv"))


class _ShippedEnvironment(Environment):
    """The shipped templates' environment (no imports, includes or blocks: a test holds
    them to that). `milestone.title` on a notice's values (plain dicts) is looked up as a
    key first. Jinja tries the attribute first and pays for an
    AttributeError each time: a fifth of a national sweep's rendering. No key of a
    notice's values is named like a dict method (tests/notifications/test_render.py)."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


class Renderer:
    """Renders notices; one per override folder (None: the shipped templates only).

    A municipality's templates are hostile input, so a renderer with an override folder
    runs everything in Jinja's sandbox, capped at `MAX_RENDERED` characters a part. The
    shipped templates are the program's own code: without an override folder they run in a
    plain environment, loaded once, which renders a national sweep's notices in half the
    time (benchmarks/sweep.py)."""

    def __init__(self, override_dir: Path | None = None) -> None:
        options: dict[str, Any] = {
            "autoescape": select_autoescape(enabled_extensions=("html",), default=False),
            "undefined": StrictUndefined,
            "keep_trailing_newline": True,
        }
        self.sandboxed = override_dir is not None and not override_dir.is_symlink()
        if override_dir is not None and self.sandboxed:
            loader = ChoiceLoader(
                [_OverrideLoader(override_dir), PackageLoader("arshjul.notifications", "templates")]
            )
            self.env: Environment = ImmutableSandboxedEnvironment(loader=loader, **options)
        else:
            self.env = _ShippedEnvironment(
                loader=PackageLoader("arshjul.notifications", "templates"),
                auto_reload=False,
                **options,
            )
            decide = self.env.autoescape
            assert callable(decide)  # select_autoescape's function, asked once per name
            self.env.autoescape = lru_cache(maxsize=None)(decide)
        self.env.filters["datum"] = _datum
        self._shipped: dict[str, Template] = {}

    def render(self, kind: str, lang: str, context: dict[str, Any]) -> Rendered:
        # The environment's globals and the notice's values, merged once for all three parts
        values = {**self.env.globals, **context, "lang": lang}
        subject, text, html = (self._render(f"{lang}/{kind}.{part}", values) for part in PARTS)
        # One line, no header injection through a body or milestone name.
        return Rendered(re.sub(r"\s+", " ", subject).strip(), text, html)

    def _render(self, name: str, values: dict[str, Any]) -> str:
        if not self.sandboxed:
            template = self._shipped.get(name)
            if template is None:
                template = self._shipped[name] = self.env.get_template(name)
            try:  # Template.render without copying `values` or listing the globals per part
                context = self.env.context_class(self.env, values, name, template.blocks)
                return self.env.concat(template.root_render_func(context))
            except Exception:
                self.env.handle_exception()
        template = self.env.get_template(name)
        parts: list[str] = []  # stop as soon as the text passes MAX_RENDERED characters
        size = 0
        for chunk in template.generate(values):
            size += len(chunk)
            if size > MAX_RENDERED:
                raise RenderLimit(f"{name} renders more than {MAX_RENDERED} characters")
            parts.append(chunk)
        return "".join(parts)


@lru_cache(maxsize=32)
def renderer_for(override_dir: str | None) -> Renderer:
    return Renderer(Path(override_dir) if override_dir else None)


def sample_context(kind: str) -> dict[str, Any]:
    """Every variable a template of `kind` may use, with realistic values."""
    base = {
        "municipality": {"code": "2262", "name": "Timrå kommun"},
        "budget_year": 2020,
        "deliverable_id": 17,
        "recipient": {
            "name": "Nämndsekreterare BUN",
            "email": "bun@example.org",
            "role": "secretary",
        },
        "body": {"key": "BUN", "name": "Barn- och utbildningsnämnden"},
        "milestone": {
            "key": "budgetunderlag",
            "title": "Budgetarbetet för kommande år",
            "deliverable": "Nämndens budgetunderlag",
            "description": "",
        },
        "deadline": dt.date(2019, 5, 9),
        "days_left": 7,
        "business_days_late": 3,
        "moved": "flyttad från söndag 20 september 2020 (söndag; föregående arbetsdag)",
        "how_to_submit": "Lämna in dokumentet till kommunledningskontoret.",
        "link": "https://arshjul.timra.se/leveranser/17",
        "contacts": [{"name": "Ekonomichef", "email": "ekonomi@example.org"}],
        "is_copy": False,
        "old_deadline": dt.date(2019, 5, 2),
    }
    if kind == "sign_in":
        return {
            "municipality": base["municipality"],
            "recipient": base["recipient"],
            "link": "https://arshjul.timra.se/logga-in/Zm9vYmFyYmF6cXV4",
            "valid_minutes": 15,
            "valid_until": "14:18",
        }
    if kind == "receipt":
        return {
            **base,
            "version": 2,
            "submitted_at": "2019-05-08 14:03:11",
            "files": [
                {
                    "name": "budget.pdf",
                    "size": 18211,
                    "sha256": "ab" * 32,
                    "media_type": "application/pdf",
                }
            ],
            "late_business_days": 0,
            "comment": "",
            "diarienummer": "KS 2019/123",
        }
    if kind == "review":
        return {
            **base,
            "outcome": "returned",
            "version": 1,
            "comment": "Bilaga 2 saknas.",
            "new_deadline": dt.date(2019, 5, 17),
            "reviewer": "Ekonomichef",
        }
    if kind == "over_frame":
        return {
            "municipality": base["municipality"],
            "budget_year": 2020,
            "recipient": {
                "name": "Ekonomichef",
                "email": "ekonomi@example.org",
                "role": "coordinator",
            },
            "body": base["body"],
            "frame": "412\u00a0500\u00a0000",
            "total": "413\u00a0000\u00a0000",
            "difference": "500\u00a0000",
            "changed_by": "Nämndsekreterare BUN <bun@example.org>",
        }
    if kind in ("decision_due", "laga_kraft"):
        return {
            "municipality": base["municipality"],
            "recipient": base["recipient"],
            "body": {"key": "KF", "name": "Kommunfullmäktige"},
            "decision": {
                "id": 4,
                "paragraph": "§ 61",
                "title": "Budget 2020 med flerårsplan",
                "diarienummer": "KS 2019/45",
                "meeting_date": dt.date(2019, 6, 17),
                "justered_on": dt.date(2019, 6, 18),
                "announced_on": dt.date(2019, 6, 20),
            },
            "step": "justering",
            "step_name": "justering",
            "due": dt.date(2019, 7, 1),
            "overdue": False,
            "moved": "",
            "appeal_ends": dt.date(2019, 7, 11),
            "laga_kraft": dt.date(2019, 7, 12),
            "milestone": "Styrdokument och budget beslutas i kommunfullmäktige",
            "budget_year": 2020,
        }
    if kind == "checkpoint":
        return {
            "municipality": base["municipality"],
            "recipient": {
                "name": "Revisor",
                "email": "revisionen@example.org",
                "role": "auditor",
            },
            "checkpoint": {
                "seq": 412,
                "hash": "ab" * 32,
                "at": "2019-05-06 07:03",
                "file": "kontrollpunkt-2262-412.json",
            },
        }
    if kind == "decision_late":
        return {
            "municipality": base["municipality"],
            "recipient": {
                "name": "Ekonomichef",
                "email": "ekonomi@example.org",
                "role": "coordinator",
            },
            "budget_year": 2020,
            "milestone": {"key": "kf-budget", "title": "Budget beslutas i kommunfullmäktige"},
            "deadline": dt.date(2019, 11, 25),
            "missing": [{"key": "KF", "name": "Kommunfullmäktige"}],
        }
    if kind == "delivery_failed":
        return {
            "municipality": base["municipality"],
            "recipient": {
                "name": "Ekonomichef",
                "email": "ekonomi@example.org",
                "role": "coordinator",
            },
            "failed": {
                "id": 41,
                "recipient": "bun@example.org",
                "recipient_name": "Nämndsekreterare BUN",
                "subject": "Påminnelse: Nämndens budgetunderlag",
                "kind": "reminder",
                "attempts": 9,
                "reason": "550 5.1.1 No such user",
            },
        }
    if kind == "digest":
        return {
            "municipality": base["municipality"],
            "recipient": base["recipient"],
            "today": dt.date(2019, 5, 6),
            "week": "2019-W19",
            "cycles": [
                {
                    "budget_year": 2020,
                    "bodies": [
                        {"name": "Barn- och utbildningsnämnden", "counts": [("försenad", 1)]}
                    ],
                }
            ],
            "overdue": [
                {"body": "BUN", "deliverable": "Budgetunderlag", "deadline": dt.date(2019, 5, 3)}
            ],
            "failed": [
                {
                    "id": 41,
                    "recipient": "bun@example.org",
                    "subject": "Påminnelse: Nämndens budgetunderlag",
                    "reason": "550 5.1.1 No such user",
                }
            ],
        }
    return base


def _runtime_line(exc: BaseException, filename: str) -> int | None:
    """The template line of a render error: Jinja rewrites tracebacks onto template lines."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def check_overrides(override_dir: Path) -> list[Problem]:
    """Problems in a municipality's template folder, each with its file and line."""
    if override_dir.is_symlink():
        return [Problem("template_link", str(override_dir), None, "", {"detail": "the folder"})]
    problems: list[Problem] = []
    known = {f"{lang}/{kind}.{part}" for lang in LANGUAGES for kind in KINDS for part in PARTS}
    renderer = Renderer(override_dir)
    for path in sorted(override_dir.rglob("*")):
        linked = link_problem(override_dir, path)
        if linked:
            problems.append(Problem("template_link", str(path), None, "", {"detail": linked}))
            continue
        if not path.is_file():
            continue
        name = path.relative_to(override_dir).as_posix()
        if name not in known:
            problems.append(
                Problem(
                    "template_unknown_file",
                    str(path),
                    None,
                    "",
                    {"expected": "{sv,en}/{" + ",".join(KINDS) + "}.{" + ",".join(PARTS) + "}"},
                )
            )
            continue
        problems += _check_override(renderer, path, name)
    return problems


def _check_override(renderer: Renderer, path: Path, name: str) -> list[Problem]:
    try:
        ast = renderer.env.parse(path.read_text(encoding="utf-8"), name, str(path))
    except TemplateSyntaxError as exc:
        return [Problem("template_syntax", str(path), exc.lineno, "", {"detail": exc.message})]
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem("template_syntax", str(path), None, "", {"detail": str(exc)})]
    unsafe = [
        Problem("template_unsafe", str(path), line, "", {"construct": what})
        for line, what in unsafe_constructs(ast)
    ]
    if unsafe:
        return unsafe
    kind = name.split("/")[1].split(".")[0]
    try:
        renderer._render(name, {**sample_context(kind), "lang": name.split("/")[0]})
    except TemplateError as exc:
        template = renderer.env.get_template(name)
        line = _runtime_line(exc, str(template.filename))
        return [
            Problem("template_render", str(path), line, "", {"detail": exc.message or str(exc)})
        ]
    return []
