"""Cross-signing of the bot's device against a real Synapse, checked with signedjson."""

from __future__ import annotations

import json
import secrets
import stat
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from nio import AsyncClient
from signedjson.key import (
    decode_signing_key_base64,
    decode_verify_key_base64,
    encode_verify_key_base64,
    get_verify_key,
)
from signedjson.sign import verify_signed_json

from bot.cross_signing import CrossSigningState, ensure_cross_signed, reset_cross_signing
from bot.failures import MatrixError
from bot.local_synapse import Homeserver
from tests.e2e.conftest import E2E, PASSWORD

pytestmark = E2E


class Account:
    """A fresh user of the test homeserver whose devices are plain E2EE nio clients."""

    def __init__(self, homeserver: Homeserver, tmp: Path) -> None:
        self.homeserver = homeserver
        self.tmp = tmp
        self.name = f"xsign-{secrets.token_hex(4)}"
        self.clients: list[AsyncClient] = []

    async def device(self) -> AsyncClient:
        """Log in a new device with its own store and upload its device keys."""
        store = self.tmp / f"store-{len(self.clients)}"
        client = await self.homeserver.client(self.name, PASSWORD, store=store)
        self.clients.append(client)
        await client.keys_upload()
        return client


@pytest_asyncio.fixture(loop_scope="session")
async def account(homeserver: Homeserver, tmp_path: Path) -> AsyncIterator[Account]:
    account = Account(homeserver, tmp_path)
    await homeserver.register(account.name, PASSWORD)
    yield account
    for client in account.clients:
        await client.close()


async def query(client: AsyncClient) -> dict[str, Any]:
    """The account's keys as any other client sees them."""
    response = await client.send(
        "POST",
        "/_matrix/client/v3/keys/query",
        json.dumps({"device_keys": {client.user_id: []}}),
        {"Authorization": f"Bearer {client.access_token}"},
    )
    assert response.status == 200
    result: dict[str, Any] = await response.json()
    return result


def public(key_object: dict[str, Any]) -> str:
    (key,) = key_object["keys"].values()
    return str(key)


def verify(signed: dict[str, Any], user_id: str, public_key: str) -> None:
    """Raise unless `signed` carries a valid signature of `user_id`'s key `public_key`."""
    verify_signed_json(signed, user_id, decode_verify_key_base64("ed25519", public_key, public_key))


def kept_public_keys(key_file: Path) -> dict[str, str]:
    """The public keys of the private ones in the key file."""
    data = json.loads(key_file.read_text())
    return {
        role: encode_verify_key_base64(
            get_verify_key(decode_signing_key_base64("ed25519", "", data[role]))
        )
        for role in ("master", "self_signing", "user_signing")
    }


async def assert_cross_signed(client: AsyncClient, key_file: Path) -> None:
    """The chain Element checks: device ← self-signing key ← master key, the kept ones."""
    keys = await query(client)
    user = client.user_id
    kept = kept_public_keys(key_file)
    master = keys["master_keys"][user]
    self_signing = keys["self_signing_keys"][user]
    assert (public(master), public(self_signing)) == (kept["master"], kept["self_signing"])
    assert master["usage"] == ["master"] and self_signing["usage"] == ["self_signing"]
    verify(self_signing, user, kept["master"])
    verify(keys["device_keys"][user][client.device_id], user, kept["self_signing"])


def record_posts(client: AsyncClient) -> list[str]:
    """Record the path of every request the client sends from now on."""
    paths: list[str] = []
    send = client.send

    async def recording(method: str, path: str, *args: Any, **kwargs: Any) -> Any:
        paths.append(path.split("?")[0])
        return await send(method, path, *args, **kwargs)

    client.send = recording
    return paths


async def test_fresh_account_gets_keys_and_a_signed_device(account: Account) -> None:
    client = await account.device()
    key_file = account.tmp / "cross-signing.json"

    state = await ensure_cross_signed(client, key_file, PASSWORD)

    assert state is CrossSigningState.KEYS_CREATED and state.ok
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert not list(key_file.parent.glob("*.tmp"))
    await assert_cross_signed(client, key_file)
    keys = await query(client)
    user, kept = client.user_id, kept_public_keys(key_file)
    assert public(keys["user_signing_keys"][user]) == kept["user_signing"]
    verify(keys["user_signing_keys"][user], user, kept["master"])
    # the master key is signed by the device that created it, as Element's SDKs do
    device_key = keys["device_keys"][user][client.device_id]["keys"][f"ed25519:{client.device_id}"]
    verify_signed_json(
        keys["master_keys"][user],
        user,
        decode_verify_key_base64("ed25519", client.device_id, device_key),
    )

    requests = record_posts(client)
    assert await ensure_cross_signed(client, key_file, PASSWORD) is CrossSigningState.ALREADY_SIGNED
    assert requests == ["/_matrix/client/v3/keys/query"]


async def test_a_new_device_is_signed_with_the_kept_keys(account: Account) -> None:
    key_file = account.tmp / "cross-signing.json"
    first = await account.device()
    await ensure_cross_signed(first, key_file, PASSWORD)
    before = key_file.read_text()

    second = await account.device()  # the credentials file was lost: a new login
    state = await ensure_cross_signed(second, key_file, None)

    assert state is CrossSigningState.DEVICE_SIGNED
    assert key_file.read_text() == before
    await assert_cross_signed(second, key_file)
    await assert_cross_signed(first, key_file)


async def test_keys_made_elsewhere_are_reported_not_replaced(account: Account) -> None:
    elsewhere = account.tmp / "elsewhere.json"
    await ensure_cross_signed(await account.device(), elsewhere, PASSWORD)
    client = await account.device()
    other_keys = account.tmp / "other.json"
    resetting = await account.device()
    await reset_cross_signing(resetting, other_keys, PASSWORD)

    missing = account.tmp / "none.json"
    assert await ensure_cross_signed(client, missing, PASSWORD) is CrossSigningState.FOREIGN_KEYS
    assert not missing.exists()
    different = await ensure_cross_signed(client, elsewhere, PASSWORD)
    assert different is CrossSigningState.FOREIGN_KEYS and not different.ok
    assert "europa-bot reset-cross-signing -c config.toml" in different.value
    await assert_cross_signed(resetting, other_keys)


async def test_reset_replaces_the_keys_and_signs_the_device(account: Account) -> None:
    old = account.tmp / "old.json"
    await ensure_cross_signed(await account.device(), old, PASSWORD)
    client = await account.device()
    key_file = account.tmp / "new.json"
    assert await ensure_cross_signed(client, key_file, PASSWORD) is CrossSigningState.FOREIGN_KEYS

    assert await reset_cross_signing(client, key_file, PASSWORD) is CrossSigningState.KEYS_CREATED

    await assert_cross_signed(client, key_file)
    assert kept_public_keys(key_file)["master"] != kept_public_keys(old)["master"]
    assert await ensure_cross_signed(client, key_file, PASSWORD) is CrossSigningState.ALREADY_SIGNED
    assert await ensure_cross_signed(client, old, PASSWORD) is CrossSigningState.FOREIGN_KEYS


async def test_without_a_password_synapse_allows_the_first_keys_only(account: Account) -> None:
    client = await account.device()
    key_file = account.tmp / "cross-signing.json"
    # Synapse lets the first upload through without user-interactive auth (MSC3967)
    assert await ensure_cross_signed(client, key_file, None) is CrossSigningState.KEYS_CREATED
    before = key_file.read_text()

    state = await reset_cross_signing(client, key_file, None)

    assert state is CrossSigningState.PASSWORD_NEEDED and not state.ok
    assert "EUROPA_BOT_PASSWORD" in state.value
    assert key_file.read_text() == before
    await assert_cross_signed(client, key_file)


async def test_a_wrong_password_is_an_error_and_keeps_the_keys(account: Account) -> None:
    client = await account.device()
    key_file = account.tmp / "cross-signing.json"
    await ensure_cross_signed(client, key_file, PASSWORD)
    before = key_file.read_text()

    with pytest.raises(MatrixError) as refused:
        await reset_cross_signing(client, key_file, "falsch")

    assert refused.value.status == 401 and not refused.value.transient
    assert key_file.read_text() == before
    await assert_cross_signed(client, key_file)
