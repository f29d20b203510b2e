"""The bot in an encrypted room as Element sees it: "exclude insecure devices" (MSC4153).

Since April 2026 Element shares room keys only with devices cross-signed by their owner and
refuses to decrypt events from any other device (matrix-js-sdk's
`OnlySignedDevicesIsolationMode`). A user of such a client, with cross-signing set up, asks
the bot for `!hilfe` in an encrypted room; the reply has to arrive, decrypt and carry no
warning shield. The client is matrix-js-sdk with its Rust crypto (tests/e2e/element).
"""

from __future__ import annotations

import json

from bot.local_synapse import Homeserver, create_group_room
from tests.e2e.conftest import E2E, PASSWORD, World
from tests.e2e.element import run_client

pytestmark = E2E

JOIN_TIMEOUT_S = 30
REPLY_TIMEOUT_S = 60
# how long to watch for a reply when the client withheld the room key from the bot
WITHHELD_REPLY_TIMEOUT_S = 15


async def test_bot_answers_element_that_excludes_insecure_devices(
    homeserver: Homeserver, world: World
) -> None:
    elke = await homeserver.register("elke", PASSWORD)
    bot = homeserver.user_id("europa-bot")
    # koordination is a coordinator, so the running bot accepts the invitation
    room = await create_group_room(
        world.koordination.client,
        [],
        [bot, elke],
        alias="europa-element",
        encrypted=True,
        name="Element",
    )
    run = await run_client(
        {
            "homeserver": homeserver.url,
            "user": "elke",
            "password": PASSWORD,
            "roomId": room,
            "botUserId": bot,
            "command": "!hilfe",
            "joinTimeoutS": JOIN_TIMEOUT_S,
            "replyTimeoutS": REPLY_TIMEOUT_S,
            "withheldReplyTimeoutS": WITHHELD_REPLY_TIMEOUT_S,
        },
        timeout_s=JOIN_TIMEOUT_S * 3 + REPLY_TIMEOUT_S + 60,
    )
    verdict = run.verdict
    print("Element client verdict:", json.dumps(verdict, ensure_ascii=False))
    detail = (
        f"\n{json.dumps(verdict, indent=2, ensure_ascii=False)}\n"
        f"--- bot log (tail) ---\n{world.bot.log_text()[-2000:]}\n"
        f"--- client log (tail) ---\n{run.log_tail[-2000:]}"
    )
    assert verdict["error"] is None, f"the client's scenario broke off:{detail}"
    assert verdict["ownDeviceSignedByOwner"], f"the client's own cross-signing failed:{detail}"
    assert verdict["commandSentEncrypted"], f"the command went out unencrypted:{detail}"
    assert verdict["botDeviceSignedByOwner"], (
        "the bot's device is not cross-signed by its owner, so Element withholds the room key "
        f"from it and cannot decrypt its messages:{detail}"
    )
    assert not verdict["roomKeyWithheldFromBot"], f"the room key did not reach the bot:{detail}"
    assert verdict["replyArrived"], f"the bot did not answer:{detail}"
    assert verdict["replyDecrypted"], (
        f"the reply did not decrypt ({verdict['decryptionFailure']}):{detail}"
    )
    assert "!massnahme" in (verdict["replyBody"] or ""), f"not the help text:{detail}"
    assert verdict["shieldColour"] == "NONE", (
        f"the reply carries a {verdict['shieldColour']} shield ({verdict['shieldReason']}):{detail}"
    )
