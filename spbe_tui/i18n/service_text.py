"""What the services, the importer and storage refuse or warn about."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "unknown_language": {"id": "{where}: bahasa {chosen!r} tidak tersedia (pilih dari: {choices})",
                         "en": "{where}: language {chosen!r} is not available (choose from: {choices})"},
}
