"""Ask for a level and a justification: the chair's team level, or the Tim Reviu's correction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from os.path import commonprefix

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Static, TextArea

from spbe_tui.i18n import Translator
from spbe_tui.paths import styles_dir
from spbe_tui.ui.screens.quiet_screen import QuietModalScreen
from spbe_tui.ui.widgets.level_selector import LevelSelector

CONTEXT_WORDS = 2  # words before the level in a standard sentence ("tingkat kematangan 3 (…")


@dataclass(frozen=True)
class LevelAnswer:
    level: int
    justification: str


def _plain(text: str) -> str:
    return " ".join(text.split()).casefold()


def level_phrases(sentences: dict[int, str]) -> dict[int, str]:
    """Level -> the words of its standard sentence that name it, e.g. "tingkat kematangan 3
    (terdefinisi", so an edited text can still be seen to speak of a level. Empty when the
    sentence does not depend on the level."""
    plain = {level: _plain(s) for level, s in sentences.items()}
    if len(set(plain.values())) < 2:
        return {}
    texts = list(plain.values())
    prefix = commonprefix(texts)
    suffix = min(len(commonprefix([t[::-1] for t in texts])), *(len(t) - len(prefix) for t in texts))
    # The words just before the level keep a bare "3" elsewhere in the text from counting.
    start = len(prefix)
    for _ in range(CONTEXT_WORDS + 1):  # +1: the prefix ends with the space before the level
        start = prefix.rfind(" ", 0, start)
        if start < 0:
            break
    start += 1
    return {level: t[start:len(t) - suffix] for level, t in plain.items()}


def named_levels(text: str, phrases: dict[int, str]) -> set[int]:
    plain = _plain(text)
    return {level for level, phrase in phrases.items() if phrase and phrase in plain}


class LevelDialog(QuietModalScreen[LevelAnswer | None]):
    """The text has the focus (typing starts at once, at its end); the level changes by alt+←/→
    or alt+digit from there, or by ←/→, Home/End and digits on the selector (Tab).

    With `standard` (level -> the framework's standard sentence) an unedited standard sentence
    follows the level chosen, and an edited text that names another level than the chosen one is
    saved only at a second ctrl+s, after a warning.
    """

    CSS_PATH = str(styles_dir() / "level_dialog.tcss")
    BINDINGS = [
        Binding("ctrl+s", "save", show=False),
        Binding("escape", "cancel", show=False),
        # Priority: the text area would take these as a word move or as typed digits. Alt+arrows
        # arrive as CSI sequences in xterm and tmux whatever the meta setting; alt+digit as ESC digit.
        Binding("alt+left", "step(-1)", show=False, priority=True),
        Binding("alt+right", "step(1)", show=False, priority=True),
        *[Binding(f"alt+{n}", f"choose({n})", show=False, priority=True) for n in range(10)],
    ]

    def __init__(self, t: Translator, title: str, levels: dict[int, str], level: int | None, text: str,
                 notice: str = "", standard: Callable[[int], str] | None = None) -> None:
        super().__init__()
        self.t = t
        self._title, self._levels = title, levels
        self._level, self._text, self._notice = level, text, notice
        self._standards = {lv: standard(lv) for lv in levels} if standard else {}
        self._phrases = level_phrases(self._standards)
        self._warned: tuple[int, str] | None = None  # what the last mismatch warning was about

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box") as box:
            box.border_title = self._title
            yield Static(id="dialog-notice")
            yield LevelSelector(id="dialog-level")
            yield TextArea(self._text, id="dialog-text", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
            yield Label(Text(self.t("dialog_hint"), style="dim"), id="dialog-hint")

    def on_mount(self) -> None:
        self._say(self._notice)
        area = self.query_one(TextArea)
        area.cursor_blink = False
        self._follow_level()
        self._show()
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def _say(self, notice: str) -> None:
        line = self.query_one("#dialog-notice", Static)
        line.update(Text(notice, style="bold yellow"))
        line.display = bool(notice)

    def _show(self) -> None:
        if self._level is None:
            caption = "- "
        else:
            caption = f"{self._level} {self._levels.get(self._level, '')}"
        self.query_one(LevelSelector).show(self._levels, self._level, caption)

    def _standard_level(self, text: str) -> int | None:
        """The level whose standard sentence the text still is, word for word."""
        plain = _plain(text)
        return next((lv for lv, s in self._standards.items() if _plain(s) == plain), None)

    def _follow_level(self) -> None:
        """An unedited standard sentence always speaks of the level chosen."""
        if self._level is None or self._level not in self._standards:
            return
        was = self._standard_level(self.text)
        if was is not None and was != self._level:
            area = self.query_one(TextArea)
            area.load_text(self._standards[self._level])
            area.move_cursor(area.document.end)

    def _set_level(self, level: int) -> None:
        if level not in self._levels:
            self.app.bell()
            return
        self._level = level
        self._follow_level()
        self._show()

    def on_level_selector_chosen(self, event: LevelSelector.Chosen) -> None:
        self._set_level(event.level)

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit() and not isinstance(self.focused, TextArea):
            event.stop()
            self._set_level(int(event.character))

    def action_step(self, delta: int) -> None:
        self.query_one(LevelSelector).action_step(delta)

    def action_choose(self, level: int) -> None:
        self._set_level(level)

    def _mismatch(self, level: int, text: str) -> list[int]:
        """The other levels an edited text names, unless it names the chosen one too."""
        named = named_levels(text, self._phrases)
        return [] if level in named else sorted(named)

    def action_save(self) -> None:
        text = self.text.strip()
        if self._level is None:
            self._say(self.t("dialog_need_level"))
            self.query_one(LevelSelector).focus()
            self.app.bell()
            return
        if not text:
            self._say(self.t("dialog_need_text"))
            self.query_one(TextArea).focus()
            self.app.bell()
            return
        other = self._mismatch(self._level, text)
        if other and self._warned != (self._level, text):
            # The text was edited and speaks of another level: say so once; saving again means it.
            self._warned = (self._level, text)
            self._say(self.t("dialog_level_mismatch", named=", ".join(map(str, other)), level=self._level))
            self.app.bell()
            return
        self.dismiss(LevelAnswer(self._level, text))

    def action_cancel(self) -> None:
        self.dismiss(None)
