"""Retry, Retry-After and robots.txt logic over httpx.MockTransport: no sockets, and the waits are recorded
(Fetcher(sleep=...)) instead of slept, so these tests never depend on a real clock."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable

import httpx

from scraper.fetch import FetchConfig, Fetcher
from scraper.models import Fetched

BASE = "http://203.0.113.7"  # an IP literal: no resolver, no network


class Waits(list[float]):
    """A Fetcher `sleep` that records each wait and returns at once."""

    async def __call__(self, seconds: float) -> None:
        self.append(round(seconds, 3))


def run(handler: Callable[[httpx.Request], httpx.Response], url: str = BASE + "/a",
        **config: object) -> tuple[Fetched, Fetcher, Counter[str], Waits]:
    hits: Counter[str] = Counter()

    def counted(request: httpx.Request) -> httpx.Response:
        hits[request.url.path] += 1
        return handler(request)

    waits = Waits()
    settings = {"delay": 0.0, "retries": 2, "backoff_base": 0.5, "backoff_max": 60.0,
                "allow_private_addresses": True, **config}

    async def go() -> tuple[Fetched, Fetcher]:
        async with Fetcher(FetchConfig(**settings), transport=httpx.MockTransport(counted),  # type: ignore[arg-type]
                           sleep=waits) as fetcher:
            return await fetcher.fetch(url), fetcher

    result, fetcher = asyncio.run(go())
    return result, fetcher, hits, waits


def page(status: int = 200, body: str = "", **headers: str) -> httpx.Response:
    """A response whose body is streamed, as the network gives it (a `text=` body counts as read already)."""
    return httpx.Response(status, headers={"Content-Type": "text/html", **headers},
                          stream=httpx.ByteStream(body.encode()))


def no_robots(request: httpx.Request) -> httpx.Response | None:
    return page(404) if request.url.path == "/robots.txt" else None


def test_retry_after_is_honoured_and_slows_the_host_down() -> None:
    answers = iter([page(429, **{"Retry-After": "7"}), page(200, "<p>ok</p>")])

    result, fetcher, hits, waits = run(lambda r: no_robots(r) or next(answers))
    assert result.ok and hits["/a"] == 2
    assert 7.0 in waits  # waited what the server asked, not the 0.5 s backoff
    assert fetcher.stats.retries == 1
    assert fetcher.host_delay(BASE) >= 7.0  # and the host is slowed down


def test_server_errors_are_retried_with_growing_backoff_then_given_up() -> None:
    result, fetcher, hits, waits = run(lambda r: no_robots(r) or page(503), retries=3)
    assert hits["/a"] == 4 and result.status == 503 and result.error == "http_503"
    backoffs = [w for w in waits if w > 0]
    assert len(backoffs) >= 3 and backoffs[0] < backoffs[-1]  # exponential, with jitter
    assert fetcher.stats.retries == 3


def test_client_errors_are_not_retried() -> None:
    result, _, hits, waits = run(lambda r: no_robots(r) or page(404))
    assert hits["/a"] == 1 and result.error == "http_404" and not [w for w in waits if w > 0]


def test_a_retry_after_longer_than_the_limit_gives_the_url_up_without_waiting() -> None:
    result, _, hits, waits = run(lambda r: no_robots(r) or page(503, **{"Retry-After": "3600"}))
    assert result.error == "retry_after_too_long" and hits["/a"] == 1
    assert not [w for w in waits if w > 0]


def test_robots_txt_unavailable_disallows_the_site_for_the_run() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return page(503) if request.url.path == "/robots.txt" else page(200, "x")

    result, _, hits, _ = run(handler)
    assert result.error == "robots_unavailable" and hits["/a"] == 0


def test_robots_txt_4xx_allows_and_disallow_rules_refuse() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return page(200, "User-agent: *\nDisallow: /private\n", **{"Content-Type": "text/plain"})
        return page(200, "<p>page</p>")

    result, _, hits, _ = run(handler, BASE + "/private/x")
    assert result.error == "robots" and hits["/private/x"] == 0
    result, _, hits, _ = run(lambda r: no_robots(r) or page(200, "<p>page</p>"))
    assert result.ok and hits["/robots.txt"] == 1 and hits["/a"] == 1
