"""The measure catalogue as CSV for German spreadsheets: export, import, `!export`.

Written as UTF-8 with BOM, `;` separated, German headers, dates TT.MM.JJJJ, which Excel
and LibreOffice open correctly in a German locale. Import reads the same, also with `,`
or TAB, without BOM, in Windows-1252 (as Excel saves "CSV") or in UTF-16 with BOM; it
checks every row first and imports all or nothing; each bad row is reported with its line
number.

A cell that a spreadsheet would run as a formula is written with a leading `'` and read
back without it (`neutralise`, `restore`). A file that cannot be read as a CSV table at all
(not text, a stray byte, too large, …) gets one error and nothing else is checked.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from messages.catalogue import render, word
from plan import spelling
from plan.spelling import Invalid
from storage.models import Measure, Update
from storage.repositories import Store
from storage.repositories.audit import Origin

COLUMNS = (
    "ID", "Handlungsfeld", "Titel", "Fachbereich", "Status", "Fortschritt", "Frist",
    "Vordringlichkeit", "Ziel", "letzter Sachstand", "Datum des letzten Sachstands",
)  # fmt: skip
REQUIRED = ("ID", "Handlungsfeld", "Titel")
# the years a catalogue's dates may lie in
FIRST_YEAR, LAST_YEAR = 1990, 2100
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
# an imported update's time of day: its date is all the spreadsheet knows
IMPORTED_AT = time(12, 0)
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_FIELD_KIB = 128  # the csv module's default field_size_limit (131,072 characters)
# A cell starting with = + - @ TAB or CR is a formula (or DDE call) to Excel and LibreOffice.
# One more `'` is also put before `'`s that precede such a character, so that `restore`
# can tell its own `'` from one that belongs to the value.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
# what people upload instead of a CSV file, by its first bytes
_NOT_CSV = {
    b"\x89PNG": "ein PNG-Bild",
    b"\xff\xd8\xff": "ein JPEG-Bild",
    b"GIF8": "ein GIF-Bild",
    b"%PDF": "ein PDF",
    b"PK\x03\x04": "eine ZIP-Datei (z. B. eine Excel-Arbeitsmappe .xlsx)",
    b"\xd0\xcf\x11\xe0": "eine alte Excel-Arbeitsmappe (.xls)",
    b"\x1f\x8b": "eine gzip-Datei",
}
_SAVE_AS_CSV = "bitte als CSV (Trennzeichen Semikolon) speichern"
_SAVE_AS_UTF8 = "bitte als „CSV UTF-8“ speichern"
# the bytes Windows-1252 leaves undefined, as decoding UTF-8 with "surrogateescape" shows them
_STRAY = re.compile("[\udc81\udc8d\udc8f\udc90\udc9d]")


def neutralise(cell: str) -> str:
    """`cell` as written to the CSV: with a leading `'` where a spreadsheet sees a formula."""
    return "'" + cell if _FORMULA.match(cell) else cell


def restore(cell: str) -> str:
    """The value of a CSV cell: the exact inverse of `neutralise`, `'` removed."""
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell, 1) else cell


def _german_date(day: date | None) -> str:
    return f"{day:%d.%m.%Y}" if day else ""


async def export_csv(store: Store, tz: ZoneInfo) -> tuple[bytes, int]:
    """Every measure as one CSV row: the file's bytes and the number of measures."""
    last = await store.reports.last_updates()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    measures = await store.reports.measures()
    for m in measures:
        update = last.get(m.id)
        cells = (
            f"M{m.id}",
            m.field_code,
            m.title,
            m.department.code if m.department else "",
            word("de", f"status.{m.status}"),
            m.progress,
            _german_date(m.deadline),
            m.priority or "",
            m.goal_number or "",
            update.text if update else "",
            _german_date(update.at.astimezone(tz).date()) if update else "",
        )
        writer.writerow([neutralise(str(cell)) for cell in cells])
    return out.getvalue().encode("utf-8-sig"), len(measures)


@dataclass
class ImportResult:
    """What an import did (or, on a dry run, would do)."""

    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Row:
    line: int
    measure_id: int | None
    field_code: str
    title: str
    department: str | None
    status: str | None
    progress: int | None
    deadline: date | None
    priority: str | None
    goal: int | None
    update_text: str | None
    update_date: date | None


class _Refused(Exception):
    """A file that cannot be read as a CSV table; its message is the one error to show."""


def _line_at(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _decode(data: bytes) -> str:
    """The file's text; raises _Refused if it is too large, not text or in no known encoding."""
    if len(data) > MAX_BYTES:
        raise _Refused(
            f"Die Datei ist größer als {MAX_BYTES // 2**20} MiB; "
            "bitte in kleinere Dateien aufteilen"
        )
    for magic, kind in _NOT_CSV.items():
        if data.startswith(magic):
            raise _Refused(f"Das ist {kind}, keine CSV-Datei, {_SAVE_AS_CSV}")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # With its BOM, UTF-16 is unambiguous, and it is what Excel's "Unicode-Text" and
        # LibreOffice's "Unicode" CSV write, so it is read; without one it is refused below,
        # as its byte order would have to be guessed.
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise _Refused(f"Die Datei ist kein lesbares UTF-16; {_SAVE_AS_UTF8}") from None
    elif _looks_like_utf16(data):
        raise _Refused(f"Die Datei ist UTF-16 ohne BOM; {_SAVE_AS_UTF8}")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode_cp1252(data)
    if (nul := text.find("\x00")) >= 0:
        raise _Refused(
            f"Zeile {_line_at(text, nul)}: enthält ein Nullbyte, das ist keine Textdatei; "
            + _SAVE_AS_CSV
        )
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
        raise _Refused(
            f"Zeile {line}: das Byte 0x{byte:02X} ist weder UTF-8 noch Windows-1252; "
            + _SAVE_AS_UTF8
        ) from None


def _strict_date(value: str) -> date:
    """An explicit date (TT.MM.JJJJ or JJJJ-MM-TT); past dates are fine in a catalogue."""
    text = value.strip()
    try:
        if match := _GERMAN_DATE.match(text):
            day = date(int(match[3]), int(match[2]), int(match[1]))
        else:
            day = date.fromisoformat(text)
    except ValueError:
        raise Invalid("error.bad_date", value=value) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:  # 03.01.0001 is a typo, not a plan
        raise Invalid("error.bad_date", value=value)
    return day


def _row(line: int, record: dict[str, str]) -> _Row:
    """One CSV record as a checked row; raises Invalid at the first bad cell."""

    def get(name: str) -> str:
        return restore((record.get(name) or "").strip())

    return _Row(
        line=line,
        measure_id=spelling.measure_id(get("ID")) if get("ID") else None,
        field_code=spelling.field_code(get("Handlungsfeld")),
        title=spelling.title(get("Titel")),
        department=spelling.department_code(get("Fachbereich")) if get("Fachbereich") else None,
        status=spelling.status(get("Status")).value if get("Status") else None,
        progress=spelling.percent(get("Fortschritt")) if get("Fortschritt") else None,
        deadline=_strict_date(get("Frist")) if get("Frist") else None,
        priority=spelling.priority(get("Vordringlichkeit")).value
        if get("Vordringlichkeit")
        else None,
        goal=spelling.goal_number(get("Ziel")) if get("Ziel") else None,
        update_text=spelling.title(get("letzter Sachstand"), 1000)
        if get("letzter Sachstand")
        else None,
        update_date=_strict_date(get("Datum des letzten Sachstands"))
        if get("Datum des letzten Sachstands")
        else None,
    )


def _delimiter(text: str) -> str:
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=";,\t").delimiter
    except csv.Error:
        return ";"


def _parse_rows(text: str) -> tuple[list[_Row], list[str]]:
    """Rows and, for each bad one, an error naming its line (nothing is checked in the DB).

    Raises _Refused if the text cannot be read as a CSV table at all.
    """
    # Only the delimiter is sniffed: the sniffer takes `'` for the quote character as soon
    # as one neutralised cell ends with `'` ("'-Kurs 'A'"), and that would corrupt cells.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header: list[str] | None = None
    rows: list[_Row] = []
    errors: list[str] = []
    start = 1  # the line the next record starts on
    try:
        for cells in reader:
            if header is None:
                header = cells
                missing = [c for c in REQUIRED if c not in header]
                if missing:
                    return [], [
                        f"Zeile 1: es fehlen die Spalten {', '.join(missing)} "
                        f"(erwartet: {';'.join(COLUMNS)})"
                    ]
            elif cells:
                if len(rows) + len(errors) == MAX_ROWS:
                    limit = f"{MAX_ROWS:,}".replace(",", ".")
                    raise _Refused(
                        f"Zeile {start}: mehr als {limit} Zeilen in einer Datei; "
                        "bitte in kleinere Dateien aufteilen"
                    )
                try:
                    rows.append(_row(reader.line_num, dict(zip(header, cells, strict=False))))
                except Invalid as exc:
                    errors.append(
                        f"Zeile {reader.line_num}: {render('de', exc.key, **exc.values).plain}"
                    )
            start = reader.line_num + 1
    except csv.Error as exc:
        # an unclosed quote makes the rest of the file one field: name where it begins
        problem = (
            f"ein Feld ist länger als {MAX_FIELD_KIB} KiB "
            "(ein Anführungszeichen nicht geschlossen?)"
            if "field limit" in str(exc)
            else "keine lesbare CSV-Zeile"
        )
        raise _Refused(f"Zeile {start}: {problem}") from None
    if header is None:
        return [], [f"Zeile 1: die Datei ist leer (erwartet: {';'.join(COLUMNS)})"]
    return rows, errors


def _read(data: bytes) -> tuple[list[_Row], list[str]]:
    """The checked rows of a CSV file and its errors; one error for an unreadable file."""
    try:
        return _parse_rows(_decode(data))
    except _Refused as exc:
        return [], [str(exc)]


async def import_csv(store: Store, data: bytes, tz: ZoneInfo, origin: Origin) -> ImportResult:
    """Import a CSV catalogue into the transaction of `store`: all rows or none.

    Nothing is written when the file has errors; the result says what changed (a dry
    run is a transaction that is rolled back, see `Database.transaction`).
    """
    rows, errors = _read(data)
    result = ImportResult(errors=errors)
    if errors:
        return result
    await _check_references(store, rows, result)
    if result.errors:
        return result
    for row in rows:
        await _apply(store, row, tz, origin, result)
    return result


async def _check_references(store: Store, rows: list[_Row], result: ImportResult) -> None:
    fields = {f.code for f in await store.fields.all()}
    goals = {g.number for g in await store.fields.goals()}
    departments = {d.code_key for d in await store.departments.all()}
    seen: dict[int, int] = {}
    for row in rows:
        if row.field_code not in fields:
            result.errors.append(
                f"Zeile {row.line}: Handlungsfeld {row.field_code} gibt es "
                f"nicht (vorhanden: {', '.join(sorted(fields))})"
            )
        if row.department and row.department.casefold() not in departments:
            result.errors.append(
                f"Zeile {row.line}: Fachbereich „{row.department}“ gibt es "
                "nicht (zuerst mit !fb neu anlegen)"
            )
        if row.goal is not None and row.goal not in goals:
            result.errors.append(f"Zeile {row.line}: Oberziel {row.goal} gibt es nicht")
        if row.measure_id is not None:
            if row.measure_id in seen:
                result.errors.append(
                    f"Zeile {row.line}: M{row.measure_id} steht schon in "
                    f"Zeile {seen[row.measure_id]}"
                )
            seen[row.measure_id] = row.line


async def _apply(
    store: Store, row: _Row, tz: ZoneInfo, origin: Origin, result: ImportResult
) -> None:
    department = await store.departments.get(row.department) if row.department else None
    measure = await store.measures.get(row.measure_id) if row.measure_id else None
    if measure is None:
        measure = await store.measures.add(
            origin,
            field_code=row.field_code,
            title=row.title,
            department=department,
            goal_number=row.goal,
            priority=row.priority,
            deadline=row.deadline,
            status=row.status or "geplant",
            progress=row.progress or 0,
            measure_id=row.measure_id,
        )
        result.created.append(measure.id)
        changed = True
    else:
        changed = bool(
            await store.measures.update(
                measure,
                origin,
                {
                    "field_code": row.field_code,
                    "title": row.title,
                    "department": department,
                    "priority": row.priority,
                    "goal_number": row.goal,
                },
            )
        )
        if row.deadline != measure.deadline:
            await store.measures.set_deadline(measure, origin, row.deadline)
            changed = True
    changed |= await _import_update(store, measure, row, tz, origin)
    if changed and measure.id not in result.created:
        result.updated.append(measure.id)
    elif not changed:
        result.unchanged.append(measure.id)


async def _import_update(
    store: Store, measure: Measure, row: _Row, tz: ZoneInfo, origin: Origin
) -> bool:
    """Record the row's last update, status and progress as an update if they are new."""
    last: Update | None = next(iter(await store.updates.latest(measure.id, 1)), None)
    new_text = row.update_text is not None and (last is None or last.text != row.update_text)
    status = row.status if row.status and row.status != measure.status else None
    progress = (
        row.progress if row.progress is not None and row.progress != measure.progress else None
    )
    if not (new_text or status or progress is not None):
        return False
    at = origin.at
    if new_text and row.update_date is not None:
        at = datetime.combine(row.update_date, IMPORTED_AT, tzinfo=tz)
    text = row.update_text if new_text and row.update_text else word("de", "import.update")
    await store.updates.add(
        measure,
        Origin(origin.actor, at, None, None),
        text,
        row.status or measure.status,
        row.progress if row.progress is not None else measure.progress,
    )
    return True
