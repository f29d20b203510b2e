"""The outbox: a room that fails for now waits alone; the other rooms get their messages."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from aiohttp import web
from nio.rooms import MatrixRoom

from tests.unit.offline_gateway import BOT, offline_gateway

GROUP = "!gruppe"
AWAY = "#partner:weit-weg.example"


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
