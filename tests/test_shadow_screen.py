"""The copy of the screen writes only changed cells, and leaves every cell and the cursor where the
raw output leaves them.

Checked against an independent terminal emulator (pyte): random writes (frames as Textual writes
them, with wide characters, controls the copy does not model, writes past the edge and changes of
size among them) are fed raw to one screen and through the copy to another (and through the
colour-code minimizer after it, as the reviewer's driver sends them); after every write, every
cell as a person sees it and the cursor must be the same on both.
"""

from __future__ import annotations

import pyte
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len, set_cell_size

from spbe_tui.ui.shadow_screen import ShadowScreen
from spbe_tui.ui.terminal_output import OutputMinimizer
from tests.terminal_screens import seen

COLUMNS, LINES = 16, 5
SIZE = (COLUMNS, LINES)
START, END = "\x1b[?2026h", "\x1b[?2026l"

_SGR = st.sampled_from(["\x1b[0m", "\x1b[1m", "\x1b[4m", "\x1b[7m", "\x1b[22m", "\x1b[31m", "\x1b[38;5;253m",
                        "\x1b[48;5;233m", "\x1b[1;38;5;195;48;5;32m", "\x1b[0;48;5;234m", "\x1b[39;49m"])
_NARROW = [*"ab ·─▌", " ", " "]
# Writes outside frames, or inside them: modes that draw nothing, controls not modelled, text at
# the cursor, past the right edge, or scrolling the screen.
_OTHER = st.sampled_from(["\x1b[?25l", "\x1b[?25h", "\x1b[2J", "\x1b[K", "\x1b[3X", "\x1b[4:3m", "\x1b[58;5;1m",
                          "x", "\x1b[1;15Habcd", "\x1b[5;1H\nq"])


@st.composite
def _frame(draw, alphabet: list[str], other: bool) -> str:
    """A frame as Textual writes it: runs of styled text, each line after a move to where it
    starts and inside the screen, a line break or feed now and then but never on the last line, the
    cursor's place last; with `other`, now and then a write of _OTHER inside it."""
    text = st.lists(st.sampled_from(alphabet), min_size=1, max_size=7).map("".join)
    parts = [START] if draw(st.booleans()) else []
    if draw(st.integers(0, 9)) == 0:
        parts.append(draw(text))  # text before any move: at the cursor the last write left
    for _ in range(draw(st.integers(0, 6))):
        row, column = draw(st.integers(1, LINES)), draw(st.integers(1, COLUMNS))
        parts.append(f"\x1b[{row};{column}H")
        room = COLUMNS - column + 1
        for piece in draw(st.lists(st.one_of(_SGR, text, text, st.integers(1, 9).map(" ".__mul__)), max_size=6)):
            if not piece.startswith("\x1b"):
                piece = set_cell_size(piece, room).rstrip() if cell_len(piece) > room else piece
                room -= cell_len(piece)
            if piece:
                parts.append(piece)
        if row < LINES and draw(st.integers(0, 4)) == 0:
            parts.append(draw(st.sampled_from(["\r\n", "\n"])))  # Textual's whole-screen paint: "\n"
        if other and draw(st.integers(0, 14)) == 0:
            parts.append(draw(_OTHER))
    if draw(st.booleans()):
        parts.append(f"\x1b[{draw(st.integers(1, LINES))};{draw(st.integers(1, COLUMNS))}H")
    if parts and parts[0] == START:
        parts.append(END)
    return "".join(parts)


def _writes(frame: st.SearchStrategy[str], *others: st.SearchStrategy) -> st.SearchStrategy[list]:
    size = st.tuples(st.integers(COLUMNS, 20), st.integers(LINES, 6))  # never below the first size
    return st.lists(st.one_of(frame, frame, frame, size, *others), min_size=1, max_size=12)


def _check(writes: list, shadow: ShadowScreen, out) -> None:
    """Feeds each write raw to one screen and `out(write, size)` to another: the same cells, as
    seen, and the same cursor after every write."""
    raw, ours = pyte.Screen(*SIZE), pyte.Screen(*SIZE)
    raw_stream, our_stream = pyte.Stream(raw), pyte.Stream(ours)
    size = SIZE
    for write in writes:
        if isinstance(write, tuple):  # as the driver: the copy is told of every resize
            size = write
            for screen in (raw, ours):
                screen.resize(lines=size[1], columns=size[0])
            shadow.resized()
            continue
        raw_stream.feed(write)
        our_stream.feed(out(write, size))
        assert seen(ours) == seen(raw)
        assert (ours.cursor.x, ours.cursor.y) == (raw.cursor.x, raw.cursor.y)


# Characters one cell wide, and now and then one that is not (wide, or combining).
@settings(max_examples=400, deadline=None)
@given(writes=_writes(_frame([*_NARROW, "中", "e\u0301"], other=True), _OTHER))
def test_every_write_leaves_the_same_screen_and_cursor(writes):
    shadow = ShadowScreen()
    _check(writes, shadow, shadow.write)


# As the driver sends them: through the copy, then the colour-code minimizer. The minimizer
# relies on Textual's frames (blanks never past the edge, breaks never on the last line), which a
# wide or combining character at the edge breaks in pyte (it wraps on a combining character).
@settings(max_examples=300, deadline=None)
@given(writes=_writes(_frame(_NARROW, other=False), st.sampled_from(["\x1b[?25l", "\x1b[2J", "x"])),
       erase=st.booleans())
def test_through_the_minimizer_too(writes, erase):
    shadow, minimizer = ShadowScreen(), OutputMinimizer(erase=erase)
    _check(writes, shadow, lambda write, size: minimizer.feed(shadow.write(write, size)))


FRAME = f"{START}\x1b[1;1H\x1b[31mhello world\x1b[0m\x1b[2;1H\x1b[48;5;233m   \x1b[0m\x1b[1;1H{END}"


def test_a_frame_that_changes_no_cell_writes_nothing():
    shadow = ShadowScreen()
    assert shadow.write(FRAME, SIZE) == (f"{START}\x1b[1;1H\x1b[0;31mhello world\x1b[2;1H\x1b[0;48;5;233m   \x1b[0m"
                                         f"\x1b[1;1H{END}")
    assert shadow.write(FRAME, SIZE) == ""


def test_only_the_cells_that_differ_are_written():
    shadow = ShadowScreen()
    shadow.write("\x1b[1;1H\x1b[31mhello world\x1b[0m", SIZE)
    assert shadow.write("\x1b[1;1H\x1b[31mhello there\x1b[0m", SIZE) == "\x1b[1;7H\x1b[0;31mthere\x1b[0m"


def test_equal_cells_between_two_changes_are_jumped_only_when_a_move_is_shorter():
    shadow = ShadowScreen()
    shadow.write("\x1b[1;1Habcdefghij\x1b[2;1Habcd", SIZE)
    assert shadow.write("\x1b[1;1Hxbcdefghiy\x1b[2;1Hxbcy", SIZE) == "\x1b[1;1Hx\x1b[1;10Hy\x1b[2;1Hxbcy"


def test_blanks_that_look_the_same_are_not_written_again():
    shadow = ShadowScreen()
    shadow.write("\x1b[1;1H\x1b[38;5;246;48;5;233m   \x1b[0m", SIZE)
    # Another foreground and bold: a blank shows neither.
    assert shadow.write("\x1b[1;1H\x1b[1;38;5;253;48;5;233m   \x1b[0m", SIZE) == ""
    # Underlined, the line is drawn in the foreground's colour: another one is written again.
    underlined = "\x1b[1;1H\x1b[4;38;5;253;48;5;233m   \x1b[0m"
    assert shadow.write(underlined, SIZE) == "\x1b[1;1H\x1b[0;4;38;5;253;48;5;233m   \x1b[0m"
    assert shadow.write(underlined.replace("253", "246"), SIZE) == "\x1b[1;1H\x1b[0;4;38;5;246;48;5;233m   \x1b[0m"


def test_a_wide_character_is_passed_on_and_the_copy_forgotten():
    shadow = ShadowScreen()
    shadow.write(FRAME, SIZE)
    assert shadow.write("\x1b[3;1H中", SIZE) == "\x1b[3;1H中"
    assert shadow.write(FRAME, SIZE) != ""


def test_a_new_size_forgets_the_copy():
    shadow = ShadowScreen()
    shadow.write(FRAME, SIZE)
    assert shadow.write(FRAME, (COLUMNS + 1, LINES)) != ""


def test_a_resize_back_to_the_same_size_forgets_the_copy():
    shadow = ShadowScreen()
    shadow.write(FRAME, SIZE)
    shadow.resized()
    assert shadow.write(FRAME, SIZE) != ""
    assert shadow.write(FRAME, SIZE) == ""


def test_forget_after_someone_else_wrote():
    shadow = ShadowScreen()
    shadow.write(FRAME, SIZE)
    shadow.forget()
    assert shadow.write(FRAME, SIZE) != ""


def test_without_a_size_every_write_is_passed_on():
    shadow = ShadowScreen()
    assert shadow.write(FRAME, None) == FRAME
    assert shadow.write(FRAME, None) == FRAME


def test_a_whole_screen_paint_is_kept():
    # As Textual paints a whole screen: each full line, then a line feed, then a move.
    paint = "".join(f"\x1b[{row};1H" + "ab" * (COLUMNS // 2) + ("\n" if row < LINES else "")
                    for row in range(1, LINES + 1)) + "\x1b[1;1H"
    shadow = ShadowScreen()
    assert shadow.write(paint, SIZE) != ""
    assert shadow.write(paint, SIZE) == ""


def test_text_after_a_line_feed_is_passed_on():
    # A pty's output translation may make the feed a carriage return too: the column is unknown.
    shadow = ShadowScreen()
    assert shadow.write("\x1b[1;1Hab\ncd", SIZE) == "\x1b[1;1Hab\ncd"
