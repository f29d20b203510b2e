"""People by their display names (a pill linking the Matrix id), and the typing notice
while a slow command works."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path

import pytest
from aiohttp import web
from nio.rooms import MatrixRoom

from commands.context import Working
from messages.matrix_content import Names, pill
from services.reminders import ReminderService
from tests.unit.conftest import COORDINATOR, STAFF, Harness, make_settings
from tests.unit.offline_gateway import BOT, offline_gateway
from tests.unit.test_daily_reminders import ANNA, BEN, FB18_ROOM, at, messages

CARLA = "@carla:example.org"
NAMES = {
    COORDINATOR: "Koordination Hannover",
    STAFF: "Anna Albers",
    BEN: "Ben <b>Berger</b>",  # a display name is anyone's to choose: escaped like all text
    CARLA: "Carla Conrad",
}


def known(room_id: str) -> Names:
    return NAMES.get


async def test_replies_name_people_by_display_name_with_a_pill(bot: Harness) -> None:
    bot.dispatcher.names = known
    await bot.say("!massnahme neu HF2 Sprachkurse")
    await bot.say("!update M1 Kurse geplant", STAFF)
    shown = await bot.say("!massnahme M1")
    assert "Anna Albers: Kurse geplant" in shown["body"] and STAFF not in shown["body"]
    assert f'<a href="https://matrix.to/#/{STAFF}">Anna Albers</a>' in shown["formatted_body"]
    assert shown["m.mentions"] == {"user_ids": []}  # named, not pinged
    history = await bot.body("!verlauf M1")
    assert "Koordination Hannover · angelegt" in history


async def test_without_a_known_name_the_id_is_shown(bot: Harness) -> None:
    await bot.say("!massnahme neu HF2 Sprachkurse")
    await bot.say("!update M1 Kurse geplant", STAFF)
    shown = await bot.say("!massnahme M1")
    assert f"{STAFF}: Kurse geplant" in shown["body"]
    assert f'<a href="https://matrix.to/#/{STAFF}">{STAFF}</a>' in shown["formatted_body"]


async def test_a_hostile_display_name_is_escaped(bot: Harness) -> None:
    bot.dispatcher.names = known
    await bot.say(f"!fb neu FB18 Personal kontakt={BEN}")
    shown = await bot.say("!fachbereiche")
    assert "Ben <b>Berger</b>" in shown["body"]
    assert "Ben &lt;b&gt;Berger&lt;/b&gt;</a>" in shown["formatted_body"]
    assert "<b>Berger</b>" not in shown["formatted_body"]


async def test_the_daily_reminder_names_contacts_and_deputies_by_display_name(
    bot: Harness,
) -> None:
    await bot.say(f"!fb neu FB18 Personal kontakt={ANNA},{CARLA} raum={FB18_ROOM}")
    await bot.say("!massnahme neu HF2 Sprachkurse fb=FB18 frist=31.03.2027")
    bot.clock.now = at(date(2027, 3, 16))
    await bot.say(f"!abwesend bis 20.03.2027 vertretung={BEN}", ANNA)
    rooms: list[str] = []

    def names_in(room_id: str) -> Names:
        rooms.append(room_id)
        return NAMES.get

    assert await ReminderService(bot.database, make_settings(), names_in).run(at(date(2027, 3, 17)))
    [message] = await messages(bot)
    assert rooms == [FB18_ROOM]  # the names as the room it goes to shows them
    body, html = message.content["body"], message.content["formatted_body"]
    assert "Ben <b>Berger</b>, Carla Conrad" in body and "Anna" not in body
    assert f'<a href="https://matrix.to/#/{BEN}">Ben &lt;b&gt;Berger&lt;/b&gt;</a>' in html
    assert message.content["m.mentions"] == {"user_ids": [BEN, CARLA]}


def room_with(room_id: str, *members: tuple[str, str | None]) -> MatrixRoom:
    room = MatrixRoom(room_id, BOT)
    for user_id, name in members:
        room.add_member(user_id, name, None)
    return room


async def test_the_gateway_takes_names_from_the_room_then_from_any_shared_room(
    tmp_path: Path,
) -> None:
    async with offline_gateway(tmp_path, web.Application(), ["!gruppe"], []) as offline:
        rooms = offline.gateway.client.rooms
        rooms["!gruppe"] = room_with(
            "!gruppe",
            (ANNA, "Anna"),
            (BEN, "Anna"),  # the same name twice: told apart by their ids
            ("@carla:example.org", None),
            ("@dora:example.org", "Dora\u202e\nDorfmann " + "x" * 80),
        )
        rooms["!fb18"] = room_with("!fb18", (ANNA, "Anna Albers"), ("@emil:example.org", "Emil"))
        group = offline.gateway.rooms.names_in("!gruppe")
        assert group(ANNA) == f"Anna ({ANNA})" and group(BEN) == f"Anna ({BEN})"
        assert offline.gateway.rooms.names_in("!fb18")(ANNA) == "Anna Albers"
        assert group("@emil:example.org") == "Emil"  # not in the group room, but in FB18's
        assert group("@carla:example.org") is None  # no display name: shown by id
        assert group("@fremd:example.org") is None
        dora = group("@dora:example.org")
        assert dora is not None and dora.startswith("Dora Dorfmann xxx")
        assert len(dora) == 60 and dora.endswith("…")


async def test_slow_commands_are_shown_as_typing_while_they_work(bot: Harness) -> None:
    shown: list[tuple[str, str]] = []

    def working_in(room_id: str) -> Working:
        @asynccontextmanager
        async def typing() -> AsyncIterator[None]:
            shown.append(("start", room_id))
            yield
            shown.append(("stop", room_id))

        return typing

    bot.dispatcher.working_in = working_in
    await bot.say("!massnahme neu HF2 Sprachkurse")
    await bot.say("!massnahmen")
    assert shown == []
    await bot.say("!export")
    await bot.say("!bericht HF2")
    assert shown == [("start", "!gruppe:example.org"), ("stop", "!gruppe:example.org")] * 2


async def test_the_gateway_sends_typing_and_ends_it_without_holding_up_the_command(
    tmp_path: Path,
) -> None:
    notices: list[bool] = []
    answered = asyncio.Event()

    async def typing(request: web.Request) -> web.Response:
        notices.append((await request.json())["typing"])
        if len(notices) == 2:
            answered.set()
        return web.json_response({})

    app = web.Application()
    app.router.add_put("/_matrix/client/v3/rooms/{room}/typing/{user}", typing)
    async with offline_gateway(tmp_path, app, ["!gruppe"], []) as offline:
        async with offline.gateway.typing.in_room("!gruppe")():
            pass  # the command is done before the homeserver has even answered
        await asyncio.wait_for(answered.wait(), 10)
        assert notices == [True, False]


async def test_a_refused_typing_notice_is_only_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    asked = asyncio.Event()

    async def refused(request: web.Request) -> web.Response:
        asked.set()
        return web.json_response({"errcode": "M_FORBIDDEN", "error": "no"}, status=403)

    app = web.Application()
    app.router.add_put("/_matrix/client/v3/rooms/{room}/typing/{user}", refused)
    caplog.set_level(logging.DEBUG, "bot.typing_notice")
    async with offline_gateway(tmp_path, app, ["!gruppe"], []) as offline:
        async with offline.gateway.typing.in_room("!gruppe")():
            await asyncio.wait_for(asked.wait(), 10)
        for _ in range(100):
            if "typing notice in !gruppe failed" in caplog.text:
                break
            await asyncio.sleep(0.05)
        assert "typing notice in !gruppe failed" in caplog.text


def test_a_pill_link_cannot_break_out_of_its_attribute() -> None:
    shown = pill('@a"onmouseover="x:example.org', {}.get)
    href = shown.html.split(">", 1)[0]
    assert href == '<a href="https://matrix.to/#/@a%22onmouseover%3D%22x:example.org"'
    assert shown.plain == '@a"onmouseover="x:example.org'  # the text shows it as it is
