"""Reports for any week: the plan as it stood then, rebuilt from the audit trail; `!bericht`
for a week, a field or a party; the week phrases; the progress trend of the chart."""

from __future__ import annotations

import random
import struct
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.events import IncomingMessage
from plan.as_of import replay
from plan.audit import Origin
from plan.digest_week import DigestWeek, named_week
from plan.spelling import Invalid
from services.digest import DigestScope, build_digest
from services.digest_chart import render_chart
from storage.models import OutboxMessage
from tests.unit.conftest import COORDINATOR, ROOM, STAFF, Harness, run_import

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 25)  # Wednesday of KW 48
ORIGIN = Origin("Import katalog.csv", datetime(2026, 11, 2, 9, tzinfo=UTC))


def moment(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN).astimezone(UTC)


async def say_on(bot: Harness, day: date, text: str, sender: str = COORDINATOR) -> str:
    """The reply to `text`, said on `day` at 10:00."""
    bot.clock.now = moment(day)
    return await bot.body(text, sender)


@pytest.mark.parametrize(
    ("phrase", "week"),
    [
        ("KW 45", (2026, 45)),
        ("kw45", (2026, 45)),
        ("KW 45 2026", (2026, 45)),
        ("KW 45/2025", (2025, 45)),
        ("Woche 12", (2026, 12)),
        ("week 3", (2026, 3)),
        ("letzte Woche", (2026, 47)),
        ("Vergangene Woche", (2026, 47)),
        ("last week", (2026, 47)),
        ("vorletzte Woche", (2026, 46)),
        ("12.11.2026", (2026, 46)),  # a date in it
        ("2026-11-02", (2026, 45)),
        ("diese Woche", None),
        ("KW 48", None),  # this week
    ],
)
def test_weeks_as_people_name_them(phrase: str, week: tuple[int, int] | None) -> None:
    assert named_week(phrase, TODAY) == week


@pytest.mark.parametrize(
    ("phrase", "key"),
    [
        ("nächste Woche", "error.bad_report_week"),  # a week to come is no report
        ("KW 49", "error.report_week_year"),  # next week, or last year's? asked
        ("KW 53 2026", "error.week_to_come"),
        ("KW 53 2025", "error.bad_week"),  # 2025 has 52 weeks
        ("KW 0", "error.bad_week"),
        ("01.12.2026", "error.week_to_come"),
        ("November", "error.bad_report_week"),  # a month is not a week
        ("45", "error.bad_report_week"),
    ],
)
def test_week_phrases_with_another_meaning_are_refused(phrase: str, key: str) -> None:
    with pytest.raises(Invalid) as refused:
        named_week(phrase, TODAY)
    assert refused.value.key == key


def test_a_week_number_of_the_last_months_means_last_year_in_january() -> None:
    assert named_week("KW 50", date(2027, 1, 6)) == (2026, 50)


async def history(bot: Harness) -> None:
    """M1 runs from KW 44 on and is done in KW 47; M2 is created in KW 47; M1 moves from
    FB18 to Dez-III in KW 47, and an update of KW 45 is withdrawn in KW 47."""
    await say_on(bot, date(2026, 10, 26), "!fb neu FB18 Personal kontakt=@anna:example.org")
    await say_on(bot, date(2026, 10, 26), "!fb neu Dez-III Kultur")
    await say_on(bot, date(2026, 10, 26), "!massnahme neu HF2 Sprachkurse fb=FB18 frist=20.11.2026")
    await say_on(bot, date(2026, 10, 28), "!update M1 Kurse starten 20%", STAFF)
    bot.clock.now = moment(date(2026, 11, 4))
    await bot.say("!update M1 Erste Runde voll 40%", STAFF, event_id="$kw45")
    await say_on(bot, date(2026, 11, 18), "!massnahme neu HF2 Mentoring fb=FB18")
    await say_on(bot, date(2026, 11, 18), "!massnahme ändern M1 fb=Dez-III hf=HF3")
    bot.clock.now = moment(date(2026, 11, 19))
    await bot.redact("$kw45", STAFF)
    await say_on(bot, date(2026, 11, 20), "!update M1 Fertig status=abgeschlossen", STAFF)
    bot.clock.now = moment(TODAY)


async def test_a_past_week_shows_the_plan_as_it_stood_then(bot: Harness) -> None:
    await history(bot)
    now = await bot.body("!bericht HF3")
    assert "1 Maßnahme: abgeschlossen 1" in now
    kw45 = await bot.body("!bericht KW 45 HF2")
    assert kw45.startswith("📊 Woche 45: 1 neuer Sachstand, 0 Fristen überschritten")
    assert "So stand der Plan am Ende der KW 45, aus dem Verlauf rekonstruiert." in kw45
    assert "1 Maßnahme: laufend 1 · mittlerer Fortschritt 40 %" in kw45  # in HF2 then
    assert "Sachstand M1 (04.11., @anna:example.org): Erste Runde voll" in kw45  # withdrawn later
    assert "Frist M1 Sprachkurse: Fr, 20.11.2026 (in 12 Tagen) – FB18" in kw45
    assert "Mentoring" not in kw45  # created later
    assert "0 Maßnahmen" in await bot.body("!bericht KW 45 HF3")  # it moved there later
    kw47 = await bot.body("!bericht KW 47 HF3")
    assert "1 Maßnahme: abgeschlossen 1 · mittlerer Fortschritt 100 %" in kw47
    assert "Statuswechsel M1: laufend → abgeschlossen" in kw47


async def test_a_report_for_one_party_covers_what_it_leads_or_is_involved_in(
    bot: Harness,
) -> None:
    await history(bot)
    await say_on(bot, TODAY, "!fb neu HMTG Marketing art=partner")
    await say_on(bot, TODAY, "!massnahme neu HF4 Messe fb=HMTG beteiligt=FB18")
    fb18 = await bot.body("!bericht fb=FB18")
    assert (
        "Nur die Maßnahmen, die FB18 federführend betreut oder an denen FB18 beteiligt ist." in fb18
    )
    assert "ohne Kontakt" not in fb18  # FB18 has its contact; the others are not asked about
    assert fb18.count("Maßnahme:") == 2  # HF2: Mentoring (lead); HF4: Messe (involved)
    assert "Sprachkurse" not in fb18  # led by Dez-III now
    past = await bot.body("!bericht KW 45 fb=FB18")
    assert "laufend 1" in past  # Sprachkurse was FB18's then
    assert "gibt es nicht" in await bot.body("!bericht fb=FB99")


async def test_bericht_refuses_what_it_cannot_read(bot: Harness) -> None:
    assert "kommt erst noch" in await bot.body("!bericht KW 53 2026")
    assert "keine Woche" in await bot.body("!bericht irgendwann")
    assert "nur ein Handlungsfeld" in await bot.body("!bericht HF1 HF2")
    assert "HF9 gibt es nicht" in await bot.body("!bericht HF9 KW 45")


async def test_replaying_the_trail_gives_todays_plan(bot: Harness) -> None:
    """Whatever happened, the plan rebuilt from the trail is the plan in the tables."""
    rng = random.Random(12)
    await say_on(bot, TODAY - timedelta(days=60), "!fb neu FB18 Personal")
    await say_on(bot, TODAY - timedelta(days=60), "!fb neu HMTG Marketing art=partner")
    for n in range(1, 6):
        await say_on(bot, TODAY - timedelta(days=60), f"!massnahme neu HF{n % 4 + 1} Nr{n} fb=FB18")
    statuses = ["", "status=laufend", "status=verzögert", "status=abgeschlossen", "status=geplant"]
    sent: list[tuple[str, int]] = []  # the updates' events and their measures
    for step in range(60):
        bot.clock.now = moment(TODAY - timedelta(days=59 - step))
        measure = rng.randint(1, 5)
        choice = rng.random()
        if choice < 0.5:
            event = f"$u{step}"
            progress = rng.randint(0, 100)
            text = f"!update M{measure} Schritt {step} {rng.choice(statuses)} {progress}%"
            await bot.say(text, STAFF, event_id=event)
            sent.append((event, measure))
        elif choice < 0.6 and sent:
            await bot.redact(sent.pop(rng.randrange(len(sent)))[0], STAFF)
        elif choice < 0.7 and sent:
            event, of = rng.choice(sent)
            fixed = f"!update M{of} Korrektur {rng.choice(statuses)} {rng.randint(0, 100)}%"
            corrected = str(await bot.edit(event, fixed, STAFF))
            assert "korrigiert" in corrected or "ändert nichts" in corrected, corrected
        elif choice < 0.8:
            await bot.say(f"!frist M{measure} {rng.randint(1, 28)}.0{rng.randint(1, 9)}.2027")
        elif choice < 0.9:
            await bot.say(f"!massnahme ändern M{measure} hf=HF{rng.randint(1, 4)} fb=HMTG")
        else:
            await bot.say(f"!massnahme ändern M{measure} fb=FB18 beteiligt=HMTG")
    now = bot.clock.now
    async with bot.database.transaction() as store:
        [rebuilt] = replay(await store.reports.trail(now), [now])
        tables = {m.id: m for m in await store.reports.plan_now()}
    assert rebuilt == tables


async def test_the_chart_shows_the_progress_of_the_last_twelve_weeks(bot: Harness) -> None:
    await history(bot)
    async with bot.database.transaction() as store:
        digest = await build_digest(store, bot.clock.now, BERLIN, 28, trend=True)
    assert [w.week for w in digest.trend_weeks] == list(range(37, 49))
    hf2 = next(f for f in digest.fields if f.code == "HF2")
    hf3 = next(f for f in digest.fields if f.code == "HF3")
    # before KW 44 nothing; KW 44 20 %, KW 45 40 %, then the withdrawal and the move
    assert hf2.trend[:7] == [None] * 7 and hf2.trend[7:9] == [20.0, 40.0]
    assert hf2.trend[-1] == 0.0  # Mentoring alone
    assert hf3.trend[-2:] == [100.0, 100.0]
    png, width, height = render_chart(digest, "de")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and (width, height) == (800, 900)
    past = replace(DigestScope(), week=(2026, 45))
    async with bot.database.transaction() as store:
        old = await build_digest(store, bot.clock.now, BERLIN, 28, past, trend=True)
    assert [w.week for w in old.trend_weeks][-1] == 45
    assert next(f for f in old.fields if f.code == "HF2").trend[-1] == 40.0


async def test_bericht_sends_the_chart_of_the_week_asked_for(bot: Harness) -> None:
    await history(bot)
    queued = await bot.dispatcher.handle(IncomingMessage(ROOM, "$b", STAFF, "!bericht KW 45"))
    assert queued is not None
    async with bot.database.transaction() as store:
        image = await store.session.scalar(
            select(OutboxMessage).where(OutboxMessage.txn_id == queued.txn_id + "-1")
        )
    assert image is not None and image.content["body"] == "bericht-kw45.png"
    assert struct.unpack(">II", image.attachment[16:24]) == (800, 900)


def test_a_past_week_ends_on_sunday_night() -> None:
    week = DigestWeek.ending(2026, 45, BERLIN)
    assert week.now == datetime(2026, 11, 8, 23, 59, 59, 999999, tzinfo=BERLIN)
    assert week.since.date() == date(2026, 11, 1) and week.today == date(2026, 11, 8)


async def test_a_measure_falls_back_to_how_it_was_created_and_the_replay_agrees(
    bot: Harness,
) -> None:
    """An imported measure created as laufend, 40 %, whose only update is withdrawn, stands
    as created again; an update imported with an older date counts from when it came."""
    bot.clock.now = moment(date(2026, 11, 2))
    header = "ID;Handlungsfeld;Titel;Status;Fortschritt"
    created = f"{header}\n;HF2;Importiert;laufend;40\n".encode()
    assert (await run_import(bot.database, created, BERLIN, ORIGIN)).created == [1]
    bot.clock.now = moment(date(2026, 11, 10))
    await bot.say("!update M1 Verzug status=verzögert 50%", STAFF, event_id="$late")
    bot.clock.now = moment(date(2026, 11, 12))
    await bot.redact("$late", STAFF)
    assert "Status: laufend" in await bot.body("!massnahme M1")
    assert "Fortschritt: 40 %" in await bot.body("!massnahme M1")
    bot.clock.now = moment(date(2026, 11, 20))
    dated = (
        "ID;Handlungsfeld;Titel;Status;Fortschritt;letzter Sachstand;Datum des letzten Sachstands\n"
        "M1;HF2;Importiert;laufend;60;Aus der Tabelle;01.10.2026\n"
    )
    later = Origin("Import tabelle.csv", bot.clock.now)
    assert (await run_import(bot.database, dated.encode(), BERLIN, later)).updated == [1]
    now = bot.clock.now
    async with bot.database.transaction() as store:
        trail = await store.reports.trail(now)
        [kw46, today] = replay(trail, [DigestWeek.ending(2026, 46, BERLIN).now, now])
        tables = {m.id: m for m in await store.reports.plan_now()}
    assert today == tables
    assert (kw46[1].status, kw46[1].progress) == ("laufend", 40)  # the table came later
    assert (today[1].progress, today[1].last_update) == (60, tables[1].last_update)


def test_around_new_year_a_week_without_a_year_is_asked_about() -> None:
    with pytest.raises(Invalid) as refused:
        named_week("KW 1", date(2027, 1, 1))  # ISO week 53 of 2026: which KW 1?
    assert refused.value.key == "error.report_week_year"
    assert named_week("KW 52", date(2027, 1, 1)) == (2026, 52)
