"""The bundle format, written in one place: one folder per institution holding `manifest.json`
and the evidence files it names (paths relative to the folder).

The reader checks a manifest against these names; the sample generator and the tests build
manifests with `manifest()`, so the three cannot disagree.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

FORMAT_VERSION = 1
MANIFEST = "manifest.json"

TOP_FIELDS = ("format", "instansi", "framework", "year", "submitted_at", "indicators")
INSTANSI_FIELDS = ("id", "name", "type")
ITEM_TEXTS = ("penjelasan", "fakta", "analisis")
ITEM_FIELDS = ("indicator", "level", *ITEM_TEXTS, "evidence")


def manifest(
    instansi_id: str,
    name: str,
    kind: str,
    framework: str,
    year: int,
    items: Sequence[dict[str, Any]],
    submitted_at: str | None = None,
) -> dict[str, Any]:
    """A manifest; `items` hold `ITEM_FIELDS` (texts and evidence may be left out)."""
    data: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "instansi": {"id": instansi_id, "name": name, "type": kind},
        "framework": framework,
        "year": year,
    }
    if submitted_at is not None:
        data["submitted_at"] = submitted_at
    data["indicators"] = list(items)
    return data


def manifest_bytes(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
