"""The rooms the bot serves: configured rooms resolved, invites answered, upgrades followed,
power and display names read.

Served are the configured rooms (the first is the group room), the departments' rooms
and rooms a coordinator invited the bot to. When a served room is upgraded
(`m.room.tombstone`), the bot joins the successor and serves it in the same role: the
move is recorded, stored room references follow it, and every lookup of the old room
id leads to the new one.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from nio import (
    AsyncClient,
    InviteMemberEvent,
    JoinResponse,
    RoomGetStateResponse,
    RoomResolveAliasResponse,
)

from bot.config import Config
from bot.failures import REFUSALS, is_transient, ok
from bot.power import creators, power_level
from commands.permissions import is_coordinator_id
from messages.matrix_content import Names
from plan.spelling import clean
from services.settings import Settings
from storage.db import Database

log = logging.getLogger(__name__)
# a display name is anyone's to choose: longer ones are cut, so that a name cannot
# crowd out a reply
MAX_NAME = 60


class Rooms:
    """Where the bot is, and what each room is to it."""

    def __init__(self, client: AsyncClient, config: Config, database: Database) -> None:
        self.client = client
        self.config = config
        self.database = database
        self.ids: dict[str, str] = {}  # a room as configured or stored (alias or id) → its id
        self.moves: dict[str, str] = {}  # upgraded room id → its successor
        self._creators: dict[str, frozenset[str]] = {}

    async def load(self) -> None:
        """Read the upgrades followed so far."""
        async with self.database.transaction() as store:
            self.moves = await store.rooms.moves()

    def current(self, room_id: str) -> str:
        """The room that serves today for `room_id` (its newest successor, if upgraded)."""
        seen = {room_id}
        while (successor := self.moves.get(room_id)) is not None and successor not in seen:
            room_id = successor
            seen.add(room_id)
        return room_id

    def resolved(self, target: str) -> str:
        """An alias or id as the current room id (an alias not resolved yet stays one)."""
        return self.current(self.ids.get(target, target))

    async def join(self, room: str) -> str:
        """Join a room (id or alias); its id.

        Raises:
            MatrixError: the homeserver refused (transient or for good).
        """
        joined = ok(await self.client.join(room), f"join {room}")
        assert isinstance(joined, JoinResponse)
        return str(joined.room_id)

    async def resolve(self, alias: str) -> str:
        """The room id an alias leads to now (remembered).

        Raises:
            MatrixError: the alias is unknown, or its server cannot be reached now.
        """
        resolved = ok(await self.client.room_resolve_alias(alias), f"resolving {alias}")
        assert isinstance(resolved, RoomResolveAliasResponse)
        self.ids[alias] = resolved.room_id
        return str(resolved.room_id)

    def remember(self, room: str, room_id: str) -> None:
        """Note what a room alias (or id) as configured or stored resolved to."""
        self.ids[room] = room_id

    def names_in(self, room: str) -> Names:
        """Display names as `room` (alias or id) shows them; someone who is not in it by
        the name another room shows, and by their id where no room knows a name."""

        def name(user_id: str) -> str | None:
            first = self.client.rooms.get(self.resolved(room))
            for candidate in (first, *self.client.rooms.values()):
                member = candidate.users.get(user_id) if candidate is not None else None
                if candidate is None or member is None or not member.display_name:
                    continue
                shown = clean(member.display_name)
                if not shown:
                    continue
                if len(shown) > MAX_NAME:
                    shown = shown[: MAX_NAME - 1] + "…"
                # two members of one name are told apart by their ids, as nio does
                clash = len(candidate.user_name_clashes(member.name)) > 1
                return f"{shown} ({user_id})" if clash else shown
            return None

        return name

    async def group_power(self, user_id: str) -> int | None:
        """The user's power level in the group room (None: the bot is not in it).

        The only power that counts (see `commands.permissions`); creators of a room of
        version 12 and later outrank every level.
        """
        room_id = self.resolved(self.config.bot.group_room)
        room = self.client.rooms.get(room_id)
        if room is None:
            return None
        return power_level(room, user_id, await self._room_creators(room_id))

    async def _room_creators(self, room_id: str) -> frozenset[str]:
        if room_id not in self._creators:
            state = ok(await self.client.room_get_state(room_id), f"state of {room_id}")
            assert isinstance(state, RoomGetStateResponse)
            self._creators[room_id] = creators(state.events)
        return self._creators[room_id]

    async def has_role(self, room_id: str) -> bool:
        """Whether `room_id` is a configured room (or its successor) or a department's room."""
        known = set(self.ids.values()) | set(self.moves.values()) | set(self.config.bot.rooms)
        if room_id in known:
            return True
        async with self.database.transaction() as store:
            return room_id in {d.room for d in await store.departments.all() if d.room}

    async def serves(self, room_id: str) -> bool | None:
        """Whether an invite to `room_id` leads to a room the bot serves.

        Departments' rooms given as aliases are resolved; None when one of them cannot
        be resolved now and no other rule decides (the invite is left for later).
        """
        if await self.has_role(room_id):
            return True
        async with self.database.transaction() as store:
            rooms = {d.room for d in await store.departments.all() if d.room}
        rooms |= set(self.config.bot.rooms)
        undecided = False
        for alias in sorted(a for a in rooms if a.startswith("#")):
            try:
                if self.current(await self.resolve(alias)) == room_id:
                    return True
            except REFUSALS as error:
                log.warning("cannot resolve %s now: %s", alias, error)
                undecided = undecided or is_transient(error)
        return None if undecided else False

    async def answer_invite(
        self, room_id: str, invite_state: Sequence[Any], settings: Settings
    ) -> None:
        """Join rooms the bot serves, and rooms a coordinator invites it to; decline others.

        A room is judged by its id, never by an alias the invite merely claims.
        """
        inviter = next(
            (
                e.sender
                for e in reversed(invite_state)  # the invite itself comes last
                if isinstance(e, InviteMemberEvent)
                and e.state_key == self.config.matrix.user_id
                and e.membership == "invite"
            ),
            None,
        )
        by_coordinator = isinstance(inviter, str) and is_coordinator_id(
            settings, inviter, await self.group_power(inviter)
        )
        serves = True if by_coordinator else await self.serves(room_id)
        if serves is None:
            log.info("leaving the invite to %s from %s for later", room_id, inviter)
        elif serves:
            log.info("accepting invite to %s from %s", room_id, inviter)
            try:
                await self.join(room_id)
            except REFUSALS as error:  # a remote room may be away; the invite stays
                log.error("cannot join %s: %s", room_id, error)
        else:
            log.info("declining invite to %s from %s", room_id, inviter)
            try:
                ok(await self.client.room_leave(room_id), f"leave {room_id}")
            except REFUSALS as error:
                log.warning("cannot decline the invite to %s: %s", room_id, error)

    async def follow_upgrade(self, old_room_id: str, new_room_id: str) -> None:
        """Serve the successor of an upgraded room in the same role, and join it.

        Only rooms with a role (configured, or a department's) are followed. Joining
        may fail (not invited yet, the server away): the invite is accepted later, and
        the next start tries again; it never holds up the other events.
        """
        if self.moves.get(old_room_id) == new_room_id and new_room_id in self.client.rooms:
            return
        if not await self.has_role(old_room_id):
            return
        if self.moves.get(old_room_id) != new_room_id:
            async with self.database.transaction() as store:
                await store.rooms.record_move(old_room_id, new_room_id, datetime.now(UTC))
            self.moves[old_room_id] = new_room_id
            log.info("room %s was upgraded; serving %s instead", old_room_id, new_room_id)
        if new_room_id in self.client.rooms:
            return
        try:
            await self.join(new_room_id)
        except REFUSALS as error:
            log.warning("cannot join %s yet (%s); waiting for an invite", new_room_id, error)
