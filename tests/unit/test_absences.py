"""Away and deputies: `!abwesend` and `!zurück`, the absences they record, what the deputy
may do meanwhile, and what `!fachbereiche` shows; the clock moves past the day."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.events import IncomingReaction
from plan.audit import Origin
from services.reminders import ReminderService
from storage.db import Database
from storage.models import Absence, SentReminder
from tests.unit.conftest import COORDINATOR, NOW, ROOM, Harness, make_settings
from tests.unit.test_texts import in_language

ANNA = "@anna:example.org"
BEN = "@ben:example.org"
CARL = "@carl:example.org"
DORA = "@dora:example.org"
GUEST = "@gast:example.org"
BERLIN = ZoneInfo("Europe/Berlin")
USAGE = "Richtig: !abwesend bis <Datum> [vertretung=]"


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A local Berlin time, in UTC as the clock keeps it."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


async def setup(bot: Harness) -> None:
    """FB18 with the contacts Anna and Carl, and its measure M1."""
    await bot.say(f"!fb neu FB18 Personal kontakt={ANNA},{CARL}")
    await bot.say("!massnahme neu HF2 Sprachkurse fb=FB18 frist=31.03.2027")


async def absences(bot: Harness) -> list[tuple[str, date, str | None]]:
    """Every absence recorded, current or not: user, until, deputy."""
    async with bot.database.transaction() as store:
        rows = await store.session.scalars(select(Absence).order_by(Absence.user_id))
        return [(a.user_id, a.until, a.deputy) for a in rows]


# --- the store ---------------------------------------------------------------------------


async def test_the_store_sets_replaces_and_ends_absences(database: Database) -> None:
    async with database.transaction() as store:
        await store.absences.set(ANNA, date(2026, 12, 11), BEN, Origin(ANNA, NOW, "$first"))
    async with database.transaction() as store:
        await store.absences.set(ANNA, date(2026, 12, 18), None, Origin(ANNA, NOW, "$second"))
        await store.absences.set(CARL, date(2026, 12, 4), BEN, Origin(COORDINATOR, NOW, "$c"))
    async with database.transaction() as store:
        friday, saturday = date(2026, 12, 4), date(2026, 12, 5)
        shown = {
            user: (a.until, a.deputy, a.set_by, a.set_at, a.event_id)
            for user, a in (await store.absences.current(saturday)).items()
        }
        assert shown == {ANNA: (date(2026, 12, 18), None, ANNA, NOW, "$second")}
        assert await store.absences.deputies(friday) == {ANNA: None, CARL: BEN}
        assert await store.absences.stood_in_for(BEN, friday) == (CARL,)
        assert await store.absences.stood_in_for(BEN, saturday) == ()
        assert await store.absences.by_event("$first") is None  # replaced since
        second = await store.absences.by_event("$second")
        assert second is not None and second.user_id == ANNA
        # one that ended by itself is not there to end any more
        assert await store.absences.end(CARL, saturday) is False
        assert await store.absences.end(ANNA, saturday) is True
        assert await store.absences.end(ANNA, saturday) is False
        assert await store.absences.current(date(2026, 11, 25)) == {}


# --- !abwesend and !zurück -------------------------------------------------------------


async def test_away_with_a_deputy_mentions_the_deputy(bot: Harness) -> None:
    await setup(bot)
    content = await bot.say(f"!abwesend bis 11.12.2026 vertretung={BEN}", ANNA, group_power=0)
    assert content["body"] == (
        f"✅ Abwesend bis Fr, 11.12.2026; Vertretung: {BEN}\n"
        f"Bis dahin nennen Erinnerungen und Fragen: {BEN}, {CARL}"
    )
    assert f'<a href="https://matrix.to/#/{BEN}">{BEN}</a>' in content["formatted_body"]
    assert content["m.mentions"] == {"user_ids": [BEN]}
    assert await absences(bot) == [(ANNA, date(2026, 12, 11), BEN)]


async def test_a_deputy_may_be_named_without_the_option_word(bot: Harness) -> None:
    await setup(bot)
    body = await bot.body(f"!abwesend {BEN} bis Freitag", ANNA, group_power=0)
    assert body.startswith(f"✅ Abwesend bis Fr, 27.11.2026; Vertretung: {BEN}")


async def test_away_without_a_deputy_names_the_other_contacts_then_the_coordinators(
    bot: Harness,
) -> None:
    await setup(bot)
    assert await bot.body("!abwesend bis 11.12.2026", ANNA, group_power=0) == (
        "✅ Abwesend bis Fr, 11.12.2026, ohne Vertretung.\n"
        f"Bis dahin nennen Erinnerungen und Fragen: {CARL}"
    )
    assert await bot.body("!abwesend bis 4.12.", CARL, group_power=0) == (
        "✅ Abwesend bis Fr, 04.12.2026, ohne Vertretung.\n"
        f"Bis dahin nennen Erinnerungen und Fragen: {COORDINATOR}"
    )


async def test_the_reply_names_who_takes_over_what_the_sender_stands_in_for(
    bot: Harness,
) -> None:
    await setup(bot)
    await bot.say(f"!fb neu Dez-III Kultur kontakt={DORA}")
    await bot.say(f"!abwesend bis 31.12.2026 vertretung={CARL}", DORA, group_power=0)
    body = await bot.body("!abwesend bis 11.12.2026", CARL, group_power=0)
    assert body.endswith(f"Bis dahin nennen Erinnerungen und Fragen: {ANNA}, {COORDINATOR}")


async def test_a_coordinator_who_is_no_contact_may_be_away_too(bot: Harness) -> None:
    await setup(bot)
    body = await bot.body("!abwesend bis 11.12.2026")
    assert body == "✅ Abwesend bis Fr, 11.12.2026, ohne Vertretung."


async def test_a_second_absence_replaces_the_first(bot: Harness) -> None:
    await setup(bot)
    await bot.say(f"!abwesend bis 11.12.2026 vertretung={BEN}", ANNA, group_power=0)
    await bot.say("!abwesend bis 18.12.2026", ANNA, group_power=0)
    assert await absences(bot) == [(ANNA, date(2026, 12, 18), None)]
    assert f"{ANNA} (abwesend bis 18.12.2026), {CARL}" in await bot.body("!fb FB18")


async def test_back_ends_the_absence_early(bot: Harness) -> None:
    await setup(bot)
    await bot.say(f"!abwesend bis 11.12.2026 vertretung={BEN}", ANNA, group_power=0)
    back = await bot.body("!zurück", ANNA, group_power=0)
    assert back == "👋 Willkommen zurück! Erinnerungen und Fragen nennen wieder Sie."
    assert await absences(bot) == []
    assert "abwesend" not in await bot.body("!fachbereiche")
    assert "Sie waren nicht als abwesend eingetragen." in await bot.body("!zurueck", ANNA)


# the absence as written, and on which days (a Friday, the weekend, Monday) it still holds
ACROSS_THE_WEEKEND = [
    ("bis Freitag", {27: True, 28: False, 29: False, 30: False}),
    ("bis Sonntag", {27: True, 28: True, 29: True, 30: False}),
    ("bis 30.11.2026", {27: True, 28: True, 29: True, 30: True}),
]


@pytest.mark.parametrize(("until", "holds"), ACROSS_THE_WEEKEND)
async def test_an_absence_ends_by_itself_after_its_day(
    bot: Harness, until: str, holds: dict[int, bool]
) -> None:
    await setup(bot)
    await bot.say(f"!abwesend {until} vertretung={BEN}", ANNA, group_power=0)
    for day, away in holds.items():
        bot.clock.now = at(date(2026, 11, day), 23, 59)
        assert ("abwesend bis" in await bot.body("!fachbereiche")) is away, day
        may = await bot.body(f"!frist M1 {day}.06.2027", BEN, group_power=0)
        assert ("dürfen nur" not in may) is away, (day, may)
    bot.clock.now = at(date(2026, 12, 1), 0, 1)
    assert "nicht als abwesend" in await bot.body("!zurück", ANNA, group_power=0)


async def test_the_department_lists_show_who_is_away_and_who_stands_in(bot: Harness) -> None:
    await setup(bot)
    await bot.say(f"!abwesend bis 11.12.2026 vertretung={BEN}", ANNA, group_power=0)
    await bot.say("!abwesend bis Freitag", CARL, group_power=0)
    shown = f"{ANNA} (abwesend bis 11.12.2026, Vertretung {BEN}), {CARL} (abwesend bis 27.11.2026)"
    assert f"FB18 – Personal · {shown}" in await bot.body("!fachbereiche")
    content = await bot.say("!fb FB18")
    assert f"Kontakte: {shown}" in content["body"]
    assert f'Vertretung <a href="https://matrix.to/#/{BEN}">' in content["formatted_body"]
    assert content["m.mentions"] == {"user_ids": []}


async def test_english_words_and_replies(bot: Harness) -> None:
    await setup(bot)
    english = in_language(bot, "en")
    assert await english.body(f"!away until 11.12.2026 deputy={BEN}", ANNA, group_power=0) == (
        f"✅ Away until Fri, 11.12.2026; deputy: {BEN}\n"
        f"Until then reminders and questions mention: {BEN}, {CARL}"
    )
    listed = await english.body("!departments")
    assert f"{ANNA} (away until 11.12.2026, deputy {BEN})" in listed
    back = await english.body("!back", ANNA, group_power=0)
    assert back == "👋 Welcome back! Reminders and questions mention you again."
    assert await english.body("!back", ANNA, group_power=0) == "You were not recorded as away."
    refused = await english.body("!away until 20.11.2026", ANNA, group_power=0)
    assert refused.endswith("Correct: !away until <date> [vertretung=]")


BAD = [
    ("!abwesend bis 20.11.2026", "Der 20.11.2026 liegt in der Vergangenheit."),
    ("!abwesend bis irgendwann", "„bis irgendwann“ verstehe ich nicht als Datum."),
    ("!abwesend", "Es fehlt: bis <Datum>."),
    ("!abwesend bis 11.12.2026 vertretung=ben", "„ben“ ist keine einzelne Matrix-Kennung"),
    (
        f"!abwesend bis 11.12.2026 vertretung={BEN},{CARL}",
        f"„{BEN},{CARL}“ ist keine einzelne Matrix-Kennung",
    ),
    ("!abwesend bis 11.12.2026 @ben", "„@ben“ ist keine einzelne Matrix-Kennung"),
    (f"!abwesend bis 11.12.2026 vertretung={ANNA}", "Sie können sich nicht selbst vertreten"),
]


@pytest.mark.parametrize(("command", "reason"), BAD)
async def test_bad_input_is_refused_with_the_usage_line(
    bot: Harness, command: str, reason: str
) -> None:
    await setup(bot)
    body = await bot.body(command, ANNA, group_power=0)
    assert body.startswith(reason) and body.endswith(USAGE), body
    assert await absences(bot) == []


@pytest.mark.parametrize("sender", [GUEST, BEN])
async def test_only_contacts_may_say_they_are_away(bot: Harness, sender: str) -> None:
    await setup(bot)
    await bot.say(f"!abwesend bis 11.12.2026 vertretung={BEN}", ANNA, group_power=0)
    body = await bot.body("!abwesend bis 11.12.2026", sender, group_power=0)
    assert body == (
        "Diesen Befehl dürfen nur Koordinatorinnen und Koordinatoren sowie die "
        "Kontaktpersonen der Fachbereiche verwenden."
    )
    assert [user for user, _, _ in await absences(bot)] == [ANNA]
    # ending one's own absence is open to all: there is none to end
    assert await bot.body("!zurück", sender, group_power=0) == (
        "Sie waren nicht als abwesend eingetragen."
    )


async def test_an_edit_changes_the_absence_and_a_redaction_withdraws_it(bot: Harness) -> None:
    await setup(bot)
    await bot.say("!abwesend bis 11.12.2026", ANNA, group_power=0, event_id="$away")
    edited = await bot.edit("$away", f"!abwesend bis 18.12.2026 vertretung={BEN}", ANNA)
    assert edited is not None and edited.startswith("✅ Abwesend bis Fr, 18.12.2026")
    assert await bot.redact("$away", CARL, group_power=0) is None
    assert [(user, until) for user, until, _ in await absences(bot)] == [(ANNA, date(2026, 12, 18))]
    notice = await bot.redact("$away", ANNA, group_power=0)
    assert notice == "↩️ Abwesenheit bis Fr, 18.12.2026 zurückgenommen."
    assert await absences(bot) == []


@pytest.mark.parametrize(("until", "acknowledged"), [("19.03.2027", True), ("16.03.2027", False)])
async def test_the_deputy_may_acknowledge_a_reminder_while_the_contact_is_away(
    bot: Harness, until: str, acknowledged: bool
) -> None:
    await setup(bot)
    await bot.say(f"!abwesend bis {until} vertretung={BEN}", ANNA, group_power=0)
    await ReminderService(bot.database, make_settings()).run(at(date(2027, 3, 17), 9))
    async with bot.database.transaction() as store:
        reminder = (await store.session.scalars(select(SentReminder))).one()
        await store.outbox.mark_sent(reminder.outbox_id, "$reminder", at(date(2027, 3, 17), 9))
    bot.clock.now = at(date(2027, 3, 17), 10, 5)
    tick = IncomingReaction(ROOM, "$tick", BEN, "$reminder", "✅")
    await bot.dispatcher.handle_reaction(tick)
    shown = await bot.body("!massnahme M1")
    assert (f"zur Kenntnis genommen von {BEN}" in shown) is acknowledged
