"""Reminders through a real Synapse: delivery with mentions, ✅, fallback, no double send."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.config import load_config
from bot.local_synapse import SERVER_NAME, Homeserver, create_group_room
from bot.sandbox import write_config
from storage.db import Database
from storage.repositories.audit import Origin
from tests.e2e.conftest import E2E, PASSWORD, staff_client
from tests.e2e.harness import BotProcess, Staff

pytestmark = E2E

BOT = "europa-bot-erinnerung"
BOT_ID = f"@{BOT}:{SERVER_NAME}"


async def seed(config: Path, anna: str) -> tuple[str, str]:
    """Two measures due tomorrow whose deadlines were set a month ago: the 3-day stage is due.

    FB18 has no room of its own (group room); FB99's room does not exist (fallback).
    Returns the ids of FB18's measure and of FB99's, e.g. ("M1", "M2").
    """
    settings = load_config(config)
    database = Database(settings.storage.url)
    await database.start(settings.fields, settings.goals)
    origin = Origin("@koordination:localhost", datetime.now(UTC) - timedelta(days=30))
    tomorrow = datetime.now(settings.bot.tz).date() + timedelta(days=1)
    async with database.transaction() as store:
        fb18 = await store.departments.add(
            "FB18", "Personal und Organisation", None, [anna], origin
        )
        fb99 = await store.departments.add(
            "FB99", "Ohne Raum", "#gibtsnicht:localhost", [anna], origin
        )
        in_group = await store.measures.add(
            origin, field_code="HF2", title="Sprachkurse", department=fb18, deadline=tomorrow
        )
        fallback = await store.measures.add(
            origin, field_code="HF3", title="Willkommenskultur", department=fb99, deadline=tomorrow
        )
    await database.close()
    return f"M{in_group.id}", f"M{fallback.id}"


def from_bot(staff: Staff, text: str) -> list[dict[str, Any]]:
    """What this test's bot said that contains `text` (staff also see other tests' rooms)."""
    return [
        e
        for e in staff.received
        if e.get("sender") == BOT_ID and text in str(e.get("content", {}).get("body", ""))
    ]


def reminders_for(staff: Staff, measure: str) -> list[dict[str, Any]]:
    return from_bot(staff, f"von {measure} ")


async def test_reminders_reach_staff_once_with_mentions(
    homeserver: Homeserver, tmp_path: Path
) -> None:
    anna = await staff_client(homeserver, "anna", tmp_path)
    owner = await homeserver.client("koordination", PASSWORD)
    room = await create_group_room(
        owner, [anna.client], [homeserver.user_id(BOT)], alias="erinnerung"
    )
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
    grouped, fallen_back = await seed(config, anna.user_id)
    bot = BotProcess(config, tmp_path / "bot.log")
    try:
        await bot.start()
        await anna.wait_for(
            lambda _: reminders_for(anna, grouped) and reminders_for(anna, fallen_back)
        )
        [reminder] = reminders_for(anna, grouped)
        content = reminder["content"]
        print("\nreminder as received:\n" + content["body"])
        assert reminder["room_id"] == room
        assert content["m.mentions"] == {"user_ids": [anna.user_id]}
        assert f'href="https://matrix.to/#/{anna.user_id}"' in content["formatted_body"]
        assert "morgen" in content["body"] and f"!update {grouped}" in content["body"]
        # FB99's room does not exist: its reminder came to the group, with one report
        [fallback] = reminders_for(anna, fallen_back)
        assert fallback["room_id"] == room
        await anna.wait_for(lambda _: from_bot(anna, "#gibtsnicht:localhost"))

        # a ✅ from the contact is recorded and shown
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
        for _ in range(50):
            shown = (await anna.ask(room, f"!massnahme {grouped}"))["body"]
            if "zur Kenntnis genommen von @anna:localhost" in shown:
                break
            await asyncio.sleep(0.2)
        else:
            raise AssertionError(f"acknowledgement not shown:\n{shown}")

        # a crash after sending and before recording: the record is lost, the resend
        # carries the same transaction id and Synapse drops it
        assert await bot.stop() == 0
        with sqlite3.connect(tmp_path / "bot-data" / "europa-bot.db") as db:
            changed = db.execute(
                "UPDATE outbox SET sent_at = NULL, sent_event_id = NULL WHERE txn_id LIKE ?",
                (f"reminder-{grouped}-%",),
            ).rowcount
        assert changed == 1
        await bot.start()
        await asyncio.sleep(3)
        with sqlite3.connect(tmp_path / "bot-data" / "europa-bot.db") as db:
            [(resent_id,)] = db.execute(
                "SELECT sent_event_id FROM outbox WHERE txn_id LIKE ?", (f"reminder-{grouped}-%",)
            ).fetchall()
        assert resent_id == reminder["event_id"]  # the homeserver answered with the old event
        assert len(reminders_for(anna, grouped)) == 1
        assert len(from_bot(anna, "#gibtsnicht:localhost")) == 1
    finally:
        await bot.stop()
        await anna.stop()
