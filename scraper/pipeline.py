"""The one place that knows the order of the stages after fetching, for `reprocess`, `import`, `link` and the crawl.

    (crawl.py: sources -> fetch -> archive ->) article -> claims -> db ... then deals (link) -> db

The crawl itself (`run`, `crawl`, `demo`: discovery, fetching, the extraction processes) is in crawl.py,
which calls the steps here; this module never imports it.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import db as store
from .archive import iter_archive
from .article import article_from_text, extract_article, looks_like_html
from .claims import Extraction, bound_claims, extract_claims
from .config import Config, default_workers
from .dates import to_utc_iso, utc_now
from .deals import link_claims
from .encoding import looks_binary, media_type
from .fetch import FetchConfig, Resolver
from .gazetteer import load_gazetteer
from .models import Article, Fetched, Link, Source, SourceKind
from .output import extraction_dict
from .revisions import figure_changes
from .sources import SourcesError, canonicalize_url, discover

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


class Batch:
    """Groups a run's SQLite writes into a few transactions (one commit, an fsync, per batch, not per page).

    Used by the crawl (crawl.py), `reprocess` and `import`.

    Every page is stored whole inside the batch (`save_article` is a savepoint); a crash loses at most the
    batch's pages, which are not recorded and so are fetched again by the next run. An error rolls it back.
    """

    def __init__(self, db: Any, pages: int = 500, seconds: float = 1.0) -> None:
        self.db, self.pages, self.seconds = db, pages, seconds
        self.count, self.started = 0, 0.0

    def __enter__(self) -> Batch:
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


# -- fetched pages (crawl and reprocess) ----------------------------------


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
    with Batch(db) as batch:
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
        with Batch(db) as batch:
            _import(db, batch, lines, settings, summary, progress)

    return _offline_run(settings, "import", work)


IMPORT_FIELDS = ("url", "html", "text", "title", "published", "published_hint", "outlet")
_SCHEME = re.compile(r"^https?://\S+$", re.I)  # an article's address: pages link to it


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
        raise ValueError(f"'url' must be an http or https URL, not {url[:60]!r}")
    published = doc.get("published") or doc.get("published_hint")
    if published is not None and to_utc_iso(published) is None:
        raise ValueError(f"'published' must be a date, not {published[:40]!r}")
    return {"url": (url or "").strip() or f"import:{number}", "content": content, "title": doc.get("title"),
            "published": published, "outlet": doc.get("outlet")}


def _import(db, batch: Batch, lines: Iterable[str | bytes], settings: Settings, summary: RunSummary,
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
