"""`spbe-tui demo`: what `make demo` runs."""

from __future__ import annotations


def demo() -> None:
    """Show the bundled SPBE 2020 framework (the reviewer opens here once sample data exists)."""
    from rich.console import Console

    from spbe_tui.cli.framework_cmd import _structure_table
    from spbe_tui.domain.framework_loader import load_framework

    Console().print(_structure_table(load_framework("spbe-2020")))
