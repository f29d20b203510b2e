"""One reminder message per room and day, questions for a Sachstand, and deputies, with
the clock moved across weekends and holidays."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.events import IncomingReaction
from services.reminders import ReminderService
from storage.models import OutboxMessage, SachstandRequest
from tests.unit.conftest import COORDINATOR, Harness, make_settings

BERLIN = ZoneInfo("Europe/Berlin")
ANNA = "@anna:example.org"
BEN = "@ben:example.org"
FB18_ROOM = "#fb18:example.org"


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN)


async def run(bot: Harness, moment: datetime, ask_after_days: int = 42) -> int:
    bot.clock.now = moment.astimezone(UTC)
    settings = make_settings()
    settings = replace(
        settings, reminders=replace(settings.reminders, ask_after_days=ask_after_days)
    )
    return await ReminderService(bot.database, settings).run(moment)


async def messages(bot: Harness) -> list[OutboxMessage]:
    """The reminder messages queued so far (not the replies to commands)."""
    async with bot.database.transaction() as store:
        query = select(OutboxMessage).where(OutboxMessage.txn_id.startswith("reminders-"))
        return list((await store.session.scalars(query.order_by(OutboxMessage.id))).all())


async def say_at(bot: Harness, moment: datetime, text: str, sender: str = COORDINATOR) -> str:
    bot.clock.now = moment.astimezone(UTC)
    return await bot.body(text, sender, group_power=0 if sender != COORDINATOR else None)


async def department(bot: Harness) -> None:
    await bot.say(f"!fb neu FB18 Personal kontakt={ANNA} raum={FB18_ROOM}")


async def test_a_departments_deadlines_of_one_day_are_one_message(bot: Harness) -> None:
    await department(bot)
    await bot.say("!massnahme neu HF2 Sprachkurse fb=FB18 frist=31.03.2027")
    await bot.say("!massnahme neu HF2 Mentoring fb=FB18 frist=31.03.2027")
    assert await run(bot, at(date(2027, 3, 17))) == 2
    [message] = await messages(bot)
    body = message.content["body"]
    assert message.room_id == FB18_ROOM
    assert "Erinnerungen zu 2 Maßnahmen" in body and "Fristen (2)" in body
    assert "M1 „Sprachkurse“" in body and "M2 „Mentoring“" in body
    assert message.content["m.mentions"] == {"user_ids": [ANNA]}  # once, for both
    assert await run(bot, at(date(2027, 3, 17), 15)) == 0  # each stage once

    # a ✅ on the message acknowledges both measures
    async with bot.database.transaction() as store:
        await store.outbox.mark_sent(message.id, "$daily", datetime.now(UTC))
    bot.clock.now = at(date(2027, 3, 17), 10).astimezone(UTC)
    await bot.dispatcher.handle_reaction(IncomingReaction(FB18_ROOM, "$ok", ANNA, "$daily", "✅"))
    for measure in ("M1", "M2"):
        assert f"zur Kenntnis genommen von {ANNA}" in await bot.body(f"!massnahme {measure}")


async def test_overdue_measures_are_one_escalation_in_the_group_room(bot: Harness) -> None:
    await department(bot)
    await bot.say("!massnahme neu HF2 Sprachkurse fb=FB18 frist=31.03.2027")
    await bot.say("!massnahme neu HF2 Mentoring fb=FB18 frist=31.03.2027")
    assert await run(bot, at(date(2027, 4, 1))) == 2
    [message] = await messages(bot)
    assert message.room_id == make_settings().group_room
    assert "Überfällig (2)" in message.content["body"]
    assert message.content["m.mentions"] == {"user_ids": [ANNA, COORDINATOR]}


async def test_the_deputy_of_an_away_contact_is_named_until_the_absence_ends(
    bot: Harness,
) -> None:
    await department(bot)
    await bot.say("!massnahme neu HF2 Sprachkurse fb=FB18 frist=31.03.2027")
    await bot.say("!massnahme neu HF2 Mentoring fb=FB18 frist=05.04.2027")
    # Anna is away until Good Friday, 26.03.2027, a public holiday
    await say_at(bot, at(date(2027, 3, 15)), f"!abwesend bis 26.03.2027 vertretung={BEN}", ANNA)
    await run(bot, at(date(2027, 3, 17)))  # d14 of M1
    await run(bot, at(date(2027, 3, 22)))  # d14 of M2
    # M1's d3 (Sunday 28.03.) goes out on Thursday 25.03.: the weekend and Good Friday
    # come first; Anna is still away
    await run(bot, at(date(2027, 3, 25)))
    await run(bot, at(date(2027, 4, 2)))  # M2's d3
    sent = {
        m.created_at.astimezone(BERLIN).date(): m.content["m.mentions"]["user_ids"]
        for m in await messages(bot)
    }
    assert sent == {
        date(2027, 3, 17): [BEN],
        date(2027, 3, 22): [BEN],
        date(2027, 3, 25): [BEN],
        date(2027, 4, 2): [ANNA],  # back after Easter
    }
    for message in await messages(bot):
        if BEN in message.content["body"]:
            assert ANNA not in message.content["body"]


async def test_the_deputy_acknowledges_while_standing_in(bot: Harness) -> None:
    await department(bot)
    await bot.say("!massnahme neu HF2 Sprachkurse fb=FB18 frist=31.03.2027")
    await say_at(bot, at(date(2027, 3, 15)), f"!abwesend bis 19.03.2027 vertretung={BEN}", ANNA)
    await run(bot, at(date(2027, 3, 17)))
    [message] = await messages(bot)
    async with bot.database.transaction() as store:
        await store.outbox.mark_sent(message.id, "$daily", datetime.now(UTC))
    await bot.dispatcher.handle_reaction(IncomingReaction(FB18_ROOM, "$ok", BEN, "$daily", "✅"))
    assert f"zur Kenntnis genommen von {BEN}" in await bot.body("!massnahme M1")


async def asked(bot: Harness) -> list[tuple[int, date]]:
    async with bot.database.transaction() as store:
        rows = await store.session.scalars(select(SachstandRequest).order_by(SachstandRequest.id))
        return [(r.measure_id, r.asked_on) for r in rows]


async def daily(bot: Harness, start: date, end: date, **kwargs: Any) -> None:
    day = start
    while day <= end:
        await run(bot, at(day), **kwargs)
        day += timedelta(days=1)


async def test_a_running_measure_without_an_update_is_asked_about(bot: Harness) -> None:
    await department(bot)
    await bot.say("!massnahme neu HF2 Sprachkurse fb=FB18")
    await bot.say("!massnahme neu HF2 Noch geplant fb=FB18")  # not running: never asked
    await say_at(bot, at(date(2026, 11, 25), 10), "!update M1 Kurs gestartet 10%", ANNA)
    await daily(bot, date(2026, 11, 26), date(2027, 2, 19))
    # 42 days after the update, then 42 days after the question
    assert await asked(bot) == [(1, date(2027, 1, 6)), (1, date(2027, 2, 17))]
    await say_at(bot, at(date(2027, 2, 20), 10), "!update M1 zweite Runde", ANNA)
    await daily(bot, date(2027, 2, 20), date(2027, 4, 6))
    # 42 days after the update is Saturday 03.04.2027: asked on Monday
    assert (await asked(bot))[2:] == [(1, date(2027, 4, 5))]
    question = (await messages(bot))[-1]
    assert question.room_id == FB18_ROOM
    body = question.content["body"]
    assert "Bitte um einen Sachstand (1)" in body
    assert "M1 „Sprachkurse“ – letzter Sachstand am Sa, 20.02.2027 – FB18: " + ANNA in body
    assert question.content["m.mentions"] == {"user_ids": [ANNA]}


async def test_a_question_and_a_reminder_of_one_day_are_one_message(bot: Harness) -> None:
    await department(bot)
    await bot.say("!massnahme neu HF2 Sprachkurse fb=FB18 frist=17.02.2027")
    await bot.say("!massnahme neu HF2 Mentoring fb=FB18")
    await say_at(bot, at(date(2026, 11, 25), 10), "!update M1 läuft 10%", ANNA)
    await say_at(bot, at(date(2026, 11, 25), 10), "!update M2 läuft 10%", ANNA)
    # 06.01.2027: M1 and M2 are due for a question; M1's reminder d14 is on 03.02.
    await run(bot, at(date(2027, 1, 6)))
    [message] = await messages(bot)
    assert "Bitte um einen Sachstand (2)" in message.content["body"]
    # 03.02.: M1's reminder; 17.02.: M1's d0, and both questions are due again: M1's
    # reminder stands for its question, M2 is asked, all in one message
    await run(bot, at(date(2027, 2, 3)))
    await run(bot, at(date(2027, 2, 17)))
    last = (await messages(bot))[-1].content["body"]
    assert "Fristen (1)" in last and "Bitte um einen Sachstand (1)" in last
    assert (1, date(2027, 2, 17)) in await asked(bot) and (2, date(2027, 2, 17)) in await asked(bot)


async def test_asking_can_be_switched_off(bot: Harness) -> None:
    await department(bot)
    await bot.say("!massnahme neu HF2 Sprachkurse fb=FB18")
    await say_at(bot, at(date(2026, 11, 25), 10), "!update M1 läuft 10%", ANNA)
    await daily(bot, date(2027, 1, 4), date(2027, 1, 8), ask_after_days=0)
    assert await asked(bot) == []
