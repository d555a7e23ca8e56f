"""The one place that knows the order of the stages, for `run`, `crawl`, `reprocess`, `import` and `demo`.

    sources -> fetch -> archive -> article -> claims -> db ... then deals (link) -> db
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import multiprocessing
import os
import re
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import aclosing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import db as store
from .archive import ArchiveWriter, iter_archive
from .article import article_from_text, extract_article, looks_like_html
from .claims import Extraction, bound_claims, extract_claims
from .config import Config, default_workers
from .dates import days_ago, to_utc_iso, utc_now
from .deals import link_claims
from .encoding import looks_binary, media_type
from .fetch import FetchConfig, Fetcher, Resolver
from .gazetteer import load_gazetteer
from .models import Article, Fetched, Link, Source, SourceKind
from .output import extraction_dict
from .revisions import figure_changes
from .sources import Discovery, SourcesConfig, SourcesError, canonicalize_url, discover, is_relevant_link

log = logging.getLogger(__name__)

FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
              "application/feed+json", "application/json"}
Progress = Callable[[str, dict[str, Any]], None]
DEFAULT_MAX_CLAIMS = Config.max_claims  # claims kept per article (the rest are counted, not stored)
MAX_TITLE = 500  # characters of a title (or outlet name) kept
SENTENCE_WINDOW = 400  # characters of a claim's sentence kept around its figure
NETWORK_ERRORS = frozenset({"connect_error", "timeout", "network_error", "connection_reset", "read_error"})


def _quiet(event: str, data: dict[str, Any]) -> None:
    return None


@dataclass
class Settings:
    """What a pipeline run needs to know beyond its sources; every default is `Config`'s (config.py)."""

    db_path: Path = Path(Config.db)
    archive_dir: Path = Path(Config.archive)
    fetch: FetchConfig = field(default_factory=FetchConfig)
    relevance_threshold: float = Config.relevance_threshold
    max_age_days: float = Config.max_age_days  # sitemap entries last modified longer ago than this are not fetched
    max_sitemaps: int = 50  # child sitemaps fetched per source and run
    recheck_days: float = Config.recheck_days  # articles fetched more recently than this are re-checked
    failing_runs: int = Config.failing_runs  # sources failing this many runs in a row are reported
    # Processes that extract articles while the crawl goes on fetching (0: extract in the crawl's own process).
    workers: int = field(default_factory=default_workers)
    resolver: Resolver | None = None  # host name -> addresses (tests map names to loopback); None: getaddrinfo
    max_claims: int = Config.max_claims  # claims kept per article
    max_run_minutes: float | None = Config.max_run_minutes  # the run stops as on SIGTERM after this long (None: none)

    @classmethod
    def from_config(cls, config: Config, **extra: Any) -> Settings:
        """The settings of a run configured by `config` (defaults < the [settings] file < options)."""
        return cls(db_path=Path(config.db), archive_dir=Path(config.archive), fetch=config.fetch_config(),
                   relevance_threshold=config.relevance_threshold, max_age_days=config.max_age_days,
                   recheck_days=config.recheck_days, failing_runs=config.failing_runs, workers=config.workers,
                   max_claims=config.max_claims, max_run_minutes=config.max_run_minutes, **extra)


@dataclass
class RunSummary:
    """Counts of one run, for the `runs` row and the closing summary line."""

    run_id: int  # its row in `runs`
    discovered: int = 0
    new: int = 0
    fetched: int = 0
    not_modified: int = 0
    robots: int = 0
    failed: int = 0
    failures: Counter = field(default_factory=Counter)
    failed_sources: list[str] = field(default_factory=list)
    failing_sources: list[str] = field(default_factory=list)  # failed this run and the runs before
    rechecked: int = 0
    unchanged: int = 0
    revised: int = 0
    copies: int = 0  # pages stored as a copy of an article under its rel=canonical URL (no second article)
    interrupted: bool = False
    out_of_time: bool = False  # stopped because the run's time budget (max_run_minutes) was spent
    sources: int = 0  # sources asked this run
    source_errors: Counter = field(default_factory=Counter)  # failure reason -> sources
    articles: int = 0
    claims: int = 0
    claims_dropped: int = 0  # claims beyond the per-article limit, not stored
    deals: int = 0

    def counts(self) -> dict[str, Any]:
        # The runs table's columns are fixed (db.py): sources, dropped claims and a stop for lack of time are
        # kept in its `failures` object, under keys starting with an underscore.
        extra: dict[str, Any] = {"_sources": self.sources, "_sources_failed": len(self.failed_sources)} if self.sources else {}
        if self.claims_dropped:
            extra["_claims_dropped"] = self.claims_dropped
        if self.out_of_time:
            extra["_stopped"] = "max_run_minutes"
        return {"discovered": self.discovered, "fetched": self.fetched, "not_modified": self.not_modified,
                "robots": self.robots, "failed": self.failed, "failures": {**self.failures, **extra},
                "rechecked": self.rechecked, "revised": self.revised,
                "articles": self.articles, "claims": self.claims, "deals": self.deals,
                "errors": self.failed_sources}

    @property
    def status(self) -> str:
        if self.interrupted:
            return "interrupted"
        return "partial" if self.failed_sources else "ok"

    def line(self) -> str:
        return (f"{self.discovered} links discovered, {self.rechecked} re-checked, {self.fetched} fetched, "
                f"{self.not_modified + self.unchanged} not modified, {self.revised} revised, "
                f"{self.robots} blocked by robots.txt, {self.failed} failed; "
                f"{self.articles} articles, {self.claims} claims, {self.deals} deals"
                + (f"; {self.copies} copies of stored articles (rel=canonical)" if self.copies else "")
                + (f"; {self.claims_dropped} claims over the per-article limit not stored" if self.claims_dropped
                   else "")
                + (f"; {self.sources_line()}" if self.sources else ""))

    def sources_line(self) -> str:
        """How many sources failed, with the most common reason, and a hint when none answered."""
        failed = len(self.failed_sources)
        if not failed:
            return f"{self.sources} sources answered"
        reasons = ", ".join(f"{r}" if n == failed else f"{n} {r}" for r, n in self.source_errors.most_common(3))
        line = f"{failed} of {self.sources} sources failed ({reasons})"
        if failed == self.sources and set(self.source_errors) <= NETWORK_ERRORS | {"robots_unavailable"}:
            line += ": is the network reachable?"
        return line


# -- analysis (no I/O) ------------------------------------------------------


def analyze_article(article: Article, max_claims: int = DEFAULT_MAX_CLAIMS) -> Extraction:
    """Run the claims stage on an Article and keep its relevance on it; claims bounded in number and size."""
    extraction = extract_claims(article)
    article.relevance = extraction.relevance
    article.relevance_reasons = extraction.relevance_reasons
    article.claims_dropped = bound_claims(extraction, max_claims, SENTENCE_WINDOW)
    if article.claims_dropped:
        article.relevance_reasons = [*article.relevance_reasons,
                                     f"claims over the limit of {max_claims}: {article.claims_dropped} not stored"]
    return extraction


Extracted = tuple[Article | None, Extraction | None, str | None]  # article, claims, or why there are none


def safely(make: Callable[..., Article | None], *args: Any, max_claims: int = DEFAULT_MAX_CLAIMS, **kwargs: Any) -> Extracted:
    """The one safe-extract step of crawl, reprocess and import: Article and claims, or the failure as
    `parse:<error>` (never raises, so a page the extractor cannot read never stops a run)."""
    try:
        article = make(*args, **kwargs)
        if article is None:
            return None, None, "binary"
        return article, analyze_article(article, max_claims), None
    except (Exception, RecursionError) as exc:  # MemoryError and RecursionError too: one page, not the run
        log.warning("extraction failed: %s: %s", type(exc).__name__, str(exc)[:200])
        return None, None, f"parse:{type(exc).__name__}"


def document_article(content: str | bytes, *, url: str = "", fetched_at: str | None = None,
                     published: str | None = None, title: str | None = None, outlet: str | None = None) -> Article:
    """An Article from HTML or plain text, whichever the document is."""
    if isinstance(content, bytes):
        content = content.decode("utf-8", errors="replace")
    if looks_like_html(content):
        article = extract_article(content, url, fetched_at=fetched_at, published_hint=published)
        article.title = article.title or title
        article.outlet = outlet or article.outlet
    else:
        article = article_from_text(content, url=url, title=title, published=published, outlet=outlet,
                                    fetched_at=fetched_at)
    if article.title and len(article.title) > MAX_TITLE:
        article.title = article.title[:MAX_TITLE].rstrip() + "\u2026"  # a 1 MB <title> is not a title
    if article.outlet and len(article.outlet) > MAX_TITLE:
        article.outlet = article.outlet[:MAX_TITLE]
    return article


def analyze(text_or_html: str) -> dict[str, Any]:
    """Article -> claims -> deals for one document, as the JSON contract of docs/design.md (no network, no database)."""
    if not isinstance(text_or_html, str):
        text_or_html = str(text_or_html or "")
    article = document_article(text_or_html)
    extraction = analyze_article(article)
    result = extraction_dict(extraction)
    if article.claims_dropped:
        result["figures_dropped"] = article.claims_dropped  # beyond the per-article limit
    return result


# -- storing ----------------------------------------------------------------


def store_document(db, article: Article, extraction: Extraction | None, page: dict | None,
                   threshold: float) -> int:
    """Save one article (and its page row) with its claims; irrelevant articles keep a short row and no claims."""
    relevant = extraction is not None and article.is_article and article.relevance >= threshold
    if extraction is not None and not relevant:
        short = Article(url=article.url, text="", title=article.title, canonical_url=article.canonical_url,
                        outlet=article.outlet, published=article.published, fetched_at=article.fetched_at,
                        language=article.language, is_article=article.is_article, relevance=article.relevance,
                        relevance_reasons=article.relevance_reasons)
        store.save_article(db, page, store.article_row(short, False), [])
        return 0
    if extraction is None:
        store.save_article(db, page, None, [])
        return 0
    aid = store.article_id(article.url)
    for report in extraction.reports:
        roles = {k: v for k, v in report.roles.items() if not k.startswith("_")}
        for claim in report.claims:
            claim.roles = roles
    rows = []
    for claim in extraction.claims:
        claim.id = store.claim_id(aid, claim.figure)
        rows.append(store.claim_row(claim, article))
    changed = store.save_article(db, page, store.article_row(article, extraction.is_deal), rows,
                                 changes=figure_changes)
    if changed:
        log.info("%s: %d figure(s) changed since the last version", article.url, changed)
    return len(rows)


def link(db) -> int:
    """Rebuild every deal from the stored claims; returns the number of deals."""
    claims = store.load_claims(db)
    deals, assignment = link_claims(claims, store.deal_slugs(db))
    store.save_deals(db, deals, assignment)
    return len(deals)


def prepare(db_path: Path) -> Any:
    """Open the database and load the gazetteer tables."""
    db = store.open_db(db_path)
    gazetteer = load_gazetteer()
    store.save_gazetteer(db, gazetteer.companies, gazetteer.chips)
    return db


# -- crawling ---------------------------------------------------------------


def crawl(sources: SourcesConfig, settings: Settings, *, extra_feeds: Iterable[Source] = (),
          command: str = "crawl", progress: Progress = _quiet,
          should_stop: Callable[[], bool] = lambda: False) -> RunSummary:
    """Discover, fetch, archive, extract and store new or changed articles, then link deals.

    `should_stop` is asked after every stored page: when it says yes (SIGTERM, Ctrl-C) the run
    stops there, links what it has and closes its `runs` row as interrupted.
    """
    with store.guarded(settings.db_path):
        db = prepare(settings.db_path)
        all_sources = [s for s in sources.sources if s.enabled] + list(extra_feeds)
        store.save_sources(db, all_sources)
        summary = RunSummary(run_id=store.start_run(db, command), sources=len(all_sources))
    progress("run", {"run_id": summary.run_id, "command": command, "sources": len(all_sources)})
    deadline = None if settings.max_run_minutes is None else time.monotonic() + settings.max_run_minutes * 60

    def stop() -> bool:
        """A stop request (SIGTERM, Ctrl-C) or the end of the run's time budget."""
        if deadline is not None and time.monotonic() >= deadline and not summary.out_of_time:
            summary.out_of_time = True
            log.warning("the run's time budget (max_run_minutes = %g) is spent: stopping", settings.max_run_minutes)
        return summary.out_of_time or should_stop()

    try:
        with store.guarded(settings.db_path), _extraction_pool(settings.workers) as pool:
            asyncio.run(_crawl(db, all_sources, sources.keywords, settings, summary, progress, stop, pool))
            summary.deals = link(db)
            summary.failing_sources = store.failing_sources(db, settings.failing_runs)
            store.finish_run(db, summary.run_id, summary.status, summary.counts())
    except BaseException:
        summary.interrupted = True
        try:
            with store.guarded(settings.db_path):
                store.finish_run(db, summary.run_id, "interrupted", summary.counts())
        except store.DatabaseError:
            pass  # the database cannot be written (full, read-only): the first error says so
        db.close()
        raise
    progress("done", {"summary": summary.line(), "status": summary.status, **summary.counts()})
    db.close()
    return summary


@contextmanager
def _extraction_pool(workers: int) -> Iterator[ProcessPoolExecutor | None]:
    """Worker processes for article extraction (CPU-bound), or None to extract in this process."""
    if workers <= 0 or "fork" not in multiprocessing.get_all_start_methods():
        yield None
        return
    # fork: the workers start at once with the gazetteer already loaded. Made before the event loop starts.
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_ignore_stop_signals)
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _ignore_stop_signals() -> None:
    """Workers leave Ctrl-C and SIGTERM to the crawl, and end when the crawl's process is gone (even SIGKILLed)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(0)  # orphaned: nobody will read what this worker makes

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


class _Batch:
    """Groups the crawl's SQLite writes into a few transactions (one commit, an fsync, per batch, not per page).

    Every page is stored whole inside the batch (`save_article` is a savepoint); a crash loses at most the
    batch's pages, which are not recorded and so are fetched again by the next run. An error rolls it back.
    """

    def __init__(self, db: Any, pages: int = 500, seconds: float = 1.0) -> None:
        self.db, self.pages, self.seconds = db, pages, seconds
        self.count, self.started = 0, 0.0

    def __enter__(self) -> _Batch:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.db.rollback()

    def begin(self) -> None:
        """Open the batch's transaction before a write, unless it is open."""
        if not self.db.conn.in_transaction:
            self.db.begin()
            self.count, self.started = 0, time.monotonic()

    def wrote(self) -> None:
        """Count one stored page; commit when the batch is full or old enough."""
        self.count += 1
        if self.count >= self.pages or time.monotonic() - self.started >= self.seconds:
            self.commit()

    def commit(self) -> None:
        self.db.commit()
        self.count = 0


async def _crawl(db, sources: list[Source], keywords: list[str], settings: Settings, summary: RunSummary,
                 progress: Progress, should_stop: Callable[[], bool],
                 pool: ProcessPoolExecutor | None = None) -> None:
    with _Batch(db) as batch:
        await _crawl_batched(db, batch, sources, keywords, settings, summary, progress, should_stop, pool)


async def _crawl_batched(db, batch: _Batch, sources: list[Source], keywords: list[str], settings: Settings,
                         summary: RunSummary, progress: Progress, should_stop: Callable[[], bool],
                         pool: ProcessPoolExecutor | None) -> None:
    state = store.page_state(db)
    loop = asyncio.get_running_loop()
    pending: dict[asyncio.Future, tuple[Fetched, dict]] = {}  # extraction in a worker -> what to store with it
    # Articles stored under their own URL (for `<link rel=canonical>` copies): earlier runs' pages, and this run's.
    stored = {url for url, row in state.items()
              if row.get("kind") == "article" and row.get("status") == 200 and not row.get("error")}
    links: dict[str, Link] = {}

    def keep(fetched: Fetched, page: dict, work: Callable[[], Extracted]) -> None:
        """Store one extracted page (in the batch); a page the extractor cannot read is recorded, not fatal."""
        batch.begin()
        try:
            article, extraction, error = work()
        except Exception as exc:  # the worker process itself failed (killed, out of memory)
            article, extraction, error = None, None, f"parse:{type(exc).__name__}"
        if article is None or extraction is None:
            log.warning("%s: no article (%s)", page["url"], error)
            page["error"] = error
            summary.failures[error or "parse"] += 1
            store.save_page(db, page)
        else:
            store_article(db, fetched, article, extraction, page, settings, summary, stored, links)
        batch.wrote()

    async def store_done(limit: int) -> None:
        """Store the extractions that finished, waiting while more than `limit` are running."""
        while pending and (len(pending) > limit or any(f.done() for f in pending)):
            done, _ = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for future in done:
                keep(*pending.pop(future), future.result)

    # Loopback and private addresses are fetched only on the hosts of the configured sources themselves.
    trusted = {(urlsplit(s.url).hostname or "").lower() for s in sources}
    async with Fetcher(settings.fetch, resolver=settings.resolver, trusted_hosts=trusted) as fetcher:
        for source in sources:
            if source.delay is not None:
                fetcher.set_host_delay(source.url, source.delay)
        with ArchiveWriter(settings.archive_dir) as archive:
            found, feed_rows = await _discover(fetcher, archive, sources, keywords, state, settings, summary,
                                               progress, pool)
            links.update(found)
            summary.discovered = len(links)
            if should_stop():  # asked to stop (or out of time) while reading the feeds: no article this run
                summary.interrupted = True
                return
            for row in store.recheck_pages(db, days_ago(settings.recheck_days)):
                # Recent articles are asked again (conditionally): outlets correct their figures.
                if row["url"] not in links:
                    links[row["url"]] = Link(url=row["url"], source=row.get("source") or "")
                    summary.rechecked += 1
            for url, row in state.items():
                # Articles whose last fetch failed for a passing reason are tried again.
                if url not in links and row.get("kind") == "article" and _retryable(row):
                    links[url] = Link(url=url, source=row.get("source") or "")
            summary.new = sum(1 for url in links if url not in state)
            items = [(url, *_conditional(state.get(url))) for url in links]
            progress("articles", {"total": len(items)})
            # aclosing: pending requests are cancelled before the client closes, whatever happens.
            async with aclosing(fetcher.fetch_many(items)) as results:
                async for fetched in results:
                    fetched = archive.write(fetched)
                    link_ = links[fetched.url]
                    batch.begin()
                    page = _store_fetched(db, fetched, link_, state.get(fetched.url), summary)
                    if page is None:
                        batch.wrote()
                    elif pool is None:
                        keep(fetched, page, functools.partial(extract_fetched, fetched, link_.published,
                                                              link_.title, settings.max_claims))
                    else:  # extracted in a worker while the crawl goes on; stored when it comes back
                        future = loop.run_in_executor(pool, extract_fetched, fetched, link_.published, link_.title,
                                                      settings.max_claims)
                        pending[future] = (fetched, page)
                    # Bounded: a worker has at most this many pages waiting (memory), and enough not to idle.
                    await store_done(limit=16 * settings.workers)
                    progress("article", {"url": fetched.url, "status": fetched.status, "error": fetched.error})
                    if should_stop():
                        summary.interrupted = True
                        break
            await store_done(limit=0)
            # Feeds are marked as read only now: a run stopped before this point reads them again.
            batch.begin()
            for source, row, error in ([] if summary.interrupted else feed_rows):
                store.save_page(db, row)
                store.record_source_result(db, source.name, error)
            batch.commit()
        summary.robots += fetcher.stats.robots_skipped


async def _discover(fetcher: Fetcher, archive: ArchiveWriter, sources: list[Source], keywords: list[str],
                    state: dict[str, dict], settings: Settings, summary: RunSummary, progress: Progress,
                    pool: ProcessPoolExecutor | None = None) -> tuple[dict[str, Link], list[tuple[Source, dict, str | None]]]:
    """Fetch every source (and the child sitemaps of sitemap indexes); the links found and the feeds' page rows.

    Feeds are parsed here and, while the workers have nothing to extract yet, in the worker processes too.
    """
    links: dict[str, Link] = {}
    feed_rows: list[tuple[Source, dict, str | None]] = []
    since = days_ago(settings.max_age_days)
    progress("feeds", {"total": len(sources)})
    queue = [(s, s.url) for s in sources]
    budget = {s.name: settings.max_sitemaps for s in sources}
    loop = asyncio.get_running_loop()
    parsing: set[asyncio.Future] = set()
    turn = 0

    def found(source: Source, fetched: Fetched, discovery: Discovery, error: str | None) -> None:
        """Take in what one source lists: its links, and its child sitemaps for the next round."""
        error = _source_error(source, fetched, error, summary)
        feed_rows.append((source, store.page_row(fetched, source.name, "feed", summary.run_id), error))
        for link_ in discovery.links:
            if link_.url not in links and is_relevant_link(link_, source, keywords):
                links[link_.url] = link_
        for child in discovery.children:  # a sitemap index: fetch its sitemaps too
            if budget[source.name] > 0 and child not in by_url:
                budget[source.name] -= 1
                queue.append((source, child))
        progress("feed", {"source": source.name, "links": len(discovery.links)})

    async def parsed_in_worker(source: Source, fetched: Fetched, parsed: asyncio.Future) -> None:
        found(source, fetched, *await parsed)

    while queue:
        by_url = {url: source for source, url in queue}
        batch = [(url, *_conditional(state.get(url))) for _, url in queue]
        queue = []
        async with aclosing(fetcher.fetch_many(batch)) as results:
            async for fetched in results:
                source = by_url[fetched.url]
                fetched = archive.write(fetched)
                turn += 1  # of every workers + 1 feeds, one is parsed here and the others in the workers
                if pool is not None and fetched.ok and turn % (settings.workers + 1):
                    parsed = loop.run_in_executor(pool, parse_source, source, fetched, since)  # submitted now
                    task = asyncio.ensure_future(parsed_in_worker(source, fetched, parsed))
                    parsing.add(task)
                    task.add_done_callback(parsing.discard)
                else:
                    found(source, fetched, *parse_source(source, fetched, since))
        while parsing:
            await asyncio.gather(*list(parsing))
    return links, feed_rows


def parse_source(source: Source, fetched: Fetched, since: str | None = None) -> tuple[Discovery, str | None]:
    """What a fetched feed or sitemap lists, and why it could not be read if it could not (no I/O)."""
    if not fetched.ok:
        return Discovery(), fetched.error
    try:
        return discover(source, fetched.body, fetched.final_url, since), fetched.error
    except SourcesError as exc:
        return Discovery(), f"parse:{exc}"[:200]


def _source_error(source: Source, fetched: Fetched, error: str | None, summary: RunSummary) -> str | None:
    """The reason a source failed this run (None if it did not), recorded on its fetch and in the summary."""
    if fetched.not_modified:
        error = None
    elif not fetched.ok:
        error = error or f"http_{fetched.status}"
    if error:
        summary.failed_sources.append(f"{source.name}: {error}")
        summary.source_errors[error.split(":", 1)[0]] += 1
        fetched.error = fetched.error or error
    return error


def _conditional(known: dict | None) -> tuple[str | None, str | None]:
    if not known or known.get("status") != 200:
        return None, None
    return known.get("etag"), known.get("last_modified")


def _retryable(row: dict) -> bool:
    error = row.get("error") or ""
    if not error or error == "robots" or error.startswith(("too_large", "content_type", "parse", "blocked_address")):
        return False
    status = row.get("status")
    return status is None or status == 429 or status >= 500


def _store_fetched(db, fetched: Fetched, link_: Link, known: dict | None, summary: RunSummary) -> dict | None:
    """Record an article fetch; a new or changed page is not stored but its page row returned, to extract.

    The caller stores that row with the article (`store_article`), in one transaction.
    """
    page = store.page_row(fetched, link_.source or (known or {}).get("source"), "article", summary.run_id)
    if fetched.not_modified:
        summary.not_modified += 1
        store.save_page(db, page)
        return None
    if not fetched.ok:
        if fetched.error != "robots":  # robots.txt refusals are counted from the fetcher's stats
            summary.failed += 1
            summary.failures[fetched.error or f"http_{fetched.status}"] += 1
        store.save_page(db, page)
        return None
    if known and known.get("status") == 200 and known.get("sha256") == fetched.sha256:
        summary.unchanged += 1  # the server ignored the conditional request, but the body is the same
        store.save_page(db, page)
        return None
    summary.fetched += 1
    if known and known.get("status") == 200:
        summary.revised += 1
    if media_type(fetched.content_type) in FEED_TYPES:
        store.save_page(db, page)
        return None
    return page


def store_article(db, fetched: Fetched, article: Article, extraction: Extraction, page: dict | None,
                  settings: Settings, summary: RunSummary, stored: set[str], upcoming: Container[str]) -> None:
    """Store an extracted page with its article, unless it is a copy of an article stored under its canonical URL.

    A page whose same-site `<link rel=canonical>` names another URL (an AMP or print copy, a tracking variant)
    is a copy: when that URL is stored as an article already, or is itself to be fetched in this run
    (`upcoming`), only the copy's page row is recorded. So the article is the canonical page's own, whatever
    order the pages come in, and a copy never replaces it as a "revision".
    """
    own = {canonicalize_url(fetched.url), canonicalize_url(fetched.final_url or fetched.url)}
    if article.url not in own and (article.url in stored or article.url in upcoming):
        log.info("%s: a copy of %s (rel=canonical): page recorded, no second article", fetched.url, article.url)
        if page is not None:
            store.save_page(db, page)
        summary.copies += 1
        return
    summary.claims += store_document(db, article, extraction, page, settings.relevance_threshold)
    summary.claims_dropped += article.claims_dropped
    summary.articles += 1
    stored.add(article.url)


def process_fetched(fetched: Fetched, published_hint: str | None = None,
                    title_hint: str | None = None) -> tuple[Article, Extraction]:
    """Article and claims of one fetched page (a pure function of the archived response)."""
    article = fetched_article(fetched, published_hint, title_hint)
    if article is None:
        raise ValueError("binary data, not text or HTML")
    return article, analyze_article(article)


def fetched_article(fetched: Fetched, published_hint: str | None = None, title_hint: str | None = None) -> Article | None:
    """The Article of a fetched page, or None when its body is binary data whatever its Content-Type says."""
    if looks_binary(fetched.body, fetched.encoding):
        return None
    article = document_article(fetched.text, url=fetched.url, fetched_at=fetched.fetched_at,
                               published=published_hint, title=title_hint)
    article.url = preferred_url(fetched.final_url or fetched.url, article.canonical_url)
    return article


def extract_fetched(fetched: Fetched, published_hint: str | None = None, title_hint: str | None = None,
                    max_claims: int = DEFAULT_MAX_CLAIMS) -> Extracted:
    """`safely` on a fetched page: Article and claims, or `binary` / `parse:<error>` (never raises)."""
    return safely(fetched_article, fetched, published_hint, title_hint, max_claims=max_claims)


def preferred_url(url: str, canonical: str | None) -> str:
    """The URL an article is stored under: its `<link rel=canonical>` when that names a story on the same site.

    So an AMP copy, a tracking variant and the article itself are one article. A canonical that
    points to another site or to a home page is not trusted.
    """
    url = canonicalize_url(url)
    if not canonical:
        return url
    target = canonicalize_url(canonical, url)
    here, there = urlsplit(url), urlsplit(target)
    same_site = there.scheme in ("http", "https") and _site(there.hostname) == _site(here.hostname)
    return target if same_site and there.path.strip("/") else url


def _site(host: str | None) -> str:
    """A host without its www., m. or amp. prefix."""
    host = (host or "").lower()
    for prefix in ("www.", "m.", "amp."):
        host = host.removeprefix(prefix)
    return host


# -- rebuilding -------------------------------------------------------------


def reprocess(settings: Settings, progress: Progress = _quiet) -> RunSummary:
    """Rebuild articles, claims and deals from the WARC archive alone, offline."""
    return _offline_run(settings, "reprocess", lambda db, summary: _reprocess(db, settings, summary, progress))


def _offline_run(settings: Settings, command: str, work: Callable[[Any, RunSummary], None]) -> RunSummary:
    """A run with no network (reprocess, import): its `runs` row, the work, then linking deals."""
    db = prepare(settings.db_path)
    summary = RunSummary(run_id=store.start_run(db, command))
    try:
        work(db, summary)
        summary.deals = link(db)
    except BaseException:
        _end_run(db, summary, "interrupted")
        raise
    store.finish_run(db, summary.run_id, "partial" if summary.failed else "ok", summary.counts())
    db.close()
    return summary


def _end_run(db: Any, summary: RunSummary, status: str) -> None:
    """Close the run's row after a failure, if the database can still be written."""
    try:
        if db.conn.in_transaction:
            db.rollback()
        store.finish_run(db, summary.run_id, status, summary.counts())
    except Exception:
        pass  # the database cannot be written (full, read-only): the first error says so
    db.close()


def _reprocess(db: Any, settings: Settings, summary: RunSummary, progress: Progress) -> None:
    records = list(iter_archive(settings.archive_dir))
    hints: dict[str, Link] = {}
    for fetched in records:
        if fetched.status == 200 and media_type(fetched.content_type) in FEED_TYPES:
            source = Source(name="", url=fetched.url, kind=SourceKind.FEED)
            try:
                for link_ in discover(source, fetched.body, fetched.final_url).links:
                    hints[link_.url] = link_
            except (SourcesError, RecursionError):
                pass
    latest: dict[str, Fetched] = {}
    for fetched in records:
        if fetched.status == 200 and media_type(fetched.content_type) not in FEED_TYPES:
            latest[fetched.url] = fetched
    progress("articles", {"total": len(latest)})
    stored: set[str] = set()
    with _Batch(db) as batch:
        for url, fetched in sorted(latest.items()):
            hint = hints.get(url)
            article, extraction, error = extract_fetched(fetched, hint.published if hint else None,
                                                         hint.title if hint else None, settings.max_claims)
            if article is None or extraction is None:
                summary.failed += 1
                summary.failures[f"{url}: {error}"[:200]] += 1
            else:
                batch.begin()
                store_article(db, fetched, article, extraction, None, settings, summary, stored, latest)
                batch.wrote()
            progress("article", {"url": url})
    summary.fetched = len(latest)


def import_documents(lines: Iterable[str | bytes], settings: Settings, progress: Progress = _quiet) -> RunSummary:
    """Run documents from elsewhere (JSON lines: url, html or text, title, published, outlet) through the pipeline.

    A bad line is named (line number and reason) in `summary.failures` and skipped; the others are kept. The
    totals are what was stored: a URL given twice is one article, with the claims of its last line.
    """
    def work(db: Any, summary: RunSummary) -> None:
        with _Batch(db) as batch:
            _import(db, batch, lines, settings, summary, progress)

    return _offline_run(settings, "import", work)


IMPORT_FIELDS = ("url", "html", "text", "title", "published", "published_hint", "outlet")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


def import_document(line: str | bytes, number: int) -> dict[str, Any]:
    """One validated JSON-lines document; ValueError names what is wrong with the line."""
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(f"not UTF-8 (byte {exc.start + 1})") from None
    try:
        doc = json.loads(line)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    except ValueError as exc:
        raise ValueError(f"invalid JSON ({str(exc)[:80]})") from None
    if not isinstance(doc, dict):
        raise ValueError(f"not a JSON object but {type(doc).__name__}")
    for key in IMPORT_FIELDS:
        value = doc.get(key)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"'{key}' must be a string, not {type(value).__name__}")
    content = doc.get("html") or doc.get("text")
    if not content or not content.strip():
        raise ValueError("needs 'html' or 'text'")
    url = doc.get("url")
    if url is not None and not _SCHEME.match(url.strip()):
        raise ValueError(f"'url' must be a URL with a scheme, not {url[:60]!r}")
    published = doc.get("published") or doc.get("published_hint")
    if published is not None and to_utc_iso(published) is None:
        raise ValueError(f"'published' must be a date, not {published[:40]!r}")
    return {"url": (url or "").strip() or f"import:{number}", "content": content, "title": doc.get("title"),
            "published": published, "outlet": doc.get("outlet")}


def _import(db, batch: _Batch, lines: Iterable[str | bytes], settings: Settings, summary: RunSummary,
            progress: Progress) -> None:
    claims: dict[str, int] = {}  # article URL -> claims stored for it (the last line of a URL wins)
    dropped: dict[str, int] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            doc = import_document(line, number)
        except ValueError as exc:
            summary.failed += 1
            summary.failures[f"line {number}: {exc}"[:160]] += 1
            continue
        article, extraction, error = safely(document_article, doc["content"], url=doc["url"], fetched_at=utc_now(),
                                            published=doc["published"], title=doc["title"], outlet=doc["outlet"],
                                            max_claims=settings.max_claims)
        if article is None or extraction is None:
            summary.failed += 1
            summary.failures[f"line {number}: {error}"[:160]] += 1
            continue
        batch.begin()
        claims[article.url] = store_document(db, article, extraction, None, settings.relevance_threshold)
        dropped[article.url] = article.claims_dropped
        batch.wrote()
        progress("article", {"url": doc["url"]})
    summary.articles = len(claims)
    summary.claims = sum(claims.values())
    summary.claims_dropped = sum(dropped.values())


def relink(settings: Settings) -> int:
    """Rebuild deals from the claims in the database (`scraper link`)."""
    db = store.open_db(settings.db_path)
    count = link(db)
    db.close()
    return count


def unknown_organisations(settings: Settings) -> list[tuple[str, int]]:
    """Organisations named in stored articles that the gazetteer does not know, most frequent first."""
    from collections import Counter

    from .gazetteer import find_unknown_organisations

    db = store.open_db(settings.db_path)
    gazetteer = load_gazetteer()
    counts: Counter[str] = Counter()
    for text in store.article_texts(db):
        known = gazetteer.find_companies(text) + gazetteer.find_chips(text)
        for name in {m.name for m in find_unknown_organisations(text, known)}:
            counts[name] += 1
    db.close()
    return counts.most_common()
