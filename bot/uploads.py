"""Catalogue files posted to the group room: a coordinator's spreadsheet is fetched (and
decrypted, in an encrypted room) and handed to the dispatcher for its dry run.

Only what can be a catalogue is fetched: from a coordinator, in the group room, named
like a spreadsheet. Anyone else's files are their own business; the bot stays quiet.
"""

from __future__ import annotations

import logging

from nio import AsyncClient

from bot import media
from bot.dispatch import Dispatcher
from bot.events import IncomingFile
from bot.rooms import Rooms
from commands.permissions import is_coordinator_id
from services.spreadsheet_csv import MAX_BYTES
from storage.db import Database

log = logging.getLogger(__name__)

# a spreadsheet, or what staff save one as; other formats get a clear answer in the dry run
SPREADSHEET_NAMES = (".csv", ".tsv", ".txt", ".xlsx", ".xls", ".ods")
SPREADSHEET_TYPES = ("text/csv", "text/tab-separated-values", "application/vnd.ms-excel")


class Uploads:
    """Reads the catalogue files coordinators post to the group room."""

    def __init__(
        self, client: AsyncClient, database: Database, dispatcher: Dispatcher, rooms: Rooms
    ) -> None:
        self.client = client
        self.database = database
        self.dispatcher = dispatcher
        self.rooms = rooms

    def wanted(self, file: IncomingFile) -> bool:
        """Whether the file may be a catalogue for the bot: a coordinator's spreadsheet in
        the group room."""
        settings = self.dispatcher.settings
        return (
            file.room_id == self.rooms.resolved(settings.group_room)
            and is_coordinator_id(settings, file.sender, file.group_power)
            and (
                file.filename.casefold().endswith(SPREADSHEET_NAMES)
                or (file.mimetype or "").casefold() in SPREADSHEET_TYPES
            )
        )

    async def handle(self, file: IncomingFile) -> None:
        """Fetch a wanted file once and have its import tried without applying it.

        Raises:
            MatrixError: the homeserver failed for now; the event is handled again later.
        """
        if not self.wanted(file):
            return
        async with self.database.transaction() as store:
            if await store.events.is_processed(file.event_id):
                return  # answered already: not fetched again
        try:
            data: bytes | None = await media.fetch(self.client, file.url, MAX_BYTES, file.keys)
        except media.Unreadable as error:
            log.warning("cannot read the file %s in %s: %s", file.event_id, file.room_id, error)
            data = None
        await self.dispatcher.handle_upload(file, data)
