"""The terminal output minimizer leaves every cell of the screen as the raw output leaves it.

Checked against an independent terminal emulator (pyte): random streams of colour and attribute
codes, text and cursor moves are fed raw to one screen and minimized (cut into random writes) to
another; every cell's character, colours and attributes must be the same.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from spbe_tui.ui.terminal_output import DEFAULT, OutputMinimizer, Style, apply, change
from tests import terminal_screens

COLUMNS, LINES = 24, 6

# What pyte models: bold, italics, underline, blink, reverse, strikethrough, 16/256/true colours.
_PARAMS = st.one_of(
    st.sampled_from(["0", "", "1", "3", "4", "5", "7", "9", "22", "23", "24", "25", "27", "29", "39", "49"]),
    st.integers(30, 37).map(str), st.integers(40, 47).map(str),
    st.integers(90, 97).map(str), st.integers(100, 107).map(str),
    st.builds(lambda which, n: f"{which};5;{n}", st.sampled_from(["38", "48"]), st.integers(0, 255)),
    st.builds(lambda which, r, g, b: f"{which};2;{r};{g};{b}", st.sampled_from(["38", "48"]),
              st.integers(0, 255), st.integers(0, 255), st.integers(0, 255)),
)
_SGR = st.lists(_PARAMS, min_size=1, max_size=4).map(lambda ps: "\x1b[" + ";".join(ps) + "m")
_TEXT = st.text(alphabet="ab ·─", min_size=1, max_size=6)
_MOVE = st.builds(lambda row, col: f"\x1b[{row};{col}H", st.integers(1, LINES), st.integers(1, COLUMNS))
# Marks that write no cell: showing or hiding the cursor, a frame's synchronized-output marks.
_MARK = st.sampled_from(["\x1b[?25l", "\x1b[?25h", "\x1b[?2026h", "\x1b[?2026l"])
_TOKENS = st.lists(st.one_of(_SGR, _SGR, _TEXT, _MOVE, _MARK, st.just("\r")), min_size=1, max_size=60)


def screen_of(writes: list[str]) -> list[list[tuple]]:
    return terminal_screens.screen_of(writes, COLUMNS, LINES)


def writes_of(tokens: list[str], cuts: list[int]) -> list[str]:
    """The tokens joined into writes, cut before the token indexes in `cuts`."""
    writes, current = [], []
    for index, token in enumerate(tokens):
        if index in cuts and current:
            writes.append("".join(current))
            current = []
        current.append(token)
    writes.append("".join(current))
    return writes


@settings(max_examples=300, deadline=None)
@given(tokens=_TOKENS, cuts=st.lists(st.integers(0, 60), max_size=8))
def test_the_minimized_output_leaves_the_same_screen(tokens, cuts):
    minimizer = OutputMinimizer()
    raw = writes_of(tokens, cuts)
    assert screen_of([minimizer.feed(data) for data in raw]) == screen_of(raw)


@st.composite
def _frame_lines(draw) -> list[str]:
    """Lines as Textual writes them: a move to where the line starts, runs of styled text and
    blanks that end inside the screen, a line break before the next line's move; no line
    break on the last line of the screen."""
    tokens = []
    for _ in range(draw(st.integers(1, 8))):
        row, column = draw(st.integers(1, LINES)), draw(st.integers(1, COLUMNS))
        tokens.append(f"\x1b[{row};{column}H")
        room = COLUMNS - column + 1
        for part in draw(st.lists(st.one_of(_SGR, _TEXT, st.integers(1, 12).map(" ".__mul__), _MARK), max_size=8)):
            if not part.startswith("\x1b"):
                part = part[:room]
                room -= len(part)
            tokens.append(part)
        if row < LINES and draw(st.booleans()):
            tokens.append("\r\n")
    return tokens


@settings(max_examples=300, deadline=None)
@given(tokens=_frame_lines(), cuts=st.lists(st.integers(0, 60), max_size=4), erase=st.booleans())
def test_frames_as_textual_writes_them_leave_the_same_screen(tokens, cuts, erase):
    minimizer = OutputMinimizer(erase=erase)
    raw = writes_of(tokens, cuts)
    assert screen_of([minimizer.feed(data) for data in raw]) == screen_of(raw)


def test_blanks_before_a_move_are_erased_where_the_terminal_erases_in_the_background():
    frame = "\x1b[1;1H\x1b[48;5;233mab        \x1b[0m\r\n\x1b[2;1H\x1b[48;5;233mc\x1b[0m"
    assert OutputMinimizer(erase=True).feed(frame) == "\x1b[1;1H\x1b[0;48;5;233mab\x1b[8X\x1b[2;1Hc"
    assert OutputMinimizer().feed(frame) == "\x1b[1;1H\x1b[0;48;5;233mab        \x1b[2;1Hc"


def test_blanks_that_show_more_than_their_background_are_not_erased():
    # An erase draws no underline and reverses nothing.
    for codes in ("4;38;5;253;48;5;233", "7;38;5;253;48;5;233"):
        frame = f"\x1b[1;1H\x1b[{codes}mab        \x1b[0m\x1b[2;1Hc"
        assert "X" not in OutputMinimizer(erase=True).feed(frame)


def test_a_blank_keeps_the_colours_the_terminal_has_when_they_look_the_same():
    minimizer = OutputMinimizer()
    minimizer.feed("\x1b[1;1H\x1b[38;5;246;48;5;233mx")
    # A blank in another foreground and bold looks the same: no code before it.
    assert minimizer.feed("\x1b[0m\x1b[1;38;5;253;48;5;233m \x1b[0m\x1b[38;5;246;48;5;233my") == " y"
    # Underlined, it does not.
    assert minimizer.feed("\x1b[0m\x1b[4;38;5;246;48;5;233m ") == "\x1b[4m "


def test_a_move_straight_before_another_is_dropped():
    assert OutputMinimizer().feed("\x1b[4;120H\x1b[0m\x1b[5;50Hx") == "\x1b[0m\x1b[5;50Hx"


def test_a_run_of_the_same_colours_is_written_once():
    line = ("\x1b[38;5;253;48;5;233m \x1b[0m\x1b[1;38;5;253;48;5;233mD1 \x1b[0m"
            "\x1b[38;5;253;48;5;233mKebijakan\x1b[0m\x1b[2;48H\r\n")
    assert OutputMinimizer().feed(line) == "\x1b[0;38;5;253;48;5;233m \x1b[1mD1 \x1b[22mKebijakan\x1b[2;48H\r\n"


def test_codes_between_moves_cost_nothing():
    minimizer = OutputMinimizer()
    minimizer.feed("\x1b[31mx")
    assert minimizer.feed("\x1b[0m\x1b[5;1H\x1b[31m\x1b[7;1Hy") == "\x1b[7;1Hy"  # the first move too


def test_a_frame_mark_between_runs_of_the_same_colours_costs_nothing():
    minimizer = OutputMinimizer()
    minimizer.feed("\x1b[?2026h\x1b[1;1H\x1b[31mx\x1b[0m\x1b[?2026l")
    assert minimizer.feed("\x1b[?2026h\x1b[2;1H\x1b[31my\x1b[0m\x1b[?2026l") == "\x1b[?2026h\x1b[2;1Hy\x1b[?2026l"


def test_22_turns_off_bold_and_dim_and_an_attribute_is_put_back():
    assert apply(Style(flags=frozenset({"1", "2"})), "22") == DEFAULT
    grey = "38;5;253"
    assert change(Style(grey, flags=frozenset({"1", "2"})), Style(grey, flags=frozenset({"2"}))) == "\x1b[22;2m"
    # ...unless a reset and the whole style is shorter
    assert change(Style(flags=frozenset({"1", "2"})), Style(flags=frozenset({"2"}))) == "\x1b[0;2m"


def test_a_code_not_modelled_is_passed_on_and_the_state_forgotten_until_a_reset():
    minimizer = OutputMinimizer()
    minimizer.feed("\x1b[31mx")
    # An underline colour (58) and a curly underline (4:3): the pending colour first, then them.
    assert minimizer.feed("\x1b[32m\x1b[58;5;1m\x1b[4:3my") == "\x1b[32m\x1b[58;5;1m\x1b[4:3my"
    assert minimizer.feed("\x1b[1mz") == "\x1b[1mz"  # unknown state: written as it came
    assert minimizer.feed("\x1b[0;31mw\x1b[31mv") == "\x1b[0;31mwv"  # known again after the reset


def test_after_forget_the_first_text_starts_with_a_reset():
    minimizer = OutputMinimizer()
    minimizer.feed("\x1b[31mx")
    minimizer.forget()
    assert minimizer.feed("\x1b[31my") == "\x1b[0;31my"
