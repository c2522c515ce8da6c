"""Every text a web page asks the catalogue for exists in Swedish and English."""

from __future__ import annotations

import re
from pathlib import Path

from arshjul.core.audit import BreakReason
from arshjul.core.facts import Review
from arshjul.core.phases import Phase
from arshjul.core.reminders import NoticeKind
from arshjul.texts import LABELS

TEMPLATES = Path(__file__).resolve().parents[2] / "arshjul" / "web" / "templates"
BUILT = {
    '"month_" ~ s.index': {f"month_{m}" for m in range(1, 13)},
    '"break_" ~ r.first_break.reason': {f"break_{reason}" for reason in BreakReason},
    '"web_review_" ~ v.submission.review.value': {f"web_review_{r.value}" for r in Review},
    '"web_method_" ~ s.method': {"web_method_link", "web_method_oidc"},
    '"web_public_" ~ d.kind': {"web_public_meeting", "web_public_decision", "web_public_recorded"},
    '"goal_" ~ number': {f"goal_{n}" for n in range(1, 18)},
    '"notice_" ~ o.last_notice[0]': {f"notice_{kind}" for kind in NoticeKind},
    '"web_review_" ~ r.review.value': {f"web_review_{r.value}" for r in Review},
} | {
    f'"phase_" ~ {source}': {f"phase_{p.value}" for p in Phase}
    for source in ("phase.value", "m.phase")
}


def test_every_key_of_every_page_is_in_the_catalogue() -> None:
    keys: set[str] = set()
    for page in TEMPLATES.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        keys |= set(re.findall(r"""\bt\(\s*["'](\w+)["']\s*[,)]""", text))
        for built, values in BUILT.items():
            if built in text:
                keys |= values
    keys |= {"web_csrf", "web_forbidden", "web_not_found", "web_link_used", "web_too_many"}
    missing = sorted(k for k in keys if k not in LABELS or set(LABELS[k]) != {"sv", "en"})
    assert not missing
    assert len(keys) > 40


def test_every_kind_of_audit_event_has_words() -> None:
    """The event log is read by auditors in Swedish or English, never as stored codes."""
    import ast

    from arshjul.texts import event_name

    root = TEMPLATES.parents[2]
    kinds = {"accepted", "returned", "decision_justered", "decision_announced"}  # computed
    kinds |= {f"{kind}_sent" for kind in NoticeKind}
    for path in [
        *root.joinpath("arshjul").rglob("*.py"),
        *root.joinpath("notifications").rglob("*.py"),
    ]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "record"
            ):
                for keyword in node.keywords:
                    if keyword.arg == "kind" and isinstance(keyword.value, ast.Constant):
                        kinds.add(keyword.value.value)
    for lang in ("sv", "en"):
        unnamed = sorted(k for k in kinds if event_name(k, lang) == k)
        assert not unnamed, (lang, unnamed)
