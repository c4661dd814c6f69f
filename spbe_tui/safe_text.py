"""Making untrusted text (penjelasan, file names, evidence) inert before it reaches a terminal."""

from __future__ import annotations

import re

# C0 and C1 controls except tab and newline, and DEL: enough to start an escape sequence.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ and friends: visible, harmless
    return "\ufffd"


def inert(text: str) -> str:
    """Control characters shown as visible symbols, so text cannot drive the terminal."""
    return _CONTROL.sub(_visible, text)


def safe(text: str) -> str:
    """`inert`, with rich markup escaped too, for text printed through rich markup."""
    from rich.markup import escape

    return escape(inert(text))
