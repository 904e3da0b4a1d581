"""Validated study records held compactly: decoded into pydantic objects only when a page needs one.

At 10,000 studies, building every Study object costs seconds and tens of MB; most pages need the tables only,
and the Study page needs one record. The collection keeps each record's validated JSON and decodes on access.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from evidence.schema import Study


class StudyCollection(Sequence[Study]):
    """Studies in id order; `get(id)` decodes one, iteration decodes (and keeps) each in turn."""

    def __init__(self, ids: Sequence[str], payloads: Sequence[str | Study]) -> None:
        self._ids = list(ids)
        self._payloads = payloads  # any sequence (e.g. a lazy view of a parquet column); never copied whole
        self._decoded: dict[int, Study] = {}
        self._index = {sid: i for i, sid in enumerate(self._ids)}

    @classmethod
    def of(cls, studies: Iterable[Study]) -> StudyCollection:
        items = sorted(studies, key=lambda s: s.id)
        return cls([s.id for s in items], items)

    @property
    def ids(self) -> list[str]:
        return list(self._ids)

    def _decode(self, i: int) -> Study:
        if i in self._decoded:
            return self._decoded[i]
        item = self._payloads[i]
        # Already validated when the snapshot was written; decoding its JSON re-checks it cheaply.
        study = item if isinstance(item, Study) else Study.model_validate_json(item, strict=False)
        self._decoded[i] = study
        return study

    def get(self, study_id: str) -> Study | None:
        i = self._index.get(study_id)
        return None if i is None else self._decode(i)

    def __contains__(self, study_id: object) -> bool:
        return study_id in self._index

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self._decode(j) for j in range(*i.indices(len(self._ids)))]
        return self._decode(i)

    def __len__(self) -> int:
        return len(self._ids)

    def __iter__(self) -> Iterator[Study]:
        return (self._decode(i) for i in range(len(self._ids)))

    def __bool__(self) -> bool:
        return bool(self._ids)

    def subset(self, ids: Iterable[str]) -> StudyCollection:
        """The studies with these ids (unknown ids ignored), sharing this collection's decoded objects."""
        wanted = sorted({i for i in ids if i in self._index})
        positions = [self._index[i] for i in wanted]
        return StudyCollection(wanted, _Subset(self, positions))

    def _item(self, i: int) -> str | Study:
        return self._decoded.get(i) or self._payloads[i]

    def payload(self, study_id: str) -> str:
        """The record's validated JSON (for the snapshot)."""
        item = self._payloads[self._index[study_id]]
        return item.model_dump_json() if isinstance(item, Study) else item


class _Subset(Sequence):
    """Items of a parent collection at some positions, read (and decoded) through the parent."""

    def __init__(self, parent: StudyCollection, positions: list[int]) -> None:
        self._parent = parent
        self._positions = positions

    def __getitem__(self, i):  # type: ignore[override]
        return self._parent._item(self._positions[i])

    def __len__(self) -> int:
        return len(self._positions)


class LazyStrings(Sequence):
    """Strings of an Arrow column at given rows, converted to Python one at a time when asked for."""

    def __init__(self, column, rows: Sequence[int | str]) -> None:
        self._column = column
        self._rows = rows  # an int is a row of the column; a str is the payload itself (a re-read file)

    def __getitem__(self, i):  # type: ignore[override]
        row = self._rows[i]
        return row if isinstance(row, str) else self._column[row].as_py()

    def __len__(self) -> int:
        return len(self._rows)
