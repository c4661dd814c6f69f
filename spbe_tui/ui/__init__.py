"""The Textual user interface. The only package that imports Textual."""

import os

# Textual reports a lone Escape only after ESCDELAY ms without a following byte, in case it starts
# a key's escape sequence; its default, 100 ms, is felt on every Escape. A terminal sends a key's
# whole sequence in one write and ssh carries a write in one packet, so 10 ms (tmux's own
# escape-time since 3.5) is enough over SSH too; a longer wait also reads an Escape typed quickly
# before a key as alt+key. Read once, when Textual is first imported (below this package); a
# user's own value stands.
os.environ.setdefault("ESCDELAY", "10")
