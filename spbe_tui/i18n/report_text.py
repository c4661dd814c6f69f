"""The institution report (Markdown, HTML), `spbe-tui status` and the score files' headings.

Framework terms stay as the framework writes them in both languages: predikat names, stage
names ("Penilaian Visitasi"), "reviu", "Valid" / "Tidak Valid", "Tim Reviu", "Pedoman".
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # --- numbers and dates -------------------------------------------------------------------
    "report_decimal_mark": {"id": ",", "en": "."},
    "report_months": {
        "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember",
        "en": "January February March April May June July August September October November December",
    },
    # --- the report command --------------------------------------------------------------------
    "report_bad_suffix": {
        "id": "{out}: laporan ditulis sebagai Markdown (.md) atau HTML (.html)",
        "en": "{out}: the report is written as Markdown (.md) or HTML (.html)",
    },
    "report_no_final_level": {
        "id": "{instansi} belum memiliki nilai final dalam {evaluation}: laporan memerlukan tingkat yang "
              "ditetapkan tim (spbe-tui panel atau team-level); `spbe-tui status` menunjukkan sejauh mana "
              "penilaiannya",
        "en": "{instansi} has no final level yet in {evaluation}: the report needs the team's levels "
              "(spbe-tui panel or team-level); `spbe-tui status` shows how far it has got",
    },
    "report_level_error": {"id": "instansi {instansi} (final): {problem}", "en": "institution {instansi} (final): {problem}"},
    # `log head` is what scripts and `audit verify --head` users look for after the semicolon.
    "report_summary": {
        "id": "{instansi}, indeks {index}{note}; kepala log {head}",
        "en": "{instansi}, index {index}{note}; log head {head}",
    },
    "report_summary_provisional": {"id": " (sementara)", "en": " (provisional)"},
    # --- the report's head -----------------------------------------------------------------------
    "report_title": {"id": "Laporan Hasil Evaluasi SPBE", "en": "SPBE Evaluation Report"},
    "report_provisional_banner": {
        "id": "SEMENTARA — tahap terakhir evaluasi ({last}) belum dilaksanakan. Tingkat dan nilai dalam laporan "
              "ini adalah nilai tim hingga tahap {reached} dan masih dapat berubah: laporan ini belum merupakan "
              "hasil akhir.",
        "en": "PROVISIONAL — the evaluation's last stage ({last}) has not been held yet. The levels and values in "
              "this report are the team's up to {reached} and may still change: this report is not the final "
              "result yet.",
    },
    "report_provisional_banner_no_stage": {
        "id": "SEMENTARA — tim belum menyelesaikan tahap penilaian mana pun, dan tahap terakhir evaluasi ({last}) "
              "belum dilaksanakan. Tingkat dalam laporan ini masih dapat berubah: laporan ini belum merupakan "
              "hasil akhir.",
        "en": "PROVISIONAL — the team has not held any assessment stage yet, and the evaluation's last stage "
              "({last}) has not been held. The levels in this report may still change: this report is not the "
              "final result yet.",
    },
    "report_fact_instansi": {"id": "Instansi", "en": "Institution"},
    "report_fact_evaluation": {"id": "Evaluasi", "en": "Evaluation"},
    "report_evaluation_value": {"id": "{name} (tahun {year})", "en": "{name} (year {year})"},
    "report_fact_framework": {"id": "Kerangka", "en": "Framework"},
    "report_fact_stage": {"id": "Tahap yang dicapai", "en": "Stage reached"},
    "report_stage_value": {"id": "{stage} (tahap {number} dari {total})", "en": "{stage} (stage {number} of {total})"},
    "report_stage_none": {"id": "belum ada tahap yang dilaksanakan", "en": "no stage held yet"},
    "report_fact_status": {"id": "Status nilai", "en": "Status of the levels"},
    "report_status_final": {
        "id": "final: tahap terakhir ({last}) telah dilaksanakan",
        "en": "final: the last stage ({last}) has been held",
    },
    "report_status_provisional": {
        "id": "sementara: tahap terakhir ({last}) belum dilaksanakan",
        "en": "provisional: the last stage ({last}) has not been held",
    },
    "report_fact_rule": {"id": "Tingkat yang dihitung", "en": "Levels counted"},
    "report_rule_value": {
        "id": "tingkat hasil reviu bila reviu menyatakan Tidak Valid, selain itu tingkat tim dari tahap terakhir "
              "yang menetapkannya (tingkat yang tidak ditetapkan ulang terbawa dari tahap sebelumnya); {basis}",
        "en": "the reviu's corrected level where the reviu found the result Tidak Valid, otherwise the team's level "
              "from the latest stage that set it (a level not set again is carried forward from the stage "
              "before); {basis}",
    },
    "report_basis_unrounded": {
        "id": "predikat dibaca dari nilai sebelum pembulatan",
        "en": "predikat read from the value before rounding",
    },
    "report_basis_rounded": {"id": "predikat dibaca dari nilai yang dibulatkan", "en": "predikat read from the rounded value"},
    "report_fact_date": {"id": "Tanggal laporan", "en": "Report date"},
    # --- index, domains and aspects ------------------------------------------------------------
    "report_index": {"id": "Indeks SPBE", "en": "SPBE index"},
    "report_headline_provisional": {"id": "{value} — {predikat} (sementara)", "en": "{value} — {predikat} (provisional)"},
    "report_headline_incomplete": {
        "id": "belum lengkap: {count} indikator tanpa tingkat ({missing})",
        "en": "incomplete: {count} indicator(s) without a level ({missing})",
    },
    "report_structure": {"id": "Domain dan aspek", "en": "Domains and aspects"},
    "report_col_name": {"id": "Nama", "en": "Name"},
    "report_col_value": {"id": "Nilai", "en": "Value"},
    "report_col_predikat": {"id": "Predikat", "en": "Predikat"},
    # --- self versus final -----------------------------------------------------------------------
    "report_comparison_final": {"id": "Penilaian mandiri dibanding nilai final",
                                "en": "Self-assessment compared with the final level"},
    "report_comparison_provisional": {"id": "Penilaian mandiri dibanding nilai sementara",
                                      "en": "Self-assessment compared with the provisional level"},
    "report_comparison_note": {
        "id": "Diurutkan dari selisih terbesar; selisih = {level} − mandiri. Justifikasi adalah justifikasi tim "
              "dari tahap yang menetapkan tingkatnya, diikuti hasil reviu bila ada.",
        "en": "Largest difference first; difference = {level} − self. The justification is the team's, from the "
              "stage that set the level, followed by the reviu where there is one.",
    },
    "report_col_indicator": {"id": "Indikator", "en": "Indicator"},
    "report_col_self": {"id": "Mandiri", "en": "Self"},
    "report_col_final": {"id": "Final", "en": "Final"},
    "report_col_provisional": {"id": "Sementara", "en": "Provisional"},
    "report_col_difference": {"id": "Selisih", "en": "Difference"},
    "report_col_justification": {"id": "Justifikasi", "en": "Justification"},
    "report_team_justification": {"id": "{stage}, tingkat {level}: {text}", "en": "{stage}, level {level}: {text}"},
    "report_reviu_valid": {"id": "Reviu: Valid", "en": "Reviu: Valid"},
    "report_reviu_invalid": {"id": "Reviu: Tidak Valid, tingkat {level}: {text}",
                             "en": "Reviu: Tidak Valid, level {level}: {text}"},
    "report_reviu_stale": {"id": " (direviu sebelum tingkat tim terakhir diubah)",
                           "en": " (reviewed before the team level last changed)"},
    # --- findings per aspect -----------------------------------------------------------------------
    "report_findings": {"id": "Kekuatan, kelemahan dan pemenuhan per aspek",
                        "en": "Strengths, weaknesses and fulfilment (pemenuhan) per aspect"},
    "report_rules": {
        "id": "Sesuai Pedoman, kekuatan adalah indikator pada tingkat {strong}, kelemahan adalah indikator pada "
              "tingkat {weak}, dan pemenuhan menghitung indikator pada tingkat {met}, yaitu indikator yang "
              "sekurang-kurangnya memenuhi kriteria tingkat {met_min}.",
        "en": "Under the Pedoman, strengths are the indicators at levels {strong}, weaknesses the indicators at "
              "levels {weak}, and the fulfilment (pemenuhan) counts the indicators at levels {met}, those that "
              "meet at least the criteria of level {met_min}.",
    },
    "report_rules_overlap": {
        "id": " Karena itu indikator pada tingkat {both} terhitung dalam pemenuhan dan sekaligus tercantum sebagai "
              "kelemahan: kriteria tingkatnya terpenuhi, tetapi tingkatnya masih rendah.",
        "en": " An indicator at level {both} is therefore counted in the fulfilment and listed as a weakness at "
              "the same time: the criteria of its level are met, but the level is still low.",
    },
    "report_rules_recommendation": {
        "id": " Rekomendasi ditulis oleh tim penilai untuk setiap aspek.",
        "en": " Recommendations are written by the assessment team for each aspect.",
    },
    "report_strengths": {"id": "Kekuatan (tingkat {levels})", "en": "Strengths (levels {levels})"},
    "report_weaknesses": {"id": "Kelemahan (tingkat {levels})", "en": "Weaknesses (levels {levels})"},
    "report_pemenuhan": {"id": "Pemenuhan (tingkat {levels})", "en": "Fulfilment, pemenuhan (levels {levels})"},
    "report_pemenuhan_value": {"id": "{count} dari {total} indikator", "en": "{count} of {total} indicators"},
    "report_recommendation": {"id": "Rekomendasi tim penilai", "en": "Recommendation of the assessment team"},
    # --- team and signatures -------------------------------------------------------------------------
    "report_team": {"id": "Tim penilai", "en": "Assessment team"},
    "report_col_role": {"id": "Peran", "en": "Role"},
    "report_col_id": {"id": "ID", "en": "ID"},
    "report_role_chair": {"id": "Ketua tim", "en": "Team chair"},
    "report_role_member": {"id": "Anggota tim", "en": "Team member"},
    "report_role_reviewer": {"id": "Tim Reviu", "en": "Tim Reviu"},
    "report_no_team": {"id": "Belum ada tim yang ditugaskan untuk instansi ini.",
                       "en": "No team has been assigned to this institution yet."},
    "report_no_reviewer": {"id": "Tim Reviu: belum ada reviu yang dicatat untuk instansi ini.",
                           "en": "Tim Reviu: no reviu has been recorded for this institution yet."},
    "report_signatures": {"id": "Pengesahan", "en": "Signatures"},
    "report_signatures_note": {
        "id": "Tim penilai dan Tim Reviu yang bertanda tangan di bawah ini menyatakan bahwa laporan ini sesuai "
              "dengan hasil penilaian.",
        "en": "The assessment team and the Tim Reviu signing below confirm that this report matches the results "
              "of the assessment.",
    },
    "report_place_date": {"id": "Tempat, tanggal", "en": "Place, date"},
    "report_col_signature": {"id": "Tanda tangan", "en": "Signature"},
    # --- footer ------------------------------------------------------------------------------------
    "report_log_intro": {"id": "Log audit: {count} peristiwa, kepala", "en": "Audit log: {count} events, head"},
    "report_log_check_before": {"id": "periksa dengan", "en": "check it with"},
    "report_log_check_after": {"id": "diikuti kepala ini", "en": "followed by this head"},
    # --- spbe-tui status -----------------------------------------------------------------------------
    "status_title": {
        "id": "{evaluation} — {count} instansi, {indicators} indikator",
        "en": "{evaluation} — {count} institutions, {indicators} indicators",
    },
    "status_caption": {
        "id": "per tahap: indikator dengan nilai asesor / nilai tim; tahap: tahap terakhir yang telah "
              "dilaksanakan; ✓: tahap terakhir ({last}) telah dilaksanakan dan setiap indikator memiliki nilai final",
        "en": "per stage: indicators with an assessor's level / a team level; stage: the latest stage held; "
              "✓: the last stage ({last}) has been held and every indicator has a final level",
    },
    "status_col_instansi": {"id": "Instansi", "en": "Institution"},
    "status_col_name": {"id": "Nama", "en": "Name"},
    "status_col_reviu": {"id": "reviu", "en": "reviu"},
    "status_col_final": {"id": "final", "en": "final"},
    "status_col_stage": {"id": "tahap", "en": "stage"},
    "status_assessors_title": {"id": "Asesor", "en": "Assessors"},
    "status_assessors_caption": {"id": "per tahap: tingkat yang diputuskan asesor",
                                 "en": "per stage: levels the assessor has decided"},
    "status_col_assessor": {"id": "Asesor", "en": "Assessor"},
    "status_col_institutions": {"id": "Instansi", "en": "Institutions"},
    "status_summary": {
        "id": "{complete} dari {total} instansi telah menyelesaikan tahap terakhir ({last}) dan memiliki nilai "
              "final untuk setiap indikator",
        "en": "{complete} of {total} institutions have held the last stage ({last}) and have a final level for "
              "every indicator",
    },
    # --- score files -------------------------------------------------------------------------------
    "xlsx_log_head_description": {
        "id": "kepala log peristiwa spbe-tui {head}: periksa bahwa log masih melanjutkannya dengan "
              "`spbe-tui audit verify --head {head}`",
        "en": "spbe-tui event log head {head}: check the log still extends it with "
              "`spbe-tui audit verify --head {head}`",
    },
}
