"""Power in a room as the Matrix spec reads it, room version 12 included.

In room versions 12 and later the room's creators (the sender of `m.room.create` and
its `additional_creators`) have unlimited power and are not listed in
`m.room.power_levels`; matrix-nio 0.26 reads their level as 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from nio.rooms import MatrixRoom

# a creator outranks every power level a room can give
CREATOR_POWER = 2**53


def privileged_creators(room_version: str) -> bool:
    """Whether creators of a room of this version have unlimited power (12 and later)."""
    if room_version.isdigit():
        return int(room_version) >= 12
    return room_version.startswith("org.matrix.hydra")


def creators(state: Iterable[Mapping[str, Any]]) -> frozenset[str]:
    """The privileged creators named by a room's state events (empty before version 12)."""
    for event in state:
        if event.get("type") != "m.room.create" or event.get("state_key") != "":
            continue
        content = event.get("content")
        content = content if isinstance(content, dict) else {}
        version = content.get("room_version", "1")
        if not isinstance(version, str) or not privileged_creators(version):
            return frozenset()
        extra = content.get("additional_creators")
        named = extra if isinstance(extra, list) else []
        sender = event.get("sender")
        return frozenset(u for u in [sender, *named] if isinstance(u, str))
    return frozenset()


def power_level(room: MatrixRoom, user_id: str, room_creators: frozenset[str]) -> int:
    """The user's power level in `room`; creators of a version-12 room outrank all."""
    if user_id in room_creators:
        return CREATOR_POWER
    return int(room.power_levels.get_user_level(user_id))
