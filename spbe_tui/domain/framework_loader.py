"""Read and validate framework files (see data/frameworks/README.md for the format).

Validation collects every problem it finds rather than stopping at the first, so that
`spbe-tui framework check` can show an author the whole list in one run.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from spbe_tui.domain.framework import (
    GENERIC_JUSTIFICATION,
    Aspect,
    Band,
    Domain,
    Framework,
    Indicator,
    Scale,
    Stage,
)
from spbe_tui.errors import SpbeError
from spbe_tui.paths import frameworks_dir

# Format 2 adds, for indicators: 'label', 'item_of' and weights written as exact fractions ("10/3").
# Format 1 files still load.
FORMAT_VERSION = 2
SUPPORTED_FORMATS = (1, 2)
_FRACTION = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")


class FrameworkError(SpbeError):
    """A framework file that cannot be used; `problems` lists each offending entry."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{source}: {len(problems)} problem(s)\n{lines}")


class _Collector:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}" if where else message)


def _decimal(value: Any, where: str, field: str, errors: _Collector) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        errors.add(where, f"{field} is missing or not a number")
        return None
    try:
        number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        errors.add(where, f"{field} {value!r} is not a decimal number")
        return None
    if not number.is_finite():
        errors.add(where, f"{field} {value!r} is not a finite number")
        return None
    return number


def _indicator_weight(
    value: Any, where: str, fmt: Any, errors: _Collector
) -> tuple[Decimal | None, Fraction | None]:
    """An indicator weight: a decimal, or (format 2) an exact fraction "p/q" for a weight such
    as 20/6 that no decimal writes exactly. Returns the Decimal for display and, for a fraction,
    the exact value."""
    match = _FRACTION.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return _decimal(value, where, "weight", errors), None
    if fmt == 1:
        errors.add(where, f"weight {value!r}: fractions need format 2")
        return None, None
    numerator, denominator = int(match[1]), int(match[2])
    if denominator == 0:
        errors.add(where, f"weight {value!r} divides by zero")
        return None, None
    return Decimal(numerator) / Decimal(denominator), Fraction(numerator, denominator)


def _show(value: Fraction) -> str:
    """A sum of weights for a message: as a decimal when it is one ("9.9"), else "p/q"."""
    denominator = value.denominator
    for factor in (2, 5):
        while denominator % factor == 0:
            denominator //= factor
    if denominator != 1:
        return f"{value.numerator}/{value.denominator}"
    exact = Decimal(value.numerator) / Decimal(value.denominator)  # terminates: exact in 28 digits here
    return f"{exact.normalize():f}"


def _text(entry: dict, key: str, where: str, errors: _Collector, required: bool = True) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        if required or not isinstance(value, str):
            errors.add(where, f"'{key}' must be a non-empty text")
        return ""
    return value


def _level_texts(raw: Any, scale: Scale | None, where: str, field: str, errors: _Collector) -> dict[int, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        errors.add(where, f"'{field}' must map levels to texts")
        return {}
    texts: dict[int, str] = {}
    for key, text in raw.items():
        try:
            level = int(key)
        except (TypeError, ValueError):
            errors.add(where, f"'{field}' has a key {key!r} that is not a level number")
            continue
        if scale is not None and level not in scale.levels:
            errors.add(where, f"'{field}' names level {level}, which scale '{scale.id}' does not have")
        if not isinstance(text, str):
            errors.add(where, f"'{field}' level {level} is not a text")
            continue
        texts[level] = text
    return dict(sorted(texts.items()))


def _parse_scales(raw: Any, errors: _Collector) -> dict[str, Scale]:
    scales: dict[str, Scale] = {}
    if not isinstance(raw, dict) or not raw:
        errors.add("scales", "at least one scale is required")
        return scales
    for scale_id, body in raw.items():
        where = f"scale '{scale_id}'"
        if not isinstance(body, dict) or not isinstance(body.get("levels"), dict) or not body["levels"]:
            errors.add(where, "needs 'levels', a map from level value to level name")
            continue
        levels: dict[int, str] = {}
        for key, name in body["levels"].items():
            try:
                value = int(key)
            except (TypeError, ValueError):
                errors.add(where, f"level key {key!r} is not a whole number")
                continue
            if value < 0:
                errors.add(where, f"level {value} is negative")
            if not isinstance(name, str) or not name.strip():
                errors.add(where, f"level {value} has no name")
                continue
            levels[value] = name
        if levels:
            declared = {int(k) for k in body["levels"] if str(k).lstrip("-").isdigit()}
            for value in range(min(levels), max(levels) + 1):
                if value not in declared:
                    errors.add(where, f"level {value} is missing (levels must run without gaps)")
        name = body.get("name", scale_id)
        scales[scale_id] = Scale(id=scale_id, name=str(name), levels=dict(sorted(levels.items())))
    return scales


def _parse_bands(raw: Any, errors: _Collector) -> tuple[Band, ...]:
    if not isinstance(raw, list) or not raw:
        errors.add("predikat", "at least one predikat band is required")
        return ()
    bands = []
    for n, body in enumerate(raw, start=1):
        where = f"predikat band {n}"
        if not isinstance(body, dict):
            errors.add(where, "must be an object")
            continue
        name = _text(body, "name", where, errors)
        low = _decimal(body.get("min"), where, "min", errors)
        high = _decimal(body.get("max"), where, "max", errors)
        if low is None or high is None:
            continue
        if low >= high:
            errors.add(f"predikat band '{name}'", f"min {low} is not below max {high}")
        bands.append(Band(name=name, min=low, max=high, max_inclusive=bool(body.get("max_inclusive", False))))
    ordered = sorted(bands, key=lambda b: b.min)
    for lower, upper in pairwise(ordered):
        if lower.max != upper.min:
            errors.add(
                "predikat",
                f"bands '{lower.name}' and '{upper.name}' leave a gap or overlap ({lower.max} vs {upper.min})",
            )
    return tuple(bands)


def _parse_stages(raw: Any, errors: _Collector) -> tuple[Stage, ...]:
    if not isinstance(raw, list) or not raw:
        errors.add("stages", "at least one assessment stage is required")
        return ()
    stages = []
    seen: set[str] = set()
    for n, body in enumerate(raw, start=1):
        where = f"stage {n}"
        if not isinstance(body, dict):
            errors.add(where, "must be an object")
            continue
        stage_id = _text(body, "id", where, errors)
        if stage_id in seen:
            errors.add(where, f"duplicate stage id '{stage_id}'")
        seen.add(stage_id)
        name = _text(body, "name", where, errors)
        stages.append(Stage(id=stage_id, name=name, optional=bool(body.get("optional", False))))
    return tuple(stages)


def _sum_check(
    where: str, parts: list[Fraction], expected: Decimal | None, what: str, whole: str, errors: _Collector
) -> None:
    if expected is None:
        return
    total = sum(parts, Fraction(0))
    if total != expected:
        shown = _show(Fraction(expected))
        errors.add(where, f"{what} weights sum to {_show(total)}, but the {whole} weight is {shown}")


def _check_items(aspect_number: int, indicators: list[Indicator], errors: _Collector) -> None:
    """Each further scored item names an indicator of its own aspect that is not itself an item,
    and is scored on the same scale."""
    by_number = {i.number: i for i in indicators}
    for item in indicators:
        if item.item_of is None:
            continue
        where = f"indicator {item.number}"
        parent = by_number.get(item.item_of)
        if item.item_of == item.number:
            errors.add(where, "'item_of' names the indicator itself")
        elif parent is None:
            errors.add(where, f"'item_of' {item.item_of} is not an indicator of aspect {aspect_number}")
        elif parent.item_of is not None:
            errors.add(where, f"'item_of' {item.item_of} is itself an item of indicator {parent.item_of}")
        elif parent.scale.id != item.scale.id:
            errors.add(where, f"scale '{item.scale.id}' differs from indicator {parent.number}'s '{parent.scale.id}'")


def _check_labels(indicators: list[Indicator], errors: _Collector) -> None:
    first: dict[str, int] = {}
    for indicator in indicators:
        other = first.setdefault(indicator.label, indicator.number)
        if other != indicator.number:
            errors.add(f"indicator {indicator.number}", f"label '{indicator.label}' is also indicator {other}'s label")


def _item_fields(body: dict, where: str, fmt: Any, errors: _Collector) -> tuple[str, int | None]:
    """'label' (how people write the entry, e.g. "35-2") and 'item_of' (the indicator it is a
    further scored item of): format 2 only."""
    if fmt == 1:
        for key in ("label", "item_of"):
            if key in body:
                errors.add(where, f"'{key}' needs format 2")
        return "", None
    label = ""
    if "label" in body:
        raw = body["label"]
        if not isinstance(raw, str) or not raw.strip() or raw != raw.strip():
            errors.add(where, "'label' must be a non-empty text without surrounding spaces")
        else:
            label = raw
    item_of = body.get("item_of")
    if item_of is not None and (not isinstance(item_of, int) or isinstance(item_of, bool)):
        errors.add(where, f"'item_of' must be an indicator number (found {item_of!r})")
        item_of = None
    return label, item_of


def parse_framework(data: Any, source: str) -> Framework:
    """Build a Framework from decoded JSON, raising FrameworkError listing every problem."""
    errors = _Collector()
    if not isinstance(data, dict):
        raise FrameworkError(source, ["the file must hold one JSON object"])
    fmt = data.get("format")
    if isinstance(fmt, bool) or fmt not in SUPPORTED_FORMATS:
        expected = " or ".join(str(f) for f in SUPPORTED_FORMATS)
        errors.add("format", f"expected format {expected}, found {fmt!r}")
    framework_id = _text(data, "id", "", errors)
    scales = _parse_scales(data.get("scales"), errors)
    bands = _parse_bands(data.get("predikat"), errors)
    stages = _parse_stages(data.get("stages"), errors)
    total = _decimal(data.get("total_weight", 100), "", "total_weight", errors)

    domains: list[Domain] = []
    seen_domains: set[int] = set()
    seen_aspects: set[int] = set()
    seen_indicators: set[int] = set()
    all_indicators: list[Indicator] = []
    raw_domains = data.get("domains")
    if not isinstance(raw_domains, list) or not raw_domains:
        errors.add("domains", "at least one domain is required")
        raw_domains = []
    for d_body in raw_domains:
        d_num = d_body.get("number") if isinstance(d_body, dict) else None
        d_where = f"domain {d_num}"
        if not isinstance(d_num, int) or isinstance(d_num, bool):
            errors.add(d_where, "needs a whole 'number'")
            continue
        if d_num in seen_domains:
            errors.add(d_where, "duplicate domain number")
        seen_domains.add(d_num)
        d_weight = _decimal(d_body.get("weight"), d_where, "weight", errors)
        aspects: list[Aspect] = []
        for a_body in d_body.get("aspects") or []:
            a_num = a_body.get("number") if isinstance(a_body, dict) else None
            a_where = f"aspect {a_num}"
            if not isinstance(a_num, int) or isinstance(a_num, bool):
                errors.add(f"{d_where}", f"an aspect needs a whole 'number' (found {a_num!r})")
                continue
            if a_num in seen_aspects:
                errors.add(a_where, "duplicate aspect number")
            seen_aspects.add(a_num)
            a_weight = _decimal(a_body.get("weight"), a_where, "weight", errors)
            indicators: list[Indicator] = []
            for i_body in a_body.get("indicators") or []:
                i_num = i_body.get("number") if isinstance(i_body, dict) else None
                i_where = f"indicator {i_num}"
                if not isinstance(i_num, int) or isinstance(i_num, bool):
                    errors.add(a_where, f"an indicator needs a whole 'number' (found {i_num!r})")
                    continue
                if i_num in seen_indicators:
                    errors.add(i_where, "duplicate indicator number")
                seen_indicators.add(i_num)
                i_weight, i_fraction = _indicator_weight(i_body.get("weight"), i_where, fmt, errors)
                scale = scales.get(i_body.get("scale"))
                if scale is None:
                    errors.add(i_where, f"scale {i_body.get('scale')!r} is not defined under 'scales'")
                name = _text(i_body, "name", i_where, errors)
                if i_weight is not None and i_weight <= 0:
                    errors.add(i_where, f"weight {i_body.get('weight')} must be positive")
                label, item_of = _item_fields(i_body, i_where, fmt, errors)
                indicators.append(
                    Indicator(
                        number=i_num,
                        name=name,
                        short_name=i_body.get("short_name") or name,
                        weight=i_weight if i_weight is not None else Decimal(0),
                        scale=scale or Scale("?", "?", {}),
                        aspect_number=a_num,
                        question=_text(i_body, "question", i_where, errors, required=False),
                        description=_text(i_body, "description", i_where, errors, required=False),
                        criteria=_level_texts(i_body.get("criteria"), scale, i_where, "criteria", errors),
                        evidence_criteria=_level_texts(
                            i_body.get("evidence_criteria"), scale, i_where, "evidence_criteria", errors
                        ),
                        label=label,
                        item_of=item_of,
                        weight_fraction=i_fraction,
                    )
                )
            if not indicators:
                errors.add(a_where, "has no indicators")
            _check_items(a_num, indicators, errors)
            all_indicators.extend(indicators)
            _sum_check(a_where, [i.exact_weight for i in indicators], a_weight, "indicator", "aspect", errors)
            aspects.append(
                Aspect(
                    number=a_num,
                    name=_text(a_body, "name", a_where, errors),
                    weight=a_weight or Decimal(0),
                    domain_number=d_num,
                    indicators=tuple(indicators),
                )
            )
        if not aspects:
            errors.add(d_where, "has no aspects")
        _sum_check(d_where, [Fraction(a.weight) for a in aspects], d_weight, "aspect", "domain", errors)
        domains.append(
            Domain(
                number=d_num,
                name=_text(d_body, "name", d_where, errors),
                weight=d_weight or Decimal(0),
                aspects=tuple(aspects),
            )
        )
    _sum_check("domains", [Fraction(d.weight) for d in domains], total, "domain", "total", errors)
    _check_labels(all_indicators, errors)

    template = data.get("justification_template", GENERIC_JUSTIFICATION)
    if not isinstance(template, str):
        errors.add("justification_template", "must be a text")
    else:
        try:
            template.format(indicator=1, name="", level=1, level_name="")
        except (KeyError, IndexError, ValueError) as exc:
            errors.add(
                "justification_template", f"may use only {{indicator}}, {{name}}, {{level}}, {{level_name}} ({exc})"
            )

    if errors.problems:
        raise FrameworkError(source, errors.problems)
    return Framework(
        id=framework_id,
        title=str(data.get("title") or framework_id),
        regulation=str(data.get("regulation", "")),
        status=str(data.get("status", "")),
        notes=str(data.get("notes", "")),
        total_weight=total or Decimal(100),
        scales=scales,
        bands=bands,
        stages=stages,
        domains=tuple(domains),
        justification_template=template,
    )


def load_framework_file(path: Path) -> Framework:
    """Load one framework file; FrameworkError names the file and every offending entry."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FrameworkError(source, ["file not found"]) from None
    except UnicodeDecodeError as exc:
        raise FrameworkError(source, [f"not UTF-8 text (byte {exc.start})"]) from None
    except OSError as exc:
        raise FrameworkError(source, [f"cannot be read: {exc.strerror}"]) from None
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise FrameworkError(source, [f"line {exc.lineno} column {exc.colno}: {exc.msg}"]) from None
    return parse_framework(data, source)


def bundled_framework_paths() -> dict[str, Path]:
    """Framework id -> file for the frameworks shipped in data/frameworks (id = file stem)."""
    return {p.stem: p for p in sorted(frameworks_dir().glob("*.json"))}


@lru_cache(maxsize=8)
def _load_cached(path: Path) -> Framework:
    return load_framework_file(path)


def load_framework(ref: str) -> Framework:
    """Load a bundled framework by id, or any framework file by path."""
    bundled = bundled_framework_paths()
    if ref in bundled:
        return _load_cached(bundled[ref])
    candidate = Path(ref)
    if candidate.suffix == ".json" and candidate.exists():
        return _load_cached(candidate.resolve())
    known = ", ".join(bundled) or "none"
    raise FrameworkError(ref, [f"no such framework (bundled: {known})"])
