"""The evidence viewer: pages, sheets, images, search and the stored files."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "no_evidence": {"id": "Tidak ada data dukung untuk indikator ini.", "en": "No evidence for this indicator."},
    "evidence_failed": {"id": "Teks tidak dapat dibaca: {reason}", "en": "Text could not be read: {reason}"},
    "evidence_no_text": {"id": "Berkas {type} tanpa teks untuk ditampilkan.", "en": "A {type} file with no text to show."},
    "evidence_stored": {"id": "Tersimpan di server: {path}", "en": "Stored on the server at: {path}"},
    "page": {"id": "halaman {n}", "en": "page {n}"},
    "count_page": {"id": "{n} hlm", "en": "{n} pp"},
    "count_sheet": {"id": "{n} lembar", "en": "{n} sheets"},
    "more_rows": {"id": "{n} baris lagi tidak ditampilkan", "en": "{n} more rows not shown"},
    "ask_page": {"id": "Ke halaman (1–{n}), Enter", "en": "Go to page (1–{n}), Enter"},
    "ask_search": {"id": "Cari dalam dokumen, Enter; n/N hasil berikut/sebelumnya", "en": "Search the document, Enter; n/N next/previous hit"},
    "key_page_next": {"id": "Hlm berikut", "en": "Next page"},
    "key_page_prev": {"id": "Hlm sebelum", "en": "Prev page"},
    "key_goto": {"id": "Ke halaman", "en": "Go to page"},
    "key_search": {"id": "Cari", "en": "Search"},
    "help_page-prev": {"id": "  pratinjau: halaman/lembar sebelum, berikut", "en": "  preview: previous/next page or sheet"},
    "help_goto-page": {"id": "  pratinjau: ke halaman", "en": "  preview: go to page"},
    "help_search": {"id": "  pratinjau: cari", "en": "  preview: search"},
    "help_next-hit": {"id": "  pratinjau: hasil berikut/sebelumnya", "en": "  preview: next/previous hit"},
}
