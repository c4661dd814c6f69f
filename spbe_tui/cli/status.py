"""`spbe-tui status`: how far the evaluation has got, per institution and per assessor."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from spbe_tui.cli.options import DbOption, YearOption, open_evaluation

if TYPE_CHECKING:
    from rich.table import Table

    from spbe_tui.services.status import Status


def status(db: Path = DbOption, year: int = YearOption) -> None:
    """Progress per institution (assessors' and team levels per stage, reviu, final) and per assessor."""
    from rich.console import Console

    from spbe_tui.services.status import load_status

    with open_evaluation(db, year, read_only=True) as (database, evaluation):
        state = load_status(database, evaluation)
    console = Console()
    console.print(_institution_table(state))
    console.print(_assessor_table(state))
    complete = sum(1 for row in state.institutions if row.complete)
    console.print(f"{complete} of {len(state.institutions)} institutions have a final level for every indicator",
                  highlight=False)


def _institution_table(state: Status) -> Table:
    from rich.table import Table
    from rich.text import Text

    from spbe_tui.safe_text import inert, safe

    evaluation = state.evaluation
    stages = [s.id for s in evaluation.stages]
    rows = [
        [row.id, row.name, *(f"{row.decided.get(s, 0)}/{row.team.get(s, 0)}" for s in stages), str(row.reviu),
         f"{row.final}/{row.total}" + (" ✓" if row.complete else "")]
        for row in state.institutions
    ]
    table = Table(
        title=f"{evaluation.name} — {len(rows)} instansi, {len(evaluation.framework.indicators)} indikator",
        caption="per tahap: indikator dengan nilai asesor / nilai tim",
    )
    for n, header in enumerate(("Instansi", "Nama", *stages, "reviu", "final")):
        if header == "Nama":  # the one column that gives way on a narrow terminal
            table.add_column(header, ratio=1, min_width=12)
        else:
            width = max([len(header), *(len(r[n]) for r in rows)])
            table.add_column(header, no_wrap=True, min_width=width, justify="left" if n == 0 else "right")
    for row in rows:
        table.add_row(safe(row[0]), Text(inert(row[1]), no_wrap=True, overflow="ellipsis"), *row[2:])
    return table


def _assessor_table(state: Status) -> Table:
    from rich.table import Table

    from spbe_tui.safe_text import safe

    stages = [s.id for s in state.evaluation.stages]
    table = Table("Asesor", "Nama", "Instansi", *stages, title="Asesor",
                  caption="per tahap: nilai yang diputuskan asesor")
    for person in state.assessors:
        table.add_row(safe(person.id), safe(person.name), str(person.assigned),
                      *(str(person.decided.get(s, 0)) for s in stages))
    return table
