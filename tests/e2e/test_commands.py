"""The bot in real rooms on Synapse, as staff clients see it."""

from __future__ import annotations

import asyncio
import json
import secrets

from tests.e2e.conftest import E2E, ON_BOTH_DATABASES, World
from tests.e2e.harness import created_number, new_measure

CREATE = "HF2 Sprachkurse für Beschäftigte frist=31.03.2027"

pytestmark = [*E2E, ON_BOTH_DATABASES]


async def test_help_is_a_notice_replying_to_the_command(world: World) -> None:
    event_id = await world.anna.send(world.group_room, "!hilfe")
    reply = await world.anna.reply_to(event_id)
    assert reply["msgtype"] == "m.notice"
    assert reply["m.relates_to"]["m.in_reply_to"]["event_id"] == event_id
    assert "!massnahme neu HF<n> <Titel>" in reply["body"]
    assert "<code>!massnahme neu HF&lt;n&gt; &lt;Titel&gt;" in reply["formatted_body"]
    assert reply["m.mentions"] == {"user_ids": []}


async def test_coordinator_creates_a_measure_and_staff_reads_it(world: World) -> None:
    room, code = world.group_room, f"FB-{secrets.token_hex(3)}"
    created = await world.koordination.ask(
        room, f"!fb neu {code} Personal und Organisation kontakt=@anna:localhost"
    )
    assert code in created["body"]
    reply = await world.koordination.ask(room, f"!massnahme neu {CREATE} fb={code}")
    assert "31.03.2027" in reply["body"]
    shown = await world.anna.ask(room, f"!massnahme M{created_number(reply['body'])}")
    assert "Sprachkurse für Beschäftigte" in shown["body"]
    assert f"{code} – Personal und Organisation" in shown["body"]


async def test_staff_is_refused_and_nothing_is_created(world: World) -> None:
    room = world.group_room
    last = await new_measure(world.koordination, room, "HF2 Vorher angelegt")
    refused = await world.anna.ask(room, f"!massnahme neu {CREATE}")
    assert "Koordinatorinnen und Koordinatoren" in refused["body"]
    # no other test runs meanwhile: had the refused command made a measure, it had this id
    after = await world.anna.ask(room, f"!massnahme M{last + 1}")
    assert f"M{last + 1} gibt es nicht" in after["body"]


async def test_bad_input_gets_a_german_error(world: World) -> None:
    room = world.group_room
    assert (
        "HF9 gibt es nicht"
        in (await world.koordination.ask(room, "!massnahme neu HF9 Titel"))["body"]
    )
    missing = await world.anna.ask(room, "!massnahme M999999999")  # the largest id there is
    assert "M999999999 gibt es nicht" in missing["body"]
    assert "Meinten Sie !massnahmen?" in (await world.anna.ask(room, "!masnahmen"))["body"]
    odd = await world.anna.ask(room, "!massnahme " + "\u202e\u200b" * 50)
    assert "keine Maßnahmen-ID" in odd["body"] or "Es fehlt" in odd["body"]


async def test_reply_stays_in_a_thread(world: World) -> None:
    room = world.group_room
    root = await world.anna.send(room, "Frage zum Stand")
    reply = await world.anna.ask(
        room,
        "!massnahmen",
        **{
            "m.relates_to": {
                "rel_type": "m.thread",
                "event_id": root,
                "is_falling_back": True,
                "m.in_reply_to": {"event_id": root},
            }
        },
    )
    assert reply["m.relates_to"]["rel_type"] == "m.thread"
    assert reply["m.relates_to"]["event_id"] == root


async def test_encrypted_room_works_like_a_plain_one(world: World) -> None:
    reply = await world.anna.ask(world.secret_room, "!hilfe massnahmen")
    assert "!massnahmen" in reply["body"]
    assert world.anna.undecryptable == 0


async def test_own_and_bot_notices_are_ignored(world: World) -> None:
    room = world.group_room
    notice = await world.anna.send(room, "!hilfe")
    # a notice is what bots send; the bot must not answer it
    bot_like = (
        await world.anna.client.room_send(
            room, "m.room.message", {"msgtype": "m.notice", "body": "!massnahmen"}
        )
    ).event_id
    await world.anna.reply_to(notice)
    await asyncio.sleep(1.0)
    assert world.anna.replies_to(bot_like) == []


async def test_invites_from_coordinators_are_accepted_others_declined(world: World) -> None:
    bot_id = world.bot_id
    stranger = await world.ben.client.room_create(name="Fremd", invite=[bot_id])
    invited = await world.koordination.client.room_create(name="Neu", invite=[bot_id])

    async def membership(staff_room: str, client: object) -> str | None:
        response = await world.koordination.client.joined_members(staff_room)
        members = {m.user_id for m in getattr(response, "members", [])}
        return "join" if bot_id in members else None

    for _ in range(100):
        if await membership(invited.room_id, world.koordination) == "join":
            break
        await asyncio.sleep(0.2)
    else:
        raise AssertionError("bot did not accept the coordinator's invite")
    state = await world.ben.client.room_get_state_event(stranger.room_id, "m.room.member", bot_id)
    for _ in range(100):
        state = await world.ben.client.room_get_state_event(
            stranger.room_id, "m.room.member", bot_id
        )
        if getattr(state, "content", {}).get("membership") == "leave":
            break
        await asyncio.sleep(0.2)
    assert state.content["membership"] == "leave", json.dumps(state.content)
