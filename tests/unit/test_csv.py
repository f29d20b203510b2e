"""CSV export and import: formula cells, hostile files, the command-line import."""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.config import load_config
from bot.operator_tools import import_file
from plan.audit import Origin
from plan.vocabulary import DEFAULT_FIELDS, DEFAULT_GOALS
from services.catalogue_csv import MAX_ROWS, export_csv
from services.spreadsheet_csv import MAX_BYTES, neutralise, restore
from storage.db import Database
from storage.models import Measure
from tests.unit.conftest import NOW, run_import
from tests.unit.test_config import MINIMAL

BERLIN = ZoneInfo("Europe/Berlin")
ORIGIN = Origin("Import test.csv", NOW)
HEADER = "ID;Handlungsfeld;Titel\n"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x";"klick")', '\'=HYPERLINK("http://x";"klick")'),
        ("+49 511 168-0", "'+49 511 168-0"),
        ("-5 %", "'-5 %"),
        ("@SUMME(A1:A9)", "'@SUMME(A1:A9)"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("'=schon maskiert", "''=schon maskiert"),
        ("''+zwei", "'''+zwei"),
        ("'Apostroph", "'Apostroph"),
        ("''", "''"),
        ("'", "'"),
        ("", ""),
        ("Sprachkurse", "Sprachkurse"),
        ("a=b", "a=b"),
        (" =mit Leerzeichen", " =mit Leerzeichen"),
    ],
)
def test_neutralise_and_restore_cases(value: str, cell: str) -> None:
    assert neutralise(value) == cell
    assert restore(cell) == value


PREFIXED = st.tuples(st.text("'=+-@\t\r", max_size=4), st.text(max_size=20)).map("".join)


@settings(max_examples=500)
@given(value=st.one_of(st.text(), PREFIXED))
def test_restore_undoes_neutralise_and_no_cell_is_a_formula(value: str) -> None:
    cell = neutralise(value)
    assert restore(cell) == value
    assert not cell.startswith(FORMULA_START)


async def count(database: Database) -> int:
    async with database.transaction() as store:
        return await store.session.scalar(select(func.count()).select_from(Measure)) or 0


async def export(database: Database) -> bytes:
    async with database.transaction() as store:
        data, _ = await export_csv(store, BERLIN)
    return data


async def add_measure(database: Database, title: str, update: str) -> None:
    async with database.transaction() as store:
        measure = await store.measures.add(ORIGIN, field_code="HF2", title=title)
        await store.updates.add(measure, ORIGIN, update, None, None)


async def test_formula_cells_are_exported_with_a_quote_and_imported_unchanged(
    database: Database, tmp_path: Path
) -> None:
    values = [
        ('=HYPERLINK("http://x";"klick")', "=1+1"),
        ("+49 Hotline", "+ neue Räume"),
        ("-Kurs 'A'", "-5 % Budget"),
        ("@Team Europa", "@koordination bitte prüfen"),
        ("'=schon maskiert", "'Apostroph bleibt"),
    ]
    for title, update in values:
        await add_measure(database, title, update)
    first = await export(database)
    text = first.decode("utf-8-sig")
    assert 'M1;HF2;"\'=HYPERLINK(""http://x"";""klick"")";' in text
    assert ";'=1+1;" in text and ";'+49 Hotline;" in text and ";'+ neue Räume;" in text
    assert ";'-Kurs 'A';" in text and ";'-5 % Budget;" in text
    assert ";'@Team Europa;" in text and ";'@koordination bitte prüfen;" in text
    assert ";''=schon maskiert;" in text and ";'Apostroph bleibt;" in text

    other = Database(f"sqlite+aiosqlite:///{tmp_path / 'other.db'}")
    await other.start(DEFAULT_FIELDS, DEFAULT_GOALS)
    try:
        result = await run_import(other, first, BERLIN, ORIGIN)
        assert result.errors == [] and result.created == [1, 2, 3, 4, 5]
        async with other.transaction() as store:
            titles = [m.title for m in await store.reports.measures()]
            updates = [row.update_text for row in await store.reports.catalogue()]
        assert titles == [title for title, _ in values]
        assert sorted(updates) == sorted(update for _, update in values)
        assert await export(other) == first
    finally:
        await other.close()


async def test_a_leading_tab_is_exported_with_a_quote(database: Database) -> None:
    # Chat and import clean titles (no tabs), so such a value only comes from elsewhere;
    # it must still not reach a spreadsheet as a formula.
    await add_measure(database, "\t=1+1", "\r=2+2")
    text = (await export(database)).decode("utf-8-sig")
    assert ";'\t=1+1;" in text and ';"\'\r=2+2";' in text


def xlsx() -> bytes:
    """The first bytes of an Excel workbook: a ZIP archive."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return out.getvalue()


SAVE_AS_CSV = "keine CSV-Datei, bitte als CSV (Trennzeichen Semikolon) speichern"
HOSTILE = {
    "stray byte in UTF-8": (
        HEADER.encode() + ";HF2;„Gut“ gesagt\n".encode() + b";HF2;Sch\x81n\n",
        "Zeile 3: das Byte 0x81 ist weder UTF-8 noch Windows-1252",
    ),
    "stray byte in Windows-1252": (
        HEADER.encode() + ";HF2;Begegnungsstätte\n".encode("cp1252") + b";HF2;x\x9d\n",
        "Zeile 3: das Byte 0x9D ist weder UTF-8 noch Windows-1252",
    ),
    "field over 128 KiB": (
        (HEADER + ";HF2;Gut\n;HF2;" + "x" * (128 * 1024 + 1) + "\n").encode(),
        "Zeile 3: ein Feld ist länger als 128 KiB",
    ),
    "unclosed quote": (
        (HEADER + ';HF2;"offen\n' + ";HF2;Titel\n" * 15_000).encode(),
        "Zeile 2: ein Feld ist länger als 128 KiB (ein Anführungszeichen nicht geschlossen?)",
    ),
    "UTF-16 LE without BOM": (
        (HEADER + ";HF2;Titel\n").encode("utf-16-le"),
        "Die Datei ist UTF-16 ohne BOM; bitte als „CSV UTF-8“ speichern",
    ),
    "UTF-16 BE without BOM": (
        (HEADER + ";HF2;Titel\n").encode("utf-16-be"),
        "Die Datei ist UTF-16 ohne BOM",
    ),
    "UTF-16 with BOM, truncated": (
        (HEADER + ";HF2;Titel\n").encode("utf-16")[:-1],
        "Die Datei ist kein lesbares UTF-16",
    ),
    "NUL byte": (
        HEADER.encode() + b";HF2;Ti\x00tel\n",
        "Zeile 2: enthält ein Nullbyte",
    ),
    "PNG": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", f"Das ist ein PNG-Bild, {SAVE_AS_CSV}"),
    "XLSX": (xlsx(), SAVE_AS_CSV),
    "over 5 MiB": (
        HEADER.encode() + b";HF2;Titel\n" * (MAX_BYTES // 11 + 1),
        "Die Datei ist größer als 5 MiB",
    ),
    "over 20,000 rows": (
        (HEADER + ";HF2;Titel\n" * (MAX_ROWS + 1)).encode(),
        f"Zeile {MAX_ROWS + 2}: mehr als 20.000 Zeilen in einer Datei",
    ),
}


@pytest.mark.parametrize(("data", "error"), list(HOSTILE.values()), ids=list(HOSTILE))
async def test_a_hostile_file_gets_one_clear_error_and_nothing_is_imported(
    database: Database, data: bytes, error: str
) -> None:
    await run_import(database, (HEADER + ";HF1;Schon da\n").encode(), BERLIN, ORIGIN)
    before = await count(database)
    result = await run_import(database, data, BERLIN, ORIGIN)
    assert len(result.errors) == 1 and error in result.errors[0], result.errors
    assert (result.created, result.updated) == ([], [])
    assert await count(database) == before == 1


@pytest.mark.parametrize(
    "data",
    [
        "ID\tHandlungsfeld\tTitel\r\n\tHF4\tBegegnungsstätte\r\n".encode("utf-16"),  # Excel
        codecs.BOM_UTF16_BE + (HEADER + ";HF4;Begegnungsstätte\n").encode("utf-16-be"),
    ],
    ids=["Unicode-Text LE", "CSV BE"],
)
async def test_utf16_with_a_bom_is_read(database: Database, data: bytes) -> None:
    result = await run_import(database, data, BERLIN, ORIGIN)
    assert (result.errors, result.created) == ([], [1])
    async with database.transaction() as store:
        measure = await store.measures.get(1)
    assert measure is not None and measure.title == "Begegnungsstätte"


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.binary(max_size=300).map(lambda tail: HEADER.encode() + tail),
        st.text(max_size=300).map(lambda tail: (HEADER + tail).encode()),
    )
)
async def test_no_file_makes_the_import_raise(database: Database, data: bytes) -> None:
    result = await run_import(database, data, BERLIN, ORIGIN, dry_run=True)
    assert not (result.errors and (result.created or result.updated or result.unchanged))


async def test_the_import_command_prints_the_error_and_exits_1(
    database: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config_path = tmp_path / "config.toml"
    config_path.write_text(
        MINIMAL + f'[storage]\nurl = "sqlite+aiosqlite:///{tmp_path / "bot.db"}"\n'
    )
    png = tmp_path / "massnahmen.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    code = await import_file(load_config(config_path, environ={}), png, dry_run=False)
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"{png}: nichts importiert, 1 Fehler:",
        f"  Das ist ein PNG-Bild, {SAVE_AS_CSV}",
    ]
    assert await count(database) == 0


async def test_a_measure_imported_as_done_stands_at_100_percent(database: Database) -> None:
    header = "ID;Handlungsfeld;Titel;Status;Fortschritt\n"
    first = header + ";HF1;Neu und fertig;abgeschlossen;\n;HF2;Läuft;laufend;40\n"
    assert (await run_import(database, first.encode(), BERLIN, ORIGIN)).errors == []
    closing = header + "M2;HF2;Läuft;abgeschlossen;\n"
    assert (await run_import(database, closing.encode(), BERLIN, ORIGIN)).updated == [2]
    async with database.transaction() as store:
        done, closed = await store.measures.get(1), await store.measures.get(2)
    assert done is not None and (done.status, done.progress) == ("abgeschlossen", 100)
    assert closed is not None and (closed.status, closed.progress) == ("abgeschlossen", 100)


async def test_progress_imported_without_a_status_starts_a_planned_measure(
    database: Database,
) -> None:
    header = "ID;Handlungsfeld;Titel;Status;Fortschritt\n"
    first = header + ";HF1;Mit Fortschritt;;30\n;HF1;Bleibt geplant;geplant;30\n;HF2;Ohne;;\n"
    assert (await run_import(database, first.encode(), BERLIN, ORIGIN)).errors == []
    later = header + "M2;HF1;Bleibt geplant;geplant;30\nM3;HF2;Ohne;;10\n"
    assert (await run_import(database, later.encode(), BERLIN, ORIGIN)).updated == [3]
    async with database.transaction() as store:
        measures = [await store.measures.get(n) for n in (1, 2, 3)]
    assert [(m.status, m.progress) for m in measures if m is not None] == [
        ("laufend", 30),
        ("geplant", 30),
        ("laufend", 10),
    ]
