"""The panel view: a team around one terminal (or a projector) going through one institution's
indicators, disagreements first, until each has a team level."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.driver import Driver
from textual.screen import Screen
from textual.widgets import DataTable, Static

from spbe_tui.domain.names import short_instansi_name
from spbe_tui.errors import Conflict, SpbeError
from spbe_tui.i18n import Translator
from spbe_tui.paths import styles_dir
from spbe_tui.safe_text import inert
from spbe_tui.services.panel import Board, HistoryEntry, PanelService, Reviu, Row, Unanimous
from spbe_tui.services.panel_instansi import panel_instansi
from spbe_tui.ui.bindings import translate_bindings
from spbe_tui.ui.gc_policy import resume_collections
from spbe_tui.ui.key_help import HelpLine, help_lines, render
from spbe_tui.ui.screens.confirm import ConfirmDialog
from spbe_tui.ui.screens.handover_dialog import Handover, HandoverDialog
from spbe_tui.ui.screens.help import TextScreen
from spbe_tui.ui.screens.history import history_text
from spbe_tui.ui.screens.instansi_picker import InstansiPicker
from spbe_tui.ui.screens.level_dialog import LevelAnswer, LevelDialog
from spbe_tui.ui.screens.quiet_screen import QuietScreen
from spbe_tui.ui.start_layout import OneStartLayout
from spbe_tui.ui.terminal_driver import thin_link_driver
from spbe_tui.ui.widgets.header_bar import HeaderBar
from spbe_tui.ui.widgets.key_line import KeyHint, KeyLine, binding_hints
from spbe_tui.ui.widgets.panel_table import PanelTable

REFRESH_S = 5.0  # others submit from their own SSH sessions; pick that up without a key
NAME_MIN = 12  # the indicator column never gets narrower than this

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


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"




def unanimous_list(rows: Sequence[Unanimous]) -> Text:
    """One line per row the chair is asked to accept: label, name, the level and its name."""
    label_width = max(cell_len(r.label) for r in rows)
    name_width = max(cell_len(r.name) for r in rows)
    text = Text(no_wrap=True, overflow="ellipsis")
    for row in rows:
        text.append(f"{row.label:>{label_width}}  ", style="bold")
        text.append(f"{inert(row.name):<{name_width}}  ")
        text.append(f"{row.level} {row.level_name}\n", style="bold")
    text.rstrip()
    return text


# Keys Textual and the table handle themselves, listed so the help (and the key line) name them too.
_TABLE_KEYS = [Binding("up", "cursor_up", id="row-up"), Binding("down", "cursor_down", id="row-down")]
_PALETTE_KEY = Binding(App.COMMAND_PALETTE_BINDING, "command_palette", "key_palette", id="panel-palette")
HELP_TOPICS: tuple[tuple[str, ...], ...] = (
    ("row-up", "row-down"),
    tuple(f"team-{n}" for n in range(10)),
    ("accept-unanimous",),
    ("switch-active",),
    ("lock",),
    ("reveal",),
    ("disagreements",),
    ("history",),
    ("reviu-valid", "reviu-invalid"),
    ("panel-palette",),
    ("help",),
    ("quit",),
)
# Which hints of the key line stay longest when the terminal is narrow; the help lists them all.
KEY_LINE_KEEP = ("help", "team-1", "accept-unanimous", "reveal", "lock", "switch-active", "quit", "disagreements",
                 "panel-palette", "history", "reviu-valid", "reviu-invalid")


class PanelApp(OneStartLayout[None]):
    CSS_PATH = [str(styles_dir() / "common.tcss"), str(styles_dir() / "panel.tcss")]
    BINDINGS = [
        *[Binding(str(n), f"team_level({n})", "key_team", show=(n == 1), key_display="1-5", id=f"team-{n}")
          for n in range(0, 10)],
        Binding("u", "accept_unanimous", "key_unanimous", id="accept-unanimous"),
        Binding("a", "switch_active", "key_active", id="switch-active"),
        Binding("l", "lock", "key_lock", id="lock"),
        Binding("r", "reveal", "key_reveal", id="reveal"),
        Binding("d", "toggle_disagreements", "key_disagree", id="disagreements"),
        Binding("h", "history", "key_history", id="history"),
        Binding("v", "reviu(True)", "key_valid", id="reviu-valid"),
        Binding("x", "reviu(False)", "key_invalid", id="reviu-invalid"),
        Binding("question_mark", "help", "key_help", id="help"),
        Binding("q,ctrl+q", "quit", "key_quit", id="quit"),
    ]

    def get_driver_class(self) -> type[Driver]:
        return thin_link_driver(super().get_driver_class())

    def get_default_screen(self) -> Screen:
        return QuietScreen(id="_default")

    def __init__(self, service: PanelService, actor_id: str, stage_id: str, translator: Translator) -> None:
        super().__init__()
        self.animation_level = "none"  # as in the reviewer: animation frames are bytes over SSH
        self.service = service
        self.t = translator
        self.stage_id = stage_id
        self.active = actor_id
        self.only_disagreements = False
        self.board: Board | None = None
        self._board_viewer: str | None = None  # whose view self.board is: never shown to another
        self._last_fault: str | None = None  # the periodic reload says a lasting fault only once
        self._drawn: tuple[Board, str, object] | None = None  # what the screen shows: see reload
        self._shown: list[Row] = []
        self._width = 0  # the terminal's width, which the header, table and lines are fitted to
        translate_bindings(self, translator)

    def compose(self) -> ComposeResult:
        yield HeaderBar(id="header")
        yield Static(id="panel-stats")
        yield PanelTable(id="panel-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="panel-aspects")
        yield KeyLine(id="panel-keys")

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        self._width = self.size.width
        self.query_one(KeyLine).show(self.key_hints())
        self.reload()
        self.query_one(DataTable).focus()
        self.set_interval(REFRESH_S, self.reload)
        self.call_after_refresh(resume_collections)

    def on_resize(self, event: events.Resize) -> None:
        """The table's name column and the lines above and below are fitted to the width."""
        if event.size.width == self._width:
            return
        self._width = event.size.width
        if self.board is not None and self._board_viewer == self.active:
            self._render_board()

    # --- showing -------------------------------------------------------------------------------

    def _who(self, member_id: str) -> str:
        members = self.board.members if self.board else []
        chair = any(m.id == member_id and m.role == "chair" for m in members)
        return f"{member_id} ({self.t('chair')})" if chair else member_id

    def _chairs(self) -> str:
        members = self.board.members if self.board else []
        return ", ".join(inert(m.id) for m in members if m.role == "chair") or "—"

    def key_hints(self) -> list[KeyHint]:
        """The key line: each shown binding once, its first key, in the order of BINDINGS."""
        return binding_hints([*self.BINDINGS, _PALETTE_KEY], KEY_LINE_KEEP, self.get_key_display, self.t)

    def reload(self) -> None:
        board = self._fetch(lambda: self.service.board(self.active, self.stage_id), repeat=False)
        if board is None:
            if self._board_viewer != self.active:
                self._forget_board()
            return
        if self._drawn == (board, self.active, self.service.instansi):
            # What is on screen already: drawn again, the table went over SSH whole (~20 KB at
            # 120×40) every REFRESH_S while nobody changed anything.
            return
        self.board, self._board_viewer = board, self.active
        self._render_board()

    def _forget_board(self) -> None:
        """The board on screen was read for someone else, who may see levels the blind rule
        hides from the person at the keyboard now: take it away rather than leave it."""
        self.board, self._board_viewer, self._shown, self._drawn = None, None, [], None
        self.query_one(DataTable).clear(columns=True)
        self.query_one("#panel-stats", Static).update("")
        self.query_one("#panel-aspects", Static).update("")
        self._show_header(Text())

    def _show_header(self, right: Text) -> None:
        """Institution, stage and who is at the keyboard; where the full names do not fit, the
        institution's and the stage's short forms, then the longest part cut, never dropped."""
        stage = self.service.evaluation.stage(self.stage_id)
        name = self.service.instansi.name
        self.query_one(HeaderBar).show(
            [(inert(name), inert(short_instansi_name(name))), (inert(stage.name), inert(stage.id)),
             self.t("at_keyboard", who=inert(self._who(self.active)))],
            right,
        )

    def _render_board(self) -> None:
        board = self.board
        assert board is not None
        self._drawn = (board, self.active, self.service.instansi)
        result = board.team_index
        right = Text(no_wrap=True)
        right.append(f"{self.t('team_index')} ", style="dim")
        right.append(self.t.decimal(result.index_display) if result else "—", style="bold")
        if result and result.predikat():
            right.append(f" {result.predikat()}", style="bold")
        self._show_header(right)
        self._render_stats(board)
        self._render_table(board)

    def _render_stats(self, board: Board) -> None:
        width = self._width - 2  # the lines' padding
        first = Text()
        if board.visible and board.agreement:
            a = board.agreement
            first.append(self.t("agreement", exact=_percent(a.exact), alpha=self._alpha(a.alpha),
                                n=sum(r.disagreement for r in board.rows)))
        else:
            first.append(self.t("hidden_note"), style="italic")
        members = {m.id for m in board.members}
        who = ", ".join(sorted(board.locked)) or "—"
        for locked in (self.t("locked_by", who=who),
                       self.t("locked_count", n=len(board.locked & members), of=len(members))):
            line = first.copy()
            line.append(f" · {locked}")
            if board.revealed:
                line.append(f" · {self.t('revealed')}", style="bold")
            if line.cell_len <= width:
                break
        line.no_wrap, line.overflow = True, "ellipsis"
        self.query_one("#panel-stats", Static).update(line)
        self.query_one("#panel-aspects", Static).update(self._aspect_line(board, width))

    def _alpha(self, value: float | None) -> str:
        return "—" if value is None else self.t.decimal(f"{value:.2f}")

    def _aspect_line(self, board: Board, width: int) -> Text:
        """Agreement per aspect on one line: exact and α where they fit, else exact only."""
        if not board.visible:
            return Text()
        values = board.aspect_agreement.items()
        full = "  ".join(f"A{n} {_percent(v.exact)}/α{self._alpha(v.alpha)}" for n, v in values)
        brief = "  ".join(f"A{n} {_percent(v.exact)}" for n, v in values)
        return Text(full if cell_len(full) <= width else brief, no_wrap=True, overflow="ellipsis")

    def _render_table(self, board: Board) -> None:
        table = self.query_one(DataTable)
        keep = self.current_row.indicator if self._shown and table.cursor_row < len(self._shown) else None
        self._shown = [r for r in board.rows if r.disagreement or not self.only_disagreements]
        labels = [self.t("col_no"), self.t("col_indicator"), self.t("col_self"),
                  *[inert(m.id[:8]) for m in board.members],
                  *[self.t(k) for k in ("col_spread", "col_median", "col_team", "col_reviu")]]
        rows = []
        for row in self._shown:
            # The service leaves out what may not be shown; `?` says a level is hidden, not missing.
            levels = ["?" if m.id in row.hidden else _cell(row.levels.get(m.id)) for m in board.members]
            mark = "!" if row.disagreement else " "
            rows.append([f"{mark}{row.label:>2}", inert(row.name), _cell(row.self_level), *levels,
                         _cell(row.spread), _cell(row.suggested), _cell(row.team_level), reviu_mark(row.reviu)])
        widths = [max([cell_len(label), *(cell_len(r[i]) for r in rows)]) for i, label in enumerate(labels)]
        padding = 2 * table.cell_padding
        others = sum(w + padding for i, w in enumerate(widths) if i != 1)
        room = self._width - table.styles.scrollbar_size_vertical - others - padding
        name_width = max(NAME_MIN, min(widths[1], room))
        table.clear(columns=True)
        for i, label in enumerate(labels):
            table.add_column(label, width=name_width if i == 1 else None)
        for row, cells in zip(self._shown, rows, strict=True):
            shown: list[str | Text] = list(cells)
            shown[1] = Text(cells[1], no_wrap=True, overflow="ellipsis")
            shown[-2] = Text(cells[-2], style="bold")  # the team level
            table.add_row(*shown, key=str(row.indicator))
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

    def _stage_name(self) -> str:
        return self.service.evaluation.stage(self.stage_id).name

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
            self.notify(self.t("submitted", stage=self._stage_name()))
            self._reload_from_top()

    def action_reveal(self) -> None:
        """Revealing cannot be taken back (the blind round is over for everyone): ask first."""
        if not self._may(self.service.can_reveal,
                         self.t("only_chair_reveal", who=inert(self.active), chair=self._chairs())):
            return
        stage = self._stage_name()
        if self.board and self.board.revealed:
            self.notify(self.t("already_revealed", stage=stage))
            return

        def answer(yes: bool | None) -> None:
            if yes and self._attempt(lambda: self.service.reveal(self.active, self.stage_id)):
                self._reload_from_top()

        self.push_screen(ConfirmDialog(self.t("key_reveal"), self.t("confirm_reveal", stage=stage)), answer)

    def action_accept_unanimous(self) -> None:
        """The chair sets the team level of every row all members agree on, after seeing the list."""
        if not self._may(self.service.can_set_team_level,
                         self.t("only_chair_unanimous", who=inert(self.active), chair=self._chairs())):
            return
        rows = self._fetch(lambda: self.service.unanimous_rows(self.active, self.stage_id))
        if rows is not None:
            self._unanimous_dialog(rows)

    def _unanimous_dialog(self, rows: list[Unanimous], notice: str = "") -> None:
        stage = self._stage_name()
        if not rows:
            self.notify(self.t("unanimous_none", stage=stage))
            return

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                done = self.service.accept_unanimous(self.active, self.stage_id, {r.indicator: r.level for r in rows})
            except Conflict as exc:
                self.reload()
                self._unanimous_dialog(exc.current, self.t("unanimous_changed_notice"))
                return
            except SpbeError as exc:
                self.notify(str(exc), severity="error", timeout=8)
                return
            except sqlite3.Error as exc:
                self.notify(self.t("database_fault", reason=str(exc)), severity="error", timeout=8)
                return
            self.notify(self.t("unanimous_done", n=len(done), stage=stage))
            self.reload()

        self.push_screen(ConfirmDialog(
            self.t("unanimous_title"), self.t("unanimous_question", n=len(rows), stage=stage),
            details=unanimous_list(rows), hint=self.t("confirm_scroll_hint"), notice=notice,
        ), answer)

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
            self.notify(self.t("saved_team", n=framework.indicator(number).label, level=answer.level))
            self.reload()

        self.push_screen(LevelDialog(
            self.t, self.t("team_dialog", n=framework.indicator(number).label, stage=self._stage_name()),
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

        indicator = self.service.framework.indicator(number)
        self.push_screen(LevelDialog(
            self.t, self.t("reviu_dialog", n=indicator.label), indicator.scale.levels, level, text, notice,
        ), save)

    def action_history(self) -> None:
        if not self._shown:
            return
        row = self.current_row
        entries: list[HistoryEntry] = []
        if self._attempt(lambda: entries.extend(self.service.history(self.active, row.indicator))):
            self.push_screen(TextScreen(self.t("history_title", n=row.label),
                                        history_text(entries, self.t("history_empty")), self.t("text_screen_hint")))

    def switch_stage(self, stage_id: str) -> None:
        self.stage_id = stage_id
        self._reload_from_top()
        self.notify(self.t("stage_now", stage=self._stage_name()))

    def action_switch_instansi(self) -> None:
        service = self.service
        items = self._fetch(lambda: panel_instansi(service.db, service.evaluation, self.active, self.stage_id))
        if items is None:
            return
        if not [item for item in items if item.id != service.instansi_id]:
            self.notify(self.t("no_other_instansi", who=inert(self.active)))
            return
        InstansiPicker.open(self, items, self.t, service.instansi_id, self._open_instansi)

    def _open_instansi(self, instansi_id: str | None) -> None:
        """Another institution's panel, with the same person at the keyboard: only once its board
        could be read for them, so a refusal leaves this one as it was."""
        if not instansi_id or instansi_id == self.service.instansi_id:
            return
        service = self._fetch(lambda: self.service.for_instansi(instansi_id))
        if service is None:
            return
        board = self._fetch(lambda: service.board(self.active, self.stage_id))
        if board is None:
            return
        self.service, self.board, self._board_viewer, self._shown = service, board, self.active, []
        self._render_board()
        if self._shown:
            self.query_one(DataTable).move_cursor(row=0)
        self.notify(self.t("instansi_now", name=inert(service.instansi.name)))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand(self.t("cmd_unanimous"), self.t("cmd_unanimous_help"), self.action_accept_unanimous)
        yield SystemCommand(self.t("cmd_reveal"), self.t("cmd_reveal_help"), self.action_reveal)
        yield SystemCommand(self.t("cmd_lock"), self.t("cmd_lock_help"), self.action_lock)
        yield SystemCommand(self.t("cmd_all_rows" if self.only_disagreements else "cmd_disagreements"),
                            self.t("cmd_disagreements_help"), self.action_toggle_disagreements)
        if self._shown:
            yield SystemCommand(self.t("history_title", n=self.current_row.label), self.t("cmd_history_help"),
                                self.action_history)
        yield SystemCommand(self.t("handover_title"), self.t("cmd_handover_help"), self.action_switch_active)
        for stage in self.service.evaluation.stages:
            if stage.id != self.stage_id:
                yield SystemCommand(self.t("cmd_stage", stage=stage.name), self.t("cmd_stage_help"),
                                    lambda stage_id=stage.id: self.switch_stage(stage_id))
        yield SystemCommand(self.t("cmd_switch_instansi"), self.t("cmd_switch_instansi_help"),
                            self.action_switch_instansi)
        for indicator in self.service.framework.indicators:
            yield SystemCommand(self.t("cmd_jump", n=indicator.label, name=indicator.short_name),
                                self.t("cmd_jump_help"), lambda number=indicator.number: self.jump(number),
                                discover=False)
        yield from super().get_system_commands(screen)

    def jump(self, number: int) -> None:
        """Put the cursor on the indicator's row, showing every row if the filter hides it."""
        if self.board is None:
            return
        if self.only_disagreements and not any(r.indicator == number for r in self._shown):
            self.action_toggle_disagreements()
        rows = [r.indicator for r in self._shown]
        if number in rows:
            self.query_one(DataTable).move_cursor(row=rows.index(number))

    def help_lines(self) -> list[HelpLine]:
        bindings = [b for b in [*self.BINDINGS, *_TABLE_KEYS, _PALETTE_KEY] if isinstance(b, Binding)]
        levels = {level for i in self.service.framework.indicators for level in i.scale.levels}
        return help_lines(bindings, HELP_TOPICS, self.t, levels=levels)

    def action_help(self) -> None:
        self.push_screen(TextScreen(self.t("help_title"), render(self.help_lines()) + "\n\n" + self.t("panel_legend"),
                                    self.t("text_screen_hint")))
