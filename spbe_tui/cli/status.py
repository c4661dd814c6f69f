"""`spbe-tui status`: how far the evaluation has got, per institution and per assessor, in the
active language."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from spbe_tui.cli.options import DbOption, YearOption, open_evaluation
from spbe_tui.i18n import say

if TYPE_CHECKING:
    from rich.console import Console
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
    _print_institutions(console, state)
    console.print(_assessor_table(state))
    complete = sum(1 for row in state.institutions if row.complete)
    console.print(say("status_summary", complete=complete, total=len(state.institutions),
                      last=state.evaluation.stages[-1].name), highlight=False)


def _print_institutions(console: Console, state: Status) -> None:
    from spbe_tui.cli.columns import print_columns
    from spbe_tui.safe_text import inert

    evaluation = state.evaluation
    stages = [s.id for s in evaluation.stages]
    rows = [
        [inert(row.id), inert(row.name), *(f"{row.decided.get(s, 0)}/{row.team.get(s, 0)}" for s in stages),
         row.reached.id if row.reached else NO_STAGE, str(row.reviu),
         f"{row.final}/{row.total}" + (" ✓" if row.complete else "")]
        for row in state.institutions
    ]
    headers = (say("status_col_instansi"), say("status_col_name"), *stages, say("status_col_stage"),
               say("status_col_reviu"), say("status_col_final"))
    # The id and the stage reached are words, the rest counts; the name gives way on a narrow terminal.
    counts = set(range(2, len(headers))) - {len(headers) - 3}
    print_columns(console, headers, rows, flexible=1, right=counts,
                  title=say("status_title", evaluation=evaluation.name, count=len(rows),
                            indicators=len(evaluation.framework.indicators)),
                  caption=say("status_caption", last=evaluation.stages[-1].name))


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
