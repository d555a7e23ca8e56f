"""Tests of scraper.fetch against a real loopback HTTP server with fault injection."""

from __future__ import annotations

import asyncio
import email.utils
import gzip
import re
import socket
import struct
import threading
import time
import tracemalloc
import zlib
from collections import Counter
from http.server import ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from conftest import QuietHandler
from scraper.encoding import detect_encoding
from scraper.fetch import FetchConfig, Fetcher, fetch_all, parse_retry_after
from scraper.models import Fetched

MB = 1024 * 1024
HTML = "<!doctype html><html><head><title>Deal</title></head><body><p>Meta signs a $10 billion deal.</p></body></html>"
LATIN1_TEXT = (
    "Der Präsident des Unternehmens kündigte gestern einen Liefervertrag für Prozessoren an. "
    "Über die finanziellen Details wurde nichts bekannt; größere Summen würden genannt. "
    "Le président a annoncé un accord à Lyon, déjà signé."
)
CP1252_TEXT = "He said \u201cten billion\u201d \u2014 worth \u20ac9 bn \u2018today\u2019."
DEFAULT_ROBOTS = "User-agent: *\nDisallow: /private\n"


def _bomb() -> bytes:
    """100 MB of zeros, gzip-compressed (about 100 KB), built without a 100 MB buffer."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = bytes(MB)
    parts = [comp.compress(chunk) for _ in range(100)]
    parts.append(comp.flush())
    return b"".join(parts)


class Server(ThreadingHTTPServer):
    """Loopback server recording every request and the peak number of concurrent ones."""

    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.bomb = _bomb()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.log: list[tuple[str, dict[str, str], float]] = []
            self.hits: Counter[str] = Counter()
            self.active = 0
            self.max_active = 0
            self.robots: str | None = DEFAULT_ROBOTS
            self.robots_status = 200

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def paths(self) -> list[str]:
        return [p for p, _, _ in self.log]

    def starts(self, prefix: str) -> list[float]:
        return [t for p, _, t in self.log if p.startswith(prefix)]


class Handler(QuietHandler):
    protocol_version = "HTTP/1.0"
    server: Server

    def do_GET(self) -> None:
        srv = self.server
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        with srv.lock:
            srv.log.append((parts.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic()))
            srv.hits[self.path] += 1
            hit = srv.hits[self.path]
            srv.active += 1
            srv.max_active = max(srv.max_active, srv.active)
        self.counted = True
        try:
            self.route(parts.path, query, hit)
        finally:
            with srv.lock:
                if self.counted:
                    srv.active -= 1

    def route(self, path: str, q: dict[str, str], hit: int) -> None:
        srv = self.server
        if path == "/robots.txt":
            if srv.robots is None:
                self.send(404, b"no robots", "text/plain")
            else:
                self.send(srv.robots_status, srv.robots.encode(), "text/plain")
        elif path in ("/html", "/private/secret", "/ua"):
            self.send(200, HTML.encode())
        elif path == "/gzip":
            self.send(200, gzip.compress(HTML.encode()), headers={"Content-Encoding": "gzip"})
        elif path == "/etag":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send(304, ctype=None, headers={"ETag": '"v1"'})
            else:
                self.send(200, HTML.encode(), headers={"ETag": '"v1"', "Last-Modified": "Mon, 23 Nov 2026 10:00:00 GMT"})
        elif path == "/429":
            if hit == 1:
                self.send(429, b"slow down", "text/plain", {"Retry-After": "1"})
            else:
                self.send(200, HTML.encode())
        elif path == "/503":
            if hit == 1:
                self.send(503, b"busy", "text/plain")
            else:
                self.send(200, HTML.encode())
        elif path == "/500":
            self.send(500, b"broken", "text/plain")
        elif path == "/slowbody":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            try:
                self.wfile.write(b"<html>")
                self.wfile.flush()
                time.sleep(1.5)
                self.wfile.write(b"x" * 994)
            except OSError:
                pass
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(30):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
        elif path == "/reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        elif path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(5 * MB))
            self.end_headers()
            chunk = b"a" * 65536
            try:
                for _ in range(5 * MB // len(chunk)):
                    self.wfile.write(chunk)
            except OSError:
                pass
        elif path == "/deflate":
            if q.get("raw"):
                comp = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
                body = comp.compress(HTML.encode()) + comp.flush()
            else:
                body = zlib.compress(HTML.encode())
            self.send(200, body, headers={"Content-Encoding": "deflate"})
        elif path == "/twomembers":
            half = len(HTML) // 2
            body = gzip.compress(HTML[:half].encode()) + gzip.compress(HTML[half:].encode())
            self.send(200, body, headers={"Content-Encoding": "gzip"})
        elif path == "/fakegzip":
            self.send(200, HTML.encode(), headers={"Content-Encoding": "gzip"})
        elif path == "/bomb":
            self.send(200, srv.bomb, "text/html", {"Content-Encoding": "gzip"})
        elif path == "/latin1":
            body = f"<html><body><p>{LATIN1_TEXT}</p></body></html>".encode("latin-1")
            self.send(200, body, "text/html")
        elif path == "/cp1252":
            self.send(200, f"<p>{CP1252_TEXT}</p>".encode("cp1252"), "text/html; charset=iso-8859-1")
        elif path == "/bom":
            body = b"\xef\xbb\xbf" + f"<p>{CP1252_TEXT} Привет</p>".encode("utf-8")
            self.send(200, body, "text/html; charset=windows-1251")
        elif path == "/meta":
            body = f'<html><head><meta charset="iso-8859-1"></head><body>{LATIN1_TEXT}</body></html>'
            self.send(200, body.encode("latin-1"), "text/html")
        elif path == "/redirect":
            self.send(301, b"", None, {"Location": "/html"})
        elif path in ("/loop1", "/loop2"):
            other = "/loop2" if path == "/loop1" else "/loop1"
            self.send(302, b"", None, {"Location": other})
        elif path == "/slow":
            time.sleep(float(q.get("s", "0.2")))
            with srv.lock:  # no longer busy once the answer goes out: the client may send its next request at once
                srv.active -= 1
                self.counted = False
            self.send(200, HTML.encode())
        elif path == "/image":
            self.send(200, b"\x89PNG" + bytes(MB), "image/png")
        else:
            self.send(404, b"not found", "text/plain")


@pytest.fixture(scope="module")
def _server() -> Any:
    srv = Server()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def server(_server: Server) -> Server:
    _server.reset()
    return _server


def cfg(**kw: Any) -> FetchConfig:
    """A fast test configuration."""
    base: dict[str, Any] = dict(delay=0.0, timeout=3.0, retries=2, backoff_base=0.01, backoff_max=2.0)
    base.update(kw)
    return FetchConfig(**base)


def fetch(url: str, config: FetchConfig | None = None, **kw: Any) -> tuple[Fetched, Fetcher]:
    """Fetch one URL with a fresh Fetcher; return the result and the fetcher (for stats)."""

    async def go() -> tuple[Fetched, Fetcher]:
        async with Fetcher(config or cfg()) as fetcher:
            return await fetcher.fetch(url, **kw), fetcher

    return asyncio.run(go())


def fetch_many(urls: list[Any], config: FetchConfig) -> tuple[list[Fetched], Fetcher]:
    """Run fetch_many and collect the results in completion order."""

    async def go() -> tuple[list[Fetched], Fetcher]:
        async with Fetcher(config) as fetcher:
            return [r async for r in fetcher.fetch_many(urls)], fetcher

    return asyncio.run(go())


# -- basics -------------------------------------------------------------------


def test_html_ok(server: Server) -> None:
    r, f = fetch(server.base + "/html")
    assert r.ok and r.status == 200 and r.error is None
    assert r.body == HTML.encode() and r.text == HTML
    assert r.content_type == "text/html" and r.encoding == "utf-8"
    assert r.final_url == server.base + "/html" and r.url == r.final_url
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r.fetched_at)
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert all(k == k.lower() for k in r.headers)
    assert r.request_headers["user-agent"].startswith("ai-deals-scraper/")
    import hashlib

    assert r.sha256 == hashlib.sha256(HTML.encode()).hexdigest()
    assert f.stats.ok == 1 and f.stats.requests == 2  # robots.txt + page


def test_user_agent_is_configured_one(server: Server) -> None:
    ua = "test-crawler/9.9 (+mailto:ops@example.org)"
    r, _ = fetch(server.base + "/ua", cfg(user_agent=ua))
    assert r.ok
    assert [h["user-agent"] for _, h, _ in server.log] == [ua, ua]  # robots.txt and the page
    assert FetchConfig().user_agent == "ai-deals-scraper/0.1 (+https://github.com/ai-deals/scraper)"


def test_gzip_is_decoded(server: Server) -> None:
    r, _ = fetch(server.base + "/gzip")
    assert r.ok and r.body == HTML.encode()
    assert r.headers["content-encoding"] == "gzip"
    assert "gzip" in server.log[-1][1]["accept-encoding"]


@pytest.mark.parametrize("path", ["/deflate", "/deflate?raw=1", "/twomembers"])
def test_other_content_encodings(server: Server, path: str) -> None:
    r, _ = fetch(server.base + path)
    assert r.ok and r.body == HTML.encode()


def test_body_mislabelled_as_gzip_is_kept(server: Server) -> None:
    r, _ = fetch(server.base + "/fakegzip")
    assert r.ok and r.body == HTML.encode()


def test_conditional_get_304(server: Server) -> None:
    first, _ = fetch(server.base + "/etag")
    assert first.status == 200 and first.etag == '"v1"'
    assert first.last_modified == "Mon, 23 Nov 2026 10:00:00 GMT"
    second, f = fetch(server.base + "/etag", etag=first.etag, last_modified=first.last_modified)
    assert second.status == 304 and second.not_modified and second.error is None
    assert second.body == b"" and second.etag == '"v1"'
    sent = server.log[-1][1]
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Mon, 23 Nov 2026 10:00:00 GMT"
    assert f.stats.not_modified == 1


# -- retries ------------------------------------------------------------------


def test_429_honours_retry_after_and_slows_host(server: Server) -> None:
    t0 = time.monotonic()
    r, f = fetch(server.base + "/429", cfg(retries=2))
    elapsed = time.monotonic() - t0
    assert r.ok and r.status == 200
    assert server.hits["/429"] == 2
    starts = server.starts("/429")
    assert starts[1] - starts[0] >= 0.95  # waited the Retry-After second, not the 10 ms backoff
    assert elapsed >= 0.95
    assert f.stats.retries == 1
    assert f.host_delay(server.base) >= 1.0  # the host was slowed down


def test_503_then_200(server: Server) -> None:
    r, f = fetch(server.base + "/503")
    assert r.ok and server.hits["/503"] == 2 and f.stats.retries == 1


def test_permanent_500_gives_up_after_retries(server: Server) -> None:
    r, f = fetch(server.base + "/500", cfg(retries=2))
    assert r.status == 500 and r.error == "http_500" and not r.ok
    assert server.hits["/500"] == 3
    assert f.stats.failures["http_500"] == 1 and f.stats.retries == 2


def test_slow_body_times_out(server: Server) -> None:
    r, f = fetch(server.base + "/slowbody", cfg(timeout=0.3, retries=0))
    assert r.error == "timeout" and r.status is None and r.body == b""  # the body never finished: cut by the timeout
    assert f.stats.failures["timeout"] == 1


def test_dripping_body_hits_whole_request_deadline(server: Server) -> None:
    # Each byte arrives well within httpx's read timeout; only a total deadline stops it (the whole body, which
    # would arrive after 3 s, would be a success: "timeout" is the proof, with no wall-clock bound to flake).
    r, _ = fetch(server.base + "/drip", cfg(timeout=0.5, retries=0))
    assert r.error == "timeout" and r.body == b""


def test_connection_reset_is_recorded_and_retried(server: Server) -> None:
    r, _ = fetch(server.base + "/reset", cfg(retries=1))
    assert r.status is None
    assert r.error in {"connection_reset", "protocol_error", "read_error"}
    assert server.hits["/reset"] == 2


def test_connect_error(server: Server) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r, f = fetch(f"http://127.0.0.1:{port}/x", cfg(retries=1))
    assert r.status is None and r.error == "connect_error"
    assert f.stats.robots_unavailable == 1  # robots.txt unreachable: allowed but recorded


def test_invalid_url_is_an_error_not_an_exception(server: Server) -> None:
    r, _ = fetch("ftp://example.org/file")
    assert r.error == "invalid_url" and r.status is None
    r, _ = fetch("not a url")
    assert r.error == "invalid_url"


# -- limits -------------------------------------------------------------------


def test_large_body_is_truncated(server: Server) -> None:
    r, _ = fetch(server.base + "/big", cfg(max_bytes=MB))
    assert r.truncated and r.error == "too_large" and r.status == 200
    assert len(r.body) == MB and r.body == b"a" * MB


def test_gzip_bomb_is_stopped_without_inflating(server: Server) -> None:
    tracemalloc.start()
    try:
        r, _ = fetch(server.base + "/bomb", cfg(max_bytes=MB))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert r.truncated and r.error == "too_large"
    assert len(r.body) == MB and r.body.count(0) == MB
    assert peak < 20 * MB  # the 100 MB it inflates to were never held


def test_content_type_filter_skips_body(server: Server) -> None:
    r, f = fetch(server.base + "/image")
    assert r.status == 200 and r.error == "content_type:image/png" and r.body == b""
    assert r.content_type == "image/png"
    assert f.stats.failures["content_type"] == 1


def test_redirect_records_final_url(server: Server) -> None:
    r, _ = fetch(server.base + "/redirect")
    assert r.ok and r.url == server.base + "/redirect" and r.final_url == server.base + "/html"


def test_redirect_loop(server: Server) -> None:
    r, _ = fetch(server.base + "/loop1", cfg(max_redirects=3))
    assert r.error == "too_many_redirects" and r.status == 302
    assert server.hits["/loop1"] + server.hits["/loop2"] == 4  # the first request and 3 redirects


# -- charsets -----------------------------------------------------------------


def test_latin1_without_charset(server: Server) -> None:
    r, _ = fetch(server.base + "/latin1")
    assert LATIN1_TEXT in r.text


def test_cp1252_labelled_iso_8859_1(server: Server) -> None:
    r, _ = fetch(server.base + "/cp1252")
    assert r.encoding == "cp1252"
    assert CP1252_TEXT in r.text  # curly quotes, dash and euro sign, as a browser shows them


def test_utf8_bom_beats_wrong_header(server: Server) -> None:
    r, _ = fetch(server.base + "/bom")
    assert r.text == f"<p>{CP1252_TEXT} Привет</p>"


def test_meta_charset_when_header_has_none(server: Server) -> None:
    r, _ = fetch(server.base + "/meta")
    assert LATIN1_TEXT in r.text


@pytest.mark.parametrize(
    "body, ctype, expected",
    [
        ("Привет, мир".encode("utf-8"), "text/html; charset=utf-8", "utf-8"),
        # Header charset that does not decode: the meta declaration wins.
        ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><p>Привет мир</p>'.encode("cp1251"),
         "text/html; charset=utf-8", "cp1251"),
        # Valid UTF-8 labelled latin-1: a mislabel, decode as UTF-8.
        ("<p>Café “déjà”</p>".encode("utf-8"), "text/html; charset=ISO-8859-1", "utf-8"),
        ('<?xml version="1.0" encoding="ISO-8859-1"?><rss><t>Caf\xe9</t></rss>'.encode("latin-1"), None, "cp1252"),
        ("plain ascii".encode(), None, "utf-8"),
        ("x".encode("utf-16"), "text/plain; charset=utf-8", "utf-16"),
    ],
)
def test_detect_encoding(body: bytes, ctype: str | None, expected: str) -> None:
    assert detect_encoding(body, ctype) == expected


def test_detect_encoding_cyrillic_without_declaration() -> None:
    text = ("Президент компании объявил о сделке на поставку процессоров для центров обработки "
            "данных. Финансовые условия не раскрываются, но речь идёт о нескольких миллиардах.")
    body = text.encode("cp1251")
    assert body.decode(detect_encoding(body)) == text


# -- politeness ---------------------------------------------------------------


def test_robots_disallow_never_requests_path(server: Server) -> None:
    urls = [server.base + "/private/secret", server.base + "/html", server.base + "/gzip"]
    results, f = fetch_many(urls, cfg())
    by_url = {r.url: r for r in results}
    blocked = by_url[server.base + "/private/secret"]
    assert blocked.error == "robots" and blocked.status is None
    assert by_url[server.base + "/html"].ok and by_url[server.base + "/gzip"].ok
    assert "/private/secret" not in server.paths()
    assert server.paths().count("/robots.txt") == 1  # fetched once per host, then cached
    assert f.stats.robots_skipped == 1


def test_robots_group_for_our_agent(server: Server) -> None:
    server.robots = "User-agent: ai-deals-scraper\nDisallow: /html\n\nUser-agent: *\nDisallow: /gzip\n"
    results, _ = fetch_many([server.base + "/html", server.base + "/gzip"], cfg())
    by_path = {r.url.rsplit("/", 1)[1]: r for r in results}
    assert by_path["html"].error == "robots" and by_path["gzip"].ok
    assert "/html" not in server.paths()


def test_robots_missing_allows_all_and_failing_disallows_all(server: Server) -> None:
    server.robots = None  # 404: RFC 9309 2.3.1.3, allow all
    r, f = fetch(server.base + "/private/secret")
    assert r.ok and f.robots_status[server.base] == "missing" and f.stats.robots_unavailable == 0
    server.robots, server.robots_status = "User-agent: *\nAllow: /\n", 500  # 5xx: RFC 9309 2.3.1.4, disallow all
    server.log.clear()
    r, f = fetch(server.base + "/html")
    assert r.error == "robots_unavailable" and r.status is None and server.paths() == ["/robots.txt"]
    assert f.robots_status[server.base] == "http_500" and f.stats.robots_unavailable == 1


def test_robots_respect_can_be_disabled(server: Server) -> None:
    r, _ = fetch(server.base + "/private/secret", cfg(respect_robots=False))
    assert r.ok and "/robots.txt" not in server.paths()


def test_crawl_delay_is_honoured(server: Server) -> None:
    server.robots = "User-agent: *\nCrawl-delay: 0.3\n"
    urls = [server.base + f"/html?i={i}" for i in range(3)]
    results, f = fetch_many(urls, cfg(per_host=2))
    assert all(r.ok for r in results)
    starts = server.starts("/html")
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    # the server sees arrivals, which a loaded machine delays by tens of ms; without the delay the gaps are ~0
    assert len(gaps) == 2 and min(gaps) >= 0.2
    assert f.host_delay(server.base) == pytest.approx(0.3)


def test_min_delay_between_requests_to_a_host(server: Server) -> None:
    urls = [server.base + f"/html?i={i}" for i in range(3)]
    results, _ = fetch_many(urls, cfg(delay=0.2, per_host=2, respect_robots=False))
    assert all(r.ok for r in results)
    starts = server.starts("/html")
    # Arrivals are seen by the server: one late arrival (a slow connect on a loaded machine) shortens the gap after
    # it, not the span of all of them. Without the delay the requests arrive within milliseconds of each other.
    assert starts[-1] - starts[0] >= 0.3
    assert min(b - a for a, b in zip(starts, starts[1:])) >= 0.05


def test_per_host_concurrency_limit(server: Server) -> None:
    # (each request takes 1 s: on a loaded 2-core machine, a 0.4 s window let the second start after the first ended)
    urls = [server.base + f"/slow?s=1.0&i={i}" for i in range(6)]
    results, _ = fetch_many(urls, cfg(per_host=2, concurrency=8))
    assert len(results) == 6 and all(r.ok for r in results)
    assert server.max_active == 2  # never more than 2, and the limit was actually used


def test_fetch_many_yields_as_completed_and_accepts_tuples(server: Server) -> None:
    items = [(server.base + "/slow?s=0.5", None, None), server.base + "/etag"]
    results, _ = fetch_many(items, cfg(per_host=2))
    assert [r.url for r in results] == [server.base + "/etag", server.base + "/slow?s=0.5"]


def test_fetch_all_sync_keeps_input_order(server: Server) -> None:
    urls = [server.base + "/slow?s=0.3", server.base + "/html", server.base + "/private/secret"]
    results = fetch_all(urls, cfg())
    assert [r.url for r in results] == urls
    assert results[0].ok and results[1].ok and results[2].error == "robots"


def test_parse_retry_after() -> None:
    assert parse_retry_after("5") == 5.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
    now = time.time()
    date = email.utils.formatdate(now + 30, usegmt=True)
    assert parse_retry_after(date, now=now) == pytest.approx(30, abs=1.5)
    past = email.utils.formatdate(now - 30, usegmt=True)
    assert parse_retry_after(past, now=now) == 0.0


def test_one_small_keep_alive_pool_per_host_and_idle_pools_closed() -> None:
    from scraper.fetch import _HostPools

    async def go() -> tuple[dict[str, int], dict[str, int], int, int]:
        opened: Counter[str] = Counter()
        closed: Counter[str] = Counter()

        async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            host = writer.get_extra_info("sockname")[0]
            opened[host] += 1
            try:
                while await reader.readuntil(b"\r\n\r\n"):
                    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 2\r\n\r\nok")
                    await writer.drain()
            except (asyncio.IncompleteReadError, ConnectionError):
                pass
            finally:
                closed[host] += 1
                writer.close()

        hosts = [f"127.0.0.{i}" for i in range(2, 6)]
        servers = [await asyncio.start_server(serve, h, 0) for h in hosts]
        bases = [f"http://{h}:{s.sockets[0].getsockname()[1]}" for h, s in zip(hosts, servers)]
        pools = _HostPools(per_host=2, keep=2)
        async with httpx.AsyncClient(transport=pools) as client:
            for _ in range(3):  # three rounds on the first two hosts: one connection each, kept alive
                for base in bases[:2]:
                    assert (await client.get(base + "/x")).text == "ok"
            during = len(pools._pools)
            for base in bases[2:]:  # two more hosts: the two idle pools beyond `keep` are closed
                assert (await client.get(base + "/x")).text == "ok"
            await asyncio.sleep(0.1)
            after = len(pools._pools)
            early_closed = dict(closed)
        first_opened = dict(opened)
        busy = _HostPools(per_host=2, keep=1)
        async with httpx.AsyncClient(transport=busy) as client:
            async with client.stream("GET", bases[0] + "/x") as response:  # a response still being read...
                for base in bases[1:]:
                    await client.get(base + "/x")
                assert [key[1] for key in busy._pools][0] == "127.0.0.2"  # ...keeps its pool open
                assert len(busy._pools) == 2
                await response.aread()
            await client.get(bases[1] + "/x")
            assert [key[1] for key in busy._pools] == ["127.0.0.3"]  # read: it is idle, and closed
        await asyncio.sleep(0.1)  # the server sees every connection closed
        for s in servers:
            s.close()
            await s.wait_closed()
        return first_opened, early_closed, during, after

    opened, early_closed, during, after = asyncio.run(go())
    assert opened == {f"127.0.0.{i}": 1 for i in range(2, 6)}  # keep-alive: one connection per host
    assert during == 2 and after == 2  # never more than `keep` pools
    assert early_closed == {"127.0.0.2": 1, "127.0.0.3": 1}  # the least recently used, closed while the run went on
