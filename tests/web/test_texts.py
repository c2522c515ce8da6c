"""Every text a web page asks the catalogue for exists in Swedish and English."""

from __future__ import annotations

import re
from pathlib import Path

from arshjul.core.audit import BreakReason
from arshjul.core.facts import Review
from arshjul.core.phases import Phase
from arshjul.texts import LABELS

TEMPLATES = Path(__file__).resolve().parents[2] / "arshjul" / "web" / "templates"
BUILT = {
    '"month_" ~ s.index': {f"month_{m}" for m in range(1, 13)},
    '"break_" ~ r.first_break.reason': {f"break_{reason}" for reason in BreakReason},
    '"web_review_" ~ v.submission.review.value': {f"web_review_{r.value}" for r in Review},
    '"web_method_" ~ s.method': {"web_method_link", "web_method_oidc"},
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
