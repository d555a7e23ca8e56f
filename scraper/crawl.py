"""The crawl stage, for `run`, `crawl` and `demo`: discover, fetch, archive, then extract and store each new or
changed page (in worker processes while the fetching goes on), and link deals (pipeline.py holds the steps).

    sources -> fetch -> archive -> pipeline (article -> claims -> db) ... then deals (link) -> db
"""

from __future__ import annotations

import asyncio
import functools
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import aclosing, contextmanager
from urllib.parse import urlsplit

from . import db as store
from .archive import ArchiveWriter
from .dates import days_ago
from .encoding import media_type
from .fetch import Fetcher
from .models import Fetched, Link, Source
from .pipeline import (
    FEED_TYPES,
    Batch,
    Extracted,
    Progress,
    RunSummary,
    Settings,
    _quiet,
    extract_fetched,
    link,
    prepare,
    store_article,
)
from .sources import Discovery, SourcesConfig, SourcesError, discover, is_relevant_link

log = logging.getLogger(__name__)


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


async def _crawl(db, sources: list[Source], keywords: list[str], settings: Settings, summary: RunSummary,
                 progress: Progress, should_stop: Callable[[], bool],
                 pool: ProcessPoolExecutor | None = None) -> None:
    with Batch(db) as batch:
        await _crawl_batched(db, batch, sources, keywords, settings, summary, progress, should_stop, pool)


async def _crawl_batched(db, batch: Batch, sources: list[Source], keywords: list[str], settings: Settings,
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

