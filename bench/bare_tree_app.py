"""The yardstick for bench/pty_frames.py: a bare Textual app shaped like the reviewer's left pane.

A Header, a Tree of 4 domains → 8 aspects → 47 indicators (the SPBE 2020 shape: the reviewer's
tree has the same lines) and a Footer, nothing else. j/k move like ↓/↑, as in the reviewer.
Deliberately imports nothing from spbe_tui: it is what Textual alone costs.

    .venv/bin/python bench/bare_tree_app.py
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Tree

TITLE = "bare-tree"
# Indicators per aspect, per domain: SPBE 2020 (10 | 4 2 1 | 8 3 | 10 9 = 47).
SHAPE: list[list[int]] = [[10], [4, 2, 1], [8, 3], [10, 9]]


class BareTree(Tree[int]):
    BINDINGS = [
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
    ]


class BareTreeApp(App[None]):
    TITLE = TITLE

    def compose(self) -> ComposeResult:
        yield Header()
        yield BareTree("SPBE", data=0, id="tree")
        yield Footer()

    def on_mount(self) -> None:
        tree = self.query_one(BareTree)
        tree.show_root = False
        number = aspect_number = 0
        for domain_number, aspects in enumerate(SHAPE, 1):
            domain = tree.root.add(f"D{domain_number} Domain {domain_number}", data=0, expand=True)
            for count in aspects:
                aspect_number += 1
                aspect = domain.add(f"A{aspect_number} Aspek {aspect_number}", data=0, expand=True)
                for _ in range(count):
                    number += 1
                    aspect.add_leaf(f"· {number:>2} Indikator {number:<12} 3→3", data=number)
        tree.focus()


if __name__ == "__main__":
    BareTreeApp().run()
