"""Crawl benchmark: `scraper crawl` against Scrapy at equal politeness on a simulated web on loopback.

    .venv/bin/pip install scrapy          # benchmark-only (the `bench` extra)
    .venv/bin/python bench/crawl.py [--hosts 20] [--articles 100] [--latency 0.05] [--per-host 2] [--delay 0]

The simulated web: HOSTS hosts on distinct loopback addresses (127.0.0.10, .11, ...; one port), each with
robots.txt, an RSS feed of ARTICLES items and the article pages (realistic HTML with a deal sentence,
ETag and Last-Modified, 304 on a matching If-None-Match). Every response waits LATENCY seconds. A few
articles answer 429 with Retry-After: 1 the first time they are asked for in a phase, a few others 503.

Phases, each a child process timed from outside (wall, including interpreter start-up) and by the
server (first request to last response: the crawl window), with its peak RSS from wait4():

1. scraper-crawl    `python -m scraper crawl` end to end: feeds, fetch, WARC, article, claims, SQLite, deals
2. scraper-recrawl  the same command again with nothing changed: counts the article bodies sent (target 0)
3. scraper-fetch    crawl only: the same discovery, Fetcher and WARC writer without extraction or SQLite
4. scrapy           a Scrapy spider: feeds -> article requests, CONCURRENT_REQUESTS_PER_DOMAIN = per-host,
                    DOWNLOAD_DELAY = delay, ROBOTSTXT_OBEY, RetryMiddleware on 429/5xx (3 retries)

Both crawlers get the same global cap (hosts x per-host) and the same per-host delay (default 0 s;
the crawl's own default is 1 s). Scrapy ignores Retry-After (it retries at once); our Fetcher waits for
it and slows the host down for a while, so the fault pages cost it more time.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PAIRS = [("Microsoft", "CoreWeave", "H100"), ("Meta", "Google", "TPU v7"), ("Oracle", "OpenAI", "GB200"),
         ("Amazon", "Anthropic", "Trainium2"), ("xAI", "Nvidia", "H200"), ("Nebius", "Microsoft", "GB300"),
         ("Alphabet", "Intel", "Gaudi 3"), ("Amazon", "AMD", "MI355X")]
NAV = "".join(f'<li><a href="/section/{s}">{s.title()}</a></li>' for s in
              ("cloud", "chips", "data-centers", "energy", "policy", "markets", "opinion", "events"))
RELATED = "".join(f'<li><a href="/related/{i}">Analysts weigh the week in semiconductors, part {i}</a></li>'
                  for i in range(8))
FOOTER = " ".join(f'<a href="/about/{i}">About link {i}</a>' for i in range(20))
LEAD = ("The agreement is one of the largest cloud-capacity deals of the year, and analysts expect more of them "
        "as demand for AI computing keeps growing across the industry. ")


def article_html(host: int, n: int) -> bytes:
    """A realistic news page (about 8 KB) with one deal sentence."""
    a, b, chip = PAIRS[(host + n) % len(PAIRS)]
    value = 1 + (host * 7 + n) % 40
    qty = 10_000 * (1 + (host + n) % 9)
    title = f"{a} signs ${value} billion deal with {b} for {chip} capacity (host {host}, story {n})"
    day = 1 + n % 28
    jsonld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                         "datePublished": f"2026-05-{day:02d}T09:00:00Z",
                         "author": {"@type": "Person", "name": f"Reporter {host}"},
                         "publisher": {"@type": "Organization", "name": f"Outlet {host}"}})
    body = (f"<p>{a} signed a ${value} billion agreement with {b} to deploy {qty:,} {chip} chips over "
            f"{2 + n % 5} years, the companies said on Tuesday.</p><p>{LEAD}</p>"
            f"<p>{a} said the capacity would come online in phases, starting next quarter, with most of it in new "
            f"data centers that {b} is building in Texas and Ohio.</p><p>{LEAD * 2}</p>"
            f"<p>Neither company disclosed further terms. Shares of {b} rose 3% in early trading.</p>")
    page = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | Outlet {host}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta property="og:title" content="{title}"><meta property="og:site_name" content="Outlet {host}">'
            f'<meta property="og:type" content="article"><link rel="stylesheet" href="/static/site.css">'
            f'<script type="application/ld+json">{jsonld}</script></head><body>'
            f'<header><div class="logo">Outlet {host}</div><nav><ul>{NAV}</ul></nav></header>'
            f'<main><article><h1>{title}</h1><p class="byline">By Reporter {host} | May {day}, 2026</p>'
            f'{body}</article><aside class="related"><h2>Related news</h2><ul>{RELATED}</ul></aside></main>'
            f'<footer><p>(c) 2026 Outlet {host}. All rights reserved.</p>{FOOTER}</footer>'
            f'<script>window.analytics = {{"page": "{n}"}};</script></body></html>')
    return page.encode()


def feed_xml(base: str, host: int, articles: int) -> bytes:
    """An RSS feed listing every article of a host."""
    items = []
    for n in range(articles):
        a, b, chip = PAIRS[(host + n) % len(PAIRS)]
        items.append(f"<item><title>{a} and {b}: {chip} capacity deal (story {n})</title>"
                     f"<link>{base}/news/{n:04d}.html?utm_source=rss</link><guid>{base}/news/{n:04d}.html</guid>"
                     f"<pubDate>{formatdate(time.time() - 3600 * n, usegmt=True)}</pubDate>"
                     f"<description>{a} and {b} agree an AI infrastructure deal.</description></item>")
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Outlet {host}</title><link>{base}/</link><description>news</description>"
            + "".join(items) + "</channel></rss>").encode()


FAULTS = True


def fault(host: int, n: int) -> str | None:
    """Which articles answer 429 or 503 on their first request of a phase (about 1 in 200 each)."""
    key = host * 1000 + n
    if not FAULTS:
        return None
    if key % 199 == 17:
        return "429"
    if key % 211 == 5:
        return "503"
    return None


@dataclass
class PhaseStats:
    """What the server saw during one phase."""

    requests: int = 0
    article_bodies: int = 0  # 200 responses with an article body
    not_modified: int = 0
    faults: int = 0
    first: float | None = None
    last: float | None = None
    statuses: dict[int, int] = field(default_factory=dict)

    def window(self) -> float:
        return (self.last or 0) - (self.first or 0)


class SimulatedWeb:
    """HOSTS asyncio HTTP/1.1 servers (keep-alive) on 127.0.0.10+, run in a background thread."""

    def __init__(self, hosts: int, articles: int, latency: float) -> None:
        self.hosts, self.articles, self.latency = hosts, articles, latency
        self.port = 0
        self.stats = PhaseStats()
        self.hits: dict[str, int] = {}
        self.cache: dict[tuple[int, str], tuple[bytes, str, str]] = {}
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.servers: list[asyncio.base_events.Server] = []

    def address(self, host: int) -> str:
        return f"127.0.0.{10 + host}"

    def base(self, host: int) -> str:
        return f"http://{self.address(host)}:{self.port}"

    def start(self) -> None:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._listen(), self.loop).result()

    async def _listen(self) -> None:
        for host in range(self.hosts):
            handler = (lambda h: (lambda r, w: self._serve(h, r, w)))(host)
            server = await asyncio.start_server(handler, self.address(host), self.port, backlog=256)
            self.port = self.port or server.sockets[0].getsockname()[1]
            self.servers.append(server)

    def stop(self) -> None:
        async def close() -> None:
            for server in self.servers:
                server.close()
        asyncio.run_coroutine_threadsafe(close(), self.loop).result()
        self.loop.call_soon_threadsafe(self.loop.stop)

    def new_phase(self) -> PhaseStats:
        """Reset the counters and the first-hit faults; the previous phase's stats are returned."""
        done, self.stats, self.hits = self.stats, PhaseStats(), {}
        return done

    def _document(self, host: int, path: str) -> tuple[bytes, str, str] | None:
        key = (host, path)
        if key not in self.cache:
            if path == "/feed.xml":
                body, ctype = feed_xml(self.base(host), host, self.articles), "application/rss+xml"
            elif path.startswith("/news/") and path.endswith(".html") and path[6:10].isdigit() \
                    and int(path[6:10]) < self.articles:
                body, ctype = article_html(host, int(path[6:10])), "text/html; charset=utf-8"
            else:
                return None
            self.cache[key] = (body, ctype, '"' + hashlib.sha1(body).hexdigest()[:16] + '"')
        return self.cache[key]

    async def _serve(self, host: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
                keep = headers.get("connection", "").lower() != "close"
                status, body, extra = await self._respond(host, target.split("?", 1)[0], headers)
                reason = {200: "OK", 304: "Not Modified", 404: "Not Found", 429: "Too Many Requests",
                          503: "Service Unavailable"}[status]
                out = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}", "Server: simweb",
                       f"Connection: {'keep-alive' if keep else 'close'}"] + [f"{k}: {v}" for k, v in extra.items()]
                writer.write(("\r\n".join(out) + "\r\n\r\n").encode() + (body if method == "GET" else b""))
                await writer.drain()
                stats = self.stats
                stats.last = time.monotonic()
                stats.statuses[status] = stats.statuses.get(status, 0) + 1
                if not keep:
                    break
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        finally:
            writer.close()

    async def _respond(self, host: int, path: str, headers: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
        stats = self.stats
        stats.requests += 1
        if stats.first is None:
            stats.first = time.monotonic()
        await asyncio.sleep(self.latency)
        if path == "/robots.txt":
            return 200, b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"}
        key = f"{host}{path}"
        self.hits[key] = self.hits.get(key, 0) + 1
        if path.startswith("/news/") and path[6:10].isdigit() and self.hits[key] == 1:
            kind = fault(host, int(path[6:10]))
            if kind == "429":
                stats.faults += 1
                return 429, b"slow down", {"Content-Type": "text/plain", "Retry-After": "1"}
            if kind == "503":
                stats.faults += 1
                return 503, b"busy", {"Content-Type": "text/plain"}
        doc = self._document(host, path)
        if doc is None:
            return 404, b"not found", {"Content-Type": "text/plain"}
        body, ctype, etag = doc
        validators = {"ETag": etag, "Last-Modified": "Mon, 04 May 2026 10:00:00 GMT"}
        if headers.get("if-none-match") == etag:
            stats.not_modified += 1
            return 304, b"", validators
        if path.startswith("/news/"):
            stats.article_bodies += 1
        return 200, body, {"Content-Type": ctype, **validators}


# -- children ----------------------------------------------------------------


def child_fetch_only(args: argparse.Namespace) -> None:
    """Crawl only: discovery, polite fetching and WARC writing, as the pipeline does them, no extraction."""
    sys.path.insert(0, str(ROOT))
    from contextlib import aclosing

    from scraper.archive import ArchiveWriter
    from scraper.fetch import FetchConfig, Fetcher
    from scraper.models import Source
    from scraper.sources import discover

    feeds = json.loads(args.feeds)
    config = FetchConfig(concurrency=args.concurrency, per_host=args.per_host, delay=args.delay, timeout=20)

    async def run() -> int:
        fetched_ok = 0
        async with Fetcher(config) as fetcher:
            with ArchiveWriter(Path(args.out)) as archive:
                links: dict[str, Any] = {}
                async with aclosing(fetcher.fetch_many(feeds)) as results:
                    async for feed in results:
                        archive.write(feed)
                        if feed.ok:
                            for link in discover(Source(name=feed.url, url=feed.url, kind="rss"), feed.body,
                                                 feed.final_url).links:
                                links.setdefault(link.url, link)
                async with aclosing(fetcher.fetch_many(list(links))) as results:
                    async for page in results:
                        archive.write(page)
                        fetched_ok += page.ok
        return fetched_ok

    print(json.dumps({"fetched": asyncio.run(run())}))


class RetryAfterMiddleware:
    """Scrapy downloader middleware: on 429/503, wait for Retry-After (1 s without one) before the retry
    goes on, and hold the host at one request per that many seconds for twice the wait."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> "RetryAfterMiddleware":
        return cls(crawler)

    async def process_response(self, request: Any, response: Any, spider: Any = None) -> Any:
        if response.status not in (429, 503):
            return response
        header = (response.headers.get(b"Retry-After") or b"").decode().strip()
        wait = float(header) if header.isdigit() else 1.0
        downloader = self.crawler.engine.downloader
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is not None:
            before = slot.delay
            slot.delay = max(slot.delay, wait)
            asyncio.get_running_loop().call_later(2 * wait, setattr, slot, "delay", before)
        await asyncio.sleep(wait)
        return response  # RetryMiddleware (priority 550) sees it next and retries


def child_scrapy(args: argparse.Namespace) -> None:
    """The same crawl with Scrapy: feeds, then every article they list."""
    import scrapy
    from scrapy.crawler import CrawlerProcess

    feeds = json.loads(args.feeds)
    counts = {"articles": 0, "claims": 0}
    if args.extract:
        sys.path.insert(0, str(ROOT))
        from scraper.article import extract_article
        from scraper.claims import extract_claims

    class FeedSpider(scrapy.Spider):
        name = "feeds"
        start_urls = feeds

        def parse(self, response: Any) -> Any:
            for url in response.xpath("//item/link/text()").getall():
                yield scrapy.Request(url.strip(), callback=self.article)

        def article(self, response: Any) -> None:
            counts["articles"] += 1
            if args.extract:  # the same per-article work as `scraper crawl` (no SQLite, no WARC)
                counts["claims"] += len(extract_claims(extract_article(response.text, response.url)).claims)

    process = CrawlerProcess(settings={
        "CONCURRENT_REQUESTS": args.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": args.per_host,
        "DOWNLOAD_DELAY": args.delay,
        "RANDOMIZE_DOWNLOAD_DELAY": False,
        "ROBOTSTXT_OBEY": True,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": 3,
        "RETRY_HTTP_CODES": [429, 500, 502, 503, 504, 408],
        # Equal politeness: wait for Retry-After and slow the host down, as our Fetcher does.
        "DOWNLOADER_MIDDLEWARES": {f"{__name__}.RetryAfterMiddleware": 560} if args.retry_after else {},
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
        "DOWNLOAD_TIMEOUT": 20,
        "USER_AGENT": "ai-deals-bench-scrapy/0.1 (+https://github.com/ai-deals/scraper)",
        "LOG_LEVEL": "ERROR",
        "TELNETCONSOLE_ENABLED": False,
        "COOKIES_ENABLED": False,
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    })
    process.crawl(FeedSpider)
    process.start()
    print(json.dumps({"fetched": counts["articles"]}))


# -- driver ------------------------------------------------------------------


def run_child(cmd: list[str], web: SimulatedWeb) -> dict[str, Any]:
    """Run one phase in a child process; wall time, peak RSS (wait4) and what the server saw."""
    web.new_phase()
    with tempfile.TemporaryFile() as out_file, tempfile.TemporaryFile() as err_file:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out_file, stderr=err_file)  # files: a full pipe would block it
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        out_file.seek(0)
        err_file.seek(0)
        out, err = out_file.read().decode(), err_file.read().decode()
    proc.returncode = os.waitstatus_to_exitcode(status)
    stats = web.new_phase()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd[2:5]} failed ({proc.returncode}):\n{out[-2000:]}\n{err[-4000:]}")
    return {"wall": wall, "window": stats.window(), "rss_mb": usage.ru_maxrss / 1024, "stats": stats,
            "stdout": out.strip(), "stderr": err.strip()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--per-host", type=int, default=2)
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--skip-scrapy", action="store_true")
    parser.add_argument("--no-faults", action="store_true", help="no 429 or 503 answers")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--child", choices=["fetch", "scrapy"], help=argparse.SUPPRESS)
    parser.add_argument("--feeds", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--concurrency", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--extract", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--retry-after", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "fetch":
        return child_fetch_only(args)
    if args.child == "scrapy":
        return child_scrapy(args)

    global FAULTS
    FAULTS = not args.no_faults
    web = SimulatedWeb(args.hosts, args.articles, args.latency)
    web.start()
    concurrency = args.hosts * args.per_host
    feeds = [f"{web.base(h)}/feed.xml" for h in range(args.hosts)]
    total = args.hosts * args.articles
    work = Path(tempfile.mkdtemp(prefix="bench-crawl-"))
    try:
        sources = work / "sources.toml"
        sources.write_text(
            f"[settings]\nconcurrency = {concurrency}\nper_host = {args.per_host}\ndelay = {args.delay}\n"
            "timeout = 20.0\nretries = 3\n\n"
            + "".join(f'[[source]]\nname = "Outlet {h}"\nurl = "{url}"\nkind = "rss"\ntopical = true\n\n'
                      for h, url in enumerate(feeds)))
        crawl_cmd = [sys.executable, "-m", "scraper", "crawl", "--sources", str(sources), "--db",
                     str(work / "deals.db"), "--archive", str(work / "archive"), "--log-format", "json"]
        results: dict[str, dict[str, Any]] = {}
        print(f"simulated web: {args.hosts} hosts x {args.articles} articles, {args.latency * 1000:.0f} ms latency, "
              f"per-host {args.per_host}, delay {args.delay:g} s, global {concurrency}", flush=True)
        results["scraper-crawl"] = run_child(crawl_cmd, web)
        results["scraper-recrawl"] = run_child(crawl_cmd, web)
        db_summary = _runs(work / "deals.db")
        results["scraper-fetch"] = run_child(
            [sys.executable, __file__, "--child", "fetch", "--feeds", json.dumps(feeds), "--out",
             str(work / "fetch-archive"), "--concurrency", str(concurrency), "--per-host", str(args.per_host),
             "--delay", str(args.delay)], web)
        if not args.skip_scrapy:
            scrapy_cmd = [sys.executable, __file__, "--child", "scrapy", "--feeds", json.dumps(feeds), "--concurrency",
                          str(concurrency), "--per-host", str(args.per_host), "--delay", str(args.delay)]
            results["scrapy"] = run_child(scrapy_cmd, web)
            if FAULTS:
                results["scrapy+retry-after"] = run_child(scrapy_cmd + ["--retry-after"], web)
            results["scrapy+extract"] = run_child(scrapy_cmd + ["--extract"] + (["--retry-after"] if FAULTS else []),
                                                  web)
    finally:
        web.stop()
        shutil.rmtree(work, ignore_errors=True)

    report: dict[str, Any] = {"hosts": args.hosts, "articles": total, "latency": args.latency,
                              "per_host": args.per_host, "delay": args.delay, "runs": db_summary}
    print(f"\n{'phase':<16} {'bodies':>6} {'304':>5} {'faults':>6} {'wall s':>7} {'pages/s':>8} "
          f"{'window s':>8} {'pages/s':>8} {'peak MB':>8}")
    for name, r in results.items():
        s: PhaseStats = r["stats"]
        pages = s.article_bodies
        row = {"article_bodies": pages, "not_modified": s.not_modified, "faults": s.faults, "requests": s.requests,
               "wall_s": round(r["wall"], 2), "window_s": round(r["window"], 2),
               "pages_per_s_wall": round(pages / r["wall"], 1) if pages else 0.0,
               "pages_per_s_window": round(pages / r["window"], 1) if pages and r["window"] else 0.0,
               "peak_rss_mb": round(r["rss_mb"], 1), "statuses": s.statuses}
        report[name] = row
        print(f"{name:<16} {pages:>6} {s.not_modified:>5} {s.faults:>6} {r['wall']:>7.2f} "
              f"{row['pages_per_s_wall']:>8.1f} {r['window']:>8.2f} {row['pages_per_s_window']:>8.1f} "
              f"{r['rss_mb']:>8.1f}")
    if "scrapy" in report:
        # Like for like: the crawl alone against Scrapy at equal politeness (Retry-After honoured when there
        # are faults), and the whole `scraper crawl` against Scrapy doing the same extraction per article.
        equal = "scrapy+retry-after" if "scrapy+retry-after" in report else "scrapy"
        pairs = [("scraper-fetch", equal), ("scraper-crawl", "scrapy+extract"), ("scraper-fetch", "scrapy")]
        for ours, theirs_name in pairs:
            for basis in ("wall", "window"):
                theirs = report[theirs_name][f"pages_per_s_{basis}"]
                ratio = report[ours][f"pages_per_s_{basis}"] / theirs if theirs else float("nan")
                report[f"ratio_{ours}_vs_{theirs_name}_{basis}"] = round(ratio, 2)
            print(f"{ours} / {theirs_name} pages/s: {report[f'ratio_{ours}_vs_{theirs_name}_wall']:.2f} (wall), "
                  f"{report[f'ratio_{ours}_vs_{theirs_name}_window']:.2f} (window)")
    print(f"second run: {report['scraper-recrawl']['article_bodies']} article bodies downloaded, "
          f"{report['scraper-recrawl']['not_modified']} answered 304 (target: 0 bodies)")
    print(f"runs rows: {json.dumps(db_summary)}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, default=str))


def _runs(db_path: Path) -> list[dict[str, Any]]:
    """The counts of the `runs` rows the two `scraper crawl` phases wrote."""
    import sqlite3

    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute(
        "select status, discovered, fetched, not_modified, failed, failures, articles, claims, deals from runs")]
    conn.close()
    return rows


if __name__ == "__main__":
    main()
