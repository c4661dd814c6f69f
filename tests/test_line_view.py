"""LineView repaints only the cells that changed. The rule that keeps that safe: after any
sequence of new contents, scrolls and resizes, the terminal shows exactly what a full repaint
would show, never a stale cell. Checked by feeding every update the app writes into a terminal
emulator (pyte) and comparing it with a full repaint of the screen, for random sequences of
new contents, scrolls and changes of colour.
"""

from __future__ import annotations

import asyncio

import pyte
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Group
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.strip import Strip

from spbe_tui.ui.widgets.line_view import LineView, changed_span

WIDTH, HEIGHT = 30, 8


class Terminal:
    def __init__(self) -> None:
        self.screen = pyte.Screen(WIDTH, HEIGHT)
        self.stream = pyte.Stream(self.screen)

    def feed(self, data: str) -> None:
        self.stream.feed(data)

    def cells(self) -> list[list[tuple]]:
        return [[(c.data, c.fg, c.bg, c.bold, c.reverse) for c in (row[x] for x in range(WIDTH))]
                for row in (self.screen.buffer[y] for y in range(HEIGHT))]


class ViewApp(App[None]):
    # The scroll bars as styles/common.tcss has them (none), so a narrower view shows no bar.
    CSS = ("LineView { scrollbar-size-vertical: 0; scrollbar-size-horizontal: 0; height: 1fr; } "
           "LineView.other { background: darkred; }")

    def __init__(self) -> None:
        super().__init__()
        self.terminal = Terminal()

    def compose(self) -> ComposeResult:
        yield LineView(id="view")

    def _display(self, screen, renderable) -> None:  # what a real terminal would receive
        if renderable is not None:
            self.terminal.feed(renderable.render_segments(self.console))
        super()._display(screen, renderable)

    def full_repaint(self) -> list[list[tuple]]:
        fresh = Terminal()
        fresh.feed(self.screen._compositor.render_full_update().render_segments(self.console))
        return fresh.cells()


words = st.text(alphabet="abcdefghij klmn", min_size=0, max_size=70)
styles = st.sampled_from([None, "bold", "reverse", "dim"])
contents = st.lists(st.tuples(words, styles), min_size=0, max_size=14)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("show"), contents, st.booleans()),
        st.tuples(st.just("scroll"), st.integers(-5, 5)),
        st.tuples(st.just("restyle")),  # as a focus or theme change does: new colours, same text
        st.tuples(st.just("width"), st.integers(8, WIDTH)),  # the view resized in a still screen
        st.tuples(st.just("height"), st.integers(2, HEIGHT)),
    ),
    min_size=1, max_size=8,
)


def renderable(lines: list[tuple[str, str | None]]) -> Text:
    text = Text()
    for i, (line, style) in enumerate(lines):
        if i:
            text.append("\n")
        text.append(line, style=style or "")
    return text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_the_terminal_always_matches_a_full_repaint(plan):
    async def run() -> None:
        app = ViewApp()
        async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
            view = app.query_one(LineView)
            await pilot.pause()
            last: set = set()
            for step in plan:
                if step[0] == "show":
                    view.show_renderable(renderable(step[1]), home=step[2])
                elif step[0] == "restyle":
                    view.toggle_class("other")
                elif step[0] == "width":
                    view.styles.width = step[1]
                elif step[0] == "height":
                    view.styles.height = step[1]
                else:
                    view.scroll_to(y=max(0, view.scroll_offset.y + step[1]), animate=False)
                await pilot.pause()
                assert app.terminal.cells() == app.full_repaint(), f"after {step}"
                # One background everywhere, and a new one after a restyle: the view's colours now,
                # not those its lines were first drawn in.
                region = view.region
                backgrounds = {cell[2] for row in app.terminal.cells()[region.y:region.bottom]
                               for cell in row[region.x:region.right]}
                assert len(backgrounds) == 1, f"after {step}: {backgrounds}"
                if step[0] == "restyle":
                    assert backgrounds != last, f"after {step}: still {backgrounds}"
                last = backgrounds

    asyncio.run(run())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pool=st.lists(contents, min_size=1, max_size=6), kept=st.sampled_from([2, 128]),
       shows=st.lists(st.tuples(st.sampled_from(["show", "prepare"]), st.lists(st.integers(0, 5), max_size=6),
                                st.booleans(), st.one_of(st.none(), st.integers(8, WIDTH))),
                      min_size=1, max_size=6))
def test_a_group_is_shown_as_rendered_whole_when_its_parts_come_again(pool, kept, shows):
    """A Group's parts are rendered one by one and kept for the next content, and a content may
    be prepared (rendered while idle): the lines shown are those of the Group rendered whole,
    with parts shown or prepared before, after a change of colours or width too, whether the
    parts kept are few or many; preparing changes nothing on the screen."""
    parts = [renderable(lines) for lines in pool]

    async def run() -> None:
        app = ViewApp()
        async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
            view = app.query_one(LineView)
            view.kept_parts = kept
            await pilot.pause()
            for action, chosen, restyle, width in shows:
                if restyle:
                    view.toggle_class("other")
                if width is not None:
                    view.styles.width = width
                await pilot.pause()
                group = Group(*(parts[i % len(parts)] for i in chosen))
                if action == "prepare":
                    screen, lines = app.terminal.cells(), list(view._lines)
                    view.prepare(group)
                    await pilot.pause()
                    assert (app.terminal.cells(), view._lines) == (screen, lines)
                    continue
                view.show_renderable(group)
                await pilot.pause()
                options = app.console.options.update_width(view.scrollable_content_region.width)
                whole = app.console.render_lines(group, options, style=view.rich_style, pad=True)
                assert [list(strip) for strip in view._lines] == [list(Strip(line)) for line in whole]
                assert len(view._part_lines) <= kept

    asyncio.run(run())


def test_a_row_that_changed_in_the_middle_is_repainted_from_the_first_to_the_last_change():
    plain = Style()
    old = Strip([Segment("abcdefgh", plain)], 8)
    new = Strip([Segment("abXdeYgh", plain)], 8)
    assert changed_span(old, new) == (2, 6)
    assert changed_span(old, old) is None
    assert changed_span(old, Strip([Segment("abcdefgh", Style(bold=True))], 8)) == (0, 8)


_STYLES = (Style(), Style(bold=True), Style(color="red"), Style(bold=True))  # two equal, not one object
_SEGMENTS = st.lists(st.tuples(st.text("ab ", min_size=1, max_size=4), st.sampled_from(_STYLES)), max_size=6)


def _by_cell(segments: list[tuple[str, Style]]) -> list[tuple[str, Style]]:
    return [(char, style) for text, style in segments for char in text]


@settings(max_examples=300, deadline=None)
@given(_SEGMENTS, _SEGMENTS)
def test_the_changed_span_covers_exactly_the_first_to_the_last_differing_cell(old, new):
    a, b = _by_cell(old), _by_cell(new)
    span = changed_span(Strip([Segment(t, s) for t, s in old]), Strip([Segment(t, s) for t, s in new]))
    if len(a) != len(b):
        assert span == (0, max(len(a), len(b)))
        return
    differing = [x for x in range(len(a)) if a[x] != b[x]]
    assert span == ((differing[0], differing[-1] + 1) if differing else None)
