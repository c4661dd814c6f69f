"""The reviewer's first frame is complete: what is fitted to a size is made at the size the
first layout gives it (ui/start_layout.py), so nothing is redrawn right after it. The count of
frames at start, under a real pseudo-terminal, is in test_bytes_per_key.py."""

from __future__ import annotations

import pytest
from textual import events
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Tabs
from textual.widgets._tabs import Underline

from spbe_tui.i18n import Translator
from spbe_tui.services.workspace import Workspace
from spbe_tui.ui.start_layout import OneStartLayout
from spbe_tui.ui.widgets.indicator_tree import IndicatorTree
from tests.reviewer_helpers import make_review_db, open_app, open_database


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return make_review_db(tmp_path_factory.mktemp("first"))


@pytest.mark.parametrize("size", [(80, 24), (89, 30), (100, 24), (120, 40), (161, 50), (200, 60)])
async def test_what_is_made_before_the_first_layout_fits_it(db_path, size):
    app = open_app(db_path)
    async with app.run_test(size=size) as pilot:
        tree = app.query_one(IndicatorTree)
        underline = app.query_one(Tabs).query_one(Underline)
        expected = tree.expected_width, (underline.highlight_start, underline.highlight_end)
        await pilot.pause()
        await pilot.pause()
        # The list's names were made for the width it got, its cursor put in view for the
        # height it got, and Textual put the underline where it already was.
        assert tree.size.width == expected[0]
        assert tree.size.height == tree.expected_height
        assert (underline.highlight_start, underline.highlight_end) == expected[1]
        assert expected[1][1] > expected[1][0]


def open_at(db_path, indicator: int):
    from spbe_tui.ui.assessor_app import AssessorApp

    workspace = Workspace(open_database(db_path), "ani", db_path=db_path)
    session, _ = workspace.start(None, None)
    return AssessorApp(workspace, session, indicator, Translator("en"))


async def test_the_list_starts_at_its_top_when_the_cursor_fits_on_it(db_path):
    app = open_at(db_path, 9)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        tree = app.query_one(IndicatorTree)
        assert tree.cursor_node is not None and tree.cursor_node.data == 9
        assert tree.scroll_y == 0


@pytest.mark.parametrize("guess", [None, 5, 60])
async def test_a_cursor_further_down_is_brought_into_view(db_path, monkeypatch, guess):
    if guess is not None:  # the height guessed before the first layout is wrong
        monkeypatch.setattr("spbe_tui.ui.assessor_app.rows_between", lambda *_: guess)
    app = open_at(db_path, 30)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        tree = app.query_one(IndicatorTree)
        assert tree.cursor_node is not None and tree.cursor_node.data == 30
        assert tree.scroll_y <= tree.cursor_line < tree.scroll_y + tree.size.height
        if guess is None:  # a third of the way in, as a move past the edge brings it
            assert tree.cursor_line - tree.scroll_y == tree.size.height // 3


class CountingScreen(Screen[None]):
    def __init__(self) -> None:
        super().__init__()
        self.resizes: list[Size] = []

    def on_resize(self, event: events.Resize) -> None:
        self.resizes.append(event.size)


class CountingApp(OneStartLayout[None]):
    def get_default_screen(self) -> Screen:
        return CountingScreen()


async def test_one_layout_at_start_and_a_resize_to_the_same_size_later_repaints():
    app = CountingApp()
    async with app.run_test(size=(90, 30)) as pilot:
        # The headless driver, like the terminal's, sends its size as it starts: Textual alone
        # hands the screen a second Resize of the same size (and lays it out again).
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CountingScreen)
        at_start = list(screen.resizes)
        # Two remain: the app's own, and the one the screen's first layout sends itself (three
        # with Textual's App alone).
        assert at_start == [Size(90, 30)] * 2, at_start
        app.post_message(events.Resize(Size(90, 30), Size(90, 30)))
        await pilot.pause()
        await pilot.pause()
        assert len(screen.resizes) == len(at_start) + 1  # after the start it is not dropped
