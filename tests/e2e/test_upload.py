"""Catalogue upload through a real Synapse: a coordinator posts a CSV file to the group
room, the bot answers with the dry run and a code, somebody else's confirmation is
refused, the uploader's applies it; in a plain and in an encrypted group room."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from nio import AsyncClient, UploadResponse

from bot.local_synapse import Homeserver, create_group_room
from tests.e2e.conftest import E2E, PASSWORD, World, staff_client
from tests.e2e.harness import BotProcess, Staff

pytestmark = E2E


def catalogue(tag: str) -> bytes:
    """A small catalogue of two new measures, as a German spreadsheet writes it."""
    return (
        "ID;Handlungsfeld;Titel;Status;Fortschritt\n"
        f";HF3;Welcome Center {tag};laufend;10\n"
        f";HF1;Partnerschaftsbörse {tag};;\n"
    ).encode("utf-8-sig")


async def post_file(staff: Staff, room: str, data: bytes, encrypt: bool) -> str:
    """Upload `data` as katalog.csv and post it to `room` (encrypted for an encrypted room)."""
    client: AsyncClient = staff.client
    uploaded, keys = await client.upload(
        lambda *_: data, "text/csv", "katalog.csv", encrypt=encrypt, filesize=len(data)
    )
    assert isinstance(uploaded, UploadResponse), uploaded
    where: dict[str, Any] = (
        {"file": {**(keys or {}), "url": uploaded.content_uri}}
        if encrypt
        else {"url": uploaded.content_uri}
    )
    return await staff.send(
        room,
        "katalog.csv",
        msgtype="m.file",
        filename="katalog.csv",
        info={"mimetype": "text/csv", "size": len(data)},
        **where,
    )


async def upload_then_confirm(coordinator: Staff, other: Staff, room: str, encrypt: bool) -> None:
    tag = "verschlüsselt" if encrypt else "offen"
    event = await post_file(coordinator, room, catalogue(tag), encrypt)
    dry_run = await coordinator.reply_to(event)
    print(f"\ndry run as received ({tag}):\n" + dry_run["body"])
    assert "Probelauf" in dry_run["body"] and "2 Maßnahmen neu" in dry_run["body"]
    code = dry_run["body"].split("!import bestätigen ")[1].split()[0]
    assert dry_run["m.mentions"] == {"user_ids": [coordinator.user_id]}

    refused = await other.ask(room, f"!import bestätigen {code}")
    assert "dürfen nur" in refused["body"]  # not a coordinator, let alone the uploader
    assert f"Welcome Center {tag}" not in (await other.ask(room, "!massnahmen HF3"))["body"]

    applied = await coordinator.ask(room, f"!import bestätigen {code}")
    print(f"confirmation as received ({tag}):\n" + applied["body"])
    assert applied["body"].startswith("✅ Katalog „katalog.csv“ übernommen: 2 Maßnahmen neu")
    found = re.search(r"Neu: M(\d+), M\d+", applied["body"])
    assert found, applied["body"]
    number = int(found[1])
    shown = (await other.ask(room, f"!massnahme M{number}"))["body"]
    assert f"Welcome Center {tag}" in shown and "Status: laufend" in shown
    history = (await other.ask(room, f"!verlauf M{number}"))["body"]
    assert "Koordination" in history  # the audit trail names the uploader
    again = await coordinator.ask(room, f"!import bestätigen {code}")
    assert "schon übernommen" in again["body"]


async def test_a_catalogue_uploaded_to_the_group_room(world: World) -> None:
    await upload_then_confirm(world.koordination, world.anna, world.group_room, encrypt=False)


async def test_a_catalogue_uploaded_to_an_encrypted_group_room(
    homeserver: Homeserver, tmp_path: Path
) -> None:
    name = "europa-bot-upload"
    await homeserver.register(name, PASSWORD)
    coordinator = await staff_client(homeserver, "koordination", tmp_path)
    anna = await staff_client(homeserver, "anna", tmp_path)
    room = await create_group_room(
        coordinator.client,
        [anna.client],
        [homeserver.user_id(name)],
        alias="upload-vertraulich",
        encrypted=True,
    )
    bot = await BotProcess.launch(
        homeserver,
        tmp_path,
        PASSWORD,
        ["#upload-vertraulich:localhost"],
        [coordinator.user_id],
        name=name,
    )
    try:
        await coordinator.joined(room, homeserver.user_id(name))
        await upload_then_confirm(coordinator, anna, room, encrypt=True)
    finally:
        await bot.stop()
        await coordinator.stop()
        await anna.stop()
