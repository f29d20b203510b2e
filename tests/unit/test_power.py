"""Power as the spec reads it: creators of a version-12 room outrank every level."""

from __future__ import annotations

from typing import Any

import pytest
from nio.rooms import MatrixRoom

from bot.power import CREATOR_POWER, creators, power_level, privileged_creators


def create(version: str, sender: str = "@a:hs", **content: Any) -> dict[str, Any]:
    return {
        "type": "m.room.create",
        "state_key": "",
        "sender": sender,
        "content": {"room_version": version, **content},
    }


@pytest.mark.parametrize(
    ("version", "privileged"),
    [("1", False), ("10", False), ("11", False), ("12", True), ("13", True),
     ("org.matrix.hydra.11", True), ("org.example.custom", False)],
)  # fmt: skip
def test_which_room_versions_privilege_creators(version: str, privileged: bool) -> None:
    assert privileged_creators(version) is privileged


def test_creators_are_the_sender_and_the_additional_creators() -> None:
    state = [{"type": "m.room.name"}, create("12", additional_creators=["@b:hs", 7])]
    assert creators(state) == {"@a:hs", "@b:hs"}
    assert creators([create("11")]) == frozenset()
    assert creators([create("12", additional_creators="@x:hs")]) == {"@a:hs"}
    assert creators([]) == frozenset()


def test_a_creator_outranks_the_listed_levels() -> None:
    room = MatrixRoom("!r", "@bot:hs")
    room.power_levels.users.update({"@b:hs": 100, "@c:hs": 50})
    assert power_level(room, "@a:hs", frozenset({"@a:hs"})) == CREATOR_POWER > 100
    assert power_level(room, "@b:hs", frozenset({"@a:hs"})) == 100
    assert power_level(room, "@d:hs", frozenset()) == 0
