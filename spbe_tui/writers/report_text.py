"""Wording and value formatting shared by the Markdown and HTML reports, in the active language
(`spbe_tui.i18n.say`): decimal comma and "2 Desember 2026" in Indonesian, decimal point and
"2 December 2026" in English."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from spbe_tui.domain.index import PredikatBasis, rounded
from spbe_tui.i18n import say
from spbe_tui.services.report import (
    PEMENUHAN_MIN,
    STRENGTH_MIN,
    WEAKNESS_MAX,
    AspectFindings,
    IndicatorComparison,
    InstansiReport,
    Person,
    Recommendation,
)

BAR_WIDTH = 20
_EIGHTHS = " ▏▎▍▌▋▊▉"
NONE = "—"
SIGN_LINE = "." * 36  # where a signature or the place and date go by hand
_BASIS = {PredikatBasis.UNROUNDED: "report_basis_unrounded", PredikatBasis.ROUNDED: "report_basis_rounded"}
_ROLES = {"chair": "report_role_chair", "member": "report_role_member", "reviewer": "report_role_reviewer"}


def number_text(value: Decimal) -> str:
    return str(value).replace(".", say("report_decimal_mark"))


def value_text(value: Fraction | None) -> str:
    return NONE if value is None else number_text(rounded(value))


def date_text(day: date) -> str:
    return f"{day.day} {say('report_months').split()[day.month - 1]} {day.year}"


def level_text(level: int | None) -> str:
    return NONE if level is None else str(level)


def difference_text(difference: int | None) -> str:
    return NONE if difference is None else f"{difference:+d}" if difference else "0"


def levels_text(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}–{high}"


def share(value: Fraction | None, scale_max: int) -> Fraction:
    """How much of the scale a value fills, 0–1 (for bars)."""
    return Fraction(0) if value is None else min(Fraction(1), max(Fraction(0), value / scale_max))


def text_bar(value: Fraction | None, scale_max: int) -> str:
    """A bar of BAR_WIDTH cells in eighths of a block: 3.20 of 5 → ████████████▊."""
    eighths = int(share(value, scale_max) * BAR_WIDTH * 8)
    full, rest = divmod(eighths, 8)
    return ("█" * full + (_EIGHTHS[rest] if rest else "")).ljust(BAR_WIDTH)


def title(report: InstansiReport) -> str:
    return f"{say('report_title')}: {report.instansi.name}"


def provisional_banner(report: InstansiReport) -> str | None:
    """The warning that heads a report whose last stage has not been held; None for a final one."""
    if not report.provisional:
        return None
    if report.reached is None:
        return say("report_provisional_banner_no_stage", last=report.last_stage.name)
    return say("report_provisional_banner", last=report.last_stage.name, reached=report.reached.name)


def facts(report: InstansiReport) -> list[tuple[str, str]]:
    evaluation = report.evaluation
    stages = evaluation.stages
    reached = (say("report_stage_value", stage=report.reached.name, number=stages.index(report.reached) + 1,
                   total=len(stages)) if report.reached else say("report_stage_none"))
    status = "report_status_provisional" if report.provisional else "report_status_final"
    return [
        (say("report_fact_instansi"), f"{report.instansi.name} ({report.instansi.id})"),
        (say("report_fact_evaluation"), say("report_evaluation_value", name=evaluation.name, year=evaluation.year)),
        (say("report_fact_framework"), f"{evaluation.framework.id} — {evaluation.framework.title}"),
        (say("report_fact_stage"), reached),
        (say("report_fact_status"), say(status, last=report.last_stage.name)),
        (say("report_fact_rule"), say("report_rule_value", basis=say(_BASIS[evaluation.basis]))),
        (say("report_fact_date"), date_text(report.generated_on)),
    ]


def headline(report: InstansiReport) -> str:
    result = report.result
    if result.index is None:
        missing = ", ".join(f"I{report.evaluation.framework.indicator(n).label}" for n in result.missing)
        return say("report_headline_incomplete", count=len(result.missing), missing=missing)
    value, predikat = value_text(result.index), result.predikat()
    return say("report_headline_provisional", value=value, predikat=predikat) if report.provisional \
        else f"{value} — {predikat}"


def structure_headers() -> tuple[str, ...]:
    return ("", say("report_col_name"), say("report_col_value"), say("report_col_predikat"), "")


def structure(report: InstansiReport) -> list[tuple[bool, str, str, Fraction | None, str]]:
    """(is a domain, code, name, value, predikat): each domain followed by its aspects."""
    rows = []
    for domain in report.domains:
        rows.append((True, f"D{domain.domain.number}", domain.domain.name, domain.value, domain.predikat or NONE))
        rows += [
            (False, f"A{f.aspect.number}", f.aspect.name, f.value, f.predikat or NONE)
            for f in report.aspects if f.aspect.domain_number == domain.domain.number
        ]
    return rows


def _level_heading(report: InstansiReport) -> str:
    return say("report_col_provisional" if report.provisional else "report_col_final")


def comparison_title(report: InstansiReport) -> str:
    return say("report_comparison_provisional" if report.provisional else "report_comparison_final")


def comparison_note(report: InstansiReport) -> str:
    return say("report_comparison_note", level=_level_heading(report).lower())


def comparison_headers(report: InstansiReport) -> tuple[str, ...]:
    return (say("report_col_indicator"), say("report_col_name"), say("report_col_self"), _level_heading(report),
            say("report_col_difference"), say("report_col_justification"))


def justification_text(row: IndicatorComparison) -> str:
    """The team's justification, from the stage that set the level, then the reviu's finding."""
    team = row.team
    parts = [say("report_team_justification", stage=team.stage.name, level=team.level, text=team.justification)
             ] if team else []
    reviu = row.reviu
    if reviu is not None:
        finding = (say("report_reviu_valid") if reviu.valid
                   else say("report_reviu_invalid", level=level_text(reviu.corrected_level), text=reviu.justification))
        parts.append(finding + (say("report_reviu_stale") if reviu.stale else ""))
    return " — ".join(parts) or NONE


def comparison_cells(row: IndicatorComparison) -> tuple[str, str, str, str, str, str]:
    return (f"I{row.indicator.label}", row.indicator.short_name, level_text(row.self_level),
            level_text(row.final_level), difference_text(row.difference), justification_text(row))


def findings_title() -> str:
    return say("report_findings")


def rules_text(report: InstansiReport) -> str:
    """The Pedoman's rules for the lists below, in words: why a level-2 indicator shows up both
    as fulfilment and as a weakness."""
    low, high = report.scale_min, report.scale_max
    text = say("report_rules", strong=levels_text(STRENGTH_MIN, high), weak=levels_text(low, WEAKNESS_MAX),
               met=levels_text(PEMENUHAN_MIN, high), met_min=PEMENUHAN_MIN)
    if PEMENUHAN_MIN <= WEAKNESS_MAX:
        text += say("report_rules_overlap", both=levels_text(PEMENUHAN_MIN, WEAKNESS_MAX))
    return text + say("report_rules_recommendation")


def aspect_heading(findings: AspectFindings) -> str:
    return (f"A{findings.aspect.number} {findings.aspect.name}: {value_text(findings.value)} "
            f"({findings.predikat or NONE})")


def findings_items(report: InstansiReport, findings: AspectFindings) -> list[tuple[str, str]]:
    low, high = report.scale_min, report.scale_max
    return [
        (say("report_pemenuhan", levels=levels_text(PEMENUHAN_MIN, high)),
         say("report_pemenuhan_value", count=findings.pemenuhan, total=len(findings.aspect.indicators))),
        (say("report_strengths", levels=levels_text(STRENGTH_MIN, high)), indicator_list(findings.strengths)),
        (say("report_weaknesses", levels=levels_text(low, WEAKNESS_MAX)), indicator_list(findings.weaknesses)),
    ]


def indicator_list(rows: tuple[IndicatorComparison, ...]) -> str:
    return "; ".join(f"I{c.indicator.label} {c.indicator.short_name} ({c.final_level})" for c in rows) or NONE


def recommendation_title() -> str:
    return say("report_recommendation")


def recommendation_byline(recommendation: Recommendation) -> str:
    return f"{recommendation.author}, {date_text(date.fromisoformat(recommendation.updated_at[:10]))}"


def team_title() -> str:
    return say("report_team")


def team_headers() -> tuple[str, ...]:
    return say("report_col_role"), say("report_col_name"), say("report_col_id")


def role_text(person: Person) -> str:
    return say(_ROLES[person.role])


def team_rows(report: InstansiReport) -> list[tuple[str, str, str]]:
    """(role, name, id): the chair, the members, then the Tim Reviu."""
    return [(role_text(p), p.name, p.id) for p in (*report.team, *report.reviewers)]


def team_notes(report: InstansiReport) -> list[str]:
    """What the team table cannot show: nobody assigned, no reviu yet."""
    notes = [] if report.team else [say("report_no_team")]
    return notes + ([] if report.reviewers else [say("report_no_reviewer")])


def signatures_title() -> str:
    return say("report_signatures")


def signatures_note() -> str:
    return say("report_signatures_note")


def signature_headers() -> tuple[str, ...]:
    return say("report_col_name"), say("report_col_role"), say("report_col_signature")


def signature_rows(report: InstansiReport) -> list[tuple[str, str]]:
    """(name, role) of everyone who signs; a Tim Reviu line with no name while nobody has
    recorded a reviu, to be filled by hand."""
    rows = [(p.name, role_text(p)) for p in (*report.team, *report.reviewers)]
    return rows if report.reviewers else [*rows, ("", say("report_role_reviewer"))]


def place_date() -> str:
    return f"{say('report_place_date')}: {SIGN_LINE}"


def log_intro(report: InstansiReport) -> str:
    """The footer's words before the log head, which each format sets apart to be copied whole."""
    return say("report_log_intro", count=report.log_head.count)


def log_check() -> tuple[str, str, str]:
    """(text, command, text) after the log head."""
    return say("report_log_check_before"), "spbe-tui audit verify --head", say("report_log_check_after")
