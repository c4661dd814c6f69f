"""Replace a file all at once: readers see the old file or the complete new one, never a part."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from spbe_tui.errors import SpbeError

# Exports hold scores: like the database, readable by the project group and nobody else.
EXPORT_FILE_MODE = 0o660


@contextmanager
def atomic_write(target: Path) -> Iterator[BinaryIO]:
    """Yield a binary file that becomes `target` only when the block finishes without error.

    The data goes to a temporary file in the target's directory (so the rename stays on one
    filesystem), is fsynced, and renamed over the target. On any error, Ctrl-C included, the
    temporary file is removed and an existing target is left as it was.
    """
    target = Path(target)
    if target.is_dir():
        raise SpbeError(f"{target} is a directory; give a file name")
    if not target.parent.is_dir():
        raise SpbeError(f"{target.parent} does not exist")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise SpbeError(f"cannot write in {target.parent}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, EXPORT_FILE_MODE)
        os.replace(temp, target)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    _sync_directory(target.parent)


def _sync_directory(folder: Path) -> None:
    # Makes the rename itself durable; not every platform lets a directory be opened for this.
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
