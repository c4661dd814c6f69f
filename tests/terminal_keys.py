"""Keys sent to an app under test the way a terminal sends them, for the randomized model tests."""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.pilot import Pilot


async def send_keys(app: App, pilot: Pilot, *keys: str, batch: bool = False) -> None:
    """Post each key and let it reach its binding. `batch`: none of them moves the focus (typing
    into a text box), so they may all be queued at once, as a fast typist's are."""
    for key in keys:
        character = " " if key == "space" else key if len(key) == 1 else None
        app.post_message(events.Key(key, character))
        if not batch:
            # A key reaches its binding in two hops (the app, then the focused widget).
            await pilot.pause(0)
            await pilot.pause(0)
    if batch:
        await pilot.pause(0)
        await pilot.pause(0)
