"""A body's contacts edited as text: added after the last one (flow, block and compact
lists), a `contacts:` key made for a body with none, one rewritten, the last one removed
with its key; a body or list on one line is not edited."""

from __future__ import annotations

from arshjul.core.contact_lines import with_contact_added, with_contact_replaced, without_contact

BLOCK = (
    "bodies:\n"
    "  - key: KS  # styrelsen\n"
    "    name: Kommunstyrelsen\n"
    "    contacts:\n"
    "      - role: secretary\n"
    "        name: A\n"
    "        email: a@example.org\n"
    "    # the next body\n"
    "  - key: BUN\n"
    "    name: Barn\n"
    "  - {key: FLOW, name: Flow, kind: namnd}\n"
)
NEW = '- {role: chair, name: "Ö \\"Q\\"", email: "b@example.org"}'


def test_added_after_a_block_contact_comments_kept() -> None:
    text = with_contact_added(BLOCK, body_line=2, role="chair", name='Ö "Q"', email="b@example.org")
    assert text is not None
    assert f"        email: a@example.org\n      {NEW}\n    # the next body\n" in text
    assert "  - key: KS  # styrelsen\n" in text


def test_a_body_without_contacts_gets_the_key() -> None:
    text = with_contact_added(BLOCK, body_line=9, role="chair", name='Ö "Q"', email="b@example.org")
    assert text is not None and f"    name: Barn\n    contacts:\n      {NEW}\n" in text


def test_a_compact_list_keeps_its_indent() -> None:
    compact = (
        "bodies:\n  - key: KS\n    contacts:\n    - {role: secretary, name: A, email: a@x.se}\n"
    )
    text = with_contact_added(compact, body_line=2, role="chair", name="B", email="b@x.se")
    assert text is not None and text.endswith('    - {role: chair, name: "B", email: "b@x.se"}\n')


def test_one_line_bodies_and_lists_are_not_edited() -> None:
    assert with_contact_added(BLOCK, body_line=11, role="chair", name="B", email="b@x.se") is None
    flow = "bodies:\n  - key: KS\n    contacts: [{role: secretary, name: A, email: a@x.se}]\n"
    assert with_contact_added(flow, body_line=2, role="chair", name="B", email="b@x.se") is None
    assert without_contact(flow, contact_line_no=3) is None


def test_replaced_and_removed() -> None:
    text = with_contact_replaced(BLOCK, contact_line_no=5, role="chair", name="A", email="a@x.se")
    assert text is not None
    assert '    contacts:\n      - {role: chair, name: "A", email: "a@x.se"}\n    # the' in text
    gone = without_contact(BLOCK, contact_line_no=5)
    assert gone is not None
    assert "    name: Kommunstyrelsen\n    # the next body\n  - key: BUN\n" in gone
