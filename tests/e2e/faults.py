"""A fault-injecting HTTP proxy between the bot and Synapse, for end-to-end fault tests.

The proxy forwards every request unchanged (method, path, query, headers, body) and
hands the answer back (status, headers, body); it has no timeout of its own, so the
long-polling /sync works through it. A test programs faults as rules, matched by
method and a regular expression searched in the request path:

    proxy = FaultProxy(homeserver.url)
    await proxy.start()                     # then configure the bot with proxy.url
    proxy.add("PUT", r"/send/", limit_exceeded(200), server_error(), each_path=True, times=3)
    proxy.add("GET", r"/sync$", drop(), drop(after_forwarding=True))
    ...
    assert proxy.count("PUT", r"/send/", "429") == 3
    await proxy.stop()

A rule plays its faults in order, one per matching request, and then lets requests
pass; `times` repeats the sequence. With `each_path=True` the sequence is played for
each distinct path (for instance every /send transaction, whose id is in the path)
instead, for up to `times` paths. Rules are tried in the order they were added; the
first one that still has a fault for the request applies. Everything the proxy saw
and did is recorded in `exchanges`, so a test can assert that the faults happened.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import aiohttp
from aiohttp import web
from multidict import CIMultiDict
from yarl import URL

from bot.local_synapse import free_port

# headers that belong to one connection, not to the message; aiohttp sets its own
_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "content-length",
        "host",
    }
)

Kind = Literal["drop", "status", "delay"]


@dataclass(frozen=True)
class Fault:
    """One injected fault; build it with `drop`, `status`, `delay` and their helpers."""

    kind: Kind
    after_forwarding: bool = False  # drop: forward first, then lose the answer
    status: int = 0
    errcode: str = ""
    error: str = ""
    retry_after_ms: int | None = None
    seconds: float = 0.0  # delay before forwarding

    @property
    def outcome(self) -> str:
        """How the proxy records a request this fault was applied to."""
        if self.kind == "drop":
            return "dropped after forwarding" if self.after_forwarding else "dropped"
        if self.kind == "status":
            return str(self.status)
        return "delayed"


def drop(after_forwarding: bool = False) -> Fault:
    """Close the connection without an answer (after the upstream handled the request)."""
    return Fault("drop", after_forwarding=after_forwarding)


def status(code: int, errcode: str, error: str, retry_after_ms: int | None = None) -> Fault:
    """Answer `code` with a Matrix JSON error instead of forwarding."""
    return Fault("status", status=code, errcode=errcode, error=error, retry_after_ms=retry_after_ms)


def limit_exceeded(retry_after_ms: int = 200) -> Fault:
    """429 M_LIMIT_EXCEEDED with `retry_after_ms`, as Synapse's rate limiter answers."""
    return status(429, "M_LIMIT_EXCEEDED", "Too Many Requests", retry_after_ms)


def server_error(code: int = 500) -> Fault:
    """A 5xx with M_UNKNOWN, as Synapse answers an internal error (502/503/504 for gateways)."""
    reason = {500: "Internal server error", 502: "Bad Gateway", 503: "Service Unavailable"}
    return status(code, "M_UNKNOWN", reason.get(code, "Server error"))


def delay(seconds: float) -> Fault:
    """Wait `seconds`, then forward."""
    return Fault("delay", seconds=seconds)


@dataclass
class Rule:
    """Faults for requests with `method` (None: any) whose path matches `path`."""

    method: str | None
    path: re.Pattern[str]
    faults: tuple[Fault, ...]
    times: int = 1
    each_path: bool = False
    applied: int = 0  # how many faults this rule has injected
    _played: dict[str, int] = field(default_factory=dict, repr=False)  # key → faults played

    def take(self, method: str, path: str) -> Fault | None:
        """The fault for this request, if the rule has one left for it (and count it)."""
        if (self.method is not None and method != self.method) or not self.path.search(path):
            return None
        key = path if self.each_path else ""
        if self.each_path:
            script_length = len(self.faults)
            if key not in self._played and len(self._played) >= self.times:
                return None
        else:
            script_length = len(self.faults) * self.times
        played = self._played.get(key, 0)
        if played >= script_length:
            return None
        self._played[key] = played + 1
        self.applied += 1
        return self.faults[played % len(self.faults)]

    @property
    def exhausted(self) -> bool:
        """Whether every fault of the rule has been injected."""
        return self.applied == len(self.faults) * self.times


@dataclass(frozen=True)
class Exchange:
    """One request the proxy saw, and what became of it."""

    method: str
    path: str
    # "forwarded", "dropped", "dropped after forwarding", "delayed", an injected status
    # ("429"), or "client gone", "upstream failed: …", "proxy stopped"
    outcome: str
    upstream_status: int | None = None  # the homeserver's status, if it was asked


class FaultProxy:
    """An aiohttp reverse proxy on 127.0.0.1 that injects the faults of its rules."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.port = free_port()
        self.rules: list[Rule] = []
        self.exchanges: list[Exchange] = []
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None

    @property
    def url(self) -> str:
        """The base URL to give the bot instead of the homeserver's."""
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        """Listen on `url` (in the running event loop)."""
        self._session = aiohttp.ClientSession(
            # no timeout: a /sync may legitimately wait for its full long-poll
            timeout=aiohttp.ClientTimeout(total=None, sock_connect=10),
            auto_decompress=False,
        )
        app = web.Application(client_max_size=1024**3)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        # a client that hangs up cancels its request upstream too, as a real proxy would
        self._runner = web.AppRunner(
            app, access_log=None, shutdown_timeout=1.0, handler_cancellation=True
        )
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        """Stop listening, end open requests, close the upstream session."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    def add(
        self,
        method: str | None,
        path: str,
        *faults: Fault,
        times: int = 1,
        each_path: bool = False,
    ) -> Rule:
        """Program `faults`, in order, for the next matching requests; return the rule."""
        assert faults, "a rule needs at least one fault"
        rule = Rule(method, re.compile(path), faults, times, each_path)
        self.rules.append(rule)
        return rule

    def clear(self) -> None:
        """Forget all rules (what was recorded stays)."""
        self.rules.clear()

    def count(self, method: str | None = None, path: str = "", outcome: str | None = None) -> int:
        """How many recorded requests match `method`, the path regex and `outcome`."""
        pattern = re.compile(path)
        return sum(
            (method is None or e.method == method)
            and bool(pattern.search(e.path))
            and (outcome is None or e.outcome == outcome)
            for e in self.exchanges
        )

    def _fault_for(self, request: web.Request) -> Fault | None:
        for rule in self.rules:
            fault = rule.take(request.method, request.path)
            if fault is not None:
                return fault
        return None

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        fault = self._fault_for(request)
        body = await request.read()

        def record(outcome: str, upstream_status: int | None = None) -> None:
            self.exchanges.append(Exchange(request.method, request.path, outcome, upstream_status))

        if fault is not None and fault.kind == "status":
            record(fault.outcome)
            return _matrix_error(fault.status, fault.errcode, fault.error, fault.retry_after_ms)
        if fault is not None and fault.kind == "drop" and not fault.after_forwarding:
            record(fault.outcome)
            return self._hang_up(request)
        if fault is not None and fault.kind == "delay":
            await asyncio.sleep(fault.seconds)

        if self._session is None or self._session.closed:
            record("proxy stopped")
            return self._hang_up(request)
        try:
            async with self._session.request(
                request.method,
                URL(self.upstream + request.raw_path, encoded=True),
                headers=_end_to_end(request.headers),
                data=body,
                allow_redirects=False,
            ) as upstream:
                answer = await upstream.read()
        except aiohttp.ClientError as exc:  # the homeserver is away: what a gateway answers
            record(f"upstream failed: {exc}")
            return _matrix_error(502, "M_UNKNOWN", "Bad Gateway")
        except asyncio.CancelledError:  # the client hung up (or the proxy stops) meanwhile
            record("client gone")
            raise
        if fault is not None and fault.kind == "drop":
            record(fault.outcome, upstream.status)
            return self._hang_up(request)
        record(fault.outcome if fault is not None else "forwarded", upstream.status)
        return web.Response(
            status=upstream.status, body=answer, headers=_end_to_end(upstream.headers)
        )

    @staticmethod
    def _hang_up(request: web.Request) -> web.StreamResponse:
        """Close the client's connection without a byte of answer."""
        if request.transport is not None:
            request.transport.abort()
        # aiohttp cannot write this to the closed transport; the client sees a disconnect
        return web.Response(status=500)


def _end_to_end(headers: Mapping[str, str]) -> CIMultiDict[str]:
    """The headers without those of one connection (aiohttp sets its own)."""
    return CIMultiDict((k, v) for k, v in headers.items() if k.lower() not in _HOP_BY_HOP)


def _matrix_error(
    code: int, errcode: str, error: str, retry_after_ms: int | None = None
) -> web.Response:
    body: dict[str, object] = {"errcode": errcode, "error": error}
    if retry_after_ms is not None:
        body["retry_after_ms"] = retry_after_ms
    return web.Response(status=code, text=json.dumps(body), content_type="application/json")
