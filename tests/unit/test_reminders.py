"""Reminders with time travel: every stage once, on working days, across DST and restarts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.events import IncomingReaction
from plan.reminder_stages import ReminderPolicy, due_stage, last_deadline_due
from plan.working_days import is_working_day
from services import reminders
from services.outbox_queue import reminders_txn_id
from services.reminders import ReminderService
from storage.models import OutboxMessage, SentReminder
from tests.unit.conftest import COORDINATOR, GROUP_ROOM, ROOM, STAFF, Harness, make_settings

BERLIN = ZoneInfo("Europe/Berlin")


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """A local Berlin time as an aware datetime."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


async def run(bot: Harness, moment: datetime) -> int:
    bot.clock.now = moment.astimezone(UTC)
    return await ReminderService(bot.database, make_settings()).run(moment)


async def queued(bot: Harness) -> list[tuple[int, str, date, str, dict[str, Any]]]:
    async with bot.database.transaction() as store:
        rows = (await store.session.scalars(select(SentReminder).order_by(SentReminder.id))).all()
        return [
            (
                r.measure_id,
                r.stage,
                r.queued_at.astimezone(BERLIN).date(),
                r.outbox.room_id,
                r.outbox.content,
            )
            for r in rows
        ]


async def travel(bot: Harness, start: date, end: date) -> None:
    """Run at 08:59, 09:00 and 15:00 every day from start to end."""
    day = start
    while day <= end:
        for hour, minute in ((8, 59), (9, 0), (15, 0)):
            await run(bot, at(day, hour, minute))
        day += timedelta(days=1)


async def setup(bot: Harness, deadline: str = "31.03.2027", room: str = "") -> None:
    await bot.say(f"!fb neu FB18 Personal kontakt=@anna:example.org {room}".strip())
    await bot.say(f"!massnahme neu HF2 Sprachkurse fb=FB18 frist={deadline}")


def test_working_days_know_lower_saxony() -> None:
    assert not is_working_day(date(2026, 10, 31))  # Reformationstag (and a Saturday)
    assert not is_working_day(date(2028, 10, 31))  # Reformationstag, a Tuesday
    assert not is_working_day(date(2027, 3, 26))  # Good Friday
    assert not is_working_day(date(2027, 1, 2))  # Saturday
    assert is_working_day(date(2028, 10, 30))


def test_no_deadline_after_last_deadline_due_has_a_stage_due() -> None:
    policy, long_ago = ReminderPolicy(), at(date(2020, 1, 1))
    day = date(2027, 1, 1)
    while day.year == 2027:  # Easter, Christmas and every weekend of a year
        latest, evening = last_deadline_due(policy, day), at(day, 23, 59)
        assert due_stage(latest, long_ago, policy, BERLIN, evening) is not None
        for later in range(1, 8):
            deadline = latest + timedelta(days=later)
            assert due_stage(deadline, long_ago, policy, BERLIN, evening) is None
        day += timedelta(days=1)


async def test_every_stage_fires_once_on_working_days(bot: Harness) -> None:
    await setup(bot)  # deadline Wed 31.03.2027, created Wed 25.11.2026
    await travel(bot, date(2026, 11, 26), date(2027, 4, 20))
    stages = [(stage, day) for _, stage, day, _, _ in await queued(bot)]
    assert stages == [
        ("d14", date(2027, 3, 17)),
        # 28.03. is a Sunday, 27.03. a Saturday and 26.03. Good Friday
        ("d3", date(2027, 3, 25)),
        ("d0", date(2027, 3, 31)),
        ("o1", date(2027, 4, 1)),
        ("o8", date(2027, 4, 8)),
        ("o15", date(2027, 4, 15)),
    ]


async def test_reformation_day_moves_a_reminder_to_the_day_before(bot: Harness) -> None:
    await setup(bot, "31.10.2028")  # a Tuesday, Reformationstag
    await travel(bot, date(2028, 10, 14), date(2028, 10, 31))
    stages = [(stage, day) for _, stage, day, _, _ in await queued(bot)]
    assert stages == [
        ("d14", date(2028, 10, 17)),
        ("d3", date(2028, 10, 27)),
        ("d0", date(2028, 10, 30)),
    ]


async def test_daylight_saving_time_does_not_move_the_hour(bot: Harness) -> None:
    await setup(bot, "01.11.2027")  # summer time ends on Sunday 31.10.2027
    assert await run(bot, at(date(2027, 10, 18))) == 1  # d14
    # d3 on Fri 29.10. at 09:00 CEST = 07:00 UTC
    assert await run(bot, datetime(2027, 10, 29, 6, 59, tzinfo=UTC).astimezone(BERLIN)) == 0
    assert await run(bot, datetime(2027, 10, 29, 7, 0, tzinfo=UTC).astimezone(BERLIN)) == 1
    # d0 on Mon 01.11. at 09:00 CET = 08:00 UTC
    assert await run(bot, datetime(2027, 11, 1, 7, 59, tzinfo=UTC).astimezone(BERLIN)) == 0
    assert await run(bot, datetime(2027, 11, 1, 8, 0, tzinfo=UTC).astimezone(BERLIN)) == 1


async def test_a_new_deadline_replans(bot: Harness) -> None:
    await setup(bot)
    await travel(bot, date(2027, 3, 17), date(2027, 3, 18))
    bot.clock.now = at(date(2027, 3, 18), 10).astimezone(UTC)
    assert "30.06.2027" in await bot.body("!frist M1 30.06.2027")
    await travel(bot, date(2027, 3, 19), date(2027, 6, 30))
    stages = [(stage, day) for _, stage, day, _, _ in await queued(bot)]
    assert stages == [
        ("d14", date(2027, 3, 17)),
        ("d14", date(2027, 6, 16)),
        ("d3", date(2027, 6, 25)),
        ("d0", date(2027, 6, 30)),
    ]


async def test_a_finished_or_held_measure_gets_nothing_more(bot: Harness) -> None:
    await setup(bot)
    await travel(bot, date(2027, 3, 17), date(2027, 3, 17))
    bot.clock.now = at(date(2027, 3, 18), 10).astimezone(UTC)
    await bot.say("!update M1 fertig status=abgeschlossen")
    await travel(bot, date(2027, 3, 18), date(2027, 4, 30))
    assert [stage for _, stage, _, _, _ in await queued(bot)] == ["d14"]


async def test_a_restart_between_due_time_and_run_sends_once(bot: Harness) -> None:
    await setup(bot)
    # the bot was down at 09:00 on 17.03.; it starts at 11:30 and runs at once
    assert await run(bot, at(date(2027, 3, 17), 11, 30)) == 1
    assert await run(bot, at(date(2027, 3, 17), 11, 31)) == 0  # a second start
    assert len(await queued(bot)) == 1


async def test_after_a_long_downtime_only_the_newest_stage_goes_out(bot: Harness) -> None:
    await setup(bot)
    await run(bot, at(date(2027, 3, 26), 10))  # d14 and d3 were missed
    assert [stage for _, stage, _, _, _ in await queued(bot)] == ["d3"]


async def test_stages_past_when_the_deadline_was_set_are_skipped(bot: Harness) -> None:
    bot.clock.now = at(date(2027, 3, 26), 10).astimezone(UTC)
    await bot.say("!fb neu FB18 Personal kontakt=@anna:example.org")
    await bot.say("!massnahme neu HF2 Kurzfristig fb=FB18 frist=31.03.2027")
    await travel(bot, date(2027, 3, 26), date(2027, 3, 31))
    assert [stage for _, stage, _, _, _ in await queued(bot)] == ["d0"]


async def test_reminder_goes_to_the_department_room_and_mentions_contacts(bot: Harness) -> None:
    await setup(bot, room="raum=#fb18:example.org")
    await run(bot, at(date(2027, 3, 17)))
    [(_, _, _, room, content)] = await queued(bot)
    assert room == "#fb18:example.org"
    assert content["m.mentions"] == {"user_ids": ["@anna:example.org"]}
    body = content["body"]
    for fact in (
        "Erinnerung zu 1 Maßnahme",
        "M1",
        "Sprachkurse",
        "Mi, 31.03.2027",
        "in 14 Tagen",
        "FB18: @anna:example.org",
        "!update M1",
    ):
        assert fact in body, fact
    assert 'href="https://matrix.to/#/@anna:example.org"' in content["formatted_body"]
    async with bot.database.transaction() as store:
        message = (await store.session.scalars(select(OutboxMessage))).all()[-1]
        assert message.fallback_room_id == GROUP_ROOM
        txn_id = reminders_txn_id("#fb18:example.org", date(2027, 3, 17), ["M1:d14"])
        assert message.txn_id == txn_id


async def test_overdue_goes_to_the_group_and_mentions_coordinators(bot: Harness) -> None:
    await setup(bot, room="raum=#fb18:example.org")
    await run(bot, at(date(2027, 4, 1)))
    [(_, stage, _, room, content)] = await queued(bot)
    assert (stage, room) == ("o1", GROUP_ROOM)
    assert content["m.mentions"] == {"user_ids": ["@anna:example.org", COORDINATOR]}
    assert "Überfällig" in content["body"] and "seit gestern überfällig" in content["body"]


async def test_a_department_without_contacts_names_the_coordinators(bot: Harness) -> None:
    await bot.say("!fb neu FB18 Personal")
    await bot.say("!massnahme neu HF2 Sprachkurse fb=FB18 frist=31.03.2027")
    await run(bot, at(date(2027, 3, 17)))
    [(_, _, _, _, content)] = await queued(bot)
    assert f"FB18: {COORDINATOR}" in content["body"]
    assert content["m.mentions"] == {"user_ids": [COORDINATOR]}


async def two_rooms(bot: Harness) -> None:
    """M1 of FB18 (its own room) and M2 of FB19 (the group room), due on the same day."""
    await setup(bot, room="raum=#fb18:example.org")
    await bot.say("!fb neu FB19 Kultur kontakt=@ben:example.org")
    await bot.say("!massnahme neu HF1 Zweite fb=FB19 frist=31.03.2027")


async def test_one_rooms_failing_message_does_not_stop_the_others(
    bot: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await two_rooms(bot)
    original = reminders.daily_reply

    def broken(entries: Any, *args: Any) -> Any:
        if any(e.measure.id == 1 for e in entries):
            raise RuntimeError("kaputt")
        return original(entries, *args)

    monkeypatch.setattr(reminders, "daily_reply", broken)
    assert await run(bot, at(date(2027, 3, 17))) == 1
    assert [m for m, _, _, _, _ in await queued(bot)] == [2]
    monkeypatch.undo()  # the next run sends what failed, once
    assert await run(bot, at(date(2027, 3, 17), 15)) == 1
    assert sorted(m for m, _, _, _, _ in await queued(bot)) == [1, 2]


async def test_a_message_the_database_refuses_does_not_stop_the_others(bot: Harness) -> None:
    await two_rooms(bot)
    async with bot.database.transaction() as store:  # FB18's transaction id is taken already
        txn_id = reminders_txn_id("#fb18:example.org", date(2027, 3, 17), ["M1:d14"])
        await store.outbox.enqueue(ROOM, txn_id, "m.room.message", {}, bot.clock.now)
    assert await run(bot, at(date(2027, 3, 17))) == 1
    assert [m for m, _, _, _, _ in await queued(bot)] == [2]


async def test_a_contacts_tick_acknowledges_the_reminder(bot: Harness) -> None:
    await setup(bot)
    await run(bot, at(date(2027, 3, 17)))
    async with bot.database.transaction() as store:
        message = (await store.session.scalars(select(OutboxMessage))).all()[-1]
        await store.outbox.mark_sent(message.id, "$reminder", datetime.now(UTC))
    bot.clock.now = at(date(2027, 3, 17), 10, 5).astimezone(UTC)
    for sender, key in (("@ben:example.org", "✅"), (STAFF, "👀")):
        await bot.dispatcher.handle_reaction(
            IncomingReaction(ROOM, f"$r-{key}", sender, "$reminder", key)
        )
    assert "zur Kenntnis" not in await bot.body("!massnahme M1")
    await bot.dispatcher.handle_reaction(IncomingReaction(ROOM, "$tick", STAFF, "$reminder", "✅"))
    shown = await bot.body("!massnahme M1")
    assert "zur Kenntnis genommen von @anna:example.org am 17.03.2027 10:05" in shown
    assert "zur Kenntnis genommen von @anna" in await bot.body("!erinnerungen M1")


async def test_reminders_command_lists_planned_and_sent(bot: Harness) -> None:
    await setup(bot)
    body = await bot.body("!erinnerungen M1")
    assert "17.03.2027 09:00" in body and "14 Tage vor der Frist" in body
    assert "25.03.2027 09:00" in body and "31.03.2027 09:00" in body
    assert "01.04.2027 09:00" in body and "überfällig (Tag 1)" in body
    await run(bot, at(date(2027, 3, 17)))
    bot.clock.now = at(date(2027, 3, 18)).astimezone(UTC)
    body = await bot.body("!erinnerungen")
    assert "Geplant (3)" in body and "Gesendet (1)" in body  # d3, d0, o1
    assert "17.03.2027 09:00 · M1 · 14 Tage vor der Frist" in body
    bot.clock.now = at(date(2027, 6, 1)).astimezone(UTC)
    assert "überfällig (Tag 64)" in await bot.body("!erinnerungen")  # escalation goes on
    await bot.say("!update M1 fertig status=abgeschlossen")
    assert "Keine geplanten oder gesendeten" in await bot.body("!erinnerungen")
