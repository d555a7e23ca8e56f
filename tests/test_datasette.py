"""Datasette serves the database with the project's metadata.yml."""

from __future__ import annotations

import asyncio
import json

import yaml
from datasette.app import Datasette

from conftest import ROOT, datasette_site, free_port


def get(ds: Datasette, path: str):
    async def fetch():
        return await ds.client.get(path)

    return asyncio.run(fetch())


datasette = datasette_site  # with the plugin, templates and settings of `scraper serve` (conftest)


def test_deals_and_claims_json_show_the_seed_deal(sample_db):
    ds = datasette(sample_db)
    deals = get(ds, "/deals/deals.json?_shape=array")
    assert deals.status_code == 200
    graviton = [d for d in deals.json() if set(json.loads(d["parties"])) == {"Amazon", "Meta"}]
    assert len(graviton) == 1 and graviton[0]["disputed"] == 1 and graviton[0]["outlets"] == 2
    claims = get(ds, f"/deals/claims.json?_shape=array&deal_id={graviton[0]['id']}")
    assert claims.status_code == 200
    units = {c["unit"] for c in claims.json() if c["kind"] == "quantity"}
    assert units == {"chips", "cores"}


def test_metadata_is_loaded(sample_db):
    ds = datasette(sample_db)
    page = get(ds, "/")
    assert page.status_code == 200 and "AI infrastructure deals" in page.text
    table = get(ds, "/deals/claims")
    assert table.status_code == 200
    assert "One row per figure stated by an article" in table.text


def test_every_table_has_a_description():
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text())
    tables = metadata["databases"]["deals"]["tables"]
    for name in ("sources", "pages", "runs", "articles", "companies", "chips", "claims", "deals"):
        assert tables[name]["description"], name


def test_full_text_search_on_claims(sample_db):
    ds = datasette(sample_db)
    found = get(ds, "/deals/claims.json?_shape=array&_search=Graviton")
    assert found.status_code == 200 and found.json()
    assert all("Graviton" in c["sentence"] or "Graviton" in c["text"] for c in found.json())


def test_scraper_serve_runs_datasette_and_stops_on_ctrl_c(sample_db, tmp_path):
    import shutil
    import signal
    import subprocess
    import sys
    import time

    import httpx

    db_path = tmp_path / "deals.db"
    shutil.copy(sample_db, db_path)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "scraper", "serve", "--db", str(db_path), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.time() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/deals/deals.json?_shape=array", timeout=2)
                break
            except httpx.TransportError:
                if time.time() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        assert response.status_code == 200
        assert any(d["slug"].startswith("amazon-meta-graviton5") for d in response.json())
        described = httpx.get(f"http://127.0.0.1:{port}/deals/claims", timeout=5)
        assert "One row per figure stated by an article" in described.text
    finally:
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=15)
    assert proc.returncode == 0, output
