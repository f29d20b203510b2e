"""Room versions 11 and 12, and room upgrades, with a bot configured by room id."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from nio import RoomCreateResponse

from bot.local_synapse import Homeserver
from tests.e2e.conftest import E2E, PASSWORD, staff_client
from tests.e2e.harness import BotProcess, Staff

pytestmark = E2E
BERLIN = ZoneInfo("Europe/Berlin")


async def room_of_version(
    owner: Staff, version: str, invite: list[str], **options: Any
) -> tuple[str, str]:
    """A new room of `version` created by `owner`; its id and its version as Synapse says."""
    created = await owner.client.room_create(room_version=version, invite=invite, **options)
    assert isinstance(created, RoomCreateResponse), created
    return created.room_id, version


async def bot_for(
    homeserver: Homeserver, tmp_path: Path, name: str, rooms: list[str], extra: str = ""
) -> BotProcess:
    await homeserver.register(name, PASSWORD)
    return await BotProcess.launch(
        homeserver, tmp_path, PASSWORD, rooms, [], name=name, extra=extra
    )


@pytest.mark.parametrize("version", ["11", "12"])
async def test_the_group_rooms_creator_is_a_coordinator(
    homeserver: Homeserver, tmp_path: Path, version: str
) -> None:
    """No coordinator is listed: power comes from the group room, a creator's included."""
    name = f"europa-bot-v{version}"
    creator = await staff_client(homeserver, "ben", tmp_path)
    member = await staff_client(homeserver, "anna", tmp_path)
    bot_id = homeserver.user_id(name)
    room, _ = await room_of_version(creator, version, [bot_id, member.user_id])
    await member.client.join(room)
    await creator.joined(room, member.user_id)
    if version == "12":
        assert ":" not in room  # room ids of version 12 have no server part
    bot = await bot_for(homeserver, tmp_path, name, [room])
    try:
        created = await creator.ask(room, "!massnahme neu HF1 Vom Raumersteller")
        assert "angelegt" in created["body"], created["body"]
        refused = await member.ask(room, "!massnahme neu HF1 Vom Mitglied")
        assert "Diesen Befehl dürfen nur" in refused["body"]
    finally:
        await bot.stop()
        await creator.stop()
        await member.stop()


def next_cron_minute(lead: timedelta = timedelta(seconds=45)) -> datetime:
    """A whole minute at least `lead` from now, in Berlin."""
    at = (datetime.now(BERLIN) + lead + timedelta(minutes=1)).replace(second=0, microsecond=0)
    return at


async def test_an_upgraded_group_room_is_followed(homeserver: Homeserver, tmp_path: Path) -> None:
    name = "europa-bot-upgrade"
    owner = await staff_client(homeserver, "koordination", tmp_path)
    bot_id = homeserver.user_id(name)
    old_room, _ = await room_of_version(owner, "12", [bot_id])
    digest_at = next_cron_minute()
    cron = f"{digest_at.minute} {digest_at.hour} * * {digest_at:%a}".lower()
    bot = await bot_for(
        homeserver, tmp_path, name, [old_room], extra=f'\n[digest]\ncron = "{cron}"\n'
    )
    try:
        assert "Befehle" in (await owner.ask(old_room, "!hilfe"))["body"]
        response = await owner.client.send(
            "POST",
            f"/_matrix/client/v3/rooms/{old_room}/upgrade",
            json.dumps({"new_version": "12"}),
            {"Authorization": f"Bearer {owner.client.access_token}"},
        )
        assert response.status == 200, await response.text()
        new_room = (await response.json())["replacement_room"]
        # as Element does when upgrading a private room: invite its members to the new one
        await owner.client.room_invite(new_room, bot_id)
        await owner.wait_for(
            lambda _: (
                new_room in owner.client.rooms and bot_id in owner.client.rooms[new_room].users
            ),
            wait_s=60,
        )
        answered = await owner.ask(new_room, "!hilfe")
        assert "Befehle" in answered["body"]
        # the scheduled digest of this week goes to the new room, not the dead one
        wait_s = (digest_at - datetime.now(BERLIN)).total_seconds() + 60
        await owner.wait_for(
            lambda received: any(
                e["room_id"] == new_room and str(e["content"].get("body", "")).startswith("📊")
                for e in received
            ),
            wait_s=wait_s,
        )
        await asyncio.sleep(1)
        assert not any(
            e["room_id"] == old_room and str(e["content"].get("body", "")).startswith("📊")
            for e in owner.received
        )
        assert "was upgraded; serving" in bot.log_text()
    finally:
        await bot.stop()
        await owner.stop()
