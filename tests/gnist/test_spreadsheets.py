import io

import pytest

from gnist.spreadsheets import csv_safe, write_excel_csv


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+47 900 00 000", "'+47 900 00 000"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Hvordan kan vi?", "Hvordan kan vi?"),
        ("a=b", "a=b"),
        (None, ""),
        (3, "3"),
    ],
)
def test_csv_safe_quotes_only_cells_that_start_a_formula(value, cell):
    assert csv_safe(value) == cell


def test_write_excel_csv_writes_bom_semicolons_and_safe_cells():
    out = io.StringIO()

    write_excel_csv(out, [["Navn", "Tall"], ["Åseral; Valle", "=1+1"]])

    assert out.getvalue() == '\ufeffNavn;Tall\r\n"Åseral; Valle";\'=1+1\r\n'
