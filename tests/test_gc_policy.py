"""The garbage-collection policy (spbe_tui/ui/gc_policy.py): what it does, not how fast.

Timings live in bench/memory_day.py. Here the policy runs on a clock the test moves, so each
step (freeze start-up, freeze a pile of survivors, leave the turnover alone, reclaim frozen
garbage when quiet) happens exactly when the test says.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from spbe_tui.ui import gc_policy
from spbe_tui.ui.gc_policy import CollectionPolicy
from tests.reviewer_helpers import make_review_db, open_app


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Node:
    """A weakly referenceable object to build cycles from."""

    def __init__(self) -> None:
        self.other: object = None


@pytest.fixture
def clean_gc() -> Iterator[None]:
    """Leave the worker process as it was: thresholds, callbacks, nothing frozen by us."""
    thresholds, callbacks = gc.get_threshold(), list(gc.callbacks)
    yield
    if gc_policy._current is not None:
        gc_policy._current.detach()
        gc_policy._current = None
    gc.callbacks[:] = callbacks
    gc.set_threshold(*thresholds)
    gc.unfreeze()
    gc.collect()


@pytest.fixture
def policy(clean_gc: None) -> Iterator[tuple[CollectionPolicy, Clock]]:
    clock = Clock()
    started = CollectionPolicy(clock=clock)
    started.look_after_ms = 0.0  # every full collection is looked at, however quick
    started.start()
    yield started, clock
    started.detach()


def test_start_freezes_start_up_and_shortens_the_full_cycle(policy):
    started, _ = policy
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == gc_policy.THRESHOLDS
    assert started.on_collection in gc.callbacks
    started.detach()
    assert started.on_collection not in gc.callbacks
    assert gc.get_threshold() != gc_policy.THRESHOLDS


def test_a_pile_of_survivors_is_frozen_after_a_full_collection(policy):
    started, clock = policy
    pile = [[i] for i in range(gc_policy.FREEZE_ABOVE + 1000)]  # live, tracked objects
    frozen_before = gc.get_freeze_count()
    clock.now += gc_policy.FREEZE_GAP_S
    gc.collect()  # a full collection: the policy sees its survivors
    assert started.freezes == 1
    assert gc.get_freeze_count() >= frozen_before + len(pile)
    assert started.frozen_since_reclaim > gc_policy.FREEZE_ABOVE
    assert not any(o is pile[0] for o in gc.get_objects(2)), "the survivors left the collected generations"

    # Another pile right away: not frozen before FREEZE_GAP_S has passed.
    second = [[i] for i in range(gc_policy.FREEZE_ABOVE + 1000)]
    gc.collect()
    assert started.freezes == 1
    assert len(second) > gc_policy.FREEZE_ABOVE


def test_the_turnover_below_the_limit_is_not_frozen(policy):
    started, clock = policy
    few = [[i] for i in range(1000)]
    frozen_before = gc.get_freeze_count()
    clock.now += gc_policy.FREEZE_GAP_S
    gc.collect()
    assert started.freezes == 0
    assert gc.get_freeze_count() <= frozen_before
    assert few


def test_frozen_garbage_is_reclaimed_only_when_due_and_quiet(policy):
    started, clock = policy
    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle, only the collector can free it
    alive = weakref.ref(a)
    gc.freeze()  # frozen as a policy freeze would have frozen it
    del a, b
    gc.collect()
    assert alive() is not None, "a frozen cycle is not collected"

    started.frozen_since_reclaim = gc_policy.RECLAIM_ABOVE - 1
    clock.now += gc_policy.QUIET_S
    started.tick()
    assert alive() is not None and started.reclaims == 0, "not due yet"

    started.frozen_since_reclaim = gc_policy.RECLAIM_ABOVE
    gc.collect(0)  # a collection just now: not quiet
    started.tick()
    assert alive() is not None and started.reclaims == 0, "not quiet"

    clock.now += gc_policy.QUIET_S
    started.tick()
    assert started.reclaims == 1
    assert alive() is None, "unfrozen, collected"
    assert gc.get_freeze_count() > 0, "and the survivors frozen again"
    assert started.frozen_since_reclaim == 0


def test_the_policy_stops_when_its_app_has_finished(clean_gc):
    running = [True]
    started = CollectionPolicy(is_running=lambda: running[0], clock=Clock())
    started.start()
    assert gc.get_threshold() == gc_policy.THRESHOLDS
    running[0] = False
    gc.collect()
    assert not started.started
    assert gc.get_threshold() != gc_policy.THRESHOLDS
    started.detach()


async def test_the_reviewer_runs_the_policy(tmp_path, clean_gc):
    app = open_app(make_review_db(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        policy = gc_policy._current
        assert policy is not None and policy.started
        assert gc.get_threshold() == gc_policy.THRESHOLDS
        assert gc.get_freeze_count() > 0
        await pilot.press("tab", "tab")
    # Its unmount hands everything back: thresholds, callback, what it froze.
    assert not policy.started and policy.detached
    assert gc.get_threshold() != gc_policy.THRESHOLDS
    assert policy.on_collection not in gc.callbacks
    assert gc.get_freeze_count() == 0


async def test_an_app_that_quits_at_once_leaves_nothing_frozen(tmp_path, clean_gc):
    app = open_app(make_review_db(tmp_path))
    async with app.run_test(size=(80, 24)):
        app.exit()
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() != gc_policy.THRESHOLDS


def test_a_detached_policy_never_starts(clean_gc):
    started = CollectionPolicy(clock=Clock())
    started.detach()
    started.start()
    assert not started.started and gc.get_freeze_count() == 0


# --- no collections during start-up --------------------------------------------------------------


@pytest.fixture
def gc_on() -> Iterator[None]:
    """The pause's state as a fresh process has it; whatever a test leaves, undone."""
    was = gc.isenabled()
    gc.enable()
    yield
    gc_policy.resume_collections()
    if was:
        gc.enable()
    else:
        gc.disable()


def test_collections_come_back_at_the_end_of_the_pause_whatever_happens(gc_on):
    with gc_policy.collections_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_policy.collections_paused():
        assert not gc.isenabled()
        raise RuntimeError("the database could not be opened")
    assert gc.isenabled()


def test_the_pause_leaves_collections_someone_else_switched_off_alone(gc_on):
    gc.disable()
    with gc_policy.collections_paused():
        gc_policy.resume_collections()  # what the app's first frame does
        assert not gc.isenabled()
    assert not gc.isenabled()


async def test_the_reviewer_collects_again_from_its_first_frame(tmp_path, clean_gc, gc_on):
    app = open_app(make_review_db(tmp_path))
    with gc_policy.collections_paused():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.pause()
            assert gc_policy._current is not None and gc_policy._current.started
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0  # what start-up built, frozen before collections resume


async def test_the_panel_collects_again_from_its_first_frame(tmp_path, gc_on):
    from tests.panel_helpers import make_panel_db, open_panel

    app = open_panel(make_panel_db(tmp_path), "ani")
    with gc_policy.collections_paused():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.pause()
            assert gc.isenabled()
