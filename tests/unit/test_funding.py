"""The plan's money and partners: funding of a measure, `!mittel`, partners, the others
involved; in replies, the audit trail, reminders, the CSV file and the council report."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from plan import funding as money
from plan.audit import Origin
from plan.spelling import Invalid
from services.catalogue_csv import export_csv
from services.council_report import council_report
from services.reminders import ReminderService
from tests.unit.conftest import NOW, STAFF, Harness, make_settings, run_import
from tests.unit.test_daily_reminders import at, messages

BERLIN = ZoneInfo("Europe/Berlin")
ORIGIN = Origin("Import test.csv", NOW)
HMTG = '!fb neu HMTG "Hannover Marketing und Tourismus GmbH" art=partner kontakt=@hm:example.org'


@pytest.mark.parametrize(
    ("written", "cents"),
    [
        ("25000", 2_500_000),
        ("25.000", 2_500_000),
        ("25.000 €", 2_500_000),
        ("€ 25.000", 2_500_000),
        ("25.000,50 €", 2_500_050),
        ("25.000,5", 2_500_050),
        ("25 000 EUR", 2_500_000),
        ("1.250.000 Euro", 125_000_000),
        ("1,5 Mio. €", 150_000_000),
        ("12 Tsd.", 1_200_000),
        ("0,99", 99),
        ("-", 0),
    ],
)
def test_amounts_are_read_the_german_way(written: str, cents: int) -> None:
    assert money.amount(written) == cents


@pytest.mark.parametrize(
    "written",
    [
        "25,000",  # English thousands, or German 25 with three decimals: asked back
        "2.5",  # English decimals
        "25.00",  # neither German thousands nor German cents
        "1,234.50",
        "25.000,505",
        "zwanzig",
        "25 %",
        "",
        "100 Mrd.",
        "20.000.000.000",  # over 10 billion euros: a typo's worth of zeros
    ],
)
def test_amounts_that_could_mean_something_else_are_refused(written: str) -> None:
    with pytest.raises(Invalid):
        money.amount(written)


async def test_a_measure_carries_its_funding_and_the_others_involved(bot: Harness) -> None:
    await bot.say("!fb neu FB18 Personal kontakt=@anna:example.org")
    await bot.say(HMTG)
    await bot.say("!fb neu OE-IA Internationale Angelegenheiten")
    created = await bot.body(
        '!massnahme neu HF3 "Welcome Center" fb=FB18 beteiligt=HMTG,OE-IA,FB18 '
        'mittel=zusätzlich betrag="250.000 €" drucksache=1234/2026 beschluss=offen'
    )
    assert "Beteiligt: HMTG, OE-IA" in created  # the lead is not also among the others
    assert "Mittelbedarf: zusätzlich · 250.000 € · Drucksache 1234/2026 · Beschluss: offen" in (
        created
    )
    assert "FB18 (mit HMTG, OE-IA)" in await bot.body("!massnahmen")

    edited = await bot.body("!massnahme ändern M1 beschluss=beschlossen betrag=260000,50")
    assert "Beschluss: offen → beschlossen" in edited
    assert "Betrag: 250.000 € → 260.000,50 €" in edited
    lead = await bot.body("!massnahme ändern M1 fb=HMTG")
    assert "Beteiligt: HMTG, OE-IA → OE-IA" in lead  # the new lead leaves the others
    cleared = await bot.body("!massnahme ändern M1 beteiligt=- drucksache=-")
    assert "Drucksache: 1234/2026 → –" in cleared and "Beteiligt: OE-IA → –" in cleared
    history = await bot.body("!verlauf M1")
    assert "Beschluss: offen → beschlossen" in history
    assert "Betrag: 250.000 € → 260.000,50 €" in history


async def test_bad_money_and_unknown_parties_change_nothing(bot: Harness) -> None:
    await bot.say("!fb neu FB18 Personal")
    await bot.say("!massnahme neu HF3 Welcome fb=FB18")
    for command, expected in (
        ("!massnahme ändern M1 betrag=2.5", "kein eindeutiger Betrag"),
        ("!massnahme ändern M1 mittel=vielleicht", "kein Mittelbedarf"),
        ("!massnahme ändern M1 beschluss=vertagt", "kein Beschlussstand"),
        ("!massnahme ändern M1 beteiligt=FB18,XYZ mittel=zusätzlich", "XYZ"),
        ("!massnahme neu HF3 Zweite beteiligt=XYZ", "XYZ"),
    ):
        assert expected in await bot.body(command)
    shown = await bot.body("!massnahme M1")
    assert "Mittelbedarf" not in shown and "Beteiligt" not in shown
    assert "nichts geändert" not in shown and "M2" not in await bot.body("!massnahmen")


async def test_mittel_lists_what_needs_additional_funds_with_the_total(bot: Harness) -> None:
    assert "Keine Maßnahme" in await bot.body("!mittel")
    await bot.say(HMTG)
    await bot.say("!massnahme neu HF3 Eins fb=HMTG mittel=zusätzlich betrag=100000 beschluss=offen")
    await bot.say("!massnahme neu HF3 Zwei mittel=bestehend betrag=5000")
    await bot.say(
        "!massnahme neu HF1 Drei mittel=zusätzlich betrag=50.000,50 beschluss=beschlossen "
        "drucksache=0815/2026"
    )
    body = await bot.body("!mittel", STAFF)
    assert body.startswith(
        "2 Maßnahmen mit zusätzlichem Mittelbedarf: zusammen 150.000,50 €, davon beschlossen "
        "50.000,50 €"
    )
    assert "M1 Eins – HMTG – 100.000 € – Drucksache – – Beschluss: offen" in body
    assert "M3 Drei – – – 50.000,50 € – Drucksache 0815/2026 – Beschluss: beschlossen" in body
    assert "M2 " not in body  # existing funds are not additional
    await bot.say("!massnahme ändern M3 mittel=-")
    assert (await bot.body("!mittel")).startswith("1 Maßnahme mit zusätzlichem Mittelbedarf")


async def test_funding_in_english(bot: Harness) -> None:
    bot.dispatcher.settings = make_settings("en")
    await bot.say("!measure new HF3 One funding=additional amount=1.000.000 decision=adopted")
    body = await bot.body("!funding")
    assert body.startswith("1 measure needs additional funds: €1,000,000 in all")
    assert "decision: adopted" in body


async def test_partners_are_responsible_parties_of_their_own_kind(bot: Harness) -> None:
    created = await bot.body(HMTG)
    assert "Art: Partner" in created
    await bot.say("!fb neu FB18 Personal")
    listed = await bot.body("!fachbereiche", STAFF)
    assert "HMTG – Hannover Marketing und Tourismus GmbH · Partner ·" in listed
    assert "FB18 – Personal ·" in listed and "FB18 – Personal · Partner" not in listed
    assert "Art: Fachbereich → Partner" in await bot.body("!fb FB18 art=partner")
    assert "keine Art" in await bot.body("!fb FB18 art=verein")
    assert "dürfen nur" in await bot.body("!fb FB18 art=fachbereich", STAFF, group_power=0)


async def test_reminders_go_to_the_lead_only(bot: Harness) -> None:
    await bot.say("!fb neu FB18 Personal kontakt=@anna:example.org raum=#fb18:example.org")
    await bot.say(HMTG)
    await bot.say("!massnahme neu HF2 Sprachkurse fb=FB18 beteiligt=HMTG frist=31.03.2027")
    assert await ReminderService(bot.database, make_settings()).run(at(date(2027, 3, 17)))
    [message] = await messages(bot)
    assert message.room_id == "#fb18:example.org"
    assert message.content["m.mentions"] == {"user_ids": ["@anna:example.org"]}


async def test_the_csv_file_carries_funding_and_the_others_involved(bot: Harness) -> None:
    await bot.say("!fb neu FB18 Personal")
    await bot.say(HMTG)
    await bot.say(
        "!massnahme neu HF3 Welcome fb=FB18 beteiligt=HMTG mittel=zusätzlich betrag=25000,5 "
        "drucksache=1234/2026 beschluss=offen"
    )
    async with bot.database.transaction() as store:
        data, _ = await export_csv(store, BERLIN)
    header, row = data.decode("utf-8-sig").splitlines()
    assert header.endswith(";Beteiligt;Mittelbedarf;Betrag;Drucksache;Beschluss")
    assert row.endswith(";HMTG;zusätzlich;25000,50;1234/2026;offen")

    # a file of an older version has none of these columns: they stay as they are
    older = "ID;Handlungsfeld;Titel;Fachbereich\nM1;HF3;Welcome Center;FB18\n"
    assert (await run_import(bot.database, older.encode(), BERLIN, ORIGIN)).updated == [1]
    shown = await bot.body("!massnahme M1")
    assert "Welcome Center" in shown and "Beteiligt: HMTG" in shown and "25.000,50 €" in shown

    # given, they change: an empty cell takes the value off
    newer = (
        "ID;Handlungsfeld;Titel;Beteiligt;Mittelbedarf;Betrag;Drucksache;Beschluss\n"
        "M1;HF3;Welcome Center;;zusätzlich;30.000;;beschlossen\n"
        ";HF1;Neu;FB18,HMTG;bestehend;;;\n"
    )
    result = await run_import(bot.database, newer.encode(), BERLIN, ORIGIN)
    assert (result.errors, result.updated, result.created) == ([], [1], [2])
    shown = await bot.body("!massnahme M1")
    assert "Beteiligt" not in shown
    assert "zusätzlich · 30.000 € · Drucksache – · Beschluss: beschlossen" in shown
    assert "Beteiligt: FB18, HMTG" in await bot.body("!massnahme M2")

    bad = "ID;Handlungsfeld;Titel;Beteiligt;Betrag\n;HF1;A;XYZ;\n;HF1;B;;2.5\n"
    errors = (await run_import(bot.database, bad.encode(), BERLIN, ORIGIN)).errors
    assert len(errors) == 1 and "Zeile 3" in errors[0] and "Betrag" in errors[0]
    worse = "ID;Handlungsfeld;Titel;Beteiligt\n;HF1;A;XYZ\n"
    errors = (await run_import(bot.database, worse.encode(), BERLIN, ORIGIN)).errors
    assert errors == [
        "Zeile 2: Einen Fachbereich oder Partner „XYZ“ gibt es nicht (zuerst mit !fb neu anlegen)"
    ]


async def test_the_council_report_has_a_funding_section(bot: Harness) -> None:
    await bot.say(HMTG)
    await bot.say(
        "!massnahme neu HF3 Welcome fb=HMTG mittel=zusätzlich betrag=250.000 "
        "drucksache=1234/2026 beschluss=beschlossen"
    )
    await bot.say("!massnahme neu HF3 Messe mittel=zusätzlich betrag=10.000 beschluss=offen")
    await bot.say("!massnahme neu HF1 Ohne")
    async with bot.database.transaction() as store:
        md = await council_report(store, date(2026, 11, 1), date(2026, 11, 25), BERLIN, "de", "md")
        page = await council_report(
            store, date(2026, 11, 1), date(2026, 11, 25), BERLIN, "de", "html"
        )
    section = md.split("## Maßnahmen mit zusätzlichem Mittelbedarf", 1)[1]
    assert "| Nr. | Maßnahme | Fachbereich | Betrag | Drucksache | Beschluss |" in section
    assert "| M1 | Welcome | HMTG | 250.000 € | 1234/2026 | beschlossen |" in section
    assert "| M2 | Messe | – | 10.000 € | – | offen |" in section and "Ohne" not in section
    assert "Zusammen 260.000 €; beschlossen 250.000 €, offen 10.000 €, abgelehnt 0 €." in section
    assert "<h2>Maßnahmen mit zusätzlichem Mittelbedarf</h2>" in page


async def test_the_same_party_twice_in_any_case_is_involved_once(bot: Harness) -> None:
    await bot.say(HMTG)
    created = await bot.body("!massnahme neu HF3 Messe beteiligt=HMTG,hmtg")
    assert "Beteiligt: HMTG" in created
    assert "nichts geändert" in await bot.body("!massnahme ändern M1 beteiligt=hmtg")


async def test_a_short_row_does_not_keep_what_its_file_takes_off(bot: Harness) -> None:
    await bot.say("!massnahme neu HF3 Welcome mittel=zusätzlich betrag=1000")
    # a spreadsheet that drops trailing empty cells: the columns are the header's
    short = "ID;Handlungsfeld;Titel;Mittelbedarf;Betrag\nM1;HF3;Welcome\n"
    assert (await run_import(bot.database, short.encode(), BERLIN, ORIGIN)).errors == []
    assert "Mittelbedarf" not in await bot.body("!massnahme M1")
