"""Hostile input in real rooms: foreign power, other people's edits, formulas, poison events."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

from nio import RoomCreateResponse, RoomPutStateResponse

from bot.local_synapse import Homeserver, create_group_room
from tests.e2e.conftest import E2E, PASSWORD, World, staff_client
from tests.e2e.harness import BotProcess, new_measure
from tests.e2e.test_digest import attachment_of, download

pytestmark = E2E


# long enough for a reply that should not come to show up, if it came
QUIET_S = 2.0


async def test_an_admin_of_a_foreign_room_gets_no_power(world: World) -> None:
    ben, bot_id = world.ben, world.bot_id
    # a coordinator brings the bot into a department's room, where ben is admin
    created = await world.koordination.client.room_create(
        name="Fachbereich", invite=[ben.user_id, bot_id]
    )
    assert isinstance(created, RoomCreateResponse), created
    room = created.room_id
    await ben.client.join(room)
    # in a room of version 12 its creator has power without being listed
    levels = {"users": {ben.user_id: 100}}
    put = await world.koordination.client.room_put_state(room, "m.room.power_levels", levels)
    assert isinstance(put, RoomPutStateResponse), put
    await ben.joined(room, bot_id)
    refused = await ben.ask(room, "!massnahme neu HF1 Übernahme durch Fremde")
    assert "Diesen Befehl dürfen nur" in refused["body"]
    refused = await ben.ask(room, "!fb neu FREMD Fremdbereich")
    assert "Diesen Befehl dürfen nur" in refused["body"]
    listed = await world.anna.ask(world.group_room, "!fachbereiche")
    assert "FREMD" not in listed["body"]


async def test_an_edit_of_someone_elses_message_is_ignored(world: World) -> None:
    room = world.group_room
    last = await new_measure(world.koordination, room, "HF1 Vor dem Unterschieben")
    chat = await world.anna.send(room, "Ich schaue mir das morgen an.")
    forged = await world.koordination.send(
        room,
        "* !massnahme neu HF1 Untergeschoben",
        **{
            "m.new_content": {"msgtype": "m.text", "body": "!massnahme neu HF1 Untergeschoben"},
            "m.relates_to": {"rel_type": "m.replace", "event_id": chat},
        },
    )
    # the bot handles a room's events in order: once this is answered, the edit was seen
    shown = await world.anna.ask(room, f"!massnahme M{last + 1}")
    await asyncio.sleep(QUIET_S)
    assert f"M{last + 1} gibt es nicht" in shown["body"]
    assert not world.anna.replies_to(chat) and not world.anna.replies_to(forged)


async def test_a_downloaded_export_has_its_formulas_neutralised(world: World) -> None:
    room = world.group_room
    number = await new_measure(world.koordination, room, 'HF3 "=1+1 Formel"')
    updated = await world.anna.ask(room, f'!update M{number} "=HYPERLINK(http://x)" klick')
    assert "gespeichert" in updated["body"]
    event_id = await world.anna.send(room, "!export")
    csv_file = await attachment_of(world, event_id, "m.file")
    text = (await download(world, csv_file["url"])).decode("utf-8-sig")
    row = next(line for line in text.splitlines() if line.startswith(f"M{number};"))
    assert ";'=1+1 Formel;" in row
    assert ";'=HYPERLINK(http://x) klick;" in row


async def test_malformed_events_are_survived_also_across_a_restart(
    homeserver: Homeserver, tmp_path: Path
) -> None:
    owner = await staff_client(homeserver, "koordination", tmp_path)
    bot_name = "europa-bot-gift"
    await homeserver.register(bot_name, PASSWORD)
    room = await create_group_room(
        owner.client, [], [homeserver.user_id(bot_name)], alias="giftraum"
    )
    bot = await BotProcess.launch(
        homeserver, tmp_path, PASSWORD, ["#giftraum:localhost"], [owner.user_id], name=bot_name
    )
    try:
        assert "Befehle" in (await owner.ask(room, "!hilfe"))["body"]
        poison = [
            await owner.send(room, "!hilfe", **{"m.relates_to": "x"}),
            await owner.send(
                room,
                "* !massnahme neu HF1 Gift",
                **{"m.new_content": "x", "m.relates_to": {"rel_type": "m.replace"}},
            ),
            await owner.send(room, "!hilfe", **{"m.relates_to": {"event_id": 7, "rel_type": 3}}),
            await owner.send(room, "!massnahme neu HF1 " + "\u202e" * 3000),
        ]
        after = await owner.ask(room, "!massnahmen")
        assert bot.process is not None and bot.process.returncode is None
        # kill before the sync position could be stored, start again: the same events replay
        bot.kill()
        await bot.process.wait()
        await bot.start()
        again = await owner.ask(room, "!fristen")
        assert "Fristen" in again["body"]
        await asyncio.sleep(QUIET_S)
        assert bot.process is not None and bot.process.returncode is None
        for event_id in poison:
            assert len(owner.replies_to(event_id)) <= 1, event_id
        assert "Gift" not in after["body"]
        assert "Traceback" not in bot.log_text()
    finally:
        await bot.stop()
        await owner.stop()
    with sqlite3.connect(tmp_path / "bot-data" / "europa-bot.db") as db:
        titles = [t for (t,) in db.execute("SELECT title FROM measures")]
    assert not any("Gift" in t for t in titles)
    assert json.loads((tmp_path / "bot-data" / "credentials.json").read_text())["device_id"]
