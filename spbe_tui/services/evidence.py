"""Reading stored evidence for the preview: a page at a time, search hits, tables, images.

Text was extracted at import, so nothing here parses a document; only images are decoded, and
only from the evidence store, within a size cap.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from spbe_tui.domain import media
from spbe_tui.storage import submissions as store

IMAGE_MAX_BYTES = 30 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000  # beyond this Pillow refuses: a decompression bomb, not a screenshot
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


def load_image(path: Path, box: tuple[int, int]):
    """The image scaled to fit `box` (pixels), as a PIL image; ImageUnavailable says why not."""
    from PIL import Image

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImageUnavailable(f"the stored file cannot be opened ({exc.strerror})") from None
    if size > IMAGE_MAX_BYTES:
        raise ImageUnavailable(f"the image is {size / 1048576:.0f} MB, over the preview cap; open it from its path")
    Image.MAX_IMAGE_PIXELS = IMAGE_MAX_PIXELS
    try:
        with Image.open(path) as opened:
            opened.draft("RGB", box)  # JPEG decodes at a reduced size directly
            image: Image.Image = opened
            if image.mode not in ("RGB", "RGBA"):
                image = image.convert("RGBA")
            image.thumbnail(box)
            return image.convert("RGBA")
    except Image.DecompressionBombError:
        raise ImageUnavailable("the image is too large to decode for a preview") from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise ImageUnavailable(f"the image cannot be decoded ({exc})") from None
