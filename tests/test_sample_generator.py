"""The synthetic submission generator: deterministic, complete, and readable by ordinary tools."""

import hashlib
import json
import os
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
import zlib
from fractions import Fraction
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import typer
from openpyxl import load_workbook
from typer.testing import CliRunner

from spbe_tui.cli import sample as sample_cli
from spbe_tui.domain.index import compute_index
from spbe_tui.errors import SpbeError
from spbe_tui.sample import writers
from spbe_tui.sample.generator import generate

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ID_PATTERNS = {
    "kementerian": r"kem-\d{3}",
    "lembaga": r"lem-\d{3}",
    "provinsi": r"prov-\d{2}",
    "kabupaten": r"kab-\d{4}",
    "kota": r"kota-\d{3}",
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample") / "out"
    return out, generate(out, 6, seed=11)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _manifests(root: Path) -> dict[str, dict]:
    return {p.parent.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(root.glob("*/manifest.json"))}


def _evidence(root: Path, suffix: str) -> list[Path]:
    return sorted(root.glob(f"*/data-dukung/*{suffix}"))


def _words(text: str) -> str:
    return " ".join(text.split())


def test_same_seed_gives_a_byte_identical_tree_in_another_process(sample, tmp_path):
    out, _ = sample
    # A separate process with another hash seed would expose any set or dict-order dependence.
    code = (
        "import sys; from pathlib import Path; from spbe_tui.sample.generator import generate; "
        "generate(Path(sys.argv[1]), 6, seed=11)"
    )
    env = {**os.environ, "PYTHONHASHSEED": "97"}
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "again")], check=True, env=env)
    assert _tree(tmp_path / "again") == _tree(out)

    generate(tmp_path / "other", 6, seed=12)
    other = _manifests(tmp_path / "other")
    assert _tree(tmp_path / "other") != _tree(out)
    assert all(other[key] != manifest for key, manifest in _manifests(out).items())


def test_zip_documents_carry_no_clock(sample):
    out, _ = sample
    for path in _evidence(out, ".docx") + _evidence(out, ".xlsx"):
        with zipfile.ZipFile(path) as archive:
            assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}, path
    for path in _evidence(out, ".xlsx"):
        properties = load_workbook(path).properties
        assert properties.created == properties.modified and properties.created.year <= 2025


def test_every_institution_has_every_indicator_once_within_its_scale(sample, fw2020):
    out, summary = sample
    manifests = _manifests(out)
    assert len(manifests) == 6 == summary.institutions
    assert {m["instansi"]["type"] for m in manifests.values()} == set(ID_PATTERNS)
    assert len({m["instansi"]["name"] for m in manifests.values()}) == 6
    for folder, manifest in manifests.items():
        instansi = manifest["instansi"]
        assert instansi["id"] == folder and re.fullmatch(ID_PATTERNS[instansi["type"]], folder)
        assert (manifest["format"], manifest["framework"], manifest["year"]) == (1, "spbe-2020", 2025)
        assert manifest["submitted_at"].startswith("2025-")
        numbers = [entry["indicator"] for entry in manifest["indicators"]]
        assert numbers == [indicator.number for indicator in fw2020.indicators]
        for entry in manifest["indicators"]:
            assert entry["level"] in fw2020.indicator(entry["indicator"]).scale.levels
            indicator = fw2020.indicator(entry["indicator"])
            assert indicator.short_name in entry["fakta"] or indicator.name in entry["fakta"]
            assert f"tingkat {entry['level']}" in entry["analisis"]
        assert len({entry["fakta"] for entry in manifest["indicators"]}) == len(numbers)

    files = [p for p in out.rglob("*") if p.is_file()]
    assert summary.indicators == 6 * len(fw2020.indicators)
    assert summary.evidence_files == len(files) - 6
    assert summary.bytes == sum(p.stat().st_size for p in files)


def test_evidence_kinds_exist_are_referenced_and_differ_between_institutions(sample):
    out, _ = sample
    digests = []
    for folder, manifest in _manifests(out).items():
        bundle = out / folder
        files = {p.relative_to(bundle).as_posix() for p in (bundle / "data-dukung").iterdir()}
        assert 6 <= len(files) <= 10
        suffixes = {name.rsplit(".", 1)[1] for name in files}
        assert {"pdf", "docx", "xlsx", "png", "csv"} <= suffixes and suffixes & {"txt", "md"}
        cited = [path for entry in manifest["indicators"] for path in entry["evidence"]]
        assert set(cited) == files  # every reference exists, every file is referenced
        one_or_two = sum(1 <= len(entry["evidence"]) <= 2 for entry in manifest["indicators"])
        assert one_or_two >= 0.8 * len(manifest["indicators"])
        digests += [hashlib.sha256((bundle / name).read_bytes()).hexdigest() for name in files]
    assert len(set(digests)) == len(digests)


def test_pdf_text_is_extractable_page_by_page(sample):
    out, _ = sample
    for path in _evidence(out, ".pdf"):
        name = json.loads((path.parent.parent / "manifest.json").read_text(encoding="utf-8"))["instansi"]["name"]
        document = pdfium.PdfDocument(path)
        try:
            pages = len(document)
            assert 3 <= pages <= 6
            for number in range(1, pages + 1):
                text = _words(document[number - 1].get_textpage().get_text_range())
                assert f"Halaman {number} dari {pages}" in text and name in text, (path, number)
                assert f"Halaman {number % pages + 1} dari" not in text
        finally:
            document.close()
        assert path.stat().st_size < 12_000


def test_docx_xlsx_and_png_open_with_plain_tools(sample):
    out, _ = sample
    for path in _evidence(out, ".docx"):
        with zipfile.ZipFile(path) as archive:
            assert {"[Content_Types].xml", "_rels/.rels", "word/document.xml"} <= set(archive.namelist())
            root = ET.fromstring(archive.read("word/document.xml"))
        texts = [t.text for t in root.iter(f"{W}t")]
        assert len(root.findall(f".//{W}tbl")) == 1 and len(root.findall(f".//{W}tbl/{W}tr")) >= 5
        assert len(root.findall(f"./{W}body/{W}p")) >= 5 and any("Instansi: " in t for t in texts)
    for path in _evidence(out, ".xlsx"):
        workbook = load_workbook(path)
        assert workbook.sheetnames == ["Inventaris", "Ringkasan"]
        assert workbook["Ringkasan"]["B3"].value == path.parent.parent.name
    for path in _evidence(out, ".png"):
        data = path.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) < 10_000
        width, height = struct.unpack(">II", data[16:24])
        idat_start = data.index(b"IDAT")
        idat_length = struct.unpack(">I", data[idat_start - 4 : idat_start])[0]
        pixels = zlib.decompress(data[idat_start + 4 : idat_start + 4 + idat_length])
        assert len(pixels) == height * (1 + 3 * width)


def test_pdf_writer_escapes_and_encodes_text():
    text = r"Pasal (1) memuat \ garis miring, é — € “kutip”"
    document = pdfium.PdfDocument(writers.pdf_bytes([[text], ["kedua"]], title="judul (x)"))
    try:
        assert [document[i].get_textpage().get_text_range() for i in range(2)] == [text, "kedua"]
    finally:
        document.close()
    with pytest.raises(ValueError, match="page 1"):
        writers.pdf_bytes([["baris"] * (writers.PDF_LINES_PER_PAGE + 1)], title="x")


def test_national_index_is_plausible(tmp_path, fw2020):
    generate(tmp_path, 30, seed=3)
    indices = [
        compute_index(fw2020, {e["indicator"]: e["level"] for e in m["indicators"]}).index
        for m in _manifests(tmp_path).values()
    ]
    mean = sum(indices, Fraction(0)) / len(indices)
    assert 2.5 <= mean <= 3.2 and min(indices) < mean < max(indices)


def test_spbe_2018_framework_with_level_zero(tmp_path, fw2018):
    summary = generate(tmp_path, 5, seed=4, framework_id="spbe-2018", year=2019)
    assert summary.indicators == 5 * len(fw2018.indicators)
    for manifest in _manifests(tmp_path).values():
        assert (manifest["framework"], manifest["year"]) == ("spbe-2018", 2019)
        assert [e["indicator"] for e in manifest["indicators"]] == [i.number for i in fw2018.indicators]
        assert all(e["level"] in fw2018.indicator(e["indicator"]).scale.levels for e in manifest["indicators"])
    assert {lv for i in fw2018.indicators for lv in i.scale.levels} == set(range(6))


def test_out_of_range_arguments_are_user_errors(tmp_path):
    with pytest.raises(SpbeError, match="institutions must be between 1 and"):
        generate(tmp_path / "out", 0, seed=1)
    with pytest.raises(SpbeError, match="year must be between"):
        generate(tmp_path / "out", 3, seed=1, year=25)
    with pytest.raises(SpbeError, match="no such framework"):
        generate(tmp_path / "out", 3, seed=1, framework_id="spbe-1999")
    assert not any(tmp_path.iterdir())


def test_cli_refuses_a_non_empty_directory_unless_forced(tmp_path):
    # Registered the way the top-level CLI does, so the command is invoked as `sample generate`.
    cli = typer.Typer()
    cli.add_typer(sample_cli.app, name="sample")
    runner = CliRunner()
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    args = ["sample", "generate", "--out", str(tmp_path), "--institutions", "2", "--seed", "1"]

    result = runner.invoke(cli, args)
    assert isinstance(result.exception, SpbeError)
    assert "not empty" in str(result.exception) and "--force" in str(result.exception)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]

    result = runner.invoke(cli, [*args, "--force"])
    assert result.exit_code == 0, result.output
    assert "2 institutions, 94 indicator entries" in result.output
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert len(list(tmp_path.glob("*/manifest.json"))) == 2
