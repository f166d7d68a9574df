"""Small JSON POSTs over kept-alive HTTP/1.1 connections: the response_url answers.

A response_url answer is one POST whose reply is a status and a few bytes. Under a burst
every command sends one, and aiohttp's general client (request and response objects,
cookie jar, multidicts, tracing) costs several times the bytes' own work on the event
loop. This client does the one thing: write the request on a pooled connection to the
host, read the status line, the headers and the body (Content-Length, chunked, or until
the server closes), and give the connection back for the next answer.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections import deque
from dataclasses import dataclass
from urllib.parse import urlsplit

IDLE_LIMIT = 15.0  # seconds a kept-alive connection may wait for its next request
MAX_CONNECTIONS = 100  # open at once per process; more requests wait for one
MAX_HEAD = 64 * 1024  # bytes of status line and headers: more is not a Slack answer
MAX_BODY = 1024 * 1024


class PostFailed(Exception):
    """The connection failed or closed before a whole answer (``dropped``: before any byte,
    so the request may be sent again), or the answer is not HTTP."""

    def __init__(self, reason: str, *, dropped: bool = True) -> None:
        super().__init__(reason)
        self.dropped = dropped


@dataclass
class Answer:
    status: int
    headers: dict[str, str]  # names in lower case
    body: bytes


@dataclass(frozen=True)
class Origin:
    scheme: str
    host: str
    port: int

    @property
    def authority(self) -> str:
        default = 443 if self.scheme == "https" else 80
        return self.host if self.port == default else f"{self.host}:{self.port}"


def split_url(url: str) -> tuple[Origin, str]:
    """The origin and request target of an http(s) URL; ValueError for anything else."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("not an http(s) URL")
    if any(c in url for c in "\r\n \t"):
        raise ValueError("a URL does not hold spaces or line breaks")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Origin(parts.scheme, parts.hostname, port), target


class _Exchange(asyncio.Protocol):
    """One connection: reads one answer at a time into ``answer``."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future[Answer] | None = None
        self.closed = False
        self.reusable = True
        self.idle_since = time.monotonic()
        self._head: tuple[int, dict[str, str]] | None = None
        self._length: int | None = None  # body bytes expected; None: chunked or until close
        self._chunked = False

    # asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        if self.waiter is None or self.waiter.done():
            self.reusable = False  # bytes nobody asked for: this connection is not clean
            return
        self.buffer += data
        self._answer(final=False)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self.waiter is None or self.waiter.done():
            return
        if not self._answer(final=True):
            dropped = not self.buffer and self._head is None
            self._fail(PostFailed("connection closed before the answer", dropped=dropped))

    def _answer(self, *, final: bool) -> bool:
        """Hand the answer to its waiter once it is whole; False while it is not."""
        assert self.waiter is not None
        try:
            answer = self._parse(final=final)
        except PostFailed as error:
            self._fail(error)
            return True
        if answer is None:
            return False
        self.waiter.set_result(answer)
        return True

    # one request
    def send(self, request: bytes) -> asyncio.Future[Answer]:
        assert self.transport is not None
        self.buffer.clear()
        self._head, self._length, self._chunked = None, None, False
        self.waiter = asyncio.get_running_loop().create_future()
        self.transport.write(request)
        return self.waiter

    def close(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.close()

    def _fail(self, error: PostFailed) -> None:
        self.reusable = False
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(error)
        self.close()

    def _parse(self, *, final: bool) -> Answer | None:
        if self._head is None:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > MAX_HEAD:
                    raise PostFailed("answer headers too long", dropped=False)
                return None
            self._head = _parse_head(bytes(self.buffer[:end]))
            del self.buffer[: end + 4]
            headers = self._head[1]
            self._chunked = "chunked" in headers.get("transfer-encoding", "").lower()
            if not self._chunked and "content-length" in headers:
                try:
                    self._length = int(headers["content-length"])
                except ValueError:
                    raise PostFailed("malformed Content-Length", dropped=False) from None
            if headers.get("connection", "").lower() == "close":
                self.reusable = False
        status, headers = self._head
        if status in (204, 304) or 100 <= status < 200:
            body: bytes | None = b""
        elif self._chunked:
            body = _dechunk(self.buffer)
        elif self._length is not None:
            if len(self.buffer) > self._length:  # more than the answer: not a clean connection
                self.reusable = False
            body = bytes(self.buffer[: self._length]) if len(self.buffer) >= self._length else None
        else:  # no length: the body ends with the connection
            self.reusable = False
            body = bytes(self.buffer) if final else None
        if body is None and len(self.buffer) > MAX_BODY:
            raise PostFailed("answer too long", dropped=False)
        if body is None:
            return None
        self.idle_since = time.monotonic()
        return Answer(status, headers, body)


def _parse_head(head: bytes) -> tuple[int, dict[str, str]]:
    lines = head.decode("latin-1").split("\r\n")
    version, _, rest = lines[0].partition(" ")
    code, reason = rest[:3], rest[3:]
    if not version.startswith("HTTP/1.") or not code.isdigit() or reason[:1] not in ("", " "):
        raise PostFailed("not an HTTP answer", dropped=False)
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if colon:
            headers[name.strip().lower()] = value.strip()
    return int(code), headers


def _dechunk(buffer: bytearray) -> bytes | None:
    """The body of a whole chunked message in ``buffer``; None while it is incomplete."""
    body = bytearray()
    at = 0
    while True:
        end = buffer.find(b"\r\n", at)
        if end < 0:
            return None
        try:
            size = int(bytes(buffer[at:end]).split(b";")[0], 16)
        except ValueError:
            raise PostFailed("malformed chunked answer", dropped=False) from None
        at = end + 2
        if size == 0:  # the last chunk, trailers, then an empty line
            return bytes(body) if buffer.find(b"\r\n\r\n", at - 2) >= 0 else None
        if len(buffer) < at + size + 2:
            return None
        body += buffer[at : at + size]
        at += size + 2


class JsonPoster:
    """The process's pool of connections for JSON POSTs, per origin."""

    def __init__(self, timeout: float, *, ssl_context: ssl.SSLContext | None = None) -> None:
        self.timeout = timeout
        self._ssl = ssl_context
        self._pools: dict[Origin, deque[_Exchange]] = {}
        self._slots = asyncio.Semaphore(MAX_CONNECTIONS)
        self.closed = False

    async def post(self, url: str, data: bytes, content_type: str) -> Answer:
        """POST ``data``; the answer, or PostFailed / TimeoutError / OSError."""
        origin, target = split_url(url)
        request = (
            f"POST {target} HTTP/1.1\r\nHost: {origin.authority}\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(data)}\r\n"
            "Accept: */*\r\nUser-Agent: Outarde\r\n\r\n"
        ).encode("latin-1") + data
        async with self._slots, asyncio.timeout(self.timeout):
            exchange = self._idle(origin)
            if exchange is not None:  # a kept-alive connection the server may just have closed
                try:
                    return await self._exchange(origin, exchange, request)
                except PostFailed as error:
                    if not error.dropped:
                        raise
            return await self._exchange(origin, await self._connect(origin), request)

    async def close(self) -> None:
        self.closed = True
        for idle in self._pools.values():
            while idle:
                idle.popleft().close()
        self._pools.clear()

    def _idle(self, origin: Origin) -> _Exchange | None:
        idle = self._pools.get(origin)
        now = time.monotonic()
        while idle:
            exchange = idle.pop()
            if exchange.reusable and not exchange.closed and now - exchange.idle_since < IDLE_LIMIT:
                return exchange
            exchange.close()
        return None

    async def _connect(self, origin: Origin) -> _Exchange:
        loop = asyncio.get_running_loop()
        context: ssl.SSLContext | None = None
        if origin.scheme == "https":
            if self._ssl is None:
                self._ssl = ssl.create_default_context()
            context = self._ssl
        _, exchange = await loop.create_connection(_Exchange, origin.host, origin.port, ssl=context)
        return exchange

    async def _exchange(self, origin: Origin, exchange: _Exchange, request: bytes) -> Answer:
        try:
            answer = await exchange.send(request)
        except BaseException:
            exchange.close()
            raise
        if exchange.reusable and not exchange.closed and not self.closed:
            self._pools.setdefault(origin, deque()).append(exchange)
        else:
            exchange.close()
        return answer
