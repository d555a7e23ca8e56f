"""A hostile web: a fault-injecting loopback server on raw asyncio sockets, and a test per attack (issue 13)."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pytest
from newsgen import dense_text

from scraper.crawl import crawl
from scraper.fetch import FetchConfig, Fetcher, address_class
from scraper.models import Fetched, Source
from scraper.pipeline import Settings
from scraper.sources import SourcesConfig

PUBLIC_NAME = "news.example.test"  # a public-looking name that the tests' resolver maps to 127.0.0.1


@dataclass
class Request:
    """What the raw server read from one connection."""

    method: str
    path: str
    headers: dict[str, str]


Route = Callable[[Request, asyncio.StreamWriter], Awaitable[None]]


def answer(status: int, body: bytes | str = b"", ctype: str | None = "text/html; charset=utf-8",
           headers: dict[str, str] | None = None) -> Route:
    """A route that sends one whole HTTP/1.0 answer."""
    data = body.encode() if isinstance(body, str) else body

    async def route(request: Request, writer: asyncio.StreamWriter) -> None:
        head = [f"HTTP/1.0 {status} X"]
        if ctype:
            head.append(f"Content-Type: {ctype}")
        head += [f"{k}: {v}" for k, v in (headers or {}).items()]
        head.append(f"Content-Length: {len(data)}")
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + data)
        await writer.drain()

    return route


@dataclass
class RawServer:
    """A loopback HTTP server on raw asyncio sockets (its own thread and loop); each path answers as scripted."""

    routes: dict[str, Route] = field(default_factory=dict)
    log: list[Request] = field(default_factory=list)
    port: int = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def paths(self) -> list[str]:
        """The paths asked so far, in order."""
        return [r.path for r in self.log]

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            raw = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            lines = raw.decode("latin-1").split("\r\n")
            method, target, _ = (lines[0].split(" ") + ["", ""])[:3]
            headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
            request = Request(method, target, headers)
            self.log.append(request)
            route = self.routes.get(target.split("?", 1)[0]) or answer(404, "not here", "text/plain")
            await route(request, writer)
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()


@pytest.fixture
def raw_server() -> Iterator[Callable[[], RawServer]]:
    """A factory of started RawServers (all stopped at the end of the test)."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    servers: list[Any] = []

    def start() -> RawServer:
        srv = RawServer()
        server = asyncio.run_coroutine_threadsafe(asyncio.start_server(srv._handle, "127.0.0.1", 0), loop).result()
        srv.port = server.sockets[0].getsockname()[1]
        servers.append(server)
        return srv

    yield start

    async def close() -> None:
        for server in servers:
            server.close()

    try:
        asyncio.run_coroutine_threadsafe(close(), loop).result(5)
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)


def mapping_resolver(names: dict[str, list[str]], calls: list[str] | None = None):
    """A resolver that knows only the given names (like a test's /etc/hosts); others do not resolve."""

    async def resolve(host: str, port: int) -> list[str]:
        if calls is not None:
            calls.append(host)
        if host.lower() not in names:
            raise OSError(f"{host}: unknown name")
        return list(names[host.lower()])

    return resolve


def fast(**kw: Any) -> FetchConfig:
    """A fetch configuration without real-world delays."""
    base: dict[str, Any] = dict(delay=0.0, timeout=5, retries=1, backoff_base=0.01, backoff_max=0.2)
    base.update(kw)
    return FetchConfig(**base)


def fetch_urls(urls: list[str], config: FetchConfig | None = None, **kw: Any) -> list[Fetched]:
    """Fetch URLs one after the other with one Fetcher."""

    async def go() -> list[Fetched]:
        async with Fetcher(config or fast(), **kw) as fetcher:
            return [await fetcher.fetch(u) for u in urls]

    return asyncio.run(go())


ARTICLE = ("<!doctype html><html><head><title>Microsoft signs $9 billion CoreWeave deal</title>"
           '<meta property="og:type" content="article"></head><body>'
           "<article><h1>Microsoft signs $9 billion CoreWeave deal</h1><p>Microsoft signed a $9 billion agreement "
           "with CoreWeave to rent 100,000 H100 chips over five years, the companies said on Tuesday.</p>"
           "<p>The contract is among the largest cloud-capacity deals this year, analysts said, as demand for AI "
           "computing keeps growing across the industry.</p></article></body></html>")


# -- 1. address policy ---------------------------------------------------------


@pytest.mark.parametrize("address,kind", [
    ("100.100.100.200", "never"),  # Alibaba Cloud metadata
    ("64:ff9b::a9fe:a9fe", "never"),  # NAT64 of 169.254.169.254
    ("::a9fe:a9fe", "never"),  # IPv4-compatible form of it
    ("169.254.169.254", "never"), ("fd00:ec2::254", "never"), ("fe80::1", "never"), ("::ffff:169.254.169.254", "never"),
    ("127.0.0.1", "private"), ("10.1.2.3", "private"), ("192.168.0.1", "private"), ("::1", "private"),
    ("0.0.0.0", "private"), ("100.64.1.1", "private"), ("8.8.8.8", "public"), ("2606:4700::1111", "public"),
])
def test_address_classes(address: str, kind: str) -> None:
    assert address_class(address) == kind


def test_redirects_into_metadata_and_other_loopback_ports_are_blocked(raw_server) -> None:
    site, internal = raw_server(), raw_server()
    internal.routes["/admin"] = answer(200, ARTICLE)
    site.routes["/robots.txt"] = answer(404, "", "text/plain")
    site.routes["/meta"] = answer(302, "", None, {"Location": "http://169.254.169.254/latest/meta-data/"})
    site.routes["/admin"] = answer(302, "", None, {"Location": f"{internal.base}/admin"})
    site.routes["/ok"] = answer(200, ARTICLE)
    resolver = mapping_resolver({PUBLIC_NAME: ["127.0.0.1"]})
    base = f"http://{PUBLIC_NAME}:{site.port}"
    meta, admin, ok = fetch_urls([f"{base}/meta", f"{base}/admin", f"{base}/ok"], resolver=resolver,
                                 trusted_hosts={PUBLIC_NAME})
    assert meta.error == "blocked_address" and meta.final_url.startswith("http://169.254.169.254/")
    assert admin.error == "blocked_address" and admin.final_url == f"{internal.base}/admin"
    assert meta.status is None and admin.status is None and not meta.body and not admin.body
    assert ok.ok and b"CoreWeave" in ok.body
    assert internal.log == []  # no request was sent to the internal service


def test_metadata_is_never_fetched_even_when_private_addresses_are_allowed(raw_server) -> None:
    site, internal = raw_server(), raw_server()
    internal.routes["/admin"] = answer(200, ARTICLE)
    site.routes["/admin"] = answer(302, "", None, {"Location": f"{internal.base}/admin"})
    resolver = mapping_resolver({PUBLIC_NAME: ["127.0.0.1"], "meta.example.test": ["169.254.169.254"]})
    admin, meta, literal = fetch_urls(
        [f"http://{PUBLIC_NAME}:{site.port}/admin", "http://meta.example.test/", "http://[fd00:ec2::254]/"],
        fast(allow_private_addresses=True, respect_robots=False), resolver=resolver, trusted_hosts=set())
    assert admin.ok and internal.paths() == ["/admin"]  # the setting widens loopback and private ranges
    assert meta.error == literal.error == "blocked_address"


def test_a_private_name_that_is_not_a_source_host_is_blocked(raw_server) -> None:
    site = raw_server()
    site.routes["/ok"] = answer(200, ARTICLE)
    resolver = mapping_resolver({PUBLIC_NAME: ["127.0.0.1"], "intranet.example.test": ["127.0.0.1"]})
    good, bad = fetch_urls([f"http://{PUBLIC_NAME}:{site.port}/ok", f"http://intranet.example.test:{site.port}/ok"],
                           fast(respect_robots=False), resolver=resolver, trusted_hosts={PUBLIC_NAME})
    assert good.ok and bad.error == "blocked_address"
    assert site.paths() == ["/ok"]


def test_dns_rebinding_does_not_pass_the_check(raw_server) -> None:
    """The name is resolved once; the connection goes to the checked address, whatever a second lookup says."""
    site = raw_server()
    site.routes["/ok"] = answer(200, ARTICLE)
    calls: list[str] = []
    answers = iter([["127.0.0.1"], ["169.254.169.254"], ["169.254.169.254"]])

    async def rebinding(host: str, port: int) -> list[str]:
        calls.append(host)
        return next(answers)

    first, second = fetch_urls([f"http://{PUBLIC_NAME}:{site.port}/ok"] * 2, fast(respect_robots=False),
                               resolver=rebinding, trusted_hosts={PUBLIC_NAME})
    assert first.ok and second.ok and calls == [PUBLIC_NAME]
    assert site.paths() == ["/ok", "/ok"]


def test_a_redirected_robots_txt_is_checked_at_connect_time(raw_server) -> None:
    site, internal = raw_server(), raw_server()
    internal.routes["/robots.txt"] = answer(200, "User-agent: *\nAllow: /\n", "text/plain")
    site.routes["/robots.txt"] = answer(301, "", None, {"Location": f"{internal.base}/robots.txt"})
    site.routes["/ok"] = answer(200, ARTICLE)
    resolver = mapping_resolver({PUBLIC_NAME: ["127.0.0.1"]})
    (result,) = fetch_urls([f"http://{PUBLIC_NAME}:{site.port}/ok"], resolver=resolver, trusted_hosts={PUBLIC_NAME})
    assert internal.log == []
    # robots.txt could not be read (RFC 9309: unreachable is disallow all): nothing is fetched from that site
    assert result.error == "blocked_address" and result.status is None and site.paths() == ["/robots.txt"]


# -- 8. robots.txt as RFC 9309 says ----------------------------------------------


@pytest.mark.parametrize("status,error", [(500, "robots_unavailable"), (503, "robots_unavailable"),
                                          (429, "robots_unavailable"), (404, None), (403, None)])
def test_robots_txt_5xx_disallows_and_4xx_allows(raw_server, status: int, error: str | None) -> None:
    site = raw_server()
    site.routes["/robots.txt"] = answer(status, "User-agent: *\nAllow: /\n", "text/plain")
    site.routes["/a"] = site.routes["/b"] = answer(200, ARTICLE)
    a, b = fetch_urls([f"{site.base}/a", f"{site.base}/b"])
    assert a.error == b.error == error
    assert site.paths() == (["/robots.txt"] if error else ["/robots.txt", "/a", "/b"])  # asked once per run


def test_unreachable_robots_txt_disallows_the_site(raw_server) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    (result,) = fetch_urls([f"http://127.0.0.1:{port}/a"], fast(retries=3))

    assert result.error == "connect_error" and result.status is None


def _feed(items: list[str]) -> str:
    entries = "".join(f"<item><title>Microsoft CoreWeave AI deal {i}</title><link>{u}</link></item>"
                      for i, u in enumerate(items))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{entries}</channel></rss>'


def _rows(db_path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql).fetchall()


def test_crawl_records_blocked_redirects_and_feed_links(raw_server, tmp_path: Path) -> None:
    site, internal = raw_server(), raw_server()
    internal.routes["/admin"] = answer(200, ARTICLE)
    base = f"http://{PUBLIC_NAME}:{site.port}"
    site.routes["/robots.txt"] = answer(404, "", "text/plain")
    site.routes["/feed.xml"] = answer(200, _feed([f"{base}/meta", f"{base}/admin", f"{internal.base}/admin",
                                                  f"{base}/ok"]), "application/rss+xml")
    site.routes["/meta"] = answer(302, "", None, {"Location": "http://169.254.169.254/latest/meta-data/"})
    site.routes["/admin"] = answer(302, "", None, {"Location": f"{internal.base}/admin"})
    site.routes["/ok"] = answer(200, ARTICLE)
    settings = Settings(db_path=tmp_path / "d.db", archive_dir=tmp_path / "a", fetch=fast(), workers=0,
                        resolver=mapping_resolver({PUBLIC_NAME: ["127.0.0.1"]}))
    sources = SourcesConfig(sources=[Source(name="wire", url=f"{base}/feed.xml", topical=True)])
    summary = crawl(sources, settings)
    assert internal.log == []
    rows = dict(_rows(tmp_path / "d.db", "select url, error from pages where kind = 'article'"))
    assert rows == {f"{base}/meta": "blocked_address", f"{base}/admin": "blocked_address",
                    f"{internal.base}/admin": "blocked_address", f"{base}/ok": None}
    assert summary.failures["blocked_address"] == 3
    assert [u for (u,) in _rows(tmp_path / "d.db", "select url from articles")] == [f"{base}/ok"]


# -- 7. every numeric setting finite and in range --------------------------------


@pytest.mark.parametrize("text,where", [
    ('[[source]]\nname = "x"\nurl = "https://example.com/feed"\ndelay = inf\n', "(line 4): source 'x': delay"),
    ('[[source]]\nname = "x"\nurl = "https://example.com/feed"\ndelay = nan\n', "(line 4): source 'x': delay"),
    ('[[source]]\nname = "x"\nurl = "https://example.com/feed"\ndelay = 1e9\n', "(line 4): source 'x': delay"),
    ('[settings]\ndelay = inf\n', "[settings]: delay"),
    ('[settings]\ntimeout = nan\n', "[settings]: timeout"),
    ('[settings]\nmax_run_minutes = -inf\n', "[settings]: max_run_minutes"),
    ('[settings]\nmax_claims = 0\n', "[settings]: max_claims"),
    ('[settings]\nallow_private_addresses = 1\n', "[settings]: allow_private_addresses"),
])
def test_non_finite_or_out_of_range_settings_exit_2_naming_file_and_key(tmp_path: Path, text: str, where: str) -> None:
    from click.testing import CliRunner

    from scraper.cli import cli

    bad = tmp_path / "sources.toml"
    bad.write_text(text)
    for command in ("crawl", "run"):
        result = CliRunner().invoke(cli, [command, "--sources", str(bad), "--db", str(tmp_path / "d.db")])
        assert result.exit_code == 2, result.output
        assert str(bad) in result.output and where in result.output
        assert "Traceback" not in result.output


def test_option_values_are_checked_too(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from scraper.cli import cli

    result = CliRunner().invoke(cli, ["crawl", "--sources", str(tmp_path / "none.toml"), "--feed",
                                      "http://127.0.0.1:9/feed", "--delay", "inf", "--db", str(tmp_path / "d.db")])
    assert result.exit_code == 2 and "--delay" in result.output and "finite" in result.output


def test_allow_private_addresses_setting_reaches_the_fetcher(tmp_path: Path) -> None:
    from scraper.config import load_config, render

    path = tmp_path / "sources.toml"
    path.write_text("[settings]\nallow_private_addresses = true\nmax_claims = 50\n")
    config = load_config(path)
    assert config.fetch_config().allow_private_addresses is True and config.max_claims == 50
    assert "allow_private_addresses = true" in render(config)
    assert load_config(None).fetch_config().allow_private_addresses is False


# -- 2. one safe-extract step, whatever the worker count ------------------------------


@pytest.mark.parametrize("workers", [0, 1])
def test_an_extraction_that_raises_is_recorded_and_the_crawl_goes_on(raw_server, tmp_path: Path, monkeypatch,
                                                                      workers: int) -> None:
    import scraper.pipeline as pipeline

    real = pipeline.extract_article

    def fragile(html: str, *args: Any, **kwargs: Any):
        if "EXPLODE" in html:
            raise RecursionError("maximum recursion depth exceeded")  # what a pathological page does to a parser
        return real(html, *args, **kwargs)

    monkeypatch.setattr(pipeline, "extract_article", fragile)  # a fault injected into our own extractor
    site = raw_server()
    site.routes["/robots.txt"] = answer(404, "", "text/plain")
    site.routes["/feed.xml"] = answer(200, _feed([f"{site.base}/bad", f"{site.base}/ok"]), "application/rss+xml")
    site.routes["/bad"] = answer(200, ARTICLE.replace("<article>", "<article><p>EXPLODE</p>"))
    site.routes["/ok"] = answer(200, ARTICLE)
    settings = Settings(db_path=tmp_path / "d.db", archive_dir=tmp_path / "a", fetch=fast(), workers=workers)
    summary = crawl(SourcesConfig(sources=[Source(name="wire", url=f"{site.base}/feed.xml", topical=True)]), settings)
    rows = dict(_rows(tmp_path / "d.db", "select url, error from pages where kind = 'article'"))
    assert rows == {f"{site.base}/bad": "parse:RecursionError", f"{site.base}/ok": None}
    assert summary.articles == 1 and summary.status == "ok"
    # reprocess and import take the same step
    from scraper.pipeline import import_documents, reprocess

    again = reprocess(Settings(db_path=tmp_path / "r.db", archive_dir=tmp_path / "a"))
    assert again.articles == 1 and again.failed == 1
    assert any("parse:RecursionError" in key for key in again.failures)
    lines = [json.dumps({"url": "https://a.example/1", "html": ARTICLE.replace("<article>", "<article>EXPLODE")}),
             json.dumps({"url": "https://a.example/2", "html": ARTICLE})]
    imported = import_documents(lines, Settings(db_path=tmp_path / "i.db"))
    assert imported.articles == 1 and list(imported.failures) == ["line 1: parse:RecursionError"]


# -- 3. import: every bad line named and skipped -------------------------------------------


def test_import_names_each_bad_line_keeps_the_others_and_counts_what_it_stored(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from scraper.cli import cli

    good = {"url": "https://wire.example/a", "title": "Deal", "text": "Microsoft signed a $9 billion agreement "
            "with CoreWeave to rent 100,000 H100 chips over five years, the companies said.",
            "published": "2026-05-01", "outlet": "Wire"}
    other = dict(good, url="https://wire.example/b", text="Meta will pay Google $10 billion for TPU capacity "
                 "over six years, the companies said on Monday.")
    lines = [
        json.dumps(good).encode(),                                   # 1 ok
        b'{"url": "https://wire.example/x", "text": "caf\xe9 $5 billion"}',  # 2 invalid UTF-8
        b"[" * 100_000 + b"]" * 100_000,                             # 3 nested too deeply
        json.dumps(dict(good, url=12)).encode(),                     # 4 url a number
        json.dumps(dict(good, url=["https://a"])).encode(),         # 5 url a list
        json.dumps(dict(good, title={"x": 1})).encode(),             # 6 title an object
        json.dumps(dict(good, outlet=["a", "b"])).encode(),          # 7 outlet a list
        json.dumps(dict(good, published="last Tuesday")).encode(),   # 8 not a date
        json.dumps(dict(good, url="wire.example/c")).encode(),       # 9 no scheme
        json.dumps(good).encode(),                                   # 10 the same URL again: one article
        b"",                                                         # blank: ignored
        json.dumps(other).encode(),                                  # 12 ok
        b"not json at all",                                          # 13
        json.dumps(dict(good, text=None, html=None)).encode(),       # 14 no content
    ]
    path = tmp_path / "docs.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    result = CliRunner().invoke(cli, ["import", str(path), "--db", str(tmp_path / "d.db")])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    for number, words in [(2, "UTF-8"), (3, "nested"), (4, "'url' must be a string"), (5, "'url' must be a string"),
                          (6, "'title' must be a string"), (7, "'outlet' must be a string"),
                          (8, "'published' must be a date"), (9, "http or https URL"), (13, "invalid JSON"),
                          (14, "needs 'html' or 'text'")]:
        assert f"line {number}: " in result.stderr and words in result.stderr.split(f"line {number}: ")[1].splitlines()[0]
    stored_articles = _rows(tmp_path / "d.db", "select count(*) from articles")[0][0]
    stored_claims = _rows(tmp_path / "d.db", "select count(*) from claims")[0][0]
    assert stored_articles == 2
    assert result.stdout.startswith(f"import: {stored_articles} articles, {stored_claims} claims")
    assert "10 bad lines" in result.stdout
    (status, finished), = _rows(tmp_path / "d.db", "select status, finished from runs")
    assert status == "partial" and finished


# -- 4. bounded claims -------------------------------------------------------------------


def test_a_figure_dense_page_stores_bounded_claims(tmp_path: Path) -> None:
    from scraper.pipeline import import_documents

    text = "Microsoft and CoreWeave deal. " + dense_text(80_000)
    summary = import_documents([json.dumps({"url": "https://wire.example/dense", "text": text})],
                               Settings(db_path=tmp_path / "d.db", max_claims=300))
    rows = _rows(tmp_path / "d.db", 'select sentence, start, "end", text from claims')
    assert len(rows) == 300 == summary.claims and summary.claims_dropped > 2000
    assert max(len(sentence) for sentence, *_ in rows) <= 400
    for sentence, start, end, figure in rows:
        assert text[start:end] == figure and figure in sentence and sentence in text
    assert (tmp_path / "d.db").stat().st_size < 8 * 1024 * 1024  # was hundreds of MB: each claim kept the paragraph
    (reasons,) = _rows(tmp_path / "d.db", "select relevance_reasons from articles")[0]
    assert "not stored" in reasons


def test_a_figure_dense_page_crawled_over_the_network_stores_bounded_claims(raw_server, tmp_path: Path) -> None:
    paragraph = dense_text(60_000)
    page = (f"<html><head><title>Capacity deals</title></head><body><article><h1>Capacity deals</h1>"
            f"<p>Microsoft and CoreWeave signed a deal.</p><p>{paragraph}</p></article></body></html>")
    site = raw_server()
    site.routes["/robots.txt"] = answer(404, "", "text/plain")
    site.routes["/feed.xml"] = answer(200, _feed([f"{site.base}/dense"]), "application/rss+xml")
    site.routes["/dense"] = answer(200, page)
    settings = Settings(db_path=tmp_path / "d.db", archive_dir=tmp_path / "a", fetch=fast(), workers=0, max_claims=200)
    crawl(SourcesConfig(sources=[Source(name="wire", url=f"{site.base}/feed.xml", topical=True)]), settings)
    rows = _rows(tmp_path / "d.db", "select sentence from claims")
    assert len(rows) == 200 and max(len(sentence) for (sentence,) in rows) <= 400
    assert (tmp_path / "d.db").stat().st_size < 8 * 1024 * 1024


def test_analyze_of_1_mb_of_figures_under_an_address_space_limit(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "dense.txt"
    path.write_text(dense_text(1024 * 1024))
    limit = 2 * 1024 ** 3
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (%d, %d)); "
            "from scraper.cli import main; sys.argv = ['scraper', 'analyze', sys.argv[1]]; main()" % (limit, limit))
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert len(result["figures"]) == 500 and result["figures_dropped"] > 30_000
    assert max(len(f["sentence"]) for f in result["figures"]) <= 400


# -- 5. binary served as text/html ---------------------------------------------------------


def test_binary_served_as_html_is_not_an_article(raw_server, tmp_path: Path) -> None:
    import random

    rng = random.Random(13)
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(rng.randrange(256) for _ in range(20_000))
    site = raw_server()
    site.routes["/robots.txt"] = answer(404, "", "text/plain")
    site.routes["/feed.xml"] = answer(200, _feed([f"{site.base}/report.html", f"{site.base}/ok"]),
                                      "application/rss+xml")
    site.routes["/report.html"] = answer(200, pdf, "text/html; charset=utf-8")
    site.routes["/ok"] = answer(200, ARTICLE)
    settings = Settings(db_path=tmp_path / "d.db", archive_dir=tmp_path / "a", fetch=fast(), workers=0)
    crawl(SourcesConfig(sources=[Source(name="wire", url=f"{site.base}/feed.xml", topical=True)]), settings)
    rows = dict(_rows(tmp_path / "d.db", "select url, error from pages where kind = 'article'"))
    assert rows == {f"{site.base}/report.html": "binary", f"{site.base}/ok": None}
    assert _rows(tmp_path / "d.db", "select url from articles") == [(f"{site.base}/ok",)]
    from click.testing import CliRunner

    from scraper.cli import cli

    (tmp_path / "report.html").write_bytes(pdf)
    result = CliRunner().invoke(cli, ["analyze", str(tmp_path / "report.html")])
    assert result.exit_code == 2 and "binary" in result.output  # a bad file: exit 2


def test_analyze_reads_utf16_with_a_bom(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from scraper.cli import cli

    text = "Microsoft signed a $9 billion agreement with CoreWeave, the companies said."
    for codec in ("utf-16", "utf-32"):
        (tmp_path / "t.txt").write_bytes(text.encode(codec))
        result = CliRunner().invoke(cli, ["analyze", str(tmp_path / "t.txt")])
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["article"]["text"] == text


def test_threshold_error_names_the_option_the_command_has(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from scraper.cli import cli

    result = CliRunner().invoke(cli, ["crawl", "--sources", str(tmp_path / "none.toml"), "--feed",
                                      "http://127.0.0.1:9/f", "--threshold", "7", "--db", str(tmp_path / "d.db")])
    assert result.exit_code == 2 and "--threshold" in result.output and "--relevance-threshold" not in result.output


# -- 10. the run summary counts sources ---------------------------------------------------


def test_a_run_where_no_source_answers_says_so(tmp_path: Path) -> None:
    import socket

    ports = []
    for _ in range(3):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            ports.append(sock.getsockname()[1])
    sources = SourcesConfig(sources=[Source(name=f"s{p}", url=f"http://127.0.0.1:{p}/feed.xml") for p in ports])
    summary = crawl(sources, Settings(db_path=tmp_path / "d.db", archive_dir=tmp_path / "a", fetch=fast(), workers=0))
    assert "3 of 3 sources failed (connect_error): is the network reachable?" in summary.line()



# -- 6. Retry-After beyond the cap -----------------------------------------------------------


def test_retry_after_beyond_the_cap_gives_the_urls_up_for_this_run(raw_server, tmp_path: Path) -> None:
    slow, other = raw_server(), raw_server()
    slow.routes["/robots.txt"] = other.routes["/robots.txt"] = answer(404, "", "text/plain")
    for i in range(4):
        slow.routes[f"/a{i}"] = answer(429, "later", "text/plain", {"Retry-After": "999999"})
        other.routes[f"/b{i}"] = answer(200, ARTICLE)
    urls = [f"http://{PUBLIC_NAME}:{slow.port}/a{i}" for i in range(4)] + [f"{other.base}/b{i}" for i in range(4)]

    async def go() -> tuple[list[Fetched], Fetcher]:
        async with Fetcher(fast(retries=3, backoff_max=60, per_host=1), trusted_hosts={PUBLIC_NAME, "127.0.0.1"},
                           resolver=mapping_resolver({PUBLIC_NAME: ["127.0.0.1"]})) as fetcher:
            return [r async for r in fetcher.fetch_many(urls)], fetcher

    results, fetcher = asyncio.run(go())
    by_url = {r.url: r for r in results}
    assert all(by_url[u].error == "retry_after_too_long" for u in urls[:4])
    assert all(by_url[u].ok for u in urls[4:])
    assert [p for p in slow.paths() if p != "/robots.txt"] == ["/a0"]  # asked once, not retried, not waited for
    assert fetcher.stats.retries == 0
    # in a crawl the pages row says so, and the URL is tried again by the next run
    from scraper.crawl import _retryable

    assert _retryable({"error": "retry_after_too_long", "status": 429})
    assert _retryable({"error": "retry_after_too_long", "status": None})


# -- 9 and 11. SIGTERM to `crawl`, and the run's time budget -----------------------------------


def _slow_site(raw_server, articles: int, seconds: float) -> RawServer:
    site = raw_server()
    site.routes["/robots.txt"] = answer(404, "", "text/plain")
    site.routes["/feed.xml"] = answer(200, _feed([f"{site.base}/s{i}" for i in range(articles)]), "application/rss+xml")
    for i in range(articles):
        body = ARTICLE.replace("$9 billion", f"${i + 2} billion")
        page = answer(200, body)

        async def slow(request: Request, writer: asyncio.StreamWriter, page: Route = page) -> None:
            await asyncio.sleep(seconds)
            await page(request, writer)

        site.routes[f"/s{i}"] = slow
    return site


def test_sigterm_stops_crawl_like_run(raw_server, tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    site = _slow_site(raw_server, 40, 0.3)
    db = tmp_path / "d.db"
    proc = subprocess.Popen([sys.executable, "-m", "scraper", "crawl", "--sources", str(tmp_path / "none.toml"),
                             "--feed", f"{site.base}/feed.xml", "--db", str(db), "--archive", str(tmp_path / "a"),
                             "--delay", "0", "--per-host", "1", "--log-format", "json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        while sum(1 for p in site.paths() if p.startswith("/s")) < 4 and proc.poll() is None:
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 1, err[-2000:]
    assert "Traceback" not in err
    (status, finished), = _rows(db, "select status, finished from runs")
    assert status == "interrupted" and finished
    articles = _rows(db, "select count(*) from articles")[0][0]
    assert 1 <= articles < 40
    assert _rows(db, "select count(*) from deals")[0][0] >= 1  # what it stored is linked


def test_the_run_stops_when_its_time_budget_is_spent(raw_server, tmp_path: Path) -> None:
    site = _slow_site(raw_server, 30, 0.2)
    settings = Settings(db_path=tmp_path / "d.db", archive_dir=tmp_path / "a", fetch=fast(per_host=1), workers=0,
                        max_run_minutes=0.01)
    summary = crawl(SourcesConfig(sources=[Source(name="slow", url=f"{site.base}/feed.xml", topical=True)]), settings)
    assert summary.out_of_time and summary.interrupted and summary.articles < 30
    (status, failures), = _rows(tmp_path / "d.db", "select status, failures from runs")
    assert status == "interrupted" and json.loads(failures)["_stopped"] == "max_run_minutes"


def test_a_huge_title_is_capped() -> None:
    from scraper.pipeline import MAX_TITLE, document_article

    html = f"<html><head><title>{'Deal ' * 200_000}</title></head><body><p>{ARTICLE}</p></body></html>"
    article = document_article(html, url="https://wire.example/t")
    assert article.title and len(article.title) <= MAX_TITLE + 1


def test_import_takes_only_web_addresses(tmp_path: Path) -> None:
    from scraper.pipeline import import_documents

    lines = [json.dumps({"url": "javascript:alert(document.domain)//x", "text": "Nvidia will sell GPUs to Oracle."}),
             json.dumps({"url": "https://wire.example/ok", "text": "Nvidia will sell 1,000 GPUs to Oracle."})]
    summary = import_documents(lines, Settings(db_path=tmp_path / "d.db"))
    assert [u for (u,) in _rows(tmp_path / "d.db", "select url from articles")] == ["https://wire.example/ok"]
    assert summary.articles == 1
