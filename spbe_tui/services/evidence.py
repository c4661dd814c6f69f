"""Reading stored evidence for the preview: a page at a time, search hits, tables, images.

Text was extracted at import, so nothing here parses a document; only images are decoded, and
only from the evidence store, within a size cap.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

from spbe_tui.domain import media
from spbe_tui.i18n import say
from spbe_tui.storage import submissions as store

if TYPE_CHECKING:
    from PIL import Image

IMAGE_MAX_BYTES = 30 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000  # beyond this Pillow refuses: a decompression bomb, not a screenshot
# An image is decoded once to at most this many pixels a side; zooming and resizing for the
# terminal work from that copy. 1024² RGBA is 4 MiB, so the cache below holds at most ~12 MiB.
IMAGE_WORK_SIDE = 1024
IMAGE_CACHE_ENTRIES = 3
TABLE_MAX_ROWS = 500  # rows shown at once; the rest is counted, not rendered


@dataclass(frozen=True)
class EvidenceItem:
    """One evidence file of an indicator, as the assessor sees it listed."""

    name: str
    sha256: str
    media_type: str
    size: int
    status: str  # ok | failed | none
    error: str
    page_count: int
    stored_path: str

    @property
    def media(self) -> media.MediaType:
        return media.by_name(self.media_type)


@dataclass(frozen=True)
class Hit:
    page: int
    row: int  # 0-based line within the page
    column: int  # 0-based character within the line


@dataclass(frozen=True)
class TablePreview:
    header: list[str]
    rows: list[list[str]]
    more: int  # rows not included


class EvidenceReader:
    def __init__(self, db: Database, store_dir: Path | None):
        self.db = db
        self.store_dir = store_dir

    def page_titles(self, sha256: str) -> list[tuple[int, str]]:
        return store.evidence_page_titles(self.db, sha256)

    def page_text(self, sha256: str, page: int) -> str:
        row = store.evidence_page(self.db, sha256, page)
        return row["text"] if row else ""

    def search(self, sha256: str, needle: str) -> list[Hit]:
        if not needle:
            return []
        folded = needle.lower()
        hits: list[Hit] = []
        for row in store.pages_containing(self.db, sha256, needle):
            for line_number, line in enumerate(row["text"].split("\n")):
                start = line.lower().find(folded)
                while start >= 0:
                    hits.append(Hit(row["page"], line_number, start))
                    start = line.lower().find(folded, start + 1)
        return hits

    def stored_path(self, stored: str) -> Path | None:
        return self.store_dir / stored if self.store_dir is not None else None


def parse_table(text: str, media_type: str) -> TablePreview:
    """A CSV file or an extracted sheet (tab-separated) as a header and the first rows."""
    if media_type == media.CSV.name:
        first_line = text.split("\n", 1)[0]
        delimiter = max((",", ";", "\t"), key=first_line.count)
    else:
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[list[str]] = []
    more = 0
    try:
        for row in reader:
            if len(rows) > TABLE_MAX_ROWS:
                more += 1
                continue
            rows.append(row)
    except csv.Error:
        pass  # a malformed tail: show what parsed
    if rows and rows[-1] and rows[-1][0].startswith("[… ") and rows[-1][0].endswith(" more rows]"):
        # The extractor's own note of rows it did not store.
        more += int(rows.pop()[0][3:].split()[0])
    if not rows:
        return TablePreview([], [], 0)
    width = max(len(r) for r in rows)
    header = rows[0] + [""] * (width - len(rows[0]))
    body = [r + [""] * (width - len(r)) for r in rows[1:]]
    return TablePreview(header, body, more)


class ImageUnavailable(Exception):
    pass


@dataclass(frozen=True)
class Picture:
    """A decoded image (RGBA, at most IMAGE_WORK_SIDE a side) and the size of the original."""

    image: Image.Image
    width: int
    height: int


def load_image(path: Path) -> Picture:
    """The stored image, decoded; ImageUnavailable says why not.

    The last few decoded images are kept (a bounded cache, keyed by path, size and change time),
    so going back to a screenshot or zooming decodes nothing; older ones are released.
    """
    try:
        info = path.stat()
    except OSError as exc:
        raise ImageUnavailable(say("image_unreadable", reason=exc.strerror)) from None
    if info.st_size > IMAGE_MAX_BYTES:
        raise ImageUnavailable(say("image_too_big", mb=f"{info.st_size / 1048576:.0f}"))
    return _decode(path, info.st_size, info.st_mtime_ns)


@lru_cache(maxsize=IMAGE_CACHE_ENTRIES)
def _decode(path: Path, size: int, mtime_ns: int) -> Picture:
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = IMAGE_MAX_PIXELS
    box = (IMAGE_WORK_SIDE, IMAGE_WORK_SIDE)
    try:
        with Image.open(path) as opened:
            width, height = opened.size
            opened.draft("RGB", box)  # JPEG decodes at a reduced size directly
            image: Image.Image = opened
            if image.mode not in ("RGB", "RGBA"):
                image = image.convert("RGBA")
            image.thumbnail(box)
            return Picture(image.convert("RGBA"), width, height)
    except Image.DecompressionBombError:
        raise ImageUnavailable(say("image_bomb")) from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise ImageUnavailable(say("image_undecodable", reason=str(exc))) from None


def cached_images() -> int:
    """How many decoded images are held now (at most IMAGE_CACHE_ENTRIES)."""
    return _decode.cache_info().currsize
