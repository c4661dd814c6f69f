"""Domain → Aspect → Indicator, each indicator line with its marks, self level and current level."""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from spbe_tui.domain.index import IndexResult, rounded
from spbe_tui.safe_text import inert
from spbe_tui.services.review import IndicatorState, ReviewSession
from spbe_tui.ui.marks import marks, style_of
from spbe_tui.ui.widgets.focus_bar import FOCUS_BAR, DrawsFocusBar, focus_bar, with_focus_bar

DEFAULT_NAME_WIDTH = 22
FOCUSED_CURSOR = "indicator-tree--cursor"
# Cells an indicator line needs besides the name: guides (2 levels of 2), marks, number, levels,
# a spare cell, the focus bar.
_LINE_OVERHEAD = 4 + 2 + 3 + 4 + 1 + 1


def _jump(line: int, top: int, height: int) -> int | None:
    """Where to scroll a view `height` lines tall, now from `top`, for `line` to be in it; None if
    it is in it (or there is no view)."""
    if not height or top <= line < top + height:
        return None
    target = line - height // 3 if line >= top + height else line - height + 1 + height // 3
    return max(0, target)


def indicator_label(state: IndicatorState, name_width: int = DEFAULT_NAME_WIDTH) -> Text:
    self_level = "-" if state.self_level is None else str(state.self_level)
    level = "-" if state.level is None else str(state.level)
    name = inert(state.indicator.short_name)
    name = name if len(name) <= name_width else name[: name_width - 1] + "…"
    text = Text(no_wrap=True)
    text.append(marks(state), style=style_of(state) or None)
    text.append(f"{state.indicator.label:>2} {name:<{name_width}} ")
    text.append(f"{self_level}→", style="dim")
    text.append(level, style="bold")
    return text


def _group_label(prefix: str, name: str, value, decimal: Callable[[str], str]) -> Text:
    # The value before the name: a narrow list cuts the name, never the number.
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{prefix} ", style="bold")
    if value is not None:
        text.append(f"{decimal(str(rounded(value)))} ", style="bold")
    text.append(inert(name))
    return text


class IndicatorTree(Tree[int], DrawsFocusBar):
    """Node data: the indicator number for indicator nodes, 0 for domain and aspect nodes."""

    COMPONENT_CLASSES = Tree.COMPONENT_CLASSES | {FOCUS_BAR, FOCUSED_CURSOR}
    BINDINGS = [
        Binding("up,k", "cursor_up", show=False, id="indicator-up"),
        Binding("down,j", "cursor_down", show=False, id="indicator-down"),
        # The tree scrolls sideways on ←/→ by default; here they step the level instead.
        Binding("left", "app.step(-1)", show=False),
        Binding("right", "app.step(1)", show=False),
        # Space would fold a domain; every domain stays open, so it confirms the level instead.
        Binding("space", "app.confirm", "key_confirm", id="confirm-in-list"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("SPBE", data=0, id=id)
        self.show_root = False
        self.guide_depth = 2
        self._indicator_nodes: dict[int, TreeNode[int]] = {}
        self._group_nodes: dict[tuple[str, int], TreeNode[int]] = {}
        self._session: ReviewSession | None = None
        self._labelled_width = 0  # the name width the labels were last made for
        self._painted_style: Style | None = None  # see notify_style_update
        self._bar: Segment | None = None  # the focus bar's cell during a paint (render_lines)
        self._paint_style: Style | None = None  # the list's style during a paint
        # Component styles, kept until a restyle: Textual forgets its own on every refresh, and
        # each line of a change (a level key repaints three) worked out ~6 of them again.
        self._kept_component_styles: dict[tuple[object, ...], Style] = {}
        # Called at once when ↑/↓ land on an indicator, so the detail follows in the same frame
        # instead of waiting for the tree's highlight message.
        self.follow: Callable[[int], None] | None = None
        self.decimal: Callable[[str], str] = str  # "2.15" as the interface's language writes it
        # The size the first layout will give (ui/start_layout.py): the labels are made and the
        # cursor put in view before it, so the first frame needs no second one.
        self.expected_width = 0
        self.expected_height = 0
        self._sized = False  # until the first layout has given the list its size

    @property
    def name_width(self) -> int:
        width = self.size.width or self.expected_width
        return max(8, width - _LINE_OVERHEAD) if width else DEFAULT_NAME_WIDTH

    def on_resize(self) -> None:
        # Labels are fitted to the width; a change of height (the filter shown) leaves them be.
        if self._session is not None and self.name_width != self._labelled_width:
            self.refresh_all(self._session)
        # The cursor in view at start if the height expected was not the one given: the list has
        # no height when the cursor is put on the indicator one left off at, and the cursor
        # stayed out of view below a list too short for it.
        if not self._sized and self.cursor_node is not None:  # a no-op when it is in view
            self.scroll_to_node(self.cursor_node, animate=False)
        self._sized = True

    def build(self, session: ReviewSession, only: set[int] | None = None) -> None:
        """(Re)build for a session; `only` limits it to those indicators (the filter)."""
        self._session = session
        self._labelled_width = self.name_width
        self.clear()
        self._indicator_nodes.clear()
        self._group_nodes.clear()
        result = session.index()
        for domain in session.framework.domains:
            indicators = [i for a in domain.aspects for i in a.indicators if only is None or i.number in only]
            if not indicators:
                continue
            d_node = self.root.add(_group_label(f"D{domain.number}", domain.name, result.domains.get(domain.number),
                                                 self.decimal), data=0, expand=True)
            self._group_nodes[("D", domain.number)] = d_node
            for aspect in domain.aspects:
                members = [i for i in aspect.indicators if only is None or i.number in only]
                if not members:
                    continue
                a_node = d_node.add(_group_label(f"A{aspect.number}", aspect.name, result.aspects.get(aspect.number),
                                                 self.decimal), data=0, expand=True)
                self._group_nodes[("A", aspect.number)] = a_node
                for indicator in members:
                    label = indicator_label(session.state(indicator.number), self.name_width)
                    self._indicator_nodes[indicator.number] = a_node.add_leaf(label, data=indicator.number)

    def refresh_indicator(self, session: ReviewSession, number: int, result: IndexResult) -> None:
        node = self._indicator_nodes.get(number)
        if node is not None:
            node.set_label(indicator_label(session.state(number), self.name_width))
        aspect = session.framework.aspect_by_number[session.state(number).indicator.aspect_number]
        self._relabel_group(("A", aspect.number), f"A{aspect.number}", aspect.name, result.aspects.get(aspect.number))
        domain = next(d for d in session.framework.domains if aspect in d.aspects)
        self._relabel_group(("D", domain.number), f"D{domain.number}", domain.name, result.domains.get(domain.number))

    def _relabel_group(self, key: tuple[str, int], prefix: str, name: str, value) -> None:
        node = self._group_nodes.get(key)
        if node is None:
            return
        label = self.process_label(_group_label(prefix, name, value, self.decimal))
        if label == node.label:
            return
        # TreeNode.set_label repaints the node's whole subtree (every indicator line of a domain
        # over SSH); only the group's own line changed.
        node._label = label
        node._updates += 1
        if node.line >= 0:
            self._refresh_line(node.line)

    def refresh_all(self, session: ReviewSession) -> None:
        self._labelled_width = self.name_width
        result = session.index()
        for number in self._indicator_nodes:
            self.refresh_indicator(session, number, result)

    def select_indicator(self, number: int) -> bool:
        node = self._indicator_nodes.get(number)
        if node is None:
            return False
        # Line numbers of freshly added nodes exist only once the tree has laid out its lines,
        # which it does lazily on the next refresh; ask for them now so the cursor lands.
        # `_tree_lines` is private: Tree offers no public way to lay out its lines at once.
        _ = self._tree_lines
        self.move_cursor(node)  # before the first layout this does not scroll (no height yet)
        target = _jump(node.line, 0, self.expected_height) if not self.size.height else None
        if target is not None:
            y = min(target, max(0, len(self._tree_lines) - self.expected_height))
            self.set_scroll(None, y)  # unvalidated: there is no height yet to validate against
            self.set_reactive(Widget.scroll_target_y, y)  # where the next scroll starts from
        return True

    def render_line(self, y: int) -> Strip:
        style = self._paint_style
        if style is None:
            strip = super().render_line(y)
        else:  # Tree.render_line with the paint's style: it looks up the style for every line
            scroll_x, scroll_y = self.scroll_offset
            strip = self._render_line(y + scroll_y, scroll_x, scroll_x + self.size.width, style)  # private
        return with_focus_bar(self, strip, self.size.width, self._bar)

    def get_component_rich_style(self, *names: str, partial: bool = False, default: Style | None = None) -> Style:
        # The stylesheet gives the cursor one look whatever the focus (a component style that
        # changes makes Textual repaint the whole list); the focused look is a class of its own.
        if names == ("tree--cursor",) and self.has_focus:
            names = (FOCUSED_CURSOR,)
        key = (names, partial, default)
        style = self._kept_component_styles.get(key)
        if style is None:
            style = self._kept_component_styles[key] = super().get_component_rich_style(
                *names, partial=partial, default=default)
        return style

    def render_lines(self, crop: Region) -> list[Strip]:
        # Tree keys its cached lines by the pseudo classes, the focus among them, so a change of
        # focus rendered every line again (for the bar's column). Only the cursor's line depends
        # on the focus here, and repaint_for_focus renews that one. Private: Tree's cache key.
        self._pseudo_class_state = self.get_pseudo_class_state()._replace(focus=False)
        # One look at the bar for the lines of this paint, not one per line: a paint that spans
        # the screen's height (the filter at the top, the key line at the bottom) asks for all.
        self._paint_style = self.rich_style
        self._bar = focus_bar(self, self._paint_style)
        try:
            return ScrollView.render_lines(self, crop)
        finally:
            self._bar = self._paint_style = None

    def repaint_for_focus(self) -> None:
        super().repaint_for_focus()
        cursor = self.cursor_node
        if cursor is not None:
            cursor._updates += 1  # private: what Tree itself bumps to render a node's line anew
            self._refresh_line(self.cursor_line)

    def notify_style_update(self) -> None:
        # Tree's own asks for a layout of the whole screen and every line again, on every focus
        # change; under a modal screen that layout repaints the whole terminal twice more. A focus
        # change needs the bar and the cursor's line; new colours (a theme) every line; neither
        # a layout. (New component colours make Textual repaint the list by itself; a new theme
        # also empties the cache, see on_mount.)
        Widget.notify_style_update(self)
        self._kept_component_styles.clear()
        if self.rich_style == self._painted_style:
            self.repaint_for_focus()
        else:
            self._painted_style = self.rich_style
            self._forget_lines()

    def _forget_lines(self, *_: object) -> None:
        self._kept_component_styles.clear()
        self._clear_line_cache()  # private: the cache of rendered lines, as Tree clears it
        self._updates += 1
        self.refresh()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._forget_lines)

    def scroll_to_line(self, line: int, animate: bool = True) -> None:
        """Jump, not creep: a line outside the view is brought a third of the way in, so the next
        moves need no scroll. Scrolling by one line, as Tree does, repaints every line of the
        list on every move at the edge (12–13 KB at 120×40 over SSH)."""
        target = _jump(line, int(self.scroll_offset.y), self.scrollable_content_region.height)
        if target is not None:
            self.scroll_to(y=target, animate=False)

    def _move_to_indicator(self, step: int) -> None:
        """↑/↓ skip domain and aspect lines: the assessor moves from indicator to indicator."""
        node = self._next_indicator(step)
        if node is not None and node.data:
            self.move_cursor(node)
            if self.follow is not None:
                self.follow(node.data)

    def _next_indicator(self, step: int) -> TreeNode[int] | None:
        """The first indicator's node from the cursor in the direction of `step`, if any."""
        lines = self._tree_lines  # private, see select_indicator: the only list of visible lines
        line = self.cursor_line + step
        while 0 <= line < len(lines):
            if lines[line].node.data:
                return lines[line].node
            line += step
        return None

    def neighbours(self) -> list[int]:
        """The indicators a move up or down would show, the one below first."""
        nodes = (self._next_indicator(1), self._next_indicator(-1))
        return [node.data for node in nodes if node is not None and node.data]

    def action_cursor_down(self) -> None:
        self._move_to_indicator(1)

    def action_cursor_up(self) -> None:
        self._move_to_indicator(-1)

    def select_first(self) -> int | None:
        for number in self._indicator_nodes:
            self.select_indicator(number)
            return number
        return None

    @property
    def current_indicator(self) -> int | None:
        node = self.cursor_node
        return node.data if node is not None and node.data else None
