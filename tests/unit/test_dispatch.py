"""The dispatcher: exactly once, replies as PRODUCT.md fixes them, the error boundary."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.dispatch import Dispatcher, command_text
from bot.events import IncomingMessage
from commands import build_registry
from commands.context import CommandContext
from commands.registry import Registry, RegistryError
from commands.spec import Arg, command, ignoring_today, spec_of
from messages.reply import Reply
from messages.text import Text
from services.outbox_queue import reply_txn_id
from storage.models import Measure, OutboxMessage, ProcessedEvent
from tests.unit.conftest import ROOM, Harness, make_settings


async def test_a_repeated_event_is_a_no_op(bot: Harness) -> None:
    await bot.say("!massnahme neu HF1 Einmal", event_id="$same")
    again = IncomingMessage(ROOM, "$same", "@koordination:example.org", "!massnahme neu HF1 Einmal")
    assert await bot.dispatcher.handle(again) is None
    async with bot.database.transaction() as store:
        assert await store.session.scalar(select(func.count()).select_from(Measure)) == 1
        assert await store.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


async def test_the_outbox_is_told_what_an_event_queued_once_it_is_committed(
    bot: Harness,
) -> None:
    told: list[list[str]] = []
    bot.dispatcher.on_queued = lambda messages: told.append([m.txn_id for m in messages])
    await bot.say("!hilfe", event_id="$ok")
    await bot.say("!massnahme M9", "@anna:example.org", event_id="$refused")
    again = IncomingMessage(ROOM, "$ok", "@anna:example.org", "!hilfe")
    assert await bot.dispatcher.handle(again) is None
    assert told == [[reply_txn_id("$ok")], [reply_txn_id("$refused")]]


async def test_a_refused_command_is_also_processed_once(bot: Harness) -> None:
    await bot.say("!massnahme M9", event_id="$refused")
    again = IncomingMessage(ROOM, "$refused", "@anna:example.org", "!massnahme M9")
    assert await bot.dispatcher.handle(again) is None
    async with bot.database.transaction() as store:
        assert await store.events.is_processed("$refused")


async def test_reply_is_an_html_notice_replying_to_the_command(bot: Harness) -> None:
    content = await bot.say("!hilfe", event_id="$cmd")
    assert content["msgtype"] == "m.notice"
    assert content["format"] == "org.matrix.custom.html"
    assert content["m.relates_to"] == {"m.in_reply_to": {"event_id": "$cmd"}}
    assert "<code>!massnahme neu HF&lt;n&gt;" in content["formatted_body"]
    assert "!massnahme neu HF<n>" in content["body"]


async def test_reply_stays_in_the_thread(bot: Harness) -> None:
    content = await bot.say("!hilfe", event_id="$cmd", thread_root="$root")
    assert content["m.relates_to"] == {
        "rel_type": "m.thread",
        "event_id": "$root",
        "is_falling_back": False,
        "m.in_reply_to": {"event_id": "$cmd"},
    }


async def test_reply_transaction_id_is_derived_from_the_event(bot: Harness) -> None:
    message = IncomingMessage(ROOM, "$abc", "@anna:example.org", "!hilfe")
    queued = await bot.dispatcher.handle(message)
    assert queued is not None and queued.txn_id == reply_txn_id("$abc")


async def test_non_commands_are_ignored_and_not_recorded(bot: Harness) -> None:
    for body in ("Hallo zusammen", "!!!", "! ", "!1", "", "> <@a:hs> !hilfe"):
        assert await bot.dispatcher.handle(IncomingMessage(ROOM, "$x", "@a:hs", body)) is None
    async with bot.database.transaction() as store:
        assert await store.session.scalar(select(func.count()).select_from(ProcessedEvent)) == 0


def test_command_text_strips_the_reply_fallback() -> None:
    body = "> <@anna:hs> Wie ist der Stand?\n> zweite Zeile\n\n!massnahme M1"
    assert command_text(body) == "!massnahme M1"
    assert command_text("  !hilfe  ") == "!hilfe"
    assert command_text("Text !hilfe") is None


async def test_unexpected_errors_become_a_reference_and_roll_back(bot: Harness, clock) -> None:
    registry = build_registry()

    @command("kaputt", english=("broken",))
    async def broken(ctx: CommandContext) -> Reply:
        await ctx.store.measures.add(ctx.origin, field_code="HF1", title="halb")
        raise RuntimeError("secret detail")

    registry.add(spec_of(broken))

    dispatcher = Dispatcher(registry, bot.database, make_settings(), clock)
    queued = await dispatcher.handle(IncomingMessage(ROOM, "$boom", "@a:hs", "!kaputt"))
    assert queued is not None
    body = queued.content["body"]
    assert "Interner Fehler (Ref. " in body and "secret" not in body
    async with bot.database.transaction() as store:
        assert await store.session.scalar(select(func.count()).select_from(Measure)) == 0
        assert await store.events.is_processed("$boom")


async def test_english_replies(bot: Harness, clock) -> None:
    dispatcher = Dispatcher(build_registry(), bot.database, make_settings("en"), clock)
    queued = await dispatcher.handle(IncomingMessage(ROOM, "$en", "@a:hs", "!massnahme M5"))
    assert queued is not None
    assert "There is no measure M5" in queued.content["body"]


def test_registry_refuses_duplicate_words() -> None:
    registry = Registry()

    async def handler(ctx: CommandContext) -> Reply:
        return Reply(lines=(Text.of("x"),))

    registry.add(spec_of(command("eins", english=("one",))(handler)))
    with pytest.raises(RegistryError, match="registered twice"):
        registry.add(spec_of(command("One", english=("uno",))(handler)))


def test_registry_refuses_arguments_the_handler_does_not_take() -> None:
    async def handler(ctx: CommandContext, measure: int) -> Reply:
        return Reply(lines=(Text.of("x"),))

    misnamed = command(
        "zeige", english=("show",), args=(Arg("id", "arg.measure", ignoring_today(int)),)
    )
    with pytest.raises(RegistryError, match="takes"):
        Registry().add(spec_of(misnamed(handler)))


def test_registry_matches_exact_words_not_prefixes() -> None:
    registry = build_registry()
    assert registry.resolve(["massnahmenliste"]) is None
    found = registry.resolve(["Maßnahmen", "HF2"])
    assert found is not None and found[0].words == ("massnahmen",) and found[1] == ["HF2"]


async def test_error_replies_do_not_echo_invisible_or_bidi_characters(bot: Harness) -> None:
    body = await bot.body("!massnahme M\u202e1\u200b")
    assert "\u202e" not in body and "\u200b" not in body
    assert "„M1“" in body
