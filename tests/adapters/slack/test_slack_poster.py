"""The response_url pool (adapters/slack/poster.py) against a real socket server that
answers as HTTP servers do: kept-alive, chunked, closing, slow, malformed, over TLS."""

from __future__ import annotations

import asyncio
import json
import ssl
from collections.abc import AsyncIterator, Callable

import pytest
import trustme

from adapters.slack.poster import MAX_HEAD, JsonPoster, PostFailed, split_url
from adapters.slack.response_url import ResponseUrlFailed, post_answer

JSON = "application/json;charset=utf-8"
OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"


class Server:
    """Answers each request with the next of ``answers`` (the last one repeats); notes the
    requests' bodies and how many connections were opened."""

    def __init__(self, answers: list[bytes], *, close_after: bool = False) -> None:
        self.answers = answers
        self.close_after = close_after
        self.bodies: list[bytes] = []
        self.connections = 0
        self.writers: list[asyncio.StreamWriter] = []
        self.port = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.writers.append(writer)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next(
                    int(line.split(b":")[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                )
                self.bodies.append(await reader.readexactly(length))
                answer = self.answers[min(len(self.bodies), len(self.answers)) - 1]
                if answer:
                    writer.write(answer)
                    await writer.drain()
                if self.close_after or not answer:
                    writer.close()
                    return
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    def url(self, scheme: str = "http") -> str:
        return f"{scheme}://localhost:{self.port}/respond/r?x=1"


@pytest.fixture
async def serve() -> AsyncIterator[Callable[..., asyncio.Future[Server]]]:
    servers: list[asyncio.Server] = []

    async def start(answers: list[bytes], tls: ssl.SSLContext | None = None, **kw: bool) -> Server:
        server = Server(answers, **kw)
        listening = await asyncio.start_server(server.handle, "127.0.0.1", 0, ssl=tls)
        server.port = listening.sockets[0].getsockname()[1]
        servers.append(listening)
        return server

    yield start  # type: ignore[misc]
    for listening in servers:
        listening.close()


@pytest.fixture
async def poster() -> AsyncIterator[JsonPoster]:
    client = JsonPoster(2.0)
    yield client
    await client.close()


async def test_two_answers_share_one_connection(serve, poster) -> None:  # type: ignore[no-untyped-def]
    server = await serve([OK])
    body = json.dumps({"text": "Rencontre à 13 h 30"}, ensure_ascii=False).encode()
    first = await poster.post(server.url(), body, JSON)
    second = await poster.post(server.url(), b"{}", JSON)
    assert (first.status, first.body, second.status) == (200, b"ok", 200)
    assert first.headers["content-type"] == "text/plain"
    assert server.bodies == [body, b"{}"] and server.connections == 1


async def test_a_chunked_answer_is_read_whole_and_the_connection_kept(serve, poster) -> None:  # type: ignore[no-untyped-def]
    chunked = (
        b"HTTP/1.1 429 Too Many Requests\r\nTransfer-Encoding: chunked\r\nRetry-After: 3\r\n\r\n"
        b"5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n"
    )
    server = await serve([chunked, OK])
    answer = await poster.post(server.url(), b"{}", JSON)
    assert (answer.status, answer.body, answer.headers["retry-after"]) == (
        429,
        b"hello, world",
        "3",
    )
    assert (await poster.post(server.url(), b"{}", JSON)).status == 200
    assert server.connections == 1


async def test_connection_close_and_an_answer_without_length_open_a_new_connection(
    serve, poster
) -> None:  # type: ignore[no-untyped-def]
    closing = b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"
    unbounded = b"HTTP/1.0 200 OK\r\n\r\nuntil the end"
    server = await serve([closing, unbounded, OK], close_after=False)
    assert (await poster.post(server.url(), b"1", JSON)).body == b"ok"
    server.close_after = True  # the HTTP/1.0 answer ends when the server closes
    assert (await poster.post(server.url(), b"2", JSON)).body == b"until the end"
    server.close_after = False
    assert (await poster.post(server.url(), b"3", JSON)).status == 200
    assert server.connections == 3 and server.bodies == [b"1", b"2", b"3"]


async def test_a_connection_the_server_closed_while_idle_is_replaced(serve, poster) -> None:  # type: ignore[no-untyped-def]
    server = await serve([OK])
    await poster.post(server.url(), b"1", JSON)
    for writer in server.writers:  # the server's keep-alive ran out
        writer.close()
    await asyncio.sleep(0.05)
    assert (await poster.post(server.url(), b"2", JSON)).status == 200
    assert server.connections == 2 and server.bodies == [b"1", b"2"]


async def test_a_server_that_closes_without_answering_is_a_dropped_connection(serve) -> None:  # type: ignore[no-untyped-def]
    server = await serve([b""])
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    client = JsonPoster(2.0)
    try:
        with pytest.raises(ResponseUrlFailed, match="unreachable"):
            await post_answer(client, server.url(), {"text": "x"}, sleep=sleep)
    finally:
        await client.close()
    assert waits == [0.5, 1.0] and server.connections == 3


@pytest.mark.parametrize(
    "answer",
    [
        b"SMTP ready\r\n\r\n",
        b"HTTP/1.1 2xx OK\r\n\r\n",
        b"HTTP/1.1 2000 OK\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
    ],
)
async def test_an_answer_that_is_not_http_is_refused_at_once(serve, answer: bytes) -> None:  # type: ignore[no-untyped-def]
    server = await serve([answer])
    client = JsonPoster(2.0)
    try:
        with pytest.raises(PostFailed) as failed:
            await client.post(server.url(), b"{}", JSON)
        assert not failed.value.dropped
        with pytest.raises(ResponseUrlFailed, match="refused"):
            await post_answer(client, server.url(), {"text": "x"})
    finally:
        await client.close()


async def test_endless_headers_are_refused(serve, poster) -> None:  # type: ignore[no-untyped-def]
    server = await serve([b"HTTP/1.1 200 OK\r\n" + b"X-Long: " + b"a" * (MAX_HEAD + 10)])
    with pytest.raises(PostFailed, match="too long"):
        await poster.post(server.url(), b"{}", JSON)


async def test_a_server_that_never_answers_times_out(serve) -> None:  # type: ignore[no-untyped-def]
    server = await serve([b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nonly"])
    client = JsonPoster(0.2)
    try:
        with pytest.raises(TimeoutError):
            await client.post(server.url(), b"{}", JSON)
    finally:
        await client.close()


@pytest.mark.parametrize(
    "url", ["ftp://hooks.slack.com/x", "https:///x", "https://hooks.slack.com/x\r\nHost: evil", ""]
)
def test_only_plain_http_urls_are_posted_to(url: str) -> None:
    with pytest.raises(ValueError):
        split_url(url)


async def test_over_tls_the_certificate_is_checked(serve) -> None:  # type: ignore[no-untyped-def]
    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("localhost").configure_cert(server_context)
    server = await serve([OK], tls=server_context)
    untrusting = JsonPoster(2.0)  # the system's authorities do not know this one
    try:
        with pytest.raises(ssl.SSLCertVerificationError):
            await untrusting.post(server.url("https"), b"{}", JSON)
    finally:
        await untrusting.close()
    client_context = ssl.create_default_context()
    authority.configure_trust(client_context)
    trusting = JsonPoster(2.0, ssl_context=client_context)
    try:
        assert (await trusting.post(server.url("https"), b"{}", JSON)).body == b"ok"
        assert (await trusting.post(server.url("https"), b"{}", JSON)).status == 200
    finally:
        await trusting.close()
    assert server.connections == 1  # the refused handshake never got in; two answers on one
