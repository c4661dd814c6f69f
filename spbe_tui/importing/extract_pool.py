"""Evidence copied into the store and its text extracted beside the import, in worker processes.

Reading documents is most of an import's work, and PDFium is not thread-safe while openpyxl
holds the GIL: so documents are read in other processes, as many as the cores the import may
use, while the importer checks the next submissions and writes SQLite (only the importer does).

A worker is a fresh interpreter (`python -c …`), never a fork of the importer, which holds an
open SQLite connection a forked child must not touch. It reads one job at a time from its
stdin and answers on its stdout (pickles: the importer and its own children, nobody else). It
runs in its own session, so a Ctrl-C at the terminal reaches the importer alone, which then
stops the workers; and it ends by itself when its stdin closes, so an importer that is killed
leaves no worker behind. A worker that dies in a document (a crash in a library, or killed for
its memory) fails that one file, and the next file gets a new worker.
"""

from __future__ import annotations

import errno
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from spbe_tui.i18n import say
from spbe_tui.importing import extract
from spbe_tui.importing.evidence import EvidenceFile, store_copy
from spbe_tui.os_text import os_reason

# Below this many submissions the import reads documents itself: starting the workers (a new
# interpreter each, importing openpyxl and PDFium) costs more than they save on a few bundles
# (measured on the 616-institution sample set, 2 cores: see bench/README.md).
POOL_FROM_SUBMISSIONS = 16
_WORKER = [sys.executable, "-c", "from spbe_tui.importing.extract_pool import serve; serve()"]
_STOP_WAIT_S = 10  # a worker finishing its last file before it is killed


@dataclass(frozen=True)
class PreparedEvidence:
    """A file in the store and its text, ready for the database."""

    stored_path: str
    status: str  # ok | failed | none (a file type without text)
    error: str = ""  # why the text could not be read, shown to assessors
    pages: list[tuple[int, str, str]] = field(default_factory=list)  # (number, title, text)


class WorkerStopped(Exception):
    """No worker could read the file: it ended while reading it, or could not be started. The
    message is the system's word for why (e.g. "Killed", "Segmentation fault")."""


def _ended(returncode: int | None) -> WorkerStopped:
    if returncode is not None and returncode < 0:
        return WorkerStopped(signal.strsignal(-returncode) or f"signal {-returncode}")
    return WorkerStopped(say("import_worker_exit", code=returncode))


def prepare(found: EvidenceFile, store_root: Path) -> PreparedEvidence:
    """Copy a file into the content-addressed store and read its text: the slow part of importing it.

    An OSError means the store could not be written; a document that cannot be read is not an error."""
    stored_path = store_copy(store_root, found)
    if not extract.has_text(found.media_type):
        return PreparedEvidence(stored_path, "none")
    try:
        pages = [(p.number, p.title, p.text) for p in extract.extract(found.path, found.media_type)]
    except extract.ExtractionFailed as exc:
        return PreparedEvidence(stored_path, "failed", str(exc))
    return PreparedEvidence(stored_path, "ok", pages=pages)


class Extractor(Protocol):
    ahead: int  # how many submissions the importer may check ahead of the one it writes

    def submit(self, found: EvidenceFile, store_root: Path) -> Future[PreparedEvidence]: ...


class InlineExtractor:
    """Prepares each file at once in this process: for a small import, or one core."""

    ahead = 0

    def submit(self, found: EvidenceFile, store_root: Path) -> Future[PreparedEvidence]:
        future: Future[PreparedEvidence] = Future()
        try:
            future.set_result(prepare(found, store_root))
        except Exception as exc:  # noqa: BLE001 - handed to whoever waits for the file, as from a worker
            future.set_exception(exc)
        return future


_Job = tuple[EvidenceFile, Path, "Future[PreparedEvidence]"]


class ExtractPool:
    """Worker processes, each fed by a thread of this process that waits on its pipes (without the GIL)."""

    def __init__(self, workers: int) -> None:
        self.ahead = 2 * workers  # enough queued work that no worker waits while a submission is written
        self._workers = workers
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._running: set[subprocess.Popen[bytes]] = set()
        self._lock = threading.Lock()
        self._closing = False

    def submit(self, found: EvidenceFile, store_root: Path) -> Future[PreparedEvidence]:
        if not self._threads:  # started on the first file: an unchanged re-import needs no worker
            for number in range(self._workers):
                thread = threading.Thread(target=self._feed, name=f"extract-{number}", daemon=True)
                thread.start()
                self._threads.append(thread)
        future: Future[PreparedEvidence] = Future()
        self._jobs.put((found, store_root, future))
        return future

    def close(self, abandon: bool = False) -> None:
        """Stop the workers once their current file is done, or at once (`abandon`: the import was
        interrupted or failed). Files nobody will wait for any more are not started."""
        with self._lock:
            self._closing = True
            while True:
                try:
                    job = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if job is not None:
                    job[2].cancel()
            if abandon:
                for process in self._running:
                    process.kill()
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join()

    def _feed(self) -> None:
        process: subprocess.Popen[bytes] | None = None
        try:
            while (job := self._jobs.get()) is not None:
                found, store_root, future = job
                if not future.set_running_or_notify_cancel():
                    continue
                if process is None:
                    try:
                        process = self._start()
                    except OSError as exc:  # no process to be had (too many open files, no memory)
                        future.set_exception(WorkerStopped(os_reason(exc)))
                        continue
                try:
                    assert process.stdin is not None and process.stdout is not None
                    pickle.dump((found, store_root), process.stdin, pickle.HIGHEST_PROTOCOL)
                    process.stdin.flush()
                    succeeded, value = pickle.load(process.stdout)
                except Exception:  # noqa: BLE001 - whatever broke the conversation, this worker is done
                    future.set_exception(_ended(self._end(process)))
                    process = None  # the next file gets a new worker
                    continue
                if succeeded:
                    future.set_result(value)
                else:
                    future.set_exception(value)
        finally:
            if process is not None:
                self._end(process)

    def _start(self) -> subprocess.Popen[bytes]:
        with self._lock:
            if self._closing:
                raise OSError(errno.ECANCELED, os.strerror(errno.ECANCELED))
            package_root = str(Path(__file__).resolve().parents[2])
            env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (package_root,
                                                                             os.environ.get("PYTHONPATH"))))}
            process = subprocess.Popen(_WORKER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
                                       start_new_session=True)
            self._running.add(process)
            return process

    def _end(self, process: subprocess.Popen[bytes]) -> int | None:
        """Close a worker's stdin (it then exits) and reap it; its exit status."""
        for pipe in (process.stdin, process.stdout):
            try:
                if pipe is not None:
                    pipe.close()
            except OSError:
                pass
        try:
            code = process.wait(timeout=_STOP_WAIT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            code = process.wait()
        with self._lock:
            self._running.discard(process)
        return code


def usable_cores() -> int:
    """The cores this process may run on (its affinity), not all the machine has."""
    counted = getattr(os, "process_cpu_count", None)  # Python 3.13
    if counted is not None:
        return int(counted() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@contextmanager
def open_extractor(submissions: int, workers: int | None = None) -> Iterator[Extractor]:
    """Workers for an import of `submissions` (None: as many as the cores, if the import is big
    enough to gain from them; 1: none, the import reads documents itself). They are stopped when
    the block ends, at once if it ends with an exception (an interrupt included)."""
    if workers is None:
        workers = usable_cores() if submissions >= POOL_FROM_SUBMISSIONS else 1
    if workers <= 1:
        yield InlineExtractor()
        return
    pool = ExtractPool(workers)
    try:
        yield pool
    except BaseException:
        pool.close(abandon=True)
        raise
    pool.close()


def serve() -> None:
    """A worker's life: prepare one file per job read from stdin, answer on stdout, until stdin closes."""
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a library printing to stdout would corrupt the answers: its words go to stderr
    sys.stdout = sys.stderr
    jobs = sys.stdin.buffer
    while True:
        try:
            found, store_root = pickle.load(jobs)
        except EOFError:
            return
        try:
            answer: tuple[bool, object] = (True, prepare(found, store_root))
        except Exception as exc:  # noqa: BLE001 - sent to the importer, which decides what it means
            answer = (False, _picklable(exc))
        try:
            pickle.dump(answer, answers, pickle.HIGHEST_PROTOCOL)
            answers.flush()
        except BrokenPipeError:  # the importer has gone
            return


def _picklable(exc: Exception) -> Exception:
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001 - any exception type may refuse to be pickled
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc
