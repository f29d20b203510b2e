"""The baseline: a bare matrix-nio client that answers every text with a notice reply.

Run as a subprocess by bench/latency.py: `python -m bench.echo_client URL USER PASSWORD`.
"""

from __future__ import annotations

import asyncio
import sys

from nio import AsyncClient, MatrixRoom, RoomMessageText

# a bare client does not fetch what a limited sync leaves out: no burst may be cut off
SYNC_FILTER = {"room": {"timeline": {"limit": 1000}}}


async def main(homeserver: str, user_id: str, password: str) -> None:
    """Log in, join invited rooms, and echo every text message as a reply."""
    client = AsyncClient(homeserver, user_id)
    await client.login(password)
    first = await client.sync(timeout=0)
    for room_id in first.rooms.invite:  # type: ignore[union-attr]
        await client.join(room_id)

    async def echo(room: MatrixRoom, event: RoomMessageText) -> None:
        if event.sender == user_id:
            return
        await client.room_send(
            room.room_id,
            "m.room.message",
            {
                "msgtype": "m.notice",
                "body": event.body,
                "m.relates_to": {"m.in_reply_to": {"event_id": event.event_id}},
            },
        )

    client.add_event_callback(echo, RoomMessageText)  # type: ignore[arg-type]
    print("ready", flush=True)
    await client.sync_forever(
        timeout=30_000,
        sync_filter=SYNC_FILTER,
        since=first.next_batch,  # type: ignore[union-attr]
    )


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
