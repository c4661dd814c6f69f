"""Builders for submissions on disk, and a content snapshot of a database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from spbe_tui.importing import bundle_format


def write_bundle(folder: Path, instansi_id: str = "kab-uji", levels: dict[int, int] | None = None,
                 evidence: dict[int, list[str]] | None = None, files: dict[str, bytes] | None = None,
                 name: str = "Pemerintah Kabupaten Uji", **extra) -> Path:
    levels = levels if levels is not None else {n: 3 for n in range(1, 48)}
    evidence = evidence or {}
    folder.mkdir(parents=True, exist_ok=True)
    for relative, content in (files or {}).items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    items = [
        {"indicator": n, "level": lv, "fakta": f"Fakta indikator {n}", "analisis": f"Analisis {n}",
         "evidence": evidence.get(n, [])}
        for n, lv in levels.items()
    ]
    data = {**bundle_format.manifest(instansi_id, name, "kabupaten", "spbe-2020", 2025, items), **extra}
    (folder / bundle_format.MANIFEST).write_bytes(bundle_format.manifest_bytes(data))
    return folder


HEADER = "instansi_id,instansi_name,indicator,level,penjelasan,evidence\n"


def table_rows(instansi_id: str = "kota-uji", name: str = "Pemerintah Kota Uji", levels=None, evidence=None) -> str:
    levels = levels if levels is not None else {n: 2 for n in range(1, 48)}
    evidence = evidence or {}
    return "".join(
        f'{instansi_id},{name},{n},{lv},"Penjelasan, indikator {n}",{";".join(evidence.get(n, []))}\n'
        for n, lv in levels.items()
    )


def db_content(path: Path) -> list[str]:
    """Every row of every table, for 'the database is exactly as it was' checks."""
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()
