"""A working day of focus changes leaves no widget alive behind it.

Textual's Footer recomposes its keys on every focus change and its `data_bind` watchers kept the
old ones alive (Textualize/textual#6666): about seven FooterKey widgets per focus change, for
good. The reviewer has its own key line; this counts live widgets by type, so any other widget
that starts to pile up fails here too.
"""

from __future__ import annotations

import gc
from collections import Counter

from textual.widget import Widget
from textual.widgets._footer import FooterKey

from tests.reviewer_helpers import make_review_db, open_app


def live_widgets() -> Counter[str]:
    gc.collect()
    return Counter(type(o).__name__ for o in gc.get_objects() if isinstance(o, Widget))


async def test_200_focus_changes_keep_the_widget_count_flat(tmp_path):
    app = open_app(make_review_db(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()

        async def focus_changes(n: int) -> None:
            for i in range(n):
                # Tab walks the three panes; every 10th change, back to the list, into the
                # evidence and out again.
                await pilot.press("escape", "e", "escape") if i % 10 == 9 else await pilot.press("tab")
            await pilot.pause()

        await focus_changes(20)
        before = live_widgets()
        await focus_changes(200)
        after = live_widgets()

    grown = {name: (before[name], count) for name, count in after.items() if count > before[name]}
    assert grown == {}, f"live widgets by type, after 20 → after 220 focus changes: {grown}"
    assert after[FooterKey.__name__] == 0
