"""Reminders through a real Synapse: one message per room and day, with the deputy of an
away contact, a question for a Sachstand, ✅, fallback, no double send."""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.config import load_config
from bot.local_synapse import SERVER_NAME, Homeserver, create_group_room
from bot.sandbox import write_config
from plan.working_days import is_working_day
from storage.db import Database
from storage.repositories.audit import Origin
from tests.e2e.conftest import E2E, PASSWORD, staff_client
from tests.e2e.harness import BotProcess, Staff

pytestmark = E2E

BOT = "europa-bot-erinnerung"
BOT_ID = f"@{BOT}:{SERVER_NAME}"


@dataclass(frozen=True)
class Seeded:
    """What `seed` made: FB18's two measures due tomorrow and its running one, FB99's."""

    due: tuple[str, str]
    running: str
    fallen_back: str


async def seed(config: Path, anna: str, ben: str) -> Seeded:
    """FB18 (no room: the group room) has two measures due tomorrow, whose deadlines were
    set a month ago (a reminder stage is due), and a running one without an update for two
    months (a question is due on working days). Its contact Anna is away; Ben stands in.
    FB99's room does not exist (fallback) and has one measure due tomorrow.
    """
    settings = load_config(config)
    database = Database(settings.storage.url)
    await database.start(settings.fields, settings.goals)
    now = datetime.now(UTC)
    origin = Origin("@koordination:localhost", now - timedelta(days=30))
    tomorrow = datetime.now(settings.bot.tz).date() + timedelta(days=1)
    async with database.transaction() as store:
        fb18 = await store.departments.add(
            "FB18", "Personal und Organisation", None, [anna], origin
        )
        fb99 = await store.departments.add(
            "FB99", "Ohne Raum", "#gibtsnicht:localhost", [anna], origin
        )
        courses, mentoring = [
            await store.measures.add(
                origin, field_code="HF2", title=title, department=fb18, deadline=tomorrow
            )
            for title in ("Sprachkurse", "Mentoring")
        ]
        running = await store.measures.add(
            Origin("@koordination:localhost", now - timedelta(days=60)),
            field_code="HF3",
            title="Willkommenszentrum",
            department=fb18,
            status="laufend",
        )
        fallback = await store.measures.add(
            origin, field_code="HF3", title="Willkommenskultur", department=fb99, deadline=tomorrow
        )
        await store.absences.set(anna, tomorrow + timedelta(days=7), ben, Origin(anna, now))
    await database.close()
    return Seeded((f"M{courses.id}", f"M{mentoring.id}"), f"M{running.id}", f"M{fallback.id}")


def from_bot(staff: Staff, text: str) -> list[dict[str, Any]]:
    """What this test's bot said that contains `text` (staff also see other tests' rooms)."""
    return [
        e
        for e in staff.received
        if e.get("sender") == BOT_ID and text in str(e.get("content", {}).get("body", ""))
    ]


def reminders_for(staff: Staff, measure: str) -> list[dict[str, Any]]:
    return from_bot(staff, f"{measure} „")


async def test_reminders_reach_staff_once_grouped_with_the_deputy(
    homeserver: Homeserver, tmp_path: Path
) -> None:
    anna = await staff_client(homeserver, "anna", tmp_path)
    ben_client = await homeserver.client("ben", PASSWORD)
    ben = ben_client.user_id
    owner = await homeserver.client("koordination", PASSWORD)
    room = await create_group_room(
        owner, [anna.client, ben_client], [homeserver.user_id(BOT)], alias="erinnerung"
    )
    await ben_client.close()
    await owner.close()
    config = tmp_path / "config.toml"
    write_config(
        config,
        homeserver,
        BOT,
        PASSWORD,
        ["#erinnerung:localhost"],
        ["@koordination:localhost"],
        tmp_path / "bot-data",
    )
    seeded = await seed(config, anna.user_id, ben)
    first, second = seeded.due
    bot = BotProcess(config, tmp_path / "bot.log")
    try:
        await bot.start()
        await anna.wait_for(
            lambda _: reminders_for(anna, first) and reminders_for(anna, seeded.fallen_back)
        )
        # both measures of FB18 in one message, naming the deputy and not the away contact
        [reminder] = reminders_for(anna, first)
        assert reminders_for(anna, second) == [reminder]
        content = reminder["content"]
        print("\nreminder as received:\n" + content["body"])
        assert reminder["room_id"] == room
        assert content["m.mentions"] == {"user_ids": [ben]}
        # named by display name, as a pill linking the id
        assert f'<a href="https://matrix.to/#/{ben}">Ben Berger</a>' in content["formatted_body"]
        assert "FB18: Ben Berger" in content["body"]
        assert anna.user_id not in content["body"] and "Anna" not in content["body"]
        assert "morgen" in content["body"] and f"!update {first}" in content["body"]
        today = datetime.now(load_config(config).bot.tz).date()
        # the running measure without an update is asked about in the same message
        assert (
            f"{seeded.running} „Willkommenszentrum“ – noch kein Sachstand" in content["body"]
        ) == (is_working_day(today))
        # FB99's room does not exist: its reminder came to the group, with one report
        [fallback] = reminders_for(anna, seeded.fallen_back)
        assert fallback["room_id"] == room
        await anna.wait_for(lambda _: from_bot(anna, "#gibtsnicht:localhost"))

        # a ✅ from the contact acknowledges both measures the message lists
        await anna.client.room_send(
            room,
            "m.reaction",
            {
                "m.relates_to": {
                    "rel_type": "m.annotation",
                    "event_id": reminder["event_id"],
                    "key": "✅",
                }
            },
        )
        for measure in (first, second):
            for _ in range(50):
                shown = (await anna.ask(room, f"!massnahme {measure}"))["body"]
                if "zur Kenntnis genommen von Anna Albers" in shown:
                    break
                await asyncio.sleep(0.2)
            else:
                raise AssertionError(f"acknowledgement not shown:\n{shown}")

        # a crash after sending and before recording: the record is lost, the resend
        # carries the same transaction id and Synapse drops it
        assert await bot.stop() == 0
        database = tmp_path / "bot-data" / "europa-bot.db"
        with sqlite3.connect(database) as db:
            changed = db.execute(
                "UPDATE outbox SET sent_at = NULL, sent_event_id = NULL WHERE sent_event_id = ?",
                (reminder["event_id"],),
            ).rowcount
        assert changed == 1
        await bot.start()
        await asyncio.sleep(3)
        with sqlite3.connect(database) as db:
            [(resent_id,)] = db.execute(
                "SELECT sent_event_id FROM outbox WHERE txn_id LIKE 'reminders-%' "
                "AND content LIKE ?",
                (f"%{first} %",),
            ).fetchall()
        assert resent_id == reminder["event_id"]  # the homeserver answered with the old event
        assert len(reminders_for(anna, first)) == 1
        assert len(from_bot(anna, "#gibtsnicht:localhost")) == 1
    finally:
        await bot.stop()
        await anna.stop()
