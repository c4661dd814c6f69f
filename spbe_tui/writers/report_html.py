"""An institution's report as one self-contained HTML file: inline styles, no scripts, nothing
fetched from elsewhere. Every text from the database or a framework file goes through
html.escape."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from html import escape

from spbe_tui.i18n import active_language, say
from spbe_tui.safe_text import inert
from spbe_tui.services.report import InstansiReport
from spbe_tui.writers import report_text as t

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border-bottom: 1px solid #ccc; padding: .25rem .6rem; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.domain td { font-weight: bold; }
.bar { width: 12rem; height: .9rem; background: #e6e6e6; }
.bar > div { height: 100%; background: #2b6cb0; }
.headline { font-size: 1.5rem; font-weight: bold; }
.note { white-space: pre-wrap; border-left: 3px solid #2b6cb0; padding-left: .8rem; }
.log { margin-top: 2rem; border-top: 1px solid #ccc; padding-top: .5rem; font-size: .85rem; color: #555; }
.mono { font-family: ui-monospace, monospace; font-weight: normal; overflow-wrap: anywhere; }
.provisional { border: 2px solid #b7791f; background: #fffbeb; padding: .6rem .8rem; font-weight: bold; }
tr.sign td { height: 3.5rem; vertical-align: bottom; }
tr.sign td:last-child { width: 18rem; border-bottom: 1px solid #1a1a1a; }
@media print { body { max-width: none; margin: 0; } h2, h3 { break-after: avoid; } tr { break-inside: avoid; } }
"""
# Defence in depth: even if some text escaped escaping, the page may run nothing and load nothing.
_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def h(text: str) -> str:
    return escape(inert(text), quote=True)


def _bar(value: Fraction | None, scale_max: int) -> str:
    # The text bar as well, for a reader without styles (and a screen reader's label).
    percent = f"{float(t.share(value, scale_max) * 100):.1f}%"
    label = h(t.text_bar(value, scale_max).rstrip() or "0")
    return (f'<div class="bar" role="img" aria-label="{label}" title="{label}">'
            f'<div style="width: {percent}"></div></div>')


def _cell(tag: str, content: str, numeric: bool) -> str:
    return f"<{tag}{' class=n' if numeric else ''}>{content}</{tag}>"


def _table(headers: Sequence[str], rows: Sequence[tuple[str, Sequence[str]]], numeric: Sequence[bool]) -> list[str]:
    """`rows` holds (tr class, cells already escaped); `numeric` right-aligns a column."""
    head = "".join(_cell("th", h(x), n) for x, n in zip(headers, numeric, strict=True))
    body = [
        f"<tr{f' class={css}' if css else ''}>"
        + "".join(_cell("td", c, n) for c, n in zip(cells, numeric, strict=True))
        + "</tr>"
        for css, cells in rows
    ]
    return ["<table>", f"<thead><tr>{head}</tr></thead>", "<tbody>", *body, "</tbody>", "</table>"]


def render_html(report: InstansiReport) -> str:
    scale = report.scale_max
    title = h(t.title(report))
    parts = [
        "<!DOCTYPE html>", f'<html lang="{active_language()}">', "<head>", '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">',
        f"<title>{title}</title>", f"<style>{_STYLE}</style>", "</head>", "<body>", f"<h1>{title}</h1>",
    ]
    banner = t.provisional_banner(report)
    if banner:
        parts.append(f'<p class="provisional">{h(banner)}</p>')
    parts.append("<dl>")
    parts += [f"<dt>{h(label)}</dt><dd>{h(value)}</dd>" for label, value in t.facts(report)]
    parts += ["</dl>", f"<h2>{h(say('report_index'))}</h2>", f'<p class="headline">{h(t.headline(report))}</p>']
    structure = [
        ("domain" if is_domain else "", [code, h(name), t.value_text(value), h(predikat), _bar(value, scale)])
        for is_domain, code, name, value, predikat in t.structure(report)
    ]
    parts += [f"<h2>{h(say('report_structure'))}</h2>",
              *_table(t.structure_headers(), structure, (False, False, True, False, False))]
    parts += [f"<h2>{h(t.comparison_title(report))}</h2>", f"<p>{h(t.comparison_note(report))}</p>"]
    comparisons = [("", [h(cell) for cell in t.comparison_cells(row)]) for row in report.comparisons]
    parts += _table(t.comparison_headers(report), comparisons, (True, False, True, True, True, False))
    parts += [f"<h2>{h(t.findings_title())}</h2>", f"<p>{h(t.rules_text(report))}</p>"]
    for findings in report.aspects:
        parts += [f"<h3>{h(t.aspect_heading(findings))}</h3>", "<ul>"]
        parts += [f"<li><strong>{h(label)}:</strong> {h(value)}</li>"
                  for label, value in t.findings_items(report, findings)]
        parts.append("</ul>")
        note = findings.recommendation
        if note:
            parts += [f"<p><strong>{h(t.recommendation_title())}</strong> ({h(t.recommendation_byline(note))}):</p>",
                      f'<div class="note">{h(note.text)}</div>']
    parts.append(f"<h2>{h(t.team_title())}</h2>")
    team = [("", [h(cell) for cell in row]) for row in t.team_rows(report)]
    if team:
        parts += _table(t.team_headers(), team, (False, False, False))
    parts += [f"<p>{h(note)}</p>" for note in t.team_notes(report)]
    parts += [f"<h2>{h(t.signatures_title())}</h2>", f"<p>{h(t.signatures_note())}</p>",
              f"<p>{h(t.place_date())}</p>"]
    signatures = [("sign", [h(name), h(role), ""]) for name, role in t.signature_rows(report)]
    parts += _table(t.signature_headers(), signatures, (False, False, False))
    before, command, after = t.log_check()
    # The head in full, in type that keeps it apart, to be copied into `audit verify --head`.
    parts.append(f'<p class="log">{h(t.log_intro(report))} <strong class="mono">{h(str(report.log_head))}</strong>; '
                 f'{h(before)} <strong class="mono">{h(command)}</strong> {h(after)}.</p>')
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"
