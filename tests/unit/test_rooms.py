"""The rooms the bot serves: an upgraded room leads to its successor."""

from __future__ import annotations

from nio import AsyncClient

from bot.rooms import Rooms


def test_the_current_room_follows_upgrades_and_stops_at_a_loop() -> None:
    rooms = Rooms(AsyncClient("https://hs", "@bot:hs"), None, None)  # type: ignore[arg-type]
    rooms.moves = {"!a": "!b", "!b": "!c", "!x": "!y", "!y": "!x"}
    rooms.remember("#gruppe:hs", "!a")
    assert rooms.current("!a") == "!c"
    assert rooms.resolved("#gruppe:hs") == "!c"
    assert rooms.resolved("#anders:hs") == "#anders:hs"
    assert rooms.current("!x") in {"!x", "!y"}
