"""Excel workbooks a clinician opens without surprise, and that are the same bytes wherever they are made.

Each sheet has a bold, frozen header with a filter, wrapped text, numbers kept as numbers, and clickable links
(built only from validated addresses); no cell is ever a formula, and text that could start one gets a leading
quote. The file's time stamps (document properties and zip entries) are fixed, so the page's download and the
command line give the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from evidence.links import is_safe_url
from evidence.text import safe_cell, single_line

FIXED_TIME = (2000, 1, 1, 0, 0, 0)
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
MAX_WIDTH = 60


@dataclass(frozen=True)
class Sheet:
    """One sheet: a table, and for some columns the address each cell links to (a column of URLs, same rows)."""

    name: str
    table: pd.DataFrame
    links: Mapping[str, pd.Series] = field(default_factory=dict)
    widths: Mapping[str, int] = field(default_factory=dict)


def _cell_value(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, str):
        return safe_cell(single_line(value))
    if isinstance(value, list | tuple):
        return safe_cell(", ".join(str(v) for v in value))
    return value


def workbook(sheets: list[Sheet]) -> bytes:
    """The workbook's bytes: every sheet styled, linked and formula-safe, with fixed time stamps."""
    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        ws = book.create_sheet(spec.name[:31])
        columns = list(spec.table.columns)
        ws.append([safe_cell(str(c)) for c in columns])
        for values in spec.table.itertuples(index=False):
            ws.append([_cell_value(v) for v in values])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if cell.data_type == "f":  # never a live formula, whatever openpyxl inferred
                    cell.data_type = "s"
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for column, addresses in spec.links.items():
            index = columns.index(column) + 1
            for row_number, address in enumerate(addresses, start=2):
                cell = ws.cell(row=row_number, column=index)
                if cell.value is not None and is_safe_url(address):
                    cell.hyperlink = address
                    cell.style = "Hyperlink"
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        for i, column in enumerate(columns, start=1):
            longest = max([len(str(column)), *(len(str(v)) for v in spec.table[column].head(200))])
            width = spec.widths.get(column, min(max(10, longest + 2), MAX_WIDTH))
            ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = width
        ws.freeze_panes = "A2"
        if ws.max_row > 1:
            ws.auto_filter.ref = ws.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return deterministic(buffer.getvalue())


def deterministic(xlsx: bytes) -> bytes:
    """The same workbook with fixed time stamps in its properties and zip entries."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _STAMP.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, data)
    return out.getvalue()
