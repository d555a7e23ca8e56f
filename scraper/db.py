"""SQLite storage (the only module that talks to SQLite): idempotent schema, upserts, FTS, views."""

from __future__ import annotations

import hashlib
import json
import math
import re
import sqlite3
import statistics
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from .dates import utc_now
from .errors import DatabaseError
from .models import Article, Claim, Deal, Fetched, Figure, Source, comparable_unit

SCHEMA_VERSION = 1


@contextmanager
def guarded(path: str | Path) -> Iterator[None]:
    """Turn SQLite failures (full disk, read-only file, corruption) into a DatabaseError naming the file."""
    try:
        yield
    except sqlite3.Error as exc:
        hint = ""
        if "disk i/o" in str(exc).lower() or "full" in str(exc).lower():
            hint = " (is the disk full?)"
        raise DatabaseError(f"{path}: {exc}{hint}") from None


def article_id(url: str) -> str:
    """A stable short id for an article, from its URL."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def claim_id(article: str, figure: Figure) -> str:
    """A stable id for a claim: its article and where the figure stands in the text."""
    return hashlib.sha1(f"{article}:{figure.kind}:{figure.start}:{figure.end}".encode()).hexdigest()[:16]


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the database and make sure its schema is current."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite_utils.Database(path)
        db.execute("PRAGMA busy_timeout = 10000")
        if db.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.enable_wal()
        ensure_schema(db)
    except (sqlite3.DatabaseError, OSError) as exc:
        raise DatabaseError(f"{path}: {exc}") from None
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create missing tables, columns, indexes, full-text search and views; safe to run every time."""
    tables: dict[str, tuple[dict[str, Any], str]] = {
        "sources": ({"name": str, "url": str, "kind": str, "selector": str, "topical": int, "enabled": int,
                     "last_success": str, "last_failure": str, "last_error": str, "consecutive_failures": int}, "name"),
        "pages": ({"url": str, "final_url": str, "source": str, "kind": str, "status": int, "error": str,
                   "content_type": str, "encoding": str, "etag": str, "last_modified": str, "sha256": str,
                   "warc_file": str, "warc_offset": int, "fetched_at": str, "checked_at": str, "run_id": int}, "url"),
        "runs": ({"id": int, "command": str, "started": str, "finished": str, "status": str, "discovered": int,
                  "fetched": int, "not_modified": int, "robots": int, "failed": int, "failures": str,
                  "articles": int, "claims": int, "deals": int, "errors": str, "rechecked": int,
                  "revised": int}, "id"),
        "articles": ({"id": str, "url": str, "canonical_url": str, "outlet": str, "title": str, "author": str,
                      "published": str, "modified": str, "fetched_at": str, "language": str, "text": str,
                      "is_article": int, "truncated": int, "is_deal": int, "relevance": float,
                      "relevance_reasons": str, "extractor_version": str}, "id"),
        "companies": ({"name": str, "aliases": str, "ticker": str, "kind": str, "country": str}, "name"),
        "chips": ({"name": str, "vendor": str, "family": str, "kind": str, "aliases": str}, "name"),
        "deals": ({"id": str, "slug": str, "title": str, "parties": str, "chips": str, "first_reported": str,
                   "last_reported": str, "outlets": int, "outlet_names": str, "claims": int, "usd": float,
                   "usd_low": float, "usd_high": float, "disputed": int, "dispute_reason": str,
                   "roles": str, "expands": str, "summary": str}, "id"),
        "claims": ({"id": str, "article_id": str, "deal_id": str, "report": int, "kind": str, "value": float,
                    "low": float, "high": float, "unit": str, "currency": str, "usd": float, "qualifier": str,
                    "role": str, "text": str, "sentence": str, "start": int, "end": int, "companies": str,
                    "chips": str, "parties": str, "roles": str, "in_passing": int, "outlet": str, "published": str,
                    "extractor_version": str}, "id"),
        "article_versions": ({"id": str, "article_id": str, "version": int, "url": str, "title": str,
                              "text": str, "published": str, "modified": str, "fetched_at": str,
                              "replaced_at": str, "extractor_version": str}, "id"),
        # Why each report is in its deal (deals.py): one row per report, in the order the deal took them.
        "deal_evidence": ({"id": str, "deal_id": str, "position": int, "article_url": str, "report": int,
                           "outlet": str, "published": str, "step": str, "compared_with": int,
                           "probability": float, "features": str, "contributions": str}, "id"),
        "claim_changes": ({"id": str, "deal_id": str, "article_id": str, "outlet": str, "url": str,
                           "field": str, "before_text": str, "after_text": str, "before_value": float,
                           "after_value": float, "unit": str, "changed_at": str}, "id"),
        # One row per WARC file read by `scraper backfill`: done files are skipped by the next run.
        "warc_files": ({"location": str, "name": str, "size": int, "etag": str, "sha256": str, "status": str,
                        "error": str, "records": int, "html": int, "candidates": int, "relevant": int,
                        "articles": int, "claims": int, "duplicates": int, "bad": int, "bad_reasons": str,
                        "seconds": float, "started": str, "finished": str, "run_id": int}, "location"),
    }
    foreign_keys = {"claims": [("article_id", "articles", "id"), ("deal_id", "deals", "id")],
                    "chips": [("vendor", "companies", "name")]}
    for name, (columns, pk) in tables.items():
        table = db.table(name)
        if not table.exists():
            table.create(columns, pk=pk, foreign_keys=foreign_keys.get(name))
        else:
            missing = {c: t for c, t in columns.items() if c not in table.columns_dict}
            for column, kind in missing.items():
                table.add_column(column, kind)
    _ensure_link_tables(db)
    _ensure_site_tables(db)
    for name, indexes in INDEXES.items():
        for index in indexes:
            db.table(name).create_index(index, if_not_exists=True)
    if not db.table("articles").detect_fts():
        db.table("articles").enable_fts(["title", "text"], create_triggers=True)
    if not db.table("claims").detect_fts():
        db.table("claims").enable_fts(["sentence", "text"], create_triggers=True)
    _ensure_views(db)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


# Every default sort, facet and lookup of the site (metadata.yml) has an index: a table page, a facet or a
# canned query over a million claims then reads an index instead of scanning the table.
INDEXES: dict[str, list[list[str]]] = {
    "pages": [["source"], ["status"], ["kind"], ["checked_at"]],
    "articles": [["outlet"], ["published"], ["is_deal"], ["language"]],
    "claims": [["article_id"], ["deal_id"], ["kind"], ["role"], ["outlet"], ["qualifier"], ["unit"], ["published"],
               ["deal_id", "published", "outlet"]],
    # (id, usd) and the link tables' (name, deal_id) cover the per-company and per-vendor sums of the charts.
    "deals": [["first_reported"], ["last_reported"], ["disputed"], ["disputed", "last_reported"], ["usd"],
              ["slug"], ["id", "usd"]],
    "deal_parties": [["company", "deal_id"], ["role"]],
    "deal_evidence": [["deal_id", "position"], ["position"]],
    "deal_chips": [["chip", "deal_id"], ["vendor", "deal_id"]],
    "article_versions": [["article_id"], ["replaced_at"]],
    "claim_changes": [["deal_id"], ["article_id"], ["changed_at"], ["outlet"], ["field"]],
    "sources": [["kind"]],
    "warc_files": [["status"], ["finished"]],
    "chips": [["vendor"], ["family"], ["kind"]],
    "companies": [["kind"], ["country"]],
}

# One row per party and per chip of each deal, rebuilt with the deals: facets and canned queries by
# company, chip or vendor read an index here instead of the JSON arrays of every deal. Names compare
# without regard to case (`company = 'amazon'` finds Amazon), as the canned queries always did.
# (deal_id, ...) is the primary key, so the link tables are also indexed by deal.
LINK_TABLES = {
    "deal_parties": """
create table if not exists deal_parties (
  deal_id text not null references deals(id),
  company text not null collate nocase references companies(name),
  role text,
  primary key (deal_id, company)
)""",
    "deal_chips": """
create table if not exists deal_chips (
  deal_id text not null references deals(id),
  chip text not null collate nocase references chips(name),
  vendor text collate nocase references companies(name),
  primary key (deal_id, chip)
)""",
}

# The link rows of every deal, derived from the deals' own columns (parties, chips, roles) and the
# chips gazetteer (vendor), so that they can never say something the deals row does not.
_FILL_LINKS = [
    """
insert or ignore into deal_parties (deal_id, company, role)
select deals.id, party.value,
  (select role.value from json_each(case when json_valid(deals.roles) then deals.roles end) as role
   where role.key = party.value and role.type = 'text')
from deals
join json_each(case when json_valid(deals.parties) then deals.parties end) as party
where party.type = 'text' and party.value != ''""",
    """
insert or ignore into deal_chips (deal_id, chip, vendor)
select deals.id, chip.value, (select chips.vendor from chips where chips.name = chip.value)
from deals
join json_each(case when json_valid(deals.chips) then deals.chips end) as chip
where chip.type = 'text' and chip.value != ''""",
]


def _ensure_link_tables(db: sqlite_utils.Database) -> None:
    """Create the deal_parties and deal_chips link tables; a database that had deals before gets them filled."""
    created = [name for name in LINK_TABLES if not db.table(name).exists()]
    for name in created:
        db.execute(LINK_TABLES[name])
    if created and db.execute("select exists (select 1 from deals)").fetchone()[0]:
        with db.atomic():
            _refill_links(db)


def _refill_links(db: sqlite_utils.Database) -> None:
    """Delete and rebuild the link rows of every deal from the deals table; call inside a transaction."""
    for name in LINK_TABLES:
        db.execute(f"delete from [{name}]")
    for sql in _FILL_LINKS:
        db.execute(sql)


VIEWS = {
    "source_health": """
select
  sources.name,
  sources.kind,
  sources.url,
  sources.enabled,
  sources.last_success,
  sources.last_failure,
  sources.last_error,
  sources.consecutive_failures,
  (select count(*) from pages where pages.source = sources.name and pages.kind = 'article' and pages.status = 200
     and pages.fetched_at >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-7 days')) as articles_7d,
  (select count(*) from pages where pages.source = sources.name and pages.kind = 'article' and pages.status = 200
     and pages.fetched_at >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-30 days')) as articles_30d
from sources
order by sources.consecutive_failures desc, sources.name""",
    "disputed_deals": """
select id, slug, title, parties, chips, first_reported, last_reported, outlets, claims, usd_low, usd_high,
  dispute_reason
from deals where disputed = 1
order by last_reported desc""",
    # When each outlet first stated each figure of each deal: deal_claims, which `scraper link` precomputes (a
    # group-by over every claim here took 3 s at a million claims), in the order of its (deal_id, published,
    # outlet) index. The site's /deals/deal_timeline page is the canned query of that name, 100 rows a page.
    "deal_timeline": """
select deal_id, deal, field, said, outlet, published as first_seen, unit, qualifiers, article_id, article_url
from deal_claims
order by deal_id, published, outlet""",
}


def _ensure_views(db: sqlite_utils.Database) -> None:
    for name, sql in VIEWS.items():
        existing = db.execute("select sql from sqlite_master where type = 'view' and name = ?", [name]).fetchone()
        if existing and existing[0].strip().endswith(sql.strip()):
            continue
        db.execute(f"drop view if exists [{name}]")
        db.execute(f"create view [{name}] as {sql}")


def save_sources(db: sqlite_utils.Database, sources: Iterable[Source]) -> None:
    """Record the configured sources (keeping their health columns)."""
    with db.atomic():
        for source in sources:
            db.table("sources").upsert(
                {"name": source.name, "url": source.url, "kind": source.kind, "selector": source.selector,
                 "topical": int(source.topical), "enabled": int(source.enabled)},
                pk="name",
            )


def record_source_result(db: sqlite_utils.Database, name: str, error: str | None) -> None:
    """Update a source's health after its feed was fetched."""
    row = next(db.query("select consecutive_failures from sources where name = ?", [name]), None)
    failures = (row or {}).get("consecutive_failures") or 0
    now = utc_now()
    if error is None:
        update = {"last_success": now, "consecutive_failures": 0}
    else:
        update = {"last_failure": now, "last_error": error, "consecutive_failures": failures + 1}
    db.table("sources").upsert({"name": name, **update}, pk="name")


def save_gazetteer(db: sqlite_utils.Database, companies: Iterable[Any], chips: Iterable[Any]) -> None:
    """Store the gazetteer so Datasette can facet and link on companies and chips."""
    with db.atomic():
        db.table("companies").upsert_all(
            ({"name": c.name, "aliases": json.dumps(list(c.aliases)), "ticker": c.ticker or None, "kind": c.kind,
              "country": c.country} for c in companies), pk="name")
        db.table("chips").upsert_all(
            ({"name": c.name, "vendor": c.vendor or None, "family": c.family, "kind": c.kind,
              "aliases": json.dumps(list(c.aliases))} for c in chips), pk="name")


def page_state(db: sqlite_utils.Database) -> dict[str, dict]:
    """What is known of every fetched URL: status, ETag and Last-Modified for conditional requests."""
    return {
        row["url"]: row
        for row in db.query("select url, final_url, kind, source, status, error, etag, last_modified, sha256 from pages")
    }


def page_row(fetched: Fetched, source: str | None, kind: str, run_id: int | None) -> dict[str, Any]:
    """A `pages` row for one fetch."""
    return {
        "url": fetched.url, "final_url": fetched.final_url, "source": source, "kind": kind,
        "status": fetched.status, "error": fetched.error, "content_type": fetched.content_type,
        "encoding": fetched.encoding, "etag": fetched.etag, "last_modified": fetched.last_modified,
        "sha256": fetched.sha256, "warc_file": fetched.warc_file, "warc_offset": fetched.warc_offset,
        "fetched_at": fetched.fetched_at, "checked_at": fetched.fetched_at, "run_id": run_id,
    }


def save_page(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    """Record a fetch; a 304 or a failure keeps what the last good fetch stored."""
    existing = next(db.query("select * from pages where url = ?", [row["url"]]), None)
    if existing and (row["status"] == 304 or (row["error"] and existing.get("status") == 200)):
        update = {"checked_at": row["checked_at"], "run_id": row["run_id"]}
        if row["error"]:
            update["error"] = row["error"]
        db.table("pages").update(row["url"], update)
        return
    db.table("pages").upsert(row, pk="url")


def article_row(article: Article, is_deal: bool) -> dict[str, Any]:
    """An `articles` row."""
    return {
        "id": article_id(article.url), "url": article.url, "canonical_url": article.canonical_url,
        "outlet": article.outlet, "title": article.title, "author": article.author,
        "published": article.published, "modified": article.modified, "fetched_at": article.fetched_at,
        "language": article.language, "text": article.text, "is_article": int(article.is_article),
        "truncated": int(article.truncated), "is_deal": int(is_deal), "relevance": article.relevance,
        "relevance_reasons": json.dumps(article.relevance_reasons),
        "extractor_version": article.extractor_version,
    }


def claim_row(claim: Claim, article: Article) -> dict[str, Any]:
    """A `claims` row."""
    fig = claim.figure
    aid = article_id(article.url)
    return {
        "id": claim.id or claim_id(aid, fig), "article_id": aid, "deal_id": None, "report": claim.report,
        "kind": fig.kind, "value": fig.value, "low": fig.low, "high": fig.high, "unit": fig.unit,
        "currency": fig.currency, "usd": fig.usd, "qualifier": fig.qualifier, "role": claim.role,
        "text": fig.text, "sentence": claim.sentence, "start": fig.start, "end": fig.end,
        "companies": json.dumps(claim.companies), "chips": json.dumps(claim.chips),
        "parties": json.dumps(claim.parties), "roles": json.dumps(claim.roles, sort_keys=True),
        "in_passing": int(claim.in_passing), "outlet": article.outlet, "published": article.published,
        "extractor_version": article.extractor_version,
    }


def save_article(db: sqlite_utils.Database, page: dict[str, Any] | None, article: dict[str, Any] | None,
                 claims: list[dict[str, Any]], changes: Callable[..., list[dict[str, Any]]] | None = None) -> int:
    """Store one page's fetch, article and claims in one transaction (all or nothing).

    When the article was stored before with another text, the old text is kept in
    `article_versions` and `changes(old_claims, new_claims, ...)` gives the `claim_changes` rows.
    Returns the number of changed figures recorded.
    """
    recorded = 0
    with db.atomic():
        if page is not None:
            save_page(db, page)
        if article is None:
            return 0
        previous_rows = list(db.query("select * from claims where article_id = ?", [article["id"]]))
        previous = {r["id"]: r["deal_id"] for r in previous_rows}
        old = next(db.query("select * from articles where id = ?", [article["id"]]), None)
        if old is not None and old["text"] and article["text"] and old["text"] != article["text"]:
            version = 1 + (db.execute("select count(*) from article_versions where article_id = ?",
                                      [article["id"]]).fetchone()[0])
            db.table("article_versions").insert({
                "id": f"{article['id']}:{version}", "article_id": article["id"], "version": version,
                "url": old["url"], "title": old["title"], "text": old["text"], "published": old["published"],
                "modified": old["modified"], "fetched_at": old["fetched_at"], "replaced_at": article["fetched_at"],
                "extractor_version": old["extractor_version"],
            }, pk="id", replace=True)
            if changes is not None:
                # The deal a figure belonged to stays known on its change row.
                rows = changes(previous_rows, claims, article_id=article["id"], outlet=article["outlet"],
                               url=article["url"], changed_at=article["fetched_at"] or utc_now())
                if rows:
                    db.table("claim_changes").insert_all(rows, pk="id", replace=True)
                recorded = len(rows)
        db.execute("delete from claims where article_id = ?", [article["id"]])
        db.table("articles").upsert(article, pk="id")
        for row in claims:
            row["deal_id"] = previous.get(row["id"])
        if claims:
            db.table("claims").insert_all(claims, pk="id", replace=True)
    return recorded


def warc_file_states(db: sqlite_utils.Database) -> dict[str, dict[str, Any]]:
    """Every WARC file backfill has met, by location: status (done or failed), size, ETag, sha256, counts."""
    return {row["location"]: row for row in db.query("select * from warc_files")}


def save_warc_file(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    """Record a WARC file's outcome (inside the caller's transaction, with the rows it produced)."""
    db.table("warc_files").upsert(row, pk="location")


def article_fetched_at(db: sqlite_utils.Database, url: str) -> str | None:
    """When the stored article of this URL was fetched (None when there is none)."""
    row = db.execute("select fetched_at from articles where id = ?", [article_id(url)]).fetchone()
    return row[0] if row else None


def recheck_pages(db: sqlite_utils.Database, since: str) -> list[dict[str, Any]]:
    """Article pages fetched since `since` (UTC ISO 8601): re-checked for corrections with conditional requests."""
    return list(db.query(
        "select url, source, etag, last_modified, sha256, status from pages"
        " where kind = 'article' and status = 200 and error is null and fetched_at >= ?", [since]))


def load_claims(db: sqlite_utils.Database) -> list[Claim]:
    """Every stored claim that belongs to a deal report, and every valuation, as dataclasses for deals.py."""
    decoded: dict[str, Any] = {}

    def parse(text: str | None, empty: str) -> Any:
        # The same party and chip lists repeat across thousands of claims: decode each once.
        text = text or empty
        if text not in decoded:
            decoded[text] = json.loads(text)
        return decoded[text]

    out = []
    for row in db.query(
        "select claims.*, articles.url as article_url from claims join articles on articles.id = claims.article_id"
        # (and the valuations a text states beside a round: grouping weighs them)
        " where claims.report is not null or claims.role = 'valuation' order by claims.id"
    ):
        figure = Figure(kind=row["kind"], unit=row["unit"], text=row["text"], start=row["start"], end=row["end"],
                        value=row["value"], low=row["low"], high=row["high"], qualifier=row["qualifier"],
                        currency=row["currency"], usd=row["usd"])
        out.append(Claim(
            figure=figure, role=row["role"], sentence=row["sentence"], companies=parse(row["companies"], "[]"),
            chips=parse(row["chips"], "[]"), report=row["report"], parties=parse(row["parties"], "[]"),
            id=row["id"], deal_id=row["deal_id"], in_passing=bool(row["in_passing"]),
            roles=parse(row["roles"], "{}"), article_url=row["article_url"], outlet=row["outlet"],
            published=row["published"],
        ))
    return out


def deal_slugs(db: sqlite_utils.Database) -> dict[str, str]:
    """The slug of every stored deal, so a rebuild keeps them."""
    return {row["id"]: row["slug"] for row in db.query("select id, slug from deals")}


def save_deals(db: sqlite_utils.Database, deals: list[Deal], assignment: dict[str, str]) -> None:
    """Replace the deals table (and its link tables) with freshly linked deals and point every claim at its deal."""
    rows = []
    for deal in deals:
        value = deal.summary.get("value", {})
        rows.append({
            "id": deal.id, "slug": deal.slug, "title": deal.title, "parties": json.dumps(deal.parties),
            "chips": json.dumps(deal.chips), "first_reported": deal.first_reported,
            "last_reported": deal.last_reported, "outlets": len(deal.outlets),
            "outlet_names": json.dumps(deal.outlets), "claims": len(deal.claim_ids),
            "usd": value.get("consensus"), "usd_low": deal.usd_low, "usd_high": deal.usd_high,
            "disputed": int(deal.disputed), "dispute_reason": "; ".join(deal.dispute_reasons) or None,
            "roles": json.dumps(deal.summary.get("roles") or {}, sort_keys=True),
            "expands": deal.summary.get("expands"),
            "summary": json.dumps(deal.summary, sort_keys=True),
        })
    current = dict(db.execute("select id, deal_id from claims where deal_id is not null").fetchall())
    changed = [(deal_id, cid) for cid, deal_id in assignment.items() if current.get(cid) != deal_id]
    orphaned = [(cid,) for cid in current if cid not in assignment]
    with db.atomic():
        db.execute("delete from deals")
        if rows:
            db.table("deals").insert_all(rows, pk="id")
        # The link tables follow the deals in the same transaction (every deal was replaced, so all of them).
        _refill_links(db)
        # Only the claims whose deal changed are written: a rebuild that changes nothing writes no claim.
        db.execute("create temp table if not exists _assign (id text primary key, deal_id text)")
        db.execute("delete from _assign")
        db.conn.executemany("insert into _assign (deal_id, id) values (?, ?)", changed)
        db.conn.executemany("insert into _assign (deal_id, id) values (null, ?)", orphaned)
        db.execute("update claims set deal_id = _assign.deal_id from _assign where _assign.id = claims.id")
        db.execute("delete from _assign")
        db.execute("delete from deal_evidence")
        # Plain executemany: a row per report (25,000 at 100,000 claims) through insert_all costs seconds.
        db.conn.executemany(
            "insert into deal_evidence (id, deal_id, position, article_url, report, outlet, published, step,"
            " compared_with, probability, features, contributions) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((f"{deal.id}#{n}", deal.id, n, e["article_url"], e["report"], e["outlet"], e["published"], e["step"],
              e["compared_with"], e["probability"], json.dumps(e["features"], sort_keys=True),
              json.dumps(e["contributions"], sort_keys=True))
             for deal in deals for n, e in enumerate(deal.evidence)))
        save_site_tables(db)


def deal_evidence(db: sqlite_utils.Database, deal: str) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """A deal (by id or slug) and why its reports are one deal, in the order it took them."""
    row = next(db.query("select id, slug, title from deals where id = ? or slug = ?", [deal, deal]), None)
    if row is None:
        return None, []
    rows = list(db.query("select * from deal_evidence where deal_id = ? order by position", [row["id"]]))
    for item in rows:
        item["features"] = json.loads(item["features"] or "{}")
        item["contributions"] = json.loads(item["contributions"] or "{}")
    return row, rows


def failing_sources(db: sqlite_utils.Database, runs: int) -> list[str]:
    """Sources that failed this many runs in a row, with their last error."""
    return [f"{r['name']}: {r['consecutive_failures']} runs, last: {r['last_error']}" for r in db.query(
        "select name, consecutive_failures, last_error from sources where consecutive_failures >= ? order by name",
        [runs])]


def start_run(db: sqlite_utils.Database, command: str) -> int:
    """Open a `runs` row and return its id."""
    table = db.table("runs")
    table.insert({"command": command, "started": utc_now(), "status": "running"})
    run_id = table.last_pk
    assert isinstance(run_id, int)
    return run_id


def finish_run(db: sqlite_utils.Database, run_id: int, status: str, counts: dict[str, Any]) -> None:
    """Close a `runs` row with its counts."""
    update = {"finished": utc_now(), "status": status}
    for key, value in counts.items():
        update[key] = json.dumps(value) if isinstance(value, (dict, list)) else value
    db.table("runs").update(run_id, update)


def check(db: sqlite_utils.Database) -> list[str]:
    """Integrity problems of the database (empty when it is sound); rebuilds the full-text indexes."""
    problems = [row[0] for row in db.execute("PRAGMA integrity_check").fetchall() if row[0] != "ok"]
    # Claims may point at a deal until the next `link`; deals may name a company or chip the gazetteer lacks.
    problems += [f"foreign key: {row}" for row in db.execute("PRAGMA foreign_key_check").fetchall()
                 if row[0] != "claims" and not (row[0] in LINK_TABLES and row[2] in ("companies", "chips"))]
    for table in ("articles", "claims"):
        if db.table(table).detect_fts():
            db.table(table).rebuild_fts()
    return problems


def vacuum(db: sqlite_utils.Database) -> None:
    """Optimise the full-text indexes, refresh the query planner's statistics and reclaim free pages."""
    for table in ("articles", "claims"):
        if db.table(table).detect_fts():
            db.table(table).optimize()
    db.execute("analyze")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.vacuum()


def article_texts(db: sqlite_utils.Database) -> Iterable[str]:
    """The main text of every stored article."""
    for row in db.execute("select text from articles where text is not null and text != ''"):
        yield row[0]


def digest(db: sqlite_utils.Database) -> str:
    """A fingerprint of the data (articles, claims, deals, changes), not of when it was fetched."""
    import hashlib as _hashlib

    queries = [
        "select id, url, title, outlet, published, modified, text from articles order by id",
        "select id, article_id, deal_id, kind, value, low, high, unit, usd, qualifier, role, text from claims order by id",
        "select id, slug, title, parties, chips, outlets, claims, usd, usd_low, usd_high, disputed from deals order by id",
        "select id, field, before_text, after_text from claim_changes order by id",
    ]
    h = _hashlib.sha256()
    for sql in queries:
        for row in db.execute(sql):
            h.update(repr(row).encode())
    return h.hexdigest()


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    """Row counts of the main tables."""
    return {name: db.table(name).count for name in ("pages", "articles", "claims", "deals")}


# ----------------------------------------------------------------------------------------------------------------
# The analyst's site: the deal sheet (columns of `deals`, and the `deal_sheet` view), `deal_claims` (each outlet's
# figures side by side) and each outlet's track record (`outlets`, `outlier_claims`). All are derived from what
# is stored (deals, deal_parties, deal_chips, claims, companies, claim_changes) by save_site_tables, which
# save_deals runs in its transaction: every page of the site then reads a row or an index, never a scan.
# ----------------------------------------------------------------------------------------------------------------

DEAL_SHEET_COLUMNS: dict[str, Any] = {
    "deal_type": str, "buyer": str, "seller": str, "quantity": float, "quantity_unit": str, "quantity_text": str,
    "duration_years": float, "value_qualifier": str, "value_text": str, "status": str, "headline": str,
}

SITE_TABLES = {
    "deal_claims": """
create table if not exists deal_claims (
  deal_id text references deals(id),
  deal text,
  field text,
  outlet text,
  said text,
  low real,
  high real,
  unit text,
  qualifiers text,
  published text,
  article_id text references articles(id),
  article_url text
)""",
    "outlets": """
create table if not exists outlets (
  outlet text primary key,
  deals_reported integer,
  deals_first integer,
  first_of_several integer,
  percent_first real,
  median_delay_hours real,
  figures integer,
  figures_checked integer,
  within_consensus integer,
  percent_within_consensus real,
  outliers integer,
  corrections integer,
  first_report text,
  last_report text
)""",
    "outlier_claims": """
create table if not exists outlier_claims (
  claim_id text references claims(id),
  outlet text,
  deal_id text references deals(id),
  field text,
  said text,
  value real,
  consensus real,
  unit text,
  ratio real,
  published text
)""",
}

SITE_INDEXES: dict[str, list[list[str]]] = {
    "deal_claims": [["deal_id", "published", "outlet"], ["outlet", "published"], ["field"], ["article_id"]],
    "outlets": [["deals_reported"], ["deals_first"]],
    "outlier_claims": [["outlet", "published"], ["published"], ["deal_id"]],
    "deals": [["deal_type"], ["status"], ["buyer"], ["seller"]],
    "claims": [["outlet", "published"]],
}

SITE_VIEWS = {
    "deal_sheet": """
select id as deal_id, title as deal, deal_type, buyer, seller, chips, quantity, quantity_unit, quantity_text, usd,
  value_qualifier, usd_low, usd_high, duration_years, first_reported, outlets, outlet_names,
  case disputed when 1 then 'disputed' else '' end as disputed, dispute_reason, status
from deals""",
}

# The roles a party can have, on the buying or the selling side of a deal.
BUYER_ROLES = ("buyer", "customer", "investor", "acquirer", "lender")
SELLER_ROLES = ("seller", "supplier", "provider", "investee", "target", "borrower")
CLOUD_KINDS = ("hyperscaler", "cloud", "neocloud")
CHIP_UNITS = ("chips", "gpus", "processors", "accelerators", "cores", "servers", "systems", "racks", "nodes", "tpus",
              "wafers", "cpus")
NOT_DEAL_FIGURES = ("valuation", "revenue", "capex", "spec", "other", "statement")
# Hedges from firmest to vaguest; a tie between outlets goes to the firmer one.
HEDGES = ("exact", "range", "approx", "at_least", "up_to", "order_of_magnitude", "multi")
ANNOUNCED = re.compile(r"\b(announc(ed|es|ing)|unveil(ed|s)|confirm(ed|s)|signed|said in a statement|press release)\b",
                       re.I)
HEARSAY = re.compile(r"\b(reportedly|people familiar|according to (people|sources|a person|reports?)|sources (said|say)"
                     r"|in talks|(is|are) said to|rumou?r)", re.I)
DENIED = re.compile(r"\b(denie[sd]|deny(ing)?|refut(ed|es)|(report|rumou?r)s? (were|was|are|is) (false|untrue|inaccurate))\b",
                    re.I)
WITHIN = 1.25  # a figure within 25% of the consensus agrees with it
OUTLIER = 2.0  # a figure more than twice or less than half the consensus is an outlier


def _ensure_site_tables(db: sqlite_utils.Database) -> None:
    """Create the deal sheet columns, deal_claims, outlets and outlier_claims with their indexes and views."""
    deals = db.table("deals")
    for column, kind in DEAL_SHEET_COLUMNS.items():
        if column not in deals.columns_dict:
            deals.add_column(column, kind)
    if db.execute("select 1 from sqlite_master where type = 'view' and name = 'deal_claims'").fetchone():
        db.execute("drop view deal_claims")  # a view before 0.3: a group-by over every claim on each page
    created = [name for name in SITE_TABLES if not db.table(name).exists()]
    for name in SITE_TABLES:
        db.execute(SITE_TABLES[name])
    for name, columns_list in SITE_INDEXES.items():
        for columns in columns_list:
            db.table(name).create_index(columns, if_not_exists=True)
    for name, sql in SITE_VIEWS.items():
        existing = db.execute("select sql from sqlite_master where type = 'view' and name = ?", [name]).fetchone()
        if not (existing and existing[0].strip().endswith(sql.strip())):
            db.execute(f"drop view if exists [{name}]")
            db.execute(f"create view [{name}] as {sql}")
    if created and db.execute("select exists (select 1 from deals)").fetchone()[0]:
        with db.atomic():
            save_site_tables(db)


def deal_type(claim_roles: set[str], party_roles: dict[str, str], party_kinds: Iterable[str], chips: bool,
              units: set[str], sentences: str = "") -> str:
    """The kind of deal: acquisition, investment, financing, power, supply/purchase, build-out or cloud contract."""
    roles = set(party_roles.values())
    kinds = set(party_kinds)
    if "acquisition" in claim_roles or roles & {"acquirer", "target"}:
        return "acquisition"
    if "investment" in claim_roles or roles & {"investor", "investee"}:
        return "investment"
    if "financing" in claim_roles or roles & {"lender", "borrower"}:
        return "financing"
    if "power" in kinds:
        return "power"
    if chips:
        return "supply/purchase"
    if "datacenter" in kinds or re.search(r"\b(data cent(er|re)s?|campus|build(-| )?out)\b", sentences, re.I):
        return "build-out"
    if kinds & set(CLOUD_KINDS):
        return "cloud contract"
    if units & set(CHIP_UNITS):
        return "supply/purchase"
    if units & {"gw", "mw"}:
        return "build-out"
    return "other"


def buyers_and_sellers(parties: list[str], party_roles: dict[str, str], kinds: dict[str, str],
                       chip_vendors: set[str], kind_of_deal: str) -> tuple[list[str], list[str]]:
    """The buying (or investing) and selling (or invested-in) parties: stated roles, else the chip vendor or cloud."""
    buyers = [p for p in parties if party_roles.get(p) in BUYER_ROLES]
    sellers = [p for p in parties if party_roles.get(p) in SELLER_ROLES]
    if buyers or sellers or len(parties) < 2:
        return buyers, sellers
    if kind_of_deal == "supply/purchase":
        sellers = [p for p in parties if p in chip_vendors]
    elif kind_of_deal == "cloud contract":
        sellers = [p for p in parties if kinds.get(p) in CLOUD_KINDS]
    if not sellers or len(sellers) == len(parties):
        return [], []
    return [p for p in parties if p not in sellers], sellers


def hedge(qualifiers: list[tuple[str, bool]]) -> str | None:
    """The hedge of a deal's value from its outlets' (qualifier, has a number) pairs: exact wins, else the commonest."""
    numbered = [q for q, has_number in qualifiers if has_number]
    if "exact" in numbered:
        return "exact"
    if numbered:
        return max(sorted(set(numbered), key=lambda q: HEDGES.index(q) if q in HEDGES else 99),
                   key=numbered.count)
    return "multi" if any(q == "multi" for q, _ in qualifiers) else None


def _ratio(value: float, consensus: float) -> float:
    """How far a figure is from the consensus, as a factor of at least 1."""
    if value <= 0 or consensus <= 0:
        return math.inf if value != consensus else 1.0
    return max(value / consensus, consensus / value)


def save_site_tables(db: sqlite_utils.Database) -> None:
    """Fill the deal sheet columns, deal_claims, outlets and outlier_claims from the stored deals and claims."""
    kinds = dict(db.execute("select name, kind from companies").fetchall())
    vendors: dict[str, set[str]] = {}
    for deal_id, vendor in db.execute("select deal_id, vendor from deal_chips where vendor is not null"):
        vendors.setdefault(deal_id, set()).add(vendor)
    changed = {r[0] for r in db.execute("select distinct deal_id from claim_changes where deal_id is not null")}
    corrections = dict(db.execute("select outlet, count(*) from claim_changes where outlet is not null group by outlet"
                                  ).fetchall())
    deals: dict[str, dict[str, Any]] = {}
    for row in db.query("select id, parties, chips, roles, summary, outlet_names, first_reported from deals"):
        summary = _json(row["summary"], {})
        deals[row["id"]] = {
            "parties": _json(row["parties"], []), "chips": _json(row["chips"], []),
            "roles": _json(row["roles"], {}) or summary.get("roles") or {}, "summary": summary,
            "outlet_names": _json(row["outlet_names"], []), "claim_roles": set(), "units": set(), "money": [],
            "quantity": [], "value": [], "sentences": [], "announced": False, "outlet_first": {}, "article_ids": set()}
    per_outlet: dict[str, dict[str, Any]] = {}
    outliers = []
    for (cid, deal_id, outlet, kind, role, qualifier, unit, value, low, high, usd, text, sentence, published,
         article) in db.execute(
            "select id, deal_id, outlet, kind, role, qualifier, unit, value, low, high, usd, text, sentence, published,"
            " article_id from claims where deal_id is not null"):
        deal = deals.get(deal_id)
        if deal is None:
            continue
        deal["article_ids"].add(article)
        if outlet and published and (outlet not in deal["outlet_first"] or published < deal["outlet_first"][outlet]):
            deal["outlet_first"][outlet] = published
        if role in NOT_DEAL_FIGURES and role != "statement":
            continue
        deal["claim_roles"].add(role)
        if sentence and len(deal["sentences"]) < 20:
            deal["sentences"].append(sentence)
            if not deal["announced"] and ANNOUNCED.search(sentence) and not HEARSAY.search(sentence):
                deal["announced"] = True
        if kind not in ("money", "quantity", "power", "duration"):
            continue
        if unit:
            deal["units"].add(unit.lower())
        number = usd if kind == "money" else value
        if kind == "money":
            deal["money"].append((qualifier, number is not None))
            deal["value"].append((published or "", number, text))
        elif kind in ("quantity", "power"):
            deal["quantity"].append((published or "", kind, value, unit, text))
        unit_to, scale = comparable_unit(kind, unit or "")
        if kind != "money":  # (in the unit the deal's summary compares them in: "1,920 MW" as 1.92 GW)
            unit = unit_to
            value, low, high = (None if x is None else x * scale for x in (value, low, high))
            number = value
        # The outlet's figure against the deal's consensus, when more than one outlet gave that field.
        field = {"money": "value"}.get(kind, kind)
        entry = deal["summary"].get(field)
        stats = per_outlet.setdefault(outlet or "", {"figures": 0, "checked": 0, "within": 0, "outliers": 0})
        stats["figures"] += 1
        if not isinstance(entry, dict) or len(entry.get("outlets") or []) < 2:
            continue
        consensus, units = entry.get("consensus"), entry.get("units") or []
        # Outlets that count different things (chips and cores) disagree on the unit: no figure is checked.
        if consensus is None or len(units) > 1 or (kind != "money" and units and unit != units[0]):
            continue
        figure = number if number is not None else (None if low is None else (low + (high or low)) / 2)
        if figure is None:
            continue
        stats["checked"] += 1
        low_ok = (low is not None and high is not None and low <= consensus <= high)
        ratio = _ratio(float(figure), float(consensus))
        if ratio <= WITHIN or low_ok:
            stats["within"] += 1
        elif ratio > OUTLIER:
            stats["outliers"] += 1
            outliers.append({"claim_id": cid, "outlet": outlet, "deal_id": deal_id, "field": field, "said": text,
                             "value": figure, "consensus": consensus, "unit": "USD" if kind == "money" else unit,
                             "ratio": round(ratio, 2), "published": published})
    denied = _denied_deals(db, deals)
    updates = []
    for deal_id, deal in deals.items():
        kind = deal_type(deal["claim_roles"], deal["roles"], (kinds.get(p) or "" for p in deal["parties"]),
                         bool(deal["chips"]), deal["units"], " ".join(deal["sentences"]))
        buyers, sellers = buyers_and_sellers(deal["parties"], deal["roles"], kinds, vendors.get(deal_id, set()), kind)
        summary = deal["summary"]
        quantity, quantity_unit, quantity_text = _consensus_figure(summary, deal["quantity"])
        duration = summary.get("duration") if isinstance(summary.get("duration"), dict) else {}
        value = summary.get("value") if isinstance(summary.get("value"), dict) else {}
        value_text = _said(value.get("consensus"), [(p, n, t) for p, n, t in deal["value"]])
        status = ("denied" if deal_id in denied else "changed" if deal_id in changed
                  else "announced" if deal["announced"] else "reported")
        parties = buyers + sellers + [p for p in deal["parties"] if p not in buyers and p not in sellers]
        outlets = sorted(deal["outlet_first"], key=lambda o: (deal["outlet_first"][o], o)) or deal["outlet_names"]
        details = [", ".join(deal["chips"])] if deal["chips"] else []
        details += [quantity_text] if quantity_text else []
        headline = (f"{_and(parties) or 'Unnamed parties'}: " + ", ".join(details + [f"reported by {_and(outlets)}"])
                    if outlets else _and(parties))
        updates.append((kind, ", ".join(buyers) or None, ", ".join(sellers) or None, quantity, quantity_unit,
                        quantity_text, (duration or {}).get("consensus") if (duration or {}).get("units") == ["years"]
                        else None, hedge(deal["money"]), value_text, status, headline, deal_id))
    db.conn.executemany(
        "update deals set deal_type = ?, buyer = ?, seller = ?, quantity = ?, quantity_unit = ?, quantity_text = ?,"
        " duration_years = ?, value_qualifier = ?, value_text = ?, status = ?, headline = ? where id = ?", updates)
    _fill_outlets(db, deals, per_outlet, corrections)
    db.execute("delete from outlier_claims")
    if outliers:
        db.table("outlier_claims").insert_all(outliers)
    _fill_deal_claims(db)


def _fill_outlets(db: sqlite_utils.Database, deals: dict[str, dict[str, Any]], per_outlet: dict[str, dict[str, Any]],
                  corrections: dict[str, int]) -> None:
    """Each outlet's track record: deals reported, how often first, median delay, agreement, outliers, corrections."""
    record: dict[str, dict[str, Any]] = {}
    for deal in deals.values():
        firsts = deal["outlet_first"]
        if not firsts:
            continue
        first_at = min(firsts.values())
        first = min(o for o, at in firsts.items() if at == first_at)
        for outlet, at in firsts.items():
            r = record.setdefault(outlet, {"deals": 0, "first": 0, "first_of_several": 0, "delays": [],
                                           "first_report": at, "last_report": at})
            r["deals"] += 1
            r["first_report"], r["last_report"] = min(r["first_report"], at), max(r["last_report"], at)
            if outlet == first:
                r["first"] += 1
                r["first_of_several"] += len(firsts) > 1
            if len(firsts) > 1:
                r["delays"].append(_hours_between(first_at, at))
    rows = []
    for outlet in sorted(set(record) | {o for o in per_outlet if o} | set(corrections)):
        r = record.get(outlet, {"deals": 0, "first": 0, "first_of_several": 0, "delays": [], "first_report": None,
                                "last_report": None})
        stats = per_outlet.get(outlet, {"figures": 0, "checked": 0, "within": 0, "outliers": 0})
        delays = sorted(d for d in r["delays"] if d is not None)
        rows.append({
            "outlet": outlet, "deals_reported": r["deals"], "deals_first": r["first"],
            "first_of_several": r["first_of_several"],
            "percent_first": round(100.0 * r["first"] / r["deals"], 1) if r["deals"] else None,
            "median_delay_hours": round(statistics.median(delays), 1) if delays else None,
            "figures": stats["figures"], "figures_checked": stats["checked"], "within_consensus": stats["within"],
            "percent_within_consensus": round(100.0 * stats["within"] / stats["checked"], 1) if stats["checked"]
            else None,
            "outliers": stats["outliers"], "corrections": corrections.get(outlet, 0),
            "first_report": r["first_report"], "last_report": r["last_report"]})
    db.execute("delete from outlets")
    if rows:
        db.table("outlets").insert_all(rows, pk="outlet", replace=True)


def _fill_deal_claims(db: sqlite_utils.Database) -> None:
    """What each outlet said about each field of each deal, one row per deal, field, outlet and unit."""
    db.execute("delete from deal_claims")
    db.execute("""
insert into deal_claims (deal_id, deal, field, outlet, said, low, high, unit, qualifiers, published, article_id,
  article_url)
select grouped.deal_id, deals.title, grouped.field, grouped.outlet, grouped.said, grouped.low, grouped.high,
  grouped.unit, grouped.qualifiers, grouped.published, grouped.article_id, articles.url
from (
  select claims.deal_id, case claims.kind when 'money' then 'value' else claims.kind end as field, claims.outlet,
    group_concat(claims.text, ' | ') as said, min(coalesce(claims.usd, claims.value, claims.low)) as low,
    max(coalesce(claims.usd, claims.value, claims.high)) as high, claims.unit,
    group_concat(distinct claims.qualifier) as qualifiers, min(claims.published) as published,
    min(claims.article_id) as article_id
  from claims
  where claims.deal_id is not null and claims.role not in ('spec', 'valuation', 'revenue', 'capex')
  group by claims.deal_id, field, claims.outlet, claims.unit
) as grouped
join deals on deals.id = grouped.deal_id
left join articles on articles.id = grouped.article_id
order by deals.first_reported desc, deals.id, grouped.field, grouped.outlet""")


def _denied_deals(db: sqlite_utils.Database, deals: dict[str, dict[str, Any]]) -> set[str]:
    """Deals one of whose articles has a sentence denying a report and naming a party (full-text search first)."""
    if not db.table("articles").detect_fts():
        return set()
    by_article: dict[str, list[str]] = {}
    for deal_id, deal in deals.items():
        for article in deal["article_ids"]:
            by_article.setdefault(article, []).append(deal_id)
    found = set()
    for article, text in db.execute(
            "select articles.id, articles.text from articles where rowid in (select rowid from articles_fts"
            " where articles_fts match 'denied OR denies OR deny OR denying OR refuted OR refutes')"):
        for deal_id in by_article.get(article, []):
            parties = deals[deal_id]["parties"]
            for sentence in re.split(r"(?<=[.!?])\s+", text or ""):
                if DENIED.search(sentence) and any(p in sentence for p in parties):
                    found.add(deal_id)
                    break
    return found


def _consensus_figure(summary: dict[str, Any], figures: list[tuple]) -> tuple[float | None, str | None, str | None]:
    """The deal's quantity (else its power): consensus, its unit and the words an outlet used for it."""
    for field in ("quantity", "power"):
        entry = summary.get(field)
        if not isinstance(entry, dict) or entry.get("consensus") is None:
            continue
        consensus = entry["consensus"]
        same = sorted((f for f in figures if f[1] == field and f[2] is not None
                       and abs(f[2] * comparable_unit(f[1], f[3] or "")[1] - consensus) <= 1e-9 * max(1.0, abs(consensus))),
                      key=lambda f: f[0])
        units = entry.get("units") or []
        if same:  # (as the first outlet to state it wrote it: "1,920 MW", not 1.92 GW)
            return same[0][2], same[0][3], same[0][4]
        return consensus, units[0] if len(units) == 1 else None, None
    return None, None, None


def _said(consensus: float | None, figures: list[tuple]) -> str | None:
    """The words the first outlet used for the consensus value (or for a value without a number)."""
    if consensus is not None:
        same = sorted(f for f in figures if f[1] is not None and abs(f[1] - consensus) <= 1e-9 * abs(consensus))
        if same:
            return same[0][2]
    wordy = sorted(f for f in figures if f[1] is None and f[2])
    return wordy[0][2] if wordy else None


def _and(names: list[str]) -> str:
    """Names as a sentence lists them: A, B and C."""
    names = [n for n in names if n]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""


def _hours_between(first: str, later: str) -> float | None:
    """Hours from one UTC ISO 8601 time to another (None when either cannot be read)."""
    from datetime import datetime

    try:
        a = datetime.fromisoformat(first.replace("Z", "+00:00"))
        b = datetime.fromisoformat(later.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return None
    if (a.tzinfo is None) != (b.tzinfo is None):
        a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
    return (b - a).total_seconds() / 3600


def _json(text: str | None, empty: Any) -> Any:
    """A JSON column's value, or `empty` when it is missing or malformed."""
    try:
        value = json.loads(text) if text else empty
    except (TypeError, ValueError):
        return empty
    return value if isinstance(value, type(empty)) else empty
