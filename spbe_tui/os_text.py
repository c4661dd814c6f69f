"""What the operating system says went wrong with a file, in the user's language.

strerror is the C library's English. The reasons a person can act on (a full disk, a missing
folder, no permission) have messages of their own, whose English is the C library's own wording,
so English output reads as it always did; any other reason is passed on as the system gives it.
"""

from __future__ import annotations

import errno
import os

from spbe_tui.i18n import say

_REASONS = {
    errno.ENOENT: "os_no_such_file",
    errno.EACCES: "os_permission_denied",
    errno.EPERM: "os_not_permitted",
    errno.ENOSPC: "os_disk_full",
    errno.EDQUOT: "os_quota",
    errno.EROFS: "os_read_only_fs",
    errno.EIO: "os_io_error",
    errno.EISDIR: "os_is_directory",
    errno.ENOTDIR: "os_not_directory",
    errno.EEXIST: "os_exists",
    errno.ENAMETOOLONG: "os_name_too_long",
    errno.ELOOP: "os_link_loop",
}


def os_reason(exc: OSError) -> str:
    """The reason of `exc`: ours for the system's usual words, else the system's (or the text of `exc`)."""
    code = exc.errno
    # Only the system's own words are replaced: a reason a library wrote itself is passed on.
    if code in _REASONS and exc.strerror == os.strerror(code):
        return say(_REASONS[code])
    return exc.strerror or str(exc)
