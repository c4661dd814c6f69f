"""What the terminal shows, cell by cell, so that a frame is written as the cells it changes.

Textual writes each line of a region it repaints whole: on a move in the reviewer, the detail's
lines come whole although a line's first blank, its trailing blanks, or the words it shares with
the last indicator's text are already on the screen. Here a frame is read into the cells it
sets, each is compared with a copy of what the terminal shows, and only the runs of cells that
differ are written (a few equal cells between two such runs are written again when that is
shorter than a move of the cursor). A frame that changes no cell is not written.

The copy holds only what is certain. Whatever this module does not model passes on unchanged and
the copy is forgotten whole: a control other than a move, a colour code or a mode that draws
nothing; a character that is not one cell wide; a write past the right edge, text after a line
feed, a line feed on the last line; a change of the terminal's size, and any resize it is told
of. A cell not in the copy is always written.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.cells import get_character_cell_size

from spbe_tui.ui.terminal_output import DEFAULT, Style, apply, plain_blank, state_after

_TOKEN = re.compile(
    r"(?P<sgr>\x1b\[(?P<params>[0-9;:]*)m)"
    r"|\x1b\[(?P<row>\d*)(?:;(?P<col>\d*))?H"
    # Modes that draw nothing and move nothing: the cursor shown or hidden, a frame's
    # synchronized-output marks, mouse and focus reports, bracketed paste.
    r"|(?P<mode>\x1b\[\?(?:25|2026|1000|1002|1003|1004|1006|1015|1016|2004)[hl])"
    r"|(?P<cr>\r)|(?P<lf>\n)"
    r"|(?P<text>[^\x00-\x1f\x7f-\x9f]+)"
)


def _one_cell(text: str) -> bool:
    return all(get_character_cell_size(character) == 1 for character in text)  # cached by Rich


@lru_cache(maxsize=1024)
def _as_seen(style: Style) -> Style:
    """The style of a blank as a person sees it: its background (reversed, or with a line drawn
    through it in the foreground's colour, all of it shows)."""
    return Style("", style.bg) if plain_blank(style) else style


def _move(row: int, column: int) -> str:
    return f"\x1b[{row + 1};{column + 1}H"


_FRAME_MARKS = ("\x1b[?2026h", "\x1b[?2026l")
_UNKNOWN = ""  # a cell's character not known (every written one is one character)
_UNKNOWN_COLUMN = -1


class _Styles:
    """Styles by number, so that cells compare as small integers."""

    def __init__(self) -> None:
        self._numbers: dict[Style, int] = {}
        self.codes: list[str] = []
        self.on_blanks: list[int] = []  # each style's number as a blank shows it

    def number(self, style: Style) -> int:
        number = self._numbers.get(style)
        if number is None:
            number = self._numbers[style] = len(self.codes)
            self.codes.append("\x1b[" + ";".join(["0", *style.params()]) + "m")
            self.on_blanks.append(-1)
            self.on_blanks[number] = number if _as_seen(style) == style else self.number(_as_seen(style))
        return number


class _Row:
    """A line's cells: characters and style numbers side by side."""

    __slots__ = ("characters", "styles")

    def __init__(self, columns: int) -> None:
        self.characters: list[str] = [_UNKNOWN] * columns
        self.styles: list[int] = [-1] * columns


class _Frame:
    """One write read into what it does: the cells it sets, and the modes around them."""

    def __init__(self) -> None:
        self.rows: dict[int, tuple[_Row, list[tuple[int, int]]]] = {}  # the cells, the spans written
        self.before: list[str] = []  # modes before its first character
        self.after: list[str] = []  # modes after it
        self.style = DEFAULT  # the colour codes' state after it
        self.cursor = (0, 0)  # (row, column) after it


class ShadowScreen:
    """Rewrites each write to the terminal; one per terminal, fed in the order written."""

    def __init__(self) -> None:
        self._size: tuple[int, int] | None = None  # (columns, lines)
        self._rows: dict[int, _Row] = {}
        self._styles = _Styles()
        # The state the stream's colour codes asked for, and where it left the cursor. After each
        # write, what went out leaves both the same as the stream would have (None: not known).
        self._style: Style | None = DEFAULT
        self._cursor: tuple[int, int] | None = None
        # Resizes told of, and the count when the copy was last forgotten for them: a count, not a
        # flag, so that one told while a write runs is not cleared by it.
        self._resizes = self._resizes_seen = 0

    def forget(self) -> None:
        """Someone else may have written to the terminal: assume nothing it shows."""
        self._rows.clear()
        self._cursor = None

    def resized(self) -> None:
        """The terminal was resized, perhaps back to the size it had: what it shows is its own
        (terminals clear or reflow on a resize). Safe from a signal handler or another thread:
        the next write forgets the copy."""
        self._resizes += 1

    def write(self, data: str, size: tuple[int, int] | None) -> str:
        """`data` as it should go to a terminal of `size` (columns, lines; None: not known)."""
        resizes = self._resizes
        if resizes != self._resizes_seen or size != self._size:
            self._resizes_seen = resizes
            self.forget()
            self._size = size
        frame = self._read(data, size) if size else None
        if frame is None or size is None:
            self.forget()
            self._style = state_after(self._style, data)
            return data
        out, wrote = self._changes(frame, size[0])
        self._style, self._cursor = frame.style, frame.cursor
        pieces = [*frame.before, *out, *frame.after]
        if not wrote:  # a frame that changes no cell needs no marks around it
            pieces = [piece for piece in pieces if piece not in _FRAME_MARKS]
        return "".join(pieces)

    def _read(self, data: str, size: tuple[int, int]) -> _Frame | None:
        columns, lines = size
        frame = _Frame()
        number = self._styles.number
        style, cursor = self._style, self._cursor
        if style is None:  # what the stream's text would look like is not known
            return None
        position = 0
        for match in _TOKEN.finditer(data):
            if match.start() != position:  # something between two tokens this module reads
                return None
            position = match.end()
            kind = match.lastgroup
            if kind == "sgr":
                after = apply(style, match.group("params"))
                if after is None:  # a code not modelled: its effect on what follows unknown
                    return None
                style = after
            elif kind in ("row", "col"):
                row, column = int(match.group("row") or 1), int(match.group("col") or 1)
                if not (1 <= row <= lines and 1 <= column <= columns):
                    return None
                cursor = (row - 1, column - 1)
            elif kind == "mode":
                (frame.after if frame.rows else frame.before).append(match.group())
            elif kind == "cr":
                if cursor is None:
                    return None
                cursor = (cursor[0], 0)
            elif kind == "lf":
                if cursor is None or cursor[0] + 1 >= lines:
                    return None
                # The column after a line feed is the terminal's own (a pty's output translation
                # makes it a carriage return too; after a full line it differs between terminals):
                # known again at the next move. Textual's whole-screen paint ends each line so.
                cursor = (cursor[0] + 1, _UNKNOWN_COLUMN)
            else:
                text = match.group("text")
                if cursor is None or cursor[1] == _UNKNOWN_COLUMN or cursor[1] + len(text) > columns:
                    return None
                if not (text.isascii() or _one_cell(text)):
                    return None
                row, column = cursor
                end = column + len(text)
                if row not in frame.rows:
                    frame.rows[row] = (_Row(columns), [])
                cells, spans = frame.rows[row]
                cells.characters[column:end] = text
                if " " in text:
                    blank, other = number(_as_seen(style)), number(style)
                    cells.styles[column:end] = [blank if c == " " else other for c in text]
                else:
                    cells.styles[column:end] = [number(style)] * len(text)
                spans.append((column, end))
                cursor = (row, end)
        if position != len(data) or cursor is None or not 0 <= cursor[1] < columns:
            return None  # something not read at the end; or no move puts the cursor back where the stream left it
        frame.style, frame.cursor = style, cursor
        return frame

    def _changes(self, frame: _Frame, columns: int) -> tuple[list[str], bool]:
        """What to write for the frame's cells and cursor, and whether that sets any cell."""
        codes, number, on_blanks = self._styles.codes, self._styles.number, self._styles.on_blanks
        out: list[str] = []
        wrote = False
        at = self._cursor  # the terminal's cursor, then where the writes so far leave it
        style = number(self._style) if self._style is not None else -1  # what they asked for last
        for row in sorted(frame.rows):
            cells, spans = frame.rows[row]
            shown = self._rows.get(row)
            if shown is None:
                shown = self._rows[row] = _Row(columns)
            written = _columns(spans)
            # The frame's cells over what is shown: written cells win, the rest stay as shown.
            chars, styles = shown.characters[:], shown.styles[:]
            for start, end in written:
                chars[start:end] = cells.characters[start:end]
                styles[start:end] = cells.styles[start:end]
            shown_chars, shown_styles = shown.characters, shown.styles
            changed = [x for start, end in written for x in range(start, end)
                       if chars[x] != shown_chars[x] or styles[x] != shown_styles[x]]
            for start, end in _runs(row, changed, chars):
                if at != (row, start):
                    out.append(_move(row, start))
                run = start
                while run < end:
                    run_style, stop = styles[run], run + 1
                    while stop < end and styles[stop] == run_style:
                        stop += 1
                    text = "".join(chars[run:stop])
                    # Blanks (stored in the style they show) need no code where the colours
                    # already there show the same on them.
                    shown_alike = style >= 0 and on_blanks[style] == run_style and not text.strip(" ")
                    if run_style != style and not shown_alike:
                        out.append(codes[run_style])
                        style = run_style
                    out.append(text)
                    run = stop
                at, wrote = (row, end), True
            shown.characters, shown.styles = chars, styles
        if number(frame.style) != style:  # the stream's state, for the writes after
            out.append(codes[number(frame.style)])
        if frame.cursor != at:
            out.append(_move(*frame.cursor))
        return out, wrote


def _columns(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of columns joined where they overlap or touch, in order."""
    joined: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined


def _runs(row: int, changed: list[int], chars: list[str]) -> list[tuple[int, int]]:
    """The changed columns as runs (start, end), two runs joined when the known cells between
    them are fewer than the bytes of a move to the second."""
    runs: list[tuple[int, int]] = []
    for column in changed:
        if runs:
            start, end = runs[-1]
            if column == end or (column - end < 6 + len(str(row)) and _UNKNOWN not in chars[end:column]):
                runs[-1] = (start, column + 1)
                continue
        runs.append((column, column + 1))
    return runs
