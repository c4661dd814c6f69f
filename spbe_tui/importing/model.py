"""What a submission looks like once read from a table or a bundle, before it is stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from spbe_tui.i18n import say


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, pinned to a file and, where known, a row/line and field."""

    file: Path
    message: str
    where: str = ""  # e.g. "row 12", "line 3 column 5", "indicators[4]"
    field: str = ""

    def __str__(self) -> str:
        place = ", ".join(p for p in (self.where, say("problem_field", field=self.field) if self.field else "") if p)
        return f"{self.file}: {place}: {self.message}" if place else f"{self.file}: {self.message}"


@dataclass
class SelfAssessment:
    """One indicator of an institution's evaluasi mandiri."""

    indicator: int
    level: int
    penjelasan: str = ""
    fakta: str = ""
    analisis: str = ""
    evidence: list[str] = field(default_factory=list)  # paths as written, relative to `root`
    where: str = ""  # where it was read, for error messages


@dataclass
class Submission:
    instansi_id: str
    instansi_name: str
    instansi_type: str
    source: Path  # the table or manifest it came from
    root: Path  # evidence paths are relative to this folder and must stay inside it
    framework_id: str | None = None
    year: int | None = None
    items: list[SelfAssessment] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # any one of them keeps it out of the database
    # Said by the reader and imported anyway (e.g. manifest fields it does not know); the
    # validation passes them on with its own, so they reach the report only for a stored submission.
    warnings: list[str] = field(default_factory=list)


@dataclass
class ReadResult:
    """Submissions read from one input, and problems that belong to no single submission.

    A problem inside one institution's rows or bundle stays with that submission (only it is
    refused); a problem that cannot be pinned to one (a broken file, a row without a usable
    instansi_id) leaves `submissions` empty for that whole input.
    """

    submissions: list[Submission] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def number_ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] -> '1–3, 7' (sorted input), for messages naming many rows or indicators."""
    parts: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        parts.append(str(start) if start == previous else f"{start}–{previous}")
        if number is not None:
            start = previous = number
    return ", ".join(parts)
