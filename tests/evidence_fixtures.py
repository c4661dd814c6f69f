"""Evidence files of every previewable kind, made with the project's own sample writers."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from spbe_tui.sample.writers import csv_bytes, pdf_bytes, png_bytes, xlsx_bytes
from tests.importing_helpers import write_bundle


def long_pdf(pages: int) -> bytes:
    return pdf_bytes(
        [[f"Halaman {n} dari {pages}", f"Pasal {n}: ketentuan arsitektur SPBE bagian {n}.",
          "Reviu dilakukan setiap tahun." if n in (3, 7) else "Isi lain."] for n in range(1, pages + 1)],
        title="Perbup Arsitektur SPBE",
    )


def big_sheet(rows: int) -> bytes:
    return xlsx_bytes(
        {"Aset TIK": [["No", "Nama aset", "Lokasi"], *[[n, f"Server {n}", "Ruang server"] for n in range(1, rows + 1)]],
         "Ringkasan": [["Jenis", "Jumlah"], ["Server", rows]]},
        title="Daftar aset", author="Tim", created=datetime(2025, 1, 1),
    )


def screenshot(width: int = 200, height: int = 120) -> bytes:
    title_bar = (0, 0, width, 20, (20, 60, 160))
    button = (20, 40, 80, 30, (200, 40, 40))
    return png_bytes(width, height, (240, 240, 240), [title_bar, button], {})


def evidence_bundle(root: Path) -> Path:
    files = {
        "bukti/perbup.pdf": long_pdf(9),
        "bukti/aset.xlsx": big_sheet(700),
        "bukti/layar.png": screenshot(),
        "bukti/data.csv": csv_bytes([["kecamatan", "penduduk"], ["Utara", 1200], ["Selatan", 900]]),
        "bukti/catatan.txt": b"Baris satu\n\x1b]0;judul palsu\x07\x1b[2J akhir",
        "bukti/rusak.pdf": b"%PDF-1.4 rusak",
    }
    return write_bundle(root, "kab-bukti", evidence={1: list(files)}, files=files)
