"""The assessor app: indicator tree on the left, the indicator, its evidence, the level selector and
the justification on the right. Every change goes to the review service at once."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from rich.text import Text
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.driver import Driver
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import MountError
from textual.widgets import Input, Label, Static, TabbedContent, TabPane, Tabs, TextArea, Tree

from spbe_tui.domain.index import IndexResult
from spbe_tui.domain.names import short_instansi_name
from spbe_tui.errors import Conflict, SpbeError, StorageError
from spbe_tui.i18n import Translator, say
from spbe_tui.os_text import os_reason
from spbe_tui.paths import styles_dir
from spbe_tui.safe_text import inert
from spbe_tui.services.review import IndicatorState, Origin, ReviewSession
from spbe_tui.services.workspace import Workspace
from spbe_tui.ui.bindings import translate_bindings
from spbe_tui.ui.gc_policy import CollectionPolicy, keep_collections_short
from spbe_tui.ui.key_help import HelpLine, help_lines, render
from spbe_tui.ui.screens.help import TextScreen
from spbe_tui.ui.screens.history import history_text
from spbe_tui.ui.screens.instansi_picker import InstansiPicker
from spbe_tui.ui.screens.quiet_screen import QuietScreen
from spbe_tui.ui.start_layout import OneStartLayout, rows_between, underline_first_tab, width_before_layout
from spbe_tui.ui.terminal_driver import thin_link_driver
from spbe_tui.ui.widgets.evidence_panel import HELP_TOPICS as EVIDENCE_TOPICS
from spbe_tui.ui.widgets.evidence_panel import EvidencePanel, help_bindings
from spbe_tui.ui.widgets.header_bar import HeaderBar
from spbe_tui.ui.widgets.indicator_detail import IndicatorDetail
from spbe_tui.ui.widgets.indicator_tree import IndicatorTree
from spbe_tui.ui.widgets.justification_box import DraftKey, JustificationBox
from spbe_tui.ui.widgets.key_line import KeyLine, active_hints
from spbe_tui.ui.widgets.level_selector import LevelSelector

if TYPE_CHECKING:
    from spbe_tui.services.panel import PanelService

JUSTIFICATION_DEBOUNCE_S = 0.4
RETRY_S = 2.0  # how often a change the database refused is tried again
T = TypeVar("T")


@dataclass
class Unsaved:
    """A change the database did not take yet, for one key."""

    level: int | None = None
    text: str | None = None
    base_version: int = 0
    reason: str = ""

# Binding descriptions are message keys, translated per instance (see ui/bindings.py).
_LEVEL_BINDINGS = [
    Binding(str(n), f"set_level({n})", "key_level", show=(n == 1), key_display="1-5", id=f"level-{n}")
    for n in range(0, 10)
]


# Keys Textual handles itself, listed so the help names them too.
_TEXTUAL_KEYS = [
    Binding("tab", "app.focus_next", id="next-pane"),
]
HELP_TOPICS: tuple[tuple[str, ...], ...] = (
    ("indicator-up", "indicator-down"),
    tuple(f"level-{n}" for n in range(10)),
    ("step-down", "step-up"),
    ("confirm",),
    ("next-undecided",),
    ("next-pane",),
    ("filter",),
    ("evidence",),
    *EVIDENCE_TOPICS,
    ("fill-template",),
    ("to-list",),
    ("undo",),
    ("command-palette",),
    ("switch-instansi",),
    ("history",),
    ("help",),
    ("quit",),
)


# Which hints stay longest when the key line is short (binding ids; others leave first).
KEY_LINE_KEEP = ("confirm", "level-1", "next-undecided", "help", "quit", "command-palette", "to-list",
                 "evidence-full")


class AssessorApp(OneStartLayout[None]):
    justification_delay = JUSTIFICATION_DEBOUNCE_S  # typing pauses this long before it is saved
    retry_delay = RETRY_S
    _collections: CollectionPolicy | None = None  # from on_mount on
    # The picker's styles too: a screen's own, read when it is first shown, make Textual parse the
    # whole stylesheet again and restyle every widget (~40 ms of the first ctrl+o).
    CSS_PATH = [str(styles_dir() / name)
                for name in ("common.tcss", "assessor.tcss", "evidence.tcss", "instansi_picker.tcss")]
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        *_LEVEL_BINDINGS,
        Binding("left", "step(-1)", "key_step_down", show=False, id="step-down"),
        Binding("right", "step(1)", "key_step_up", show=False, id="step-up"),
        Binding("space", "confirm", "key_confirm", id="confirm"),
        Binding("n", "next_undecided", "key_next", id="next-undecided"),
        Binding("slash", "filter", "key_filter", show=False, id="filter"),
        Binding("e", "evidence", "key_evidence", show=False, id="evidence"),
        Binding("ctrl+t", "fill_template", "key_template", show=False, id="fill-template"),
        Binding("ctrl+z", "undo", "key_undo", show=False, id="undo"),
        Binding("ctrl+o", "switch_instansi", "key_switch", show=False, id="switch-instansi"),
        Binding("h", "history", "key_history", show=False, id="history"),
        Binding("question_mark", "help", "key_help", id="help"),
        Binding("ctrl+q", "quit", "key_quit", id="quit", priority=True),
        # Textual's own would say "palette" in every language.
        Binding(App.COMMAND_PALETTE_BINDING, "command_palette", "key_palette", show=False, priority=True,
                id="command-palette"),
    ]

    def __init__(
        self, workspace: Workspace, session: ReviewSession, start_indicator: int | None, translator: Translator,
        keymap: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        # No animations: over SSH each frame of a sliding tab underline or a smooth scroll is
        # bytes on the wire, and `e` waited ~300 ms for the underline to finish.
        self.animation_level = "none"
        self.workspace = workspace
        self.session = session
        self.t = translator
        self.keymap = keymap or {}
        self.current: int = start_indicator or session.framework.indicators[0].number
        self._justification_timer: Timer | None = None
        # Changes the database refused (disk full, read-only, locked): kept, shown and retried.
        self._unsaved: dict[DraftKey, Unsaved] = {}
        self._retry_timer: Timer | None = None
        self._quit_armed = False
        self._position: tuple[str, str, int] | None = None  # the last one stored, or shown at start
        # Held, not queried: the box is needed while a modal screen is on top, and at unmount.
        self.box = JustificationBox(id="justification")
        self.evidence = EvidencePanel(id="evidence")
        translate_bindings(self, self.t)
        # The palette's own binding, shown on the key line (the footer showed it on its own).
        palette = next(b for b in self.BINDINGS if isinstance(b, Binding) and b.id == "command-palette")
        self._palette_hint = dataclasses.replace(palette, show=True, description=self.t(palette.description))
        if keymap:
            self.set_keymap(keymap)


    # --- layout --------------------------------------------------------------------------------

    def get_driver_class(self) -> type[Driver]:
        return thin_link_driver(super().get_driver_class())

    def get_default_screen(self) -> Screen:
        return QuietScreen(id="_default")

    def compose(self) -> ComposeResult:
        yield HeaderBar(id="header")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                # No cursor blink anywhere: over SSH a blinking cursor costs bandwidth forever.
                yield Input(placeholder=self.t("filter_placeholder"), id="filter")
                yield IndicatorTree(id="tree")
            with Vertical(id="right"):
                with TabbedContent(id="tabs"):
                    with TabPane(self.t("tab_detail"), id="tab-detail"):
                        yield IndicatorDetail(id="detail")
                    # The panel is mounted after the first frame (_mount_evidence): it and its
                    # viewer are ~100 ms of the start, for a tab that is not shown.
                    yield TabPane(self.t("tab_evidence"), id="tab-evidence")
                yield LevelSelector(id="selector")
                yield Label(id="justification-label")
                yield self.box
        yield Static(id="unsaved")
        yield KeyLine(id="keys")

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        for field in self.query(Input):
            field.cursor_blink = False
        for area in self.query(TextArea):
            area.cursor_blink = False
        # Three Tab stops: the list, what the right pane shows, the justification. The tab bar
        # and the selector answer their own keys (e, digits, ←/→, space) and the mouse.
        self.query_one(TabbedContent).query_one(Tabs).can_focus = False
        self.query_one(LevelSelector).can_focus = False
        tree = self.query_one(IndicatorTree)
        translate_bindings(tree, self.t)
        translate_bindings(self.box, self.t)
        tree.follow = self._follow
        tree.decimal = self.t.decimal
        tree.expected_width = width_before_layout(self.query_one("#left"), self.size.width)
        tree.expected_height = rows_between(self.size.height, self.query_one(HeaderBar), self.query_one(KeyLine))
        tree.build(self.session)
        underline_first_tab(self.query_one(TabbedContent).query_one(Tabs))
        self.query_one("#filter", Input).display = False
        self.query_one("#unsaved", Static).display = False
        if not tree.select_indicator(self.current):
            self.current = self.session.framework.indicators[0].number
            tree.select_indicator(self.current)
        self._show_indicator(self.current)
        self._refresh_header()
        tree.focus()
        self.screen.bindings_updated_signal.subscribe(self, self._show_keys)
        self._show_keys(self.screen)
        self.call_after_refresh(self._mount_evidence)
        # Full garbage collections kept short (a few ms) while keys come: start-up frozen after
        # the first frame, and the rest of the policy (why, with figures: ui/gc_policy.py).
        self._collections = keep_collections_short(self)

    async def _mount_evidence(self) -> None:
        # Not textual.lazy.Lazy: an app quit before the mount made it raise a MountError.
        pane = self.query_one("#tab-evidence", TabPane)
        with suppress(MountError):
            await pane.mount(self.evidence)
        self.call_after_refresh(self.settle_screen_map)  # the layout of the mount done (see there)

    # --- showing -------------------------------------------------------------------------------

    def _show_keys(self, screen: Screen) -> None:
        """The key line, for what has the focus now."""
        self.query_one(KeyLine).show(active_hints(screen, KEY_LINE_KEEP, [self._palette_hint]))

    def _refresh_header(self, result: IndexResult | None = None) -> None:
        result = result or self.session.index()
        right = Text(no_wrap=True)
        right.append(f"{self.t('index')} ", style="dim")
        right.append(self.t.decimal(result.index_display), style="bold")
        predikat = result.predikat()
        right.append(f" {predikat}" if predikat else f" {self.t('incomplete')}", style="bold")
        right.append(" · " + self.t("undecided", n=self.session.undecided_count))
        if self.session.locked:
            right.append(" · " + self.t("submitted_mark"), style="bold reverse")
        self.query_one(HeaderBar).show(
            [
                (inert(self.session.evaluation.name), ""),
                (inert(self.session.instansi.name), inert(short_instansi_name(self.session.instansi.name))),
                (inert(self.session.stage.name), inert(self.session.stage.id)),
                inert(self.session.assessor_id),
            ],
            right,
        )

    def _selector_caption(self, number: int) -> str:
        state = self.session.state(number)
        origin = {
            Origin.DECIDED: "origin_decided", Origin.CARRIED: "origin_carried",
            Origin.SELF: "origin_self", Origin.NONE: "origin_none",
        }[state.origin]
        name = state.indicator.scale.levels.get(state.level, "") if state.level is not None else ""
        caption = f"{state.level if state.level is not None else '-'} {name} · {self.t(origin)}"
        caption += f" · {self.t('self_level')} {state.self_level if state.self_level is not None else '-'}"
        if state.stale:
            caption += f" · ~ {self.t('stale')}"
        return caption

    def _show_level(self, number: int) -> None:
        """Another level of the indicator shown: the selector and the marked criteria."""
        state = self.session.state(number)
        self._show_selector(state)
        self.query_one(IndicatorDetail).show_level(state)

    def _show_selector(self, state: IndicatorState) -> None:
        caption = self._selector_caption(state.indicator.number)
        self.query_one(LevelSelector).show(state.indicator.scale.levels, state.level, caption)

    def _key(self, number: int) -> DraftKey:
        return DraftKey(self.session.instansi.id, self.session.stage.id, number)

    def _show_indicator(self, number: int, *, save_edit: bool = True) -> None:
        if save_edit:
            self._flush_justification()
        self.current = number
        self._remember_position()
        state = self.session.state(number)
        self.query_one(IndicatorDetail).show(state, self.t)
        tabs = self.query_one(TabbedContent)
        self.evidence.show(self.session.evidence, state.evidence, self.t, tabs.active == "tab-evidence")
        self._show_selector(state)  # the detail has its criteria, marked, from show()
        self._show_justification(number)
        self.call_after_refresh(self._prepare_neighbours, number)

    def _prepare_neighbours(self, number: int) -> None:
        """Once the frame is out: the details a move up or down would show, rendered while the
        person reads, so the move's key only compares them with the screen."""
        if number != self.current or not self.is_running:
            return  # moved on before the frame: the next one prepares its own
        detail = self.query_one(IndicatorDetail)
        for neighbour in self.query_one(IndicatorTree).neighbours():
            detail.prepare_indicator(self.session.state(neighbour), self.t)

    def _remember_position(self) -> None:
        """Where the person is (institution, stage, indicator), stored on every move so a dropped
        link reopens there. Not at start-up: opening the app writes nothing."""
        where = (self.session.instansi.id, self.session.stage.id, self.current)
        if self._position in (None, where):
            self._position = where
            return
        self._position = where
        try:
            self.session.remember_position(self.current)
        except (SpbeError, sqlite3.Error):
            pass  # a convenience, not a decision: a full disk is said once, by what could not be saved

    def _show_justification(self, number: int) -> None:
        """The stored text of this key, or the person's text the database has not taken yet."""
        state = self.session.state(number)
        box = self.box
        key = self._key(number)
        box.show(key, state.justification, state.version, self.session.read_only)
        kept = self._unsaved.get(key)
        if kept is not None and kept.text is not None:
            box.put_text(kept.text)
        label = self.t("justification_carried" if state.justification_carried else "justification_label")
        widget = self.query_one("#justification-label", Label)
        if str(widget.content) != label:
            # Its size is fixed (styles): a new text needs a repaint of the line, not a layout.
            widget.update(Text(label, style="bold"), layout=False)

    def _after_change(self, number: int) -> None:
        result = self.session.index()
        self.query_one(IndicatorTree).refresh_indicator(self.session, number, result)
        if number == self.current:
            self._show_level(number)
            self._sync_box(number)
        self._refresh_header(result)

    def _sync_box(self, number: int) -> None:
        """After a stored change of the shown indicator: an untouched box shows the stored text; a
        box being typed in keeps its text, based on the new version only if the stored text is
        still the one the person started from (else saving it reports the conflict)."""
        box, key = self.box, self._key(number)
        if box.key != key:
            return
        state = self.session.state(number)
        if box.pending_edit() is None:
            box.show(key, state.justification, state.version, self.session.read_only)
        elif box.loaded_text == state.justification:
            box.rebase(state.version)

    def _rebuild(self) -> None:
        """After a stage or institution switch: every line may have changed."""
        tree = self.query_one(IndicatorTree)
        tree.build(self.session)
        if not tree.select_indicator(self.current):
            self.current = self.session.framework.indicators[0].number
            tree.select_indicator(self.current)
        self._show_indicator(self.current, save_edit=False)
        self._refresh_header()

    # --- events --------------------------------------------------------------------------------

    def _follow(self, number: int) -> None:
        if number != self.current:
            self._show_indicator(number)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        number = event.node.data
        if number and number != self.current:
            self._show_indicator(number)

    def on_level_selector_chosen(self, event: LevelSelector.Chosen) -> None:
        self._set_level(self.current, event.level)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if not isinstance(event.text_area, JustificationBox) or event.text_area.pending_edit() is None:
            return  # a load, not typing
        if self._justification_timer is not None:
            self._justification_timer.stop()
        self._justification_timer = self.set_timer(self.justification_delay, self._flush_justification)

    def _flush_justification(self, *, show: bool = True) -> bool:
        """Save the person's edit to the key it belongs to; False while it could not be saved.
        `show` is False at unmount, when there is no screen left to update."""
        if self._justification_timer is not None:
            self._justification_timer.stop()
            self._justification_timer = None
        box = self.box
        edit = box.pending_edit()
        if edit is None:
            return True
        if edit.key.instansi_id != self.session.instansi.id:
            return False  # never written through another institution's session
        try:
            version = self.session.set_justification(edit.key.stage_id, edit.key.indicator, edit.text,
                                                     edit.base_version)
        except Conflict as exc:
            box.rebase(exc.current.version)
            self.notify(self.t("conflict_text", n=edit.key.indicator, text=inert(exc.current.justification)),
                        severity="warning", timeout=12)
            return False
        except (StorageError, sqlite3.Error) as exc:
            if show:
                self._keep_unsaved(edit.key, text=edit.text, base_version=edit.base_version, reason=str(exc))
            return False
        except SpbeError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return False
        self._unsaved.pop(edit.key, None)
        box.saved(edit.text, version)
        if show:
            self._after_change(edit.key.indicator)
        return True

    # --- changes the database did not take -----------------------------------------------------

    def _keep_unsaved(self, key: DraftKey, *, reason: str, level: int | None = None, text: str | None = None,
                      base_version: int = 0) -> None:
        kept = self._unsaved.setdefault(key, Unsaved(base_version=base_version))
        if level is not None:
            kept.level = level
        if text is not None:
            kept.text = text
        kept.reason = reason
        self._show_unsaved()
        if self._retry_timer is None:
            self._retry_timer = self.set_interval(self.retry_delay, self._retry_unsaved)

    def _show_unsaved(self) -> None:
        line = self.query_one("#unsaved", Static)
        line.display = bool(self._unsaved)
        if self._unsaved:
            reason = next(iter(self._unsaved.values())).reason
            numbers = ", ".join(str(k.indicator) for k in self._unsaved)
            line.update(Text(self.t("unsaved", n=numbers, reason=reason), style="bold reverse"))

    def _retry_unsaved(self) -> None:
        for key, kept in list(self._unsaved.items()):
            if key.instansi_id != self.session.instansi.id:
                continue
            try:
                if kept.level is not None:
                    self.session.set_level(key.indicator, kept.level, stage_id=key.stage_id)
                    kept.level = None
                if kept.text is not None:
                    self.session.set_justification(key.stage_id, key.indicator, kept.text, kept.base_version)
                    kept.text = None
            except (StorageError, sqlite3.Error) as exc:
                kept.reason = str(exc)
                break
            except SpbeError as exc:  # a conflict or a refusal: say so, keep nothing hidden
                self.notify(str(exc), severity="warning", timeout=12)
            del self._unsaved[key]
            if key == self._key(self.current):
                self._show_justification(self.current)
            self._after_change(key.indicator)
        if not self._unsaved and self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None
            self.notify(self.t("saved_now"))
        self._show_unsaved()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "filter":
            return
        query = event.value.strip().lower()
        tree = self.query_one(IndicatorTree)
        if not query:
            tree.build(self.session)
        else:
            only = {
                s.indicator.number for s in self.session.states()
                if query in f"{s.indicator.number} {s.indicator.short_name} {s.indicator.name}".lower()
            }
            tree.build(self.session, only=only)
        if not tree.select_indicator(self.current):
            first = tree.select_first()
            if first is not None:
                self._show_indicator(first)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            self.query_one(IndicatorTree).focus()

    def on_key(self, event) -> None:
        if event.key == "escape" and self.focused is self.query_one("#filter", Input):
            event.stop()
            filter_input = self.query_one("#filter", Input)
            filter_input.value = ""
            filter_input.display = False
            self.query_one(IndicatorTree).focus()

    def on_unmount(self) -> None:
        self._flush_justification(show=False)
        if self._collections is not None:
            self._collections.detach()

    async def action_quit(self) -> None:
        """Quit, unless something typed is not saved yet: then the first ctrl+q warns."""
        saved = self._flush_justification()
        if (self._unsaved or not saved) and not self._quit_armed:
            self._quit_armed = True
            self.notify(self.t("quit_unsaved"), severity="error", timeout=10)
            return
        self.exit()

    # --- actions -------------------------------------------------------------------------------

    def _set_level(self, number: int, level: int) -> None:
        if not self._refuse_when_read_only() and self._store_level(number, level,
                                                                   lambda: self.session.set_level(number, level)):
            self._after_change(number)

    def _store_level(self, number: int, level: int | None, change: Callable[[], object]) -> bool:
        """Run a level change; a conflict, a refusal or a database fault is said (and a level the
        database did not take is kept and retried). True when it was stored."""
        try:
            change()
        except Conflict as exc:
            self._after_change(number)
            self.notify(self.t("conflict_level", n=number, level=exc.current.level), severity="warning", timeout=10)
            return False
        except (StorageError, sqlite3.Error) as exc:
            self._keep_unsaved(self._key(number), level=level, reason=str(exc))
            return False
        except SpbeError as exc:
            self.notify(str(exc), severity="warning")
            return False
        return True

    def _refuse_when_read_only(self) -> bool:
        reason = self.session.read_only_reason()
        if reason:
            self.notify(reason, severity="warning")
            return True
        return False

    def _attempt(self, action: Callable[[], object]) -> bool:
        """Run a step; a refusal or a database fault becomes a notification, never a traceback."""
        return self._fetch(lambda: action() or True) is not None

    def _fetch(self, action: Callable[[], T]) -> T | None:
        """`_attempt` for a step that answers something: None when it failed (and was said)."""
        try:
            return action()
        except SpbeError as exc:
            self.notify(str(exc), severity="error", timeout=8)
        except sqlite3.Error as exc:
            self.notify(self.t("database_fault", reason=str(exc)), severity="error", timeout=10)
        return None

    def _sync_current(self) -> int:
        """The indicator under the tree cursor, shown if it is not yet.

        A fast typist's digit can arrive before the tree's highlight message: the level must go
        to the indicator the cursor is on, not to the one shown a moment ago.
        """
        number = self.query_one(IndicatorTree).current_indicator
        if number and number != self.current:
            self._show_indicator(number)
        return self.current

    def action_set_level(self, level: int) -> None:
        self._sync_current()
        if level not in self.session.state(self.current).indicator.scale.levels:
            self.bell()
            return
        self._set_level(self.current, level)

    def action_step(self, delta: int) -> None:
        state = self.session.state(self._sync_current())
        levels = list(state.indicator.scale.levels)
        start = state.level if state.level is not None else (levels[0] if delta > 0 else levels[-1]) - delta
        target = max(levels[0], min(levels[-1], start + delta))
        self._set_level(self.current, target)

    def action_confirm(self) -> None:
        """The level shown becomes this assessor's decision (with a carried text), then on to the
        next indicator still waiting: agreeing with a level is one key."""
        number = self._sync_current()
        level = self.session.state(number).level
        if self._refuse_when_read_only() or not self._flush_justification():
            return
        if level is None:
            self.bell()
            return
        if self._store_level(number, level, lambda: self.session.confirm(number)):
            self._after_change(number)
            self.action_next_undecided()

    def action_next_undecided(self) -> None:
        number = self.session.next_undecided(self._sync_current())
        if number is None:
            self.notify(self.t("all_decided"))
            return
        self._jump(number)

    def _jump(self, number: int, *, save_edit: bool = True) -> None:
        tree = self.query_one(IndicatorTree)
        if not tree.select_indicator(number):
            filter_input = self.query_one("#filter", Input)
            filter_input.value = ""
            filter_input.display = False
            tree.build(self.session)
            tree.select_indicator(number)
        self._show_indicator(number, save_edit=save_edit)
        tree.focus()

    def action_focus_list(self) -> None:
        self.query_one(IndicatorTree).focus()

    def action_filter(self) -> None:
        filter_input = self.query_one("#filter", Input)
        filter_input.display = True
        filter_input.focus()

    def action_evidence(self) -> None:
        self.query_one(TabbedContent).active = "tab-evidence"
        self._with_evidence(EvidencePanel.focus_preview)

    def on_evidence_panel_left(self, event: EvidencePanel.Left) -> None:
        self.query_one(IndicatorTree).focus()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "tab-evidence":
            self._with_evidence(EvidencePanel.activate)

    def _with_evidence(self, act: Callable[[EvidencePanel], object]) -> None:
        """`act` on the evidence panel now, or once it is mounted (after the first frame: a key
        can come before)."""
        if self.evidence.is_mounted:
            act(self.evidence)
        else:
            self.call_after_refresh(self._with_evidence, act)

    def action_fill_template(self) -> None:
        self._sync_current()
        if self._refuse_when_read_only():
            return
        box = self.box
        box.put_text(self.session.justification_template(self.current))
        box.focus()
        self._flush_justification()

    def action_undo(self) -> None:
        if self._refuse_when_read_only() or not self._flush_justification():
            return
        stage_before = self.session.stage.id
        number = self._fetch(self.session.undo)
        if number is None:
            self.notify(self.t("nothing_to_undo"))
            return
        if self.session.stage.id != stage_before:
            self._rebuild()
        self._jump(number, save_edit=False)
        self._after_change(number)
        self._show_justification(number)
        self.notify(self.t("undone", n=number))

    def help_lines(self) -> list[HelpLine]:
        bindings = [*self.BINDINGS, *IndicatorTree.BINDINGS, *help_bindings(), *JustificationBox.BINDINGS,
                    *_TEXTUAL_KEYS]
        levels = {level for i in self.session.framework.indicators for level in i.scale.levels}
        return help_lines([b for b in bindings if isinstance(b, Binding)], HELP_TOPICS, self.t, self.keymap, levels)

    def action_help(self) -> None:
        self.push_screen(TextScreen(self.t("help_title"), render(self.help_lines()) + "\n\n" + self.t("help_legend"),
                                    self.t("text_screen_hint")))

    def _panel(self) -> PanelService:
        return self.workspace.panel(self.session.instansi.id)

    def action_history(self) -> None:
        number = self._sync_current()
        entries = self._fetch(lambda: self._panel().history(self.session.assessor_id, number))
        if entries is None:
            return
        self.push_screen(TextScreen(self.t("history_title", n=number), history_text(entries, self.t("history_empty")),
                                    self.t("text_screen_hint")))

    def action_export_mine(self) -> None:
        """This assessor's levels of this institution and stage, as CSV in the home folder."""
        from spbe_tui.services.scores import session_table
        from spbe_tui.writers.score_file import write_table

        if not self._flush_justification():
            return
        s = self.session
        target = Path.home() / f"spbe-{s.instansi.id}-{s.stage.id}-{s.assessor_id}.csv"
        try:
            write_table(target, session_table(s), "csv")
        except (OSError, SpbeError) as exc:
            reason = os_reason(exc) if isinstance(exc, OSError) else str(exc)
            self.notify(self.t("export_failed", path=str(target), reason=reason), severity="error")
            return
        self.notify(self.t("exported", path=str(target)), timeout=8)

    def action_submit_stage(self) -> None:
        if not self._flush_justification():
            return
        if not self._attempt(lambda: self._panel().lock(self.session.assessor_id, self.session.stage.id)):
            return
        self.session.reload()
        self._rebuild()
        self.notify(self.t("submitted", stage=self.session.stage.name))

    def _may_leave(self) -> bool:
        """Another institution or stage only once everything typed here is saved."""
        if self._flush_justification() and not self._unsaved:
            return True
        self.notify(self.t("unsaved_stay"), severity="error", timeout=8)
        return False

    def action_switch_instansi(self) -> None:
        if not self._may_leave():
            return
        items = self._fetch(lambda: self.workspace.instansi(self.session.stage.id))
        if items is not None:
            InstansiPicker.open(self, items, self.t, self.session.instansi.id, self._open_instansi)

    def _open_instansi(self, instansi_id: str | None) -> None:
        if not instansi_id or instansi_id == self.session.instansi.id or not self._may_leave():
            return
        session = self._fetch(lambda: self.workspace.open(instansi_id, self.session.stage.id))
        if session is None:
            return
        self.session = session
        self._rebuild()

    def switch_stage(self, stage_id: str) -> None:
        if not self._may_leave():
            return
        if not self._attempt(lambda: self.session.change_stage(stage_id)):
            return
        self._rebuild()
        self.notify(self.t("stage_now", stage=self.session.stage.name))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand(self.t("cmd_switch_instansi"), self.t("cmd_switch_instansi_help"),
                            self.action_switch_instansi)
        yield SystemCommand(self.t("cmd_submit"), self.t("cmd_submit_help"), self.action_submit_stage)
        yield SystemCommand(self.t("cmd_export"), self.t("cmd_export_help"), self.action_export_mine)
        for stage in self.session.evaluation.stages:
            yield SystemCommand(
                self.t("cmd_stage", stage=stage.name), self.t("cmd_stage_help"),
                lambda stage_id=stage.id: self.switch_stage(stage_id),
            )
        for indicator in self.session.framework.indicators:
            yield SystemCommand(
                self.t("cmd_jump", n=indicator.number, name=indicator.short_name), self.t("cmd_jump_help"),
                lambda number=indicator.number: self._jump(number), discover=False,
            )
        yield from super().get_system_commands(screen)


def load_keymap(path: Path) -> dict[str, str]:
    """Binding id -> keys, from a TOML file such as `next-undecided = "n,ctrl+n"`."""
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SpbeError(say("keymap_unreadable", path=str(path), reason=str(exc))) from None
    if not all(isinstance(v, str) for v in data.values()):
        raise SpbeError(say("keymap_entry", path=str(path)))
    return dict(data)
