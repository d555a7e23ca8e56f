"""The analyst's site on a fixed database written through db.save_* (tests/site_fixture.py), through ds.client."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from datasette.app import Datasette

import site_fixture as fx
from conftest import ROOT
from scraper import publish


def site(db_path: Path, **settings: Any) -> Datasette:
    """Datasette configured as `scraper serve` configures it, plus any extra settings."""
    typed = {k: (v == "on") if v in ("on", "off") else int(v) if v.isdigit() else v
             for k, v in publish.settings().items()}
    return Datasette([str(db_path)], metadata=publish.load_metadata(ROOT / "metadata.yml", "deals"),
                     settings={**typed, **settings}, template_dir=str(publish.TEMPLATES_DIR),
                     plugins_dir=str(publish.PLUGINS_DIR))


def get(ds: Datasette, path: str):
    """GET a page in-process."""
    return asyncio.run(ds.client.get(path))


@pytest.fixture(scope="module")
def fixture(tmp_path_factory) -> tuple[Path, dict[str, Any]]:
    path = tmp_path_factory.mktemp("site") / "deals.db"
    return path, fx.build(path)


@pytest.fixture(scope="module")
def ds(fixture) -> Datasette:
    return site(fixture[0])


def html(ds: Datasette, path: str) -> str:
    response = get(ds, path)
    assert response.status_code == 200, (path, response.text[-1000:])
    return response.text


def test_deal_sheet_rows(ds):
    rows = {r["deal_id"]: r for r in get(ds, "/deals/deal_sheet.json?_shape=array").json()}
    supply = rows[fx.SUPPLY]
    assert (supply["deal_type"], supply["buyer"], supply["seller"]) == ("supply/purchase", "CoreWeave", "Nvidia")
    assert (supply["quantity"], supply["quantity_unit"], supply["usd"]) == (2e5, "GPUs", 1.42e10)
    assert supply["disputed"] == "disputed" and "2,000,000" in supply["dispute_reason"]
    assert supply["status"] == "changed" and supply["first_reported"] == "2025-10-02T08:00:00Z"
    cloud = rows[fx.CLOUD]
    assert (cloud["deal_type"], cloud["buyer"], cloud["seller"], cloud["value_qualifier"]) == (
        "cloud contract", "OpenAI", "Amazon", "approx")
    assert cloud["duration_years"] == 5
    invest = rows[fx.INVEST]
    assert (invest["deal_type"], invest["buyer"], invest["seller"]) == ("investment", "Amazon", "OpenAI")
    assert list(rows) == [fx.INVEST, fx.CLOUD, fx.SUPPLY]  # newest first


def test_deal_sheet_page_reads_well_and_its_csv_keeps_raw_values(ds):
    page = html(ds, "/deals/deal_sheet")
    for text in ("$14.2B", "200,000 GPUs", "~$1B", "5 years", "2 Oct 2025", "CoreWeave", "supply/purchase"):
        assert text in page, text
    assert f'<a href="/deals/deals/{fx.SUPPLY}">{fx.SUPPLY}</a>' in page
    assert '<a href="/deals/outlets/Wire+One">Wire One</a>' in page
    assert "[&#34;" not in page and "[]" not in page.split('<table class="rows-and-columns">')[1]
    rows = list(csv.DictReader(io.StringIO(get(ds, "/deals/deal_sheet.csv?_size=max").text)))
    supply = next(r for r in rows if r["deal_id"] == fx.SUPPLY)
    assert supply["usd"] == "14200000000.0" and supply["quantity"] == "200000.0" and supply["chips"] == '["H100"]'


def test_deals_table_shows_the_sheet_first_and_no_json(ds):
    page = html(ds, "/deals/deals")
    table = page.split('<table class="rows-and-columns">')[1].split("</table>")[0]
    headers = re.findall(r'data-column="([^"]+)"', table)
    assert headers[:6] == ["id", "title", "deal_type", "buyer", "seller", "chips"]
    assert "summary" not in headers and "roles" not in headers and "consensus" not in table
    assert "≥ $10B" not in table and "$10B" in table and "~$1B" in table
    # The glossary is below the rows, collapsed.
    assert page.index('<table class="rows-and-columns">') < page.index('<details class="about-columns">')
    assert "<summary>About these columns</summary>" in page
    # The JSON keeps every column, summary included.
    row = get(ds, f"/deals/deals/{fx.SUPPLY}.json?_shape=array").json()[0]
    assert '"consensus"' in row["summary"] and row["usd"] == 1.42e10


@pytest.mark.parametrize("path, column, table", [
    ("/deals/largest_deals", "deal_id", "deals"),
    ("/deals/newest_deals", "deal_id", "deals"),
    ("/deals/deals_by_company?company=Nvidia", "deal_id", "deals"),
    ("/deals/deals_by_chip?chip_or_vendor=Nvidia", "deal_id", "deals"),
    ("/deals/disputed_claims", "deal_id", "deals"),
    ("/deals/deal_sheet", "deal_id", "deals"),
    ("/deals/disputed_deals", "id", None),
    ("/deals/deal_timeline", "deal_id", "deals"),
    (f"/deals/deal_timeline_for?deal={fx.SUPPLY}", "outlet", "outlets"),
    ("/deals/claim_changes", "deal_id", "deals"),
    ("/deals/claim_changes", "article_id", "articles"),
    ("/deals/outlier_claims", "claim_id", "claims"),
    ("/deals/outlier_claims", "deal_id", "deals"),
    ("/deals/deal_claims", "deal_id", "deals"),
    ("/deals/deal_claims", "article_id", "articles"),
    ("/deals/claims", "deal_id", "deals"),
    ("/deals/first_reporters", "outlet", "outlets"),
])
def test_every_id_is_a_link(ds, path, column, table):
    page = html(ds, path)
    cells = re.findall(rf'<td class="col-{column}(?: [^"]*)?">(.*?)</td>', page, re.S)
    assert cells, f"no {column} cells on {path}"
    for cell in cells:
        if table is None:  # a view's id column: a link to the deal page
            assert re.search(r'<a href="/deals/deals/[^"]+">', cell), cell
        else:
            assert re.search(rf'<a href="/deals/{table}/[^"]+">', cell), cell


def test_values_for_people_in_queries(ds):
    page = html(ds, "/deals/largest_deals")
    assert "$14.2B" in page and "~$1B" in page and "200,000 GPUs" in page and "14200000000" not in page.replace(
        'title="14,200,000,000 USD"', "")
    assert '<pre id="sql-query">' not in page and '<textarea id="sql-editor"' not in page  # hide_sql
    assert "<title>Largest deals: AI infrastructure deals</title>" in page
    newest = html(ds, "/deals/newest_deals")
    assert "≥ $10B" not in newest and "$10B" in newest and "1 Dec 2025" in newest  # one outlet says it exactly
    assert "2025-12-01T06:00:00Z" not in newest.replace('datetime="2025-12-01T06:00:00Z"', "").replace(
        'title="2025-12-01T06:00:00Z"', "")


def test_outlet_track_record(ds):
    rows = {r["outlet"]: r for r in get(ds, "/deals/outlets.json?_shape=array").json()}
    wire, daily, weekly = rows["Wire One"], rows["Daily Two"], rows["Weekly Three"]
    assert (wire["deals_reported"], wire["deals_first"], wire["outliers"], wire["corrections"]) == (3, 2, 0, 0)
    assert (daily["deals_first"], daily["outliers"], daily["within_consensus"], daily["figures_checked"]) == (1, 1, 2, 3)
    assert (weekly["deals_first"], weekly["corrections"], weekly["median_delay_hours"]) == (0, 1, 60.0)
    assert wire["median_delay_hours"] == 12.0 and wire["percent_within_consensus"] == 100.0
    page = html(ds, "/deals/outlets")
    assert "2.5 days" in page and "12 h" in page and "66.7%" in page


def test_outlet_page(ds, fixture):
    page = html(ds, "/deals/outlets/Daily+Two")
    assert "<title>Daily Two: track record</title>" in page
    assert "2,000,000 GPUs" in page and "200,000 GPUs" in page  # the outlier and the consensus
    outlier = fixture[1]["claims"]["daily-supply:2,000,000 GPUs"]
    assert f'href="/deals/claims/{outlier}"' in page and f'href="/deals/deals/{fx.SUPPLY}"' in page
    weekly = html(ds, "/deals/outlets/Weekly+Three")
    assert "$15 billion" in weekly and "$14 billion" in weekly  # its correction


def test_claim_page_links_to_article_stored_copy_and_deal(ds, fixture):
    claim = fixture[1]["claims"]["wire-supply:$14.2 billion"]
    article = fixture[1]["articles"]["wire-supply"]
    page = html(ds, f"/deals/claims/{claim}")
    assert "The H100 order is worth <mark>$14.2 billion</mark>" in page
    assert f'href="/deals/deals/{fx.SUPPLY}"' in page and 'href="https://wireone.example/nvidia-coreweave"' in page
    assert f'href="/deals/articles/{article}?claim={claim}#claim-{claim}"' in page
    stored = html(ds, f"/deals/articles/{article}?claim={claim}")
    assert f'<mark id="claim-{claim}" class="selected"' in stored and ">$14.2 billion</mark>" in stored
    assert "<mark" in stored.split(">$14.2 billion</mark>")[0].rsplit("200,000 GPUs", 1)[0]  # every figure marked
    assert f'href="/deals/deals/{fx.SUPPLY}"' in stored


def test_deal_page_roles_type_quantity_and_stored_copies(ds, fixture):
    page = html(ds, f"/deals/deals/{fx.SUPPLY}")
    assert re.search(r'CoreWeave</a> <span class="role">\(buyer\)</span> – <a [^>]+>Nvidia</a> '
                     r'<span class="role">\(seller\)</span>', page)
    assert "supply/purchase" in page and "200,000 GPUs" in page and "$14.2B" in page
    assert page.count('class="claim-stored"') == 6
    invest = html(ds, f"/deals/deals/{fx.INVEST}")
    assert "(investor)" in invest and "(investee)" in invest


def test_atom_entry_is_a_sentence(ds):
    feed = get(ds, "/deals/new_deals_feed.atom").text
    assert "CoreWeave – Nvidia deal (H100) ($14.2B)" in feed and "Amazon – OpenAI deal (~$1B)" in feed
    assert "CoreWeave and Nvidia: H100, 200,000 GPUs, reported by Wire One, Daily Two and Weekly Three" in feed


def test_footer_links_to_sources_and_readme(ds):
    page = html(ds, "/deals/deals")
    assert '<a class="footer-sources" href="/deals/sources">' in page
    assert "#how-the-site-is-built" in page


def test_base_url(fixture):
    prefixed = site(fixture[0], base_url="/tracker/")
    page = html(prefixed, f"/deals/deals/{fx.SUPPLY}")
    hrefs = re.findall(r'href="(/[^"]*)"', page)
    assert hrefs and all(h.startswith("/tracker/") for h in hrefs), [h for h in hrefs if not h.startswith("/tracker/")]
    for path in ("/deals/deal_sheet", "/deals/largest_deals", "/deals/outlets/Wire+One", "/-/charts"):
        text = html(prefixed, path)
        assert 'href="/deals/' not in text and "/tracker/deals/" in text, path
    assert '<a class="footer-sources" href="/tracker/deals/sources">' in html(prefixed, "/deals/outlets")


def evidence_section(page: str) -> str:
    """The deal page's "Why these reports are one deal" block."""
    assert page.count('<details class="deal-evidence">') == 1, "one collapsed evidence section"
    return page.split('<details class="deal-evidence">')[1].split("</details>")[0]


def test_deal_page_says_why_its_reports_are_one_deal(ds, fixture):
    section = evidence_section(html(ds, f"/deals/deals/{fx.SUPPLY}"))
    assert "<summary>Why these reports are one deal</summary>" in section
    first, daily, weekly = re.split(r'<li class="evidence-report">', section)
    assert '<a href="/deals/outlets/Wire+One">Wire One</a>, 2 Oct 2025' in first  # the first report, no probability
    assert f'href="/deals/articles/{fixture[1]["articles"]["wire-supply"]}"' in first
    assert "Daily Two</a></strong>, 3 Oct 2025" in daily and ">91%</strong> likely the same deal" in daily
    # The strongest four reasons for, in plain words and strongest first; the conflict as a reason against.
    assert ("For: the same chips; names the same two parties; a compatible amount; the same specific figure."
            in daily)
    assert "Against: conflicting chip counts." in daily and "shared2" not in daily and "days" not in daily
    assert "Weekly Three</a></strong>, 4 Oct 2025" in weekly and "95%</strong>" in weekly
    assert "(average over 2 reports)" in weekly and "a compatible chip count" in weekly and "similar wording" in weekly
    assert "Against" not in weekly
    assert f'href="/deals/deal_evidence?deal_id={fx.SUPPLY}"' in section
    merged = evidence_section(html(ds, f"/deals/deals/{fx.INVEST}"))
    assert "came with a group of reports merged into the deal" in merged and "73%" in merged
    assert "Against: one reports an expansion, the other does not." in merged
    assert '<details class="deal-evidence">' not in html(ds, f"/deals/deals/{fx.CLOUD}")  # one report: no section


def test_evidence_in_plain_words():
    from scraper.plugins import deals_site

    features = {"days": 3 / 365, "place_conflict": 1.0, "power_match": 1.0}
    contributions = {"days": -0.03, "place_conflict": -2.237, "power_match": 1.27, "cosine": 0.2, "in_passing": 0.0}
    assert deals_site.reasons(contributions, features) == (
        ["compatible capacity (GW)", "similar wording"], ["different places"])
    assert deals_site.reason_text("days", {"days": 10 / 365}) == "published 10 days apart"
    assert deals_site.reason_text("days", {"days": 1 / 365}) == "published 1 day apart"
    assert deals_site.reason_text("days", {"days": 0.0}) == "published the same day"
    assert deals_site.reason_text("place_match", {"place_match": 1.0}) == "the same place"
    assert deals_site.reason_text("place_match", {"place_match": 0.5}) == "a place inside the other's (a region and its country)"
    assert [deals_site.percent_text(p) for p in (0.9135, 0.9996, 0.004, 1.0)] == ["91%", "99.9%", "under 1%", "100%"]
    from scraper.deals import FEATURES  # every piece of evidence the model weighs has words a reader understands
    assert [name for name in FEATURES if name != "days" and name not in deals_site.REASONS] == []
    assert deals_site.reason_text("duration_match", {}) == "the same term"


def test_deal_evidence_table_reads_well(ds):
    page = html(ds, f"/deals/deal_evidence?deal_id={fx.SUPPLY}")
    table = page.split('<table class="rows-and-columns">')[1].split("</table>")[0]
    cells = re.findall(r'<td class="col-deal_id[^"]*">(.*?)</td>', table, re.S)
    assert len(cells) == 3 and all(f'<a href="/deals/deals/{fx.SUPPLY}">' in c for c in cells)
    assert "the same chips +1.76, names the same two parties +1.63, a compatible amount +1.38" in table
    assert "conflicting chip counts -0.42" in table and "91%" in table
    assert "{&#34;" not in table and "{}" not in table
    row = get(ds, f"/deals/deal_evidence.json?deal_id={fx.SUPPLY}&_shape=array").json()[1]
    assert row["probability"] == 0.9135 and '"shared2": 1.627' in row["contributions"]


def test_paged_queries(ds):
    page = html(ds, "/deals/deals_by_company?company=Amazon")
    table = page.split('<table class="rows-and-columns">')[1].split("</table>")[0]
    assert table.count("<tr>") == 3 and '<p class="site-pages">Page 1</p>' in page  # a header and two deals
    second = html(ds, "/deals/deals_by_company?company=Amazon&page=2")
    assert "0 results" in second and 'class="next-page"' not in second
    assert '<a class="previous-page" href="/deals/deals_by_company?company=Amazon">previous 100</a>' in second
    rows = get(ds, "/deals/deals_by_chip.json?chip_or_vendor=Nvidia&_shape=array").json()
    assert [r["deal_id"] for r in rows] == [fx.SUPPLY]
    assert get(ds, "/deals/deals_by_chip.json?chip_or_vendor=Nvidia&page=2&_shape=array").json() == []


def test_page_links_keep_the_parameters(fixture, ds):
    from datasette.utils import MultiParams

    from scraper.plugins import deals_site

    links = deals_site.page_links(site(fixture[0], base_url="/tracker/"), "deals", "deals_by_company",
                                  MultiParams({"company": ["Nvidia"], "page": ["3"], "_hide_sql": ["1"]}))
    assert links["site_page"] == 3 and links["site_page_size"] == 100
    assert links["site_next_page"] == "/tracker/deals/deals_by_company?company=Nvidia&page=4"
    assert links["site_previous_page"] == "/tracker/deals/deals_by_company?company=Nvidia&page=2"
    first = deals_site.page_links(ds, "deals", "deal_timeline", MultiParams({"page": ["x"]}))
    assert first["site_page"] == 1 and first["site_previous_page"] is None


def test_deal_timeline_reads_the_precomputed_claims(ds):
    rows = get(ds, "/deals/deal_timeline.json?_shape=array").json()
    assert [r["deal_id"] for r in rows] == sorted(r["deal_id"] for r in rows)
    supply = [r for r in rows if r["deal_id"] == fx.SUPPLY]
    assert [r["first_seen"] for r in supply] == sorted(r["first_seen"] for r in supply)
    assert {(r["outlet"], r["said"]) for r in supply if r["field"] == "quantity"} == {
        ("Wire One", "200,000 GPUs"), ("Daily Two", "2,000,000 GPUs"), ("Weekly Three", "200,000 GPUs")}
    page = html(ds, "/deals/deal_timeline")
    assert "<title>Deals&#39; timelines: AI infrastructure deals</title>" in page
    assert '<p class="site-pages">Page 1</p>' in page and "2 Oct 2025" in page


@pytest.mark.parametrize("base_url", ["/", "/tracker/"])
def test_description_links_work_under_base_url(fixture, base_url):
    from urllib.parse import urljoin

    prefixed = site(fixture[0], base_url=base_url)
    for page in ("/", "/deals/deals", "/deals/claims"):
        at = base_url.rstrip("/") + page if page != "/" else base_url
        text = html(prefixed, page)
        description = text.split('<div class="metadata-description">')[1].split("</div>")[0]
        hrefs = [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', description)]
        assert len(hrefs) >= 5, page
        for href in hrefs:
            target = urljoin("http://localhost" + at, href).removeprefix("http://localhost")
            assert target.startswith(base_url), (page, href, target)
            response = get(prefixed, "/" + target.removeprefix(base_url))
            assert response.status_code == 200, (page, href, target)


def test_facets_that_matter_first(ds):
    facets = lambda path: re.findall(r'<div class="facet-info [^"]*" id="facet-([^"]+)"', html(ds, path))
    assert facets("/deals/deals") == ["deal_type", "status", "disputed"]
    assert facets("/deals/deal_sheet") == ["deal_type", "status"]
    assert facets("/deals/deal_claims")[0] == "outlet"
    page = html(ds, "/deals/deals")
    facet = page.split('id="facet-deal_type"')[1].split("</ul>")[0]
    assert "supply/purchase" in facet and "cloud contract" in facet and "investment" in facet


def headers(page: str) -> dict[str, str]:
    """The header of each column of the page's table, by its raw name (data-column)."""
    table = page.split('<table class="rows-and-columns">')[1].split("</thead>")[0]
    return {name: re.sub(r"<[^>]+>|&nbsp;[▲▼]|\s+", " ", label).strip()
            for name, label in re.findall(r'<th [^>]*data-column="([^"]+)"[^>]*>(.*?)</th>', table, re.S)}


@pytest.mark.parametrize("path, expected", [
    ("/deals/deals", {"id": "Id", "title": "Deal", "deal_type": "Type", "usd": "Value", "usd_low": "Lowest value",
                      "usd_high": "Highest value", "first_reported": "First reported", "outlet_names": "Reported by",
                      "dispute_reason": "Why disputed"}),
    ("/deals/deal_sheet", {"deal_id": "Id", "deal": "Deal", "duration_years": "Duration", "outlets": "Outlets (count)"}),
    ("/deals/claims", {"id": "Claim", "article_id": "Article", "deal_id": "Deal", "qualifier": "Hedge"}),
    ("/deals/outlets", {"outlet": "Outlet", "deals_reported": "Deals reported", "percent_first": "Share first",
                        "median_delay_hours": "Median delay", "first_report": "First report"}),
    ("/deals/largest_deals", {"deal_id": "Id", "deal": "Deal", "usd_low": "Lowest value",
                              "first_reported": "First reported"}),
    ("/deals/deals_by_company?company=Nvidia", {"deal_id": "Id", "deal_type": "Type"}),
])
def test_column_headers_for_people_while_json_and_csv_keep_the_names(ds, path, expected):
    shown = headers(html(ds, path))
    for name, label in expected.items():
        assert shown[name] == label, (path, name, shown)
    assert not any("_" in label for label in shown.values()), shown
    json_path = path.replace("?", ".json?_shape=array&", 1) if "?" in path else path + ".json?_shape=array"
    assert set(expected) <= set(get(ds, json_path).json()[0])
    csv_path = path.replace("?", ".csv?", 1) if "?" in path else path + ".csv"
    assert set(expected) <= set(next(csv.DictReader(io.StringIO(get(ds, csv_path).text))))


def test_facets_and_glossary_for_people(ds):
    page = html(ds, "/deals/deals?_facet=disputed")
    facet = page.split('id="facet-disputed"')[1].split("</div>")[0]
    assert "<strong>Disputed" in facet and ">disputed</a>" in facet and ">not disputed</a>" in facet
    assert "<strong>Type" in page.split('id="facet-deal_type"')[1].split("</div>")[0]
    about = page.split('<details class="about-columns">')[1].split("</details>")[0]
    assert "<dt>Lowest value <code>usd_low</code></dt>" in about
    query = html(ds, "/deals/largest_deals")
    assert "Custom SQL query" not in query and re.search(r'<p class="query-summary">\d+ rows?', query)


def test_deal_timeline_view_reads_deal_claims_not_every_claim(fixture):
    import sqlite3

    conn = sqlite3.connect(fixture[0])
    plan = " | ".join(r[3] for r in conn.execute("explain query plan select * from deal_timeline"))
    assert "deal_claims" in plan and "claims " not in plan.replace("deal_claims", ""), plan
    rows = conn.execute("select deal_id, field, outlet, first_seen from deal_timeline").fetchall()
    assert rows and rows == sorted(rows, key=lambda r: (r[0], r[3], r[2]))
    assert {r[0] for r in rows} >= {fx.SUPPLY, fx.CLOUD}


def test_home_links_the_deal_sheet_and_outlets_and_every_source_line_links_the_sources(ds):
    page = html(ds, "/")
    assert 'href="deals/deal_sheet"' in page and 'href="deals/outlets"' in page
    for path in ("/", "/deals/deals", "/deals/outlets"):
        line = html(ds, path).split('<p class="source-license">')[1].split("</p>")[0]
        assert '<a class="source-link" href="/deals/sources">' in line, (path, line)
    described = html(ds, "/deals/deals").split('<div class="metadata-description">')[1].split("</div>")[0]
    assert "_facet_array" not in described and 'href="deal_sheet"' in described
    assert "_facet_array" not in html(ds, "/deals/claims").split('<div class="metadata-description">')[1]


def test_charts_are_kept_until_the_database_changes(fixture, tmp_path):
    import shutil
    import sqlite3

    path = tmp_path / "deals.db"
    shutil.copy(fixture[0], path)
    ds = site(path)
    assert "14.2" in html(ds, "/-/charts")
    with sqlite3.connect(path) as conn:
        conn.execute("update deals set usd = 9.9e12 where id = ?", [fx.SUPPLY])
    assert '"usd_text": "$9.90 trillion"' in html(ds, "/-/charts")


def test_canned_queries_leave_their_helper_columns_to_json_and_csv(ds):
    page = html(ds, "/deals/largest_deals")
    shown = headers(page)
    assert "usd" in shown and "quantity" in shown
    assert "value_qualifier" not in shown and "quantity_unit" not in shown
    assert "col-value_qualifier" not in page and "col-quantity_unit" not in page
    assert "show SQL" in page
    row = get(ds, "/deals/largest_deals.json?_shape=array").json()[0]
    assert "value_qualifier" in row and "quantity_unit" in row


def test_claims_table_reads_as_figures_in_words(ds, fixture):
    page = html(ds, "/deals/claims")
    shown = list(headers(page))
    assert shown[:4] == ["id", "text", "kind", "value"] and "start" not in shown and "extractor_version" not in shown
    table = page.split('<table class="rows-and-columns">')[1].split("</thead>")[1].split("</table>")[0]
    assert "order_of_magnitude" not in table and "deal_value" not in table and "up_to" not in table
    assert "deal value" in table
    row = get(ds, "/deals/claims.json?_shape=array&_size=1").json()[0]
    assert "start" in row and "extractor_version" in row
    deal = html(ds, f"/deals/deals/{fx.SUPPLY}")
    assert "deal_value" not in deal.split("What each outlet said")[1].split("Every column")[0]


def test_feed_links_follow_the_database_name(fixture, tmp_path):
    import shutil

    path = tmp_path / "site3.db"
    shutil.copy(fixture[0], path)
    typed = {k: (v == "on") if v in ("on", "off") else int(v) if v.isdigit() else v
             for k, v in publish.settings().items()}
    ds = Datasette([str(path)], metadata=publish.load_metadata(ROOT / "metadata.yml", "site3"), settings=typed,
                   template_dir=str(publish.TEMPLATES_DIR), plugins_dir=str(publish.PLUGINS_DIR))
    feed = get(ds, "/site3/new_deals_feed.atom").text
    links = re.findall(r'<link href="http://localhost(/[^"]+)"/>', feed)
    assert links and all(link.startswith("/site3/deals/") for link in links), links
    assert get(ds, links[0]).status_code == 200
    assert "localhost/deals/" not in get(ds, "/site3/figure_changes_feed.atom").text


@pytest.mark.parametrize("path", ["/deals/deal_evidence", "/deals/deal_claims", "/deals/disputed_claims"])
def test_article_urls_offer_the_stored_copy(ds, path):
    page = html(ds, path)
    cells = re.findall(r'<td class="col-article_url(?: [^"]*)?">(.*?)</td>', page, re.S)
    assert cells, path
    for cell in cells:
        original, stored = re.findall(r'<a href="([^"]+)"', cell)
        assert original.startswith("http") and stored.startswith("/deals/articles/"), cell
        assert get(ds, stored).status_code == 200, stored


def test_a_quantity_written_in_words_keeps_its_hedge(ds):
    from scraper.plugins import deals_site

    worded = {"quantity_unit": "cores", "quantity_text": "tens of millions of cores"}
    shown = deals_site.cell_text(worded, 1e7, "quantity", "deals", "deals", None)
    assert shown == '<span title="tens of millions of cores">≥ 10,000,000 cores</span>'
    exact = {"quantity_unit": "GPUs", "quantity_text": "200,000 GPUs"}
    assert deals_site.cell_text(exact, 2e5, "quantity", "deal_sheet", "deals", None) == "200,000 GPUs"
    page = html(ds, "/deals/deal_sheet")
    assert "quantity_text" not in headers(page) and "200,000 GPUs" in page
    assert "quantity_text" in get(ds, "/deals/deal_sheet.json?_shape=array").json()[0]


@pytest.mark.parametrize("path, title", [("/deals/deals", "Deals"), ("/deals/deal_sheet", "Deal sheet"),
                                         ("/deals/outlets", "Outlets&#39; track record")])
def test_table_pages_have_titles_of_their_own(ds, path, title):
    page = html(ds, path)
    assert f"<title>{title}: AI infrastructure deals</title>" in page
    assert re.search(rf"<h1>{title}( \(view\))?</h1>", page), page.split("<h1")[1][:200]


def test_deal_sheet_explains_its_columns_below_the_rows(ds):
    page = html(ds, "/deals/deal_sheet")
    about = page.split('<details class="about-columns">')[1].split("</details>")[0]
    assert "<dt>Why disputed <code>dispute_reason</code></dt>" in about
    assert "value_qualifier" not in about and "quantity_unit" not in about  # hidden on the page, so not explained


def test_a_claims_search_is_counted_by_the_full_text_index(ds, fixture):
    import sqlite3

    conn = sqlite3.connect(fixture[0])
    word = "billion"
    expected = conn.execute("select count(*) from claims_fts where claims_fts match ?", [word]).fetchone()[0]
    assert expected > 0
    # HTML: Datasette's count is skipped (it looks up every hit) and the index's count is shown instead
    page = html(ds, f"/deals/claims?_search={word}&_sort_desc=published")
    assert f"{expected:,} row" in page
    data = get(ds, f"/deals/claims.json?_search={word}&_shape=objects").json()
    assert len(data["rows"]) == min(expected, 50) and data["filtered_table_rows_count"] is None
    # other tables keep Datasette's count
    articles = get(ds, "/deals/articles.json?_search=Amazon").json()
    assert articles["filtered_table_rows_count"] is not None


def test_a_plain_claims_search_opens_the_search_page(ds, fixture):
    import sqlite3

    conn = sqlite3.connect(fixture[0])
    word = "billion"
    hits = conn.execute("select c.id, c.text from claims_fts f join claims c on c.rowid = f.rowid"
                        " where claims_fts match ? order by f.rowid desc", [word]).fetchall()
    redirect = get(ds, f"/deals/claims?_search={word}")
    assert redirect.status_code == 302 and redirect.headers["location"] == f"/-/search?q={word}"
    page = html(ds, f"/-/search?q={word}")
    assert f"<strong>{len(hits)}</strong> claim" in page
    # every hit, latest stored first, links to its claim, with its figure marked in the sentence
    positions = [page.index(f'/deals/claims/{claim_id}"') for claim_id, _ in hits]
    assert positions == sorted(positions)
    assert all(f"<mark>{text}</mark>" in page for _, text in hits if "&" not in text)
    assert "Filter or facet them in the claims table" in page
    # a search with a filter stays on the table page
    assert get(ds, f"/deals/claims?_search={word}&kind=money").status_code == 200
    assert "<strong>0</strong> claims match" in html(ds, "/-/search?q=nosuchwordanywhere")


def test_the_search_page_pages_through_older_matches(ds, fixture, monkeypatch):
    from datasette.plugins import pm

    for plugin in pm.get_plugins():  # the plugin module Datasette loaded from scraper/plugins (maybe twice)
        if hasattr(plugin, "search_page"):
            monkeypatch.setattr(plugin, "SEARCH_PAGE_SIZE", 2)
    first = html(ds, "/-/search?q=billion")
    assert first.count('<div class="meta">') == 2 and "Older matches" in first
    link = [part for part in first.split('"') if part.startswith("/-/search?q=billion&amp;before=")][0]
    second = html(ds, link.replace("&amp;", "&"))
    assert "(older ones)" in second and second.count('<div class="meta">') >= 1
    shown = {part for page in (first, second) for part in page.split('"') if part.startswith("/deals/claims/")}
    assert len(shown) >= 3  # the second page shows claims the first did not


def test_searches_with_filters_keep_datasettes_count_and_odd_searches_do_not_fail(ds):
    filtered = get(ds, "/deals/claims.json?_search=billion&kind=money").json()
    assert filtered["filtered_table_rows_count"] == len(filtered["rows"])  # Datasette's own, filter included
    raw = get(ds, "/deals/claims.json?_search=billion&_searchmode=raw").json()
    assert raw["filtered_table_rows_count"] == len(raw["rows"])
    for query in ("%22", "%22%22%22%22", "billion&before=%C2%B2", "billion&before=99999999999999999999999"):
        response = get(ds, f"/-/search?q={query}")
        assert response.status_code == 200, query
    assert "no words to search for" in get(ds, "/-/search?q=%22").text
