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
from spbe_tui.i18n import say
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
        super().__init__(say("fw_problems", source=source, n=len(problems), lines=lines))


class _Collector:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}" if where else message)


def _decimal(value: Any, where: str, field: str, errors: _Collector) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        errors.add(where, say("fw_not_number", field=field))
        return None
    try:
        number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        errors.add(where, say("fw_not_decimal", field=field, value=value))
        return None
    if not number.is_finite():
        errors.add(where, say("fw_not_finite", field=field, value=value))
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
        errors.add(where, say("fw_fraction_format", value=value))
        return None, None
    numerator, denominator = int(match[1]), int(match[2])
    if denominator == 0:
        errors.add(where, say("fw_divides_by_zero", value=value))
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
            errors.add(where, say("fw_nonempty_text", name=key))
        return ""
    return value


def _level_texts(raw: Any, scale: Scale | None, where: str, field: str, errors: _Collector) -> dict[int, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        errors.add(where, say("fw_map_levels", field=field))
        return {}
    texts: dict[int, str] = {}
    for key, text in raw.items():
        try:
            level = int(key)
        except (TypeError, ValueError):
            errors.add(where, say("fw_key_not_level", field=field, name=key))
            continue
        if scale is not None and level not in scale.levels:
            errors.add(where, say("fw_level_not_in_scale", field=field, level=level, scale=scale.id))
        if not isinstance(text, str):
            errors.add(where, say("fw_level_not_text", field=field, level=level))
            continue
        texts[level] = text
    return dict(sorted(texts.items()))


def _parse_scales(raw: Any, errors: _Collector) -> dict[str, Scale]:
    scales: dict[str, Scale] = {}
    if not isinstance(raw, dict) or not raw:
        errors.add("scales", say("fw_need_scale"))
        return scales
    for scale_id, body in raw.items():
        where = say("fw_where_scale", scale=scale_id)
        if not isinstance(body, dict) or not isinstance(body.get("levels"), dict) or not body["levels"]:
            errors.add(where, say("fw_scale_levels"))
            continue
        levels: dict[int, str] = {}
        for key, name in body["levels"].items():
            try:
                value = int(key)
            except (TypeError, ValueError):
                errors.add(where, say("fw_level_key", name=key))
                continue
            if value < 0:
                errors.add(where, say("fw_level_negative", level=value))
            if not isinstance(name, str) or not name.strip():
                errors.add(where, say("fw_level_no_name", level=value))
                continue
            levels[value] = name
        if levels:
            declared = {int(k) for k in body["levels"] if str(k).lstrip("-").isdigit()}
            for value in range(min(levels), max(levels) + 1):
                if value not in declared:
                    errors.add(where, say("fw_level_gap", level=value))
        name = body.get("name", scale_id)
        scales[scale_id] = Scale(id=scale_id, name=str(name), levels=dict(sorted(levels.items())))
    return scales


def _parse_bands(raw: Any, errors: _Collector) -> tuple[Band, ...]:
    if not isinstance(raw, list) or not raw:
        errors.add("predikat", say("fw_need_band"))
        return ()
    bands = []
    for n, body in enumerate(raw, start=1):
        where = say("fw_where_band", n=n)
        if not isinstance(body, dict):
            errors.add(where, say("fw_must_be_object"))
            continue
        name = _text(body, "name", where, errors)
        low = _decimal(body.get("min"), where, "min", errors)
        high = _decimal(body.get("max"), where, "max", errors)
        if low is None or high is None:
            continue
        if low >= high:
            errors.add(say("fw_where_band_named", name=name), say("fw_min_max", low=low, high=high))
        bands.append(Band(name=name, min=low, max=high, max_inclusive=bool(body.get("max_inclusive", False))))
    ordered = sorted(bands, key=lambda b: b.min)
    for lower, upper in pairwise(ordered):
        if lower.max != upper.min:
            errors.add(
                "predikat",
                say("fw_band_gap", lower=lower.name, upper=upper.name, high=lower.max, low=upper.min),
            )
    return tuple(bands)


def _parse_stages(raw: Any, errors: _Collector) -> tuple[Stage, ...]:
    if not isinstance(raw, list) or not raw:
        errors.add("stages", say("fw_need_stage"))
        return ()
    stages = []
    seen: set[str] = set()
    for n, body in enumerate(raw, start=1):
        where = say("fw_where_stage", n=n)
        if not isinstance(body, dict):
            errors.add(where, say("fw_must_be_object"))
            continue
        stage_id = _text(body, "id", where, errors)
        if stage_id in seen:
            errors.add(where, say("fw_dup_stage", stage=stage_id))
        seen.add(stage_id)
        name = _text(body, "name", where, errors)
        stages.append(Stage(id=stage_id, name=name, optional=bool(body.get("optional", False))))
    return tuple(stages)


def _sum_check(where: str, parts: list[Fraction], expected: Decimal | None, message: str, errors: _Collector) -> None:
    """`message` (fw_sum_*) names the parts and the whole whose weights disagree."""
    if expected is None:
        return
    total = sum(parts, Fraction(0))
    if total != expected:
        errors.add(where, say(message, total=_show(total), expected=_show(Fraction(expected))))


def _check_items(aspect_number: int, indicators: list[Indicator], errors: _Collector) -> None:
    """Each further scored item names an indicator of its own aspect that is not itself an item,
    and is scored on the same scale."""
    by_number = {i.number: i for i in indicators}
    for item in indicators:
        if item.item_of is None:
            continue
        where = say("fw_where_indicator", n=item.number)
        parent = by_number.get(item.item_of)
        if item.item_of == item.number:
            errors.add(where, say("fw_item_self"))
        elif parent is None:
            errors.add(where, say("fw_item_not_in_aspect", item_of=item.item_of, aspect=aspect_number))
        elif parent.item_of is not None:
            errors.add(where, say("fw_item_nested", item_of=item.item_of, parent=parent.item_of))
        elif parent.scale.id != item.scale.id:
            errors.add(where, say("fw_item_scale", scale=item.scale.id, parent=parent.number,
                                  parent_scale=parent.scale.id))


def _check_labels(indicators: list[Indicator], errors: _Collector) -> None:
    first: dict[str, int] = {}
    for indicator in indicators:
        other = first.setdefault(indicator.label, indicator.number)
        if other != indicator.number:
            errors.add(say("fw_where_indicator", n=indicator.number),
                       say("fw_label_twice", label=indicator.label, other=other))


def _item_fields(body: dict, where: str, fmt: Any, errors: _Collector) -> tuple[str, int | None]:
    """'label' (how people write the entry, e.g. "35-2") and 'item_of' (the indicator it is a
    further scored item of): format 2 only."""
    if fmt == 1:
        for key in ("label", "item_of"):
            if key in body:
                errors.add(where, say("fw_needs_format2", name=key))
        return "", None
    label = ""
    if "label" in body:
        raw = body["label"]
        if not isinstance(raw, str) or not raw.strip() or raw != raw.strip():
            errors.add(where, say("fw_label_text"))
        else:
            label = raw
    item_of = body.get("item_of")
    if item_of is not None and (not isinstance(item_of, int) or isinstance(item_of, bool)):
        errors.add(where, say("fw_item_of_number", found=item_of))
        item_of = None
    return label, item_of


def parse_framework(data: Any, source: str) -> Framework:
    """Build a Framework from decoded JSON, raising FrameworkError listing every problem."""
    errors = _Collector()
    if not isinstance(data, dict):
        raise FrameworkError(source, [say("fw_not_object")])
    fmt = data.get("format")
    if isinstance(fmt, bool) or fmt not in SUPPORTED_FORMATS:
        expected = say("fw_or").join(str(f) for f in SUPPORTED_FORMATS)
        errors.add("format", say("fw_format", expected=expected, found=fmt))
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
        errors.add("domains", say("fw_need_domain"))
        raw_domains = []
    for d_body in raw_domains:
        d_num = d_body.get("number") if isinstance(d_body, dict) else None
        d_where = say("fw_where_domain", n=d_num)
        if not isinstance(d_num, int) or isinstance(d_num, bool):
            errors.add(d_where, say("fw_needs_number"))
            continue
        if d_num in seen_domains:
            errors.add(d_where, say("fw_dup_domain"))
        seen_domains.add(d_num)
        d_weight = _decimal(d_body.get("weight"), d_where, "weight", errors)
        aspects: list[Aspect] = []
        for a_body in d_body.get("aspects") or []:
            a_num = a_body.get("number") if isinstance(a_body, dict) else None
            a_where = say("fw_where_aspect", n=a_num)
            if not isinstance(a_num, int) or isinstance(a_num, bool):
                errors.add(d_where, say("fw_aspect_number", found=a_num))
                continue
            if a_num in seen_aspects:
                errors.add(a_where, say("fw_dup_aspect"))
            seen_aspects.add(a_num)
            a_weight = _decimal(a_body.get("weight"), a_where, "weight", errors)
            indicators: list[Indicator] = []
            for i_body in a_body.get("indicators") or []:
                i_num = i_body.get("number") if isinstance(i_body, dict) else None
                i_where = say("fw_where_indicator", n=i_num)
                if not isinstance(i_num, int) or isinstance(i_num, bool):
                    errors.add(a_where, say("fw_indicator_number", found=i_num))
                    continue
                if i_num in seen_indicators:
                    errors.add(i_where, say("fw_dup_indicator"))
                seen_indicators.add(i_num)
                i_weight, i_fraction = _indicator_weight(i_body.get("weight"), i_where, fmt, errors)
                scale = scales.get(i_body.get("scale"))
                if scale is None:
                    errors.add(i_where, say("fw_scale_undefined", scale=i_body.get("scale")))
                name = _text(i_body, "name", i_where, errors)
                if i_weight is not None and i_weight <= 0:
                    errors.add(i_where, say("fw_weight_positive", weight=i_body.get("weight")))
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
                errors.add(a_where, say("fw_no_indicators"))
            _check_items(a_num, indicators, errors)
            all_indicators.extend(indicators)
            _sum_check(a_where, [i.exact_weight for i in indicators], a_weight, "fw_sum_indicators", errors)
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
            errors.add(d_where, say("fw_no_aspects"))
        _sum_check(d_where, [Fraction(a.weight) for a in aspects], d_weight, "fw_sum_aspects", errors)
        domains.append(
            Domain(
                number=d_num,
                name=_text(d_body, "name", d_where, errors),
                weight=d_weight or Decimal(0),
                aspects=tuple(aspects),
            )
        )
    _sum_check("domains", [Fraction(d.weight) for d in domains], total, "fw_sum_domains", errors)
    _check_labels(all_indicators, errors)

    template = data.get("justification_template", GENERIC_JUSTIFICATION)
    if not isinstance(template, str):
        errors.add("justification_template", say("fw_must_be_text"))
    else:
        try:
            template.format(indicator=1, name="", level=1, level_name="")
        except (KeyError, IndexError, ValueError) as exc:
            errors.add("justification_template", say("fw_template_fields", reason=exc))

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


# The json module's words for malformed JSON, as messages in the user's language (the importer
# reads manifests with the same words).
_JSON_REASONS = {
    "Expecting value": "json_value",
    "Expecting property name enclosed in double quotes": "json_name",
    "Expecting ':' delimiter": "json_colon",
    "Expecting ',' delimiter": "json_comma",
    "Unterminated string starting at": "json_unterminated",
    "Extra data": "json_extra",
    "Invalid control character at": "json_control",
    "Invalid \\escape": "json_escape",
    "Invalid \\uXXXX escape": "json_u_escape",
}


def json_reason(text: str) -> str:
    """A JSONDecodeError's `msg` in the user's language, where it is one of the decoder's usual ones."""
    key = _JSON_REASONS.get(text)
    return say(key) if key else text


def load_framework_file(path: Path) -> Framework:
    """Load one framework file; FrameworkError names the file and every offending entry."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FrameworkError(source, [say("fw_file_not_found")]) from None
    except UnicodeDecodeError as exc:
        raise FrameworkError(source, [say("fw_not_utf8", byte=exc.start)]) from None
    except OSError as exc:
        raise FrameworkError(source, [say("fw_cannot_read", reason=exc.strerror)]) from None
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise FrameworkError(source, [say("fw_json_error", line=exc.lineno, column=exc.colno,
                                          reason=json_reason(exc.msg))]) from None
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
    known = ", ".join(bundled) or say("fw_none")
    raise FrameworkError(ref, [say("fw_no_such", known=known)])
