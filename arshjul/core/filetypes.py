"""Recognise a submitted file by its content, not its name.

Accepted: PDF, Word (DOCX), Excel (XLSX), OpenDocument text (ODT), PNG and JPEG images
(a scanned signature page, a photographed protocol) and plain UTF-8 text.
Office formats are ZIP containers; what is inside tells them apart. A ZIP is judged by its
directory alone (names and declared sizes) and at most `PEEK` bytes of one member, so a
"zip bomb" handed in as .odt is refused without being inflated: too many members, members
declaring more than `MAX_UNPACKED` in all, or compressed more than `MAX_RATIO` to 1.
"""

from __future__ import annotations

import io
import zipfile

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
TEXT = "text/plain"
PNG = "image/png"
JPEG = "image/jpeg"
ACCEPTED = (PDF, DOCX, XLSX, ODT, PNG, JPEG, TEXT)
# What a browser may show in the page rather than download: never HTML, SVG or anything
# else that can run script under the site's address.
SHOWN_INLINE = frozenset({PDF, PNG, JPEG, TEXT})

# A Word or Excel document has tens of members and unpacks to a few megabytes; a report
# full of photographs to a hundred. Bounds well above that, far below what hurts a server.
MAX_MEMBERS = 2_000
MAX_UNPACKED = 256 * 1024 * 1024  # declared, over all members
MAX_RATIO = 500  # for members over a megabyte; office XML compresses 5 to 50 times
PEEK = 64


def sniff(data: bytes) -> str | None:
    """The media type of `data`, or None when it is none of the accepted kinds."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        return _office(data)
    if b"\x00" in data[:8192]:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return TEXT


def archive_refusal(data: bytes) -> dict[str, int] | None:
    """Why a ZIP container was refused as a bomb (its members and declared unpacked size
    against the bounds), so the person is told that rather than "unknown type"; None when
    it is no ZIP, unreadable, or within bounds."""
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return None
    if _plausible(members):
        return None
    return {
        "members": len(members),
        "unpacked_mb": sum(m.file_size for m in members) // (1024 * 1024),
        "max_members": MAX_MEMBERS,
        "max_unpacked_mb": MAX_UNPACKED // (1024 * 1024),
        "max_ratio": MAX_RATIO,
    }


def _plausible(members: list[zipfile.ZipInfo]) -> bool:
    """Whether a ZIP's own directory looks like a document rather than a bomb."""
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED:
        return False
    return all(
        m.file_size <= 1024 * 1024 or m.file_size <= MAX_RATIO * max(m.compress_size, 1)
        for m in members
    )


def _office(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if not _plausible(members):
                return None
            names = {m.filename for m in members}
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    if member.read(PEEK).strip() == ODT.encode():
                        return ODT
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return DOCX
                if "xl/workbook.xml" in names:
                    return XLSX
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError, NotImplementedError):
        return None
    return None
