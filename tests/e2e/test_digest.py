"""The digest and the CSV export as staff clients receive them from Synapse."""

from __future__ import annotations

from typing import Any

from nio import DownloadResponse
from nio.crypto import decrypt_attachment

from tests.e2e.conftest import E2E, World

pytestmark = E2E


async def attachment_of(world: World, event_id: str, msgtype: str) -> dict[str, Any]:
    await world.anna.wait_for(
        lambda _: any(
            e["content"].get("msgtype") == msgtype for e in world.anna.replies_to(event_id)
        )
    )
    return next(
        e["content"]
        for e in world.anna.replies_to(event_id)
        if e["content"].get("msgtype") == msgtype
    )


async def download(world: World, url: str) -> bytes:
    response = await world.anna.client.download(url)
    assert isinstance(response, DownloadResponse), response
    return bytes(response.body)


async def test_digest_text_and_chart_reach_staff(world: World) -> None:
    room = world.group_room
    await world.koordination.ask(room, "!massnahme neu HF3 Willkommenskultur")
    event_id = await world.anna.send(room, "!bericht")
    text = await attachment_of(world, event_id, "m.notice")
    print("\ndigest as received:\n" + text["body"])
    assert text["body"].startswith("📊 Woche ")
    for code in ("HF1 – ", "HF2 – ", "HF3 – ", "HF4 – "):
        assert code in text["body"]
    assert "<p><b>HF3 – Internationale Profilierung" in text["formatted_body"]
    image = await attachment_of(world, event_id, "m.image")
    print(f"chart as received: {image['body']} {image['info']}")
    assert image["info"]["mimetype"] == "image/png" and image["info"]["w"] == 800
    png = await download(world, image["url"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) == image["info"]["size"]


async def test_chart_is_encrypted_in_an_encrypted_room(world: World) -> None:
    event_id = await world.anna.send(world.secret_room, "!bericht")
    image = await attachment_of(world, event_id, "m.image")
    assert "url" not in image and image["file"]["url"].startswith("mxc://")
    ciphertext = await download(world, image["file"]["url"])
    png = decrypt_attachment(
        ciphertext,
        image["file"]["key"]["k"],
        image["file"]["hashes"]["sha256"],
        image["file"]["iv"],
    )
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


async def test_export_uploads_a_german_csv(world: World) -> None:
    event_id = await world.anna.send(world.group_room, "!export")
    csv_file = await attachment_of(world, event_id, "m.file")
    assert csv_file["body"].startswith("massnahmen-") and csv_file["body"].endswith(".csv")
    data = await download(world, csv_file["url"])
    assert data.startswith("\ufeffID;Handlungsfeld;Titel;".encode())
