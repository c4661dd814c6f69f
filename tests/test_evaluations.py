"""Evaluations are explicit: one per year with one framework, settings changed by an admin and
recorded, and the predikat read from the value the evaluation says (the national reports of 2023
and 2024 differ)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from spbe_tui.domain.framework_loader import load_framework
from spbe_tui.services.identity import os_login
from spbe_tui.storage.db import open_db, write
from tests.importing_helpers import db_content, write_bundle
from tests.reviewer_helpers import register

FW2020 = load_framework("spbe-2020")
UNIT = Fraction(1, 20)  # every spbe-2020 weight is a multiple of 0.05


def spbe(*args: object, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "spbe_tui", *map(str, args)], capture_output=True, text=True,
                          input=stdin, env=None)


def levels_for(index: Fraction) -> dict[int, int]:
    """Levels 1–5 whose spbe-2020 index is exactly `index`: with domain weights equal to the sums of
    their indicators' weights, the index is Σ weight × level / 100, so this is a subset sum over
    each indicator's steps above level 1, in units of 0.05."""
    steps = [(i.number, int(Fraction(str(i.weight)) / UNIT)) for i in FW2020.indicators]
    base = sum(w for _, w in steps)
    target = int(index * 100 / UNIT) - base
    reach: dict[int, list[int]] = {0: []}  # extra units -> steps chosen per indicator so far
    for _, weight in steps:
        reach = {total + k * weight: [*chosen, k] for total, chosen in reach.items() for k in range(5)
                 if total + k * weight <= target}
    assert target in reach, f"no levels give index {index}"
    return {number: 1 + k for (number, _), k in zip(steps, reach[target], strict=True)}


def make_db(tmp_path: Path, year: int, levels: dict[int, int], instansi: str = "kab-nias-barat") -> Path:
    bundle = write_bundle(tmp_path / "bundles" / f"{instansi}-{year}", instansi, levels=levels,
                          name="Kabupaten Nias Barat", year=year)
    db_path = tmp_path / "spbe.db"
    done = spbe("import", bundle, "--db", db_path, "--year", year)
    assert done.returncode == 0, done.stdout + done.stderr
    return db_path


def admin(db_path: Path) -> None:
    db = open_db(db_path)
    with write(db):
        register(db, os_login(), ("admin",))
    db.close()


def mandiri_row(db_path: Path, year: int) -> dict[str, str]:
    done = spbe("export", "--db", db_path, "--year", year, "--stage", "mandiri", "--out", "-")
    assert done.returncode == 0, done.stderr
    return next(csv.DictReader(io.StringIO(done.stdout)))


# Kab. Nias Barat as the national reports give it. 2023 (read from the rounded index): domains
# 1.00/1.00/1.00/2.75, shown 1.80, "Cukup". 2024 (the unrounded one): 1.00/1.10/1.00/2.70, exact
# 1.7975, "Kurang". Levels that give those domain values: layanan 2.747… (2.75) and 2.698… (2.70).
NIAS_2023 = {n: 1 for n in range(1, 48)} | {n: 3 for n in range(32, 40)} | {40: 2, 41: 2} | {
    n: 3 for n in range(42, 46)} | {46: 2, 47: 2}
NIAS_2024 = {n: 1 for n in range(1, 48)} | {11: 2} | {n: 3 for n in range(32, 37)} | {n: 2 for n in range(37, 42)} | {
    n: 3 for n in range(42, 48)}


def test_the_published_nias_barat_cases_end_to_end(tmp_path):
    db_path = make_db(tmp_path, 2023, NIAS_2023)
    bundle = write_bundle(tmp_path / "b2024", "kab-nias-barat", levels=NIAS_2024, name="Kabupaten Nias Barat",
                          year=2024)
    assert spbe("import", bundle, "--db", db_path, "--year", 2024).returncode == 0
    admin(db_path)
    set_2023 = spbe("evaluation", "set", "--db", db_path, "--year", 2023, "--predikat-basis", "rounded")
    assert set_2023.returncode == 0 and set_2023.stdout == "2023: predikat_basis: unrounded → rounded\n"

    row = mandiri_row(db_path, 2023)
    assert [row[f"D{n}"] for n in range(1, 5)] == ["1.00", "1.00", "1.00", "2.75"]
    assert (row["indeks"], row["predikat"], row["predikat_basis"]) == ("1.80", "Cukup", "rounded")
    row = mandiri_row(db_path, 2024)
    assert [row[f"D{n}"] for n in range(1, 5)] == ["1.00", "1.10", "1.00", "2.70"]
    assert (row["indeks"], row["predikat"], row["predikat_basis"]) == ("1.80", "Kurang", "unrounded")
    summary = spbe("export", "--db", db_path, "--year", 2024, "--stage", "mandiri", "--out", "-").stderr
    assert "Evaluasi SPBE 2024" in summary and "basis unrounded" in summary

    listed = spbe("evaluation", "list", "--db", db_path).stdout
    lines = [line for line in listed.splitlines() if "spbe-2020" in line]
    assert "2024" in lines[0] and "unrounded" in lines[0] and "2023" in lines[1] and " rounded" in lines[1]
    assert spbe("audit", "verify", "--db", db_path).returncode == 0  # the setting is in the log


EDGES = [Fraction(x) for x in ("1.795", "2.595", "3.495", "4.195")]
BANDS = ["Kurang", "Cukup", "Baik", "Sangat Baik", "Memuaskan"]


@pytest.mark.parametrize("edge", range(4), ids=["1.80", "2.60", "3.50", "4.20"])
def test_every_band_edge_under_both_bases(tmp_path, edge):
    """Just below each edge (exact x.x95, shown x.x0 once rounded half up) and exactly on it."""
    below, on = EDGES[edge], EDGES[edge] + Fraction(1, 200)
    for offset, index in enumerate((below, on)):
        db_path = make_db(tmp_path / str(offset), 2025, levels_for(index))
        admin(db_path)
        unrounded = mandiri_row(db_path, 2025)
        assert spbe("evaluation", "set", "--db", db_path, "--year", 2025, "--predikat-basis", "rounded").returncode == 0
        rounded = mandiri_row(db_path, 2025)
        shown = str(Decimal(str(float(on))).quantize(Decimal("0.01")))
        assert unrounded["indeks"] == rounded["indeks"] == shown
        assert rounded["predikat"] == BANDS[edge + 1]
        assert unrounded["predikat"] == BANDS[edge + (index == on)]


def test_a_year_has_one_framework(tmp_path):
    db_path = make_db(tmp_path, 2025, {n: 3 for n in range(1, 48)})
    before = db_content(db_path)
    fw2018 = load_framework("spbe-2018")
    other = write_bundle(tmp_path / "b2018", "kota-lama", levels={i.number: 3 for i in fw2018.indicators},
                         framework="spbe-2018", year=2025)
    refused = spbe("import", other, "--db", db_path)
    assert refused.returncode == 1
    assert ("2025 is evaluated with spbe-2020 (Evaluasi SPBE 2025), but this submission uses spbe-2018"
            in " ".join(refused.stderr.split()))
    assert db_content(db_path) == before
    # A new year is a new evaluation, with whichever framework its first import brings; said so.
    created = spbe("import", other, "--db", db_path, "--year", 2019)
    assert created.returncode == 0, created.stdout
    assert ("new evaluation: Evaluasi SPBE 2019 (spbe-2018), created by this import"
            in " ".join((created.stdout + created.stderr).split()))
    status = spbe("status", "--db", db_path, "--year", 2025).stdout
    assert "1 institutions, 47 indicators" in status


def test_evaluation_settings_are_an_admins_and_recorded(tmp_path):
    db_path = make_db(tmp_path, 2025, {n: 3 for n in range(1, 48)})
    db = open_db(db_path)
    with write(db):
        register(db, os_login())  # registered, not an admin
    db.close()
    refused = spbe("evaluation", "set", "--db", db_path, "--year", 2025, "--predikat-basis", "rounded")
    assert refused.returncode == 1 and "only an admin may change an evaluation's settings" in refused.stderr
    admin(db_path)
    for args, message in [
        (("--predikat-basis", "halfway"), "rounded or unrounded, not 'halfway'"),
        (("--stages", "dokumen,visitasi"), "stage interviu is required by spbe-2020"),
        (("--stages", "dokumen,wawancara"), "spbe-2020 has no stage wawancara"),
        (("--name", " "), "needs a name"),
    ]:
        done = spbe("evaluation", "set", "--db", db_path, "--year", 2025, *args)
        assert done.returncode == 1 and message in done.stderr, (args, done.stderr)
    done = spbe("evaluation", "set", "--db", db_path, "--year", 2025, "--stages", "interviu,dokumen",
                "--name", "Evaluasi SPBE 2025 (uji)")
    assert done.returncode == 0, done.stderr
    db = open_db(db_path)
    old, new = db.execute("SELECT old_value, new_value FROM events WHERE kind = 'evaluation_set'").fetchone()
    db.close()
    assert json.loads(old)["stages"] == ["dokumen", "interviu", "visitasi"]
    assert json.loads(new) == {"name": "Evaluasi SPBE 2025 (uji)", "stages": ["dokumen", "interviu"],
                               "predikat_basis": "unrounded"}
    assert spbe("audit", "verify", "--db", db_path).returncode == 0
    nothing = spbe("evaluation", "set", "--db", db_path, "--year", 2025, "--stages", "dokumen,interviu")
    assert nothing.stdout == "2025: nothing changed\n"
