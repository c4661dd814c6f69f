"""A corpus of malformed submissions, for tests/test_bad_input_corpus.py.

Each case builds its input on demand at a path it is given: a bundle case makes that path the
bundle folder, a table case writes its table inside it. `expected` are fragments the error must
contain. The corpus is disjoint from the cases in tests/test_import_bad_input.py.

Cases the product gets wrong carry `bug`: the reason, run as xfail(strict=True), so the
suite stays green and turns red the moment the bug is fixed and the marker should go.
"""

from __future__ import annotations

import io
import json
import os
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from spbe_tui.sample import writers
from tests.importing_helpers import HEADER, table_rows, write_bundle

MANIFEST = "manifest.json"
TABLE = "mandiri.csv"
MiB = 1024 * 1024


@dataclass(frozen=True)
class BadInput:
    build: Callable[[Path], Path]  # writes the input at/under the path given; returns what to import
    expected: tuple[str, ...]
    bug: str = ""


def is_bundle(source: Path) -> bool:
    return source.is_dir() and (source / MANIFEST).is_file()


def named_file(source: Path) -> Path:
    """The file an error about `source` must name: a bundle's manifest, else the input itself."""
    return source / MANIFEST if is_bundle(source) else source


# --- zip archives --------------------------------------------------------------------------------


def zeros_deflated(mib: int) -> bytes:
    """A raw deflate stream of `mib` MiB of zero bytes, made in milliseconds: after a full flush
    the compressor starts afresh, so every further MiB compresses to the same bytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(MiB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return block * mib + compressor.flush()


def handmade_zip(members: dict[str, tuple[bytes, int, int]]) -> bytes:
    """A zip archive of deflated members given as name -> (stream, declared size, declared CRC).

    Written by hand because zipfile always tells the truth about sizes, and a hostile archive
    need not."""
    out = io.BytesIO()
    central = io.BytesIO()
    for name, (stream, size, crc) in members.items():
        encoded = name.encode()
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(stream), size, len(encoded), 0))
        out.write(encoded + stream)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(stream), size,
                                  len(encoded), 0, 0, 0, 0, 0, offset))
        central.write(encoded)
    directory = central.getvalue()
    start = out.tell()
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), start, 0))
    return out.getvalue()


def handmade_zip_of(part: str, content: bytes) -> bytes:
    """A truthful archive of one part, for content zipfile would not write as given (no DTD checks)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return handmade_zip({part: (compressor.compress(content) + compressor.flush(), len(content), zlib.crc32(content))})


def ratio_bomb(part: str, mib: int = 20) -> bytes:
    """An honest archive whose one part inflates `mib` MiB of zeros from a few KB: under the
    absolute cap, caught by the compression ratio."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive, archive.open(part, "w") as member:
        for _ in range(mib):
            member.write(bytes(MiB))
    return out.getvalue()


def declared_bomb(part: str, gib: int = 2) -> bytes:
    """An archive that truly inflates to `gib` GiB and says so; refused on its declared size, before
    anything is read (so its CRC, left 0, is never checked)."""
    return handmade_zip({part: (zeros_deflated(gib * 1024), gib * 1024 * MiB, 0)})


def lying_bomb(part: str) -> bytes:
    """An archive whose part inflates to 1 GiB of zeros while its header declares 1 KiB (with
    the CRC of that first KiB): a reader that trusts the stream instead of the header fills memory."""
    return handmade_zip({part: (zeros_deflated(1024), 1024, zlib.crc32(bytes(1024)))})


def billion_laughs(root_tag: bytes, namespace: bytes) -> bytes:
    """XML whose nested entities expand to 10⁹ 'lol's."""
    entities = b"".join(
        b'<!ENTITY lol%d "%s">' % (level, (b"&lol%d;" % (level - 1)) * 10) for level in range(1, 10)
    )
    return (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY lol0 "lol">' + entities + b"]>"
            b"<%s xmlns=\"%s\"><lol>&lol9;</lol></%s>" % (root_tag, namespace, root_tag))


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    out = io.BytesIO()
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(out)
    return out.getvalue()


def replace_part(archive: bytes, part: str, content: bytes) -> bytes:
    """The same zip with one part's content replaced (a damaged part inside a sound archive)."""
    with zipfile.ZipFile(io.BytesIO(archive)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts[part] = content
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def damaged_sheet_xlsx() -> bytes:
    """A sound zip and workbook whose first sheet's XML stops in the middle of a tag."""
    workbook = xlsx_bytes([HEADER.strip().split(","), ["kota-uji", "Pemerintah Kota Uji", 1, 2, "p", ""]])
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    return replace_part(workbook, "xl/worksheets/sheet1.xml", sheet[: len(sheet) // 2])


_W_NS = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_S_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def pdf_bytes() -> bytes:
    return writers.pdf_bytes([["Peraturan Bupati Nomor 17 Tahun 2023"], ["Pasal 4"]], "Perbup")


# --- builders --------------------------------------------------------------------------------------


def table(content: str | bytes | Callable[[], bytes], name: str = TABLE) -> Callable[[Path], Path]:
    """A table file; binary content may be given as a function, so it is made only when used."""

    def build(where: Path) -> Path:
        where.mkdir(parents=True, exist_ok=True)
        path = where / name
        data = content() if callable(content) else content
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        return path

    return build


def xlsx_table(content: list[list[Any]] | Callable[[], bytes]) -> Callable[[Path], Path]:
    """A workbook table: rows under the standard header, or the bytes of a whole (odd) file."""
    if callable(content):
        return table(content, "mandiri.xlsx")
    return table(lambda: xlsx_bytes([HEADER.strip().split(","), *content]), "mandiri.xlsx")


def manifest(change: Callable[[dict[str, Any]], object]) -> Callable[[Path], Path]:
    """A sound bundle, then `change` applied to its manifest (NaN and Infinity written as JSON allows)."""

    def build(where: Path) -> Path:
        write_bundle(where)
        data = json.loads((where / MANIFEST).read_text(encoding="utf-8"))
        change(data)
        (where / MANIFEST).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return where

    return build


def manifest_bytes(change: Callable[[bytes], bytes]) -> Callable[[Path], Path]:
    """A sound bundle, then its manifest's bytes rewritten."""

    def build(where: Path) -> Path:
        write_bundle(where)
        path = where / MANIFEST
        path.write_bytes(change(path.read_bytes()))
        return where

    return build


def evidence(raw: str, setup: Callable[[Path], object] | None = None) -> Callable[[Path], Path]:
    """A bundle whose indicator 1 names `raw` as evidence; `setup` prepares the folder."""

    def build(where: Path) -> Path:
        write_bundle(where, evidence={1: [raw]})
        if setup:
            setup(where)
        return where

    return build


def folder(setup: Callable[[Path], object]) -> Callable[[Path], Path]:
    def build(where: Path) -> Path:
        where.mkdir(parents=True, exist_ok=True)
        setup(where)
        return where

    return build


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """Set a manifest field by dotted path, e.g. "indicators.0.level"."""
    *parents, last = path.split(".")

    def change(data: dict[str, Any]) -> None:
        node: Any = data
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return change


def _symlinks(*pairs: tuple[str, str]) -> Callable[[Path], None]:
    def setup(where: Path) -> None:
        for link, target in pairs:
            (where / link).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(target, where / link)

    return setup


def _rows(text: str) -> str:
    return HEADER + text


def _split_column(column: str, first: Any, then: Any, switch_after: int) -> str:
    """47 rows of one institution with an extra column that says `first` up to indicator
    `switch_after` and `then` after it (indicator n is on line n + 1)."""
    return HEADER.replace("\n", f",{column}\n") + "".join(
        f"kota-uji,Kota Uji,{n},2,p,,{first if n <= switch_after else then}\n" for n in range(1, 48)
    )


def _workbook_of(rows: list[list[Any]], title: str) -> Callable[[], bytes]:
    """The bytes of a workbook whose first sheet is called `title` and holds `rows`."""

    def make() -> bytes:
        workbook = Workbook()
        workbook.active.title = title
        for row in rows:
            workbook.active.append(row)
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()

    return make


def _touch(relative: str) -> Callable[[Path], None]:
    """Make the evidence file really exist, so only its name can be the reason for refusing it."""

    def setup(where: Path) -> None:
        (where / relative).parent.mkdir(parents=True, exist_ok=True)
        (where / relative).write_bytes(b"%PDF-1.4 SK Bupati")

    return setup


FIRST = "indicators[0] (indicator 1)"

CORPUS: dict[str, BadInput] = {
    # --- every manifest field with a wrong type or value -------------------------------------------
    "format is a string": BadInput(manifest(_set("format", "1")), ("field 'format'", "expected format 1, found '1'")),
    "format missing": BadInput(manifest(lambda m: m.pop("format")), ("field 'format'", "found None")),
    "format from the future": BadInput(manifest(_set("format", 2)), ("field 'format'", "expected format 1, found 2")),
    "instansi is a string": BadInput(manifest(_set("instansi", "kab-uji")), ("field 'instansi'", "must be an object")),
    "instansi.id is a number": BadInput(manifest(_set("instansi.id", 7301)), ("field 'instansi.id'",)),
    "instansi.id climbs out": BadInput(manifest(_set("instansi.id", "../../etc")),
                                       ("field 'instansi.id'", "may hold only")),
    "instansi.id too long": BadInput(manifest(_set("instansi.id", "k" * 65)), ("field 'instansi.id'", "at most 64")),
    "instansi.name is a number": BadInput(manifest(_set("instansi.name", 12)),
                                          ("field 'instansi.name'", "non-empty text")),
    "instansi.name is blank": BadInput(manifest(_set("instansi.name", "   ")),
                                       ("field 'instansi.name'", "non-empty text")),
    "instansi.type is a number": BadInput(
        manifest(_set("instansi.type", 5)), ("type",),
    ),
    "year is a word": BadInput(manifest(_set("year", "dua ribu")), ("field 'year'", "not a whole number")),
    "year is true": BadInput(manifest(_set("year", True)), ("field 'year'", "year True is not a whole number")),
    "year is a fraction": BadInput(manifest(_set("year", 2025.5)), ("field 'year'", "2025.5 is not a whole number")),
    "framework is a list": BadInput(manifest(_set("framework", ["spbe-2020"])),
                                    ("field 'framework'", "no such framework")),
    "framework unknown": BadInput(manifest(_set("framework", "spbe-2099")), ("field 'framework'", "no such framework")),
    "indicators is an object": BadInput(manifest(_set("indicators", {"1": 3})),
                                        ("field 'indicators'", "non-empty list")),
    "indicators is empty": BadInput(manifest(_set("indicators", [])), ("field 'indicators'", "non-empty list")),
    "indicator entry is a string": BadInput(manifest(_set("indicators.0", "1:3")),
                                            ("indicators[0]", "must be an object")),
    "indicator number is null": BadInput(manifest(_set("indicators.0.indicator", None)),
                                         ("indicators[0], field 'indicator'", "not a whole number")),
    "indicator number is a fraction": BadInput(manifest(_set("indicators.0.indicator", 1.5)),
                                               ("field 'indicator'", "1.5 is not a whole number")),
    "level is NaN": BadInput(manifest(_set("indicators.0.level", float("nan"))), (FIRST, "field 'level'", "nan")),
    "level is 1e400": BadInput(
        manifest_bytes(lambda b: b.replace(b'"level": 3', b'"level": 1e400', 1)), (FIRST, "field 'level'", "inf")),
    "level is 10^100": BadInput(manifest(_set("indicators.0.level", 10**100)),
                                (FIRST, "field 'level'", "outside the scale")),
    "level is negative": BadInput(manifest(_set("indicators.0.level", -2)),
                                  (FIRST, "level -2 is outside the scale 1–5")),
    "level is a fraction": BadInput(manifest(_set("indicators.0.level", 2.5)),
                                    (FIRST, "level 2.5 is not a whole number")),
    "level is true": BadInput(manifest(_set("indicators.0.level", True)), (FIRST, "level True is not a whole number")),
    "penjelasan is a number": BadInput(manifest(_set("indicators.0.penjelasan", 42)),
                                       (FIRST, "field 'penjelasan'", "a text")),
    "fakta is null": BadInput(manifest(_set("indicators.0.fakta", None)), (FIRST, "field 'fakta'", "must be a text")),
    "analisis is a list": BadInput(manifest(_set("indicators.0.analisis", ["a"])),
                                   (FIRST, "field 'analisis'", "a text")),
    "analisis of 100,001 characters": BadInput(manifest(_set("indicators.0.analisis", "x" * 100_001)),
                                               (FIRST, "field 'analisis'", "longer than 100000")),
    "evidence is a string": BadInput(manifest(_set("indicators.0.evidence", "a.pdf")), (FIRST, "list of file paths")),
    "evidence holds a number": BadInput(manifest(_set("indicators.0.evidence", [1])), (FIRST, "list of file paths")),
    "indicator twice in a manifest": BadInput(manifest(_set("indicators.1.indicator", 1)),
                                              ("indicators[1] (indicator 1)", "appears again")),
    "level in Bengali digits": BadInput(manifest(_set("indicators.0.level", "\u09e9")),
                                        (FIRST, "field 'level'", "level '৩' (U+09E9) is not a whole number")),
    "level in Devanagari digits": BadInput(manifest(_set("indicators.0.level", "\u0969")), (FIRST, "(U+0969)")),
    "year in Arabic-Indic digits": BadInput(
        manifest(_set("year", "\u0662\u0660\u0662\u0665")),
        ("field 'year'", "year '٢٠٢٥' (U+0662, U+0660, U+0665) is not a whole number")),
    "duplicate keys in JSON": BadInput(
        manifest_bytes(lambda b: b.replace(b'"level": 3', b'"level": 1, "level": 3', 1)), ("'level' is given twice",),
    ),
    "NUL escaped in a JSON text": BadInput(
        manifest_bytes(lambda b: b.replace(b"Kabupaten Uji", b"Kabupaten\\u0000Uji", 1)), (),
    ),
    # --- how the manifest is written ----------------------------------------------------------------
    "manifest in UTF-16": BadInput(manifest_bytes(lambda b: b.decode().encode("utf-16")), ("the file is UTF-16",)),
    "manifest in Latin-1": BadInput(manifest_bytes(lambda b: b.decode().replace("Uji", "Ují").encode("latin-1")),
                                    ("not UTF-8 text (byte 0xed on line 5)",)),
    "manifest cut in half": BadInput(manifest_bytes(lambda b: b[: len(b) // 2]), ("malformed JSON",)),
    "manifest with a raw NUL byte": BadInput(manifest_bytes(lambda b: b.replace(b"Uji", b"U\x00ji", 1)),
                                             ("contains NUL bytes",)),
    "JSON nested 100,000 deep": BadInput(
        manifest_bytes(lambda b: b.replace(b'"indicators": [', b'"indicators": ' + b"[" * 100_000 + b"]" * 100_000
                                           + b', "x": [', 1)),
        ("malformed JSON: nested too deeply",),
    ),
    # --- evidence paths that try to leave the folder or are not files ------------------------------
    "evidence URL-encoded ..": BadInput(evidence("%2e%2e/%2e%2e/etc/passwd"), (FIRST, "field 'evidence'", "not found")),
    "evidence backslash ..": BadInput(evidence("bukti\\..\\..\\rahasia.txt"), (FIRST, "leaves the submission folder")),
    "evidence UNC path": BadInput(evidence("\\\\server\\share\\a.pdf"), (FIRST, "is absolute")),
    "evidence file URL": BadInput(evidence("file:///etc/passwd"), (FIRST, "not found")),
    "evidence path with NUL": BadInput(evidence("bukti/a\x00.pdf"), (FIRST, "contains a NUL character")),
    "evidence path of 5,000 characters": BadInput(evidence("a" * 5000 + ".pdf"), (FIRST, "cannot be opened")),
    "evidence name with a line break": BadInput(
        evidence("bukti/sk\nbaru.pdf", _touch("bukti/sk\nbaru.pdf")),
        (FIRST, "field 'evidence'", "'bukti/sk\\nbaru.pdf' of indicator 1 contains a line break (U+000A)")),
    "evidence name with an escape sequence": BadInput(
        evidence("bukti/\x1b[2Jsk.pdf", _touch("bukti/\x1b[2Jsk.pdf")),
        (FIRST, "'bukti/\\x1b[2Jsk.pdf' of indicator 1 contains a control character (U+001B)")),
    "evidence name with a line separator": BadInput(
        evidence("bukti/sk\u2028baru.pdf", _touch("bukti/sk\u2028baru.pdf")), (FIRST, "(U+2028)")),
    "evidence path empty": BadInput(evidence(""), (FIRST, "empty evidence path")),
    "evidence path is the folder itself": BadInput(evidence("."), (FIRST, "is not a regular file")),
    "evidence is a folder": BadInput(evidence("bukti/", lambda w: (w / "bukti").mkdir()),
                                     (FIRST, "not a regular file")),
    "evidence symlink loop": BadInput(evidence("bukti/a", _symlinks(("bukti/a", "b"), ("bukti/b", "a"))),
                                      (FIRST, "cannot be opened", "loop")),
    "evidence symlink to itself": BadInput(evidence("bukti/a", _symlinks(("bukti/a", "a"))), (FIRST, "loop")),
    "evidence symlink to a folder": BadInput(
        evidence("bukti/tautan", lambda w: ((w / "bukti" / "isi").mkdir(parents=True),
                                            _symlinks(("bukti/tautan", "isi"))(w))),
        (FIRST, "is not a regular file"),
    ),
    # --- tables ---------------------------------------------------------------------------------------
    "same instansi, two names": BadInput(
        table(_rows(table_rows(levels={1: 2}) + table_rows(name="Kota Uji Lain", levels={2: 3}))),
        ("line 3", "field 'instansi_name'", "differs from 'Pemerintah Kota Uji'"),
    ),
    "UTF-32 LE with BOM": BadInput(table(_rows(table_rows()).encode("utf-32")), ("save it as UTF-8",)),
    "UTF-32 BE with BOM": BadInput(table(b"\x00\x00\xfe\xff" + _rows(table_rows()).encode("utf-32-be")),
                                   ("the file is UTF-32",)),
    "UTF-16 BE with BOM": BadInput(table(b"\xfe\xff" + _rows(table_rows()).encode("utf-16-be")),
                                   ("the file is UTF-16",)),
    "UTF-16 LE without BOM": BadInput(table(_rows(table_rows()).encode("utf-16-le")),
                                      ("contains NUL bytes", "UTF-16 without a BOM")),
    "two UTF-8 BOMs": BadInput(table(b"\xef\xbb\xbf\xef\xbb\xbf" + _rows(table_rows()).encode()),
                               ("line 1", "missing required column(s): instansi_id")),
    "NUL byte in a cell": BadInput(
        table(_rows(table_rows(levels={1: 2}).replace("Penjelasan", "Penje\x00lasan"))), ("line 2",),
    ),
    "header with commas, rows with semicolons": BadInput(
        table(_rows(table_rows(levels={1: 2, 2: 3}).replace(",", ";"))),
        ("line 2", "field 'instansi_id'", "may hold only")),
    "quoted newline inside an instansi_id": BadInput(table(_rows('"kota-\nuji",Kota Uji,1,2,p,\n')),
                                                     ("field 'instansi_id'", "may hold only")),
    "quote never closed": BadInput(
        table(_rows('kota-uji,Kota Uji,1,2,"Penjelasan tanpa tutup,\n'
                    + "".join(f"kota-uji,Kota Uji,{n},3,Penjelasan,\n" for n in range(2, 48)))),
        (),
    ),
    "a 5 MB cell": BadInput(table(_rows(f'kota-uji,Kota Uji,1,2,"{"x" * 5_000_000}",\n')),
                            ("line 2", "a cell is longer than 100000 characters")),
    "1,000-column header": BadInput(
        table(",".join(f"kolom{n}" for n in range(1000)) + "\n" + ",".join("x" for _ in range(1000)) + "\n"),
        ("line 1", "missing required column(s)")),
    "the same column twice": BadInput(
        table("instansi_id,instansi_name,indicator,level,penjelasan,evidence,level\n"
              + "".join(f"kota-uji,Kota Uji,{n},2,p,,3\n" for n in range(1, 48))),
        ("line 1", "level"),
    ),
    "PNG renamed .csv": BadInput(
        table(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4), ("contains NUL bytes: binary data",)
    ),
    "only blank lines": BadInput(table("\n \n\t\n\r\n"), ("the file is empty",)),
    "rows disagree on year": BadInput(
        table(_split_column("year", 2025, 2024, 19)),
        ("field 'year'", "kota-uji: year 2025 in lines 2–20 but 2024 in lines 21–48")),
    "rows disagree on year, some blank": BadInput(
        table(_split_column("year", "", 2024, 46).replace(",,\n", ",,2023\n", 1)),
        ("kota-uji: year 2023 in line 2 but 2024 in line 48",)),
    "year is a word in a table": BadInput(table(_split_column("year", "dua ribu", "dua ribu", 47)),
                                          ("line 2", "field 'year'", "year 'dua ribu' is not a whole number")),
    "level in Arabic-Indic digits": BadInput(
        table(_rows("kota-uji,Kota Uji,1,\u0663,p,\n")),
        ("line 2", "field 'level'", "level '٣' (U+0663) is not a whole number; write it with the digits 0–9")),
    "indicator in Bengali digits": BadInput(table(_rows("kota-uji,Kota Uji,\u09e7\u09e8,3,p,\n")),
                                            ("field 'indicator'", "indicator '১২' (U+09E7, U+09E8)")),
    "table evidence name with a carriage return": BadInput(
        table(_rows('kota-uji,Kota Uji,1,3,p,"bukti/sk\rbaru.pdf"\n')),
        ("field 'evidence'", "'bukti/sk\\rbaru.pdf' of indicator 1 contains a carriage return (U+000D)")),
    "level with a decimal comma": BadInput(table(_rows('kota-uji,Kota Uji,1,"3,5",p,\n')),
                                           ("line 2", "field 'level'", "'3,5' is not a whole number")),
    "level in exponent notation": BadInput(table(_rows("kota-uji,Kota Uji,1,1e3,p,\n")), ("field 'level'", "'1e3'")),
    "level of seven digits": BadInput(table(_rows("kota-uji,Kota Uji,1,1000000,p,\n")), ("field 'level'", "1000000")),
    "indicator cell empty": BadInput(table(_rows("kota-uji,Kota Uji,,3,p,\n")),
                                     ("field 'indicator'", "not a whole number")),
    "row cut short": BadInput(table(_rows("kota-uji,Kota Uji,1\n")), ("line 2", "field 'level'")),
    "instansi_id with a space": BadInput(table(_rows("kota uji,Kota Uji,1,3,p,\n")),
                                         ("field 'instansi_id'", "may hold only")),
    "table evidence backslash ..": BadInput(table(_rows("kota-uji,Kota Uji,1,3,p,..\\..\\rahasia.txt\n")),
                                            ("line 2", "field 'evidence'", "leaves the submission folder")),
    "table evidence URL-encoded ..": BadInput(table(_rows("kota-uji,Kota Uji,1,3,p,%2e%2e/rahasia.txt\n")),
                                              ("line 2", "field 'evidence'", "not found")),
    # --- workbooks ------------------------------------------------------------------------------------
    "xlsx level is a date": BadInput(xlsx_table([["kota-uji", "Kota Uji", 1, datetime(2024, 3, 1), "p", ""]]),
                                     ("row 2", "field 'level'", "not a whole number")),
    "xlsx level is TRUE": BadInput(xlsx_table([["kota-uji", "Kota Uji", 1, True, "p", ""]]), ("row 2", "'True'")),
    "xlsx level is a formula never calculated": BadInput(
        xlsx_table([["kota-uji", "Kota Uji", 1, "=1+2", "p", ""]]),
        ("Sheet!D2: a formula without a computed value; open and save the file in Excel, or paste values",)),
    "xlsx evidence is a formula never calculated": BadInput(
        xlsx_table([["kota-uji", "Kota Uji", 1, 3, "p", '=CONCAT("bukti/", "sk.pdf")'],
                    ["kota-uji", "Kota Uji", 2, 3, "p", ""]]),
        ("Sheet!F2: a formula without a computed value;",)),
    "xlsx formulas never calculated on a named sheet": BadInput(
        xlsx_table(_workbook_of([HEADER.strip().split(","), ["kota-uji", "Kota Uji", 1, 3, "=B1", ""],
                                 ["kota-uji", "Kota Uji", 2, "=2+1", "p", ""]], "Isian SPBE")),
        ("'Isian SPBE'!E2: a formula without a computed value (and 1 more cell(s) like it);",)),
    "xlsx level in full-width digits": BadInput(
        xlsx_table([["kota-uji", "Kota Uji", 1, "\uff13", "p", ""]]),
        ("row 2", "field 'level'", "level '３' (U+FF13) is not a whole number")),
    "xlsx rows disagree on framework": BadInput(
        xlsx_table(lambda: xlsx_bytes([[*HEADER.strip().split(","), "framework"]] + [
            ["kota-uji", "Kota Uji", n, 2, "p", "", "spbe-2020" if n <= 23 else "spbe-2018"] for n in range(1, 48)
        ])),
        ("field 'framework'", "kota-uji: framework 'spbe-2020' in rows 2–24 but 'spbe-2018' in rows 25–48",)),
    "xlsx level 2.5": BadInput(xlsx_table([["kota-uji", "Kota Uji", 1, 2.5, "p", ""]]), ("row 2", "'2.5'")),
    "xlsx of zero bytes": BadInput(xlsx_table(lambda: b""), ("not an XLSX workbook",)),
    "xlsx that is a DOCX": BadInput(xlsx_table(lambda: writers.docx_bytes("SK", ["Menetapkan"], [["a", "b"]])),
                                    ("not an XLSX workbook",)),
    "xlsx ratio zip bomb": BadInput(xlsx_table(lambda: ratio_bomb("xl/worksheets/sheet1.xml")), ("zip bomb",)),
    "xlsx declaring 2 GiB": BadInput(xlsx_table(lambda: declared_bomb("xl/worksheets/sheet1.xml")),
                                     ("would unpack to 2048 MB", "zip bomb")),
    "xlsx sheet XML cut short": BadInput(
        xlsx_table(damaged_sheet_xlsx), ("XLSX",),
    ),
    # --- what the path holds ------------------------------------------------------------------------
    "empty bundle folder": BadInput(folder(lambda w: None), ("holds no manifest.json",)),
    "manifest.json is a folder": BadInput(folder(lambda w: (w / MANIFEST).mkdir()), ("holds no manifest.json",)),
    "path that does not exist": BadInput(lambda where: where / "tidak-ada", ("no such file or folder",)),
}


@dataclass(frozen=True)
class DamagedEvidence:
    """Evidence that is damaged or hostile inside a sound submission: the submission imports, the
    file is kept, and its text extraction fails with a reason an assessor can read."""

    make: Callable[[], bytes]
    reason: str  # a fragment of the recorded reason
    bug: str = ""


def _half(data: bytes) -> bytes:
    return data[: len(data) // 2]


DAMAGED_EVIDENCE: dict[str, DamagedEvidence] = {
    "I01-perbup-terpotong.pdf": DamagedEvidence(lambda: _half(pdf_bytes()), "not a readable PDF"),
    "I02-kosong.pdf": DamagedEvidence(lambda: b"", "not a readable PDF"),
    "I03-kepala-saja.pdf": DamagedEvidence(lambda: b"%PDF-1.7\n", "not a readable PDF"),
    "I04-rasio.docx": DamagedEvidence(lambda: ratio_bomb("word/document.xml"), "zip bomb"),
    "I05-dua-gib.docx": DamagedEvidence(lambda: declared_bomb("word/document.xml"), "would unpack to 2048 MB"),
    "I06-ukuran-palsu.docx": DamagedEvidence(lambda: lying_bomb("word/document.xml"), "damaged"),
    "I07-entitas.docx": DamagedEvidence(
        lambda: handmade_zip_of("word/document.xml", billion_laughs(b"document", _W_NS)), "amplification"),
    "I08-rasio.xlsx": DamagedEvidence(lambda: ratio_bomb("xl/worksheets/sheet1.xml"), "zip bomb"),
    "I09-dua-gib.xlsx": DamagedEvidence(lambda: declared_bomb("xl/worksheets/sheet1.xml"), "would unpack to 2048 MB"),
    "I10-entitas.xlsx": DamagedEvidence(
        lambda: replace_part(xlsx_bytes([["a"]]), "xl/worksheets/sheet1.xml", billion_laughs(b"worksheet", _S_NS)),
        "amplification"),
    "I11-terpotong.xlsx": DamagedEvidence(lambda: _half(xlsx_bytes([["a", "b"]])), "not a valid XLSX file"),
    "I12-lembar-rusak.xlsx": DamagedEvidence(
        damaged_sheet_xlsx, "XLSX",
    ),
}
