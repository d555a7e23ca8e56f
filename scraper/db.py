"""SQLite storage (the only module that talks to SQLite): idempotent schema, upserts, FTS, views."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator

import sqlite_utils

from .dates import utc_now
from .models import Article, Claim, Deal, Fetched, Figure, Source

SCHEMA_VERSION = 1


class DatabaseError(RuntimeError):
    """The database cannot be opened or written (read-only, full disk, not a database)."""


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
        "claim_changes": ({"id": str, "deal_id": str, "article_id": str, "outlet": str, "url": str,
                           "field": str, "before_text": str, "after_text": str, "before_value": float,
                           "after_value": float, "unit": str, "changed_at": str}, "id"),
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
    for name, columns_list in INDEXES.items():
        for columns in columns_list:
            db.table(name).create_index(columns, if_not_exists=True)
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
    "deal_chips": [["chip", "deal_id"], ["vendor", "deal_id"]],
    "article_versions": [["article_id"], ["replaced_at"]],
    "claim_changes": [["deal_id"], ["article_id"], ["changed_at"], ["outlet"], ["field"]],
    "sources": [["kind"]],
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
    "deal_claims": """
select
  deals.id as deal_id,
  deals.title as deal,
  case claims.kind when 'money' then 'value' else claims.kind end as field,
  claims.outlet,
  group_concat(claims.text, ' | ') as said,
  min(coalesce(claims.usd, claims.value, claims.low)) as low,
  max(coalesce(claims.usd, claims.value, claims.high)) as high,
  claims.unit,
  group_concat(distinct claims.qualifier) as qualifiers,
  min(claims.published) as published,
  articles.url as article_url
from claims
join deals on deals.id = claims.deal_id
join articles on articles.id = claims.article_id
where claims.role not in ('spec', 'valuation', 'revenue', 'capex')
group by deals.id, field, claims.outlet, claims.unit
order by deals.first_reported desc, deals.id, field, claims.outlet""",
    "disputed_deals": """
select id, slug, title, parties, chips, first_reported, last_reported, outlets, claims, usd_low, usd_high,
  dispute_reason
from deals where disputed = 1
order by last_reported desc""",
    "deal_timeline": """
select
  claims.deal_id,
  deals.title as deal,
  case claims.kind when 'money' then 'value' else claims.kind end as field,
  claims.text,
  claims.outlet,
  min(claims.published) as first_seen,
  articles.url as article_url
from claims
join deals on deals.id = claims.deal_id
join articles on articles.id = claims.article_id
group by claims.deal_id, field, claims.text, claims.outlet
order by claims.deal_id, first_seen""",
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
            ({"name": c.name, "vendor": c.vendor, "family": c.family, "kind": c.kind,
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


def recheck_pages(db: sqlite_utils.Database, since: str) -> list[dict[str, Any]]:
    """Article pages fetched since `since` (UTC ISO 8601): re-checked for corrections with conditional requests."""
    return list(db.query(
        "select url, source, etag, last_modified, sha256, status from pages"
        " where kind = 'article' and status = 200 and error is null and fetched_at >= ?", [since]))


def load_claims(db: sqlite_utils.Database) -> list[Claim]:
    """Every stored claim that belongs to a deal report, as dataclasses for deals.py."""
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
        " where claims.report is not null order by claims.id"
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


def failing_sources(db: sqlite_utils.Database, runs: int) -> list[str]:
    """Sources that failed this many runs in a row, with their last error."""
    return [f"{r['name']}: {r['consecutive_failures']} runs, last: {r['last_error']}" for r in db.query(
        "select name, consecutive_failures, last_error from sources where consecutive_failures >= ? order by name",
        [runs])]


def start_run(db: sqlite_utils.Database, command: str) -> int:
    """Open a `runs` row and return its id."""
    table = db.table("runs")
    table.insert({"command": command, "started": utc_now(), "status": "running"})
    return table.last_pk


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
