"""Encrypted commands whose room key comes late, or never: kept across a restart, then read.

The staff client withholds its room keys from the bot's device (it blacklists it), so
the bot receives two commands it cannot decrypt. The bot is restarted. Then the room key
of one of them arrives after all (sent by hand, as a delayed to-device message would):
that command is answered. The other one's key never comes: after two minutes its sender
is told that the bot cannot read it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from nio import ToDeviceMessage, ToDeviceResponse

from bot.local_synapse import Homeserver, create_group_room
from tests.e2e.conftest import E2E, PASSWORD, staff_client
from tests.e2e.harness import BotProcess, until

pytestmark = E2E
BOT = "europa-bot-schluessel"


def kept(database: Path) -> set[str]:
    with sqlite3.connect(database) as db:
        return {event_id for (event_id,) in db.execute("SELECT event_id FROM undecrypted_events")}


async def test_late_keys_are_waited_for_and_missing_ones_are_reported(
    homeserver: Homeserver, tmp_path: Path
) -> None:
    anna = await staff_client(homeserver, "anna", tmp_path)
    await homeserver.register(BOT, PASSWORD)
    bot_id = homeserver.user_id(BOT)
    room = await create_group_room(
        anna.client, [], [bot_id], alias="schluessel", encrypted=True, name="Schlüssel"
    )
    bot = await BotProcess.launch(
        homeserver, tmp_path, PASSWORD, ["#schluessel:localhost"], [anna.user_id], name=BOT
    )
    database = tmp_path / "bot-data" / "europa-bot.db"
    try:
        await anna.joined(room, bot_id)
        # the staff client must know the bot's device before it can share keys with it
        while not list(anna.client.device_store.active_user_devices(bot_id)):
            await anna.client.keys_query()
        assert "Befehle" in (await anna.ask(room, "!hilfe"))["body"]  # keys work at first
        olm = anna.client.olm
        assert olm is not None
        for device in anna.client.device_store.active_user_devices(bot_id):
            anna.client.blacklist_device(device)
        olm.create_outbound_group_session(room)  # a new session, shared without the bot
        never = await anna.send(room, "!fristen")
        olm.create_outbound_group_session(room)  # and another one, whose key comes late
        session = olm.outbound_group_sessions[room]
        room_key = {
            "algorithm": "m.megolm.v1.aes-sha2",
            "room_id": room,
            "session_id": session.id,
            "session_key": session.session_key,  # from message index 0 on
        }
        late = await anna.send(room, "!massnahmen")
        await until(lambda: {never, late} <= kept(database))

        await bot.stop()
        await bot.start()
        assert {never, late} <= kept(database)  # nothing lost across the restart

        # the room key of the second session arrives now (a delayed to-device message)
        for device in anna.client.device_store.active_user_devices(bot_id):
            olm_session = olm.session_store.get(device.curve25519)
            encrypted = olm._olm_encrypt(olm_session, device, "m.room_key", room_key)
            sent = await anna.client.to_device(
                ToDeviceMessage("m.room.encrypted", bot_id, device.id, encrypted)
            )
            assert isinstance(sent, ToDeviceResponse), sent
        answer = await anna.reply_to(late, wait_s=60)
        assert "Maßnahme" in answer["body"]  # "Keine Maßnahmen …", "1 Maßnahme", "2 Maßnahmen"

        notice = await anna.reply_to(never, wait_s=200)
        print("\nnotice as received:\n" + notice["body"])
        assert "nicht lesen" in notice["body"] and "Anna Albers" in notice["body"]
        pill = f'<a href="https://matrix.to/#/{anna.user_id}">Anna Albers</a>'
        assert pill in notice["formatted_body"]
        assert notice["m.mentions"] == {"user_ids": [anna.user_id]}
        assert len(anna.replies_to(never)) == 1 and len(anna.replies_to(late)) == 1
    finally:
        await bot.stop()
        await anna.stop()
