"""A long table printed in one pass: a title, a bold header over a rule, one line per row, a
caption. Rich's Table measures and renders every cell through its layout engine; for the
6,160 rows of `status` at ten times national scale that took ~6 s of a 7 s command. Here the
widths are counted once and each row is one formatted line."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.text import Text

GAP = 1  # space between columns, as the tables with collapse_padding had


def cells(text: str) -> int:
    """The cells `text` takes: its length when it is printable ASCII (nearly every cell of a table
    of ids, names and counts), else as Rich counts them."""
    return len(text) if text.isascii() and text.isprintable() else cell_len(text)


def fit(text: str, width: int, *, right: bool = False) -> str:
    """`text` in exactly `width` cells: cut with an ellipsis, padded on the right (or left)."""
    size = cells(text)
    if size > width:
        return set_cell_size(text, max(0, width - 1)) + "…" if width else ""
    pad = " " * (width - size)
    return pad + text if right else text + pad


def print_columns(console: Console, headers: Sequence[str], rows: Sequence[Sequence[str]], *, title: str,
                  caption: str, flexible: int, right: Collection[int] = (), min_flexible: int = 12) -> None:
    """Column `flexible` takes what the terminal's width leaves (at least `min_flexible`); the
    others are as wide as their widest cell. Cells are plain text: nothing in them is markup."""
    widths = [max(cells(h), *(cells(row[i]) for row in rows)) for i, h in enumerate(headers)]
    others = sum(w for i, w in enumerate(widths) if i != flexible) + GAP * (len(headers) - 1)
    widths[flexible] = max(min_flexible, min(widths[flexible], console.width - others))
    total = sum(widths) + GAP * (len(headers) - 1)

    def line(cells: Sequence[str]) -> str:
        return (" " * GAP).join(fit(c, widths[i], right=i in right) for i, c in enumerate(cells)).rstrip()

    console.print(Text(title, style="italic"), width=total, justify="center")
    console.print(Text(line(headers), style="bold"), no_wrap=True, crop=False)
    console.print("─" * total, style="dim", no_wrap=True, crop=False, highlight=False)
    # One write for all rows: through Console.print each line would be parsed and rendered again.
    console.file.write("".join(line(row) + "\n" for row in rows))
    console.print(Text(caption, style="dim"), width=total, justify="center")
