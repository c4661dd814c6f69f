"""A randomized model test of the assessor app: random sequences of what a person does (levels,
moves, typing, the standard sentence, undo, filter, jumping, switching stage or institution,
quitting and reopening), driven through the real app with the Pilot. After every step the
database must hold exactly what a plain model of the person's own edits says, and the text box
must show the stored justification of the indicator on screen, and the detail exactly what a
render of the indicator's state from scratch shows: never lines kept from another indicator,
institution or level (it keeps rendered parts, and renders the neighbours while idle).

Hypothesis chooses the sequences from fixed seeds, so every run tries the same 200 sequences
(in four shares that pytest-xdist runs side by side), and a failure is shrunk to a short one.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from rich.console import Group
from textual.strip import Strip

from spbe_tui.domain.framework_loader import load_framework
from spbe_tui.storage.db import write
from spbe_tui.storage.people import assign
from spbe_tui.ui.widgets import indicator_detail
from spbe_tui.ui.widgets.indicator_detail import IndicatorDetail
from spbe_tui.ui.widgets.indicator_tree import IndicatorTree
from tests.databases import open_database
from tests.reviewer_helpers import SELF_LEVELS, db_rows, make_review_db, open_app
from tests.terminal_keys import send_keys

SEQUENCES = int(os.environ.get("SPBE_MODEL_SEQUENCES", "200"))
SHARES = 4
STAGES = ("dokumen", "interviu", "visitasi")
INSTANSI = ("kab-uji", "kota-dua")
SELF = {"kab-uji": SELF_LEVELS, "kota-dua": {n: 3 for n in range(1, 48)}}  # see tests/importing_helpers
FRAMEWORK = load_framework("spbe-2020")

Key = tuple[str, str, int]  # institution, stage, indicator

steps = st.one_of(
    st.tuples(st.just("level"), st.integers(1, 5)),
    st.tuples(st.just("move"), st.sampled_from(["j", "k"]), st.integers(1, 3)),
    st.tuples(st.just("type"), st.text("abc xyz", min_size=1, max_size=5)),
    st.tuples(st.just("template")),
    st.tuples(st.just("undo")),
    st.tuples(st.just("filter"), st.sampled_from(["audit", "1", "data"])),
    st.tuples(st.just("jump"), st.integers(1, 47)),
    st.tuples(st.just("stage"), st.sampled_from(STAGES)),
    st.tuples(st.just("instansi"), st.sampled_from(INSTANSI)),
    st.tuples(st.just("reopen")),
)


@dataclass
class Model:
    """What the person has done: their stored decisions and, per institution, what undo undoes."""

    stored: dict[Key, tuple[int | None, str]] = field(default_factory=dict)
    undo: dict[str, list[tuple[Key, tuple[int | None, str]]]] = field(default_factory=dict)

    def get(self, key: Key) -> tuple[int | None, str]:
        return self.stored.get(key, (None, ""))

    def put(self, key: Key, value: tuple[int | None, str]) -> None:
        before = self.get(key)
        if value == before:
            return
        self.undo.setdefault(key[0], []).append((key, before))
        self.stored[key] = value

    def carried(self, key: Key) -> tuple[int, str] | None:
        """The level and text an earlier stage hands on, when this stage has no level of its own."""
        instansi, stage, number = key
        if self.get(key)[0] is not None:
            return None
        for earlier in reversed(STAGES[: STAGES.index(stage)]):
            level, text = self.get((instansi, earlier, number))
            if level is not None:
                return level, text
        return None

    def shown_level(self, key: Key) -> int | None:
        """The level the app shows: this stage's own, else the latest earlier stage's, else self."""
        own, carried = self.get(key)[0], self.carried(key)
        return own if own is not None else carried[0] if carried else SELF[key[0]][key[2]]

    def shown_text(self, key: Key) -> str:
        """This stage's own text, else the text that came with a carried level (shown, not stored)."""
        typed, carried = self.get(key)[1], self.carried(key)
        return typed or (carried[1] if carried else "")

    def rows(self) -> set[tuple[str, str, int, int | None, str]]:
        return {(*k, *v) for k, v in self.stored.items() if v != (None, "")}


@pytest.fixture(scope="module")
def template_db(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("model")
    path = make_review_db(root)
    db = open_database(path)
    with write(db):
        assign(db, 1, "kota-dua", "ani", "chair")
    db.close()
    return root


def stored_rows(db_path: Path) -> set[tuple[str, str, int, int | None, str]]:
    return set(db_rows(db_path, """SELECT instansi_id, stage, indicator, level, justification FROM decisions
                                   WHERE assessor_id = 'ani' AND (level IS NOT NULL OR justification <> '')"""))


class Driver:
    """The app under test, restarted on 'reopen'."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path

    async def run(self, sequence: list[tuple], model: Model) -> None:
        done = 0
        while done < len(sequence):
            app = open_app(self.db_path)
            app.justification_delay = 3600  # typing is saved when a step says so, as the pause would
            async with app.run_test(size=(80, 24)) as pilot:
                while app.box.key is None or app.query_one(IndicatorTree).cursor_node is None:
                    await pilot.pause(0)  # until mounted: keys sent earlier would be lost
                while done < len(sequence):
                    step = sequence[done]
                    done += 1
                    if step[0] == "reopen":
                        break
                    await self.do(app, pilot, step, model)
                    await self.check(app, pilot, model, step)

    async def keys(self, app, pilot, *keys: str, batch: bool = False) -> None:
        await send_keys(app, pilot, *keys, batch=batch)

    def key(self, app) -> Key:
        number = app.query_one(IndicatorTree).current_indicator or app.current
        return (app.session.instansi.id, app.session.stage.id, number)

    async def do(self, app, pilot, step: tuple, model: Model) -> None:
        kind = step[0]
        key = self.key(app)
        level, text = model.get(key)
        if kind == "level":
            await self.keys(app, pilot, str(step[1]))
            carried = model.carried(key)
            # Pressing the carried level confirms it, and its text with it.
            kept = model.shown_text(key) if carried and carried[0] == step[1] else text
            model.put(key, (step[1], kept))
        elif kind == "move":
            await self.keys(app, pilot, *([step[1]] * step[2]))
        elif kind == "type":
            app.box.focus()
            await self.keys(app, pilot, "end", *[("space" if c == " " else c) for c in step[1]], batch=True)
            app._flush_justification()  # the typing pause
            app.query_one(IndicatorTree).focus()
            await pilot.pause(0)
            model.put(key, (level, model.shown_text(key) + step[1]))
        elif kind == "template":
            await self.keys(app, pilot, "ctrl+t")
            app.query_one(IndicatorTree).focus()
            await pilot.pause(0)
            model.put(key, (level, FRAMEWORK.justification(key[2], model.shown_level(key))))
        elif kind == "undo":
            await self.keys(app, pilot, "ctrl+z")
            history = model.undo.get(key[0], [])
            if history:
                undone, before = history.pop()
                model.stored[undone] = before
        elif kind == "filter":
            await self.keys(app, pilot, "slash", *step[1], "enter")
            while not isinstance(app.focused, IndicatorTree):  # Enter hands the keys back to the list
                await pilot.pause(0)
        elif kind == "jump":
            app._jump(step[1])
            await pilot.pause(0)
        elif kind == "stage":
            app.switch_stage(step[1])
            await pilot.pause(0)
        elif kind == "instansi":
            app._open_instansi(step[1])
            await pilot.pause(0)

    async def check(self, app, pilot, model: Model, step: tuple) -> None:
        for _ in range(5):  # let the last messages of the step settle; a real difference stays
            if stored_rows(self.db_path) == model.rows():
                break
            await pilot.pause(0)
        assert stored_rows(self.db_path) == model.rows(), f"after {step}"
        key = (app.session.instansi.id, app.session.stage.id, app.current)
        assert app.box.pending_edit() is None, f"after {step}"
        assert app.box.text == model.shown_text(key), f"after {step}: the box shows another text than stored"
        assert shown_detail(app) == fresh_detail(app), f"after {step}: the detail shows kept lines"


def shown_detail(app) -> list[list]:
    detail = app.query_one(IndicatorDetail)
    return [list(strip) for strip in detail._lines]


def fresh_detail(app) -> list[list]:
    """The detail of the indicator on screen rendered without any of the caches."""
    detail = app.query_one(IndicatorDetail)
    state = app.session.state(app.current)
    ind = state.indicator
    head = indicator_detail._heading_parts.__wrapped__(
        ind.label, ind.name, ind.question, state.self_level, state.fakta, state.analisis, state.penjelasan,
        app.t.language)
    levels = [indicator_detail._level.__wrapped__(level, name, ind.criteria.get(level, ""), level == state.level)
              for level, name in ind.scale.levels.items()]
    options = app.console.options.update_width(detail._width())
    lines = app.console.render_lines(Group(*head, *levels), options, style=detail.rich_style, pad=True)
    return [list(Strip(line)) for line in lines]


def _sequences(seed_value: int):
    """One share of the sequences, from its own fixed seed: the shares run side by side."""

    @seed(seed_value)
    @settings(max_examples=SEQUENCES // SHARES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(sequence=st.lists(steps, min_size=3, max_size=8))
    def test(template_db, tmp_path_factory, sequence):
        work = tmp_path_factory.mktemp("run")
        shutil.copytree(template_db, work, dirs_exist_ok=True)
        asyncio.run(Driver(work / "spbe.db").run(sequence, Model()))

    test.__doc__ = "The database holds exactly what the person did, after every step."
    return test


test_sequences_0 = _sequences(20261202)
test_sequences_1 = _sequences(20261203)
test_sequences_2 = _sequences(20261204)
test_sequences_3 = _sequences(20261205)
