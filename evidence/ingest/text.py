"""Read abstract text and make it uniform; enforce what an abstract file must be (text, not empty, not huge).

Every span the parser reports indexes the *normalised* text (`Draft.text`), so a UI can highlight it directly.
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from evidence.errors import EvidenceError
from evidence.limits import MAX_ABSTRACT_CHARS

MAX_BYTES = MAX_ABSTRACT_CHARS  # an ACR page saved as text is about 8 kB; a PubMed abstract about 3 kB
_MAX_CONTROL_SHARE = 0.01  # more control characters than this: a binary file, not text


class IngestError(EvidenceError):
    """An abstract could not be read, recognised or saved; `reason` is a short machine-readable cause."""

    def __init__(self, message: str, reason: str = "unreadable") -> None:
        super().__init__(message)
        self.reason = reason


# One character in, one (or none) out: typographic quotes, dashes and spaces become their ASCII forms so that
# patterns need one spelling; YAML/Unicode line separators become newlines.
_TRANSLATE = str.maketrans(
    {
        **dict.fromkeys(
            "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000", " "
        ),
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\u0060", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2212\ufe63\uff0d", "-"),
        **dict.fromkeys("\u2014\u2015", " - "),
        **dict.fromkeys("\u2028\u2029\x85\x0b\x0c", "\n"),
        **dict.fromkeys("\u200b\u200c\u200d\u2060\u00ad\ufeff", None),
        "\t": " ",
    }
)


def uniform(text: str) -> str:
    """NFC composition with ASCII quotes, dashes and spaces: the characters every span of a draft is made of."""
    return unicodedata.normalize("NFC", text).translate(_TRANSLATE)


def decode(data: bytes) -> str:
    """Bytes of a text file as str (UTF-8, or UTF-16 with a byte-order mark); IngestError for anything else."""
    if len(data) > MAX_BYTES:
        raise IngestError(f"the file is {len(data):,} bytes; an abstract may be at most {MAX_BYTES:,}", "too_large")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise IngestError("the file starts like UTF-16 text but is not valid UTF-16", "binary") from exc
    if b"\x00" in data:
        raise IngestError("the file is binary (it contains NUL bytes); save the page as plain text", "binary")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"the file is not UTF-8 text (undecodable byte at offset {exc.start}); save the page as UTF-8 text",
            "binary",
        ) from exc


def normalise(text: str) -> str:
    """The text the parser reads: checked (size, NUL, control characters, not empty) and made uniform.

    NFC composition, ASCII quotes/dashes/spaces, LF line ends, other control characters as spaces.
    """
    if not isinstance(text, str):
        raise IngestError(f"expected text, got {type(text).__name__}", "binary")
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:
        raise IngestError("the text holds invalid Unicode (lone surrogate characters)", "binary") from exc
    if size > MAX_BYTES:
        raise IngestError(
            f"the text is {size:,} bytes long; one abstract may be at most {MAX_BYTES:,} (paste one abstract, not a "
            "whole page collection)",
            "too_large",
        )
    if "\x00" in text:
        raise IngestError("the text is binary (it contains NUL characters)", "binary")
    text = uniform(text.replace("\r\n", "\n").replace("\r", "\n"))
    controls = sum(1 for c in text if c != "\n" and unicodedata.category(c) in {"Cc", "Cs", "Co", "Cn"})
    if controls > max(8, _MAX_CONTROL_SHARE * len(text)):
        raise IngestError(f"the text holds {controls} control or unassigned characters: not a text file", "binary")
    if controls:
        text = "".join(" " if c != "\n" and unicodedata.category(c) == "Cc" else c for c in text)
    if not text.strip():
        raise IngestError("the text is empty", "empty")
    return text


def read_abstract(path: Path | str) -> str:
    """Read an abstract file (at most MAX_BYTES) and return its normalised text."""
    path = Path(path)
    if not path.is_file():  # a folder, pipe or device is never opened (a pipe would block the read)
        raise IngestError(f"{path.name or path} is not a readable file", "io")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise IngestError(f"cannot read {path.name}: {exc.strerror or exc}", "io") from exc
    if len(data) > MAX_BYTES:
        raise IngestError(f"{path.name} is larger than {MAX_BYTES:,} bytes; it is not an abstract", "too_large")
    return normalise(decode(data))
