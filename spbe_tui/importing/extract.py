"""Text extraction at import time, so that no keypress ever parses a document.

Each extractor returns pages of text or raises ExtractionFailed with a reason an assessor can
read. Office files are zip archives: their declared sizes are checked before anything is
inflated, so a zip bomb is refused instead of filling memory.
"""

from __future__ import annotations

import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from spbe_tui.domain import media
from spbe_tui.i18n import say

MAX_TEXT_CHARS = 2_000_000  # per document; more is cut with a note
MAX_SHEET_ROWS = 2_000
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_RATIO = 200  # a real document compresses far less than this

# PDFium is not thread-safe, not even across documents.
_PDFIUM_LOCK = threading.Lock()


class ExtractionFailed(Exception):
    """The document could not be read; the message is the reason shown to assessors."""


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    text: str
    title: str = ""  # a sheet's name for workbooks


def check_zip(path: Path, what: str) -> zipfile.ZipFile:
    """Open an Office zip only if its declared contents are of a sane size."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExtractionFailed(say("extract_not_zip", what=what, reason=exc)) from None
    infos = archive.infolist()
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNZIPPED_BYTES or (total > 10 * 1024 * 1024 and total / packed > MAX_ZIP_RATIO):
        archive.close()
        raise ExtractionFailed(say("extract_zip_bomb", what=what, unpacked=f"{total / 1048576:.0f}",
                                   packed=f"{packed / 1048576:.1f}"))
    return archive


def _read_member(archive: zipfile.ZipFile, name: str, what: str) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise ExtractionFailed(say("extract_part_missing", what=what, name=name)) from None
    # The header may lie about the size: inflate in pieces and stop at the cap, so a member that
    # claims a kilobyte but inflates to a gigabyte never sits in memory.
    chunks: list[bytes] = []
    size = 0
    with archive.open(info) as member:
        while chunk := member.read(1024 * 1024):
            size += len(chunk)
            if size > MAX_UNZIPPED_BYTES or size > max(info.file_size, 1) * 2:
                raise ExtractionFailed(say("extract_part_too_large", what=what, name=name))
            chunks.append(chunk)
    return b"".join(chunks)


def _cap(text: str) -> str:
    if len(text) <= MAX_TEXT_CHARS:
        return text
    return text[:MAX_TEXT_CHARS] + f"\n[… {len(text) - MAX_TEXT_CHARS} more characters not stored]"


def extract_pdf(path: Path) -> list[Page]:
    import pypdfium2 as pdfium

    with _PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as exc:
            message = str(exc)
            if "password" in message.lower():
                raise ExtractionFailed(say("extract_pdf_encrypted")) from None
            raise ExtractionFailed(say("extract_pdf_unreadable", reason=message)) from None
        try:
            pages = []
            budget = MAX_TEXT_CHARS
            for index in range(len(document)):
                try:
                    page = document[index]
                    textpage = page.get_textpage()
                    text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
                    textpage.close()
                    page.close()
                except pdfium.PdfiumError as exc:
                    text = f"[page {index + 1} could not be read: {exc}]"
                pages.append(Page(index + 1, text[: max(budget, 0)]))
                budget -= len(text)
            if not pages:
                raise ExtractionFailed(say("extract_pdf_no_pages"))
            return pages
        finally:
            document.close()


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_text(paragraph: ElementTree.Element) -> str:
    parts = []
    for node in paragraph.iter():
        if node.tag == f"{_W}t" and node.text:
            parts.append(node.text)
        elif node.tag == f"{_W}tab":
            parts.append("\t")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
    return "".join(parts)


def extract_docx(path: Path) -> list[Page]:
    with check_zip(path, "DOCX") as archive:
        xml = _read_member(archive, "word/document.xml", "DOCX")
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise ExtractionFailed(say("extract_docx_damaged", reason=exc)) from None
    body = root.find(f"{_W}body")
    lines: list[str] = []
    for block in body if body is not None else []:
        if block.tag == f"{_W}p":
            lines.append(_paragraph_text(block))
        elif block.tag == f"{_W}tbl":
            for row in block.iter(f"{_W}tr"):
                cells = [" ".join(_paragraph_text(p) for p in cell.iter(f"{_W}p")) for cell in row.iter(f"{_W}tc")]
                lines.append(" | ".join(cells))
            lines.append("")
    return [Page(1, _cap("\n".join(lines).strip("\n")))]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\t", " ").replace("\n", " ")


def extract_xlsx(path: Path) -> list[Page]:
    check_zip(path, "XLSX").close()
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for damaged files
        raise ExtractionFailed(say("extract_xlsx_unreadable", reason=f"{type(exc).__name__}: {exc}")) from None
    pages = []
    try:
        # Read-only workbooks parse each sheet while it is iterated: damage shows up here.
        for number, sheet in enumerate(workbook.worksheets, start=1):
            rows: list[str] = []
            extra = 0
            for row in sheet.iter_rows(values_only=True):
                if len(rows) >= MAX_SHEET_ROWS:
                    extra += 1
                    continue
                rows.append("\t".join(_cell_text(v) for v in row).rstrip("\t"))
            while rows and not rows[-1]:
                rows.pop()
            if extra:
                rows.append(f"[… {extra} more rows]")
            pages.append(Page(number, _cap("\n".join(rows)), title=sheet.title))
    except Exception as exc:  # noqa: BLE001 - a damaged sheet raises parser errors of many types
        raise ExtractionFailed(say("extract_xlsx_sheet_damaged", reason=f"{type(exc).__name__}: {exc}")) from None
    finally:
        workbook.close()
    return pages


def extract_text(path: Path) -> list[Page]:
    data = path.read_bytes()[: MAX_TEXT_CHARS * 4]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Evidence is shown, not parsed: a legacy encoding is still worth reading.
        text = data.decode("cp1252", errors="replace")
    return [Page(1, _cap(text.replace("\r\n", "\n")))]


_EXTRACTORS = {
    media.PDF.name: extract_pdf,
    media.DOCX.name: extract_docx,
    media.XLSX.name: extract_xlsx,
    media.TXT.name: extract_text,
    media.MARKDOWN.name: extract_text,
    media.CSV.name: extract_text,
}


def has_text(media_type: str) -> bool:
    return media.by_name(media_type).has_text


def extract(path: Path, media_type: str) -> list[Page]:
    """Pages of text for a document type that has text; [] for images and other files."""
    extractor = _EXTRACTORS.get(media_type)
    if extractor is None:
        return []
    try:
        return extractor(path)
    except ExtractionFailed:
        raise
    except Exception as exc:  # noqa: BLE001 - one damaged document must never stop an import
        raise ExtractionFailed(say("extract_unreadable", reason=f"{type(exc).__name__}: {exc}")) from None
