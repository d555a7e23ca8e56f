"""Acceptance: the real pipeline (feed -> fetch -> WARC -> article -> claims -> deals -> SQLite) on the sample site."""

from __future__ import annotations

import json
import sqlite3

import sqlite_utils

from conftest import SAMPLE, crawl_sample, fast_settings
from scraper import db as store
from scraper.pipeline import reprocess

SAIGON = "Saigon Tech Daily"
LEDGER = "Silicon Ledger"


def article(db, outlet):
    rows = list(db.query("select * from articles where outlet = ?", [outlet]))
    assert len(rows) == 1, rows
    return rows[0]


def claims(db, outlet):
    return list(db.query("select * from claims where outlet = ? order by start", [outlet]))


def test_both_seed_articles_are_stored_with_metadata(sample_db):
    db = sqlite_utils.Database(sample_db)
    saigon, ledger = article(db, SAIGON), article(db, LEDGER)
    assert saigon["title"] == "Meta suddenly spends money to buy millions of Amazon AI chips"
    assert saigon["author"] == "Cát Tiên"
    assert saigon["published"] == "2026-04-24T01:15:00Z"
    assert ledger["published"] == "2026-04-25T14:30:00Z"
    assert saigon["language"] == "en"
    assert saigon["is_deal"] == 1 and ledger["is_deal"] == 1
    assert saigon["relevance"] >= 0.5


def test_related_news_and_comment_forms_never_reach_the_text(sample_db):
    db = sqlite_utils.Database(sample_db)
    saigon, ledger = article(db, SAIGON)["text"], article(db, LEDGER)["text"]
    assert "Meta signed an agreement to use millions of AWS Graviton chips" in saigon
    for phrase in ("gold shops", "gold and jewelry", "second homes", "second unused house", "road dust",
                   "sidewalk snack", "Live Chats", "WhatsApp Plus", "internal data", "RELATED NEWS"):
        assert phrase not in saigon, phrase
    assert "tens of millions of cores" in ledger
    for phrase in ("Post a Comment", "Comments", "Google Injects", "$40B"):
        assert phrase not in ledger, phrase


def test_seed_000_claims(sample_db):
    db = sqlite_utils.Database(sample_db)
    rows = claims(db, SAIGON)
    chips = [r for r in rows if r["kind"] == "quantity" and r["unit"] == "chips"]
    assert chips and chips[0]["value"] == 1_000_000 and chips[0]["qualifier"] == "order_of_magnitude"
    assert set(json.loads(chips[0]["parties"])) == {"Amazon", "Meta"}
    assert "Graviton" in json.loads(chips[0]["chips"])

    google = [r for r in rows if r["kind"] == "money" and r["usd"] == 1e10]
    assert len(google) == 1 and google[0]["qualifier"] == "exact" and google[0]["role"] == "deal_value"
    assert set(json.loads(google[0]["parties"])) == {"Google", "Meta"}
    six = [r for r in rows if r["kind"] == "duration" and r["report"] == google[0]["report"]]
    assert [r["value"] for r in six] == [6]

    anthropic = [r for r in rows if r["kind"] == "money" and r["usd"] == 1e11]
    assert len(anthropic) == 1 and anthropic[0]["qualifier"] == "up_to"
    assert set(json.loads(anthropic[0]["parties"])) == {"Amazon", "Anthropic"}
    ten = [r for r in rows if r["kind"] == "duration" and r["report"] == anthropic[0]["report"]]
    assert [r["value"] for r in ten] == [10]

    investment = [r for r in rows if r["kind"] == "money" and r["usd"] == 1.3e10]
    assert len(investment) == 1 and investment[0]["role"] == "investment"
    assert set(json.loads(investment[0]["parties"])) == {"Amazon", "Anthropic"}
    assert investment[0]["report"] != anthropic[0]["report"]


def test_seed_002_claims(sample_db):
    db = sqlite_utils.Database(sample_db)
    rows = claims(db, LEDGER)
    cores = [r for r in rows if r["kind"] == "quantity" and r["unit"] == "cores"]
    assert cores and all(r["value"] == 10_000_000 and r["qualifier"] == "order_of_magnitude" for r in cores)
    assert set(json.loads(cores[0]["parties"])) == {"Amazon", "Meta"}
    multi = [r for r in rows if r["kind"] == "money" and r["qualifier"] == "multi"]
    assert multi and multi[0]["value"] is None and multi[0]["usd"] is None
    assert any(r["kind"] == "duration" and r["qualifier"] == "multi" for r in rows)
    texts = [r["text"] for r in rows]
    assert not any("25" in t or "3nm" in t or "nanometer" in t for t in texts), texts
    # The read-next headline is another story: its $40B is not a claim of this article.
    assert not any(r["usd"] == 4e10 for r in rows)


def test_graviton_claims_form_one_disputed_deal(sample_db):
    db = sqlite_utils.Database(sample_db)
    deals = [d for d in db.query("select * from deals") if set(json.loads(d["parties"])) == {"Amazon", "Meta"}]
    assert len(deals) == 1
    deal = deals[0]
    assert deal["outlets"] == 2
    assert json.loads(deal["chips"]) == ["Graviton5"]
    assert deal["disputed"] == 1 and "quantity" in deal["dispute_reason"]
    assert SAIGON in deal["dispute_reason"] and LEDGER in deal["dispute_reason"]
    side_by_side = list(db.query(
        "select outlet, unit, low, high from deal_claims where deal_id = ? and field = 'quantity' order by outlet",
        [deal["id"]]))
    assert [(r["outlet"], r["unit"], r["low"]) for r in side_by_side] == [
        (SAIGON, "chips", 1_000_000), (LEDGER, "cores", 10_000_000)]
    assert [r["id"] for r in db.query("select id from disputed_deals")] == [deal["id"]]


def test_deals_between_other_parties_stay_apart(sample_db):
    db = sqlite_utils.Database(sample_db)
    parties = sorted(tuple(sorted(json.loads(d["parties"]))) for d in db.query("select parties from deals"))
    assert ("Google", "Meta") in parties
    assert parties.count(("Amazon", "Anthropic")) == 2  # the compute commitment and the investment


def test_second_run_adds_no_rows(tmp_path, sample_site):
    db_path, archive = tmp_path / "deals.db", tmp_path / "archive"
    crawl_sample(sample_site, db_path, archive)
    before = store.counts(store.open_db(db_path))
    first_requests = len(sample_site.requests)
    summary = crawl_sample(sample_site, db_path, archive)
    after = store.counts(store.open_db(db_path))
    assert before == after and before["articles"] == 2 and before["deals"] >= 3
    # Nothing changed: the feed answers 304; the recent articles are re-checked with conditional
    # requests (outlets correct figures), answered 304, and no body is downloaded again.
    assert summary.fetched == 0 and summary.articles == 0
    assert summary.rechecked == 2 and summary.not_modified == 2
    second = sample_site.requests[first_requests:]
    assert sorted(second) == ["/feed.xml", "/robots.txt", "/saigon-tech/meta-buys-millions-of-amazon-ai-chips.html",
                              "/silicon-ledger/meta-aws-graviton-expansion.html"]
    # robots.txt disallows /private/: never requested.
    assert not any(p.startswith("/private") for p in sample_site.requests)


def dump(path):
    conn = sqlite3.connect(path)
    out = {}
    for table in ("articles", "claims", "deals"):
        cols = [c[1] for c in conn.execute(f"pragma table_info({table})") if c[1] not in ("fetched_at",)]
        out[table] = sorted(conn.execute(f"select {', '.join(cols)} from {table}").fetchall(), key=repr)
    return out


def test_reprocess_rebuilds_the_same_tables_from_the_archive(tmp_path, sample_site):
    db_path, archive = tmp_path / "deals.db", tmp_path / "archive"
    crawl_sample(sample_site, db_path, archive)
    before = dump(db_path)
    offline = tmp_path / "offline.db"
    reprocess(fast_settings(offline, archive))
    assert dump(offline) == before
    reprocess(fast_settings(db_path, archive))
    assert dump(db_path) == before


def test_unreachable_feed_is_recorded_and_the_run_goes_on(tmp_path, sample_site):
    from scraper.crawl import crawl
    from scraper.sources import SourcesConfig, feed_source

    dead = "http://127.0.0.1:9/feed.xml"  # discard port: connection refused
    summary = crawl(SourcesConfig(), fast_settings(tmp_path / "d.db", tmp_path / "a"),
                    extra_feeds=[feed_source(dead), feed_source(f"{sample_site.base}/feed.xml")])
    assert summary.articles == 2
    assert any(dead.split("/")[2] in f for f in summary.failed_sources)
    db = sqlite_utils.Database(tmp_path / "d.db")
    page = db["pages"].get(dead)
    assert page["error"] and page["status"] is None
    source = db["sources"].get("127.0.0.1:9")
    assert source["consecutive_failures"] == 1 and source["last_error"]
    run = list(db.query("select * from runs"))[-1]
    assert run["status"] == "partial" and run["finished"]


def test_an_amp_copy_with_the_same_canonical_url_is_one_article(tmp_path):
    import shutil
    import sqlite3

    from scraper.pipeline import preferred_url
    from scraper.sample_site import SampleSite

    site_dir = tmp_path / "site"
    shutil.copytree(SAMPLE, site_dir)
    original = site_dir / "silicon-ledger" / "meta-aws-graviton-expansion.html"
    html = original.read_text(encoding="utf-8")
    assert 'rel="canonical"' in html
    amp = site_dir / "silicon-ledger" / "amp"
    amp.mkdir()
    (amp / "meta-aws-graviton-expansion.html").write_text(html, encoding="utf-8")
    feed = (site_dir / "feed.xml").read_text(encoding="utf-8")
    item = ("<item><title>Meta and AWS (AMP)</title>"
            "<link>{{BASE}}/silicon-ledger/amp/meta-aws-graviton-expansion.html?utm_source=amp</link></item>")
    (site_dir / "feed.xml").write_text(feed.replace("</channel>", item + "</channel>"), encoding="utf-8")
    with SampleSite(site_dir) as site:
        summary = crawl_sample(site, tmp_path / "d.db", tmp_path / "archive")
        base = site.base
    assert summary.fetched == 3  # both copies were fetched...
    conn = sqlite3.connect(tmp_path / "d.db")
    urls = [r[0] for r in conn.execute("select url from articles order by url")]
    pages = {r[0] for r in conn.execute("select url from pages where kind = 'article'")}
    assert f"{base}/silicon-ledger/amp/meta-aws-graviton-expansion.html" in pages
    assert urls.count(f"{base}/silicon-ledger/meta-aws-graviton-expansion.html") == 1  # ...one article
    assert len(urls) == 2
    # a canonical on another site, or pointing at a home page, is not trusted
    assert preferred_url("https://a.example/x?utm_source=y", "https://b.example/x") == "https://a.example/x"
    assert preferred_url("https://a.example/x", "https://a.example/") == "https://a.example/x"
    assert preferred_url("https://amp.a.example/x", "https://www.a.example/x") == "https://www.a.example/x"
