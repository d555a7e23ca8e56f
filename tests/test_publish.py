"""The published site through Datasette's own client: canned queries, feeds, facets, search, the deal page, charts."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import yaml
from datasette.app import Datasette

from conftest import ROOT, datasette_site, free_port
from scraper import publish

ATOM = "{http://www.w3.org/2005/Atom}"
SLUG = "amazon-meta-graviton5-2026-04"  # the Meta–Amazon Graviton5 deal of the seed articles


site = datasette_site  # Datasette as `scraper serve` configures it (conftest)


def get(ds: Datasette, path: str, **kwargs: Any):
    """GET a path from Datasette in-process."""
    return asyncio.run(ds.client.get(path, **kwargs))


def rows(ds: Datasette, path: str) -> list[dict[str, Any]]:
    """The rows of a JSON page (`_shape=array`), asserting it answered 200."""
    sep = "&" if "?" in path else "?"
    response = get(ds, f"{path}{sep}_shape=array")
    assert response.status_code == 200, response.text[:500]
    return response.json()


@pytest.fixture(scope="module")
def ds(sample_db):
    return site(sample_db)


@pytest.fixture(scope="module", autouse=True)
def graviton(sample_db):
    """The seed deal's id (ids derive from the sample site's URLs, so they change with its port)."""
    global GRAVITON, SILICON_LEDGER_ARTICLE
    with sqlite3.connect(sample_db) as conn:
        GRAVITON = conn.execute("select id from deals where slug = ?", [SLUG]).fetchone()[0]
        SILICON_LEDGER_ARTICLE = conn.execute("select id from articles where outlet = 'Silicon Ledger'").fetchone()[0]
    return GRAVITON


@pytest.fixture
def writable_copy(sample_db, tmp_path):
    """A copy of the seed database that a test may change."""
    path = tmp_path / "deals.db"
    shutil.copy(sample_db, path)
    return path


def test_seed_database_is_what_the_expectations_assume(ds):
    deals = {d["id"]: d for d in rows(ds, "/deals/deals.json")}
    assert len(deals) == 4 and deals[GRAVITON]["slug"] == SLUG


def test_largest_and_newest_deals(ds):
    largest = rows(ds, "/deals/largest_deals.json")
    assert [r["deal"] for r in largest] == ["Amazon – Anthropic deal", "Amazon – Anthropic investment",
                                           "Google – Meta deal", "Amazon – Meta deal (Graviton5)"]
    assert [r["usd"] for r in largest] == [1e11, 1.3e10, 1e10, 1e9]
    assert largest[-1]["disputed"] == "disputed"
    newest = rows(ds, "/deals/newest_deals.json")
    assert len(newest) == 4 and {r["deal_id"] for r in newest} == {r["deal_id"] for r in largest}
    assert [r["first_reported"] for r in newest] == sorted((r["first_reported"] for r in newest), reverse=True)


@pytest.mark.parametrize("company, expected", [
    ("Amazon", {"Amazon – Meta deal (Graviton5)", "Amazon – Anthropic deal", "Amazon – Anthropic investment"}),
    ("meta", {"Amazon – Meta deal (Graviton5)", "Google – Meta deal"}),
    ("Nobody Inc", set()),
])
def test_deals_by_company(ds, company, expected):
    found = rows(ds, f"/deals/deals_by_company.json?company={company.replace(' ', '+')}")
    assert {r["deal"] for r in found} == expected


@pytest.mark.parametrize("key", ["Graviton5", "graviton5", "Amazon"])
def test_deals_by_chip_or_vendor(ds, key):
    found = rows(ds, f"/deals/deals_by_chip.json?chip_or_vendor={key}")
    assert [r["deal_id"] for r in found] == [GRAVITON]
    assert found[0]["vendors"] == "Amazon"
    assert rows(ds, "/deals/deals_by_chip.json?chip_or_vendor=Nvidia") == []


def test_disputed_claims_side_by_side(ds):
    found = rows(ds, "/deals/disputed_claims.json")
    assert {r["deal_id"] for r in found} == {GRAVITON}
    quantity = {r["outlet"]: r for r in found if r["field"] == "quantity"}
    assert quantity["Saigon Tech Daily"]["unit"] == "chips" and quantity["Saigon Tech Daily"]["low"] == 1e6
    assert quantity["Silicon Ledger"]["unit"] == "cores" and quantity["Silicon Ledger"]["low"] == 1e7
    assert all(r["article_url"].startswith("http://127.0.0.1") for r in found)


def test_deal_timeline_by_id_or_slug(ds):
    by_slug = rows(ds, "/deals/deal_timeline_for.json?deal=amazon-meta-graviton5-2026-04")
    by_id = rows(ds, f"/deals/deal_timeline_for.json?deal={GRAVITON}")
    assert by_slug == by_id and len(by_id) == 6
    assert by_id[0]["outlet"] == "Saigon Tech Daily" and by_id[0]["said"] == "millions of AWS Graviton chips"
    assert [r["published"] for r in by_id] == sorted(r["published"] for r in by_id)


def test_deal_timeline_of_every_deal(ds):
    found = rows(ds, "/deals/deal_timeline.json")
    graviton = [r for r in found if r["deal_id"] == GRAVITON]
    assert [r["deal_id"] for r in found] == sorted(r["deal_id"] for r in found)
    assert graviton[0]["outlet"] == "Saigon Tech Daily" and graviton[0]["first_seen"] <= graviton[-1]["first_seen"]
    assert {r["outlet"] for r in graviton} == {"Saigon Tech Daily", "Silicon Ledger"}


def test_first_reporters(ds):
    found = {r["outlet"]: r for r in rows(ds, "/deals/first_reporters.json")}
    assert found["Saigon Tech Daily"]["deals_reported_first"] == 4
    assert found["Saigon Tech Daily"]["first_of_several"] == 1
    assert found["Silicon Ledger"]["deals_reported_first"] == 0 and found["Silicon Ledger"]["deals_reported"] == 1


def test_source_health_report(ds):
    found = rows(ds, "/deals/source_health_report.json")
    assert len(found) == 1
    assert found[0]["articles_found"] == 2 and found[0]["consecutive_failures"] == 0 and found[0]["last_success"]


def test_unknown_organisations(ds, writable_copy):
    assert rows(ds, "/deals/unknown_organisations.json") == []
    with sqlite3.connect(writable_copy) as conn:
        conn.execute("update deals set parties = '[\"Amazon\", \"Zephyr Compute\"]' where id = ?", [GRAVITON])
        conn.execute("update deal_parties set company = 'Zephyr Compute' where deal_id = ? and company = 'Meta'",
                     [GRAVITON])  # as save_deals would have refilled it
    found = rows(site(writable_copy), "/deals/unknown_organisations.json")
    assert [(r["organisation"], r["deals"], r["claims"]) for r in found] == [("Zephyr Compute", 1, 6)]


def test_chart_queries(ds):
    assert rows(ds, "/deals/value_by_month.json") == [
        {"month": "2026-04", "deals": 4, "usd": 1.24e11, "disputed": 1}]
    by_company = {r["company"]: r for r in rows(ds, "/deals/value_by_company.json")}
    assert by_company["Amazon"]["usd"] == 1.14e11 and by_company["Meta"]["deals"] == 2
    assert rows(ds, "/deals/value_by_vendor.json") == [{"vendor": "Amazon", "deals": 1, "usd": 1e9}]


def test_every_canned_query_is_tested_here():
    tested = Path(__file__).read_text(encoding="utf-8")
    queries = yaml.safe_load((ROOT / "metadata.yml").read_text())["databases"]["deals"]["queries"]
    assert len(queries) >= 12
    for name, query in queries.items():
        assert f"/deals/{name}" in tested, name
        assert query.get("title") and query.get("description"), name
        assert not query.get("write"), f"{name}: the site is read-only"


def feed(ds: Datasette, name: str) -> ET.Element:
    response = get(ds, f"/deals/{name}.atom", headers={"host": "deals.example.org",
                                                       "x-forwarded-proto": "https"})
    assert response.status_code == 200, response.text[-500:]
    assert response.headers["content-type"].startswith("application/xml")
    return ET.fromstring(response.content)


def test_new_deals_feed(ds):
    root = feed(ds, "new_deals_feed")
    assert root.tag == f"{ATOM}feed" and root.findtext(f"{ATOM}title") == "AI infrastructure deals: new deals"
    entries = root.findall(f"{ATOM}entry")
    titles = {e.findtext(f"{ATOM}title") for e in entries}
    assert titles == {"Amazon – Meta deal (Graviton5) (≥ $1B)", "Google – Meta deal ($10B)",
                      "Amazon – Anthropic deal (up to $100B)", "Amazon – Anthropic investment ($13B)"}
    links = {e.find(f"{ATOM}link").get("href") for e in entries}
    assert f"https://deals.example.org/deals/deals/{GRAVITON}" in links
    for entry in entries:
        assert entry.findtext(f"{ATOM}id").startswith("tag:ai-deals,2026:deal:")
        assert entry.findtext(f"{ATOM}updated").startswith("2026-04-")
    graviton = next(e for e in entries if "Graviton5" in e.findtext(f"{ATOM}title"))
    content = graviton.findtext(f"{ATOM}content")
    assert "Outlets disagree" in content and "outlet(s)" not in content and "[" not in content
    assert "Meta and Amazon: Graviton5, tens of millions of cores, reported by Saigon Tech Daily and Silicon Ledger" \
        in content


def test_figure_changes_feed_empty_then_filled(ds, writable_copy):
    entries = feed(ds, "figure_changes_feed").findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["No figure has changed yet"]
    with sqlite3.connect(writable_copy) as conn:
        conn.execute(
            "insert into claim_changes (id, deal_id, article_id, outlet, url, field, before_text, after_text,"
            " before_value, after_value, unit, changed_at) values ('ch1', ?, ?, 'Silicon Ledger',"
            " 'https://siliconledger.example/meta-aws', 'quantity', 'tens of millions of cores',"
            " 'millions of cores', 1e7, 1e6, 'cores', '2026-04-26T09:00:00Z')", [GRAVITON, SILICON_LEDGER_ARTICLE])
    entries = feed(site(writable_copy), "figure_changes_feed").findall(f"{ATOM}entry")
    assert len(entries) == 1
    entry = entries[0]
    assert entry.findtext(f"{ATOM}title") == ("Silicon Ledger changed the quantity of Amazon – Meta deal (Graviton5):"
                                              " tens of millions of cores → millions of cores")
    assert entry.find(f"{ATOM}link").get("href") == "https://siliconledger.example/meta-aws"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Silicon Ledger"
    assert entry.findtext(f"{ATOM}updated").startswith("2026-04-26T09:00:00")


def test_home_page_links_feeds_charts_and_queries(ds):
    page = get(ds, "/")
    assert page.status_code == 200
    for href in ('deals/new_deals_feed.atom', 'deals/figure_changes_feed.atom', '-/charts',
                 'deals/disputed_claims', 'deals/largest_deals'):  # relative to the home page: work under base_url
        assert f'href="{href}"' in page.text, href
    resolved = {urljoin("http://localhost/", h) for h in re.findall(r'href="([^"]+)"', page.text)}
    assert {"http://localhost/deals/new_deals_feed.atom", "http://localhost/deals/figure_changes_feed.atom",
            "http://localhost/-/charts"} <= resolved
    assert page.text.count('rel="alternate" type="application/atom+xml"') >= 2
    assert "CC BY 4.0" in page.text


def test_facets(ds):
    facets = get(ds, "/deals/deals.json?_facet_array=parties&_facet=disputed").json()["facet_results"]
    parties = {r["value"]: r["count"] for r in facets["parties"]["results"]}
    assert parties == {"Amazon": 3, "Meta": 2, "Anthropic": 2, "Google": 1}
    assert {r["value"]: r["count"] for r in facets["disputed"]["results"]} == {0: 3, 1: 1}
    claims = get(ds, "/deals/claims.json?_facet=outlet&_facet=kind&_facet_array=chips").json()["facet_results"]
    assert {r["value"]: r["count"] for r in claims["outlet"]["results"]} == {"Silicon Ledger": 5,
                                                                            "Saigon Tech Daily": 6}
    assert {r["value"]: r["count"] for r in claims["chips"]["results"]} == {"Graviton5": 5, "Graviton": 1}
    vendors = get(ds, "/deals/chips.json?_facet=vendor").json()["facet_results"]["vendor"]["results"]
    assert any(r["value"] == "Nvidia" and r["count"] > 1 for r in vendors)
    # Default facets from metadata.yml show on the deals page without asking.
    assert set(get(ds, "/deals/deals.json").json()["facet_results"]) == {"deal_type", "status", "disputed"}


def test_full_text_search(ds):
    found = rows(ds, "/deals/claims.json?_search=cores")
    assert {r["text"] for r in found} == {"tens of millions of cores"} and len(found) == 2
    assert rows(ds, "/deals/claims.json?_search=nonexistentword") == []
    articles = rows(ds, "/deals/articles.json?_search=Graviton")
    assert len(articles) == 2
    assert [a["outlet"] for a in rows(ds, "/deals/articles.json?_search=%22Saigon%22")] in ([], ["Saigon Tech Daily"])


def test_foreign_keys_show_as_labels(ds):
    page = get(ds, f"/deals/claims?deal_id={GRAVITON}&_sort=id")
    assert page.status_code == 200
    assert "Amazon – Meta deal (Graviton5)" in page.text  # deal_id shown by the deal's title
    assert "Meta and AWS Announce Multi-Billion Dollar Expansion" in page.text  # article_id by its headline


def test_every_column_is_described(sample_db):
    tables = yaml.safe_load((ROOT / "metadata.yml").read_text())["databases"]["deals"]["tables"]
    conn = sqlite3.connect(sample_db)
    names = [r[0] for r in conn.execute(
        "select name from sqlite_master where type = 'table' and name not like '%_fts%' and name not like 'sqlite_%'")]
    for table in names:
        assert table in tables, table
        described = tables[table].get("columns", {})
        columns = [r[1] for r in conn.execute(f"pragma table_info([{table}])")]
        missing = [c for c in columns if c not in described]
        assert not missing, f"{table}: {missing}"
        assert tables[table].get("description") or tables[table].get("description_html"), table


def test_deal_page_shows_parties_figures_and_every_claim(ds):
    page = get(ds, f"/deals/deals/{GRAVITON}")
    assert page.status_code == 200
    text = page.text
    assert "<title>Amazon – Meta deal (Graviton5): AI infrastructure deal</title>" in text
    assert 'href="/deals/deals_by_company?company=Amazon">Amazon</a>' in text
    assert 'href="/deals/deals_by_chip?chip_or_vendor=Graviton5">Graviton5</a>' in text
    assert "Outlets disagree." in text and "≥ $1B" in text
    assert text.count('<li class="claim">') == 6
    assert "<mark>millions of AWS Graviton chips</mark>" in text
    assert "<mark>tens of millions of cores</mark>" in text
    assert 'href="http://127.0.0.1' in text and "saigon-tech/meta-buys-millions-of-amazon-ai-chips.html" in text
    assert "Meta&#39;s investment of <mark>billions of dollars</mark> in Graviton" in text  # escaped, highlighted
    # Other rows keep Datasette's own page.
    other = get(ds, "/deals/companies/Amazon")
    assert other.status_code == 200 and 'class="deal-page"' not in other.text


def test_deal_by_slug_redirects(ds):
    response = get(ds, "/-/deal/amazon-meta-graviton5-2026-04")
    assert response.status_code == 302 and response.headers["location"] == f"/deals/deals/{GRAVITON}"
    assert get(ds, "/-/deal/no-such-deal").status_code == 404


def test_readable_cells(ds):
    page = get(ds, "/deals/largest_deals")
    assert "up to $100B" in page.text and "cloud contract" in page.text and "10,000,000 cores" in page.text


def test_charts_page_and_assets(ds):
    page = get(ds, "/-/charts")
    assert page.status_code == 200
    spec_json = page.text.split('<script type="application/json" id="chart-specs">')[1].split("</script>")[0]
    specs = json.loads(spec_json)
    assert set(specs) == {"value_by_month", "value_by_company", "value_by_vendor"}
    assert specs["value_by_month"]["data"]["values"] == [
        {"month": "2026-04", "deals": 4, "usd_billions": 124.0, "usd_text": "$124.0 billion"}]
    assert specs["value_by_company"]["encoding"]["y"]["field"] == "company"
    for name in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js"):
        asset = get(ds, f"/-/deals-assets/{name}")
        assert asset.status_code == 200 and asset.headers["content-type"].startswith("application/javascript")
        assert len(asset.content) > 50_000
    assert get(ds, "/-/deals-assets/deals_site.js").status_code == 404


def test_public_mode_refuses_arbitrary_sql_but_keeps_the_site(sample_db):
    public = site(sample_db, public=True)
    assert get(public, "/deals?sql=select+1").status_code == 403
    assert get(public, "/deals.json?sql=select+1").status_code == 403
    assert rows(public, "/deals/largest_deals.json")
    assert get(public, "/deals/new_deals_feed.atom").status_code == 200
    assert get(public, "/-/charts").status_code == 200
    assert get(public, f"/deals/deals/{GRAVITON}").status_code == 200
    assert get(public, "/deals.db").status_code in (403, 404)  # no download of the whole file
    assert get(public, "/deals/claims.csv?_stream=on").status_code in (200, 400)
    settings = get(public, "/-/settings.json").json()
    assert settings["sql_time_limit_ms"] == 1000 and settings["max_returned_rows"] == 1000
    assert settings["allow_csv_stream"] is False and settings["suggest_facets"] is False
    # A local server allows SQL.
    assert get(site(sample_db), "/deals.json?sql=select+1").status_code == 200


def test_no_write_api(ds):
    # Datasette 0.65 has no write API: a POST to a table is refused (its own assertion, a 500) or unknown.
    for path in ("/deals/deals", "/deals/deals/-/insert", "/deals/-/create"):
        response = asyncio.run(ds.client.post(path, json={"row": {"id": "x"}}))
        assert response.status_code >= 400, path
    assert len(rows(ds, "/deals/deals.json")) == 4


def test_datasette_args_pass_templates_plugins_settings_and_metadata(tmp_path):
    args = publish.datasette_args(Path("data/deals.db"), "127.0.0.1", 8001, None)
    assert args[:2] == ["serve", "data/deals.db"]
    assert args[args.index("--template-dir") + 1] == str(publish.TEMPLATES_DIR)
    assert args[args.index("--plugins-dir") + 1] == str(publish.PLUGINS_DIR)
    assert ["--setting", "suggest_facets", "off"] == args[args.index("suggest_facets") - 1:][:3]
    assert Path(args[args.index("--metadata") + 1]).name == "metadata.yml"
    public = publish.datasette_args(Path("x/other.db"), "0.0.0.0", 80, ROOT / "metadata.yml", public=True)
    written = yaml.safe_load(Path(public[public.index("--metadata") + 1]).read_text())
    assert written["allow_sql"] is False and "other" in written["databases"]
    assert 'href="other/largest_deals"' in written["description_html"]
    assert public[public.index("sql_time_limit_ms") + 1] == "1000"


def test_publish_command_line(tmp_path):
    out = subprocess.run([sys.executable, "-m", "scraper.publish", "cloudrun", "--db", "data/deals.db",
                          "--out", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.startswith("datasette publish cloudrun data/deals.db --metadata ")
    for part in ("--template-dir scraper/templates", "--plugins-dir scraper/plugins", "--install datasette-atom",
                 "--setting sql_time_limit_ms 1000", "--service ai-deals"):
        assert part in out, part
    assert yaml.safe_load((tmp_path / "metadata-public.yml").read_text())["allow_sql"] is False


@pytest.mark.slow
def test_plain_datasette_command_serves_the_same_site(sample_db, tmp_path):
    """The documented `datasette serve ...` line (no scraper code on the path but the plugin) serves the site."""
    import time

    import httpx

    db_path = tmp_path / "deals.db"
    shutil.copy(sample_db, db_path)
    port = free_port()
    line = subprocess.run([sys.executable, "-m", "scraper.publish", "serve", "--db", str(db_path),
                           "--out", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    args = line.split()
    assert args[0] == "datasette"
    proc = subprocess.Popen([str(Path(sys.executable).parent / "datasette"), *args[1:], "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.time() + 30
        while True:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/deals/deals/{GRAVITON}", timeout=2)
                break
            except httpx.TransportError:
                if time.time() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        assert page.status_code == 200 and "<mark>millions of AWS Graviton chips</mark>" in page.text
        assert httpx.get(f"http://127.0.0.1:{port}/deals/new_deals_feed.atom").status_code == 200
    finally:
        proc.terminate()
        proc.communicate(timeout=15)
