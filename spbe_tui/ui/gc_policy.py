"""Full garbage collections kept short while someone works in the reviewer (or the panel).

Issue figure: the longest full (generation-2) collection during a working session ≤ 16 ms, with
memory flat. Measured with `bench/memory_day.py` (reviewer under a pty at 120×40, keys sent
without pauses; runs in bench/README.md), Python 3.11, 2 cores, 2026-12-03:

- With CPython's defaults and one `gc.freeze()` after the first frame, a full collection ran
  every ~5–6 s and took 20–92 ms. Each freed 20,000–40,000 objects of cyclic garbage (keys
  leave ~6,600 a second) and walked ~27,000 live objects that were never frozen.
- The time is in the garbage, not the walk: a full collection of 55,000 objects that freed
  29,000 took 18–21 ms; another straight after it (27,000 live objects, 131,000 references,
  nothing to free) took 2–3 ms. Freeing costs ~0.6 µs an object.
- The garbage is Textual's, made on every restyle and render: `Stylesheet._process_component_classes`
  makes a `DOMNode` per component class (with its Styles, RenderStyles, NodeList, BindingsMap,
  WeakSet, … in cycles through the node) each time a widget's styles are applied again (every
  focus change), and `Strip.extend_cell_length` caches `self` in its own `_line_length_cache`
  (a cycle per such strip; each Strip has seven `FIFOCache`s).
- 70 % of the unfrozen live objects outlast the next rounds (the evidence tab built on the
  first `e`, its caches); the rest, 5,000–10,000, turns over with every round.

So the policy does three things:

1. Full collections ~twice a second instead of every ~5 s (`THRESHOLDS`): each frees only the
   last half second's garbage (~2,700 objects instead of ~31,000).
2. Survivors frozen again after a full collection when more than `FREEZE_ABOVE` have piled up,
   at most once per `FREEZE_GAP_S`: right after a full collection they are live objects only, so
   the long-lived ones built after start-up leave the walk (~26,000 → ~6,500 objects). Freezing
   the turning-over objects too is the price: those that later become cyclic garbage stay
   frozen, so freezing often leaks: freezing over 5,000 survivors (at most every 5 s) grew the
   reviewer by 1.4 MiB per 10 rounds, and switching full collections off until 1.5 s without
   keys grew it from 69 to 100 MiB in 30 rounds.
3. That frozen garbage freed when the app is quiet: once `RECLAIM_ABOVE` objects have been frozen
   since the last time and no collection of any generation has happened for `QUIET_S` (no key,
   nothing allocating: the reviewer allocates nothing while it waits), everything is unfrozen,
   collected and frozen again. That collection walks the whole heap (45–100 ms), which is why it
   waits for a quiet moment and is rare.

Measured after it (100 rounds, no pauses, two runs): full collections ~2 a second, longest
12.2 and 14.7 ms, median 3–4 ms, none over 16 ms; VmHWM 61 MiB at round 100 (63 before). Details
in bench/README.md ("Memory and garbage collection over a working session").
"""

from __future__ import annotations

import gc
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported before Textual: the pause below must come first
    from textual.app import App

# CPython's default is (700, 10, 10): a full collection after 11 generation-1 collections (~5 s
# of keying here), and then only when the objects promoted since the last one exceed a quarter
# of the old generation. A third threshold of 0 makes every generation-1 collection (~2 a
# second while keys come) a full one as soon as that quarter is reached: ~2,700 objects of
# garbage each (median), 1–15 ms.
THRESHOLDS = (700, 10, 0)
# Survivors of a full collection above this are frozen. In the reviewer 5,000–10,000 objects turn
# over with every round; above 12,000 there is a pile: start-up's second half (~26,000 in the
# first seconds: the evidence panel is mounted after the first frame) or caches that grow (the
# indicator tree's line cache, ~120 objects a second while moving). A freeze takes the turnover
# with it, and most of that becomes garbage soon after (a freeze of 12,000 survivors: 7,000–11,000
# freed by the next reclaim), hence the limit, the gap and the reclaim. With a limit of 20,000
# the survivors grew to it and full collections took up to 23 ms late in a run (median 6.7 ms
# against 3.1 ms), for no less memory.
FREEZE_ABOVE = 12_000
FREEZE_GAP_S = 5.0  # at most one freeze in this time: bounds what a freeze can keep of the turnover
# Counting the survivors (`len(gc.get_objects(2))`) costs ~0.2–1.5 ms for 10,000: done only after
# a full collection that took longer than this, and at most once a second.
LOOK_AFTER_MS = 5.0
COUNT_EVERY_S = 1.0
# Unfreeze, collect and freeze again after this many objects have been frozen since the last
# time (start-up's own freeze is not counted: its garbage is a one-off) ...
RECLAIM_ABOVE = 30_000
# ... at the first moment without any collection for this long.
QUIET_S = 3.0
CHECK_S = 1.0

_current: CollectionPolicy | None = None
_paused = False


@contextmanager
def collections_paused() -> Iterator[None]:
    """No collections from here until the app's first frame (`resume_collections`) or the end
    of the block, whichever comes first.

    Start-up builds ~75,000 objects that live as long as the app, and leaves ~6,000 of garbage.
    With Python's thresholds the reviewer ran ~200 collections before its first frame, one of
    them full (17–24 ms), 49–68 ms in all. Under `bench/pty_frames.py` (120×40, two runs of 11
    start-ups each way) the first complete frame went from 1.56 and 1.53 times the bare app's
    to 1.39 and 1.23 times. The policy freezes what start-up built, that one-off garbage with
    it."""
    global _paused
    if not gc.isenabled():  # someone else's choice: leave it alone
        yield
        return
    gc.disable()
    _paused = True
    try:
        yield
    finally:
        resume_collections()


def resume_collections() -> None:
    """End the pause of `collections_paused`, if one is on."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()


class CollectionPolicy:
    """The policy's state and steps; `keep_collections_short` wires them to an app."""

    def __init__(self, is_running: Callable[[], bool] = lambda: True,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.is_running = is_running
        self.clock = clock
        self.last_collection = clock()
        self.last_freeze = clock()
        self.next_count = clock()
        self.look_after_ms = LOOK_AFTER_MS
        self.frozen_since_reclaim = 0
        self.freezes = 0
        self.reclaims = 0
        self.started = False
        self.detached = False
        self._reclaiming = False
        self._began = 0.0
        self._saved_thresholds: tuple[int, int, int] | None = None

    def start(self) -> None:
        """Freeze what start-up built, shorten the full-collection cycle, watch collections."""
        if self.started or self.detached or not self.is_running():
            return
        self.started = True
        gc.freeze()
        resume_collections()
        self.last_freeze = self.clock()
        self.next_count = self.last_freeze + COUNT_EVERY_S
        self._saved_thresholds = gc.get_threshold()
        gc.set_threshold(*THRESHOLDS)
        gc.callbacks.append(self.on_collection)

    def stop(self) -> None:
        """Python's own thresholds back (the app has finished)."""
        if not self.started:
            return
        self.started = False
        if self._saved_thresholds is not None:
            gc.set_threshold(*self._saved_thresholds)

    def detach(self) -> None:
        """Stop, stop being called and unfreeze what was frozen: a process that goes on (a test
        run opens hundreds of apps) would otherwise keep every app's objects for good. Never from
        inside a collection: gc iterates its list of callbacks."""
        if self.detached:
            return
        was_started = self._saved_thresholds is not None  # set by start() only
        self.stop()
        self.detached = True
        if self.on_collection in gc.callbacks:
            gc.callbacks.remove(self.on_collection)
        if was_started:
            gc.unfreeze()

    def on_collection(self, phase: str, info: dict[str, Any]) -> None:
        """gc callback: note the activity; after a slow full collection, maybe freeze its survivors."""
        if phase == "start":
            self._began = time.perf_counter()
            return
        if self._reclaiming or not self.started:
            return
        if not self.is_running():
            self.stop()
            return
        now = self.clock()
        self.last_collection = now
        took_ms = (time.perf_counter() - self._began) * 1000
        if info["generation"] == 2 and took_ms >= self.look_after_ms and now >= self.next_count:
            survivors = len(gc.get_objects(2))  # the collection has just ended: live objects only
            self.next_count = now + COUNT_EVERY_S
            if survivors > FREEZE_ABOVE:
                self.freeze(survivors)

    def freeze(self, survivors: int) -> None:
        gc.freeze()
        self.last_freeze = self.clock()
        self.next_count = self.last_freeze + FREEZE_GAP_S
        self.frozen_since_reclaim += survivors
        self.freezes += 1

    def tick(self) -> None:
        """From the app's timer: reclaim frozen garbage if it is due and the app is quiet."""
        if (self.started and self.frozen_since_reclaim >= RECLAIM_ABOVE
                and self.clock() - self.last_collection >= QUIET_S):
            self.reclaim()

    def reclaim(self) -> int:
        """Unfreeze, collect everything, freeze the survivors; the number of objects freed."""
        self._reclaiming = True
        try:
            gc.unfreeze()
            freed = gc.collect()
            gc.freeze()
        finally:
            self._reclaiming = False
        self.last_collection = self.last_freeze = self.clock()
        self.next_count = self.last_freeze + FREEZE_GAP_S
        self.frozen_since_reclaim = 0
        self.reclaims += 1
        return freed


def keep_collections_short(app: App[Any]) -> CollectionPolicy:
    """Start the policy once `app` has shown its first frame (call from `on_mount`; `detach`
    it when the app unmounts)."""
    global _current
    if _current is not None:  # an earlier app in this process (tests)
        _current.detach()
    ref = weakref.ref(app)

    def is_running() -> bool:
        alive = ref()
        return alive is not None and alive.is_running

    policy = _current = CollectionPolicy(is_running)
    app.call_after_refresh(policy.start)
    app.set_interval(CHECK_S, policy.tick, name="gc-policy")
    return policy
