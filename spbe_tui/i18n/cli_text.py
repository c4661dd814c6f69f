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
}
