"""`spbe-tui status`: how far the evaluation has got, per institution and per assessor, in the
active language."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from spbe_tui.cli.options import DbOption, YearOption, open_evaluation
from spbe_tui.i18n import say

if TYPE_CHECKING:
    from rich.table import Table

    from spbe_tui.services.status import Status

NO_STAGE = "—"


def status(db: Path = DbOption, year: int = YearOption) -> None:
    """Progress per institution (assessors' and team levels per stage, the stage reached, reviu,
    final) and per assessor."""
    from rich.console import Console

    from spbe_tui.services.status import load_status

    with open_evaluation(db, year, read_only=True) as (database, evaluation):
        state = load_status(database, evaluation)
    console = Console()
    console.print(_institution_table(state))
    console.print(_assessor_table(state))
    complete = sum(1 for row in state.institutions if row.complete)
    console.print(say("status_summary", complete=complete, total=len(state.institutions),
                      last=state.evaluation.stages[-1].name), highlight=False)


def _institution_table(state: Status) -> Table:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from spbe_tui.safe_text import inert, safe

    evaluation = state.evaluation
    stages = [s.id for s in evaluation.stages]
    rows = [
        [row.id, row.name, *(f"{row.decided.get(s, 0)}/{row.team.get(s, 0)}" for s in stages),
         row.reached.id if row.reached else NO_STAGE, str(row.reviu),
         f"{row.final}/{row.total}" + (" ✓" if row.complete else "")]
        for row in state.institutions
    ]
    table = Table(
        title=say("status_title", evaluation=evaluation.name, count=len(rows),
                  indicators=len(evaluation.framework.indicators)),
        caption=say("status_caption", last=evaluation.stages[-1].name),
        # Lines between the columns would push the table past 80 columns with three stages.
        box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 1), collapse_padding=True,
    )
    headers = (say("status_col_instansi"), say("status_col_name"), *stages, say("status_col_stage"),
               say("status_col_reviu"), say("status_col_final"))
    left = (0, len(headers) - 3)  # the id and the stage reached are words, the rest counts
    for n, header in enumerate(headers):
        if n == 1:  # the name: the one column that gives way on a narrow terminal
            table.add_column(header, ratio=1, min_width=12)
        else:
            width = max([len(header), *(len(r[n]) for r in rows)])
            table.add_column(header, no_wrap=True, min_width=width, justify="left" if n in left else "right")
    for row in rows:
        table.add_row(safe(row[0]), Text(inert(row[1]), no_wrap=True, overflow="ellipsis"), *row[2:])
    return table


def _assessor_table(state: Status) -> Table:
    from rich import box
    from rich.table import Table

    from spbe_tui.safe_text import safe

    stages = [s.id for s in state.evaluation.stages]
    table = Table(say("status_col_assessor"), say("status_col_name"), say("status_col_institutions"), *stages,
                  title=say("status_assessors_title"), caption=say("status_assessors_caption"),
                  box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 1), collapse_padding=True)
    for person in state.assessors:
        table.add_row(safe(person.id), safe(person.name), str(person.assigned),
                      *(str(person.decided.get(s, 0)) for s in stages))
    return table
