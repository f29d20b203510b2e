"""Digest, chart, weekly posting, CSV export/import and the council report."""

from __future__ import annotations

import struct
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.events import IncomingMessage
from plan.audit import Origin
from plan.vocabulary import DEFAULT_FIELDS, DEFAULT_GOALS
from services.catalogue_csv import export_csv
from services.council_report import council_report
from services.digest import build_digest
from services.digest_message import digest_reply
from services.weekly_digest import DigestService
from storage.db import Database
from storage.models import Measure, OutboxMessage
from tests.unit.conftest import NOW, ROOM, STAFF, Harness, make_settings, run_import

BERLIN = ZoneInfo("Europe/Berlin")


async def seed(bot: Harness) -> None:
    """A small catalogue with history: created 40 days ago, updates old and new."""
    bot.clock.now = NOW - timedelta(days=40)
    await bot.say("!fb neu FB18 Personal kontakt=@anna:example.org")
    await bot.say("!fb neu Dez-III Kultur")
    await bot.say("!massnahme neu HF2 Sprachkurse fb=FB18 frist=30.11.2026 prio=kurz ziel=2")
    await bot.say("!massnahme neu HF2 EU-Beratung fb=FB18 frist=15.11.2026")
    await bot.say("!massnahme neu HF4 Europawoche fb=Dez-III")
    await bot.say("!massnahme neu HF1 Partnerschaften")
    await bot.say("!update M3 Planung läuft status=laufend 10%", STAFF)  # 40 days ago: stale
    bot.clock.now = NOW - timedelta(days=10)
    await bot.say("!update M1 Alte Meldung status=laufend 20%", STAFF)  # outside the window
    bot.clock.now = NOW - timedelta(days=2)
    await bot.say(
        "!update M1 Zweite Kursrunde geplant, Anmeldungen laufen sehr gut an und "
        "die Nachfrage ist hoch 40%",
        STAFF,
    )
    await bot.say("!update M2 Verzögerung wegen Personalmangel status=verzögert", STAFF)
    bot.clock.now = NOW


async def test_digest_sections_counts_window_and_stale(bot: Harness) -> None:
    await seed(bot)
    async with bot.database.transaction() as store:
        digest = await build_digest(store, NOW, BERLIN, 28)
    hf2 = next(f for f in digest.fields if f.code == "HF2")
    assert hf2.by_status == {"laufend": 1, "verzoegert": 1}
    assert hf2.average_progress == 20.0  # (40 + 0) / 2
    assert [u.measure_id for u in hf2.updates] == [1, 2]  # the 10-day-old one is out
    assert [(u.measure_id, u.status_before, u.status) for u in hf2.status_changes] == [
        (2, "geplant", "verzoegert")
    ]
    assert [m.id for m in hf2.due_soon] == [1] and [m.id for m in hf2.overdue] == [2]
    hf4 = next(f for f in digest.fields if f.code == "HF4")
    assert [m.id for m in hf4.stale] == [3]
    assert digest.without_contact == ["Dez-III"]
    body = digest_reply(digest, "de").body
    assert body.startswith("📊 Woche 48: 2 neue Sachstände, 1 Frist überschritten")
    assert "HF2 – Internationalisierung und Europäisierung der Stadtverwaltung" in body
    assert (
        "Sachstand M1 (23.11., @anna:example.org): Zweite Kursrunde geplant, Anmeldungen" in body
        and "…" in body
    )
    assert "Statuswechsel M2: geplant → verzögert" in body
    assert "Frist M1 Sprachkurse: Mo, 30.11.2026 (in 5 Tagen)" in body
    assert "Überfällig M2 EU-Beratung: So, 15.11.2026 (seit 10 Tagen überfällig)" in body
    assert "Ohne Sachstand seit langem: M3 Europawoche" in body
    assert "Fachbereiche und Partner ohne Kontakt (niemand wird erinnert): Dez-III" in body
    html = digest_reply(digest, "de").html
    assert "<p><b>HF1 – " in html and "<ul><li>" in html


async def test_bericht_command_has_a_chart_and_a_field_filter(bot: Harness) -> None:
    await seed(bot)
    queued = await bot.dispatcher.handle(IncomingMessage(ROOM, "$bericht", STAFF, "!bericht"))
    assert queued is not None
    async with bot.database.transaction() as store:
        image = await store.session.scalar(
            select(OutboxMessage).where(OutboxMessage.txn_id == queued.txn_id + "-1")
        )
    assert image is not None and image.attachment is not None
    assert image.content["msgtype"] == "m.image"
    width, height = struct.unpack(">II", image.attachment[16:24])
    assert image.attachment[:8] == b"\x89PNG\r\n\x1a\n"
    assert (width, height) == (image.content["info"]["w"], image.content["info"]["h"])
    assert (width, height) == (800, 900)
    assert image.content["info"]["size"] == len(image.attachment)
    only = await bot.body("!bericht HF4")
    assert "HF4 – " in only and "HF2 – " not in only
    assert "HF9 gibt es nicht" in await bot.body("!bericht HF9")


async def test_digest_is_posted_once_per_week_across_restarts(bot: Harness) -> None:
    await seed(bot)
    monday_early = datetime(2026, 11, 30, 8, 59, tzinfo=BERLIN)
    monday = datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)
    service = DigestService(bot.database, make_settings())
    assert await service.post_if_due(monday_early, monday) is False
    assert await service.post_if_due(monday, monday) is True
    # a restart later that week: a new service, same database
    again = DigestService(bot.database, make_settings())
    assert await again.post_if_due(monday + timedelta(days=2), monday) is False
    # missed entirely on Monday, caught up on Wednesday of the next week
    next_monday = monday + timedelta(days=7)
    assert await again.post_if_due(monday + timedelta(days=9), next_monday) is True
    async with bot.database.transaction() as store:
        txns = (
            await store.session.scalars(
                select(OutboxMessage.txn_id).where(OutboxMessage.txn_id.like("digest-%"))
            )
        ).all()
    assert sorted(txns) == [
        "digest-2026-W49",
        "digest-2026-W49-1",
        "digest-2026-W50",
        "digest-2026-W50-1",
    ]


async def new_database(tmp_path: Path, name: str) -> Database:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / name}")
    await database.start(DEFAULT_FIELDS, DEFAULT_GOALS)
    return database


async def test_csv_round_trip_is_identical(bot: Harness, tmp_path: Path) -> None:
    await seed(bot)
    async with bot.database.transaction() as store:
        formula = await store.measures.add(Origin(STAFF, NOW), field_code="HF3", title="=1+1")
        link = '=HYPERLINK("http://x";"klick")'
        await store.updates.add(formula, Origin(STAFF, NOW), link, None, None)
        first, count = await export_csv(store, BERLIN)
    assert count == 5
    assert first.startswith(b"\xef\xbb\xbfID;Handlungsfeld;Titel;Fachbereich;Status;")
    text = first.decode("utf-8-sig")
    row = "M2;HF2;EU-Beratung;FB18;verzögert;0;15.11.2026;;;Verzögerung wegen Personalmangel;"
    assert row + "23.11.2026" in text
    assert 'M5;HF3;\'=1+1;;geplant;0;;;;"\'=HYPERLINK(""http://x"";""klick"")";' in text
    other = await new_database(tmp_path, "other.db")
    origin = Origin("Import test.csv", datetime.now(UTC))
    async with other.transaction() as store:
        for code in ("FB18", "Dez-III"):
            await store.departments.add(code, code, None, [], origin)
    result = await run_import(other, first, BERLIN, origin)
    assert result.errors == [] and result.created == [1, 2, 3, 4, 5]
    async with other.transaction() as store:
        second, _ = await export_csv(store, BERLIN)
        trail = await store.changes.for_measure(1)
    assert second == first
    assert {c.actor for c in trail} == {"Import test.csv"}
    await other.close()


async def test_import_updates_existing_rows_and_dry_run_saves_nothing(bot: Harness) -> None:
    await seed(bot)
    data = (
        b"ID,Handlungsfeld,Titel,Fachbereich,Status,Fortschritt,Frist\n"
        b"M1,HF2,Sprachkurse Englisch,FB18,laufend,60,31.12.2026\n"
        b",HF3,Welcome Center,,geplant,,\n"
    )  # comma, no BOM
    origin = Origin("Import neu.csv", NOW)
    dry = await run_import(bot.database, data, BERLIN, origin, dry_run=True)
    assert (dry.created, dry.updated, dry.errors) == ([5], [1], [])
    assert "Sprachkurse Englisch" not in await bot.body("!massnahme M1")
    done = await run_import(bot.database, data, BERLIN, origin)
    assert (done.created, done.updated) == ([5], [1])
    shown = await bot.body("!massnahme M1")
    assert "Sprachkurse Englisch" in shown and "60 %" in shown and "31.12.2026" in shown
    assert "Import neu.csv" in await bot.body("!verlauf M1")


@pytest.mark.parametrize(
    ("rows", "errors"),
    [
        ("M1;HF9;Titel;;;;\n", ["Zeile 2: Handlungsfeld HF9 gibt es nicht"]),
        (
            "M1;HF2;Titel;FB77;;;\n",
            ["Zeile 2: Einen Fachbereich oder Partner „FB77“ gibt es nicht"],
        ),
        ("M1;HF2;Titel;;;;31.02.2027\n", ["Zeile 2: „31.02.2027“ verstehe ich nicht"]),
        ("M1;HF2;Titel;;fertig;;\n", ["Zeile 2: „fertig“ ist kein Status"]),
        (
            "M1;HF2;Gut;;;;\nX;HF2;Schlecht;;;;\nM1;HF2;Doppelt;;;;\n",
            ["Zeile 3: „X“ ist keine Maßnahmen-ID"],
        ),
        ("M1;HF2;Gut;;;;\nM1;HF2;Doppelt;;;;\n", ["Zeile 3: M1 steht schon in Zeile 2"]),
    ],
)
async def test_bad_rows_are_reported_with_line_numbers_and_nothing_is_imported(
    tmp_path: Path, rows: str, errors: list[str]
) -> None:
    database = await new_database(tmp_path, "empty.db")
    header = "ID;Handlungsfeld;Titel;Fachbereich;Status;Fortschritt;Frist\n"
    result = await run_import(
        database, (header + rows).encode("utf-8-sig"), BERLIN, Origin("Import", NOW)
    )
    for expected, got in zip(errors, result.errors, strict=True):
        assert got.startswith(expected), got
    async with database.transaction() as store:
        assert await store.session.scalar(select(func.count()).select_from(Measure)) == 0
    await database.close()


async def test_import_reads_excel_windows_1252(tmp_path: Path) -> None:
    database = await new_database(tmp_path, "excel.db")
    data = "ID;Handlungsfeld;Titel\n;HF4;Begegnungsstätte für Zugewanderte\n".encode("cp1252")
    result = await run_import(database, data, BERLIN, Origin("Import", NOW))
    assert result.created == [1]
    await database.close()


async def test_council_report_markdown_and_html(bot: Harness) -> None:
    await seed(bot)
    async with bot.database.transaction() as store:
        md = await council_report(store, date(2026, 11, 1), date(2026, 11, 25), BERLIN, "de", "md")
        page = await council_report(
            store, date(2026, 11, 1), date(2026, 11, 25), BERLIN, "de", "html"
        )
    assert md.startswith("# Sachstandsbericht zum Handlungskonzept")
    assert "## HF2 – Internationalisierung" in md
    assert "| Nr. | Maßnahme | Fachbereich | Status | Fortschritt | Frist |" in md
    assert "| M2 | EU-Beratung | FB18 | verzögert | 0 % | So, 15.11.2026 |" in md
    assert "15.11.2026 – M1 Sprachkurse (laufend): Alte Meldung" in md
    assert "Planung läuft" not in md  # before the period
    assert page.startswith("<!DOCTYPE html>") and "<table>" in page and "</html>" in page


async def test_council_report_markdown_keeps_user_text_literal(bot: Harness) -> None:
    await bot.say("!massnahme neu HF1 *Fett* [klick](javascript:alert(1))")
    body = await bot.body('!update M1 "<img src=http://x/y.png>" ![bild](http://x/z.png) | `code`')
    assert "gespeichert" in body, body
    async with bot.database.transaction() as store:
        md = await council_report(store, date(2026, 11, 1), date(2026, 11, 25), BERLIN, "de", "md")
    assert "<img" not in md and "&lt;img" in md
    assert "![" not in md and "\\!\\[bild\\](http://x/z.png)" in md
    assert "[klick](" not in md and "\\*Fett\\*" in md
    assert "\\| \\`code\\`" in md
