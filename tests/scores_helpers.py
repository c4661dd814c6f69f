"""A database holding every kind of level at fixed times, for the export, report and status tests.

Three institutions:
- kab-uji: complete; team levels at dokumen for all, re-set at interviu and visitasi for some,
  reviu 'tidak_valid' on indicator 5 and 'valid' on 6, assessors' own decisions;
- kota-dua: indicator 47 has no team level, so it is incomplete at final;
- kab-rumus: a name and texts that a spreadsheet would read as formulas.
"""

from __future__ import annotations

from pathlib import Path

import typer

from spbe_tui.importing.importer import ImportOptions, run_import
from spbe_tui.services.identity import os_login
from spbe_tui.storage.db import open_db, write
from spbe_tui.storage.people import assign, ensure_assessor, grant_role
from tests.importing_helpers import write_bundle
from tests.reviewer_helpers import SELF_LEVELS

STAMP = "2025-06-01T08:00:00.000000+00:00"
INDICATORS = range(1, 48)
FORMULA_NAME = '=HYPERLINK("http://contoh.invalid","klik")'
QUOTED_TEXT = 'Perbup No. 17/2023 — “Arsitektur SPBE”; tingkat 3, "lengkap"\nbaris kedua'
# indicator -> team justification that begins like a formula (kab-rumus, dokumen)
FORMULA_TEXTS = {1: "+62 812 555", 2: "@SUM(A1:A9)", 3: "-kurang bukti", 4: "\tcmd|' /C calc'!A0", 5: "\r=1+1"}

KAB_DOKUMEN = {n: 1 + (2 * n) % 5 for n in INDICATORS}
KAB_INTERVIU = {n: 5 - n % 3 for n in INDICATORS if n % 4 == 0}
KAB_VISITASI = {10: 5, 20: 1}
KAB_REVIU = {5: ("tidak_valid", 2, "Bukti tidak mendukung tingkat 5"), 6: ("valid", None, "")}
KOTA_DOKUMEN = {n: 3 for n in INDICATORS if n != 47}
RUMUS_SELF = {n: 2 for n in INDICATORS}
RUMUS_DOKUMEN = {n: 4 for n in INDICATORS}
RUMUS_REVIU = {7: ("tidak_valid", 5, "=1+1")}
# (assessor, stage, indicator, level, justification)
DECISIONS = [
    ("ani", "dokumen", 1, 3, QUOTED_TEXT),
    ("budi", "dokumen", 1, 2, "Belum ada SK"),
    ("ani", "dokumen", 2, 4, ""),
    ("ani", "interviu", 4, 5, "Dijelaskan saat interviu"),
    ("budi", "interviu", 8, None, "catatan tanpa tingkat"),
]


def make_scores_db(root: Path) -> Path:
    bundles = root / "bundles"
    write_bundle(bundles / "kab-uji", "kab-uji", levels=SELF_LEVELS)
    write_bundle(bundles / "kota-dua", "kota-dua", name="Pemerintah Kota Dua", levels={n: 3 for n in INDICATORS})
    write_bundle(bundles / "kab-rumus", "kab-rumus", name=FORMULA_NAME, levels=RUMUS_SELF)
    db_path = root / "spbe.db"
    db = open_db(db_path)
    assert run_import(bundles, db, db_path, ImportOptions(user="importer")).ok
    team = [("kab-uji", "dokumen", KAB_DOKUMEN), ("kab-uji", "interviu", KAB_INTERVIU),
            ("kab-uji", "visitasi", KAB_VISITASI), ("kota-dua", "dokumen", KOTA_DOKUMEN),
            ("kab-rumus", "dokumen", RUMUS_DOKUMEN)]
    with write(db):
        for person in ("ani", "budi", "ketua", "rina", os_login()):
            ensure_assessor(db, person)
        grant_role(db, os_login(), "admin")  # the OS login the CLI acts as, so `--as` works
        for instansi in ("kab-uji", "kota-dua", "kab-rumus"):
            assign(db, 1, instansi, "ketua", "chair")
        assign(db, 1, "kab-uji", "ani")
        assign(db, 1, "kab-uji", "budi")
        db.execute("UPDATE revisions SET imported_at = ?", [STAMP])
        for assessor, stage, indicator, level, text in DECISIONS:
            db.execute(
                """INSERT INTO decisions (evaluation_id, instansi_id, assessor_id, stage, indicator, level,
                   justification, decided_at) VALUES (1, 'kab-uji', ?, ?, ?, ?, ?, ?)""",
                [assessor, stage, indicator, level, text, STAMP],
            )
        for instansi, stage, levels in team:
            for indicator, level in levels.items():
                text = FORMULA_TEXTS.get(indicator, f"Tim {stage}") if instansi == "kab-rumus" else f"Tim {stage}"
                db.execute(
                    """INSERT INTO team_levels (evaluation_id, instansi_id, stage, indicator, level, justification,
                       set_by, set_at) VALUES (1, ?, ?, ?, ?, ?, 'ketua', ?)""",
                    [instansi, stage, indicator, level, text, STAMP],
                )
        for instansi, reviu in (("kab-uji", KAB_REVIU), ("kab-rumus", RUMUS_REVIU)):
            for indicator, (outcome, corrected, text) in reviu.items():
                db.execute(
                    """INSERT INTO reviu (evaluation_id, instansi_id, indicator, outcome, corrected_level,
                       justification, reviewer_id, reviewed_at) VALUES (1, ?, ?, ?, ?, ?, 'rina', ?)""",
                    [instansi, indicator, outcome, corrected, text, STAMP],
                )
    db.close()
    return db_path


def kab_final() -> dict[int, int]:
    """kab-uji's final levels by the rules, spelled out: team carried forward, then reviu."""
    levels = {**KAB_DOKUMEN, **KAB_INTERVIU, **KAB_VISITASI}
    levels.update({n: corrected for n, (outcome, corrected, _) in KAB_REVIU.items() if outcome == "tidak_valid"})
    return levels


def cli_app() -> typer.Typer:
    """The export commands registered as cli/__init__.py registers them."""
    from spbe_tui.cli import export, recommend, report, status

    app = typer.Typer()
    for module in (export, status, report, recommend):
        app.command(module.__name__.rsplit(".", 1)[1])(getattr(module, module.__name__.rsplit(".", 1)[1]))
    return app


# The 59/2020 weights as printed in the regulation (shared/spbe/README.md §1), typed in here
# rather than read from the framework file, so the tests recompute the index independently.
ASPECT_INDICATORS = {1: range(1, 11), 2: range(11, 15), 3: range(15, 19), 4: range(19, 21),
                     5: range(21, 29), 6: range(29, 32), 7: range(32, 42), 8: range(42, 48)}
INDICATOR_WEIGHT = {1: "1.30", 2: "2.50", 3: "2.50", 4: "2.50", 5: "1.50", 6: "1.50", 7: "2.75", 8: "3.00"}
ASPECT_WEIGHT = {1: "13", 2: "10", 3: "10", 4: "5", 5: "12", 6: "4.5", 7: "27.5", 8: "18"}
DOMAIN_ASPECTS = {1: (1,), 2: (2, 3, 4), 3: (5, 6), 4: (7, 8)}
DOMAIN_WEIGHT = {1: "13", 2: "25", 3: "16.5", 4: "45.5"}
BANDS = [("4.2", "Memuaskan"), ("3.5", "Sangat Baik"), ("2.6", "Baik"), ("1.8", "Cukup"), ("0", "Kurang")]


def recompute(levels: dict[int, int]):
    """(aspects, domains, index) as Fractions, plain arithmetic; None where a level is missing."""
    from fractions import Fraction as F

    aspects = {}
    for aspect, numbers in ASPECT_INDICATORS.items():
        if all(n in levels for n in numbers):
            aspects[aspect] = sum(levels[n] * F(INDICATOR_WEIGHT[aspect]) for n in numbers) / F(ASPECT_WEIGHT[aspect])
    domains = {}
    for domain, members in DOMAIN_ASPECTS.items():
        if all(a in aspects for a in members):
            domains[domain] = sum(aspects[a] * F(ASPECT_WEIGHT[a]) for a in members) / F(DOMAIN_WEIGHT[domain])
    index = sum(domains[d] * F(DOMAIN_WEIGHT[d]) for d in domains) / 100 if len(domains) == 4 else None
    return aspects, domains, index


def half_up(value) -> str:
    """Two decimals, half up, through Decimal division at high precision (a different route from
    the code under test)."""
    from decimal import ROUND_HALF_UP, Decimal, localcontext

    with localcontext() as context:
        context.prec = 50
        return str((Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP))


def band(value) -> str:
    from fractions import Fraction as F

    return next(name for low, name in BANDS if value >= F(low))
