"""Binding descriptions are written as message keys (`key_…`) and translated per instance."""

from __future__ import annotations

import dataclasses

from textual.dom import DOMNode

from spbe_tui.i18n import Translator


def translate_bindings(node: DOMNode, t: Translator) -> None:
    # Private API, on purpose: Textual builds a node's bindings from the class's BINDINGS and
    # offers no public way to give one instance other descriptions; the language is chosen per
    # run, so the footer's words are replaced here, once, before the first frame.
    bindings = node._bindings.key_to_bindings
    for key, items in bindings.items():
        bindings[key] = [
            dataclasses.replace(b, description=t(b.description)) if b.description.startswith("key_") else b
            for b in items
        ]
