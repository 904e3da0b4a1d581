"""The snapshot of validated records (parquet): a cache that makes a start fast, and never a risk.

Where: `<records folder>/.snapshot/` (built at deploy time with `python -m evidence snapshot`), or a per-user cache
folder when the records folder cannot be written, or JDM_EVIDENCE_SNAPSHOT. Inside it, each save is one folder
`build-<version>-<random>/` (the per-file rows, the evidence tables and a meta.json with the SHA-256 of every
table), and the file CURRENT names the build in use; a save writes a new build and then replaces CURRENT, so a
reader never sees half a snapshot.

A cache, never a risk:
* it writes only inside a folder it created (marked by the file SNAPSHOT) or an empty one, owned by this user;
  it never deletes a file it did not write, and never follows a symbolic link or opens a pipe or device there;
* every table is checked against its checksum when read; anything unreadable, odd or mismatched is treated as
  absent (the records are read again) and logged;
* saves are serialised by a lock file; a failed save removes its temporary folder, is logged, and is reported to
  the caller (`python -m evidence snapshot` exits non-zero with the reason); folders are world-readable (0755),
  so a snapshot built by a deploy user serves the app's user.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import io
import json
import logging
import os
import re
import secrets
import stat
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from evidence.fsutil import describe_os_error, is_real_directory, read_regular, write_atomic
from evidence.limits import MAX_SNAPSHOT_META_BYTES
from evidence.store import records_folder

log = logging.getLogger(__name__)

FOLDER = ".snapshot"
FORMAT = 2
MARKER = "SNAPSHOT"
MARKER_TEXT = b"Snapshot folder of jdm-evidence (python -m evidence snapshot); a cache, safe to delete.\n"
CURRENT = "CURRENT"
LOCK = ".lock"
META = "meta.json"
TABLES = ("files", "arms", "outcomes", "safety", "study_rows", "antibodies")
MAX_TABLE_BYTES = 4 << 30
_BUILD = re.compile(r"^build-[0-9a-f]{1,64}-[0-9a-f]{8}$")
_TMP = re.compile(r"^tmp-[A-Za-z0-9_]{1,32}$")
_BUILD_FILES = frozenset({META, *(f"{t}.parquet" for t in TABLES)})
# Format 1 kept its files directly in the folder and renamed the folder to <name>.old / .snapshot-XXXX while saving.
_LEGACY_FILES = frozenset({"meta.json", *(f"{t}.parquet" for t in TABLES)})
_CODE = (
    "schema.py", "schema_base.py", "schema_parts.py", "vocabulary/__init__.py", "vocabulary/terms.py",
    "vocabulary/therapies.py", "vocabulary/measures.py", "table.py", "study_tables.py", "store.py", "snapshot.py",
    "records.py", "loader.py", "yamlload.py", "limits.py", "links.py", "cohorts.py",
)  # fmt: skip


class SnapshotUnusable(Exception):
    """The snapshot cannot be used as it is (the reason is logged; the records are read instead)."""


def code_version() -> str:
    """Hash of the modules that decide what a validated record and its table rows are."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in _CODE:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


def snapshot_dir(data_dir: Path | str) -> Path:
    """Where the snapshot of this data folder lives (JDM_EVIDENCE_SNAPSHOT overrides)."""
    configured = os.environ.get("JDM_EVIDENCE_SNAPSHOT", "").strip()
    if configured:
        return Path(configured)
    folder = records_folder(data_dir)
    own = folder / FOLDER
    if os.access(folder, os.W_OK) or os.path.lexists(own):
        return own
    key = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:12]
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "jdm-evidence" / key


@dataclass(frozen=True)
class Cached:
    """A verified snapshot build: its meta data and a reader of its tables (each checked against its checksum)."""

    build: Path
    meta: dict

    def table(self, name: str) -> pa.Table:
        data = read_regular(self.build / f"{name}.parquet", MAX_TABLE_BYTES)
        if hashlib.sha256(data).hexdigest() != self.meta["checksums"].get(name):
            raise SnapshotUnusable(f"{name}.parquet does not match its checksum")
        return pq.read_table(pa.BufferReader(data))


def read(where: Path) -> Cached | None:
    """The snapshot's current build, verified; None (and a log line saying why) when it is absent or unusable."""
    if not os.path.lexists(where):
        return None
    try:
        if not is_real_directory(where):
            raise SnapshotUnusable("it is not a real folder (a link or a file)")
        name = read_regular(where / CURRENT, 200).decode("ascii").strip()
        if not _BUILD.match(name):
            raise SnapshotUnusable(f"{CURRENT} does not name a build")
        build = where / name
        if not is_real_directory(build):
            raise SnapshotUnusable(f"{name} is not a real folder")
        meta = json.loads(read_regular(build / META, MAX_SNAPSHOT_META_BYTES))
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            raise SnapshotUnusable("meta.json is not a snapshot description")
        if meta.get("code") != code_version():
            log.info("Snapshot at %s was made by other code; the records are read again", where)
            return None
        checksums = meta.get("checksums")
        if not isinstance(checksums, dict) or set(checksums) != set(TABLES):
            raise SnapshotUnusable("meta.json lists no checksum for every table")
        return Cached(build, meta)
    except FileNotFoundError:
        return None if not os.path.lexists(where / CURRENT) else _unusable(where, "a file of the build is missing")
    except (OSError, ValueError, UnicodeDecodeError, SnapshotUnusable) as exc:
        return _unusable(where, exc)


def _unusable(where: Path, reason: object) -> None:
    text = describe_os_error(reason) if isinstance(reason, OSError) else str(reason)
    log.warning("Snapshot at %s is not used (%s); the records are read again", where, text)
    return None


@dataclass(frozen=True)
class SaveOutcome:
    """Whether a save happened, and why not when it did not (None: nothing needed saving)."""

    saved: bool
    reason: str | None = None


def write(
    where: Path, version: str, tables: dict[str, pa.Table | Callable[[], pa.Table]], wait: float = 0.0
) -> SaveOutcome:
    """Save a new build (the tables, each with its checksum) and make it current; never raises.

    wait: seconds to wait for another process's save to finish (0: give up at once, as the app does).
    """
    try:
        refusal = _claim(where)
        if refusal:
            raise PermissionError(errno.EPERM, refusal)
        with _locked(where, wait):
            clean_legacy(where)
            current = _current_name(where)
            if current and current.startswith(f"build-{version}-") and read(where) is not None:
                return SaveOutcome(False, None)  # another process saved this very version meanwhile
            _save_build(where, version, tables, keep=current)
        return SaveOutcome(True)
    except (OSError, pa.ArrowException, ValueError, TimeoutError) as exc:
        reason = describe_os_error(exc) if isinstance(exc, OSError) else str(exc)
        log.warning("Snapshot not saved at %s: %s", where, reason)
        return SaveOutcome(False, f"not saved at {where}: {reason}")


def _claim(where: Path) -> str | None:
    """Why this process may not write at where, or None after making sure it is a folder of ours (marked)."""
    if not os.path.lexists(where):
        where.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):  # another process may create it at the same moment
            os.mkdir(where, 0o755)
    st = os.lstat(where)
    if stat.S_ISLNK(st.st_mode) or not stat.S_ISDIR(st.st_mode):
        return "the snapshot location is a link or a file, not a folder this app created"
    if st.st_uid != os.geteuid():
        return "the snapshot folder belongs to another user (it is read, never written)"
    names = set(os.listdir(where))
    if MARKER not in names and not names <= _LEGACY_FILES | {LOCK}:
        return "the folder holds files this app did not write; point JDM_EVIDENCE_SNAPSHOT at a new folder"
    os.chmod(where, 0o755)
    with contextlib.suppress(FileExistsError):
        _write_new(where / MARKER, MARKER_TEXT)
    return None


@contextlib.contextmanager
def _locked(where: Path, wait: float):
    fd = os.open(where / LOCK, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise TimeoutError("another process is saving the snapshot") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _current_name(where: Path) -> str | None:
    try:
        name = read_regular(where / CURRENT, 200).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name if _BUILD.match(name) else None


def _save_build(where: Path, version: str, tables: dict, keep: str | None) -> None:
    """Under the lock: write a temporary folder, rename it to a build, point CURRENT at it, remove stale ones."""
    tmp = Path(tempfile.mkdtemp(prefix="tmp-", dir=where))
    try:
        os.chmod(tmp, 0o755)
        checksums = {}
        for name in TABLES:
            table = tables[name]() if callable(tables[name]) else tables[name]
            buffer = io.BytesIO()
            pq.write_table(table, buffer)
            data = buffer.getvalue()
            checksums[name] = hashlib.sha256(data).hexdigest()
            _write_new(tmp / f"{name}.parquet", data)
        meta = {"format": FORMAT, "code": code_version(), "version": version, "checksums": checksums}
        _write_new(tmp / META, json.dumps(meta).encode())
        build = where / f"build-{version}-{secrets.token_hex(4)}"
        os.rename(tmp, build)
    except BaseException:
        _remove_ours(tmp, _BUILD_FILES)
        raise
    write_atomic(where / CURRENT, build.name.encode() + b"\n", replace=True)
    for entry in os.scandir(where):  # stale builds (all but this one and the previous) and stale temporary folders
        if entry.name not in {build.name, keep} and (_BUILD.match(entry.name) or _TMP.match(entry.name)):
            _remove_ours(Path(entry.path), _BUILD_FILES)
    for name in _LEGACY_FILES:  # a format-1 snapshot this folder held before
        with contextlib.suppress(FileNotFoundError):
            os.unlink(where / name)


def _write_new(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(path, 0o644)


def _remove_ours(folder: Path, names: frozenset[str]) -> None:
    """Delete the files of ours in a folder of ours, then the folder; anything else is left (and logged)."""
    if not is_real_directory(folder):
        return
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(folder / name)
    try:
        os.rmdir(folder)
    except OSError as exc:
        log.warning("Left %s in place: %s", folder, describe_os_error(exc))


def clean_legacy(where: Path) -> None:
    """Remove format-1 leftovers beside the snapshot (<name>.old and .snapshot-XXXX folders holding only our files)."""
    parent = where.parent
    if not is_real_directory(parent):
        return
    for entry in os.scandir(parent):
        legacy = entry.name == f"{where.name}.old" or re.match(r"^\.snapshot-[A-Za-z0-9_]{1,32}$", entry.name)
        if legacy and entry.is_dir(follow_symlinks=False) and set(os.listdir(entry.path)) <= _LEGACY_FILES:
            with contextlib.suppress(OSError):
                if os.stat(entry.path, follow_symlinks=False).st_uid == os.geteuid():
                    _remove_ours(Path(entry.path), _LEGACY_FILES)
