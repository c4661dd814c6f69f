"""Shorter forms of institution names, for a line too narrow for the full one.

Only the customary abbreviations of the words that open Indonesian government names; the
distinctive part of the name is kept whole, so the short form never invents anything.
"""

from __future__ import annotations

_OPENINGS = (
    ("Pemerintah Kabupaten ", "Kab. "),
    ("Pemerintah Kota ", "Kota "),
    ("Pemerintah Provinsi ", "Prov. "),
    ("Pemerintah Daerah ", "Pemda "),
    ("Kementerian Koordinator Bidang ", "Kemenko "),
    ("Kementerian Koordinator ", "Kemenko "),
    ("Kementerian ", "Kemen. "),
    ("Badan ", "B. "),
    ("Lembaga ", "L. "),
)


def short_instansi_name(name: str) -> str:
    """'Pemerintah Kabupaten Nias Barat' -> 'Kab. Nias Barat'; a name without such an opening
    is returned as it is."""
    for opening, short in _OPENINGS:
        if name.startswith(opening) and len(name) > len(opening):
            return short + name[len(opening):]
    return name
