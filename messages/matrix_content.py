"""The one place Matrix message content is built: bodies, relations, mentions, pills, files.

It sits below the services on purpose: a reminder or a digest is written to the outbox
as Matrix content in the same transaction that records it, and the gateway sends that
content unchanged.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote

from messages.reply import Attachment, Reply
from messages.text import Text

# body and formatted_body of one message together, as JSON: an event may have 64 KiB in
# all, and encryption makes it about a third larger
MAX_TEXT_BYTES = 40_000


def relation(in_reply_to: str | None, thread_root: str | None) -> dict[str, Any]:
    """The `m.relates_to` of a reply (inside the thread if the command was in one)."""
    if in_reply_to is None:
        return {}
    relates: dict[str, Any] = {"m.in_reply_to": {"event_id": in_reply_to}}
    if thread_root is not None:
        relates.update(rel_type="m.thread", event_id=thread_root, is_falling_back=False)
    return {"m.relates_to": relates}


def message(
    reply: Reply,
    msgtype: str = "m.notice",
    in_reply_to: str | None = None,
    thread_root: str | None = None,
) -> dict[str, Any]:
    """A reply as HTML message content; whom it mentions is said only in `m.mentions`.

    A reply too long for one event loses list entries from its end (lists are paged,
    so this is the last line of defence, not the rule).
    """
    while reply.size > MAX_TEXT_BYTES:
        shorter = reply.without_last_entry()
        if shorter is None:
            break
        reply = shorter
    return {
        "msgtype": msgtype,
        "body": reply.body,
        "format": "org.matrix.custom.html",
        "formatted_body": reply.html,
        "m.mentions": {"user_ids": list(reply.mentions)},
    } | relation(in_reply_to, thread_root)


def file(
    attachment: Attachment, in_reply_to: str | None = None, thread_root: str | None = None
) -> dict[str, Any]:
    """A file's content without its URL (the gateway adds it after uploading)."""
    info: dict[str, Any] = {"mimetype": attachment.mimetype, "size": len(attachment.data)}
    if attachment.width and attachment.height:
        info.update(w=attachment.width, h=attachment.height)
    return {
        "msgtype": attachment.msgtype,
        "body": attachment.filename,
        "filename": attachment.filename,
        "info": info,
        "m.mentions": {"user_ids": []},
    } | relation(in_reply_to, thread_root)


def with_upload(
    content: Mapping[str, Any], uri: str, keys: Mapping[str, Any] | None
) -> dict[str, Any]:
    """A file's content once uploaded: its URL, or in an encrypted room the file's keys."""
    done = dict(content)
    if keys:
        done["file"] = {"url": uri, "mimetype": content["info"]["mimetype"], **keys}
    else:
        done["url"] = uri
    return done


def reply_relation_of(content: Mapping[str, Any]) -> dict[str, Any]:
    """The reply relation of queued content, so that a notice about it answers the same
    message (in the same thread); empty when it replied to nothing."""
    relates = content.get("m.relates_to")
    if isinstance(relates, dict) and "m.in_reply_to" in relates:
        return {"m.relates_to": relates}
    return {}


# a user id → the display name the rooms show for it, None when none is known
Names = Callable[[str], str | None]
# a room → the display names as that room shows them
NamesIn = Callable[[str], Names]


def no_names(user_id: str) -> str | None:
    """No display names known: people are shown by their Matrix id."""
    return None


def no_names_in(room_id: str) -> Names:
    """No display names known in any room."""
    return no_names


def pill(user_id: str, names: Names = no_names) -> Text:
    """A user as a matrix.to link named by their display name (their id if none is known),
    as clients show mentions; whom a message mentions is in m.mentions only."""
    # an id may hold any character its server allows, quotes too: percent-encoded in the link
    target = html.escape(quote(user_id, safe="@:"), quote=True)
    shown = Text.of(names(user_id) or user_id)
    return Text(shown.plain, f'<a href="https://matrix.to/#/{target}">{shown.html}</a>')


def person(actor: str, names: Names = no_names) -> Text:
    """Who did something, as shown: a Matrix user as a pill, anyone else (a CSV import, the
    operator) by the name recorded."""
    return pill(actor, names) if actor.startswith("@") else Text.of(actor)
