"""Reading and writing files without surprises: regular files only (never a link, pipe or device, never
blocking), a size cap, and atomic, world-readable writes that leave nothing half-written."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


class NotRegularFile(OSError):
    """The path is a link, folder, pipe, device or socket, not a regular file."""


class TooLarge(OSError):
    """The file is larger than the cap."""


def read_regular(path: Path | str, max_bytes: int) -> bytes:
    """The bytes of a regular file, at most max_bytes; raises NotRegularFile, TooLarge or another OSError.

    Opened with O_NOFOLLOW and O_NONBLOCK, then checked with fstat: a symlink planted at the path is not followed,
    and a named pipe cannot hang the reader.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno in (getattr(os, "ELOOP", -1), getattr(os, "EMLINK", -1)):
            raise NotRegularFile(exc.errno, "is a symbolic link") from None
        raise
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        kind = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file (pipe, device or socket)"
        raise NotRegularFile(0, f"is {kind}")
    with os.fdopen(fd, "rb") as handle:
        if st.st_size > max_bytes:
            raise TooLarge(0, f"is {st.st_size:,} bytes; at most {max_bytes:,} are read")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TooLarge(0, f"is larger than {max_bytes:,} bytes")
    return data


def is_real_directory(path: Path | str) -> bool:
    """True for a directory that is not a symbolic link."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def write_atomic(target: Path, content: bytes, *, replace: bool) -> None:
    """Write content to target through a temporary file in the same folder, readable by all (0644).

    replace=False publishes with a hard link, so an existing file is never overwritten even by a racing writer
    (FileExistsError); the temporary file is removed whatever happens. The folder must be a real directory.
    """
    folder = target.parent
    if not is_real_directory(folder):
        raise NotRegularFile(0, f"{folder} is not a real folder (a link or missing)")
    fd, temp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        if replace:
            os.replace(temp, target)
        else:
            try:
                os.link(temp, target)
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links: check, then rename
                if os.path.lexists(target):
                    raise FileExistsError(0, "exists", str(target)) from None
                os.replace(temp, target)
        sync_folder(folder)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


def sync_folder(folder: Path) -> None:
    """fsync a folder so a rename in it survives a crash (best effort)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def describe_os_error(exc: OSError) -> str:
    """An OSError in plain words ('No space left on device', 'Permission denied', ...)."""
    return exc.strerror or str(exc) or type(exc).__name__
