"""Wording and value formatting shared by the Markdown and HTML reports (Bahasa Indonesia: the
report is handed to the institution)."""

from __future__ import annotations

from fractions import Fraction

from spbe_tui.domain.index import PredikatBasis, rounded
from spbe_tui.services.report import AspectFindings, IndicatorComparison, InstansiReport, Recommendation

BAR_WIDTH = 20
_EIGHTHS = " ▏▎▍▌▋▊▉"

TITLE = "Laporan Hasil Evaluasi SPBE"
INDEX = "Indeks SPBE"
STRUCTURE = "Domain dan aspek"
COMPARISON = "Penilaian mandiri dibanding nilai final"
COMPARISON_NOTE = "Diurutkan dari selisih terbesar; selisih = final − mandiri."
FINDINGS = "Kekuatan, kelemahan dan pemenuhan per aspek"
STRENGTHS = "Kekuatan (tingkat 4–5)"
WEAKNESSES = "Kelemahan (tingkat 1–2)"
PEMENUHAN = "Pemenuhan (tingkat 2–5)"
RECOMMENDATION = "Rekomendasi asesor"
LOG_CHECK = ("periksa dengan", "spbe-tui audit verify --head", "diikuti kepala ini")  # text, command, text
NONE = "—"
HEADERS_STRUCTURE = ("", "Nama", "Nilai", "Predikat", "")
HEADERS_COMPARISON = ("Indikator", "Nama", "Mandiri", "Final", "Selisih")
BASIS = {
    PredikatBasis.UNROUNDED: "predikat dibaca dari nilai sebelum pembulatan",
    PredikatBasis.ROUNDED: "predikat dibaca dari nilai yang dibulatkan",
}


def value_text(value: Fraction | None) -> str:
    return NONE if value is None else str(rounded(value))


def level_text(level: int | None) -> str:
    return NONE if level is None else str(level)


def difference_text(difference: int | None) -> str:
    return NONE if difference is None else f"{difference:+d}" if difference else "0"


def share(value: Fraction | None, scale_max: int) -> Fraction:
    """How much of the scale a value fills, 0–1 (for bars)."""
    return Fraction(0) if value is None else min(Fraction(1), max(Fraction(0), value / scale_max))


def text_bar(value: Fraction | None, scale_max: int) -> str:
    """A bar of BAR_WIDTH cells in eighths of a block: 3.20 of 5 → ████████████▊."""
    eighths = int(share(value, scale_max) * BAR_WIDTH * 8)
    full, rest = divmod(eighths, 8)
    return ("█" * full + (_EIGHTHS[rest] if rest else "")).ljust(BAR_WIDTH)


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


def comparison_cells(row: IndicatorComparison) -> tuple[str, str, str, str, str]:
    return (f"I{row.indicator.label}", row.indicator.short_name, level_text(row.self_level),
            level_text(row.final_level), difference_text(row.difference))


def aspect_heading(findings: AspectFindings) -> str:
    return (f"A{findings.aspect.number} {findings.aspect.name}: {value_text(findings.value)} "
            f"({findings.predikat or NONE})")


def findings_items(findings: AspectFindings) -> list[tuple[str, str]]:
    return [
        (PEMENUHAN, f"{findings.pemenuhan} dari {len(findings.aspect.indicators)} indikator"),
        (STRENGTHS, indicator_list(findings.strengths)),
        (WEAKNESSES, indicator_list(findings.weaknesses)),
    ]


def headline(report: InstansiReport) -> str:
    result = report.result
    if result.index is None:
        missing = ", ".join(f"I{report.evaluation.framework.indicator(n).label}" for n in result.missing)
        return f"belum lengkap: {len(result.missing)} indikator tanpa nilai final ({missing})"
    return f"{value_text(result.index)} — {result.predikat()}"


def facts(report: InstansiReport) -> list[tuple[str, str]]:
    evaluation = report.evaluation
    return [
        ("Instansi", f"{report.instansi.name} ({report.instansi.id})"),
        ("Evaluasi", f"{evaluation.name} ({evaluation.year})"),
        ("Kerangka", f"{evaluation.framework.id} — {evaluation.framework.title}"),
        ("Nilai final", "hasil reviu bila tidak valid, selain itu nilai tim terakhir hingga tahap "
                        f"{evaluation.stages[-1].name}; {BASIS[evaluation.basis]}"),
    ]


def indicator_list(rows: tuple[IndicatorComparison, ...]) -> str:
    return "; ".join(f"I{c.indicator.label} {c.indicator.short_name} ({c.final_level})" for c in rows) or NONE


def recommendation_byline(recommendation: Recommendation) -> str:
    return f"{recommendation.author}, {recommendation.updated_at[:10]}"


def log_intro(report: InstansiReport) -> str:
    """The footer's words before the log head, which each format sets apart to be copied whole."""
    return f"Log audit: {report.log_head.count} peristiwa, kepala"
