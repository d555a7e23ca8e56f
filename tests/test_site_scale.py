"""What keeps the site fast at a million claims: link tables, indexes and the queries that read them."""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from datasette.app import Datasette

from conftest import FIXTURES, ROOT, datasette_site
from scraper import db as store

SEED_PARTIES = {"Amazon": 3, "Meta": 2, "Anthropic": 2, "Google": 1}  # deals per company in the seed articles


site = datasette_site  # Datasette as `scraper serve` configures it (conftest)


def get_json(ds: Datasette, path: str) -> Any:
    """GET a JSON page in-process, asserting it answered 200."""
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, response.text[:500]
    return response.json()


def link_rows(path: Path) -> tuple[list[tuple], list[tuple]]:
    """Every row of deal_parties and deal_chips, sorted."""
    with sqlite3.connect(path) as conn:
        return (sorted(conn.execute("select deal_id, company, role from deal_parties").fetchall()),
                sorted(conn.execute("select deal_id, chip, vendor from deal_chips").fetchall()))


def expected_links(path: Path) -> tuple[list[tuple], list[tuple]]:
    """The link rows the deals table itself implies (parties, roles, chips; vendors from the gazetteer)."""
    with sqlite3.connect(path) as conn:
        vendors = dict(conn.execute("select name, vendor from chips").fetchall())
        parties, chips = [], []
        for deal_id, party_json, roles_json, chip_json in conn.execute("select id, parties, roles, chips from deals"):
            roles = json.loads(roles_json or "{}")
            parties += [(deal_id, name, roles.get(name)) for name in json.loads(party_json)]
            chips += [(deal_id, name, vendors.get(name)) for name in json.loads(chip_json)]
    return sorted(parties), sorted(chips)


@pytest.fixture
def copy(sample_db, tmp_path) -> Path:
    """A copy of the seed database that a test may change."""
    path = tmp_path / "deals.db"
    shutil.copy(sample_db, path)
    return path


def test_link_tables_follow_the_deals_after_link_twice(copy):
    before = link_rows(copy)
    assert before == expected_links(copy)
    assert {p[1] for p in before[0]} == set(SEED_PARTIES) and before[1]  # the seed fills both tables
    runs = []
    for _ in range(2):
        subprocess.run([sys.executable, "-m", "scraper", "link", "--db", str(copy)], cwd=ROOT, check=True,
                       capture_output=True, timeout=120)
        runs.append(link_rows(copy))
    assert runs[0] == runs[1] == before == expected_links(copy)
    parties, chips = runs[1]
    assert len(parties) == len(set(p[:2] for p in parties)) and len(chips) == len(set(c[:2] for c in chips))
    graviton = [c for c in chips if c[1] == "Graviton5"]
    assert len(graviton) == 1 and graviton[0][2] == "Amazon"
    with sqlite3.connect(copy) as conn:
        assert conn.execute("pragma foreign_key_check(deal_parties)").fetchall() == []
        assert conn.execute("select count(*) from deal_parties where deal_id not in (select id from deals)"
                            ).fetchone()[0] == 0


def test_save_deals_replaces_the_link_rows_of_deals_that_went_away(copy):
    db = store.open_db(copy)
    store.save_deals(db, [], {})
    db.close()
    assert link_rows(copy) == ([], [])


def test_company_facet_counts_deals_through_datasette(sample_db):
    ds = site(sample_db)
    page = get_json(ds, "/deals/deal_parties.json?_facet=company&_facet=role")
    assert {r["value"]: r["count"] for r in page["facet_results"]["company"]["results"]} == SEED_PARTIES
    # The same counts as the (slow) facet over the deals' JSON arrays.
    slow = get_json(ds, "/deals/deals.json?_facet_array=parties&_size=0")["facet_results"]["parties"]["results"]
    assert {r["value"]: r["count"] for r in slow} == SEED_PARTIES
    vendors = get_json(ds, "/deals/deal_chips.json?_facet=vendor")["facet_results"]["vendor"]["results"]
    assert [(r["value"], r["count"]) for r in vendors] == [("Amazon", 1)]
    # Selecting a facet value (case does not matter) lists that company's deals, shown by their titles.
    amazon = get_json(ds, "/deals/deal_parties.json?company=amazon&_labels=on&_shape=array")
    assert sorted(r["deal_id"]["label"] for r in amazon) == [
        "Amazon – Anthropic deal", "Amazon – Anthropic investment", "Amazon – Meta deal (Graviton5)"]
    html = asyncio.run(ds.client.get("/deals/deals"))
    assert 'href="deal_parties?_facet=company' in html.text


def test_deals_by_company_reads_the_link_table(copy):
    sql = yaml.safe_load((ROOT / "metadata.yml").read_text())["databases"]["deals"]["queries"][
        "deals_by_company"]["sql"]
    assert "deal_parties" in sql and "json_each" not in sql
    with sqlite3.connect(copy) as conn:
        plan = " | ".join(r[3] for r in conn.execute(f"explain query plan {sql}", {"company": "Amazon", "page": ""}))
        assert "SEARCH deal_parties USING COVERING INDEX idx_deal_parties_company_deal_id (company=?)" in plan, plan
        assert "SCAN deals" not in plan, plan
    assert len(get_json(site(copy), "/deals/deals_by_company.json?company=AMAZON&_shape=array")) == 3
    with sqlite3.connect(copy) as conn:  # the deals still name Amazon in their JSON; the link table no longer
        conn.execute("delete from deal_parties where company = 'Amazon'")
    assert get_json(site(copy), "/deals/deals_by_company.json?company=Amazon&_shape=array") == []


@pytest.mark.parametrize("name, params", [
    ("deals_by_chip", {"chip_or_vendor": "Amazon", "page": ""}),
    ("value_by_company", {}),
    ("value_by_vendor", {}),
    ("unknown_organisations", {}),
])
def test_company_and_chip_queries_read_indexes_not_json(sample_db, name, params):
    sql = yaml.safe_load((ROOT / "metadata.yml").read_text())["databases"]["deals"]["queries"][name]["sql"]
    assert "json_each" not in sql
    with sqlite3.connect(sample_db) as conn:
        plan = " | ".join(r[3] for r in conn.execute(f"explain query plan {sql}", params))
    assert "SCAN deals" not in plan and "INDEX" in plan, plan


def index_heads(conn: sqlite3.Connection, table: str) -> set[tuple[str, ...]]:
    """The column lists of every index of a table (primary keys and unique constraints too)."""
    heads = set()
    for index in conn.execute(f"pragma index_list([{table}])").fetchall():
        heads.add(tuple(r[2] for r in conn.execute(f"pragma index_info([{index[1]}])")))
    return heads


def test_ensure_schema_upgrades_an_old_database_with_indexes_and_filled_link_tables(tmp_path):
    old = tmp_path / "old.db"
    with sqlite3.connect(old) as conn:
        conn.executescript((FIXTURES / "schema_v0.1.0.sql").read_text(encoding="utf-8"))
        assert not conn.execute("select 1 from sqlite_master where name = 'deal_parties'").fetchall()
    store.open_db(old).close()
    with sqlite3.connect(old) as conn:
        for table, column_lists in store.INDEXES.items():
            heads = index_heads(conn, table)
            for columns in column_lists:
                assert tuple(columns) in heads, (table, columns)
        assert ("deal_id", "company") in index_heads(conn, "deal_parties")  # the primary key: by deal
        assert ("deal_id", "chip") in index_heads(conn, "deal_chips")
        # The deal of the old release gets its link rows at once, not at the next `link`.
        assert conn.execute("select deal_id, company, role from deal_parties order by company").fetchall() == [
            ("d1", "Google", None), ("d1", "Meta", None)]
        schema = conn.execute("select type, name, sql from sqlite_master order by name").fetchall()
    db = store.open_db(old)  # again: nothing changes, nothing is duplicated
    assert db["deal_parties"].count == 2 and store.check(db) == []
    db.close()
    with sqlite3.connect(old) as conn:
        assert conn.execute("select type, name, sql from sqlite_master order by name").fetchall() == schema


def test_every_facet_of_metadata_has_an_index(sample_db):
    tables = yaml.safe_load((ROOT / "metadata.yml").read_text())["databases"]["deals"]["tables"]
    with sqlite3.connect(sample_db) as conn:
        real = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
        checked = 0
        for table, config in tables.items():
            if table not in real:
                continue  # a view: its facets are indexed through the tables it reads
            heads = {columns[0] for columns in index_heads(conn, table)}
            for facet in config.get("facets", []):
                assert isinstance(facet, str) and facet in heads, (table, facet)
                checked += 1
            sort = config.get("sort_desc") or config.get("sort")
            if sort and sort not in ("id", "name"):
                assert sort in heads, (table, sort)
    assert checked >= 15


def test_timeline_and_deal_sheet_pages_read_an_index_in_order(sample_db):
    queries = yaml.safe_load((ROOT / "metadata.yml").read_text())["databases"]["deals"]["queries"]
    with sqlite3.connect(sample_db) as conn:
        timeline = " | ".join(r[3] for r in conn.execute(f"explain query plan {queries['deal_timeline']['sql']}",
                                                         {"page": ""}))
        # The deal sheet page as Datasette asks for it: the view, sorted by first_reported (metadata.yml).
        sheet = " | ".join(r[3] for r in conn.execute(
            "explain query plan select * from deal_sheet order by first_reported desc limit 51"))
        count = " | ".join(r[3] for r in conn.execute("explain query plan select count(*) from deal_sheet"))
    assert "claims" not in timeline.replace("deal_claims", "") and "TEMP B-TREE" not in timeline, timeline
    assert "INDEX" in timeline, timeline
    assert "TEMP B-TREE" not in sheet and "first_reported" in sheet, sheet
    assert "TEMP B-TREE" not in count and "CO-ROUTINE" not in count, count  # a count, not a sorted copy of the view
