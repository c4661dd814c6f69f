"""The panel app: columns, dialogs, handover, the chair's and the reviewers' keys."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
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
    "key_active": {"id": "Ganti orang", "en": "Switch person"},
    "key_reveal": {"id": "Buka", "en": "Reveal"},
    "key_lock": {"id": "Kunci", "en": "Submit"},
    "key_team": {"id": "Tingkat tim", "en": "Team level"},
    "key_disagree": {"id": "Beda saja", "en": "Disagreements"},
    "key_valid": {"id": "Valid", "en": "Valid"},
    "key_invalid": {"id": "Tidak valid", "en": "Not valid"},
    "help_row-up": {"id": "pindah baris (yang paling perlu dibahas di atas)",
                    "en": "move (what most needs discussing is on top)"},
    "help_team-0": {"id": "tetapkan tingkat tim baris ini (ketua; dengan justifikasi)",
                    "en": "set this row's team level (chair; with a justification)"},
    "help_switch-active": {"id": "ganti orang di keyboard (dicatat)", "en": "switch the person at the keyboard (recorded)"},
    "help_lock": {"id": "kunci penilaian saya untuk tahap ini", "en": "submit my levels for this stage"},
    "help_reveal": {"id": "buka tingkat semua anggota (ketua)", "en": "reveal everyone's levels (chair)"},
    "help_disagreements": {"id": "hanya baris yang berbeda ≥ 2", "en": "only rows that differ by ≥ 2"},
    "help_reviu-valid": {"id": "reviu: Valid / Tidak Valid (Tim Reviu)", "en": "reviu: Valid / Not Valid (Tim Reviu)"},
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
