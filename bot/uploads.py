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
from bot.failures import MatrixError
from bot.rooms import Rooms
from commands.permissions import is_coordinator_id
from services.spreadsheet_csv import MAX_BYTES
from storage.db import Database

log = logging.getLogger(__name__)

# a spreadsheet, or what staff save one as; other formats get a clear answer in the dry run
# (not .txt: minutes and notes are shared as text files too)
SPREADSHEET_NAMES = (".csv", ".tsv", ".xlsx", ".xls", ".ods")
# a file whose server fails this often in a row is answered as unreachable, so that one
# file cannot hold up the rooms' other events for long
MAX_ATTEMPTS = 3
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
        self._failed: dict[str, int] = {}  # event id → downloads failed for now in a row

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
        data: bytes | None = None
        problem: str | None = None
        try:
            if file.size is not None and file.size > MAX_BYTES:
                raise media.TooLarge(f"{file.size} bytes announced")
            data = await media.fetch(self.client, file.url, MAX_BYTES, file.keys)
        except media.TooLarge:
            problem = "upload.too_large"
        except media.Unreadable as error:
            log.warning("cannot read the file %s in %s: %s", file.event_id, file.room_id, error)
            problem = "upload.unreadable"
        except MatrixError as error:
            failed = self._failed[file.event_id] = self._failed.get(file.event_id, 0) + 1
            if error.transient and failed < MAX_ATTEMPTS:
                raise  # the batch is tried again after a backoff
            log.warning("giving up on the file %s in %s: %s", file.event_id, file.room_id, error)
            problem = "upload.unreachable"
        self._failed.pop(file.event_id, None)
        await self.dispatcher.handle_upload(file, data, problem)
