"""The panel view: a team around one terminal (or a projector) going through one institution's
indicators, disagreements first, until each has a team level."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from spbe_tui.errors import Conflict, SpbeError
from spbe_tui.i18n import Translator
from spbe_tui.paths import styles_dir
from spbe_tui.safe_text import inert
from spbe_tui.services.panel import Board, HistoryEntry, PanelService, Row
from spbe_tui.ui.bindings import translate_bindings
from spbe_tui.ui.key_help import HelpLine, help_lines, render
from spbe_tui.ui.screens.help import TextScreen
from spbe_tui.ui.screens.history import history_text
from spbe_tui.ui.screens.level_dialog import LevelAnswer, LevelDialog
from spbe_tui.ui.widgets.header_bar import HeaderBar

REFRESH_S = 5.0  # others submit from their own SSH sessions; pick that up without a key


def _cell(value: int | None) -> str:
    return "-" if value is None else str(value)


# The table's own row keys, listed so the help names them too.
_TABLE_KEYS = [Binding("up", "cursor_up", id="row-up"), Binding("down", "cursor_down", id="row-down")]
HELP_TOPICS: tuple[tuple[str, ...], ...] = (
    ("row-up", "row-down"),
    tuple(f"team-{n}" for n in range(10)),
    ("switch-active",),
    ("lock",),
    ("reveal",),
    ("disagreements",),
    ("history",),
    ("reviu-valid", "reviu-invalid"),
    ("help",),
    ("quit",),
)


class PanelApp(App[None]):
    CSS_PATH = [str(styles_dir() / "common.tcss"), str(styles_dir() / "panel.tcss")]
    BINDINGS = [
        *[Binding(str(n), f"team_level({n})", "key_team", show=(n == 1), key_display="1-5", id=f"team-{n}")
          for n in range(0, 10)],
        Binding("a", "switch_active", "key_active", id="switch-active"),
        Binding("l", "lock", "key_lock", id="lock"),
        Binding("r", "reveal", "key_reveal", id="reveal"),
        Binding("d", "toggle_disagreements", "key_disagree", id="disagreements"),
        Binding("h", "history", "key_history", id="history"),
        Binding("v", "reviu(True)", "key_valid", show=False, id="reviu-valid"),
        Binding("x", "reviu(False)", "key_invalid", show=False, id="reviu-invalid"),
        Binding("question_mark", "help", "key_help", id="help"),
        Binding("q,ctrl+q", "quit", "key_quit", id="quit"),
    ]

    def __init__(self, service: PanelService, actor_id: str, stage_id: str, translator: Translator) -> None:
        super().__init__()
        self.service = service
        self.t = translator
        self.stage_id = stage_id
        self.active = actor_id
        self.only_disagreements = False
        self.board: Board | None = None
        self._shown: list[Row] = []
        translate_bindings(self, translator)

    def compose(self) -> ComposeResult:
        yield HeaderBar(id="header")
        yield Static(id="panel-stats")
        yield DataTable(id="panel-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="panel-aspects")
        yield Footer()

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        self.reload()
        self.query_one(DataTable).focus()
        self.set_interval(REFRESH_S, self.reload)

    # --- showing -------------------------------------------------------------------------------

    def _who(self, member_id: str) -> str:
        chair = next((m for m in self.service.members() if m.id == member_id and m.role == "chair"), None)
        return f"{member_id} ({self.t('chair')})" if chair else member_id

    def reload(self) -> None:
        try:
            self.board = self.service.board(self.active, self.stage_id)
        except SpbeError as exc:
            self.notify(str(exc), severity="error")
            return
        self._render_board()

    def _render_board(self) -> None:
        board = self.board
        assert board is not None
        stage = self.service.evaluation.stage(self.stage_id)
        result = board.team_index
        right = Text(no_wrap=True)
        right.append(f"{self.t('team_index')} ", style="dim")
        right.append(result.index_display if result else "—", style="bold")
        if result and result.predikat():
            right.append(f" {result.predikat()}", style="bold")
        self.query_one(HeaderBar).show(
            [inert(self.service.instansi.name), inert(stage.name),
             self.t("at_keyboard", who=inert(self._who(self.active)))],
            right,
        )
        self._render_stats(board)
        self._render_table(board)

    def _render_stats(self, board: Board) -> None:
        lines = Text(no_wrap=True, overflow="ellipsis")
        if board.visible and board.agreement:
            a = board.agreement
            exact = "—" if a.exact is None else f"{a.exact:.0%}"
            alpha = "—" if a.alpha is None else f"{a.alpha:.2f}"
            lines.append(self.t("agreement", exact=exact, alpha=alpha, n=sum(r.disagreement for r in board.rows)))
        else:
            lines.append(self.t("hidden_note"), style="italic")
        locked = ", ".join(sorted(board.locked)) or "—"
        lines.append(f" · {self.t('locked_by', who=locked)}")
        if board.revealed:
            lines.append(f" · {self.t('revealed')}", style="bold")
        self.query_one("#panel-stats", Static).update(lines)
        aspects = Text()
        if board.visible:
            for number, value in board.aspect_agreement.items():
                exact = "—" if value.exact is None else f"{value.exact:.0%}"
                alpha = "—" if value.alpha is None else f"{value.alpha:.2f}"
                aspects.append(f"A{number} {exact}/α{alpha}  ")
        self.query_one("#panel-aspects", Static).update(aspects)

    def _render_table(self, board: Board) -> None:
        table = self.query_one(DataTable)
        keep = self.current_row.indicator if self._shown and table.cursor_row < len(self._shown) else None
        table.clear(columns=True)
        table.add_column(self.t("col_no"))
        table.add_column(self.t("col_indicator"), width=20)
        table.add_column(self.t("col_self"))
        for member in board.members:
            table.add_column(inert(member.id[:8]))
        for key in ("col_spread", "col_median", "col_team", "col_reviu"):
            table.add_column(self.t(key))
        self._shown = [r for r in board.rows if r.disagreement or not self.only_disagreements]
        for row in self._shown:
            levels = [("?" if not row.visible and member.id != self.active else _cell(row.levels.get(member.id)))
                      for member in board.members]
            reviu = ""
            if row.reviu:
                reviu = "✓" if row.reviu.valid else f"✗→{row.reviu.corrected_level}"
            mark = "!" if row.disagreement else " "
            table.add_row(
                f"{mark}{row.indicator:>2}", Text(inert(row.name)), _cell(row.self_level), *levels,
                _cell(row.spread), _cell(row.suggested), Text(_cell(row.team_level), style="bold"), reviu,
                key=str(row.indicator),
            )
        if keep is not None:
            for index, row in enumerate(self._shown):
                if row.indicator == keep:
                    table.move_cursor(row=index)

    @property
    def current_row(self) -> Row:
        table = self.query_one(DataTable)
        return self._shown[min(table.cursor_row, len(self._shown) - 1)]

    # --- actions -------------------------------------------------------------------------------

    def _attempt(self, action) -> bool:
        try:
            action()
        except SpbeError as exc:
            self.notify(str(exc), severity="error", timeout=6)
            return False
        return True

    def action_switch_active(self) -> None:
        members = [m.id for m in self.service.members()]
        people = members if self.active in members else [self.active, *members]
        previous = self.active
        following = people[(people.index(self.active) + 1) % len(people)]
        if self._attempt(lambda: self.service.record_active(following, previous)):
            self.active = following
            self.notify(self.t("active_now", who=self._who(following)))
            self.reload()

    def _reload_from_top(self) -> None:
        """Levels just became visible and the order changed: start at what most needs talking about."""
        self.reload()
        self.query_one(DataTable).move_cursor(row=0)

    def action_lock(self) -> None:
        if self._attempt(lambda: self.service.lock(self.active, self.stage_id)):
            self.notify(self.t("submitted", stage=self.service.evaluation.stage(self.stage_id).name))
            self._reload_from_top()

    def action_reveal(self) -> None:
        if self._attempt(lambda: self.service.reveal(self.active, self.stage_id)):
            self._reload_from_top()

    def action_toggle_disagreements(self) -> None:
        self.only_disagreements = not self.only_disagreements
        if self.board:
            self._render_table(self.board)

    def action_team_level(self, level: int, notice: str = "") -> None:
        if not self._shown:
            return
        row = self.current_row
        indicator = self.service.framework.indicator(row.indicator)
        if level not in indicator.scale.levels:
            self.bell()
            return
        text = row.team_justification or self.service.framework.justification(row.indicator, level)
        seen_version = row.team_version
        dialog = LevelDialog(
            self.t("team_dialog", n=row.indicator, stage=self.service.evaluation.stage(self.stage_id).name),
            self.t("dialog_hint"), indicator.scale.levels, level, text, notice,
        )

        def save(answer: LevelAnswer | None) -> None:
            if answer is None:
                return
            try:
                self.service.set_team_level(self.active, self.stage_id, row.indicator, answer.level,
                                            answer.justification, seen_version)
            except Conflict as exc:
                self.reload()
                self.action_team_level(answer.level, notice=str(exc))
                return
            except SpbeError as exc:
                self.notify(str(exc), severity="error", timeout=6)
                return
            self.notify(self.t("saved_team", n=row.indicator, level=answer.level))
            self.reload()

        self.push_screen(dialog, save)

    def action_reviu(self, valid: bool) -> None:
        if not self._shown:
            return
        row = self.current_row
        if valid:
            if self._attempt(lambda: self.service.set_reviu(self.active, row.indicator, True)):
                self.reload()
            return
        indicator = self.service.framework.indicator(row.indicator)

        def save(answer: LevelAnswer | None) -> None:
            if answer is not None and self._attempt(
                lambda: self.service.set_reviu(self.active, row.indicator, False, answer.level, answer.justification)
            ):
                self.reload()

        self.push_screen(
            LevelDialog(self.t("reviu_dialog", n=row.indicator), self.t("dialog_hint"), indicator.scale.levels,
                        row.team_level, ""),
            save,
        )

    def action_history(self) -> None:
        if not self._shown:
            return
        row = self.current_row
        entries: list[HistoryEntry] = []
        if self._attempt(lambda: entries.extend(self.service.history(self.active, row.indicator))):
            self.push_screen(TextScreen(self.t("history_title", n=row.indicator),
                                           history_text(entries, self.t("history_empty"))))

    def help_lines(self) -> list[HelpLine]:
        bindings = [b for b in [*self.BINDINGS, *_TABLE_KEYS] if isinstance(b, Binding)]
        levels = {level for i in self.service.framework.indicators for level in i.scale.levels}
        return help_lines(bindings, HELP_TOPICS, self.t, levels=levels)

    def action_help(self) -> None:
        self.push_screen(TextScreen(self.t("help_title"), render(self.help_lines()) + "\n\n" + self.t("panel_legend")))
