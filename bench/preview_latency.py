"""Preview latency: from selecting an evidence file to its first content on screen.

Measured inside the app (the viewer stamps the time when a preview is asked for and again after
the refresh that shows it), for a 1-page PDF, a 300-page PDF, a 5 MB XLSX and a 2000×1500 PNG.

    .venv/bin/python bench/preview_latency.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image  # noqa: E402

from spbe_tui.importing.importer import ImportOptions, run_import  # noqa: E402
from spbe_tui.sample.writers import pdf_bytes, xlsx_bytes  # noqa: E402
from spbe_tui.storage.db import open_db, write  # noqa: E402
from spbe_tui.storage.people import assign, ensure_assessor  # noqa: E402
from tests.importing_helpers import write_bundle  # noqa: E402
from tests.reviewer_helpers import open_app  # noqa: E402


def make_files() -> dict[str, bytes]:
    rng = random.Random(7)
    one = pdf_bytes([["Surat Keputusan Tim Koordinasi SPBE", "Menetapkan susunan tim."]], title="SK")
    many = pdf_bytes(
        [[f"Halaman {n}", *(f"Pasal {n}.{k}: ketentuan penyelenggaraan SPBE yang berlaku." for k in range(20))]
         for n in range(1, 301)],
        title="Laporan",
    )
    rows = [["No", "Aset", "Lokasi", "Tahun", "Nilai", "Keterangan"]]
    rows += [[n, f"Perangkat {rng.randrange(10**6)}", f"Gedung {rng.randrange(50)}", 2015 + n % 10,
              rng.randrange(10**9), f"catatan {rng.random():.12f}"] for n in range(1, 112_001)]
    sheet = xlsx_bytes({"Aset": rows}, title="Aset", author="Tim", created=datetime(2025, 1, 1))
    image = Image.effect_noise((2000, 1500), 60).convert("RGB")
    png = io.BytesIO()
    image.save(png, format="PNG")
    return {"sk-1-halaman.pdf": one, "laporan-300-halaman.pdf": many, "aset-5mb.xlsx": sheet,
            "layar-2000x1500.png": png.getvalue()}


async def measure(db_path: Path, rounds: int) -> dict[str, list[float]]:
    app = open_app(db_path, assessor="bench")
    results: dict[str, list[float]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        panel = app.query_one("#evidence")
        options = app.query_one("#evidence-list")
        viewer = app.query_one("#viewer")
        names = [item.name for item in panel._items]
        options.highlighted = None
        await pilot.pause()
        for _ in range(rounds):
            for index, name in enumerate(names):
                before = len(viewer.latencies)
                options.highlighted = index
                deadline = time.perf_counter() + 10
                while len(viewer.latencies) == before and time.perf_counter() < deadline:
                    await asyncio.sleep(0.001)
                if len(viewer.latencies) == before:
                    raise RuntimeError(f"no preview of {name} within 10 s")
                results.setdefault(name, []).append(viewer.latencies[-1].seconds)
                options.highlighted = None
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        started = time.perf_counter()
        files = make_files()
        bundle = write_bundle(root / "b", "bench", evidence={1: list(files)}, files=files)
        db_path = root / "spbe.db"
        db = open_db(db_path)
        report = run_import(bundle, db, db_path, ImportOptions(user="bench"))
        assert report.ok, report.problems
        with write(db):
            ensure_assessor(db, "bench")
            assign(db, 1, "bench", "bench")
        db.close()
        print(f"setup {time.perf_counter() - started:.1f} s; sizes: "
              + ", ".join(f"{name} {len(data) / 1048576:.1f} MB" for name, data in files.items()))
        results = asyncio.run(measure(db_path, args.rounds))
    print(f"{'file':32} {'median ms':>10} {'p95 ms':>8} {'n':>3}")
    for name, values in results.items():
        values.sort()
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
        print(f"{Path(name).name:32} {statistics.median(values) * 1000:10.1f} {p95 * 1000:8.1f} {len(values):3}")


if __name__ == "__main__":
    main()
