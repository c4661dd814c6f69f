"""Which level counts, and who may see it: the rules every view and export shares.

Nothing here reads storage or knows a widget; callers pass in what they have read.

- An assessor's level of an indicator at a stage is their own decision at that stage; else the
  level carried forward from the latest earlier stage (the team's level there if the team set
  one, else the assessor's own), with the justification that came with it; else the
  institution's self level, which is only a starting point. Only a decision at the stage itself
  is confirmed: a carried level still waits for the assessor to confirm or change it, though a
  panel compares it as the level the member stands by.
- A decision is stale when the indicator's evidence changed after it was made.
- The team's level at a stage is the one set at that stage, else the one carried forward from
  the latest earlier stage; the self level never counts as a team level.
- The final level is a Tidak Valid reviu's corrected level, else the team's level at the last
  stage.
- The blind rule: a team member sees the others' levels and justifications for a stage only
  after submitting their own set for it, or once the chair has revealed it. Admins and
  reviewers who are not on the team always see them: they do not score.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

MANDIRI = "mandiri"  # the institution's self-assessment
FINAL = "final"  # after reviu

FAR_FROM_SELF = 2  # a level this far from the self-assessment deserves a second look

Levels = dict[int, int]  # indicator number -> level


class Origin(str, Enum):
    DECIDED = "decided"  # set by this assessor at this stage
    CARRIED = "carried"  # taken from an earlier stage
    SELF = "self"  # nothing decided yet: the self-assessment level is the starting point
    NONE = "none"  # nothing decided and no self level


@dataclass(frozen=True)
class Decision:
    """An assessor's stored decision for one indicator at one stage."""

    level: int | None  # None: a justification written before a level was chosen
    justification: str
    evidence_hash: str  # the indicator's evidence when it was decided


@dataclass(frozen=True)
class AssessorLevel:
    """What an assessor works from for one indicator at one stage."""

    level: int | None
    origin: Origin
    stale: bool  # the level was decided against evidence that has changed since
    carried_justification: str = ""  # what came with a carried level

    @property
    def undecided(self) -> bool:
        """No level of this assessor at all (a carried one counts as theirs)."""
        return self.origin in (Origin.SELF, Origin.NONE)

    @property
    def confirmed(self) -> bool:
        return self.origin is Origin.DECIDED


def is_stale(decided_against: str, current: str) -> bool:
    return decided_against != current


def assessor_level(
    stages: Sequence[str],
    stage: str,
    own: Mapping[str, Decision],
    team: Mapping[str, int],
    self_level: int | None,
    evidence_hash: str,
    team_justification: Mapping[str, str] | None = None,
) -> AssessorLevel:
    """`own` and `team` map stage id -> this indicator's decision or team level;
    `team_justification` stage id -> the team's justification of that level."""
    mine = own.get(stage)
    if mine is not None and mine.level is not None:
        return AssessorLevel(mine.level, Origin.DECIDED, is_stale(mine.evidence_hash, evidence_hash))
    for earlier in reversed(stages[: stages.index(stage)]):
        # The team's agreed level of an earlier stage outweighs this assessor's own one.
        if earlier in team:
            text = (team_justification or {}).get(earlier, "")
            return AssessorLevel(team[earlier], Origin.CARRIED, False, text)
        carried = own.get(earlier)
        if carried is not None and carried.level is not None:
            return AssessorLevel(carried.level, Origin.CARRIED, is_stale(carried.evidence_hash, evidence_hash),
                                 carried.justification)
    return AssessorLevel(self_level, Origin.SELF if self_level is not None else Origin.NONE, False)


def far_from_self(level: int | None, self_level: int | None) -> bool:
    return level is not None and self_level is not None and abs(level - self_level) >= FAR_FROM_SELF


def team_levels_at(
    stages: Sequence[str], stage: str, rows: Iterable[tuple[str, str, int, int]]
) -> dict[str, Levels]:
    """Owner -> indicator -> the team's level at `stage`, from (owner, stage, indicator, level)
    rows; a later stage's level replaces the one carried from before."""
    reached = {s: n for n, s in enumerate(stages[: stages.index(stage) + 1])}
    levels: dict[str, Levels] = defaultdict(dict)
    for owner, _, indicator, level in sorted((r for r in rows if r[1] in reached), key=lambda r: reached[r[1]]):
        levels[owner][indicator] = level
    return dict(levels)


def final_levels(
    stages: Sequence[str],
    team_rows: Iterable[tuple[str, str, int, int]],
    corrections: Iterable[tuple[str, int, int]],
) -> dict[str, Levels]:
    """Owner -> indicator -> final level, from team rows and (owner, indicator, corrected level)
    of every Tidak Valid reviu."""
    levels: dict[str, Levels] = defaultdict(dict, team_levels_at(stages, stages[-1], team_rows))
    for owner, indicator, corrected in corrections:
        levels[owner][indicator] = corrected
    return dict(levels)


def member_levels(
    stages: Sequence[str],
    stage: str,
    members: Iterable[str],
    indicators: Iterable[int],
    decisions: Iterable[tuple[str, str, int, Decision]],
    team: Mapping[tuple[str, int], int],
    evidence: Mapping[int, str],
) -> dict[str, Levels]:
    """Assessor -> indicator -> the level each member stands by at `stage` (decided or carried):
    what a panel compares. `decisions` holds (assessor, stage, indicator, decision) of the whole
    team, `team` maps (stage, indicator) -> team level, `evidence` the current evidence hashes."""
    own: dict[str, dict[int, dict[str, Decision]]] = defaultdict(lambda: defaultdict(dict))
    for assessor, decided_stage, indicator, decision in decisions:
        own[assessor][indicator][decided_stage] = decision
    numbers = list(indicators)
    result: dict[str, Levels] = {}
    for assessor in members:
        by_indicator = own.get(assessor, {})
        result[assessor] = {}
        for number in numbers:
            team_here = {s: team[(s, number)] for s in stages if (s, number) in team}
            found = assessor_level(
                stages, stage, by_indicator.get(number, {}), team_here, None, evidence.get(number, "")
            )
            if not found.undecided and found.level is not None:
                result[assessor][number] = found.level
    return result


def sees_others(
    *, on_team: bool, is_admin: bool, is_reviewer: bool, submitted: bool, revealed: bool
) -> bool | None:
    """Whether a viewer sees the other members' levels of a stage; None: the viewer may not look
    at this team at all."""
    if not on_team:
        return True if (is_admin or is_reviewer) else None
    return submitted or revealed


def on_screen(*, own: bool, sees_others: bool, revealed: bool, shared_screen: bool) -> bool:
    """Whether an assessor's level of a stage may be shown to the viewer.

    On a person's own screen: their own always, the others' when `sees_others`. On a screen
    others watch (the panel at one terminal) nothing before the reveal, whoever holds the
    keyboard, their own level included: the people around it have not all submitted.
    """
    if shared_screen:
        return sees_others and revealed
    return own or sees_others
