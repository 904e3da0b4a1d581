"""Save a record safely: a slug id, a path inside the records folder, no overwrite unless asked, atomic write.

The YAML lists fields in the schema's order (as the records do) and is checked with the same loader and
validation as `python -m evidence validate`, so the problems it reports are the ones the app would report.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, get_args, get_origin

import yaml
from pydantic import BaseModel

from evidence import store
from evidence.errors import Problem
from evidence.fsutil import describe_os_error, is_real_directory, write_atomic
from evidence.ingest.text import IngestError
from evidence.schema import SLUG, Study

log = logging.getLogger(__name__)
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
    try:
        data = dump_record(record).encode("utf-8")
    except (yaml.YAMLError, RecursionError, TypeError, ValueError) as exc:
        return [Problem(name, store.ROOT, f"cannot be written as YAML: {type(exc).__name__}")]
    return list(store.parse_bytes(name, data, stem)[1])


def target_path(folder: Path | str, study_id: object) -> Path:
    """folder/<id>.yaml, refusing an id that is not a slug, a folder that is a link, or a path leaving the folder."""
    if not isinstance(study_id, str) or not re.fullmatch(SLUG, study_id) or len(study_id) > MAX_ID_LENGTH:
        raise IngestError(
            f"the id {study_id!r} is not a slug (lower-case letters, digits, '-' and '_', at most {MAX_ID_LENGTH})",
            "bad_id",
        )
    root = Path(folder)
    if not root.is_dir():
        raise IngestError(f"the records folder {str(root)!r} does not exist", "io")
    if not is_real_directory(root):
        raise IngestError(f"{str(root)!r} is a link, not a real folder; nothing is written through it", "unsafe_path")
    target = root / f"{study_id}.yaml"
    if os.path.islink(target):
        raise IngestError(f"{target.name} is a link; nothing is written through it", "unsafe_path")
    return target


def save_record(
    record: Mapping[str, Any],
    folder: Path | str,
    *,
    overwrite: bool = False,
    require_valid: bool = True,
    header: str | None = None,
) -> Path:
    """Write record to folder/<id>.yaml atomically and return the path; nothing is half-written.

    An existing file is kept unless overwrite=True; with require_valid (the default) a record with problems is
    not written and IngestError lists them. require_valid=False writes a draft for a curator to complete. A full
    disk or a read-only folder is an IngestError saying so.
    """
    target = target_path(folder, record.get("id"))
    if require_valid:
        problems = record_problems(record, target.name)
        if problems:
            listed = "; ".join(f"{p.field}: {p.message}" for p in problems[:10])
            raise IngestError(f"{target.name} does not validate ({len(problems)} problem(s)): {listed}", "invalid")
    exists = f"{target.name} already exists in the records folder; give this study another id"
    if target.exists() and not overwrite:
        raise IngestError(exists, "exists")
    try:
        write_atomic(target, dump_record(record, header).encode("utf-8"), replace=overwrite)
    except FileExistsError:
        raise IngestError(exists, "exists") from None
    except OSError as exc:
        log.warning("Could not save %s: %s", target, describe_os_error(exc))
        raise IngestError(f"{target.name} was not saved: {describe_os_error(exc)}", "io") from exc
    log.info("Saved %s", target)
    return target
