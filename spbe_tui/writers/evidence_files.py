"""Evidence handed out by `evidence get`: copied into a folder, or as a tar stream."""

from __future__ import annotations

import os
import shutil
import tarfile
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say
from spbe_tui.services.evidence_get import EvidenceCopy
from spbe_tui.writers.atomic import EXPORT_FILE_MODE, atomic_write, check_target


def copy_into(folder: Path, files: Sequence[EvidenceCopy], force: bool = False) -> list[Path]:
    """Copy each file to `folder`/its name; each appears whole or not at all.

    Every target is checked before the first is written: one that exists is refused (unless
    `force`), and none may lead outside `folder`, through a link or otherwise.
    """
    if folder.exists() and not folder.is_dir():
        raise SpbeError(say("evidence_out_not_folder", path=str(folder)))
    folder.mkdir(parents=True, exist_ok=True)
    root = folder.resolve()
    targets = [_target(root, item.name) for item in files]
    existing = [str(t) for t in targets if os.path.lexists(t)]
    if existing and not force:
        raise SpbeError(say("evidence_out_exists", paths=", ".join(existing)))
    for item, target in zip(files, targets, strict=True):
        target.parent.mkdir(parents=True, exist_ok=True)
        _inside(root, target)  # again: a folder made a moment ago may be a link by now
        with atomic_write(target) as sink, open(item.source, "rb") as source:
            shutil.copyfileobj(source, sink)
    return targets


def _target(root: Path, name: str) -> Path:
    target = root / name
    check_target(target)
    _inside(root, target)
    return target


def _inside(root: Path, target: Path) -> None:
    # The folders on the way may already exist as links; resolve what exists of the path.
    if not target.parent.resolve().is_relative_to(root):
        raise SpbeError(say("evidence_out_outside", path=str(target), folder=str(root)))


def write_tar(stream: BinaryIO, files: Sequence[EvidenceCopy]) -> None:
    """A tar stream of the files under their names, for `--out - | tar x` on the other side."""
    with tarfile.open(fileobj=stream, mode="w|", format=tarfile.PAX_FORMAT) as archive:
        for item in files:
            info = tarfile.TarInfo(item.name)
            info.size = item.size
            info.mtime = int(item.mtime)
            info.mode = EXPORT_FILE_MODE
            with open(item.source, "rb") as source:
                archive.addfile(info, source)
