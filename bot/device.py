"""The bot's own device: the nio client, its login, its store's key, and its cross-signing.

The first login creates a device whose id, token and encryption keys stay in data_dir,
so every later start is the same device (encrypted rooms keep working). The device is
cross-signed by the bot's account, or Element neither shares room keys with it nor
shows its messages (see `bot.cross_signing`).
"""

from __future__ import annotations

import asyncio
import logging

from nio import AsyncClient, AsyncClientConfig, LoginResponse, WhoamiResponse
from nio.store import DefaultStore

from bot.config import MatrixConfig
from bot.cross_signing import CrossSigningState, ensure_cross_signed, reset_cross_signing
from bot.data_dir import DataDir, rekey_store
from bot.failures import FatalError, MatrixError, SessionLost, ok, retry

log = logging.getLogger(__name__)


class KeyStore(DefaultStore):  # type: ignore[misc]
    """nio's store of the device's E2EE keys, without a needless transaction per sync.

    nio saves the rooms that became encrypted after every sync, nearly always none;
    for none it writes nothing, but still opens a transaction and reads the account, in
    the event loop.
    """

    def save_encrypted_rooms(self, rooms: set[str]) -> None:
        """Save the ids of rooms that became encrypted (nothing to do for none)."""
        if rooms:
            super().save_encrypted_rooms(rooms)


class Device:
    """A logged-in nio client for the bot's account, on its kept device."""

    def __init__(self, config: MatrixConfig, data: DataDir, stopping: asyncio.Event) -> None:
        self.config = config
        self.data = data
        self._stopping = stopping
        self._stored = data.credentials(config.homeserver, config.user_id)
        key, self._old_key = data.pickle_key(
            config.user_id, self._stored["device_id"] if self._stored else None
        )
        self._key = key
        self.client = AsyncClient(
            config.homeserver,
            config.user_id,
            store_path=str(data.path),
            # nio would retry inside one request; we back off in our loops, where a stop
            # can interrupt the wait and every failure is logged once
            config=AsyncClientConfig(
                encryption_enabled=True,
                store=KeyStore,
                store_sync_tokens=False,
                max_timeouts=0,
                max_limit_exceeded=0,
                pickle_key=self._old_key or key,
            ),
        )

    async def login(self) -> None:
        """Log in (an unreachable homeserver is retried, one log line per attempt).

        Raises:
            FatalError: the login was refused, or the stored token was revoked.
        """
        try:
            await retry(f"connecting to {self.config.homeserver}", self._login, self._stopping)
        except (MatrixError, SessionLost) as error:
            raise FatalError(self.refusal(error)) from None

    async def _login(self) -> None:
        config, client = self.config, self.client
        if self._stored is not None:
            try:
                client.restore_login(
                    config.user_id, self._stored["device_id"], self._stored["access_token"]
                )
            except Exception as error:  # nio raises several types for a store it cannot read
                raise FatalError(
                    f"the encryption store in {self.data.path} cannot be opened with its key "
                    f"({type(error).__name__}: {error}); was pickle.key changed?"
                ) from None
            ok(await client.whoami(), "whoami")
            if self._old_key is not None and client.store is not None:
                rekey_store(client.store, client.olm, self._key)
                self._old_key = None
                log.info("the encryption store now has a key of its own")
            self.data.key_settled()
            log.info("reusing device %s", self._stored["device_id"])
            return
        if config.access_token:
            client.access_token = config.access_token
            who = ok(await client.whoami(), "whoami")
            assert isinstance(who, WhoamiResponse)
            client.restore_login(config.user_id, who.device_id, config.access_token)
        else:
            response = ok(
                await client.login(config.password, device_name=config.device_name), "login"
            )
            assert isinstance(response, LoginResponse)
        self.data.store_credentials(
            config.homeserver, config.user_id, client.device_id, client.access_token
        )
        self.data.key_settled()
        self._stored = {"device_id": client.device_id, "access_token": client.access_token}
        log.info("logged in as %s, new device %s", config.user_id, client.device_id)

    def refusal(self, error: MatrixError | SessionLost) -> str:
        """What the operator must know when the homeserver refuses the bot's login."""
        revoked = isinstance(error, SessionLost) or error.token_revoked
        if revoked and self._stored is not None:
            return (
                f"the access token of device {self._stored['device_id']} was revoked "
                "(M_UNKNOWN_TOKEN). To log in again with the password (as a new device), "
                f"delete {self.data.credentials_file}"
            )
        if revoked:
            return f"the configured access_token of {self.config.user_id} is not valid ({error})"
        return f"the homeserver refused the login of {self.config.user_id}: {error}"

    async def cross_sign(self) -> None:
        """Make sure the device is cross-signed; log what is missing if it cannot be."""
        try:
            state = await retry("cross-signing", self._cross_sign, self._stopping)
        except MatrixError as error:
            log.error("cross-signing failed: %s (Element will not trust this device)", error)
            return
        if state is not None:
            (log.info if state.ok else log.error)("cross-signing: %s", state.value)

    async def _cross_sign(self) -> CrossSigningState:
        await self._upload_device_keys()
        return await ensure_cross_signed(
            self.client, self.data.cross_signing_file, self.config.password
        )

    async def reset_cross_signing(self) -> CrossSigningState:
        """Replace the account's cross-signing keys (needs the password) and sign the device."""
        await self._upload_device_keys()
        return await reset_cross_signing(
            self.client, self.data.cross_signing_file, self.config.password
        )

    async def _upload_device_keys(self) -> None:
        if self.client.should_upload_keys:
            ok(await self.client.keys_upload(), "uploading the device keys")
