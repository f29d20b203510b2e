"""Catalogue upload in the group room: the file event, the download (authenticated, size
capped, decrypted in an encrypted room), the dry run with its code, and the confirmation
by the uploader alone within 30 minutes."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiohttp import ClientSession, web
from nio.crypto.attachments import encrypt_attachment
from sqlalchemy import select

from bot import media
from bot.events import IncomingFile, parse
from bot.uploads import Uploads
from services.catalogue_csv import export_csv
from storage.models import CatalogueUpload, Change
from tests.unit.conftest import COORDINATOR, ROOM, STAFF, Harness, snapshot
from tests.unit.offline_gateway import offline_gateway

CSV = (
    "ID;Handlungsfeld;Titel;Fachbereich;Status;Fortschritt\n"
    "M1;HF2;Sprachkurse für alle;FB18;laufend;30\n"
    ";HF3;Welcome Center;;;\n"
    ";HF1;Städtepartnerschaften;FB18;;\n"
).encode("utf-8-sig")
GROUP = "!gruppe"
BERLIN = ZoneInfo("Europe/Berlin")


def upload(
    event_id: str = "$file", sender: str = COORDINATOR, name: str = "katalog.csv"
) -> IncomingFile:
    return IncomingFile(ROOM, event_id, sender, name, "mxc://example.org/abc")


async def catalogue(bot: Harness) -> None:
    await bot.say("!fb neu FB18 Personal")
    await bot.say("!massnahme neu HF2 Sprachkurse fb=FB18")


async def dry_run(bot: Harness, data: bytes | None = CSV, **kwargs: Any) -> dict[str, Any]:
    queued = await bot.dispatcher.handle_upload(upload(**kwargs), data)
    assert queued is not None
    return queued.content


def code_in(body: str) -> str:
    return body.split("!import bestätigen ")[1].split()[0]


async def test_the_dry_run_says_what_would_change_and_changes_nothing(bot: Harness) -> None:
    await catalogue(bot)
    before = await snapshot(bot.database)
    content = await dry_run(bot)
    body = content["body"]
    assert body.startswith(
        "📄 Probelauf für „katalog.csv“ (noch nichts übernommen): 2 Maßnahmen neu, 1 geändert, "
        "0 unverändert."
    )
    assert "Neu: M2, M3" in body and "Geändert: M1" in body
    assert f"nur {COORDINATOR}, gültig bis 25.11.2026 10:30 Uhr" in body
    assert content["m.relates_to"] == {"m.in_reply_to": {"event_id": "$file"}}
    assert content["m.mentions"] == {"user_ids": [COORDINATOR]}
    after = await snapshot(bot.database)
    assert after.pop("catalogue_uploads") and before.pop("catalogue_uploads") == []
    assert after == before  # the catalogue and its trail are as they were


async def test_only_the_uploader_confirms_and_the_trail_names_them(bot: Harness) -> None:
    await catalogue(bot)
    code = code_in((await dry_run(bot))["body"])
    other = "@chefin:example.org"
    refused = await bot.body(f"!import bestätigen {code}", other, group_power=100)
    assert f"nur {COORDINATOR}" in refused and "hochgeladen" in refused
    assert "dürfen nur" in await bot.body(f"!import bestätigen {code}", STAFF, group_power=0)
    assert "M2" not in await bot.body("!massnahmen")
    applied = await bot.body(f"!import bestätigen {code.lower()}", event_id="$confirm")
    assert applied.startswith("✅ Katalog „katalog.csv“ übernommen: 2 Maßnahmen neu, 1 geändert")
    assert "Welcome Center" in await bot.body("!massnahmen")
    async with bot.database.transaction() as store:
        changes = (await store.session.scalars(select(Change).where(Change.measure_id == 2))).all()
    assert [(c.actor, c.event_id) for c in changes] == [(COORDINATOR, "$confirm")]
    assert "schon übernommen" in await bot.body(f"!import bestätigen {code}")


async def test_a_code_expires_after_thirty_minutes(bot: Harness) -> None:
    await catalogue(bot)
    code = code_in((await dry_run(bot))["body"])
    bot.clock.now += timedelta(minutes=31)
    assert "abgelaufen" in await bot.body(f"!import bestätigen {code}")
    assert "M2" not in await bot.body("!massnahmen")


async def test_a_file_with_errors_gets_them_and_no_code(bot: Harness) -> None:
    await catalogue(bot)
    bad = b"ID;Handlungsfeld;Titel\n;Feld 9;Falsch\nM1;HF2;\n"
    body = (await dry_run(bot, bad))["body"]
    assert body.startswith("📄 Probelauf für „katalog.csv“: 2 Fehler, nichts würde übernommen")
    assert "• Zeile 2: " in body and "• Zeile 3: " in body
    assert "bestätigen" not in body
    excel = (await dry_run(bot, b"PK\x03\x04" + bytes(100), event_id="$xlsx"))["body"]
    assert "Excel-Arbeitsmappe" in excel and "bestätigen" not in excel
    unreadable = (await dry_run(bot, None, event_id="$gone"))["body"]
    assert "kann ich nicht laden oder entschlüsseln" in unreadable
    async with bot.database.transaction() as store:
        assert (await store.session.scalars(select(CatalogueUpload))).all() == []


async def test_the_catalogue_as_it_is_has_nothing_to_confirm(bot: Harness) -> None:
    await catalogue(bot)
    code = code_in((await dry_run(bot))["body"])
    await bot.say(f"!import bestätigen {code}")
    async with bot.database.transaction() as store:
        exported, _ = await export_csv(store, BERLIN)
    body = (await dry_run(bot, exported, event_id="$again"))["body"]
    assert "nichts zu übernehmen" in body and "bestätigen" not in body


async def test_a_confirmation_refused_now_applies_nothing(bot: Harness) -> None:
    await catalogue(bot)
    code = code_in((await dry_run(bot))["body"])
    before = await snapshot(bot.database)
    # meanwhile the department the file names is gone from the catalogue's reach
    async with bot.database.transaction() as store:
        department = await store.departments.get("FB18")
        assert department is not None
        department.code, department.code_key = "FB19", "fb19"
    body = await bot.body(f"!import bestätigen {code}")
    assert "lässt sich inzwischen nicht mehr übernehmen" in body and "FB18" in body
    after = await snapshot(bot.database)
    assert after["measures"] == before["measures"]


async def test_staff_files_are_not_catalogues(bot: Harness) -> None:
    await catalogue(bot)
    assert await bot.dispatcher.handle_upload(upload(sender=STAFF), CSV) is None


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            {"msgtype": "m.file", "body": "k.csv", "url": "mxc://hs/abc", "info": {"size": 12}},
            IncomingFile("!r", "$e", "@a:hs", "k.csv", "mxc://hs/abc", None, 12),
        ),
        (
            {"msgtype": "m.file", "body": "x", "filename": "k.csv", "file": {"url": "mxc://hs/e"}},
            IncomingFile("!r", "$e", "@a:hs", "k.csv", "mxc://hs/e", keys={"url": "mxc://hs/e"}),
        ),
        ({"msgtype": "m.file", "body": "k.csv", "url": "https://evil/x"}, None),
        ({"msgtype": "m.file", "body": "k.csv"}, None),
        (
            {"msgtype": "m.file", "body": "k.csv", "url": "mxc://hs/a", "info": {"size": "9"}},
            IncomingFile("!r", "$e", "@a:hs", "k.csv", "mxc://hs/a"),
        ),
        ({"msgtype": "m.image", "body": "k.png", "url": "mxc://hs/abc"}, None),
    ],
)
def test_file_events_are_read_defensively(content: dict[str, Any], expected: Any) -> None:
    source = {"type": "m.room.message", "event_id": "$e", "sender": "@a:hs", "content": content}
    assert parse(source, "!r") == expected


def homeserver(
    files: dict[str, bytes], legacy_only: bool = False
) -> tuple[web.Application, list[str]]:
    """Media at the authenticated endpoint (or only the old one); what was asked, logged."""
    asked: list[str] = []

    async def authenticated(request: web.Request) -> web.Response:
        asked.append(f"v1 {request.headers.get('Authorization')}")
        if legacy_only:
            return web.json_response({"errcode": "M_UNRECOGNIZED"}, status=404)
        return _media(files, request)

    async def legacy(request: web.Request) -> web.Response:
        asked.append("v3")
        return _media(files, request)

    app = web.Application()
    app.router.add_get("/_matrix/client/v1/media/download/{server}/{media}", authenticated)
    app.router.add_get("/_matrix/media/v3/download/{server}/{media}", legacy)
    return app, asked


def _media(files: dict[str, bytes], request: web.Request) -> web.Response:
    data = files.get(request.match_info["media"])
    if data is None:
        return web.json_response({"errcode": "M_NOT_FOUND"}, status=404)
    return web.Response(body=data)


async def test_media_is_fetched_authenticated_and_decrypted(tmp_path: Path) -> None:
    ciphertext, keys = encrypt_attachment(CSV)
    app, asked = homeserver({"plain": CSV, "secret": ciphertext, "big": bytes(2000)})
    async with offline_gateway(tmp_path, app, [GROUP], []) as offline:
        client = offline.gateway.client
        client.client_session = ClientSession()  # as after the first sync
        assert await media.fetch(client, "mxc://example.org/plain", 1000, None) == CSV
        assert asked == ["v1 Bearer token"]
        assert await media.fetch(client, "mxc://example.org/secret", 1000, keys) == CSV
        tampered = {**keys, "hashes": {"sha256": keys["hashes"]["sha256"][::-1]}}
        for url, limit, with_keys in (
            ("mxc://example.org/secret", 1000, tampered),  # fails its hash
            ("mxc://example.org/secret", 1000, {"v": "v2"}),  # keys missing
            ("mxc://example.org/big", 1000, None),  # over the limit
            ("mxc://example.org/gone", 1000, None),
            ("mxc://example.org/a/b", 1000, None),
            ("mxc://", 1000, None),
        ):
            with pytest.raises(media.Unreadable):
                await media.fetch(client, url, limit, with_keys)


async def test_media_of_an_older_server_comes_from_the_old_endpoint(tmp_path: Path) -> None:
    app, asked = homeserver({"plain": CSV}, legacy_only=True)
    async with offline_gateway(tmp_path, app, [GROUP], []) as offline:
        offline.gateway.client.client_session = ClientSession()
        assert await media.fetch(offline.gateway.client, "mxc://hs/plain", 1000, None) == CSV
        assert asked == ["v1 Bearer token", "v3"]


async def test_a_failing_media_server_is_retried_later(tmp_path: Path) -> None:
    async def failing(request: web.Request) -> web.Response:
        return web.json_response({"errcode": "M_UNKNOWN"}, status=502)

    app = web.Application()
    app.router.add_get("/_matrix/client/v1/media/download/{server}/{media}", failing)
    async with offline_gateway(tmp_path, app, [GROUP], []) as offline:
        offline.gateway.client.client_session = ClientSession()
        with pytest.raises(media.MatrixError) as failed:
            await media.fetch(offline.gateway.client, "mxc://hs/x", 1000, None)
        assert failed.value.transient


async def test_only_coordinators_spreadsheets_in_the_group_room_are_fetched(
    tmp_path: Path,
) -> None:
    app, asked = homeserver({"abc": CSV})
    async with offline_gateway(tmp_path, app, [GROUP], [COORDINATOR]) as offline:
        uploads: Uploads = offline.gateway.uploads
        offline.gateway.client.client_session = ClientSession()
        offline.gateway.rooms.remember(offline.dispatcher.settings.group_room, GROUP)
        mine = IncomingFile(GROUP, "$f", COORDINATOR, "Katalog.CSV", "mxc://hs/abc")
        for other in (
            IncomingFile(GROUP, "$s", STAFF, "k.csv", "mxc://hs/abc", group_power=0),
            IncomingFile("!anderer", "$r", COORDINATOR, "k.csv", "mxc://hs/abc"),
            IncomingFile(GROUP, "$p", COORDINATOR, "protokoll.pdf", "mxc://hs/abc"),
        ):
            assert not uploads.wanted(other)
            await uploads.handle(other)
        assert asked == []
        assert uploads.wanted(mine)
        assert uploads.wanted(IncomingFile(GROUP, "$x", COORDINATOR, "k", "mxc://h/a", "text/csv"))
        await uploads.handle(mine)
        await uploads.handle(mine)  # a replayed event is not fetched again
        assert len(asked) == 1
        async with offline.database.transaction() as store:
            [queued] = await store.outbox.unsent()
        assert "Probelauf" in queued.content["body"] and queued.room_id == GROUP


async def test_a_file_announced_too_large_is_not_fetched(tmp_path: Path) -> None:
    app, asked = homeserver({"abc": CSV})
    async with offline_gateway(tmp_path, app, [GROUP], [COORDINATOR]) as offline:
        offline.gateway.rooms.remember(offline.dispatcher.settings.group_room, GROUP)
        huge = IncomingFile(GROUP, "$huge", COORDINATOR, "k.csv", "mxc://hs/abc", size=6 << 20)
        await offline.gateway.uploads.handle(huge)
        assert asked == []
        async with offline.database.transaction() as store:
            [answer] = await store.outbox.unsent()
        assert "größer als 5 MiB" in answer.content["body"]


async def test_a_media_server_that_keeps_failing_is_given_up_after_three_tries(
    tmp_path: Path,
) -> None:
    tries: list[str] = []

    async def failing(request: web.Request) -> web.Response:
        tries.append(request.path)
        return web.json_response({"errcode": "M_UNKNOWN"}, status=502)

    app = web.Application()
    app.router.add_get("/_matrix/client/v1/media/download/{server}/{media}", failing)
    async with offline_gateway(tmp_path, app, [GROUP], [COORDINATOR]) as offline:
        offline.gateway.client.client_session = ClientSession()
        offline.gateway.rooms.remember(offline.dispatcher.settings.group_room, GROUP)
        file = IncomingFile(GROUP, "$far", COORDINATOR, "k.csv", "mxc://hs/abc")
        for _ in range(2):  # the batch is retried, the rooms' other events wait that long
            with pytest.raises(media.MatrixError):
                await offline.gateway.uploads.handle(file)
        await offline.gateway.uploads.handle(file)
        assert len(tries) == 3
        async with offline.database.transaction() as store:
            [answer] = await store.outbox.unsent()
        assert "gerade nicht zu erreichen" in answer.content["body"]


async def test_deleting_the_confirmation_does_not_undo_the_import(bot: Harness) -> None:
    await catalogue(bot)
    await bot.say("!frist M1 31.03.2027")
    code = code_in((await dry_run(bot))["body"])
    await bot.say(f"!import bestätigen {code}", event_id="$confirm")
    before = await snapshot(bot.database)
    note = await bot.redact("$confirm")
    assert note is not None and "!import bestätigen" in note and "nicht rückgängig" in note
    assert await snapshot(bot.database) == before
