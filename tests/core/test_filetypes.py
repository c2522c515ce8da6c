"""Files are recognised by their content."""

from __future__ import annotations

import io
import zipfile

import pytest

from arshjul.core.filetypes import DOCX, JPEG, ODT, PDF, PNG, SHOWN_INLINE, TEXT, XLSX, sniff


def office(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX_BYTES = office({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX_BYTES = office({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT_BYTES = office({"mimetype": ODT.encode(), "content.xml": b"<office:document/>"})


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n...", PDF),
        (DOCX_BYTES, DOCX),
        (XLSX_BYTES, XLSX),
        (ODT_BYTES, ODT),
        ("Verksamhetsplan 2020 för socialnämnden\n".encode(), TEXT),
        (b"\x89PNG\r\n\x1a\n\x00\x00", PNG),  # a scanned page
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", JPEG),
        (b"GIF89a\x01\x00", None),  # other images are not taken
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>",
            TEXT,
        ),  # never shown inline as SVG
        (office({"readme.txt": b"hi"}), None),  # a zip that is no office document
        (b"PK\x03\x04broken", None),
        ("latin-1 åäö".encode("latin-1"), None),
    ],
)
def test_sniff(data: bytes, expected: str | None) -> None:
    assert sniff(data) == expected


def test_only_harmless_kinds_are_shown_in_the_page() -> None:
    assert {PDF, PNG, JPEG, TEXT} == SHOWN_INLINE  # never HTML or SVG: no script runs


def test_the_name_does_not_matter() -> None:
    assert sniff(DOCX_BYTES) == DOCX  # whatever the file was called


def _zip(members: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_bomb_named_odt_is_refused_without_inflating_it() -> None:
    from arshjul.core.filetypes import sniff

    bomb = _zip({"mimetype": b"application/vnd.oasis.opendocument.text" + b"\0" * 60_000_000})
    assert len(bomb) < 100_000  # about a thousand to one
    assert sniff(bomb) is None


def test_too_many_members_or_too_much_declared_are_refused() -> None:
    from arshjul.core.filetypes import MAX_MEMBERS, sniff

    many = _zip({f"f{i}": b"" for i in range(MAX_MEMBERS + 1)} | {"[Content_Types].xml": b"x"})
    assert sniff(many) is None


def test_a_real_odt_mimetype_is_read_at_most_a_few_bytes() -> None:
    from arshjul.core.filetypes import ODT, sniff

    assert sniff(_zip({"mimetype": ODT.encode(), "content.xml": b"<x/>" * 1000})) == ODT


def _declaring(megabytes: int) -> bytes:
    """An .xlsx of `megabytes` members of 1 MiB each that compress about 100 to 1: each
    member under the ratio bound, together over the unpacked bound."""
    import os

    block = os.urandom(10_000)
    member = (block * 105)[: 1024 * 1024]
    members = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}
    return _zip(members | {f"xl/media/image{i}.bin": member for i in range(megabytes)})


def test_an_archive_declaring_too_much_in_all_is_refused_and_told_as_such() -> None:
    from arshjul.core.filetypes import MAX_UNPACKED, archive_refusal, sniff

    over = MAX_UNPACKED // (1024 * 1024) + 4
    bomb = _declaring(over)
    assert len(bomb) < 10 * 1024 * 1024
    assert sniff(bomb) is None
    assert archive_refusal(bomb) == {
        "members": over + 2,
        "unpacked_mb": over,
        "max_members": 2_000,
        "max_unpacked_mb": 256,
        "max_ratio": 500,
    }
    assert archive_refusal(XLSX_BYTES) is None and archive_refusal(b"%PDF-1.7") is None


def test_a_refused_archive_handed_in_is_named_an_archive(tmp_path) -> None:
    from arshjul.errors import InvalidInput
    from arshjul.services.submissions import read_files
    from arshjul.texts import label

    path = tmp_path / "bilagor.xlsx"
    path.write_bytes(_zip({f"f{i}": b"" for i in range(2_001)} | {"[Content_Types].xml": b"x"}))
    with pytest.raises(InvalidInput) as refused:
        read_files([path], 50 * 1024 * 1024)
    assert refused.value.key == "file_archive_refused"
    said = label(refused.value.key, "sv", **refused.value.params)
    assert "ett ZIP-arkiv" in said and "2002 delar" in said and "gränserna är 2000 delar" in said
