"""Room events as the bot reads them: raw JSON judged defensively, turned into plain values.

Any room member can send any JSON, so nothing here trusts a type: a field of the wrong
type counts as missing. What comes out is one of the `Incoming…` values below
(without the facts only the gateway knows: power in the group room, membership, the
sender of an edited message), or None for events the bot does not act on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class IncomingMessage:
    """A text message from a room, as the gateway hands it over (no nio types).

    For an edit, `body` is the new text, `replaces` the id of the edited message and
    `original_sender` who sent that (None when the homeserver does not know it).
    `group_power` is the sender's power level in the group room, the only room whose
    power counts (see `commands.permissions`).
    """

    room_id: str
    event_id: str
    sender: str
    body: str
    thread_root: str | None = None
    group_power: int | None = None
    is_member: bool = True
    replaces: str | None = None
    original_sender: str | None = None


@dataclass(frozen=True)
class IncomingRedaction:
    """A redaction of the message `redacts`, by `sender`."""

    room_id: str
    event_id: str
    sender: str
    redacts: str
    group_power: int | None = None
    is_member: bool = True


@dataclass(frozen=True)
class IncomingReaction:
    """A reaction (`key`, e.g. ✅) by `sender` to the message `reacts_to`."""

    room_id: str
    event_id: str
    sender: str
    reacts_to: str
    key: str
    group_power: int | None = None
    is_member: bool = True


@dataclass(frozen=True)
class IncomingFile:
    """A file posted to a room (`m.file`): its name, what the sender claims of its type and
    size, where it lies (`mxc://…`) and, in an encrypted room, the keys of its encryption
    (the event's `file` object, checked only when it is decrypted)."""

    room_id: str
    event_id: str
    sender: str
    filename: str
    url: str
    mimetype: str | None = None
    size: int | None = None
    keys: Mapping[str, Any] | None = None
    group_power: int | None = None
    is_member: bool = True


Incoming = IncomingMessage | IncomingReaction | IncomingRedaction | IncomingFile


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _id(value: Any, sigil: str) -> str | None:
    """A Matrix id with the given sigil and at most 255 bytes, as the spec allows; else None."""
    if isinstance(value, str) and value.startswith(sigil) and len(value.encode()) <= 255:
        return value
    return None


def parse(source: Any, room_id: str) -> Incoming | None:
    """What a room event asks of the bot, or None when it asks nothing.

    `source` is the event's JSON as the homeserver sent it (decrypted, for an
    encrypted event). Text messages (`m.text`; notices are from bots and ignored),
    edits of them, files (`m.file`), reactions and redactions are read; everything else
    is None.
    """
    event = _mapping(source)
    event_id, sender = _id(event.get("event_id"), "$"), _id(event.get("sender"), "@")
    if not event_id or not sender:
        return None
    kind = event.get("type")
    content = _mapping(event.get("content"))
    relation = _mapping(content.get("m.relates_to"))
    related = _id(relation.get("event_id"), "$")
    if kind == "m.reaction":
        key = _text(relation.get("key"))
        if relation.get("rel_type") != "m.annotation" or not related or key is None:
            return None
        return IncomingReaction(room_id, event_id, sender, related, key)
    if kind == "m.room.redaction":
        # room versions up to 10 carry `redacts` at the top, 11 and later in the content
        redacts = _id(content.get("redacts"), "$") or _id(event.get("redacts"), "$")
        return IncomingRedaction(room_id, event_id, sender, redacts) if redacts else None
    if kind == "m.room.message" and content.get("msgtype") == "m.file":
        return (
            None
            if relation.get("rel_type") == "m.replace"
            else _file(content, room_id, event_id, sender)
        )
    if kind != "m.room.message" or content.get("msgtype") != "m.text":
        return None
    if relation.get("rel_type") == "m.replace":
        new = _mapping(content.get("m.new_content"))
        body = _text(new.get("body"))
        if not related or body is None or new.get("msgtype", "m.text") != "m.text":
            return None
        return IncomingMessage(room_id, event_id, sender, body, replaces=related)
    body = _text(content.get("body"))
    if body is None:
        return None
    thread = related if relation.get("rel_type") == "m.thread" else None
    return IncomingMessage(room_id, event_id, sender, body, thread_root=thread)


def _file(
    content: Mapping[str, Any], room_id: str, event_id: str, sender: str
) -> IncomingFile | None:
    """A file message, or None without a `mxc://` location."""
    encrypted = _mapping(content.get("file"))
    url = _text(encrypted.get("url") if encrypted else content.get("url"))
    if url is None or not url.startswith("mxc://") or len(url) > 255:
        return None
    info = _mapping(content.get("info"))
    size = info.get("size")
    name = _text(content.get("filename")) or _text(content.get("body")) or ""
    return IncomingFile(
        room_id,
        event_id,
        sender,
        name[:255],
        url,
        _text(info.get("mimetype")),
        size if isinstance(size, int) and not isinstance(size, bool) else None,
        dict(encrypted) if encrypted else None,
    )


def successor(source: Any) -> str | None:
    """The room that replaces this one, if `source` is a tombstone (room upgrade)."""
    event = _mapping(source)
    if event.get("type") != "m.room.tombstone" or event.get("state_key") != "":
        return None
    return _id(_mapping(event.get("content")).get("replacement_room"), "!")
