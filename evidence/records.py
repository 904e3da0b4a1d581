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
        self._payloads = list(payloads)
        self._index = {sid: i for i, sid in enumerate(self._ids)}

    @classmethod
    def of(cls, studies: Iterable[Study]) -> StudyCollection:
        items = sorted(studies, key=lambda s: s.id)
        return cls([s.id for s in items], items)

    @property
    def ids(self) -> list[str]:
        return list(self._ids)

    def _decode(self, i: int) -> Study:
        item = self._payloads[i]
        if isinstance(item, Study):
            return item
        # Already validated when the snapshot was written: rebuild without re-running the validators' work twice.
        study = Study.model_validate_json(item, strict=False)
        self._payloads[i] = study
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
        return StudyCollection(wanted, [self._payloads[self._index[i]] for i in wanted])

    def payload(self, study_id: str) -> str:
        """The record's validated JSON (for the snapshot)."""
        item = self._payloads[self._index[study_id]]
        return item.model_dump_json() if isinstance(item, Study) else item
