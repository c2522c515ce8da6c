"""Hostile YAML is refused before it can cost memory: aliases (the "billion laughs") and
oversized files and nesting deeper than the parser can follow, in templates and in
commitments (and so assessments) files, each with its line."""

from __future__ import annotations

import pytest

from arshjul.core.commitments import read_commitments
from arshjul.core.template_loader import parse_template
from arshjul.core.yaml_lines import MAX_CHARS
from tests.factories import SMALL_TEMPLATE

LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
goals: [*i]
"""


@pytest.mark.parametrize(
    "read",
    [
        lambda text: read_commitments(text, file="laughs.yaml", vision_areas=("service",)),
        lambda text: parse_template(text, "laughs.yaml"),
    ],
    ids=["commitments", "template"],
)
def test_the_billion_laughs_is_refused_at_its_first_alias(read) -> None:
    """Refused while composing, before a single alias is expanded."""
    parsed, problems = read(LAUGHS)
    assert parsed is None
    assert [(p.code, p.line) for p in problems] == [("yaml_syntax", 2)]
    assert "alias *a" in problems[0].params["detail"]


def test_a_merge_key_is_an_alias_too() -> None:
    text = SMALL_TEMPLATE.replace(
        "  - {key: KF, name: Kommunfullmäktige, kind: kf}\n",
        "  - &kf {key: KF, name: Kommunfullmäktige, kind: kf}\n  - {<<: *kf, key: KF2}\n",
    )
    template, problems = parse_template(text, "merge.yaml")
    assert template is None and problems[0].code == "yaml_syntax"


def test_an_oversized_file_is_refused_unread() -> None:
    text = "goals: [3]\n" + "# padding\n" * (MAX_CHARS // 10 + 1)
    commitments, problems = read_commitments(text, file="big.yaml", vision_areas=())
    assert commitments is None and [p.code for p in problems] == ["too_large"]


DEEP = [
    pytest.param("goals: " + "[" * 100_000 + "]" * 100_000 + "\n", 1, id="flow brackets"),
    pytest.param(
        "goals:\n" + "".join(" " * (2 * i + 2) + f"a{i}:\n" for i in range(80)), 62, id="blocks"
    ),
    pytest.param("a#b: " + "{" * 5_000 + "\n", 1, id="after a plain scalar"),
]


@pytest.mark.parametrize(("text", "line"), DEEP)
@pytest.mark.parametrize(
    "read",
    [
        lambda text: read_commitments(text, file="deep.yaml", vision_areas=("service",)),
        lambda text: parse_template(text, "deep.yaml"),
    ],
    ids=["commitments", "template"],
)
def test_nesting_deeper_than_the_parser_should_follow_is_refused_unparsed(
    read, text: str, line: int
) -> None:
    """PyYAML's composer recurses once per level: 100,000 brackets would end in a
    RecursionError, not a problem line."""
    parsed, problems = read(text)
    assert parsed is None
    assert [(p.code, p.line) for p in problems] == [("too_deep", line)]
