"""Reading room events: JSON of any shape becomes a plain value or None, never an error."""

from __future__ import annotations

from typing import Any

import pytest

from bot.events import IncomingMessage, IncomingReaction, IncomingRedaction, parse, successor

ROOM = "!r:hs"


def event(kind: str = "m.room.message", **content: Any) -> dict[str, Any]:
    return {"type": kind, "event_id": "$e", "sender": "@a:hs", "content": content}


def test_a_text_message() -> None:
    assert parse(event(msgtype="m.text", body="!hilfe"), ROOM) == IncomingMessage(
        ROOM, "$e", "@a:hs", "!hilfe"
    )


def test_a_message_in_a_thread() -> None:
    relation = {"rel_type": "m.thread", "event_id": "$root"}
    parsed = parse(event(msgtype="m.text", body="!hilfe", **{"m.relates_to": relation}), ROOM)
    assert isinstance(parsed, IncomingMessage) and parsed.thread_root == "$root"


def test_an_edit_takes_the_new_text_and_names_the_original() -> None:
    content = {
        "msgtype": "m.text",
        "body": "* !update M1 neu",
        "m.new_content": {"msgtype": "m.text", "body": "!update M1 neu"},
        "m.relates_to": {"rel_type": "m.replace", "event_id": "$orig"},
    }
    parsed = parse(event(**content), ROOM)
    assert isinstance(parsed, IncomingMessage)
    assert (parsed.body, parsed.replaces, parsed.original_sender) == (
        "!update M1 neu",
        "$orig",
        None,
    )


def test_reactions_and_redactions_of_both_room_version_shapes() -> None:
    relation = {"rel_type": "m.annotation", "event_id": "$r", "key": "✅"}
    assert parse(event("m.reaction", **{"m.relates_to": relation}), ROOM) == IncomingReaction(
        ROOM, "$e", "@a:hs", "$r", "✅"
    )
    expected = IncomingRedaction(ROOM, "$e", "@a:hs", "$x")
    assert parse(event("m.room.redaction", redacts="$x"), ROOM) == expected
    assert parse({**event("m.room.redaction"), "redacts": "$x"}, ROOM) == expected


@pytest.mark.parametrize(
    "source",
    [
        None,
        "x",
        [],
        {},
        event(msgtype="m.notice", body="!hilfe"),  # bots never answer bots
        event(msgtype="m.text", body=["!hilfe"]),
        event(msgtype="m.text"),
        {**event(msgtype="m.text", body="!hilfe"), "content": "x"},
        {**event(msgtype="m.text", body="!hilfe"), "sender": 7},
        {**event(msgtype="m.text", body="!hilfe"), "event_id": None},
        event(msgtype="m.text", body="* x", **{"m.relates_to": "x"}) | {"type": "m.sticker"},
        event(
            msgtype="m.text",
            body="* !hilfe",
            **{"m.relates_to": {"rel_type": "m.replace", "event_id": "$o"}, "m.new_content": "x"},
        ),
        event(
            msgtype="m.text",
            body="* !hilfe",
            **{"m.relates_to": {"rel_type": "m.replace", "event_id": 5}, "m.new_content": {}},
        ),
        event("m.reaction", **{"m.relates_to": "x"}),
        event("m.reaction", **{"m.relates_to": {"rel_type": "m.annotation", "event_id": "$r"}}),
        event("m.room.redaction", redacts=["$x"]),
    ],
)
def test_malformed_or_foreign_events_are_none(source: Any) -> None:
    assert parse(source, ROOM) is None


def test_a_relation_that_is_no_object_is_no_relation() -> None:
    parsed = parse(event(msgtype="m.text", body="!hilfe", **{"m.relates_to": "x"}), ROOM)
    assert parsed == IncomingMessage(ROOM, "$e", "@a:hs", "!hilfe")


def test_ids_that_are_no_matrix_ids_count_as_missing() -> None:
    huge = "$" + "a" * 300
    edit = {
        "msgtype": "m.text",
        "body": "* !hilfe",
        "m.new_content": {"msgtype": "m.text", "body": "!hilfe"},
        "m.relates_to": {"rel_type": "m.replace", "event_id": huge},
    }
    assert parse(event(**edit), ROOM) is None
    assert parse(event("m.room.redaction", redacts="x"), ROOM) is None
    assert parse({**event(msgtype="m.text", body="!hilfe"), "sender": "anna"}, ROOM) is None


@pytest.mark.parametrize(
    ("replacement", "expected"),
    [("!neu", "!neu"), ("!neu:hs", "!neu:hs"), ("#alias:hs", None), ("!" + "a" * 300, None),
     (7, None), ("", None)],
)  # fmt: skip
def test_a_tombstone_names_its_successor_by_room_id_only(replacement: Any, expected: Any) -> None:
    tombstone = {"type": "m.room.tombstone", "state_key": "", "content": {}}
    tombstone["content"] = {"replacement_room": replacement, "body": "moved"}
    assert successor(tombstone) == expected
    assert successor({**tombstone, "state_key": "x"}) is None
