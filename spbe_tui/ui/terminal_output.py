"""The same screen in fewer bytes: colour and attribute codes written only where they change.

Textual (through Rich) writes every run of text as `ESC[<its whole style>m text ESC[0m`: the
style in full before it and a reset after it, even when the next run has the same colours. On a
move at 120×40 that was 2.1 of the 4.2 KB sent, 88 resets among 177 codes. Here the codes are
read as changes of the terminal's state, and before each piece of text only the difference
between what the terminal has and what the text needs is written.

The terminal's state matters only where cells are written or filled: before text, a line feed
(which may scroll) and any control other than a move of the cursor, the state is brought up to
date; codes between two moves of the cursor cost nothing. A code this module does not model is
passed on as it is, and the state is then treated as unknown (the next change starts with a
reset).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

_SGR = re.compile(r"\x1b\[([0-9;:]*)m")
# Controls that write or fill no cell, whatever the colours: moves of the cursor, showing or
# hiding it, a frame's synchronized-output marks. A line feed on the last line would scroll and
# fill a line; Textual positions every line and never feeds past the last.
_MOVE = r"\x1b\[[0-9;]*[HfABCDEFGd]|\x1b\[\?(?:25|2026)[hl]|\r|\n"
_MOVES_ONLY = re.compile(f"(?:{_MOVE})*")
# Blanks and moves: a blank shows its background; its foreground, bold, dim, italics and blink
# show nowhere. With a line drawn through it (underline, strike, overline: drawn in the
# foreground's colour) or reversed (its foreground is what shows), all of it shows.
_ERASE = r"\x1b\[[0-9]*X"  # ECH: blanks in the current background, the cursor left where it is
_BLANKS = re.compile(f"(?:{_MOVE}|{_ERASE}| )*")
_SHOWN_ON_BLANKS = frozenset({"4", "21", "9", "53"})
# Textual ends every line of a frame but the last with a line break, and starts every line
# with an absolute move: the break moves nothing the move does not, and never falls on the
# last line (where it would scroll).
_BREAK_BEFORE_MOVE = re.compile(r"\r?\n(?=\x1b\[[0-9;]*H)")
# An absolute move straight before another (colour codes between them write nothing): Textual
# moves to a strip's place before finding it has nothing to write there.
_MOVE_BEFORE_MOVE = re.compile(r"\x1b\[[0-9;]*H(?=(?:\x1b\[[0-9;]*m)*\x1b\[[0-9;]*H)")
# Blanks up to an absolute move (across colour codes): written as one erase where the terminal
# erases in the current background, and only blanks that show nothing but their background (an
# erase draws no line and reverses nothing). The move puts the cursor where the blanks would have.
_BLANKS_BEFORE_MOVE = re.compile(r" {5,}(?=\x1b\[[0-9;]*H)")
_BLANKS_AT_END = re.compile(r" {5,}$")
_CODES_THEN_MOVE = re.compile(r"(?:\x1b\[[0-9;]*m)*\x1b\[[0-9;]*H")

_FLAGS = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "21", "51", "52", "53"}
_OFF = {"22": {"1", "2"}, "23": {"3"}, "24": {"4", "21"}, "25": {"5", "6"}, "27": {"7"}, "28": {"8"},
        "29": {"9"}, "54": {"51", "52"}, "55": {"53"}}
_OFF_OF = {flag: code for code, flags in _OFF.items() for flag in flags}
_FG = {str(n) for n in (*range(30, 38), *range(90, 98))}
_BG = {str(n) for n in (*range(40, 48), *range(100, 108))}


@dataclass(frozen=True)
class Style:
    fg: str = ""  # "" the default; else the parameters that set it: "31", "38;5;253", "38;2;1;2;3"
    bg: str = ""
    flags: frozenset[str] = field(default_factory=frozenset)

    def params(self) -> list[str]:
        return [*sorted(self.flags), *(p for p in (self.fg, self.bg) if p)]


DEFAULT = Style()


@lru_cache(maxsize=4096)  # a frame repeats the same few codes
def apply(style: Style, params: str) -> Style | None:
    """The style after an SGR code with these parameters, None when it holds one not modelled."""
    fg, bg, flags = style.fg, style.bg, set(style.flags)
    tokens = params.split(";") if params else ["0"]
    i = 0
    while i < len(tokens):
        token = tokens[i] or "0"
        if token == "0":
            fg, bg, flags = "", "", set()
        elif token in ("38", "48"):
            width = {"5": 3, "2": 5}.get(tokens[i + 1] if i + 1 < len(tokens) else "", 0)
            if not width or i + width > len(tokens) or not all(t.isdigit() for t in tokens[i + 1:i + width]):
                return None
            colour = ";".join(tokens[i:i + width])
            fg, bg = (colour, bg) if token == "38" else (fg, colour)
            i += width - 1
        elif token in _FG:
            fg = token
        elif token == "39":
            fg = ""
        elif token in _BG:
            bg = token
        elif token == "49":
            bg = ""
        elif token in _FLAGS:
            flags.add(token)
        elif token in _OFF:
            flags -= _OFF[token]
        else:  # colon forms (4:3, 38:2:…), rarer codes
            return None
        i += 1
    return Style(fg, bg, frozenset(flags))


def after_code(style: Style | None, params: str) -> Style | None:
    """The state after an SGR code from `style`; None: not known (after a code not modelled,
    known again only from a reset)."""
    if style is None:
        first = params.split(";")[0] if params else "0"
        return apply(DEFAULT, params) if first in ("", "0") else None
    return apply(style, params)


def state_after(style: Style | None, data: str) -> Style | None:
    """The state after all the codes in `data`, from `style`."""
    for match in _SGR.finditer(data):
        style = after_code(style, match.group(1))
    return style


def change(have: Style | None, want: Style) -> str:
    """The shortest of the two ways this module writes to go from `have` (None: unknown) to
    `want`: the differences alone, or a reset and `want` whole; "" when nothing differs."""
    if have == want:
        return ""
    whole = "\x1b[" + ";".join(["0", *want.params()]) + "m"
    if have is None:
        return whole
    offs = sorted({_OFF_OF[flag] for flag in have.flags - want.flags})
    kept = have.flags.difference(*(_OFF[code] for code in offs))
    parts = [*offs, *sorted(want.flags - kept)]
    if want.fg != have.fg:
        parts.append(want.fg or "39")
    if want.bg != have.bg:
        parts.append(want.bg or "49")
    delta = "\x1b[" + ";".join(parts) + "m"
    return delta if len(delta) <= len(whole) else whole


class OutputMinimizer:
    """Rewrites a stream of terminal output; one per terminal, fed in the order written."""

    def __init__(self, *, erase: bool = False) -> None:
        self._erase = erase  # the terminal has ECH and erases in the current background (bce)
        self._have: Style | None = None  # what the terminal has; None: unknown
        self._want: Style | None = DEFAULT  # what the codes written so far asked for

    def forget(self) -> None:
        """Someone else may have written to the terminal: assume nothing about its state."""
        self._have = None

    def feed(self, data: str) -> str:
        data = _MOVE_BEFORE_MOVE.sub("", _BREAK_BEFORE_MOVE.sub("", data))
        out: list[str] = []
        position = 0
        for match in _SGR.finditer(data):
            self._between(data, position, match.start(), out)
            position = match.end()
            params = match.group(1)
            if self._want is None:
                # Unknown since a code not modelled: passed on as it came, until a reset makes
                # the state known again.
                out.append(match.group(0))
                self._have = self._want = after_code(None, params)
                continue
            want = apply(self._want, params)
            if want is None:  # not modelled: the state it applies to written first, then it
                self._sync(out)
                out.append(match.group(0))
                self._have = self._want = None
            else:
                self._want = want
        self._between(data, position, len(data), out)
        return "".join(out)

    def _sync(self, out: list[str]) -> None:
        if self._want is not None:
            out.append(change(self._have, self._want))
            self._have = self._want

    def _between(self, data: str, start: int, end: int, out: list[str]) -> None:
        """The text and moves of data[start:end], after what the terminal's state needs for it."""
        chunk = data[start:end]
        if chunk and not _MOVES_ONLY.fullmatch(chunk) and not (_BLANKS.fullmatch(chunk) and self._blanks_look_right()):
            self._sync(out)
        if self._erase and " " * 5 in chunk and self._erases_alike():
            chunk = _BLANKS_BEFORE_MOVE.sub(_erase, chunk)
            if _CODES_THEN_MOVE.match(data, end):
                chunk = _BLANKS_AT_END.sub(_erase, chunk)
        out.append(chunk)

    def _blanks_look_right(self) -> bool:
        """Whether blanks written in the terminal's style look as in the style asked for."""
        have, want = self._have, self._want
        if have is None or want is None or not (plain_blank(have) and plain_blank(want)):
            return have == want
        return have.bg == want.bg

    def _erases_alike(self) -> bool:
        """Whether an erase now leaves the cells that blanks in the style asked for would."""
        have, want = self._have, self._want
        return (have is not None and want is not None and plain_blank(have) and plain_blank(want)
                and have.bg == want.bg)


def _erase(blanks: re.Match[str]) -> str:
    return f"\x1b[{len(blanks.group())}X"


def plain_blank(style: Style) -> bool:
    """Whether a blank in this style shows its background alone."""
    return "7" not in style.flags and not style.flags & _SHOWN_ON_BLANKS
