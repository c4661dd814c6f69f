"""A database whose indicator 1 has evidence of every previewable kind (fixtures `evidence_db`, a
private copy per test, and `evidence_template`: import both), and Pilot steps to open one file
in the evidence tab or on the full screen."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from spbe_tui.importing.importer import ImportOptions, run_import
from spbe_tui.sample.writers import csv_bytes, pdf_bytes, xlsx_bytes
from spbe_tui.services.identity import os_login
from spbe_tui.storage.db import open_db, write
from spbe_tui.ui.widgets.evidence_panel import EvidencePanel
from spbe_tui.ui.widgets.evidence_viewer import EvidenceViewer
from tests.evidence_fixtures import big_sheet, long_pdf, screenshot
from tests.importing_helpers import write_bundle
from tests.reviewer_helpers import assign_team, register

INSTANSI = "kab-bukti"
LONG_LINES = 200


def regulation_pdf() -> bytes:
    """Two pages of a regulation, long enough to fill a full screen."""
    articles = [
        [f"Pasal {n}", f"(1) Perangkat daerah menyusun rencana pembangunan SPBE sesuai arsitektur SPBE "
                       f"pemerintah daerah tahap {n}.",
         f"(2) Rencana sebagaimana dimaksud pada ayat (1) direviu paling sedikit satu kali dalam {n} tahun.", ""]
        for n in range(1, 13)
    ]
    first = ["PERATURAN BUPATI NOMOR 17 TAHUN 2023", "TENTANG ARSITEKTUR SPBE", ""] + \
        [line for article in articles[:6] for line in article]
    second = [line for article in articles[6:] for line in article]
    return pdf_bytes([first, second], title="Perbup Arsitektur SPBE")


def workbook() -> bytes:
    """Three sheets: the issue's case of a workbook once labelled in pages."""
    return xlsx_bytes(
        {"Aset TIK": [["No", "Nama aset", "Jenis", "Lokasi", "Tahun"],
                      *[[n, f"Server aplikasi {n}", "Server", f"Ruang server lantai {1 + n % 3}", 2018 + n % 6]
                        for n in range(1, 61)]],
         "Ringkasan": [["Jenis", "Jumlah"], ["Server", 60], ["Jaringan", 12]],
         "Catatan": [["Catatan"], ["Data per 31 Desember 2024"]]},
        title="Daftar aset", author="Tim", created=datetime(2025, 1, 1),
    )


def long_text() -> bytes:
    return "\n".join(f"Baris {n}: notulen rapat koordinasi SPBE" for n in range(1, LONG_LINES + 1)).encode()


FILES = {
    "bukti/perbup.pdf": long_pdf(9),
    "bukti/regulasi.pdf": regulation_pdf(),
    "bukti/aset.xlsx": big_sheet(700),
    "bukti/rekap.xlsx": workbook(),
    "bukti/layar.png": screenshot(),
    "bukti/data.csv": csv_bytes([["kecamatan", "penduduk"], *[[f"Kecamatan {n}", 900 + n] for n in range(1, 41)]]),
    "bukti/notulen.txt": long_text(),
    "bukti/rusak.pdf": b"%PDF-1.4 rusak",
}


def make_evidence_db(root: Path) -> Path:
    """kab-bukti with FILES on indicator 1 and nothing on the others; ani and budi its team, rina
    of the Tim Reviu, dodi on no team, and whoever runs the tests an admin (so `--as` works)."""
    bundle = write_bundle(root / "b", INSTANSI, evidence={1: list(FILES)}, files=FILES)
    path = root / "spbe.db"
    db = open_db(path)
    assert run_import(bundle, db, path, ImportOptions(user="t")).ok
    with write(db):
        for person in ("ani", "budi", "dodi"):
            register(db, person)
        register(db, "rina", ("reviewer",))
        register(db, os_login(), ("admin",))
        assign_team(db, INSTANSI, ["ani", "budi"], chair="ani")
    db.close()
    return path


async def settle(pilot) -> None:
    """Until every load has finished and the screen shows it."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_evidence(pilot, name_part: str, *, preview: bool = True) -> EvidenceViewer:
    """The evidence tab on the file whose name contains `name_part`, the preview focused."""
    app = pilot.app
    await pilot.press("e")
    panel = app.query_one(EvidencePanel)
    index = next(i for i, item in enumerate(panel._items) if name_part in item.name)
    app.query_one("#evidence-list").highlighted = index
    await settle(pilot)
    if preview:
        panel.focus_preview()
        await settle(pilot)
    return app.query_one("#viewer", EvidenceViewer)


async def full_screen(pilot, name_part: str) -> EvidenceViewer:
    await open_evidence(pilot, name_part)
    await pilot.press("f")
    await settle(pilot)
    return pilot.app.screen.query_one(EvidenceViewer)


@pytest.fixture(scope="module")
def evidence_template(tmp_path_factory) -> Path:
    """make_evidence_db once per module (an import takes seconds); tests take copies."""
    return make_evidence_db(tmp_path_factory.mktemp("evidence"))


@pytest.fixture
def evidence_db(evidence_template: Path, tmp_path: Path) -> Path:
    """A private copy of the template database, with its evidence store."""
    folder = tmp_path / "db"
    folder.mkdir()
    target = folder / evidence_template.name
    shutil.copy2(evidence_template, target)
    store = evidence_template.with_name(f"{evidence_template.stem}-evidence")
    shutil.copytree(store, folder / store.name)
    return target
