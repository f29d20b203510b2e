"""Cross-signing of the bot's own device, which matrix-nio cannot do.

Element (since April 2026) shares room keys only with devices that their owner has
cross-signed: the device's keys signed by the account's self-signing key, which is
signed by its master key. At login the bot makes sure its device is signed so. If the
account has no cross-signing keys yet, the bot creates them, uploads them and keeps the
private keys in one file in `data_dir`, so that a later new device (say, after the
credentials were lost) is signed with the same keys and the account's identity stays.
Signatures and canonical JSON come from matrix.org's `signedjson` and `canonicaljson`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, NamedTuple

from canonicaljson import encode_canonical_json
from nio import AsyncClient
from signedjson.key import (
    decode_signing_key_base64,
    encode_signing_key_base64,
    encode_verify_key_base64,
    generate_signing_key,
    get_verify_key,
)
from signedjson.sign import SignatureVerifyException, sign_json, verify_signed_json
from signedjson.types import SigningKey

from bot.data_dir import write_private
from bot.failures import MatrixError

KEYS_QUERY = "/_matrix/client/v3/keys/query"
SIGNING_KEYS_UPLOAD = "/_matrix/client/v3/keys/device_signing/upload"
SIGNATURES_UPLOAD = "/_matrix/client/v3/keys/signatures/upload"
ROLES = ("master", "self_signing", "user_signing")


class CrossSigningState(Enum):
    """What `ensure_cross_signed` or `reset_cross_signing` found or did; the value is a log line."""

    ALREADY_SIGNED = "the device is cross-signed"
    DEVICE_SIGNED = "signed the device with the kept self-signing key"
    KEYS_CREATED = "created the account's cross-signing keys and signed the device"
    FOREIGN_KEYS = (
        "the account has cross-signing keys that this bot does not hold, so Element will "
        "not share room keys with it; fix: run `europa-bot reset-cross-signing -c "
        "config.toml`, which replaces the account's keys using the password"
    )
    PASSWORD_NEEDED = (
        "the homeserver wants the bot's password to set up cross-signing; set "
        "[matrix] password (or EUROPA_BOT_PASSWORD) once, for the first cross-signing "
        "or a reset"
    )

    @property
    def ok(self) -> bool:
        """Whether the device is cross-signed now."""
        return self not in (CrossSigningState.FOREIGN_KEYS, CrossSigningState.PASSWORD_NEEDED)


@dataclass(frozen=True)
class _Keys:
    """The three private cross-signing keys; each key's version is its public key."""

    master: SigningKey
    self_signing: SigningKey
    user_signing: SigningKey

    @classmethod
    def generate(cls) -> _Keys:
        return cls(*(_key(encode_signing_key_base64(generate_signing_key(""))) for _ in ROLES))


class _Account(NamedTuple):
    """The public state of the account as /keys/query reports it."""

    master: str | None  # public key
    self_signing: str | None
    device: dict[str, Any]


async def ensure_cross_signed(
    client: AsyncClient, key_file: Path, password: str | None
) -> CrossSigningState:
    """Make sure the client's device is signed by the account's self-signing key.

    Call after login, with the olm account loaded and the device keys uploaded. Creates
    the account's keys if it has none, signs the device with the keys kept in
    `key_file`, and does nothing when the device is already signed. Raises
    `MatrixError` when the homeserver refuses, and lets network errors through.
    """
    account = await _query(client)
    keys = _load(key_file, client.user_id)
    created = account.master is None
    if created:
        # kept keys from an upload that never completed are as good as new ones; they
        # are saved before the upload, so a crash cannot leave keys the bot lacks
        if keys is None:
            keys = _Keys.generate()
            _save(key_file, client.user_id, keys)
        if not await _upload_keys(client, keys, password):
            return CrossSigningState.PASSWORD_NEEDED
    elif keys is None or (account.master, account.self_signing) != (
        keys.master.version,
        keys.self_signing.version,
    ):
        return CrossSigningState.FOREIGN_KEYS
    if _signed_by(account.device, client.user_id, keys.self_signing):
        return CrossSigningState.ALREADY_SIGNED
    await _sign_device(client, account.device, keys)
    return CrossSigningState.KEYS_CREATED if created else CrossSigningState.DEVICE_SIGNED


async def reset_cross_signing(
    client: AsyncClient, key_file: Path, password: str | None
) -> CrossSigningState:
    """Replace the account's cross-signing keys with new ones and sign the device.

    The homeserver asks for the password to replace existing keys (PASSWORD_NEEDED
    without one). The new keys are kept only once the homeserver has taken them, so
    a wrong password leaves the kept keys as they were.
    """
    account = await _query(client)
    keys = _Keys.generate()
    if not await _upload_keys(client, keys, password):
        return CrossSigningState.PASSWORD_NEEDED
    _save(key_file, client.user_id, keys)
    await _sign_device(client, account.device, keys)
    return CrossSigningState.KEYS_CREATED


async def _query(client: AsyncClient) -> _Account:
    user_id, device_id = client.user_id, client.device_id
    data = _check(
        await _post(client, KEYS_QUERY, {"device_keys": {user_id: [device_id]}}),
        "querying the cross-signing keys",
    )
    device = data.get("device_keys", {}).get(user_id, {}).get(device_id)
    if device is None:
        raise MatrixError(
            "cross-signing", f"the keys of device {device_id} are not uploaded yet", status=404
        )
    master = data.get("master_keys", {}).get(user_id)
    self_signing = data.get("self_signing_keys", {}).get(user_id)
    return _Account(_public(master), _public(self_signing), device)


async def _upload_keys(client: AsyncClient, keys: _Keys, password: str | None) -> bool:
    """Upload the public keys, with password auth if asked; False if a password is missing."""
    user_id = client.user_id
    master = _key_object(user_id, "master", keys.master)
    # the device signs the master key too, as matrix-rust-sdk and matrix-js-sdk do when
    # they bootstrap: the account's other sessions can then trust it through this device
    master["signatures"] = {
        user_id: {f"ed25519:{client.device_id}": _device_signature(client, master)}
    }
    body: dict[str, Any] = {
        "master_key": master,
        "self_signing_key": sign_json(
            _key_object(user_id, "self_signing", keys.self_signing), user_id, keys.master
        ),
        "user_signing_key": sign_json(
            _key_object(user_id, "user_signing", keys.user_signing), user_id, keys.master
        ),
    }
    status, data = await _post(client, SIGNING_KEYS_UPLOAD, body)
    if status == 401 and "flows" in data:  # user-interactive auth
        if password is None:
            return False
        if not any(flow.get("stages") == ["m.login.password"] for flow in data["flows"]):
            raise MatrixError(
                "uploading cross-signing keys",
                f"the homeserver offers no password login for this: {data['flows']}",
                status=401,
            )
        body["auth"] = {
            "type": "m.login.password",
            "identifier": {"type": "m.id.user", "user": user_id},
            "password": password,
            "session": data.get("session"),
        }
        status, data = await _post(client, SIGNING_KEYS_UPLOAD, body)
    _check((status, data), "uploading cross-signing keys")
    return True


async def _sign_device(client: AsyncClient, device: dict[str, Any], keys: _Keys) -> None:
    user_id = client.user_id
    unsigned_device = {k: v for k, v in device.items() if k not in ("signatures", "unsigned")}
    signed = sign_json(unsigned_device, user_id, keys.self_signing)
    data = _check(
        await _post(client, SIGNATURES_UPLOAD, {user_id: {device["device_id"]: signed}}),
        "uploading the device's signature",
    )
    if data.get("failures"):  # a 200 answer can still refuse each signature
        raise MatrixError(
            "uploading the device's signature", json.dumps(data["failures"]), status=400
        )


async def _post(client: AsyncClient, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST JSON as the client's user; the HTTP status and the answer's JSON object."""
    headers = {"Authorization": f"Bearer {client.access_token}", "Content-Type": "application/json"}
    # network errors and timeouts pass through: the caller retries them
    response = await client.send("POST", path, json.dumps(body), headers)
    try:
        text = await response.text()
    finally:
        response.release()
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    return response.status, data if isinstance(data, dict) else {"error": text[:200]}


def _check(answer: tuple[int, dict[str, Any]], what: str) -> dict[str, Any]:
    """The answer's JSON if the homeserver accepted the request; else `MatrixError`."""
    status, data = answer
    if status != 200:
        retry_ms = data.get("retry_after_ms")
        raise MatrixError(
            what,
            str(data.get("error", "")),
            errcode=data.get("errcode"),
            status=status,
            retry_after_s=retry_ms / 1000 if isinstance(retry_ms, int) else None,
        )
    return data


def _device_signature(client: AsyncClient, value: dict[str, Any]) -> str:
    if client.olm is None:
        raise RuntimeError("cross-signing needs the client's encryption keys to be loaded")
    return str(client.olm.account.sign(encode_canonical_json(value).decode()))


def _key_object(user_id: str, usage: str, key: SigningKey) -> dict[str, Any]:
    return {"user_id": user_id, "usage": [usage], "keys": {f"ed25519:{key.version}": key.version}}


def _public(key_object: dict[str, Any] | None) -> str | None:
    return str(next(iter(key_object["keys"].values()))) if key_object else None


def _signed_by(device: dict[str, Any], user_id: str, key: SigningKey) -> bool:
    try:
        verify_signed_json(device, user_id, get_verify_key(key))
    except SignatureVerifyException:
        return False
    return True


def _key(seed: str) -> SigningKey:
    """The signing key of a base64 seed, its version set to its public key (the key id)."""
    public = encode_verify_key_base64(
        get_verify_key(decode_signing_key_base64("ed25519", "", seed))
    )
    return decode_signing_key_base64("ed25519", public, seed)


def _load(key_file: Path, user_id: str) -> _Keys | None:
    try:
        data = json.loads(key_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    if data.get("user_id") != user_id:
        return None
    return _Keys(*(_key(data[role]) for role in ROLES))


def _save(key_file: Path, user_id: str, keys: _Keys) -> None:
    """Keep the private keys (0600, written atomically)."""
    data = {"user_id": user_id} | {
        role: encode_signing_key_base64(getattr(keys, role)) for role in ROLES
    }
    write_private(key_file, json.dumps(data))
