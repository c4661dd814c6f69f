"""Synthetic self-assessment bundles at national scale, for tests and benchmarks.

Writes OUT/<instansi-id>/manifest.json and OUT/<instansi-id>/data-dukung/<files>: the bundle format
the importer reads. Everything is drawn from one `random.Random(seed)`, never from the clock, so
the same arguments give byte-identical trees. Indicators, scales and level names come from the
framework file; only the institution mix and the Indonesian wording live here.
"""

from __future__ import annotations

import itertools
import random
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from spbe_tui.domain.framework import Framework, Indicator
from spbe_tui.domain.framework_loader import load_framework
from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say
from spbe_tui.importing import bundle_format
from spbe_tui.sample import writers

EVIDENCE_DIR = "data-dukung"
MAX_INSTITUTIONS = 3000  # the word lists below give every kind distinct names up to this size
MIN_YEAR, MAX_YEAR = 2000, 2100


@dataclass(frozen=True)
class GenerationSummary:
    institutions: int
    indicators: int  # indicator entries over all manifests
    evidence_files: int
    bytes: int  # manifests and evidence files together


@dataclass(frozen=True)
class _Kind:
    type: str
    id_prefix: str
    id_digits: int
    share: int  # how many of a national set of 616 (2024: 92 central agencies, 523 local governments)
    maturity: float  # mean position on the level scale, 0 = lowest level, 1 = highest
    head: str  # who signs the institution's regulations
    central: bool


_KINDS = (
    _Kind("kementerian", "kem", 3, 40, 0.62, "Menteri", True),
    _Kind("lembaga", "lem", 3, 52, 0.55, "Kepala", True),
    _Kind("provinsi", "prov", 2, 38, 0.58, "Gubernur", False),
    _Kind("kabupaten", "kab", 4, 393, 0.45, "Bupati", False),
    _Kind("kota", "kota", 3, 93, 0.52, "Wali Kota", False),
)

# Fictional names: word lists whose combinations avoid the names of real regions and agencies.
_AREAS = (
    "Pangan", "Energi Terbarukan", "Kelautan", "Perhubungan Antarpulau", "Ketenagakerjaan", "Kebudayaan",
    "Kesehatan Masyarakat", "Pendidikan Dasar", "Riset Terapan", "Tata Ruang", "Perdagangan Daring",
    "Kehutanan Rakyat", "Kearsipan", "Koperasi", "Air Bersih", "Perumahan Rakyat", "Mitigasi Bencana",
    "Kependudukan", "Komunikasi Publik", "Standardisasi", "Statistik Wilayah", "Kawasan Perbatasan",
    "Kemaritiman", "Ekonomi Kreatif",
)
_AGENCY_WORDS = ("Badan", "Lembaga", "Komisi", "Otoritas", "Pusat", "Dewan")
_AGENCY_QUALIFIERS = ("Nusantara", "Terpadu", "Berkelanjutan", "Digital", "Kepulauan")
_PLACE_FIRST = (
    "Sungai", "Bukit", "Tanjung", "Teluk", "Danau", "Gunung", "Muara", "Lembah", "Kuala", "Pantai",
    "Padang", "Rimba", "Ujung", "Pulau", "Karang", "Telaga", "Selat", "Tebing", "Lereng", "Ranah",
)
_PLACE_SECOND = (
    "Jernih", "Lestari", "Permai", "Sentosa", "Cemerlang", "Gemilang", "Bening", "Asri", "Elok", "Berseri",
    "Rindang", "Teduh", "Mekar", "Wangi", "Sejuk", "Damai", "Makmur", "Harapan", "Mulia", "Indah",
    "Kencana", "Nirmala", "Perdana", "Seroja", "Cahaya", "Jingga", "Kemuning", "Melati", "Pelangi", "Samudra",
)
_DIRECTIONS = ("Utara", "Selatan", "Timur", "Barat", "Tengah")
_MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November",
    "Desember",
)
_LOCAL_TITLES = {"provinsi": "Provinsi", "kabupaten": "Kabupaten", "kota": "Kota"}

_UNITS_CENTRAL = (
    "Pusat Data dan Sistem Informasi", "Biro Perencanaan", "Biro Organisasi dan Tata Laksana",
    "Inspektorat Jenderal", "Biro Umum dan Kearsipan",
)
_UNITS_LOCAL = (
    "Dinas Komunikasi dan Informatika", "Bagian Organisasi Sekretariat Daerah",
    "Badan Perencanaan Pembangunan Daerah", "Inspektorat Daerah", "Badan Kepegawaian dan Pengembangan SDM",
)
_APPLICATIONS = (
    "e-Kinerja", "SIMPEG", "e-Office", "e-Budgeting", "e-Arsip", "e-Planning", "Satu Data", "SIMAK Aset",
    "Si-Pengaduan", "e-Audit", "Portal JDIH", "SiPelayanan", "e-Monev", "Dasbor Pimpinan", "SiKeuangan",
)
_GAPS = (
    "reviu dan evaluasi berkala belum dilakukan",
    "penerapannya belum mencakup seluruh unit kerja",
    "integrasi dengan layanan lain belum berjalan",
    "hasil evaluasi belum ditindaklanjuti dengan perbaikan",
    "dokumen penetapannya belum ditandatangani pimpinan",
    "laporan pemantauan belum disusun secara periodik",
    "anggaran pengembangannya belum dialokasikan",
)

_FAKTA = (
    "{inst} telah menetapkan {reg}; ketentuan tentang {topic} dimuat pada Pasal {pasal} (halaman {page}) "
    "dan dilampirkan sebagai {file} ({where}).",
    "Bukti indikator {number} ({name}) terdapat pada berkas {file}, {where}, yang merujuk Pasal {pasal} "
    "{reg} halaman {page}.",
    "Pelaksanaan {topic} oleh {unit} berpedoman pada {reg} (Pasal {pasal}, halaman {page}); dokumentasinya "
    "dilampirkan pada {file}, {where}.",
    "{unit} melampirkan {file} ({where}) sebagai data dukung {topic}, dengan dasar {reg} halaman {page}.",
    "Berdasarkan {reg}, halaman {page}, {inst} melaksanakan {topic}; rinciannya dapat dilihat pada {file}, "
    "{where}.",
)
_FAKTA_WITHOUT_EVIDENCE = (
    "{inst} belum menetapkan dokumen {topic}; {unit} baru menyusun konsep awal {reg} (draf halaman {page}) "
    "yang belum dapat dilampirkan.",
    "Belum terdapat data dukung untuk indikator {number} ({name}); rancangan {reg} masih dibahas oleh {unit} "
    "dan baru sampai halaman {page}.",
)
_ANALISIS = (
    "Kriteria tingkat {level} ({level_name}) terpenuhi: {criterion} {outlook}",
    "Data dukung menunjukkan {topic} berada pada tingkat {level} ({level_name}) karena {criterion_lc} {outlook}",
    "Tim penilai internal menyimpulkan kriteria tingkat {level} ({level_name}) telah dipenuhi; {criterion_lc} "
    "{outlook}",
)
_CLAUSES = (
    "{unit} bertanggung jawab atas pelaksanaan {topic} di lingkungan {inst}.",
    "Pelaksanaan {topic} direviu paling sedikit {count} kali dalam satu tahun oleh tim koordinasi SPBE.",
    "Hasil pemantauan {topic} dilaporkan kepada {head} paling lambat tanggal {day} setiap bulan.",
    "Ketentuan dalam pasal ini menjadi acuan pemenuhan indikator {cited} pada evaluasi SPBE.",
    "Data dan informasi {topic} dikelola melalui aplikasi {app} yang terhubung dengan sistem penghubung layanan.",
    "Pendanaan {topic} dibebankan pada anggaran {inst} Tahun Anggaran {budget_year}.",
    "{unit} menyusun standar operasional prosedur {topic} paling lambat {count} bulan sejak ditetapkan.",
)

# Each institution gets these evidence kinds (txt or md for the note), plus up to four extra files.
_CORE_KINDS = ("pdf", "docx", "xlsx", "png", "note", "csv")
_EXTRA_KINDS = ("pdf", "pdf", "docx", "png", "xlsx")
_EXTRA_MAX = 4
_SIZES = {"pdf": (3, 6), "docx": (4, 8), "xlsx": (8, 20), "png": (1, 1), "txt": (4, 9), "md": (4, 9), "csv": (6, 15)}
_TITLES = {
    "docx": "Notulen Rapat Koordinasi {topic}",
    "xlsx": "Rekapitulasi {topic}",
    "png": "Tangkapan Layar {topic}",
    "txt": "Daftar Tautan {topic}",
    "md": "Daftar Tautan {topic}",
    "csv": "Data Pendukung {topic}",
}


@dataclass(frozen=True)
class _Institution:
    id: str
    name: str
    kind: _Kind
    issuer: str  # e.g. "Bupati Sungai Jernih", as named in its regulations
    seat: str  # where its regulations are signed
    domain: str  # fictional web domain, under the reserved .example top-level domain

    @property
    def units(self) -> tuple[str, ...]:
        return _UNITS_CENTRAL if self.kind.central else _UNITS_LOCAL


@dataclass(frozen=True)
class _Regulation:
    form: str  # Peraturan or Keputusan
    issuer: str
    number: int
    year: int
    topic: str

    def __str__(self) -> str:
        return f"{self.form} {self.issuer} Nomor {self.number} Tahun {self.year} tentang {self.topic}"

    def heading(self) -> list[str]:
        """The title block as printed on a regulation's first page."""
        issued_by = f"{self.form} {self.issuer}".upper()
        return [issued_by, f"NOMOR {self.number} TAHUN {self.year}", "TENTANG", self.topic.upper()]


@dataclass
class _Evidence:
    path: str  # relative to the bundle, as the manifest names it
    kind: str  # the file extension
    indicator: Indicator  # the indicator the file was made for
    title: str
    regulation: _Regulation  # the regulation it is, or rests on
    size: int  # pages for a PDF, rows or items otherwise
    cited_by: list[int] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


def generate(
    out_dir: Path,
    institutions: int,
    seed: int,
    framework_id: str = "spbe-2020",
    year: int = 2025,
    progress: Callable[[int], None] | None = None,
) -> GenerationSummary:
    """Write `institutions` bundles into `out_dir` (created if missing; same-named files overwritten).

    `progress`, when given, is called after each institution with the number written so far.
    """
    if not 1 <= institutions <= MAX_INSTITUTIONS:
        raise SpbeError(say("sample_institutions", most=MAX_INSTITUTIONS, given=institutions))
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise SpbeError(say("sample_year", first=MIN_YEAR, last=MAX_YEAR, given=year))
    framework = load_framework(framework_id)
    rng = random.Random(seed)
    roster = _institutions(rng, institutions)
    out_dir.mkdir(parents=True, exist_ok=True)
    evidence_files = written = 0
    for done, institution in enumerate(roster, start=1):
        # Its own generator per institution: what one bundle's documents consume leaves the others alone.
        files = _bundle(random.Random(rng.getrandbits(64)), institution, framework, year)
        bundle_dir = out_dir / institution.id
        (bundle_dir / EVIDENCE_DIR).mkdir(parents=True, exist_ok=True)
        for relative, content in files.items():
            (bundle_dir / relative).write_bytes(content)
            written += len(content)
        evidence_files += len(files) - 1  # all but the manifest
        if progress is not None:
            progress(done)
    return GenerationSummary(
        institutions=len(roster),
        indicators=len(roster) * len(framework.indicators),
        evidence_files=evidence_files,
        bytes=written,
    )


# --- institutions ----------------------------------------------------------------------------


def _allocate(total: int) -> list[int]:
    """Institutions per kind in the national proportions (largest remainder); each kind appears when total allows."""
    whole = sum(kind.share for kind in _KINDS)
    counts = [total * kind.share // whole for kind in _KINDS]
    by_remainder = sorted(range(len(_KINDS)), key=lambda i: (-(total * _KINDS[i].share % whole), i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    if total >= len(_KINDS):
        for i, count in enumerate(counts):
            if count == 0:
                counts[counts.index(max(counts))] -= 1
                counts[i] = 1
    return counts


def _places(rng: random.Random, count: int) -> list[str]:
    """Distinct place names: plain ones first, then 'Utara', 'Selatan', … variants as real regions have."""
    plain = [f"{first} {second}" for first in _PLACE_FIRST for second in _PLACE_SECOND]
    rng.shuffle(plain)
    if count <= len(plain):
        return plain[:count]
    directional = [f"{place} {direction}" for place in plain for direction in _DIRECTIONS]
    return plain + rng.sample(directional, count - len(plain))


def _names(rng: random.Random, kind: _Kind, count: int) -> list[tuple[str, str, str]]:
    """(name, issuer, seat) for `count` institutions of one kind, distinct within the kind."""
    if kind.type == "kementerian":
        subjects = [f"{a} dan {b}" for a, b in rng.sample(list(itertools.combinations(_AREAS, 2)), count)]
        return [(f"Kementerian {s}", f"{kind.head} {s}", "Jakarta") for s in subjects]
    if kind.type == "lembaga":
        pool = [f"{w} {a} {q}" for w in _AGENCY_WORDS for a in _AREAS for q in _AGENCY_QUALIFIERS]
        return [(name, f"{kind.head} {name}", "Jakarta") for name in rng.sample(pool, count)]
    title = _LOCAL_TITLES[kind.type]
    return [(f"Pemerintah {title} {place}", f"{kind.head} {place}", place) for place in _places(rng, count)]


def _institutions(rng: random.Random, total: int) -> list[_Institution]:
    result = []
    for kind, count in zip(_KINDS, _allocate(total), strict=True):
        width = max(kind.id_digits, len(str(count)))
        for number, (name, issuer, seat) in enumerate(_names(rng, kind, count), start=1):
            domain = f"{_slug(name.removeprefix('Pemerintah '))}.example"
            result.append(_Institution(f"{kind.id_prefix}-{number:0{width}d}", name, kind, issuer, seat, domain))
    return result


def _tanggal(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --- one bundle ------------------------------------------------------------------------------


def _levels(rng: random.Random, framework: Framework, maturity: float) -> dict[int, int]:
    """Levels around the institution's maturity; an aspect's indicators move together, as in real results."""
    levels = {}
    for aspect in framework.aspects:
        shift = rng.gauss(0, 0.4)
        for indicator in aspect.indicators:
            scale = indicator.scale
            centre = scale.min_level + maturity * (scale.max_level - scale.min_level) + shift
            levels[indicator.number] = min(max(round(centre + rng.gauss(0, 0.7)), scale.min_level), scale.max_level)
    return levels


def _regulation(rng: random.Random, institution: _Institution, year: int, topic: str) -> _Regulation:
    """A fictional regulation of the institution, issued in one of the five years before `year`."""
    form = rng.choice(("Peraturan", "Keputusan"))
    return _Regulation(form, institution.issuer, rng.randint(1, 75), rng.randint(year - 5, year - 1), topic)


def _plan_evidence(rng: random.Random, institution: _Institution, framework: Framework, year: int) -> list[_Evidence]:
    kinds = [rng.choice(("txt", "md")) if kind == "note" else kind for kind in _CORE_KINDS]
    kinds += rng.choices(_EXTRA_KINDS, k=rng.randint(0, _EXTRA_MAX))
    # One file per indicator at most, so a framework with very few indicators gets fewer files.
    owners = rng.sample(framework.indicators, min(len(kinds), len(framework.indicators)))
    digits = max(2, len(str(max(i.number for i in framework.indicators))))
    plan = []
    for kind, indicator in zip(kinds, owners, strict=False):  # owners may be fewer: kinds beyond them are dropped
        topic = indicator.short_name
        regulation = _regulation(rng, institution, year, topic)
        plan.append(
            _Evidence(
                path=f"{EVIDENCE_DIR}/I{indicator.number:0{digits}d}-{_slug(topic)}.{kind}",
                kind=kind,
                indicator=indicator,
                title=str(regulation) if kind == "pdf" else _TITLES[kind].format(topic=topic),
                regulation=regulation,
                size=rng.randint(*_SIZES[kind]),
            )
        )
    return plan


def _references(
    rng: random.Random, framework: Framework, levels: dict[int, int], plan: list[_Evidence]
) -> dict[int, list[_Evidence]]:
    """Evidence per indicator: a file's own indicator cites it, most others cite one or two files."""
    owned = {evidence.indicator.number: evidence for evidence in plan}
    references: dict[int, list[_Evidence]] = {}
    for indicator in framework.indicators:
        own = owned.get(indicator.number)
        if own is not None:
            others = [e for e in plan if e is not own]
            cited = [own, rng.choice(others)] if others and rng.random() < 0.25 else [own]
        elif levels[indicator.number] == indicator.scale.min_level and rng.random() < 0.5:
            cited = []  # at the lowest level there is often nothing to show yet
        else:
            cited = rng.sample(plan, min(len(plan), 1 if rng.random() < 0.65 else 2))
        for evidence in cited:
            evidence.cited_by.append(indicator.number)
        references[indicator.number] = cited
    return references


def _criterion(indicator: Indicator, level: int) -> str:
    """The level's criterion from the framework, shortened to its own condition; generic when absent."""
    text = indicator.criteria.get(level, "").split("\n")[0]
    text = re.sub(r"^(Kriteria tingkat \d+ telah terpenuhi,?\s*(dan|serta)?\s*)?(Kondisi:\s*)?", "", text).strip()
    if not text:
        return f"Kondisi {indicator.short_name} sesuai dengan uraian tingkat {level} pada kerangka penilaian."
    text = textwrap.shorten(text[0].upper() + text[1:], 170, placeholder=" …")
    return text if text.endswith((".", "…")) else text + "."


def _locate(rng: random.Random, evidence: _Evidence) -> tuple[str, int, int]:
    """(where in the file, regulation page, article) for a fakta citing `evidence`."""
    if evidence.kind == "pdf":
        # Page p of a generated regulation holds articles 2p-3 and 2p-2 (page 1 is the preamble).
        page = rng.randint(2, evidence.size)
        return f"dokumen {evidence.size} halaman", page, 2 * page - 3 + rng.randrange(2)
    if evidence.kind == "docx":
        where = f"tabel baris {rng.randint(1, evidence.size)}"
    elif evidence.kind == "xlsx":
        where = f"lembar Inventaris baris {rng.randint(2, evidence.size + 1)}"
    elif evidence.kind == "csv":
        where = f"baris {rng.randint(2, evidence.size + 1)}"
    elif evidence.kind == "png":
        where = "tangkapan layar dasbor"
    else:
        where = f"butir {rng.randint(1, evidence.size)}"
    return where, rng.randint(2, 9), rng.randint(1, 14)


def _penjelasan(
    rng: random.Random, institution: _Institution, indicator: Indicator, level: int, cited: list[_Evidence], year: int
) -> tuple[str, str]:
    words = {
        "inst": institution.name,
        "topic": indicator.short_name,
        "name": indicator.name,
        "number": indicator.number,
        "unit": rng.choice(institution.units),
    }
    if cited:
        where, page, pasal = _locate(rng, cited[0])
        fakta = rng.choice(_FAKTA).format(
            reg=cited[0].regulation, file=cited[0].file_name, where=where, page=page, pasal=pasal, **words
        )
    else:
        reg = _regulation(rng, institution, year + 1, indicator.short_name)
        fakta = rng.choice(_FAKTA_WITHOUT_EVIDENCE).format(reg=reg, page=rng.randint(2, 9), **words)

    scale = indicator.scale
    if level < scale.max_level:
        following = f"tingkat {level + 1} ({scale.levels[level + 1]})"
        outlook = f"Kriteria {following} belum terpenuhi karena {rng.choice(_GAPS)}."
    else:
        outlook = "Seluruh kriteria hingga tingkat tertinggi telah terpenuhi dan dipertahankan melalui reviu berkala."
    criterion = _criterion(indicator, level)
    analisis = rng.choice(_ANALISIS).format(
        level=level,
        level_name=scale.levels[level],
        criterion=criterion,
        criterion_lc=criterion[0].lower() + criterion[1:],
        outlook=outlook,
        **words,
    )
    return fakta, analisis


def _bundle(rng: random.Random, institution: _Institution, framework: Framework, year: int) -> dict[str, bytes]:
    """Bundle-relative path -> content: the manifest first, then the evidence files."""
    maturity = min(max(rng.gauss(institution.kind.maturity, 0.12), 0.05), 0.95)
    levels = _levels(rng, framework, maturity)
    submitted = date(year, 4, 1) + timedelta(days=rng.randrange(61))
    plan = _plan_evidence(rng, institution, framework, year)
    references = _references(rng, framework, levels, plan)

    entries = []
    for indicator in framework.indicators:
        level = levels[indicator.number]
        fakta, analisis = _penjelasan(rng, institution, indicator, level, references[indicator.number], year)
        entries.append(
            {
                "indicator": indicator.number,
                "level": level,
                "fakta": fakta,
                "analisis": analisis,
                "evidence": [e.path for e in references[indicator.number]],
            }
        )
    data = bundle_format.manifest(institution.id, institution.name, institution.kind.type, framework.id, year,
                                  entries, submitted_at=submitted.isoformat())
    files = {bundle_format.MANIFEST: bundle_format.manifest_bytes(data)}
    for evidence in plan:
        files[evidence.path] = _render(rng, institution, framework, levels, evidence, submitted)
    return files


# --- evidence documents ----------------------------------------------------------------------


def _render(
    rng: random.Random,
    institution: _Institution,
    framework: Framework,
    levels: dict[int, int],
    evidence: _Evidence,
    submitted: date,
) -> bytes:
    # Every document names the institution, so no two bundles share a file's content.
    if evidence.kind == "pdf":
        return _regulation_pdf(rng, institution, evidence)
    if evidence.kind == "docx":
        return _minutes_docx(rng, institution, evidence, submitted)
    if evidence.kind == "xlsx":
        return _inventory_xlsx(rng, institution, evidence, submitted)
    if evidence.kind == "png":
        return _dashboard_png(rng, institution, framework, levels, evidence)
    if evidence.kind == "csv":
        return _staff_csv(rng, institution, evidence)
    return _links_note(rng, institution, evidence)


def _clauses(rng: random.Random, institution: _Institution, evidence: _Evidence, count: int) -> list[str]:
    """`count` provisions about the evidence's topic, each from a different template."""
    return [
        template.format(
            unit=rng.choice(institution.units),
            topic=evidence.indicator.short_name,
            inst=institution.name,
            count=rng.randint(1, 4),
            head=institution.issuer,
            day=rng.randint(5, 20),
            cited=", ".join(str(n) for n in evidence.cited_by),
            app=rng.choice(_APPLICATIONS),
            budget_year=evidence.regulation.year,
        )
        for template in rng.sample(_CLAUSES, count)
    ]


def _regulation_pdf(rng: random.Random, institution: _Institution, evidence: _Evidence) -> bytes:
    pages_total = evidence.size
    header = f"{institution.name} — {evidence.indicator.short_name}"
    first = [
        header,
        f"Halaman 1 dari {pages_total}",
        "",
        *evidence.regulation.heading(),
        "",
        "Menimbang:",
        f"a. bahwa untuk mewujudkan tata kelola pemerintahan yang efektif di lingkungan {institution.name} "
        f"perlu pengaturan mengenai {evidence.indicator.short_name};",
        "b. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan "
        f"{evidence.regulation};",
        "Mengingat:",
        "1. Peraturan Presiden Nomor 95 Tahun 2018 tentang Sistem Pemerintahan Berbasis Elektronik;",
        f"2. {_regulation(rng, institution, evidence.regulation.year, 'Organisasi dan Tata Kerja')};",
        "",
        "MEMUTUSKAN:",
        f"Menetapkan: {evidence.regulation}.",
    ]
    pages = [first]
    for page in range(2, pages_total + 1):
        lines = [header, f"Halaman {page} dari {pages_total}", ""]
        for article in (2 * page - 3, 2 * page - 2):
            lines += [f"Pasal {article}"]
            clauses = _clauses(rng, institution, evidence, rng.randint(2, 4))
            lines += [f"({n}) {clause}" for n, clause in enumerate(clauses, start=1)]
            lines.append("")
        pages.append(lines)
    signed = date(evidence.regulation.year, 1, 1) + timedelta(days=rng.randrange(365))
    pages[-1] += [
        f"Ditetapkan di {institution.seat} pada tanggal {_tanggal(signed)}",
        institution.issuer.upper(),
        "ttd.",
    ]
    return writers.pdf_bytes(pages, title=evidence.title)


def _minutes_docx(rng: random.Random, institution: _Institution, evidence: _Evidence, submitted: date) -> bytes:
    held = submitted - timedelta(days=rng.randint(7, 120))
    topic = evidence.indicator.short_name
    paragraphs = [
        f"Instansi: {institution.name}",
        f"Tanggal: {_tanggal(held)}",
        f"Tempat: Ruang Rapat {rng.choice(institution.units)}",
        f"Rapat membahas tindak lanjut {evidence.regulation} dan kesiapan data dukung {topic}.",
        *_clauses(rng, institution, evidence, 2),
    ]
    table = [["No", "Agenda", "Penanggung Jawab", "Tenggat", "Status"]]
    for n in range(1, evidence.size + 1):
        due = held + timedelta(days=rng.randint(14, 90))
        table.append(
            [
                str(n),
                f"{rng.choice(('Penyusunan', 'Reviu', 'Sosialisasi', 'Pemutakhiran'))} {topic} tahap {n}",
                rng.choice(institution.units),
                due.isoformat(),
                rng.choice(("Selesai", "Dalam proses", "Belum dimulai")),
            ]
        )
    return writers.docx_bytes(evidence.title, paragraphs, table)


def _inventory_xlsx(rng: random.Random, institution: _Institution, evidence: _Evidence, submitted: date) -> bytes:
    inventory: list[list[object]] = [["No", "Nama Aplikasi", "Jenis", "Unit Pengelola", "Tahun", "Status"]]
    for n in range(1, evidence.size + 1):
        inventory.append(
            [
                n,
                f"{rng.choice(_APPLICATIONS)} {institution.seat}",
                rng.choice(("Aplikasi Umum", "Aplikasi Khusus")),
                rng.choice(institution.units),
                rng.randint(submitted.year - 8, submitted.year),
                rng.choice(("Aktif", "Aktif", "Dalam pengembangan", "Tidak aktif")),
            ]
        )
    summary: list[list[object]] = [
        ["Uraian", "Nilai"],
        ["Instansi", institution.name],
        ["Kode instansi", institution.id],
        ["Jumlah aplikasi", evidence.size],
        ["Terintegrasi", rng.randint(0, evidence.size)],
    ]
    created = datetime.combine(submitted - timedelta(days=rng.randint(1, 60)), time(9, 0))
    return writers.xlsx_bytes(
        {"Inventaris": inventory, "Ringkasan": summary}, title=evidence.title, author=institution.name, created=created
    )


def _dashboard_png(
    rng: random.Random, institution: _Institution, framework: Framework, levels: dict[int, int], evidence: _Evidence
) -> bytes:
    """A 'screenshot' of a dashboard: title bar, side menu, one bar per aspect's mean level."""
    width, height = 400, 260
    accent = rng.choice(((31, 78, 121), (0, 105, 92), (123, 31, 162), (183, 28, 28), (230, 81, 0)))
    rects: list[writers.Rect] = [(0, 0, width, 28, accent), (0, 28, 72, height - 28, (236, 239, 241))]
    rects += [(10, 40 + 18 * n, rng.randint(30, 52), 8, (176, 190, 197)) for n in range(6)]
    aspects = framework.aspects
    bar_height = max(4, (height - 60) // len(aspects) - 6)
    for n, aspect in enumerate(aspects):
        scale_top = max(i.scale.max_level for i in aspect.indicators)
        mean = sum(levels[i.number] for i in aspect.indicators) / len(aspect.indicators)
        length = max(2, round(280 * mean / scale_top))
        rects.append((90, 44 + n * (bar_height + 6), length, bar_height, accent))
    return writers.png_bytes(
        width,
        height,
        (255, 255, 255),
        rects,
        {"Title": evidence.title, "Author": institution.name, "Source": f"https://spbe.{institution.domain}/dasbor"},
    )


def _staff_csv(rng: random.Random, institution: _Institution, evidence: _Evidence) -> bytes:
    rows: list[list[object]] = [["No", "Instansi", "Unit Kerja", "Jabatan", "Jumlah Pegawai", "Bersertifikat TIK"]]
    for n in range(1, evidence.size + 1):
        staff = rng.randint(1, 40)
        rows.append(
            [
                n,
                institution.name,
                rng.choice(institution.units),
                rng.choice(("Pranata Komputer", "Analis Sistem Informasi", "Pengelola Data", "Operator Layanan")),
                staff,
                rng.randint(0, staff),
            ]
        )
    return writers.csv_bytes(rows)


def _links_note(rng: random.Random, institution: _Institution, evidence: _Evidence) -> bytes:
    services = rng.sample(_APPLICATIONS, evidence.size)
    links = [(service, f"https://{_slug(service)}.{institution.domain}/") for service in services]
    if evidence.kind == "md":
        lines = [f"# {evidence.title}", "", f"{institution.name} — dasar: {evidence.regulation}.", ""]
        lines += [f"{n}. [{service}]({url})" for n, (service, url) in enumerate(links, start=1)]
    else:
        lines = [evidence.title.upper(), institution.name, f"Dasar: {evidence.regulation}", ""]
        lines += [f"{n}. {service}: {url}" for n, (service, url) in enumerate(links, start=1)]
    return writers.text_bytes(lines)
