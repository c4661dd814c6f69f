"""Evidence files named by a submission: resolved safely inside its folder, measured and hashed."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from spbe_tui.domain import media
from spbe_tui.i18n import say
from spbe_tui.os_text import os_reason

DEFAULT_MAX_EVIDENCE_BYTES = 100 * 1024 * 1024
STORE_DIR_MODE = 0o700
STORED_FILE_MODE = 0o600
_CHUNK = 1024 * 1024


class EvidenceRejected(Exception):
    """An evidence reference that must not be read; the message says why."""


@dataclass(frozen=True)
class EvidenceFile:
    name: str  # normalised relative path, as shown to assessors
    path: Path  # the real file on disk
    size: int
    sha256: str
    media_type: str


def normalise_name(raw: str) -> str:
    """The evidence path with forward slashes; rejects absolute paths and any '..' step."""
    text = raw.strip().replace("\\", "/")
    if not text:
        raise EvidenceRejected(say("evid_empty_path"))
    if "\x00" in text:
        raise EvidenceRejected(say("evid_nul_path"))
    if text.startswith("/") or PureWindowsPath(raw.strip()).drive:
        raise EvidenceRejected(say("evid_absolute", path=raw))
    parts = PurePosixPath(text).parts
    if ".." in parts:
        raise EvidenceRejected(say("evid_leaves_folder", path=raw))
    return "/".join(p for p in parts if p != ".")


def resolve(root: Path, raw: str, max_bytes: int) -> tuple[str, Path, int]:
    """Check that `raw` names a regular file inside `root` (symlinks included) within the size cap."""
    name = normalise_name(raw)
    candidate = root / name
    try:
        real = candidate.resolve(strict=True)
    except FileNotFoundError:
        raise EvidenceRejected(say("evid_not_found", name=name)) from None
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop
        raise EvidenceRejected(say("evid_cannot_open", name=name, reason=exc)) from None
    if not real.is_relative_to(root.resolve()):
        raise EvidenceRejected(say("evid_leads_outside", name=name, real=real))
    info = real.stat()
    if not stat.S_ISREG(info.st_mode):
        raise EvidenceRejected(say("evid_not_regular", name=name))
    if info.st_size > max_bytes:
        raise EvidenceRejected(say("evid_too_big", name=name, size=f"{info.st_size / 1048576:.1f}",
                                   cap=f"{max_bytes / 1048576:.0f}"))
    return name, real, info.st_size


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_type(path: Path) -> str:
    with open(path, "rb") as handle:
        head = handle.read(8)
    return media.recognise(head, path.suffix).name


def inspect(root: Path, raw: str, max_bytes: int, cache: dict[Path, EvidenceFile] | None = None) -> EvidenceFile:
    """Resolve, measure and hash one evidence reference (each real file hashed once per run)."""
    name, real, size = resolve(root, raw, max_bytes)
    if cache is not None and real in cache:
        known = cache[real]
        return EvidenceFile(name, real, known.size, known.sha256, known.media_type)
    try:
        found = EvidenceFile(name, real, size, sha256_of(real), media_type(real))
    except OSError as exc:
        raise EvidenceRejected(say("evid_unreadable", name=name, reason=os_reason(exc))) from None
    if cache is not None:
        cache[real] = found
    return found


def store_copy(store_root: Path, found: EvidenceFile) -> str:
    """Copy into the content-addressed store beside the database; returns the path relative to it.

    Written to a temporary name and renamed, so a crash never leaves a half file under a hash.
    """
    suffix = Path(found.name).suffix.lower()[:10]
    relative = f"{found.sha256[:2]}/{found.sha256}{suffix}"
    target = store_root / relative
    if target.exists():
        return relative
    for folder in (store_root, target.parent):
        if not folder.is_dir():
            folder.mkdir(parents=True, exist_ok=True)
            # The service account's alone, whatever the umask: people see evidence through the app.
            os.chmod(folder, STORE_DIR_MODE)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(found.path, "rb") as source, open(temporary, "wb") as sink:
            while chunk := source.read(_CHUNK):
                sink.write(chunk)
            sink.flush()
            os.fsync(sink.fileno())
        os.chmod(temporary, STORED_FILE_MODE)
        os.replace(temporary, target)
    except BaseException:
        # A full disk mid-copy: leave no partial file behind in the store.
        temporary.unlink(missing_ok=True)
        raise
    return relative
