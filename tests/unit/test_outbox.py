"""The outbox: a room that fails for now waits alone; the other rooms get their messages,
at once, each room's in order; a message handed over goes out once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from aiohttp import web
from nio.rooms import MatrixRoom

from storage.models import OutboxMessage
from tests.unit.offline_gateway import BOT, Offline, offline_gateway

GROUP = "!gruppe"
AWAY = "#partner:weit-weg.example"
NOW = datetime(2026, 11, 25, tzinfo=UTC)


async def test_a_room_that_fails_for_now_does_not_hold_up_the_others(tmp_path: Path) -> None:
    sent: list[str] = []

    async def resolve(request: web.Request) -> web.Response:
        body = {"errcode": "M_UNKNOWN", "error": "the partner's server does not answer"}
        return web.json_response(body, status=502)

    async def send(request: web.Request) -> web.Response:
        sent.append(request.match_info["room"])
        return web.json_response({"event_id": f"$sent{len(sent)}"})

    app = web.Application()
    app.router.add_get("/_matrix/client/v3/directory/room/{alias}", resolve)
    app.router.add_put("/_matrix/client/v3/rooms/{room}/send/{type}/{txn}", send)
    async with offline_gateway(tmp_path, app, [GROUP], []) as offline:
        offline.gateway.client.rooms[GROUP] = MatrixRoom(GROUP, BOT)
        now = datetime(2026, 11, 25, tzinfo=UTC)
        async with offline.database.transaction() as store:
            for txn, room in (("a1", AWAY), ("g1", GROUP), ("a2", AWAY), ("g2", GROUP)):
                content = {"msgtype": "m.notice", "body": txn}
                await store.outbox.enqueue(room, txn, "m.room.message", content, now)
        retry_in = await offline.gateway.outbox.send_pending()
        assert sent == [GROUP, GROUP]
        assert retry_in is not None and 0 < retry_in <= 60
        async with offline.database.transaction() as store:
            assert [m.txn_id for m in await store.outbox.unsent()] == ["a1", "a2"]


OTHER = "!andere"


async def queue(offline: Offline, *messages: tuple[str, str]) -> list[OutboxMessage]:
    """Queue (transaction id, room) messages in one transaction; the queued rows."""
    async with offline.database.transaction() as store:
        for txn, room in messages:
            content = {"msgtype": "m.notice", "body": txn}
            await store.outbox.enqueue(room, txn, "m.room.message", content, NOW)
    return store.outbox.enqueued


async def test_rooms_are_sent_to_at_once_each_room_in_order(tmp_path: Path) -> None:
    sent: list[str] = []
    other_room_sent = asyncio.Event()

    async def send(request: web.Request) -> web.Response:
        txn = request.match_info["txn"]
        sent.append(txn)
        if txn == "o1":
            other_room_sent.set()
        if txn == "g1":  # only answered once the other room had its turn meanwhile
            await asyncio.wait_for(other_room_sent.wait(), 10)
        return web.json_response({"event_id": f"$sent-{txn}"})

    app = web.Application()
    app.router.add_put("/_matrix/client/v3/rooms/{room}/send/{type}/{txn}", send)
    async with offline_gateway(tmp_path, app, [GROUP], []) as offline:
        for room in (GROUP, OTHER):
            offline.gateway.client.rooms[room] = MatrixRoom(room, BOT)
        outbox = offline.gateway.outbox
        outbox.queued(await queue(offline, ("g1", GROUP), ("o1", OTHER), ("g2", GROUP)))
        await outbox.send_pending()
        assert sent.index("g1") < sent.index("g2")
        assert sent.index("o1") < sent.index("g2")
        async with offline.database.transaction() as store:
            assert await store.outbox.unsent() == []


async def test_a_message_handed_over_and_read_back_goes_out_once(tmp_path: Path) -> None:
    sent: list[str] = []

    async def send(request: web.Request) -> web.Response:
        sent.append(request.match_info["txn"])
        return web.json_response({"event_id": f"$sent{len(sent)}"})

    app = web.Application()
    app.router.add_put("/_matrix/client/v3/rooms/{room}/send/{type}/{txn}", send)
    async with offline_gateway(tmp_path, app, [GROUP], []) as offline:
        offline.gateway.client.rooms[GROUP] = MatrixRoom(GROUP, BOT)
        outbox = offline.gateway.outbox
        await outbox.send_pending()  # the first pass reads the database: nothing yet
        outbox.queued(await queue(offline, ("reply", GROUP)))
        outbox.wake()  # something else was queued too: the database is read again
        await queue(offline, ("reminder", GROUP))
        await outbox.send_pending()
        await outbox.send_pending()
        assert sent == ["reply", "reminder"]
