"""What can fail at the edges, whether it is worth retrying, and how long to wait.

MatrixError          the homeserver refused a request (nio's error responses, raised)
├── transient        429, 5xx, or no answer at all: retry with backoff
└── permanent        any other refusal (403, 404, 413 …): retrying cannot help
StorageUnavailable   the database is locked or unreachable (from `storage.db`): retry

Every call after a sync runs under one `Backoff`: a transient failure never ends the
bot, and nothing is marked done before it succeeded.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import aiohttp
from nio import ErrorResponse

from storage.db import StorageUnavailable

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_BACKOFF_S = 60.0
FIRST_BACKOFF_S = 1.0


class FatalError(Exception):
    """The bot cannot go on; the message says what the operator must do."""


class MatrixError(Exception):
    """The homeserver refused a request.

    `errcode` is the Matrix error code (M_FORBIDDEN …), `status` the HTTP status (None
    when the answer was no Matrix response at all), `retry_after_s` the server's wish.
    """

    def __init__(
        self,
        what: str,
        message: str,
        *,
        errcode: str | None = None,
        status: int | None = None,
        retry_after_s: float | None = None,
    ) -> None:
        self.errcode = errcode
        self.status = status
        self.retry_after_s = retry_after_s
        super().__init__(f"{what}: {message or 'failed'} ({errcode or status})")

    @classmethod
    def of(cls, what: str, response: Any) -> MatrixError:
        """The error of a nio error response."""
        retry_ms = getattr(response, "retry_after_ms", None)
        return cls(
            what,
            str(getattr(response, "message", response)),
            errcode=getattr(response, "status_code", None),
            status=getattr(getattr(response, "transport_response", None), "status", None),
            retry_after_s=retry_ms / 1000 if retry_ms else None,
        )

    @property
    def transient(self) -> bool:
        """Rate limited, a server error, or no proper answer: worth retrying."""
        if self.errcode == "M_LIMIT_EXCEEDED" or self.status == 429:
            return True
        return self.status is None or self.status >= 500

    @property
    def token_revoked(self) -> bool:
        """The access token is no longer valid (logged out elsewhere, or revoked)."""
        return self.errcode == "M_UNKNOWN_TOKEN"


# what a request to the homeserver may end in besides success
REFUSALS = (MatrixError, aiohttp.ClientError, OSError, TimeoutError)


class SessionLost(FatalError):
    """The homeserver no longer knows the bot's access token: nothing else can work."""


def ok(response: T | ErrorResponse, what: str) -> T:
    """Return a successful nio response, raise `MatrixError` for an error response.

    Raises:
        SessionLost: the access token was revoked (whatever the request was).
    """
    if isinstance(response, ErrorResponse):
        error = MatrixError.of(what, response)
        if error.token_revoked:
            raise SessionLost(str(error))
        raise error
    return response


def is_transient(error: BaseException) -> bool:
    """Whether a failure is worth retrying: network, homeserver trouble, busy database."""
    if isinstance(error, MatrixError):
        return error.transient
    return isinstance(error, aiohttp.ClientError | OSError | TimeoutError | StorageUnavailable)


class Backoff:
    """Exponential backoff with jitter, honouring a server's `retry_after`; stoppable."""

    def __init__(self, stopping: asyncio.Event) -> None:
        self.failures = 0
        self._stopping = stopping

    def delay(self, error: BaseException | None = None) -> float:
        """The wait before the next attempt after `failures` failures in a row."""
        if isinstance(error, MatrixError) and error.retry_after_s:
            return min(error.retry_after_s, MAX_BACKOFF_S)  # the server said when
        base = min(MAX_BACKOFF_S, FIRST_BACKOFF_S * 2.0 ** min(self.failures - 1, 6))
        return base * random.uniform(0.5, 1.0)

    async def failed(self, what: str, error: BaseException) -> None:
        """Log one line for the failure and wait (or return early when stopping)."""
        self.failures += 1
        wait = self.delay(error)
        log.warning("%s failed (%s); retrying in %.1f s", what, _short(error), wait)
        await self.sleep(wait)

    def succeeded(self) -> None:
        """Reset after a success."""
        self.failures = 0

    async def sleep(self, seconds: float) -> None:
        """Wait `seconds`, or less if the bot is stopping."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)


def _short(error: BaseException) -> str:
    text = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


async def retry(
    what: str, attempt: Callable[[], Awaitable[T]], stopping: asyncio.Event
) -> T | None:
    """Run `attempt()` until it succeeds, backing off on transient failures.

    Returns None when the bot is stopped while waiting; a permanent failure raises.
    """
    backoff = Backoff(stopping)
    while not stopping.is_set():
        try:
            return await attempt()
        except Exception as error:
            if not is_transient(error):
                raise
            await backoff.failed(what, error)
    return None
