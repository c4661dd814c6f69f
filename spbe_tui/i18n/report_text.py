"""The institution report (Markdown, HTML) and the score files' headings."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
}
