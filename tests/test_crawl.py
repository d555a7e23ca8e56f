"""The crawl through the real pipeline (discover -> fetch -> WARC -> article -> claims -> SQLite) against a
loopback server with fault injection: every fault ends in the right `pages` row and the run goes on."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import threading
import shutil
import time
import zlib
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

import pytest
import sqlite_utils

from conftest import ROOT, QuietHandler, content
from scraper.archive import iter_archive, read_record
from scraper.crawl import crawl
from scraper.db import article_id
from scraper.fetch import FetchConfig
from scraper.models import Source
from scraper.pipeline import Settings
from scraper.sources import SourcesConfig

MB = 1024 * 1024
PAIRS = [("Microsoft", "CoreWeave", "H100"), ("Meta", "Google", "TPU v7"), ("Oracle", "OpenAI", "GB200"),
         ("Amazon", "Anthropic", "Trainium2"), ("xAI", "Nvidia", "H200"), ("Nebius", "Microsoft", "GB300")]
ACCENTED = ("<p>Nvidia agreed to sell 50,000 H100 chips to Mistral AI in a \u20ac2 billion deal signed in Z\u00fcrich, "
            "the companies said on Tuesday.</p><p>Jos\u00e9 M\u00fcller, the Soci\u00e9t\u00e9 G\u00e9n\u00e9rale analyst "
            "who follows the sector, said the \u201ccontract\u201d \u2014 one of Europe\u2019s largest \u2014 would double "
            "Mistral\u2019s capacity.</p><p>The chips will be installed in a new data center near Paris, the company "
            "said.</p>")
LATIN1 = ("<p>Nvidia agreed to sell 50,000 H100 chips to Mistral AI in a deal worth 2 billion euros signed in "
          "Z\u00fcrich, the companies said on Tuesday.</p><p>Jos\u00e9 M\u00fcller, the Soci\u00e9t\u00e9 "
          "G\u00e9n\u00e9rale analyst, said the contract would double Mistral's capacity.</p>"
          "<p>The chips will be installed in a new data center near Paris, the company said.</p>")


def page(i: int, title: str | None = None, body: str | None = None, charset: str | None = "utf-8",
         canonical: str | None = None) -> str:
    """A realistic article page with a deal sentence (or the given body), and its `<link rel=canonical>` if given."""
    a, b, chip = PAIRS[i % len(PAIRS)]
    value = 5 + i
    title = title or f"{a} and {b} sign ${value} billion AI capacity deal (report {i})"
    body = body or (f"<p>{a} signed a ${value} billion agreement with {b} to deploy {100_000 * (1 + i % 3):,} {chip} "
                    f"chips over {3 + i % 4} years, the companies said on Tuesday.</p><p>The contract is one of the "
                    "largest cloud-capacity deals of the year, and analysts expect more of them as demand for AI "
                    f"computing keeps growing.</p><p>{a} said the capacity would come online in phases, starting next "
                    f"quarter, in new data centers that {b} is building.</p>")
    meta = f'<meta charset="{charset}">' if charset else ""
    meta += f'<link rel="canonical" href="{canonical}">' if canonical else ""
    jsonld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                         "datePublished": f"2026-05-{1 + i % 28:02d}T09:00:00Z"})
    return (f'<!DOCTYPE html><html lang="en"><head>{meta}<title>{title} | Fault Wire</title>'
            '<meta property="og:site_name" content="Fault Wire">'
            f'<script type="application/ld+json">{jsonld}</script></head><body><nav><a href="/">Home</a></nav>'
            f"<article><h1>{title}</h1><p class=byline>By Test Writer</p>{body}</article>"
            "<footer>(c) Fault Wire</footer></body></html>")


def _bomb() -> bytes:
    """200 MB of zeros, gzip-compressed to about 200 KB."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = bytes(MB)
    return b"".join([comp.compress(chunk) for _ in range(200)] + [comp.flush()])


class Site(ThreadingHTTPServer):
    """A loopback news site whose article paths each inject one fault; it records every request."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, delay: float = 0.0) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.delay = delay  # seconds before each article answer (for the kill test)
        self.lock = threading.Lock()
        self.log: list[tuple[str, dict[str, str], int]] = []  # path, request headers, status sent
        self.hits: Counter[str] = Counter()
        self.bodies: dict[str, bytes] = {}  # path -> body sent with a 200
        self.bomb = _bomb()
        self.articles = 12  # number of plain articles in /feed.xml
        self.feed_faults = True
        self.copies = False  # /feed.xml also lists pages whose rel=canonical names another URL (COPIES)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Resets and aborted transfers are part of the test: no tracebacks."""

    def statuses(self, path: str) -> list[int]:
        with self.lock:
            return [s for p, _, s in self.log if p == path]

    def clear(self) -> None:
        """Forget the request log (the hit counts, which drive the faults, stay)."""
        with self.lock:
            self.log.clear()


# path listed in the feed: its rel=canonical. A story and its AMP copy, and two tracking copies of a story the
# feed does not list.
COPIES = {
    "/c/story.html": "/c/story.html",
    "/c/amp/story.html": "/c/story.html",
    "/c/one.html": "/c/only.html",
    "/c/two.html": "/c/only.html",
}

FAULTS = {
    # path: (title, what the `pages` row must say)
    "/a/gzip.html": "Gzip: Oracle buys $3 billion of GB200 chips for OpenAI",
    "/a/slow.html": "Slow: Microsoft signs $4 billion GPU deal",
    "/a/reset.html": "Reset: Meta agrees $5 billion TPU deal",
    "/a/429.html": "Busy: Amazon invests $6 billion in Anthropic compute",
    "/a/503.html": "Down: xAI buys $7 billion of Nvidia H200 chips",
    "/a/huge.html": "Huge: Nebius signs $8 billion AI deal",
    "/a/bomb.html": "Bomb: CoreWeave signs $9 billion AI deal",
    "/a/latin1.html": "Latin-1: Nvidia to sell H100 chips to Mistral AI",
    "/a/cp1252.html": "Windows-1252: Nvidia to sell H100 chips to Mistral AI",
    "/a/bom.html": "BOM: Nvidia to sell H100 chips to Mistral AI",
    "/a/loop.html": "Loop: Google signs $2 billion AI deal",
    "/a/missing.html": "Gone: Intel signs $1 billion chip deal",
    "/private/secret.html": "Secret: Apple buys AI chips",
}


class Handler(QuietHandler):
    protocol_version = "HTTP/1.1"
    server: Site

    def record(self, status: int) -> None:
        with self.server.lock:
            self.server.log.append((self.path, {k.lower(): v for k, v in self.headers.items()}, status))

    def document(self, body: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
        """A 200 with an ETag, or a 304 when the client already has it."""
        etag = '"' + hashlib.sha1(body).hexdigest()[:12] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send(304, b"", None, {"ETag": etag})
            return
        with self.server.lock:
            self.server.bodies[self.path] = body
        self.send(200, body, ctype, {"ETag": etag, "Last-Modified": "Mon, 04 May 2026 10:00:00 GMT",
                                     **(headers or {})})

    def do_GET(self) -> None:  # noqa: N802
        site = self.server
        path = self.path.split("?", 1)[0]
        with site.lock:
            site.hits[path] += 1
            hit = site.hits[path]
        if site.delay and path.startswith("/n/"):
            time.sleep(site.delay)
        base = site.base
        if path == "/robots.txt":
            self.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif path == "/feed.xml":
            items = [(f"/n/{i:03d}.html", f"Deal report {i}: AI capacity agreement") for i in range(site.articles)]
            if site.feed_faults:
                items += [(p, t) for p, t in FAULTS.items()]
            if site.copies:
                items += [(p, f"Copy {p}") for p in COPIES]
            xml = "".join(f"<item><title>{t}</title><link>{base}{p}?utm_source=rss#top</link>"
                          f"<pubDate>Mon, 04 May 2026 09:00:00 GMT</pubDate><description>Deal news</description></item>"
                          for p, t in items)
            body = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Fault Wire</title>'
                    f"<link>{base}/</link><description>test</description>{xml}</channel></rss>").encode()
            self.document(body, "application/rss+xml")
        elif path == "/broken-feed.xml":
            self.send(200, b"<rss><channel><title>Broken<item><link>http://x</", "application/rss+xml")
        elif path == "/sitemap-index.xml":
            now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            body = ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    f"<sitemap><loc>{base}/sitemap-new.xml</loc><lastmod>{now}</lastmod></sitemap>"
                    f"<sitemap><loc>{base}/sitemap-old.xml</loc><lastmod>2019-01-01</lastmod></sitemap>"
                    "</sitemapindex>").encode()
            self.document(body, "application/xml")
        elif path in ("/sitemap-new.xml", "/sitemap-old.xml"):
            now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            body = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    f"<url><loc>{base}/s/fresh.html</loc><lastmod>{now}</lastmod></url>"
                    f"<url><loc>{base}/s/stale.html</loc><lastmod>2019-01-01</lastmod></url></urlset>").encode()
            self.document(body, "application/xml")
        elif path.startswith("/n/") or path.startswith("/s/") or path == "/private/secret.html":
            i = int(path[3:6]) if path.startswith("/n/") else 40 + len(path)
            self.document(page(i).encode(), "text/html; charset=utf-8")
        elif path in COPIES:
            # The copies say the same in other words, so a copy stored over its story would be a "revision".
            words = f"Copy at {path}: " if path != COPIES[path] else ""
            body = (f"<p>{words}Oracle signed a $30 billion agreement with OpenAI to deploy 400,000 GB200 chips over "
                    "five years, the companies said on Tuesday.</p><p>The contract is one of the largest "
                    "cloud-capacity deals of the year, and analysts expect more of them as demand for AI computing "
                    "keeps growing.</p>")
            self.document(page(30, "Oracle and OpenAI sign $30 billion deal", body,
                               canonical=base + COPIES[path]).encode(), "text/html; charset=utf-8")
        elif path == "/a/gzip.html":
            raw = page(2, FAULTS[path]).encode()
            etag = '"gz1"'
            if self.headers.get("If-None-Match") == etag:
                self.send(304, b"", None, {"ETag": etag})
                return
            with site.lock:
                site.bodies[path] = raw
            self.send(200, gzip.compress(raw), "text/html; charset=utf-8", {"Content-Encoding": "gzip", "ETag": etag})
        elif path == "/a/slow.html":
            with site.lock:
                site.log.append((path, {}, 200))
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                self.wfile.write(b"<html><body>")
                self.wfile.flush()
                time.sleep(2.5)
            except OSError:
                pass
            self.close_connection = True
        elif path == "/a/reset.html":
            with site.lock:
                site.log.append((path, {}, 0))
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        elif path == "/a/429.html" and hit == 1:
            self.send(429, b"slow down", "text/plain", {"Retry-After": "1"})
        elif path == "/a/503.html" and hit == 1:
            self.send(503, b"busy", "text/plain")
        elif path in ("/a/429.html", "/a/503.html"):
            self.document(page(3 if "429" in path else 4, FAULTS[path]).encode(), "text/html; charset=utf-8")
        elif path == "/a/huge.html":
            with site.lock:
                site.log.append((path, {}, 200))
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(50 * MB))
            self.end_headers()
            chunk = (page(5, FAULTS[path]) * 64).encode()[:65536]
            try:
                for _ in range(50 * MB // len(chunk) + 1):
                    self.wfile.write(chunk)
            except OSError:
                pass
            self.close_connection = True
        elif path == "/a/bomb.html":
            self.send(200, site.bomb, "text/html", {"Content-Encoding": "gzip"})
        elif path == "/a/latin1.html":  # Latin-1, no charset anywhere
            self.document(page(6, FAULTS[path], LATIN1, charset=None).encode("latin-1"), "text/html")
        elif path == "/a/cp1252.html":  # Windows-1252 bytes labelled ISO-8859-1 (as browsers read it)
            self.document(page(7, FAULTS[path], ACCENTED, charset=None).encode("cp1252"),
                          "text/html; charset=iso-8859-1")
        elif path == "/a/bom.html":  # UTF-8 with a BOM and a wrong header charset
            self.document(b"\xef\xbb\xbf" + page(8, FAULTS[path], ACCENTED, charset=None).encode("utf-8"),
                          "text/html; charset=windows-1251")
        elif path == "/a/loop.html":
            self.send(302, b"", None, {"Location": f"/a/loop.html?hop={hit}"})
        else:
            self.send(404, b"not found", "text/plain")


@contextmanager
def serving(srv: Site) -> Iterator[Site]:
    """Run the site in a background thread."""
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with serving(Site()) as srv:
        yield srv


def settings(tmp: Path, **fetch: Any) -> Settings:
    """Loopback settings: no delay, short timeout, one retry, a 2 MB body cap."""
    config = dict(delay=0.0, timeout=1.0, retries=1, backoff_base=0.05, backoff_max=0.3, max_bytes=2 * MB)
    config.update(fetch)
    return Settings(db_path=tmp / "deals.db", archive_dir=tmp / "archive", fetch=FetchConfig(**config))


def sources(site: Site) -> SourcesConfig:
    """A feed with every fault, a malformed feed, and a sitemap index."""
    return SourcesConfig(sources=[
        Source(name="Fault Wire", url=f"{site.base}/feed.xml", kind="rss", topical=True),
        Source(name="Broken", url=f"{site.base}/broken-feed.xml", kind="rss", topical=True),
        Source(name="Index", url=f"{site.base}/sitemap-index.xml", kind="sitemap", topical=True),
    ])


def pages(db_path: Path) -> dict[str, dict]:
    """`pages` rows by path."""
    db = sqlite_utils.Database(db_path)
    return {"/" + row["url"].split("/", 3)[3]: row for row in db.query("select * from pages")}


@dataclass
class Crawled:
    summary: Any
    pages: dict[str, dict]
    db: sqlite_utils.Database
    tmp: Path


@pytest.fixture(scope="module")
def crawled(site: Site, tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    """One crawl of the fault site, shared by the tests that only read its results."""
    tmp = tmp_path_factory.mktemp("crawled")
    summary = crawl(sources(site), settings(tmp))
    return Crawled(summary, pages(tmp / "deals.db"), sqlite_utils.Database(tmp / "deals.db"), tmp)


def article(db: sqlite_utils.Database, path: str) -> dict:
    rows = list(db.query("select * from articles where url like ?", [f"%{path}"]))
    assert len(rows) == 1, (path, rows)
    return rows[0]


def test_every_fault_ends_in_the_right_pages_row(site: Site, crawled: Crawled) -> None:
    p = crawled.pages
    # plain articles and recovered faults: 200, archived, with their validators
    for path in [f"/n/{i:03d}.html" for i in range(site.articles)] + ["/a/gzip.html", "/a/429.html", "/a/503.html"]:
        row = p[path]
        assert (row["status"], row["error"], row["kind"]) == (200, None, "article"), row
        assert row["warc_file"] and row["warc_offset"] is not None and row["etag"], row
    assert site.statuses("/a/429.html") == [429, 200]
    assert site.statuses("/a/503.html") == [503, 200]
    assert p["/a/slow.html"]["error"] == "timeout" and p["/a/slow.html"]["status"] is None
    assert p["/a/reset.html"]["error"] in ("connection_reset", "protocol_error", "read_error")
    assert site.hits["/a/reset.html"] == 2  # retried once
    for path in ("/a/huge.html", "/a/bomb.html"):
        assert (p[path]["status"], p[path]["error"]) == (200, "too_large"), p[path]
    assert p["/a/loop.html"]["error"] == "too_many_redirects"
    assert (p["/a/missing.html"]["status"], p["/a/missing.html"]["error"]) == (404, "http_404")
    assert p["/private/secret.html"]["error"] == "robots" and p["/private/secret.html"]["status"] is None
    assert "/private/secret.html" not in site.hits  # robots.txt was obeyed, not just recorded
    # the malformed feed is recorded on its page and its source, and the run went on
    assert p["/broken-feed.xml"]["kind"] == "feed" and p["/broken-feed.xml"]["error"].startswith("parse:")
    source = next(crawled.db.query("select * from sources where name = 'Broken'"))
    assert source["last_error"].startswith("parse:") and source["consecutive_failures"] == 1
    assert p["/feed.xml"]["error"] is None and p["/feed.xml"]["kind"] == "feed"


def test_sitemap_index_children_and_lastmod_cut_off(site: Site, crawled: Crawled) -> None:
    p = crawled.pages
    assert p["/sitemap-new.xml"]["status"] == 200
    assert "/sitemap-old.xml" not in site.hits  # its lastmod is older than max_age_days
    assert p["/s/fresh.html"]["status"] == 200 and article(crawled.db, "/s/fresh.html")["is_deal"] == 1
    assert "/s/stale.html" not in site.hits


def test_urls_are_canonical_and_fetched_once(site: Site, crawled: Crawled) -> None:
    assert not [u for u in crawled.pages if "utm_" in u or "#" in u]
    assert site.hits["/n/000.html"] == 1
    counts = Counter(url for url, in crawled.db.execute("select url from articles"))
    assert counts and max(counts.values()) == 1


def test_bodies_are_decoded_and_extracted(site: Site, crawled: Crawled) -> None:
    gz = article(crawled.db, "/a/gzip.html")
    assert "Oracle signed a $7 billion agreement with OpenAI" in gz["text"]
    assert crawled.pages["/a/gzip.html"]["sha256"] == hashlib.sha256(site.bodies["/a/gzip.html"]).hexdigest()
    assert crawled.pages["/a/latin1.html"]["encoding"] == "cp1252"
    assert "signed in Z\u00fcrich" in article(crawled.db, "/a/latin1.html")["text"]
    assert crawled.pages["/a/cp1252.html"]["encoding"] == "cp1252"
    assert crawled.pages["/a/bom.html"]["encoding"] == "utf-8-sig"
    for path in ("/a/cp1252.html", "/a/bom.html"):
        text = article(crawled.db, path)["text"]
        assert "\u20ac2 billion" in text and "\u201ccontract\u201d \u2014" in text and "Soci\u00e9t\u00e9" in text
        money = list(crawled.db.query("select * from claims where article_id = ? and kind = 'money'",
                                      [article(crawled.db, path)["id"]]))
        assert [(m["currency"], m["value"]) for m in money] == [("EUR", 2e9)]


def test_capped_body_is_archived_as_truncated(site: Site, crawled: Crawled) -> None:
    row = crawled.pages["/a/huge.html"]
    record = read_record(crawled.tmp / "archive", row["warc_file"], row["warc_offset"])
    assert record.truncated and record.error == "too_large" and len(record.body) == 2 * MB
    assert not list(crawled.db.query("select * from articles where url like '%/a/huge.html'"))


def test_runs_row_counts_and_failures(site: Site, crawled: Crawled) -> None:
    run = next(crawled.db.query("select * from runs where id = ?", [crawled.summary.run_id]))
    assert run["status"] == "partial" and run["finished"]
    assert run["discovered"] == site.articles + len(FAULTS) + 1  # + the sitemap's fresh article
    assert run["robots"] == 1
    failures = json.loads(run["failures"])
    meta = {k: failures.pop(k) for k in list(failures) if k.startswith("_")}  # sources, dropped claims, stop
    assert meta == {"_sources": 3, "_sources_failed": 1}
    assert failures == {"timeout": 1, "too_large": 2, "too_many_redirects": 1, "http_404": 1,
                        failures_key(failures): 1}
    assert run["failed"] == 6
    assert run["fetched"] == site.articles + 1 + 6  # plain + fresh + gzip, 429, 503 and the three charsets
    assert json.loads(run["errors"]) and "Broken" in json.loads(run["errors"])[0]


def failures_key(failures: dict[str, int]) -> str:
    """The reason the reset connection was recorded under."""
    return next(k for k in failures if k in ("connection_reset", "protocol_error", "read_error"))


def test_second_run_sends_only_conditional_requests(site: Site, crawled: Crawled, tmp_path: Path) -> None:
    shutil.copytree(crawled.tmp, tmp_path, dirs_exist_ok=True)
    first = dict(crawled.pages)
    site.clear()
    summary = crawl(sources(site), settings(tmp_path))
    good = [path for path, row in first.items() if row["kind"] == "article" and row["status"] == 200
            and row["error"] is None]
    assert len(good) == site.articles + 1 + 6
    for path in good:
        assert site.statuses(path)[-1] == 304 and 200 not in site.statuses(path), path
        assert all(h.get("if-none-match") for p, h, _ in site.log if p == path), path
    assert summary.fetched == 0 and summary.not_modified == len(good)
    after = pages(tmp_path / "deals.db")
    for path in good:  # a 304 keeps what the last good fetch stored
        assert after[path]["warc_file"] == first[path]["warc_file"] and after[path]["sha256"] == first[path]["sha256"]
    # the pages whose fetch failed for a passing reason are tried again
    assert "/a/slow.html" in {p for p, _, _ in site.log} and "/a/reset.html" in {p for p, _, _ in site.log}
    assert after["/a/slow.html"]["run_id"] == summary.run_id


def test_second_run_downloads_no_article_body(site: Site, crawled: Crawled, tmp_path: Path) -> None:
    shutil.copytree(crawled.tmp, tmp_path, dirs_exist_ok=True)
    site.clear()
    crawl(sources(site), settings(tmp_path))
    # no article body comes down again, except the slow page that is retried because it timed out
    bodies = [p for p, _, s in site.log if s == 200 and p.startswith(("/n/", "/s/", "/a/"))]
    assert not {"/a/huge.html", "/a/bomb.html"} & {p for p, _, _ in site.log}  # too large: not asked again
    assert set(bodies) <= {"/a/slow.html"}


def test_cli_crawls_an_ad_hoc_feed_with_an_empty_sources_file(tmp_path: Path) -> None:
    with serving(Site()) as site:
        site.feed_faults = False
        site.articles = 3
        _cli_crawl(site, tmp_path)


def _cli_crawl(site: Site, tmp_path: Path) -> None:
    (tmp_path / "empty.toml").write_text("")
    done = subprocess.run(
        [sys.executable, "-m", "scraper", "crawl", "--sources", str(tmp_path / "empty.toml"), "--feed",
         f"{site.base}/feed.xml", "--db", str(tmp_path / "d.db"), "--archive", str(tmp_path / "archive"),
         "--delay", "0", "--timeout", "5"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 fetched" in done.stdout
    db = sqlite_utils.Database(tmp_path / "d.db")
    assert db.table("articles").count == 3
    assert [r["source"] for r in db.query("select source from pages where kind = 'feed'")] == [f"127.0.0.1:{site.server_address[1]}"]


@pytest.mark.slow
def test_sigkill_midway_then_restart_gives_the_same_articles_and_claims(tmp_path: Path) -> None:
    with serving(Site(delay=0.25)) as srv:
        srv.feed_faults = False
        srv.articles = 14
        reference = tmp_path / "reference"
        crawl(SourcesConfig(sources=[Source(name=f"127.0.0.1:{srv.server_address[1]}", url=f"{srv.base}/feed.xml",
                                            kind="feed", topical=True)]), settings(reference, timeout=5))
        expected = content(reference / "deals.db", deals=False)
        assert len(expected["articles"]) == 14 and expected["claims"]

        work = tmp_path / "killed"
        args = [sys.executable, "-m", "scraper", "crawl", "--sources", str(tmp_path / "none.toml"), "--feed",
                f"{srv.base}/feed.xml", "--db", str(work / "d.db"), "--archive", str(work / "archive"),
                "--delay", "0", "--timeout", "5"]
        srv.clear()
        proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while sum(1 for p, _, _ in list(srv.log) if p.startswith("/n/")) < 5 and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        assert proc.returncode == -signal.SIGKILL
        partial = sqlite3.connect(work / "d.db").execute("select count(*) from articles").fetchone()[0]
        assert partial < 14  # it really was killed midway

        again = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert again.returncode == 0, again.stdout + again.stderr
        assert content(work / "d.db", deals=False) == expected
        # every archived record reads back whole: the body is the one the server sent
        for fetched in iter_archive(work / "archive"):
            path = "/" + fetched.url.split("/", 3)[3]
            if fetched.status == 200:
                assert fetched.body == srv.bodies[path], path
        conn = sqlite3.connect(work / "d.db")
        for url, warc_file, offset in conn.execute(
                "select url, warc_file, warc_offset from pages where warc_file is not null"):
            record = read_record(work / "archive", warc_file, offset)
            assert record.url == url and not record.truncated
        runs = conn.execute("select status from runs order by id").fetchall()
        assert runs[-1] == ("ok",) and runs[0] == ("running",)  # the killed run never closed its row


def test_a_slowed_down_host_recovers_its_pace_after_successes() -> None:
    import asyncio

    from scraper.fetch import Fetcher

    async def go(base: str) -> tuple[float, float]:
        config = FetchConfig(delay=0.0, timeout=2, retries=2, backoff_base=0.05, backoff_max=0.3)
        async with Fetcher(config) as fetcher:
            first = await fetcher.fetch(f"{base}/a/429.html")
            assert first.status == 200
            slowed = fetcher.host_delay(base)  # right after the 429: slowed, and held for twice the wait
            await asyncio.sleep(0.65)
            for i in range(5):
                await fetcher.fetch(f"{base}/n/{i:03d}.html")
            return slowed, fetcher.host_delay(base)

    with serving(Site()) as srv:
        slowed, recovered = asyncio.run(go(srv.base))
    assert slowed >= 0.3  # Retry-After (capped at backoff_max) became the host's delay
    assert recovered == 0.0  # once the hold is over, a success brings it back to the configured pace


def test_copies_with_the_same_rel_canonical_are_one_article(tmp_path: Path) -> None:
    with serving(Site()) as srv:
        srv.feed_faults, srv.articles, srv.copies = False, 2, True
        feed = SourcesConfig(sources=[sources(srv).sources[0]])
        first = crawl(feed, settings(tmp_path))
        assert first.copies == 2 and first.articles == 2 + 2
        base = srv.base
        stored = _copies_stored(tmp_path / "deals.db", base)
        second = crawl(feed, settings(tmp_path))  # everything answers 304: nothing changes
        assert second.fetched == 0 and _copies_stored(tmp_path / "deals.db", base) == stored


def _copies_stored(db_path: Path, base: str) -> dict[str, str]:
    """Check what a crawl of COPIES stored; the articles' texts by URL."""
    db = sqlite_utils.Database(db_path)
    articles = {row["url"]: row["text"] for row in db.query("select url, text from articles where url like '%/c/%'")}
    # the story and its AMP copy: one article, with the story's own text whichever came first; two copies
    # of a story the feed does not list: one article, under their canonical URL
    assert set(articles) == {f"{base}/c/story.html", f"{base}/c/only.html"}
    assert "Copy at" not in articles[f"{base}/c/story.html"]
    assert any(f"Copy at {copy}" in articles[f"{base}/c/only.html"] for copy in ("/c/one.html", "/c/two.html"))
    # every copy's page is recorded (and archived) as it was fetched
    recorded = pages(db_path)
    assert all(recorded[path]["status"] == 200 and recorded[path]["warc_file"] for path in COPIES)
    assert not list(db.query("select * from article_versions"))  # no copy became a "revision"
    claims = {row["article_id"] for row in db.query("select article_id from claims where text = '$30 billion'")}
    assert claims == {article_id(url) for url in articles}  # the claims of the two articles, none of the copies
    db.close()
    return articles
