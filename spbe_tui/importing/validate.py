"""Checks every format shares: indicators and levels against the framework, and the evidence."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from spbe_tui.domain.framework import Framework
from spbe_tui.i18n import say
from spbe_tui.importing.evidence import EvidenceFile, EvidenceRejected, inspect
from spbe_tui.importing.model import Problem, Submission, number_ranges


def check_against_framework(submission: Submission, framework: Framework) -> list[str]:
    """Adds problems to the submission; returns warnings (things worth saying that import anyway),
    the reader's first."""
    warnings = list(submission.warnings)
    if submission.framework_id and submission.framework_id != framework.id:
        submission.problems.append(
            Problem(submission.source, say("valid_other_framework", given=submission.framework_id, used=framework.id),
                    field="framework")
        )
        return warnings
    first_seen: dict[int, str] = {}
    numbers = [i.number for i in framework.indicators]
    for item in submission.items:
        indicator = framework.indicator_by_number.get(item.indicator)
        if indicator is None:
            submission.problems.append(
                Problem(submission.source, say("valid_unknown_indicator", indicator=item.indicator,
                                               framework=framework.id, first=numbers[0], last=numbers[-1]),
                        item.where, "indicator")
            )
            continue
        if item.indicator in first_seen:
            submission.problems.append(
                Problem(submission.source, say("valid_repeated_indicator", indicator=item.indicator,
                                               instansi=submission.instansi_id, first=first_seen[item.indicator]),
                        item.where, "indicator")
            )
            continue
        first_seen[item.indicator] = item.where
        scale = indicator.scale
        if item.level not in scale.levels:
            submission.problems.append(
                Problem(
                    submission.source,
                    say("valid_level_outside", level=item.level, low=scale.min_level, high=scale.max_level,
                        indicator=item.indicator),
                    item.where,
                    "level",
                )
            )
    missing = [n for n in numbers if n not in first_seen]
    if missing and not submission.problems:
        warnings.append(say("valid_missing_indicators", instansi=submission.instansi_id,
                            indicators=number_ranges(missing)))
    return warnings


def check_evidence(
    submission: Submission, max_bytes: int, cache: dict[Path, EvidenceFile]
) -> dict[int, list[EvidenceFile]]:
    """Resolve and hash every evidence file; problems are added to the submission."""
    found: dict[int, list[EvidenceFile]] = {}
    for item in submission.items:
        files: list[EvidenceFile] = []
        seen_names: set[str] = set()
        for raw in item.evidence:
            control = _control_problem(raw, item.indicator)
            if control:
                submission.problems.append(Problem(submission.source, control, item.where, "evidence"))
                continue
            try:
                evidence = inspect(submission.root, raw, max_bytes, cache)
            except EvidenceRejected as exc:
                submission.problems.append(Problem(submission.source, str(exc), item.where, "evidence"))
                continue
            if evidence.name not in seen_names:  # the same file listed twice for one indicator
                seen_names.add(evidence.name)
                files.append(evidence)
        found[item.indicator] = files
    return found


_CONTROL_NAMES = {"\x00": "valid_char_nul", "\t": "valid_char_tab", "\n": "valid_char_line_break",
                  "\r": "valid_char_carriage_return"}


def _control_problem(raw: str, indicator: int) -> str | None:
    """An evidence name holding a control character or a line separator is refused: shown to an
    assessor or written in a report it would break the line or drive the terminal, and no
    spreadsheet or file manager lets a person type one on purpose."""
    found = next((c for c in raw if unicodedata.category(c) in ("Cc", "Zl", "Zp")), None)
    if found is None:
        return None
    what = say(_CONTROL_NAMES.get(found, "valid_char_control"))
    return say("valid_control_in_path", path=raw, indicator=indicator, what=what, code=f"U+{ord(found):04X}")
