"""Replace a file all at once: readers see the old file or the complete new one, never a part."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say
from spbe_tui.os_text import os_reason

# Exports hold scores: like the database, readable by its owner alone.
EXPORT_FILE_MODE = 0o600

_KINDS = (
    (stat.S_ISLNK, "atomic_kind_link"),
    (stat.S_ISDIR, "atomic_kind_directory"),
    (stat.S_ISCHR, "atomic_kind_char_device"),
    (stat.S_ISBLK, "atomic_kind_block_device"),
    (stat.S_ISFIFO, "atomic_kind_pipe"),
    (stat.S_ISSOCK, "atomic_kind_socket"),
)


def check_target(target: Path) -> None:
    """Refuse a target that is anything but a regular file or a new name.

    The rename would replace a symbolic link itself (not the file it points to) and a device node
    or pipe with a plain file: as root, `--out /dev/full` would remove the device. lstat, not stat,
    so that a link is seen as a link.
    """
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise SpbeError(f"{target}: {exc.strerror}") from None
    if stat.S_ISREG(mode):
        return
    kind = next((key for test, key in _KINDS if test(mode)), "atomic_kind_other")
    raise SpbeError(say("atomic_not_regular", target=target, kind=say(kind)))


def _reason(exc: OSError) -> str:
    return os_reason(exc).lower()


@contextmanager
def atomic_write(target: Path) -> Iterator[BinaryIO]:
    """Yield a binary file that becomes `target` only when the block finishes without error.

    The data goes to a temporary file in the target's directory (so the rename stays on one
    filesystem), is fsynced, and renamed over the target. On any error, Ctrl-C included, the
    temporary file is removed and an existing target is left as it was. An OSError (a full disk,
    a quota, an I/O error) becomes a SpbeError that names the file and the reason.
    """
    target = Path(target)
    check_target(target)
    if not target.parent.is_dir():
        raise SpbeError(say("atomic_no_folder", folder=target.parent))
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise SpbeError(say("atomic_cannot_write_in", folder=target.parent, reason=_reason(exc))) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, EXPORT_FILE_MODE)
        # Again at the last moment: the name may have become a link while the file was written.
        check_target(target)
        os.replace(temp, target)
    except BaseException as exc:
        with suppress(FileNotFoundError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            outcome = say("atomic_left_as_it_was" if target.exists() else "atomic_nothing_written")
            raise SpbeError(say("atomic_cannot_write", target=target, reason=_reason(exc), outcome=outcome)) from None
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
