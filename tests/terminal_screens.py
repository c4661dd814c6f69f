"""What a person sees on a terminal fed some output: an independent emulator (pyte), cell by cell."""

from __future__ import annotations

import pyte


def looks(cell) -> tuple:
    """What a person sees of a cell: of a blank, its background alone (reversed, its foreground
    is its background; a line through it is drawn in its foreground's colour)."""
    if cell.data == " " and not (cell.reverse or cell.underscore or cell.strikethrough):
        return (cell.data, cell.bg)
    return (cell.data, cell.fg, cell.bg, cell.bold, cell.italics, cell.underscore, cell.blink, cell.reverse,
            cell.strikethrough)


def seen(screen: pyte.Screen) -> list[list[tuple]]:
    return [[looks(screen.buffer[y][x]) for x in range(screen.columns)] for y in range(screen.lines)]


def screen_of(writes: list[str], columns: int, lines: int) -> list[list[tuple]]:
    screen = pyte.Screen(columns, lines)
    stream = pyte.Stream(screen)
    for data in writes:
        stream.feed(data)
    return seen(screen)
