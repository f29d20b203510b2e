"""CSV files as German spreadsheets write and read them, and what makes one unsafe.

Written as UTF-8 with BOM, `;` separated, CRLF, which Excel and LibreOffice open
correctly in a German locale. Read also with `,` or TAB, without BOM, in Windows-1252
(as Excel saves "CSV") or in UTF-16 with BOM. A cell that a spreadsheet would run as a
formula is written with a leading `'` and read back without it (`neutralise`,
`restore`). A file that cannot be read as a CSV table at all (not text, a stray byte,
too large, …) is `Refused` with the one text that explains why.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence

from messages.texts import word
from plan.refusal import Refusal

MAX_BYTES = 5 * 1024 * 1024
MAX_FIELD_KIB = 128  # the csv module's default field_size_limit (131,072 characters)
# A cell starting with = + - @ TAB or CR is a formula (or DDE call) to Excel and LibreOffice.
# One more `'` is also put before `'`s that precede such a character, so that `restore`
# can tell its own `'` from one that belongs to the value.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
# what people upload instead of a CSV file, by its first bytes: the text naming it
_NOT_CSV = {
    b"\x89PNG": "csv.kind.png",
    b"\xff\xd8\xff": "csv.kind.jpeg",
    b"GIF8": "csv.kind.gif",
    b"%PDF": "csv.kind.pdf",
    b"PK\x03\x04": "csv.kind.zip",
    b"\xd0\xcf\x11\xe0": "csv.kind.xls",
    b"\x1f\x8b": "csv.kind.gzip",
}
# the bytes Windows-1252 leaves undefined, as decoding UTF-8 with "surrogateescape" shows them
_STRAY = re.compile("[\udc81\udc8d\udc8f\udc90\udc9d]")


def neutralise(cell: str) -> str:
    """`cell` as written to the CSV: with a leading `'` where a spreadsheet sees a formula."""
    return "'" + cell if _FORMULA.match(cell) else cell


def restore(cell: str) -> str:
    """The value of a CSV cell: the exact inverse of `neutralise`, `'` removed."""
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell, 1) else cell


class Refused(Refusal):
    """A file that cannot be read as a CSV table; the text `key` is the one error to show."""


def _line_at(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _decode(data: bytes, language: str) -> str:
    """The file's text; raises Refused if it is too large, not text or in no known encoding."""
    if len(data) > MAX_BYTES:
        raise Refused("csv.too_large", mib=MAX_BYTES // 2**20)
    for magic, kind in _NOT_CSV.items():
        if data.startswith(magic):
            raise Refused("csv.not_csv", kind=word(language, kind))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # With its BOM, UTF-16 is unambiguous, and it is what Excel's "Unicode-Text" and
        # LibreOffice's "Unicode" CSV write, so it is read; without one it is refused below,
        # as its byte order would have to be guessed.
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise Refused("csv.utf16_unreadable") from None
    elif _looks_like_utf16(data):
        raise Refused("csv.utf16_without_bom")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode_cp1252(data)
    if (nul := text.find("\x00")) >= 0:
        raise Refused("csv.nul_byte", line=_line_at(text, nul))
    return text


def _looks_like_utf16(data: bytes) -> bool:
    """Whether every other byte is mostly NUL, as in UTF-16 text of Latin letters."""
    sample = data[:4096]
    return any(half.count(0) > len(half) // 2 for half in (sample[::2], sample[1::2]) if half)


def _decode_cp1252(data: bytes) -> str:
    """Excel's "CSV" in Windows-1252; a byte neither encoding knows is refused, with its line."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        # Name the first byte that is invalid in both: in a UTF-8 file with one stray byte
        # the cp1252 decoder may stop earlier, inside a valid character such as "”" (E2 80 9D).
        as_utf8 = data.decode("utf-8", "surrogateescape")
        if stray := _STRAY.search(as_utf8):
            line, byte = _line_at(as_utf8, stray.start()), ord(stray[0]) - 0xDC00
        else:  # a mix of both encodings
            line, byte = data.count(b"\n", 0, exc.start) + 1, data[exc.start]
        raise Refused("csv.stray_byte", line=line, byte=f"{byte:02X}") from None


def _delimiter(text: str) -> str:
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=";,\t").delimiter
    except csv.Error:
        return ";"


def write(rows: Iterable[Sequence[object]]) -> bytes:
    """The file of `rows`, each cell as text with formulas neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(str(cell)) for cell in row])
    return out.getvalue().encode("utf-8-sig")


def records(data: bytes, language: str) -> Iterator[tuple[int, int, list[str]]]:
    """The records of a file: the line each starts and ends on, and its cells as written.

    Raises:
        Refused: the file cannot be read as a CSV table.
    """
    text = _decode(data, language)
    # Only the delimiter is sniffed: the sniffer takes `'` for the quote character as soon
    # as one neutralised cell ends with `'` ("'-Kurs 'A'"), and that would corrupt cells.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    start = 1  # the line the next record starts on
    try:
        for cells in reader:
            yield start, reader.line_num, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        # an unclosed quote makes the rest of the file one field: name where it begins
        if "field limit" in str(exc):
            raise Refused("csv.field_too_long", line=start, kib=MAX_FIELD_KIB) from None
        raise Refused("csv.unreadable_row", line=start) from None
