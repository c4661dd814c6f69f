"""An image drawn with half blocks: each cell shows two pixels (▀ in the upper's colour on the
lower's), so the picture fills the widget at twice the terminal's row resolution; + and - zoom,
h/j/k/l or the arrows pan while zoomed.

Only the strips for the current size, zoom and centre are kept; the decoded image itself is the
service's (bounded) cache entry, never copied here.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import TYPE_CHECKING

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.actions import SkipAction
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

if TYPE_CHECKING:
    from PIL import Image

    from spbe_tui.services.evidence import Picture

ZOOMS = (1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)
PAN_STEP = 0.25  # of the visible part, per key
UPPER_HALF = "▀"


@dataclass(frozen=True)
class Crop:
    """Which part of the source image is drawn, and at what size in pixels (cells × 1, rows × 2)."""

    box: tuple[float, float, float, float]  # left, top, right, bottom in source pixels
    width: int
    height: int


def crop_for(source: tuple[int, int], cells: tuple[int, int], zoom: float, centre: tuple[float, float]) -> Crop:
    """The part of a `source`-sized image seen in `cells` (columns, rows) at `zoom` (1: the whole
    image fits), centred on `centre` (fractions of the image) as far as the image allows."""
    source_w, source_h = source
    area_w, area_h = max(1, cells[0]), max(1, cells[1] * 2)
    scale = min(area_w / source_w, area_h / source_h) * zoom
    seen_w, seen_h = min(source_w, area_w / scale), min(source_h, area_h / scale)
    x = min(max(centre[0] * source_w, seen_w / 2), source_w - seen_w / 2)
    y = min(max(centre[1] * source_h, seen_h / 2), source_h - seen_h / 2)
    box = (x - seen_w / 2, y - seen_h / 2, x + seen_w / 2, y + seen_h / 2)
    return Crop(box, max(1, min(area_w, round(seen_w * scale))), max(1, min(area_h, round(seen_h * scale))))


class ImageView(Widget, can_focus=True):
    BINDINGS = [
        Binding("+,=", "zoom(1)", "key_zoom_in", id="zoom-in"),
        Binding("-", "zoom(-1)", "key_zoom_out", id="zoom-out"),
        Binding("left,h", "pan(-1, 0)", show=False, id="pan-left"),
        Binding("down,j", "pan(0, 1)", show=False, id="pan-down"),
        Binding("up,k", "pan(0, -1)", show=False, id="pan-up"),
        Binding("right,l", "pan(1, 0)", show=False, id="pan-right"),
    ]

    class Changed(Message):
        """Zoom or centre changed: the viewer updates its status line."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.picture: Picture | None = None
        self.zoom_step = 0
        self.centre = (0.5, 0.5)
        self._strips: list[Strip] = []
        self._drawn_for: tuple[object, ...] = ()

    @property
    def zoom(self) -> float:
        return ZOOMS[self.zoom_step]

    def show(self, picture: Picture | None, zoom_step: int = 0, centre: tuple[float, float] = (0.5, 0.5)) -> None:
        self.picture = picture
        self.zoom_step = max(0, min(len(ZOOMS) - 1, zoom_step))
        self.centre = centre
        self._redraw()

    def _redraw(self) -> None:
        self._drawn_for = ()
        self.refresh()

    # --- keys ----------------------------------------------------------------------------------

    def action_zoom(self, step: int) -> None:
        target = max(0, min(len(ZOOMS) - 1, self.zoom_step + step))
        if self.picture is None or target == self.zoom_step:
            return
        self.zoom_step = target
        if target == 0:
            self.centre = (0.5, 0.5)
        self._redraw()
        self.post_message(self.Changed())

    def action_pan(self, dx: int, dy: int) -> None:
        """Move a quarter of the visible part; when the whole image is shown the key goes on to
        whoever binds it next (in the reviewer: ←/→ step the level, h the history)."""
        if self.picture is None or self.zoom_step == 0:
            raise SkipAction()
        source = self.picture.image.size
        crop = crop_for(source, self._cells(), self.zoom, self.centre)
        left, top, right, bottom = crop.box
        centre_x = (left + right) / 2 + dx * PAN_STEP * (right - left)
        centre_y = (top + bottom) / 2 + dy * PAN_STEP * (bottom - top)
        # Kept within what crop_for can show, so a key back undoes a key forth at the edges.
        moved = crop_for(source, self._cells(), self.zoom, (centre_x / source[0], centre_y / source[1]))
        self.centre = ((moved.box[0] + moved.box[2]) / 2 / source[0], (moved.box[1] + moved.box[3]) / 2 / source[1])
        self._redraw()
        self.post_message(self.Changed())

    # --- drawing -------------------------------------------------------------------------------

    def _cells(self) -> tuple[int, int]:
        return self.content_size.width, self.content_size.height

    def on_resize(self) -> None:
        self._redraw()

    def render_line(self, y: int) -> Strip:
        key = (id(self.picture), self._cells(), self.zoom_step, self.centre)
        if key != self._drawn_for:
            self._strips = self._draw()
            self._drawn_for = key
        return self._strips[y] if y < len(self._strips) else Strip.blank(self._cells()[0])

    def _draw(self) -> list[Strip]:
        from PIL import Image

        width, height = self._cells()
        if self.picture is None or width < 1 or height < 1:
            return []
        crop = crop_for(self.picture.image.size, (width, height), self.zoom, self.centre)
        # Averaging when shrinking; when enlarging, each source pixel stays one sharp block (text
        # in a screenshot reads better with hard edges than blurred ones).
        shrinking = crop.width < crop.box[2] - crop.box[0]
        resample = Image.Resampling.BOX if shrinking else Image.Resampling.NEAREST
        part = self.picture.image.resize((crop.width, crop.height), resample, box=crop.box)
        background = self.background_colors[1].rgb
        flat = Image.alpha_composite(Image.new("RGBA", part.size, (*background, 255)), part).convert("RGB")
        left = (width - crop.width) // 2
        rows = ceil(crop.height / 2)
        top = (height - rows) // 2
        blank = Strip.blank(width)
        return [blank] * top + [self._row(flat, r, left, width, background) for r in range(rows)]

    @staticmethod
    def _row(image: Image.Image, row: int, left: int, width: int, background: tuple[int, int, int]) -> Strip:
        pixels = image.load()
        assert pixels is not None
        image_w, image_h = image.size
        segments = [Segment(" " * left)] if left else []
        run, run_style = 0, None
        for x in range(image_w):
            upper = pixels[x, row * 2]
            lower = pixels[x, row * 2 + 1] if row * 2 + 1 < image_h else background
            style = _style(upper, lower)  # type: ignore[arg-type]
            if style is not run_style and run:
                segments.append(Segment(UPPER_HALF * run, run_style))
                run = 0
            run_style = style
            run += 1
        if run:
            segments.append(Segment(UPPER_HALF * run, run_style))
        right = width - left - image_w
        if right > 0:
            segments.append(Segment(" " * right))
        return Strip(segments, width)


_STYLES: dict[tuple[tuple[int, int, int], tuple[int, int, int]], Style] = {}
_STYLES_MAX = 4096  # distinct colour pairs kept; a photograph has more, so the table is emptied when full


def _style(upper: tuple[int, int, int], lower: tuple[int, int, int]) -> Style:
    key = (upper, lower)
    style = _STYLES.get(key)
    if style is None:
        if len(_STYLES) >= _STYLES_MAX:
            _STYLES.clear()
        style = _STYLES[key] = Style.from_color(Color.from_rgb(*upper), Color.from_rgb(*lower))
    return style
