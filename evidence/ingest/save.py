"""Save a record safely: a slug id, a path inside the records folder, no overwrite unless asked, atomic write.

The YAML lists fields in the schema's order (as the records do) and is checked with the same loader and
validation as `python -m evidence validate`, so the problems it reports are the ones the app would report.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from evidence import store
from evidence.errors import Problem
from evidence.ingest.text import IngestError
from evidence.schema import SLUG, Study

MAX_ID_LENGTH = 120
_LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model a field holds (directly, in a list, or as dict values), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        model = _model_of(arg)
        if model is not None:
            return model
    return None


def ordered(value: Any, model: type[BaseModel] | None = Study) -> Any:
    """A copy of a record with every mapping's keys in schema field order (unknown keys last)."""
    if isinstance(value, Mapping):
        if model is None:
            return {k: ordered(v, None) for k, v in value.items()}
        fields = model.model_fields
        out: dict[str, Any] = {}
        for name, info in fields.items():
            if name in value:
                inner = _model_of(info.annotation)
                if inner is not None and get_origin(info.annotation) is dict and isinstance(value[name], Mapping):
                    out[name] = {k: ordered(v, inner) for k, v in value[name].items()}
                else:
                    out[name] = ordered(value[name], inner)
        out.update({k: ordered(v, None) for k, v in value.items() if k not in fields})
        return out
    if isinstance(value, list | tuple):
        return [ordered(v, model) for v in value]
    return value


class _Dumper(yaml.SafeDumper):
    """Block style with indented lists; short lists of scalars inline ([a, b]); numeric-looking text quoted."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    flow = bool(data) and all(isinstance(x, str | int | float | bool) or x is None for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = '"' if re.fullmatch(r"[0-9][0-9._:-]*", data) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _represent_dict(dumper: yaml.SafeDumper, data: dict) -> yaml.Node:
    flow = bool(data) and len(data) <= 2 and all(isinstance(v, int | type(None)) for v in data.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(dict, _represent_dict)


def comment(text: str) -> str:
    """Text as YAML comment lines: no character in it can end the comment and start YAML."""
    return "".join(f"# {_LINE_BREAKS.sub(' ', line).strip()}\n" for line in str(text).splitlines() or [""])


def dump_record(record: Mapping[str, Any], header: str | None = None) -> str:
    """YAML text of a record in schema field order, optionally after a comment header."""
    body = yaml.dump(ordered(record), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000)
    return (comment(header) if header else "") + body


def record_problems(record: Mapping[str, Any], file_name: str | None = None) -> list[Problem]:
    """What keeps a record from validating, exactly as the loader reports it (file_name also checks the id)."""
    name = file_name or f"{record.get('id') or 'draft'}.yaml"
    stem = Path(name).stem if file_name else None
    data = dump_record(record).encode("utf-8")
    parse_bytes = getattr(store, "parse_bytes", None)
    if parse_bytes is not None:
        return list(parse_bytes(name, data, stem)[1])
    try:  # older store without parse_bytes: validate directly, with the store's problem wording
        study = Study.model_validate(yaml.safe_load(data))
    except ValidationError as exc:
        return [store._problem(name, err) for err in exc.errors()]
    if stem is not None and study.id != stem:
        return [Problem(name, "id", f"id {study.id!r} does not match the file name {stem!r}")]
    return []


def target_path(folder: Path | str, study_id: object) -> Path:
    """folder/<id>.yaml, refusing an id that is not a slug or a path that would leave the folder."""
    if not isinstance(study_id, str) or not re.fullmatch(SLUG, study_id) or len(study_id) > MAX_ID_LENGTH:
        raise IngestError(
            f"the id {study_id!r} is not a slug (lower-case letters, digits, '-' and '_', at most {MAX_ID_LENGTH})",
            "bad_id",
        )
    root = Path(folder)
    if not root.is_dir():
        raise IngestError(f"the records folder {str(root)!r} does not exist", "io")
    root = root.resolve()
    target = root / f"{study_id}.yaml"
    if target.resolve().parent != root:  # e.g. an existing symlink pointing elsewhere
        raise IngestError(f"{target.name} would be written outside {root}", "unsafe_path")
    return target


def save_record(
    record: Mapping[str, Any],
    folder: Path | str,
    *,
    overwrite: bool = False,
    require_valid: bool = True,
    header: str | None = None,
) -> Path:
    """Write record to folder/<id>.yaml atomically and return the path.

    An existing file is kept unless overwrite=True; with require_valid (the default) a record with problems is
    not written and IngestError lists them. require_valid=False writes a draft for a curator to complete.
    """
    target = target_path(folder, record.get("id"))
    if require_valid:
        problems = record_problems(record, target.name)
        if problems:
            listed = "; ".join(f"{p.field}: {p.message}" for p in problems[:10])
            raise IngestError(f"{target.name} does not validate ({len(problems)} problem(s)): {listed}", "invalid")
    if target.exists() and not overwrite:
        raise IngestError(f"{target.name} already exists; choose another id or pass overwrite=True", "exists")
    content = dump_record(record, header)
    fd, temp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        if overwrite:
            os.replace(temp, target)
        else:
            _link_new(temp, target)
        _sync_folder(target.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
    return target


def _link_new(temp: str, target: Path) -> None:
    """Publish temp as target only if target does not exist, even if another writer races us (hard link)."""
    try:
        os.link(temp, target)
    except FileExistsError as exc:
        raise IngestError(f"{target.name} already exists; choose another id or pass overwrite=True", "exists") from exc
    except OSError:  # a file system without hard links: check, then replace
        if target.exists():
            raise IngestError(f"{target.name} already exists", "exists") from None
        os.replace(temp, target)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
