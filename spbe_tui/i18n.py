"""Interface text in Bahasa Indonesia and English. Framework texts are shown as their file gives them."""

from __future__ import annotations

import os

LANGUAGES = ("id", "en")

_MESSAGES: dict[str, dict[str, str]] = {
    "undecided": {"id": "{n} belum", "en": "{n} undecided"},
    "incomplete": {"id": "belum lengkap", "en": "incomplete"},
    "index": {"id": "Indeks", "en": "Index"},
    "question": {"id": "Pertanyaan", "en": "Question"},
    "penjelasan": {"id": "Penjelasan instansi", "en": "Institution's explanation"},
    "fakta": {"id": "Fakta", "en": "Facts"},
    "analisis": {"id": "Analisis", "en": "Analysis"},
    "criteria": {"id": "Kriteria tingkat", "en": "Level criteria"},
    "no_penjelasan": {"id": "(tidak ada penjelasan)", "en": "(no explanation given)"},
    "tab_detail": {"id": "Indikator", "en": "Indicator"},
    "tab_evidence": {"id": "Data dukung", "en": "Evidence"},
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
    "level": {"id": "Tingkat", "en": "Level"},
    "self_level": {"id": "mandiri", "en": "self"},
    "origin_decided": {"id": "diputuskan", "en": "decided"},
    "origin_carried": {"id": "dibawa dari tahap sebelumnya", "en": "carried forward"},
    "origin_self": {"id": "belum diputuskan", "en": "undecided"},
    "origin_none": {"id": "belum diputuskan", "en": "undecided"},
    "stale": {"id": "data dukung berubah sejak diputuskan", "en": "evidence changed since decided"},
    "justification": {"id": "Justifikasi", "en": "Justification"},
    "justification_hint": {"id": "ctrl+t: isi kalimat standar", "en": "ctrl+t: fill the standard sentence"},
    "filter_placeholder": {"id": "Saring indikator (nomor atau nama), Esc menutup", "en": "Filter indicators (number or name), Esc closes"},
    "picker_title": {"id": "Pilih instansi", "en": "Choose an institution"},
    "picker_placeholder": {"id": "Cari nama, id atau status…", "en": "Search name, id or status…"},
    "status_todo": {"id": "belum", "en": "to do"},
    "status_doing": {"id": "proses", "en": "in progress"},
    "status_done": {"id": "selesai", "en": "done"},
    "undone": {"id": "Dibatalkan: perubahan terakhir pada indikator {n}", "en": "Undone: last change to indicator {n}"},
    "nothing_to_undo": {"id": "Tidak ada yang bisa dibatalkan", "en": "Nothing to undo"},
    "all_decided": {"id": "Semua indikator sudah diputuskan", "en": "Every indicator is decided"},
    "stage_now": {"id": "Tahap: {stage}", "en": "Stage: {stage}"},
    "submitted_mark": {"id": "TERKUNCI", "en": "SUBMITTED"},
    "conflict_level": {"id": "Indikator {n} diubah di jendela lain: kini tingkat {level}. Tekan lagi untuk mengganti.",
                       "en": "Indicator {n} was changed in another window: now level {level}. Press again to change it."},
    "conflict_text": {"id": "Justifikasi indikator {n} diubah di jendela lain menjadi: «{text}». Teks Anda tetap di kotak, "
                              "belum disimpan; edit lagi untuk menyimpannya.",
                      "en": "The justification of indicator {n} was changed in another window to: «{text}». Your text "
                            "stays in the box, not saved; edit it again to save it."},
    "unsaved": {"id": "BELUM TERSIMPAN (indikator {n}): {reason} — dicoba lagi terus",
                "en": "NOT SAVED (indicator {n}): {reason} — retrying"},
    "saved_now": {"id": "Semua perubahan kini tersimpan", "en": "Every change is saved now"},
    "unsaved_stay": {"id": "Ada perubahan yang belum tersimpan; tetap di sini sampai tersimpan",
                     "en": "Some changes are not saved yet; staying here until they are"},
    "quit_unsaved": {"id": "Ada perubahan yang belum tersimpan. Tekan ctrl+q lagi untuk keluar tanpa menyimpannya.",
                     "en": "Some changes are not saved. Press ctrl+q again to quit without them."},
    "database_fault": {"id": "Basis data menolak: {reason}", "en": "The database refused: {reason}"},
    # keys (footer and help)
    "key_level": {"id": "Tingkat", "en": "Level"},
    "key_next": {"id": "Berikutnya", "en": "Next undecided"},
    "key_filter": {"id": "Saring", "en": "Filter"},
    "key_undo": {"id": "Batal", "en": "Undo"},
    "key_help": {"id": "Bantuan", "en": "Help"},
    "key_template": {"id": "Kalimat standar", "en": "Standard sentence"},
    "key_evidence": {"id": "Data dukung", "en": "Evidence"},
    "key_quit": {"id": "Keluar", "en": "Quit"},
    "key_step_down": {"id": "Tingkat −1", "en": "Level −1"},
    "key_step_up": {"id": "Tingkat +1", "en": "Level +1"},
    "key_switch": {"id": "Ganti instansi", "en": "Switch institution"},
    # command palette
    "cmd_switch_instansi": {"id": "Ganti instansi", "en": "Switch institution"},
    "cmd_switch_instansi_help": {"id": "Pilih instansi lain dari daftar", "en": "Pick another institution"},
    "cmd_submit": {"id": "Kunci penilaian saya (tahap ini)", "en": "Submit my levels (this stage)"},
    "cmd_submit_help": {"id": "Setelah dikunci, tingkat anggota tim lain terlihat", "en": "Once submitted, the team's other levels become visible"},
    "cmd_export": {"id": "Ekspor tingkat saya (CSV)", "en": "Export my levels (CSV)"},
    "cmd_export_help": {"id": "Instansi dan tahap ini, ke folder rumah", "en": "This institution and stage, to your home folder"},
    "exported": {"id": "Diekspor ke {path}", "en": "Exported to {path}"},
    "cmd_stage": {"id": "Tahap: {stage}", "en": "Stage: {stage}"},
    "cmd_stage_help": {"id": "Pindah ke tahap penilaian ini", "en": "Switch to this assessment stage"},
    "cmd_jump": {"id": "Indikator {n}: {name}", "en": "Indicator {n}: {name}"},
    "cmd_jump_help": {"id": "Lompat ke indikator ini", "en": "Jump to this indicator"},
    # panel
    "panel": {"id": "Panel", "en": "Panel"},
    "at_keyboard": {"id": "Di keyboard: {who}", "en": "At the keyboard: {who}"},
    "chair": {"id": "ketua", "en": "chair"},
    "team_index": {"id": "Indeks tim", "en": "Team index"},
    "agreement": {"id": "Kesepakatan {exact} sama · α {alpha} · {n} beda ≥2", "en": "Agreement {exact} exact · α {alpha} · {n} differ ≥2"},
    "hidden_note": {"id": "Tingkat anggota lain tersembunyi sampai Anda mengunci (l) atau ketua membuka (r)",
                    "en": "Others' levels stay hidden until you submit (l) or the chair reveals (r)"},
    "locked_by": {"id": "terkunci: {who}", "en": "submitted: {who}"},
    "revealed": {"id": "dibuka", "en": "revealed"},
    "col_no": {"id": "No", "en": "No"},
    "col_indicator": {"id": "Indikator", "en": "Indicator"},
    "col_self": {"id": "Mdr", "en": "Self"},
    "col_spread": {"id": "Sbr", "en": "Spr"},
    "col_median": {"id": "Med", "en": "Med"},
    "col_team": {"id": "Tim", "en": "Team"},
    "col_reviu": {"id": "Reviu", "en": "Reviu"},
    "team_dialog": {"id": "Tingkat tim · indikator {n} · {stage}", "en": "Team level · indicator {n} · {stage}"},
    "reviu_dialog": {"id": "Reviu Tidak Valid · indikator {n}", "en": "Reviu Not Valid · indicator {n}"},
    "dialog_hint": {"id": "alt+←/→, alt+1–5 tingkat · Tab pemilih · ctrl+s simpan · Esc batal",
                    "en": "alt+←/→, alt+1–5 level · Tab selector · ctrl+s save · Esc cancel"},
    "dialog_need_level": {"id": "Pilih tingkat dulu (alt+←/→, atau Tab lalu ←/→).",
                          "en": "Choose a level first (alt+←/→, or Tab then ←/→)."},
    "dialog_need_text": {"id": "Tulis justifikasi dulu; tanpa justifikasi tidak ada yang disimpan.",
                         "en": "Write a justification first; nothing is saved without one."},
    "dialog_level_mismatch": {
        "id": "Teks menyebut tingkat {named}, tetapi yang dipilih tingkat {level}. Perbaiki, atau ctrl+s lagi untuk tetap menyimpan.",
        "en": "The text names level {named}, but level {level} is chosen. Correct it, or ctrl+s again to save anyway.",
    },
    "conflict_team": {
        "id": "Tingkat tim diubah sementara itu oleh {who}: kini tingkat {level}. ctrl+s lagi menggantinya; Esc membiarkannya.",
        "en": "The team level was changed meanwhile by {who}: now level {level}. ctrl+s again replaces it; Esc keeps it.",
    },
    "only_chair_team": {"id": "{who} tidak berhak: hanya ketua tim ({chair}) yang boleh menetapkan tingkat tim.",
                        "en": "{who} may not set the team level: only the chair ({chair}) may."},
    "only_chair_reveal": {"id": "{who} tidak berhak: hanya ketua tim ({chair}) yang boleh membuka tingkat semua anggota.",
                          "en": "{who} may not reveal the levels: only the chair ({chair}) may."},
    "only_reviewer": {"id": "{who} tidak berhak: hanya Tim Reviu yang boleh mencatat reviu.",
                      "en": "{who} may not record a reviu: only a reviewer (Tim Reviu) may."},
    "confirm_reveal": {"id": "Buka tingkat semua anggota untuk tahap {stage}? y/n",
                       "en": "Reveal every member's levels for stage {stage}? y/n"},
    "already_revealed": {"id": "Tingkat semua anggota untuk tahap {stage} sudah dibuka.",
                         "en": "Everyone's levels for stage {stage} are already revealed."},
    "saved_team": {"id": "Tingkat tim indikator {n}: {level}", "en": "Team level of indicator {n}: {level}"},
    "active_now": {"id": "Sekarang di keyboard: {who}", "en": "Now at the keyboard: {who}"},
    "handover_title": {"id": "Serahkan keyboard", "en": "Hand over the keyboard"},
    "handover_passphrase": {"id": "Frasa sandi penerima", "en": "The receiver's passphrase"},
    "handover_hint": {"id": "↑↓ pilih orang · penerima mengetik frasa sandinya sendiri · Enter serahkan · Esc batal",
                      "en": "↑↓ choose · the receiver types their own passphrase · Enter hands over · Esc cancels"},
    "history_title": {"id": "Riwayat indikator {n}", "en": "History of indicator {n}"},
    "history_empty": {"id": "Belum ada riwayat.", "en": "No history yet."},
    "submitted": {"id": "Penilaian {stage} Anda terkunci", "en": "Your {stage} levels are submitted"},
    "key_active": {"id": "Ganti orang", "en": "Switch person"},
    "key_reveal": {"id": "Buka", "en": "Reveal"},
    "key_lock": {"id": "Kunci", "en": "Submit"},
    "key_team": {"id": "Tingkat tim", "en": "Team level"},
    "key_disagree": {"id": "Beda saja", "en": "Disagreements"},
    "key_history": {"id": "Riwayat", "en": "History"},
    "key_valid": {"id": "Valid", "en": "Valid"},
    "key_invalid": {"id": "Tidak valid", "en": "Not valid"},
    "help_title": {"id": "Tombol", "en": "Keys"},
    # key help: one entry per help topic, named after the first binding id of the topic
    "help_indicator-up": {"id": "pindah indikator", "en": "move between indicators"},
    "help_level-0": {"id": "tetapkan tingkat indikator ini", "en": "set this indicator's level"},
    "help_step-down": {"id": "geser tingkat satu langkah", "en": "step the level"},
    "help_next-undecided": {"id": "indikator berikutnya yang belum diputuskan", "en": "next undecided indicator"},
    "help_next-pane": {"id": "pindah panel", "en": "next pane"},
    "help_filter": {"id": "saring indikator", "en": "filter indicators"},
    "help_evidence": {"id": "buka data dukung", "en": "open the evidence"},
    "help_page-prev": {"id": "  pratinjau: halaman/lembar sebelum, berikut", "en": "  preview: previous/next page or sheet"},
    "help_goto-page": {"id": "  pratinjau: ke halaman", "en": "  preview: go to page"},
    "help_search": {"id": "  pratinjau: cari", "en": "  preview: search"},
    "help_next-hit": {"id": "  pratinjau: hasil berikut/sebelumnya", "en": "  preview: next/previous hit"},
    "help_fill-template": {"id": "isi kalimat justifikasi standar", "en": "fill the standard justification sentence"},
    "help_undo": {"id": "batalkan perubahan terakhir", "en": "undo the last change"},
    "help_command-palette": {"id": "palet perintah: instansi, tahap, lompat ke indikator",
                             "en": "command palette: institution, stage, jump to indicator"},
    "help_switch-instansi": {"id": "ganti instansi", "en": "switch institution"},
    "help_history": {"id": "riwayat indikator ini", "en": "this indicator's history"},
    "help_help": {"id": "bantuan ini", "en": "this help"},
    "help_quit": {"id": "keluar", "en": "quit"},
    "help_row-up": {"id": "pindah baris (yang paling perlu dibahas di atas)",
                    "en": "move (what most needs discussing is on top)"},
    "help_team-0": {"id": "tetapkan tingkat tim baris ini (ketua; dengan justifikasi)",
                    "en": "set this row's team level (chair; with a justification)"},
    "help_switch-active": {"id": "ganti orang di keyboard (dicatat)", "en": "switch the person at the keyboard (recorded)"},
    "help_lock": {"id": "kunci penilaian saya untuk tahap ini", "en": "submit my levels for this stage"},
    "help_reveal": {"id": "buka tingkat semua anggota (ketua)", "en": "reveal everyone's levels (chair)"},
    "help_disagreements": {"id": "hanya baris yang berbeda ≥ 2", "en": "only rows that differ by ≥ 2"},
    "help_reviu-valid": {"id": "reviu: Valid / Tidak Valid (Tim Reviu)", "en": "reviu: Valid / Not Valid (Tim Reviu)"},
    "help_legend": {
        "id": (
            "Tanda di daftar:  ✓ diputuskan   » dibawa dari tahap sebelumnya   · belum\n"
            "                  ! beda ≥ 2 dari tingkat mandiri   ~ data dukung berubah\n\n"
            "Setiap perubahan langsung tersimpan; tidak ada tombol simpan."
        ),
        "en": (
            "Marks in the list:  ✓ decided   » carried forward   · undecided\n"
            "                    ! differs from self level by ≥ 2   ~ evidence changed\n\n"
            "Every change is saved at once; there is no save key."
        ),
    },
    "panel_legend": {
        "id": (
            "Kolom: Mdr mandiri, satu kolom per asesor (? tersembunyi, - belum ada),\n"
            "Sbr sebaran, Med median, Tim tingkat tim, Reviu hasil reviu:\n"
            "✓ Valid, ✗→n Tidak Valid (dikoreksi ke n); ? tingkat tim berubah sesudah reviu, perlu direviu lagi."
        ),
        "en": (
            "Columns: Self level, one column per assessor (? hidden, - none yet),\n"
            "Spr spread, Med median, Team level, Reviu outcome:\n"
            "✓ Valid, ✗→n Not Valid (corrected to n); ? the team level changed after the reviu: review it again."
        ),
    },

}


def detect_language(explicit: str | None = None) -> str:
    """--lang if given, else $SPBE_TUI_LANG, else Indonesian: the assessors' language, whatever
    locale a server happens to run with (often C or en_US)."""
    chosen = explicit or os.environ.get("SPBE_TUI_LANG") or "id"
    if chosen not in LANGUAGES:
        from spbe_tui.errors import SpbeError

        where = "--lang" if explicit else "SPBE_TUI_LANG"
        raise SpbeError(f"{where}: language {chosen!r} is not available (choose from: {', '.join(LANGUAGES)})")
    return chosen


class Translator:
    def __init__(self, language: str):
        self.language = language

    def __call__(self, key: str, **values: object) -> str:
        text = _MESSAGES[key][self.language]
        return text.format(**values) if values else text
