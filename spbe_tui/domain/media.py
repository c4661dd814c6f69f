"""The kinds of evidence file the tool knows: one registry for import, extraction and preview.

A media type says how a file is recognised (its first bytes, its name), whether text is
extracted from it at import, how the preview shows it, and what its parts are called (pages of
a document, sheets of a workbook).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

UNKNOWN = "application/octet-stream"


class Preview(str, Enum):
    TEXT = "text"  # extracted text, page by page
    TABLE = "table"  # rows and columns (CSV, each sheet of a workbook)
    IMAGE = "image"  # decoded and drawn
    INFO = "info"  # only what is known of the file


@dataclass(frozen=True)
class MediaType:
    name: str  # e.g. "application/pdf"
    label: str  # short, for lists: "PDF"
    suffixes: tuple[str, ...]
    magic: bytes  # the first bytes that identify it; b"" when its content is not telling
    preview: Preview
    has_text: bool  # text is extracted at import
    part: str  # what one extracted unit is: "page" or "sheet"


PDF = MediaType("application/pdf", "PDF", (".pdf",), b"%PDF-", Preview.TEXT, True, "page")
DOCX = MediaType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX", (".docx",),
                 b"PK\x03\x04", Preview.TEXT, True, "page")
XLSX = MediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX", (".xlsx",),
                 b"PK\x03\x04", Preview.TABLE, True, "sheet")
PNG = MediaType("image/png", "PNG", (".png",), b"\x89PNG\r\n\x1a\n", Preview.IMAGE, False, "page")
JPEG = MediaType("image/jpeg", "JPEG", (".jpg", ".jpeg"), b"\xff\xd8\xff", Preview.IMAGE, False, "page")
TXT = MediaType("text/plain", "TXT", (".txt",), b"", Preview.TEXT, True, "page")
MARKDOWN = MediaType("text/markdown", "MD", (".md", ".markdown"), b"", Preview.TEXT, True, "page")
CSV = MediaType("text/csv", "CSV", (".csv",), b"", Preview.TABLE, True, "sheet")

KNOWN: tuple[MediaType, ...] = (PDF, DOCX, XLSX, PNG, JPEG, TXT, MARKDOWN, CSV)
_BY_NAME = {m.name: m for m in KNOWN}
_OTHER = MediaType(UNKNOWN, "?", (), b"", Preview.INFO, False, "page")


def by_name(name: str) -> MediaType:
    """The registered type, or an 'unknown' one that previews as file information."""
    return _BY_NAME.get(name, _OTHER)


def recognise(head: bytes, suffix: str) -> MediaType:
    """From the file's first bytes where they are telling, else from its name.

    Zip containers (DOCX, XLSX) share their first bytes, so the name decides between them. A
    file named like a document that does not start like one is still taken as that document,
    and extraction then says what is wrong with it; an image must prove itself by its bytes.
    """
    named = next((m for m in KNOWN if suffix.lower() in m.suffixes), None)
    if named is not None and named.magic and head.startswith(named.magic):
        return named
    for media in KNOWN:
        if media.magic and head.startswith(media.magic) and media.magic != DOCX.magic:
            return media
    if named is not None and named.preview is not Preview.IMAGE:
        return named
    return _OTHER
