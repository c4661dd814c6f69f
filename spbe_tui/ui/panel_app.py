"""The panel view: a team around one terminal (or a projector) going through one institution's
indicators, disagreements first, until each has a team level."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TypeVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from spbe_tui.errors import Conflict, SpbeError
from spbe_tui.i18n import Translator
from spbe_tui.paths import styles_dir
from spbe_tui.safe_text import inert
from spbe_tui.services.panel import Board, HistoryEntry, PanelService, Reviu, Row
from spbe_tui.ui.bindings import translate_bindings
from spbe_tui.ui.key_help import HelpLine, help_lines, render
from spbe_tui.ui.screens.confirm import ConfirmDialog
from spbe_tui.ui.screens.handover_dialog import Handover, HandoverDialog
from spbe_tui.ui.screens.help import TextScreen
from spbe_tui.ui.screens.history import history_text
from spbe_tui.ui.screens.level_dialog import LevelAnswer, LevelDialog
from spbe_tui.ui.widgets.header_bar import HeaderBar

REFRESH_S = 5.0  # others submit from their own SSH sessions; pick that up without a key

T = TypeVar("T")


def _cell(value: int | None) -> str:
    return "-" if value is None else str(value)


def reviu_mark(reviu: Reviu | None) -> str:
    """✓ Valid, ✗→n Tidak Valid with its corrected level; a trailing ? when the team level it
    judged was set again afterwards."""
    if reviu is None:
        return ""
    mark = "✓" if reviu.valid else f"✗→{reviu.corrected_level}"
    return mark + ("?" if reviu.stale else "")


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
        self._board_viewer: str | None = None  # whose view self.board is: never shown to another
        self._last_fault: str | None = None  # the periodic reload says a lasting fault only once
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
        members = self.board.members if self.board else []
        chair = any(m.id == member_id and m.role == "chair" for m in members)
        return f"{member_id} ({self.t('chair')})" if chair else member_id

    def _chairs(self) -> str:
        members = self.board.members if self.board else []
        return ", ".join(inert(m.id) for m in members if m.role == "chair") or "—"

    def reload(self) -> None:
        board = self._fetch(lambda: self.service.board(self.active, self.stage_id), repeat=False)
        if board is None:
            if self._board_viewer != self.active:
                self._forget_board()
            return
        self.board, self._board_viewer = board, self.active
        self._render_board()

    def _forget_board(self) -> None:
        """The board on screen was read for someone else, who may see levels the blind rule
        hides from the person at the keyboard now: take it away rather than leave it."""
        self.board, self._board_viewer, self._shown = None, None, []
        self.query_one(DataTable).clear(columns=True)
        self.query_one("#panel-stats", Static).update("")
        self.query_one("#panel-aspects", Static).update("")
        self.query_one(HeaderBar).show(
            [inert(self.service.instansi.name), self.t("at_keyboard", who=inert(self.active))], Text()
        )

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
            # The service leaves out what may not be shown; `?` says a level is hidden, not missing.
            levels = ["?" if member.id in row.hidden else _cell(row.levels.get(member.id)) for member in board.members]
            mark = "!" if row.disagreement else " "
            table.add_row(
                f"{mark}{row.indicator:>2}", Text(inert(row.name)), _cell(row.self_level), *levels,
                _cell(row.spread), _cell(row.suggested), Text(_cell(row.team_level), style="bold"),
                reviu_mark(row.reviu),
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

    def _attempt(self, action: Callable[[], object]) -> bool:
        """Run a step; a refusal or a database fault becomes a notification, never a traceback."""
        return self._fetch(lambda: action() or True) is not None

    def _fetch(self, action: Callable[[], T], repeat: bool = True) -> T | None:
        """`_attempt` for a step that answers something: None when it failed (and was said).
        With `repeat` False the same fault is said once, not at every periodic reload."""
        try:
            value = action()
        except SpbeError as exc:
            message = str(exc)
        except sqlite3.Error as exc:
            message = self.t("database_fault", reason=str(exc))
        else:
            self._last_fault = None
            return value
        if repeat or message != self._last_fault:
            self.notify(message, severity="error", timeout=6)
        self._last_fault = message
        return None

    def _may(self, check: Callable[[str], bool], refusal: str) -> bool:
        """Ask the service before a dialog opens, so nobody types what would be refused."""
        allowed = self._fetch(lambda: check(self.active))
        if allowed is False:
            self.notify(refusal, severity="warning", timeout=8)
        return bool(allowed)

    def action_switch_active(self) -> None:
        """Whoever takes the keyboard proves it is them: their rights apply from then on."""
        people = self._fetch(self.service.keyboard_candidates)
        if people is None:
            return
        others = [p for p in people if p != self.active]
        if others:
            self._handover_dialog(others)

    def _handover_dialog(self, people: list[str], chosen: str | None = None, notice: str = "") -> None:
        def hand_over(answer: Handover | None) -> None:
            if answer is None:
                return
            try:
                self.service.hand_over(answer.person, answer.passphrase, self.active)
            except (SpbeError, sqlite3.Error) as exc:
                reason = str(exc) if isinstance(exc, SpbeError) else self.t("database_fault", reason=str(exc))
                self._handover_dialog(people, answer.person, reason)
                return
            self.active = answer.person
            self.notify(self.t("active_now", who=inert(self._who(answer.person))))
            self.reload()

        self.push_screen(HandoverDialog(self.t, people, chosen, notice), hand_over)

    def _reload_from_top(self) -> None:
        """Levels just became visible and the order changed: start at what most needs talking about."""
        self.reload()
        if self._shown:
            self.query_one(DataTable).move_cursor(row=0)

    def action_lock(self) -> None:
        if self._attempt(lambda: self.service.lock(self.active, self.stage_id)):
            self.notify(self.t("submitted", stage=self.service.evaluation.stage(self.stage_id).name))
            self._reload_from_top()

    def action_reveal(self) -> None:
        """Revealing cannot be taken back (the blind round is over for everyone): ask first."""
        if not self._may(self.service.can_reveal,
                         self.t("only_chair_reveal", who=inert(self.active), chair=self._chairs())):
            return
        stage = self.service.evaluation.stage(self.stage_id).name
        if self.board and self.board.revealed:
            self.notify(self.t("already_revealed", stage=stage))
            return

        def answer(yes: bool | None) -> None:
            if yes and self._attempt(lambda: self.service.reveal(self.active, self.stage_id)):
                self._reload_from_top()

        self.push_screen(ConfirmDialog(self.t("key_reveal"), self.t("confirm_reveal", stage=stage)), answer)

    def action_toggle_disagreements(self) -> None:
        self.only_disagreements = not self.only_disagreements
        if self.board:
            self._render_table(self.board)

    def action_team_level(self, level: int) -> None:
        if not self._shown:
            return
        if not self._may(self.service.can_set_team_level,
                         self.t("only_chair_team", who=inert(self.active), chair=self._chairs())):
            return
        row = self.current_row
        if level not in self.service.framework.indicator(row.indicator).scale.levels:
            self.bell()
            return
        self._team_dialog(row.indicator, level, row.team_justification, row.team_version)

    def _team_dialog(self, number: int, level: int, text: str, seen_version: int, notice: str = "") -> None:
        """Open the chair's dialog; whatever stops a save reopens it with the text kept."""
        framework = self.service.framework

        def standard(at: int) -> str:
            return framework.justification(number, at)

        def save(answer: LevelAnswer | None) -> None:
            if answer is None:
                return
            try:
                self.service.set_team_level(self.active, self.stage_id, number, answer.level,
                                            answer.justification, seen_version)
            except Conflict as exc:
                current = exc.current
                self.reload()
                self._team_dialog(number, answer.level, answer.justification, current.version,
                                  self.t("conflict_team", who=inert(current.set_by), level=current.level))
                return
            except SpbeError as exc:
                self._team_dialog(number, answer.level, answer.justification, seen_version, str(exc))
                return
            except sqlite3.Error as exc:
                self._team_dialog(number, answer.level, answer.justification, seen_version,
                                  self.t("database_fault", reason=str(exc)))
                return
            self.notify(self.t("saved_team", n=number, level=answer.level))
            self.reload()

        self.push_screen(LevelDialog(
            self.t, self.t("team_dialog", n=number, stage=self.service.evaluation.stage(self.stage_id).name),
            framework.indicator(number).scale.levels, level, text or standard(level), notice, standard=standard,
        ), save)

    def action_reviu(self, valid: bool) -> None:
        if not self._shown:
            return
        if not self._may(self.service.can_reviu, self.t("only_reviewer", who=inert(self.active))):
            return
        row = self.current_row
        if valid:
            if self._attempt(lambda: self.service.set_reviu(self.active, row.indicator, True)):
                self.reload()
            return
        self._reviu_dialog(row.indicator, row.team_level, "")

    def _reviu_dialog(self, number: int, level: int | None, text: str, notice: str = "") -> None:
        def save(answer: LevelAnswer | None) -> None:
            if answer is None:
                return
            try:
                self.service.set_reviu(self.active, number, False, answer.level, answer.justification)
            except SpbeError as exc:
                self._reviu_dialog(number, answer.level, answer.justification, str(exc))
                return
            except sqlite3.Error as exc:
                self._reviu_dialog(number, answer.level, answer.justification,
                                   self.t("database_fault", reason=str(exc)))
                return
            self.reload()

        self.push_screen(LevelDialog(
            self.t, self.t("reviu_dialog", n=number), self.service.framework.indicator(number).scale.levels,
            level, text, notice,
        ), save)

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
