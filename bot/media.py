"""Files people post: downloaded from the homeserver (at most a given size) and, from an
encrypted room, decrypted and checked against the hash their event names.

Media is fetched with the authenticated endpoint of Matrix 1.11
(`/_matrix/client/v1/media/download`), which Synapse requires for new media; a server
that does not know it yet is asked at the older `/_matrix/media/v3/download`. nio's own
download knows only the older one and reads any size into memory.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import aiohttp
from nio import AsyncClient
from nio.crypto.attachments import decrypt_attachment

from bot.failures import MatrixError

# read in pieces, so that a file over the limit is never held whole
CHUNK = 64 * 1024


class Unreadable(Exception):
    """The file cannot be had or is not what its event says; retrying cannot help."""


class TooLarge(Unreadable):
    """The file is larger than what is read of it."""


# the parts of a mxc:// address (Matrix spec: server name; media id of [A-Za-z0-9_-])
_SERVER = re.compile(r"^[A-Za-z0-9.\-]+(?::[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::[0-9]{1,5})?$")
_MEDIA_ID = re.compile(r"^[A-Za-z0-9_\-]{1,255}$")
# a download that takes longer is given up for now (and tried again a few times)
TIMEOUT = aiohttp.ClientTimeout(total=30)


async def fetch(client: AsyncClient, url: str, limit: int, keys: Mapping[str, Any] | None) -> bytes:
    """The file at `url` (`mxc://server/id`), decrypted with `keys` if given.

    Raises:
        Unreadable: larger than `limit`, gone, refused for good, or failing its checks.
        MatrixError: the homeserver failed for now (transient): try again later.
    """
    server, _, media = url.removeprefix("mxc://").partition("/")
    if not url.startswith("mxc://") or not _SERVER.match(server) or not _MEDIA_ID.match(media):
        raise Unreadable("not a mxc:// address")
    path = f"{quote(server, safe='')}/{quote(media, safe='')}"
    data = await _download(client, f"/_matrix/client/v1/media/download/{path}", limit, True)
    if data is None:
        data = await _download(client, f"/_matrix/media/v3/download/{path}", limit, False)
    if data is None:
        raise Unreadable("the homeserver does not have it")
    return data if keys is None else _decrypt(data, keys)


async def _download(
    client: AsyncClient, path: str, limit: int, authenticated: bool
) -> bytes | None:
    """The body at `path`, or None when the server does not know it (404)."""
    session = client.client_session
    if session is None:
        raise MatrixError("download", "not logged in")
    headers = {"Authorization": f"Bearer {client.access_token}"} if authenticated else {}
    try:
        async with session.get(
            client.homeserver + path, headers=headers, allow_redirects=False, timeout=TIMEOUT
        ) as response:
            if response.status == 404:
                return None
            if response.status != 200:
                body = await response.text()
                error = MatrixError("download", body[:200], status=response.status)
                if error.transient:
                    raise error
                raise Unreadable(str(error))
            data = bytearray()
            async for chunk in response.content.iter_chunked(CHUNK):
                data += chunk
                if len(data) > limit:
                    raise TooLarge(f"larger than {limit} bytes")
            return bytes(data)
    except (aiohttp.ClientError, TimeoutError) as error:
        raise MatrixError("download", str(error) or type(error).__name__) from error


def _decrypt(ciphertext: bytes, keys: Mapping[str, Any]) -> bytes:
    """An encrypted attachment's plaintext (AES-CTR, checked against its SHA-256)."""
    try:
        key = keys["key"]["k"]
        digest = keys["hashes"]["sha256"]
        iv = keys["iv"]
        if not all(isinstance(v, str) for v in (key, digest, iv)):
            raise TypeError("keys are not text")
        return bytes(decrypt_attachment(ciphertext, key, digest, iv))
    except Exception as error:  # nio raises several types for a bad key or hash
        raise Unreadable(f"cannot decrypt: {type(error).__name__}") from error
