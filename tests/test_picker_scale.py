"""The institution picker at ten times national scale: it renders the rows on screen, not 6,160,
and its keys (filter, ↓, PgDn, Enter) still choose the right institution."""

from __future__ import annotations

from textual.app import App

import spbe_tui.ui.screens.instansi_picker as picker_module
from spbe_tui.i18n import Translator
from spbe_tui.services.workspace import InstansiSummary
from spbe_tui.ui.screens.instansi_picker import InstansiPicker

ITEMS = [
    InstansiSummary(f"kab-{n:04d}", f"Pemerintah Kabupaten Nomor {n}", "kabupaten", n % 48, 47)
    for n in range(6160)
]


class Host(App[None]):
    chosen: str | None = "none yet"

    def on_mount(self) -> None:
        def done(value: str | None) -> None:
            self.chosen = value

        self.push_screen(InstansiPicker(ITEMS, Translator("en"), current="kab-0100"), done)


async def test_6160_institutions_render_only_the_rows_on_screen(monkeypatch):
    rendered: list[str] = []
    line = picker_module._line

    def counting(item, status):
        rendered.append(item.id)
        return line(item, status)

    monkeypatch.setattr(picker_module, "_line", counting)
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert 0 < len(rendered) < 100, f"{len(rendered)} rows rendered to open the picker"
        assert "kab-0100" in rendered  # the current institution, highlighted and in view

        rendered.clear()
        await pilot.press("down", "down", "pagedown")
        await pilot.pause()
        assert len(rendered) < 100
        page = app.screen.query_one("#picker-list").scrollable_content_region.height - 1
        await pilot.press("enter")
        await pilot.pause()
    assert app.chosen == f"kab-{100 + 2 + page:04d}"


async def test_the_filter_narrows_6160_to_the_matches_and_enter_takes_the_first():
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"nomor 4321")
        await pilot.press("enter")
        await pilot.pause()
    assert app.chosen == "kab-4321"
