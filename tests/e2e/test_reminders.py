"""Reminders through a real Synapse: delivery with mentions, ✅, fallback, no double send."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.config import load_config
from bot.sandbox import Homeserver, create_group_room, write_config
from storage.db import Database
from storage.repositories.audit import Origin
from tests.e2e.conftest import E2E, PASSWORD, staff_client
from tests.e2e.harness import BotProcess, Staff

pytestmark = E2E

BOT = "europa-bot-erinnerung"


async def seed(config: Path, anna: str) -> None:
    """Two measures due tomorrow whose deadlines were set a month ago: the 3-day stage is due.

    FB18 has no room of its own (group room); FB99's room does not exist (fallback).
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
        await store.measures.add(
            origin, field_code="HF2", title="Sprachkurse", department=fb18, deadline=tomorrow
        )
        await store.measures.add(
            origin, field_code="HF3", title="Willkommenskultur", department=fb99, deadline=tomorrow
        )
    await database.close()


def reminders_for(staff: Staff, measure: str) -> list[dict[str, Any]]:
    return [
        e
        for e in staff.received
        if e.get("content", {}).get("body", "").find(f"von {measure} ") > 0
    ]


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
    await seed(config, anna.user_id)
    bot = BotProcess(config, tmp_path / "bot.log")
    try:
        await bot.start()
        await anna.wait_for(lambda _: reminders_for(anna, "M1") and reminders_for(anna, "M2"))
        [reminder] = reminders_for(anna, "M1")
        content = reminder["content"]
        print("\nreminder as received:\n" + content["body"])
        assert reminder["room_id"] == room
        assert content["m.mentions"] == {"user_ids": [anna.user_id]}
        assert f'href="https://matrix.to/#/{anna.user_id}"' in content["formatted_body"]
        assert "morgen" in content["body"] and "!update M1" in content["body"]
        # FB99's room does not exist: its reminder came to the group, with one report
        [fallback] = reminders_for(anna, "M2")
        assert fallback["room_id"] == room
        await anna.wait_for(
            lambda received: any(
                "#gibtsnicht:localhost" in e.get("content", {}).get("body", "") for e in received
            )
        )

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
            shown = (await anna.ask(room, "!massnahme M1"))["body"]
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
                "UPDATE outbox SET sent_at = NULL, sent_event_id = NULL "
                "WHERE txn_id LIKE 'reminder-M1-%'"
            ).rowcount
        assert changed == 1
        await bot.start()
        await asyncio.sleep(3)
        with sqlite3.connect(tmp_path / "bot-data" / "europa-bot.db") as db:
            [(resent_id,)] = db.execute(
                "SELECT sent_event_id FROM outbox WHERE txn_id LIKE 'reminder-M1-%'"
            ).fetchall()
        assert resent_id == reminder["event_id"]  # the homeserver answered with the old event
        assert len(reminders_for(anna, "M1")) == 1
        reports = [
            e
            for e in anna.received
            if "#gibtsnicht:localhost" in e.get("content", {}).get("body", "")
        ]
        assert len(reports) == 1
    finally:
        await bot.stop()
        await anna.stop()
