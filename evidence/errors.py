"""Typed problems and errors of the evidence domain (rendered for users in one UI place)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One reason a record file could not be used: which file, which field, why."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


class EvidenceError(Exception):
    """Base class for errors the app explains to a clinician."""


class DataDirectoryMissing(EvidenceError):
    """The configured data directory does not exist."""


class UnknownFilterValue(EvidenceError):
    """A filter names a therapy, class, antibody, age group or design that is not in the vocabulary."""


class ExportFormatError(EvidenceError):
    """An export format is not supported."""


class NoValidRecords(EvidenceError):
    """The data folder holds no record that passed validation."""
