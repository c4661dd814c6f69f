"""Command-line tables, summaries and prompts."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # What `main` prints for a refusal, an interruption or a bug; "error:" stays as it is in both
    # languages, so scripts can look for it.
    "error_line": {"id": "error: {message}", "en": "error: {message}"},
    "interrupted": {"id": "dihentikan", "en": "interrupted"},
    "internal_error": {
        "id": "spbe-tui: galat internal: {kind}: {message}\n"
              "Tidak ada yang tertulis setengah jalan. Jalankan lagi dengan SPBE_TUI_DEBUG=1 untuk melihat rinciannya.",
        "en": "spbe-tui: internal error: {kind}: {message}\n"
              "Nothing was left half-written. Run again with SPBE_TUI_DEBUG=1 to see the details.",
    },

    # --- shared column headers ---
    "cli_col_id": {"id": "ID", "en": "ID"},
    "cli_col_name": {"id": "Nama", "en": "Name"},
    "cli_col_roles": {"id": "Peran", "en": "Roles"},
    "cli_col_year": {"id": "Tahun", "en": "Year"},
    "cli_col_framework": {"id": "Kerangka", "en": "Framework"},
    "cli_col_basis": {"id": "Predikat dari", "en": "Predikat basis"},
    "cli_col_stages": {"id": "Tahap", "en": "Stages"},
    "cli_col_institutions": {"id": "Instansi", "en": "Institutions"},
    "cli_col_institution": {"id": "Instansi", "en": "Institution"},
    "cli_col_final_complete": {"id": "Final lengkap", "en": "Final complete"},
    "cli_col_title": {"id": "Judul", "en": "Title"},
    "cli_col_status": {"id": "Status", "en": "Status"},
    "cli_col_domains": {"id": "Domain", "en": "Domains"},
    "cli_col_aspects": {"id": "Aspek", "en": "Aspects"},
    "cli_col_indicators": {"id": "Indikator", "en": "Indicators"},
    "cli_col_levels": {"id": "Tingkat", "en": "Levels"},
    "cli_col_no": {"id": "No", "en": "No"},
    "cli_col_structure": {"id": "Domain / Aspek / Indikator", "en": "Domain / Aspect / Indicator"},
    "cli_col_weight": {"id": "Bobot %", "en": "Weight %"},
    "cli_col_scale": {"id": "Skala", "en": "Scale"},
    "cli_col_level": {"id": "Tingkat", "en": "Level"},
    "cli_col_criteria": {"id": "Kriteria", "en": "Criteria"},
    "cli_col_revision": {"id": "Revisi", "en": "Revision"},
    "cli_col_evidence": {"id": "Data dukung", "en": "Evidence"},

    # --- progress bars ---
    "cli_progress_import": {"id": "impor", "en": "import"},
    "cli_progress_scoring": {"id": "menghitung", "en": "scoring"},
    "cli_progress_writing": {"id": "menulis", "en": "writing"},
    "cli_progress_generating": {"id": "membuat", "en": "generating"},

    # --- import ---
    "cli_import_title": {"id": "Impor", "en": "Import"},
    "cli_import_title_dry": {"id": "Impor (uji coba)", "en": "Import (dry run)"},
    "cli_status_new": {"id": "baru", "en": "new"},
    "cli_status_revised": {"id": "direvisi", "en": "revised"},
    "cli_status_unchanged": {"id": "tidak berubah", "en": "unchanged"},
    "cli_status_valid": {"id": "valid", "en": "valid"},
    "cli_status_refused": {"id": "ditolak", "en": "refused"},
    "cli_status_failed": {"id": "gagal", "en": "failed"},
    "cli_status_not_attempted": {"id": "tidak dicoba", "en": "not attempted"},
    "cli_new_evaluation": {"id": "evaluasi baru: {name}", "en": "new evaluation: {name}"},
    # rich markup; "error:" stays as it is in both languages, like main's error lines.
    "cli_warning_line": {"id": "[yellow]peringatan:[/] {warning}", "en": "[yellow]warning:[/] {warning}"},
    "cli_error_line_marked": {"id": "[red]error:[/] {problem}", "en": "[red]error:[/] {problem}"},
    "cli_nothing_imported": {"id": "tidak ada yang diimpor", "en": "nothing imported"},
    "cli_import_summary": {
        "id": "{n} isian: {summary}; {indicators} indikator, {evidence} berkas data dukung, {warnings} peringatan, "
              "{errors} galat",
        "en": "{n} submission(s): {summary}; {indicators} indicators, {evidence} evidence files, {warnings} warning(s), "
              "{errors} error(s)",
    },
    "cli_import_dry_run": {"id": " — uji coba, tidak ada yang ditulis", "en": " — dry run, nothing written"},

    # --- opening the database, targets, terminals ---
    "cli_db_missing": {"id": "{path} tidak ada; impor dulu isian evaluasi mandiri (spbe-tui import PATH --db {path})",
                       "en": "{path} does not exist; import submissions first (spbe-tui import PATH --db {path})"},
    "cli_out_is_db": {"id": "{path} adalah basis data; pilih berkas lain untuk --out",
                      "en": "{path} is the database; choose another file for --out"},
    "cli_needs_terminal": {"id": "{command} memerlukan terminal; lewat SSH gunakan ssh -t",
                           "en": "{command} needs a terminal; over SSH use ssh -t"},

    # --- assessors, teams, passphrases, recommendations, evaluations ---
    "cli_assessor_added_key": {"id": "{id}: {roles}; kunci {fingerprint}", "en": "{id}: {roles}; key {fingerprint}"},
    "cli_key_added": {"id": "{id}: kunci {fingerprint} ditambahkan; pasang dengan `spbe-tui ssh authorized-keys --write`",
                      "en": "{id}: key {fingerprint} added; install it with `spbe-tui ssh authorized-keys --write`"},
    "cli_key_unreadable": {"id": "{path}: kunci tidak dapat dibaca ({reason})", "en": "{path}: cannot read the key ({reason})"},
    "cli_not_utf8": {"id": "bukan teks UTF-8", "en": "not UTF-8 text"},
    "cli_team_with_chair": {"id": "{instansi}: {team} (ketua tim: {chair})", "en": "{instansi}: {team} (chair: {chair})"},
    "cli_pass_prompt": {"id": "Frasa sandi baru untuk {who} (minimal {n} karakter): ",
                        "en": "New passphrase for {who} (at least {n} characters): "},
    "cli_pass_again": {"id": "Ulangi sekali lagi: ", "en": "The same again: "},
    "cli_pass_differ": {"id": "kedua frasa sandi berbeda; tidak ada yang diubah",
                        "en": "the two passphrases differ; nothing changed"},
    "cli_pass_set": {"id": "{who}: frasa sandi ditetapkan", "en": "{who}: passphrase set"},
    "cli_recommendation_set": {"id": "{instansi} aspek {aspect}: rekomendasi disimpan",
                               "en": "{instansi} aspect {aspect}: recommendation set"},
    "cli_recommendation_removed": {"id": "{instansi} aspek {aspect}: rekomendasi dihapus",
                                   "en": "{instansi} aspect {aspect}: recommendation removed"},
    "cli_recommendation_unchanged": {"id": "{instansi} aspek {aspect}: rekomendasi tidak berubah",
                                     "en": "{instansi} aspect {aspect}: recommendation unchanged"},
    "cli_eval_caption": {
        "id": "Predikat dari: nilai yang menentukan predikat (rounded: indeks yang dibulatkan, unrounded: indeks "
              "tanpa pembulatan)",
        "en": "predikat basis: the value the predikat is read from (rounded or unrounded index)",
    },
    "cli_nothing_changed": {"id": "tidak ada yang berubah", "en": "nothing changed"},

    # --- export ---
    "cli_excel_csv_only": {"id": "--excel hanya berlaku untuk CSV; berkas XLSX terbaca sama di setiap pengaturan lokal",
                           "en": "--excel applies to CSV only; an XLSX file is read the same in every locale"},
    "cli_export_summary": {"id": "{summary}; kepala log {head}", "en": "{summary}; log head {head}"},
    "cli_national_none": {"id": "indeks nasional — (belum ada instansi yang lengkap)",
                          "en": "national index — (no complete institution)"},
    "cli_national": {"id": "indeks nasional {index} {predikat} (rata-rata domain {domains}, bobot {weights})",
                     "en": "national index {index} {predikat} (domain averages {domains}, weights {weights})"},
    "cli_export_line": {
        "id": "{n} instansi ({complete} lengkap, {incomplete} belum lengkap), {name}, {stage}; {national}; "
              "predikat: {counts}; dasar predikat {basis}",
        "en": "{n} institutions ({complete} complete, {incomplete} incomplete), {name}, {stage}; {national}; "
              "predikat: {counts}; basis {basis}",
    },

    # --- framework ---
    "cli_fw_total": {"id": "[bold]{n} indikator[/]", "en": "[bold]{n} indicators[/]"},
    "cli_fw_indicator": {"id": "Indikator {n}: {name}", "en": "Indicator {n}: {name}"},
    "cli_fw_weight": {"id": "Bobot {weight} · {scale}", "en": "Weight {weight} · {scale}"},
    "cli_fw_ok": {"id": "{path}: ok — {id}: {domains} domain, {aspects} aspek, {indicators} indikator",
                  "en": "{path}: ok — {id}: {domains} domains, {aspects} aspects, {indicators} indicators"},

    # --- audit ---
    "cli_signers_over_ssh": {
        "id": "--allowed-signers tidak tersedia lewat SSH; yang dipakai adalah berkas di samping basis data",
        "en": "--allowed-signers is not available over SSH; the file beside the database is used",
    },
    "cli_no_signers_file": {"id": "{path}: berkas allowed-signers tidak ada", "en": "{path}: no such allowed-signers file"},
    "cli_audit_check": {"id": "{subject}: {outcome}: {detail}", "en": "{subject}: {outcome}: {detail}"},
    "cli_outcome_ok": {"id": "ok", "en": "ok"},
    "cli_outcome_failed": {"id": "GAGAL", "en": "FAILED"},
    "cli_outcome_unchecked": {"id": "belum diperiksa", "en": "unchecked"},
    "cli_outcome_note": {"id": "catatan", "en": "note"},
    "cli_audit_broken": {"id": "RANTAI PUTUS pada peristiwa {event}: {reason} ({checked} entri sebelumnya utuh)",
                         "en": "BROKEN at event {event}: {reason} ({checked} entries before it are intact)"},
    "cli_audit_damaged": {"id": "BERKAS RUSAK: {detail}", "en": "DAMAGED: {detail}"},
    "cli_audit_intact": {"id": "rantai utuh: {checked} peristiwa, kepala log {head}",
                         "en": "chain intact: {checked} events, head {head}"},
    "cli_audit_failed": {"id": "GAGAL: {subject}: {detail}", "en": "FAILED: {subject}: {detail}"},
    "cli_audit_unchecked_one": {"id": "; {n} segel belum diperiksa", "en": "; {n} seal unchecked"},
    "cli_audit_unchecked_many": {"id": "; {n} segel belum diperiksa", "en": "; {n} seals unchecked"},
    "cli_audit_ok": {"id": "ok: {checked} peristiwa, kepala log {head}, rantai utuh, tabel sesuai dengan log{note}",
                     "en": "ok: {checked} events, head {head}, chain intact, tables match the log{note}"},
    "cli_sealed": {"id": "kepala log {head} disegel: {path}", "en": "sealed head {head}: {path}"},

    # --- demo, sample, serve ---
    "cli_demo_importing": {"id": "Mengimpor data contoh ke {path} …", "en": "Importing the sample data into {path} …"},
    "cli_sample_not_dir": {"id": "{path} sudah ada dan bukan direktori", "en": "{path} exists and is not a directory"},
    "cli_sample_not_empty": {
        "id": "{path} tidak kosong; pilih direktori baru atau kosong, atau gunakan --force untuk tetap menulis ke "
              "dalamnya",
        "en": "{path} is not empty; choose a new or empty directory, or pass --force to write into it",
    },
    "cli_sample_summary": {
        "id": "{institutions} instansi, {indicators} isian indikator, {evidence} berkas data dukung, {mb} MB ditulis "
              "ke {path} dalam {seconds} detik ({framework}, {year}, seed {seed})",
        "en": "{institutions} institutions, {indicators} indicator entries, {evidence} evidence files, {mb} MB "
              "written to {path} in {seconds} s ({framework}, {year}, seed {seed})",
    },
    "cli_serve_over_ssh": {"id": "serve tidak tersedia lewat SSH: jalankan aplikasinya lewat SSH dengan ssh -t",
                           "en": "serve is not available over SSH: run the apps over SSH with ssh -t instead"},
    "cli_serve_what": {"id": "serve review atau panel", "en": "serve review or panel"},
    "cli_serve_panel_instansi": {"id": "serve panel memerlukan --instansi", "en": "serve panel needs --instansi"},
    "cli_serving": {
        "id": "Melayani di http://127.0.0.1:{port}/?token={token} — dari komputer Anda: "
              "ssh -L {port}:127.0.0.1:{port} SERVER",
        "en": "Serving on http://127.0.0.1:{port}/?token={token} — from your machine: "
              "ssh -L {port}:127.0.0.1:{port} SERVER",
    },
    "cli_serve_need_token": {"id": "spbe-tui serve: buka URL beserta token yang dicetak serve",
                             "en": "spbe-tui serve: open the URL with the token that serve printed"},
    "cli_serve_own_page": {"id": "spbe-tui serve: hanya halamannya sendiri yang boleh tersambung",
                           "en": "spbe-tui serve: only its own page may connect"},

    # --- ssh ---
    "cli_ssh_installed": {"id": "{path}: {n} kunci spbe-tui, baris lain tetap dipertahankan",
                          "en": "{path}: {n} key(s) of spbe-tui, other lines kept"},
    "cli_ssh_refused_command": {"id": "{command!r} tidak tersedia lewat SSH (yang tersedia: {allowed})",
                                "en": "{command!r} is not available over SSH (available: {allowed})"},
    "cli_ssh_audit_only": {"id": "lewat SSH hanya 'audit verify' yang tersedia",
                           "en": "over SSH only 'audit verify' is available"},
    "cli_ssh_refused_option": {
        "id": "{option} tidak tersedia lewat SSH: Anda bertindak sebagai diri sendiri, pada basis data server",
        "en": "{option} is not available over SSH: you act as yourself, on the server's database",
    },
    "cli_ssh_out": {
        "id": "lewat SSH, keluaran kembali melalui koneksi: gunakan --out - lalu alihkan di sisi Anda "
              "(ssh … export --out - > skor.csv)",
        "en": "over SSH, output comes back through the connection: use --out - and redirect it on your side "
              "(ssh … export --out - > skor.csv)",
    },
    "cli_ssh_unreadable": {"id": "perintah tidak dapat dibaca ({reason})", "en": "the command could not be read ({reason})"},
    "cli_ssh_no_closing_quote": {"id": "tanda kutip tidak ditutup", "en": "No closing quotation"},
    "cli_ssh_no_escaped": {"id": "tidak ada karakter setelah garis miring terbalik", "en": "No escaped character"},
}
