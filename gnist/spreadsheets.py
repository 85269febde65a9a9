"""CSV files Excel opens as they are: UTF-8 with a byte order mark, semicolons, no cell run as a formula.

Shared by the apps' exports (`municipalities.exports` today).
"""

import csv
from collections.abc import Iterable
from typing import Any, Protocol

# A cell starting with one of these is run as a formula by Excel and LibreOffice (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def csv_safe(value: object) -> str:
    """A cell Excel will not run as a formula (OWASP: prefix a quote); None is an empty cell."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def write_excel_csv(out: Writable, rows: Iterable[Iterable[object]]) -> None:
    """Write `rows` to `out` (a file or an HttpResponse) as CSV for Excel, every cell made safe."""
    out.write("\ufeff")  # Excel reads UTF-8 only with the byte order mark
    writer = csv.writer(out, delimiter=";")
    writer.writerows([csv_safe(cell) for cell in row] for row in rows)
