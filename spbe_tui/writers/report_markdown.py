"""An institution's report as Markdown. Every text from the database or a framework file is
escaped, so a name or recommendation cannot become a table column, heading, link or HTML."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spbe_tui.i18n import say
from spbe_tui.safe_text import inert
from spbe_tui.services.report import InstansiReport
from spbe_tui.writers import report_text as t

# Characters with inline meaning anywhere in a line ('|' splits table cells, '&' starts entities).
_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
# Block markup at the start of a line: heading, quote, list item, setext underline, ordered list
# ("3." only when a space follows: "3.21" is a number).
_LEADING = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)](\s|$)))")


def _escape_leading(match: re.Match[str]) -> str:
    indent, mark = match.group(1), match.group(2)
    # "1." is escaped after the number ("1\."), the other marks before themselves ("\#").
    return indent + (mark + "\\" if mark[0].isdigit() else "\\" + mark)


def md_text(text: str) -> str:
    """One line of literal text: newlines folded into spaces, markup escaped."""
    line = " ".join(inert(text).split())
    return _LEADING.sub(_escape_leading, _INLINE.sub(r"\\\1", line))


def md_paragraphs(text: str) -> str:
    """Literal text keeping its line breaks (hard breaks) and blank lines (paragraphs)."""
    return "\n".join(md_text(line) + "  " if line.strip() else "" for line in text.strip().splitlines()).rstrip()


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str) -> list[str]:
    """`align`: one letter per column, l or r."""
    rule = ["---:" if a == "r" else "---" for a in align]
    return ["| " + " | ".join(row) + " |" for row in (headers, rule, *rows)]


def render_markdown(report: InstansiReport) -> str:
    scale = report.scale_max
    lines = [f"# {md_text(t.title(report))}", ""]
    banner = t.provisional_banner(report)
    if banner:
        lines += [f"> **{md_text(banner)}**", ""]
    lines += [f"- **{label}:** {md_text(value)}" for label, value in t.facts(report)]
    lines += ["", f"## {say('report_index')}", "", f"**{md_text(t.headline(report))}**", "",
              f"## {say('report_structure')}", ""]
    structure = []
    for is_domain, code, name, value, predikat in t.structure(report):
        strong = "**" if is_domain else ""
        structure.append([f"{strong}{code}{strong}", f"{strong}{md_text(name)}{strong}", t.value_text(value),
                          md_text(predikat), f"`{t.text_bar(value, scale)}`"])
    lines += _table(t.structure_headers(), structure, "llrll")
    lines += ["", f"## {t.comparison_title(report)}", "", md_text(t.comparison_note(report)), ""]
    comparisons = []
    for row in report.comparisons:
        code, name, own, level, difference, justification = t.comparison_cells(row)
        # Levels and differences are numbers of ours: "+2" needs no escape.
        comparisons.append([code, md_text(name), own, level, difference, md_text(justification)])
    lines += _table(t.comparison_headers(report), comparisons, "rlrrrl")
    lines += ["", f"## {t.findings_title()}", "", md_text(t.rules_text(report))]
    for findings in report.aspects:
        lines += ["", f"### {md_text(t.aspect_heading(findings))}", ""]
        lines += [f"- **{label}:** {md_text(value)}" for label, value in t.findings_items(report, findings)]
        note = findings.recommendation
        if note:
            lines += ["", f"**{t.recommendation_title()}** ({md_text(t.recommendation_byline(note))}):", "",
                      md_paragraphs(note.text)]
    lines += ["", f"## {t.team_title()}"]
    team = [[md_text(cell) for cell in row] for row in t.team_rows(report)]
    if team:
        lines += ["", *_table(t.team_headers(), team, "lll")]
    for line in t.team_notes(report):
        lines += ["", md_text(line)]
    lines += ["", f"## {t.signatures_title()}", "", md_text(t.signatures_note()), "", md_text(t.place_date()), ""]
    signatures = [[md_text(name), md_text(role), t.SIGN_LINE] for name, role in t.signature_rows(report)]
    lines += _table(t.signature_headers(), signatures, "lll")
    before, command, after = t.log_check()
    lines += ["", "---", "", f"{t.log_intro(report)} `{report.log_head}`; {before} `{command}` {after}."]
    return "\n".join(lines) + "\n"
