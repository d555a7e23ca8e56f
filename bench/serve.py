"""Benchmark the published site: Datasette over 1,000,000 synthetic claims in 50,000 deals.

    .venv/bin/python bench/serve.py [--claims 1000000] [--deals 50000] [--requests 30] [--db PATH] [--public]

Builds the database with scraper.db.open_db (the real tables, indexes, FTS and views) and stores the
deals with scraper.db.save_deals, the path `scraper link` takes (so the deal_parties and deal_chips
link tables are filled as in production); starts Datasette on loopback exactly as `scraper serve` does
(publish.datasette_args: metadata.yml, templates, plugins, settings), and reports p50/p95 latency of the
pages of the site. Target: p50 < 100 ms for every page, view, facet and canned query an analyst opens (those
marked True in PAGES are checked; exit status 1 when one misses). With --db an existing benchmark
database is reused (open_db upgrades its schema first).
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scraper.db import open_db, save_deals, save_site_tables  # noqa: E402
from scraper.models import Deal  # noqa: E402
from scraper.publish import datasette_args  # noqa: E402

COMPANIES = ["Amazon", "Microsoft", "Google", "Meta", "Oracle", "Nvidia", "AMD", "OpenAI", "Anthropic", "xAI",
             "CoreWeave", "Nebius", "Lambda", "Crusoe", "SoftBank", "Broadcom", "Intel", "Apple", "Tesla", "Mistral"]
CHIPS = [("H100", "Nvidia"), ("H200", "Nvidia"), ("GB200", "Nvidia"), ("B200", "Nvidia"), ("MI300X", "AMD"),
         ("MI355X", "AMD"), ("Trainium2", "Amazon"), ("Graviton5", "Amazon"), ("TPU v7", "Google"),
         ("Maia 100", "Microsoft")]
OUTLETS = [f"Outlet {i:02d}" for i in range(60)]
WORDS = ("signed agreement deal capacity cloud compute gigawatt datacenter cluster contract expansion "
         "investment billion chips accelerators racks servers training inference partnership supply").split()
KINDS = [("money", "USD", "deal_value"), ("quantity", "chips", "deal_value"), ("power", "GW", "deal_value"),
         ("duration", "years", "deal_value"), ("money", "USD", "investment"), ("quantity", "cores", "spec")]
QUALIFIERS = ["exact", "approx", "up_to", "at_least", "range", "multi", "order_of_magnitude"]


def build(path: Path, n_claims: int, n_deals: int) -> None:
    """Write a synthetic database: deals, articles and claims in the real schema."""
    started = time.perf_counter()
    db = open_db(path)
    rng = random.Random(7)
    db.table("companies").insert_all(({"name": c, "kind": "company", "country": "US"} for c in COMPANIES),
                                     pk="name", replace=True)
    db.table("chips").insert_all(({"name": n, "vendor": v, "family": n[:2], "kind": "gpu"} for n, v in CHIPS),
                                 pk="name", replace=True)
    db.table("sources").insert_all(({"name": o, "url": f"https://{i}.example/feed", "kind": "rss", "enabled": 1,
                                     "consecutive_failures": i % 3} for i, o in enumerate(OUTLETS)),
                                   pk="name", replace=True)
    deals = []
    for i in range(n_deals):
        parties = sorted(rng.sample(COMPANIES, 2))
        chips = [rng.choice(CHIPS)[0]] if rng.random() < 0.6 else []
        day = f"20{rng.randint(22, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00Z"
        usd = rng.choice([None, rng.uniform(1e7, 1e11)])
        outlets = sorted(rng.sample(OUTLETS, rng.randint(1, 4)))
        disputed = int(rng.random() < 0.08)
        deals.append({"id": f"d{i:07d}", "slug": f"{parties[0]}-{parties[1]}-{i}".lower(),
                      "title": f"{parties[0]} – {parties[1]} deal" + (f" ({chips[0]})" if chips else ""),
                      "parties": json.dumps(parties), "chips": json.dumps(chips), "first_reported": day,
                      "last_reported": day, "outlets": len(outlets), "outlet_names": json.dumps(outlets),
                      "claims": 0, "usd": usd, "usd_low": usd, "usd_high": usd, "disputed": disputed,
                      "dispute_reason": "quantity: outlets disagree" if disputed else None,
                      "roles": "{}", "summary": "{}"})
    # The real save path: deals rows and their link rows (deal_parties, deal_chips) in one transaction.
    save_deals(db, [deal_object(row, i) for i, row in enumerate(deals)], {})
    n_articles = max(1, n_claims // 10)
    articles = ({"id": f"a{i:07d}", "url": f"https://news{i % 60}.example/story/{i}", "outlet": OUTLETS[i % 60],
                 "title": f"{rng.choice(COMPANIES)} {rng.choice(WORDS)} {rng.choice(WORDS)} story {i}",
                 "published": f"20{rng.randint(22, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T00:00:00Z",
                 "text": " ".join(rng.choices(WORDS, k=40)), "is_article": 1, "is_deal": 1, "language": "en",
                 "relevance": 0.9} for i in range(n_articles))
    with db.atomic():
        db.table("articles").insert_all(articles, pk="id", batch_size=5000)

    def claims():
        for i in range(n_claims):
            deal = deals[rng.randrange(n_deals)]
            kind, unit, role = rng.choice(KINDS)
            value = rng.uniform(1, 1e11)
            company = json.loads(deal["parties"])
            text = f"${value / 1e9:.1f} billion" if kind == "money" else f"{value:,.0f} {unit}"
            chip = json.loads(deal["chips"])
            outlets = json.loads(deal["outlet_names"])
            rank = rng.randrange(len(outlets))  # the first outlet reports at first_reported, the others later
            outlet, published = outlets[rank], deal["first_reported"][:11] + f"{min(23, rank * 5):02d}:00:00Z"
            project = " for the Stargate campus" if i % 1000 == 0 else ""  # a rare name: 1 claim in 1,000
            sentence = (f"{company[0]} and {company[1]} {' '.join(rng.choices(WORDS, k=8))} {text} {' '.join(chip)} "
                        f"{' '.join(rng.choices(WORDS, k=6))}{project}.")
            yield {"id": f"c{i:08d}", "article_id": f"a{rng.randrange(n_articles):07d}", "deal_id": deal["id"],
                   "report": 0, "kind": kind, "value": value, "unit": unit, "currency": "USD" if kind == "money" else None,
                   "usd": value if kind == "money" else None, "qualifier": rng.choice(QUALIFIERS), "role": role,
                   "text": text, "sentence": sentence, "start": 0, "end": len(text), "companies": deal["parties"],
                   "chips": deal["chips"], "parties": deal["parties"], "roles": "{}", "in_passing": 0,
                   "outlet": outlet, "published": published, "extractor_version": "bench"}

    with db.atomic():
        db.table("claims").insert_all(claims(), pk="id", batch_size=5000)
    with db.atomic():  # what `scraper link` does after assigning the claims: the deal sheet and track records
        save_site_tables(db)
    db.execute("analyze")
    db.conn.commit()
    db.close()
    print(f"built {path} ({path.stat().st_size / 1e6:,.0f} MB): {n_deals:,} deals, {n_claims:,} claims, "
          f"{n_articles:,} articles in {time.perf_counter() - started:.0f} s", flush=True)


def deal_object(row: dict, i: int) -> Deal:
    """The Deal that save_deals stores as `row` (a third of the deals state the parties' roles)."""
    parties = json.loads(row["parties"])
    roles = dict(zip(parties, ("buyer", "supplier"))) if i % 3 == 0 else {}
    summary: dict = {"roles": roles}
    # Why the deal's reports are one deal (deal_evidence), one entry per outlet, as deals.py writes them.
    evidence = [{"article_url": f"https://{o.lower().replace(' ', '')}.example/{row['id']}", "report": 0, "outlet": o,
                 "published": row["first_reported"], "step": "first report" if n == 0 else "joined",
                 "compared_with": n, "probability": 1.0 if n == 0 else 0.9,
                 "features": {} if n == 0 else {"shared2": 1.0, "money_match": 1.0, "days": 0.01},
                 "contributions": {} if n == 0 else {"shared2": 1.627, "money_match": 1.376, "days": -0.037}}
                for n, o in enumerate(json.loads(row["outlet_names"]))]
    if row["usd"] is not None:
        summary["value"] = {"consensus": row["usd"], "low": row["usd"], "high": row["usd"], "units": ["USD"]}
    return Deal(id=row["id"], slug=row["slug"], title=row["title"], parties=parties, chips=json.loads(row["chips"]),
                first_reported=row["first_reported"], last_reported=row["last_reported"],
                outlets=json.loads(row["outlet_names"]), claim_ids=[], usd_low=row["usd_low"],
                usd_high=row["usd_high"], disputed=bool(row["disputed"]),
                dispute_reasons=[row["dispute_reason"]] if row["dispute_reason"] else [], summary=summary,
                evidence=evidence)


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def measure(client: httpx.Client, base: str, path: str, n: int) -> tuple[float, float, int]:
    """p50 and p95 in ms of `n` requests after two warm-ups (3 for a page of seconds), and the last status."""
    status = 0
    started = time.perf_counter()
    for _ in range(2):
        status = client.get(base + path).status_code
    if time.perf_counter() - started > 2:
        n = min(n, 3)
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(base + path)
        times.append((time.perf_counter() - started) * 1000)
        status = response.status_code
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))], status


PAGES = [
    ("deals table page", "/{db}/deals", True),
    ("deals table page, JSON", "/{db}/deals.json", False),
    ("facet: deals by company", "/{db}/deal_parties.json?_facet=company&_size=0", True),
    ("facet: deals by company, page", "/{db}/deal_parties?_facet=company&_facet=role", True),
    ("facet: deals by chip vendor", "/{db}/deal_chips.json?_facet=vendor&_size=0", False),
    ("facet: company, JSON array (old)", "/{db}/deals.json?_facet_array=parties&_size=0", False),
    ("facet: deals by disputed", "/{db}/deals.json?_facet=disputed&_size=0", False),
    ("facet: claims by outlet", "/{db}/claims.json?_facet=outlet&_size=0", False),
    ("claims table page", "/{db}/claims", False),
    ("FTS search of claims (1,000 hits)", "/{db}/claims.json?_search=Stargate", True),
    ("FTS search, broad (50,000 hits)", "/{db}/claims.json?_search=Nvidia+gigawatt", True),
    ("FTS search, broad, page", "/-/search?q=Nvidia+gigawatt", True),
    ("FTS search, broad, table page (linked)", "/{db}/claims?_search=Nvidia+gigawatt&_size=20", True),
    ("FTS search of articles", "/{db}/articles.json?_search=datacenter+Nebius", False),
    ("disputed deals (view)", "/{db}/disputed_deals.json", True),
    ("disputed claims side by side", "/{db}/disputed_claims.json", True),
    ("largest deals", "/{db}/largest_deals.json", False),
    ("newest deals", "/{db}/newest_deals.json", False),
    ("deals by company", "/{db}/deals_by_company.json?company=Nvidia", True),
    ("deals by company, page", "/{db}/deals_by_company?company=nvidia", True),
    ("deals by company, page 20", "/{db}/deals_by_company?company=nvidia&page=20", True),
    ("deals by chip or vendor", "/{db}/deals_by_chip.json?chip_or_vendor=Nvidia", False),
    ("deal timeline", "/{db}/deal_timeline_for.json?deal=d0000042", False),
    ("first reporters", "/{db}/first_reporters.json", False),
    ("source health", "/{db}/source_health_report.json", False),
    ("unknown organisations", "/{db}/unknown_organisations.json", False),
    ("deal value by company", "/{db}/value_by_company.json", False),
    ("deal value by vendor", "/{db}/value_by_vendor.json", False),
    ("deal claims of one deal (table)", "/{db}/deal_claims.json?deal_id=d0000042", False),
    ("deal claims, all deals (table)", "/{db}/deal_claims.json", True),
    ("deal page", "/{db}/deals/d0000042", True),
    ("deal sheet (view)", "/{db}/deal_sheet", True),
    ("deal sheet, deal type facet", "/{db}/deal_sheet.json?_facet=deal_type&_size=0", False),
    ("deal sheet, CSV", "/{db}/deal_sheet.csv", False),
    ("outlets' track record", "/{db}/outlets", True),
    ("outlet page", "/{db}/outlets/Outlet+07", True),
    ("outlier claims", "/{db}/outlier_claims", False),
    ("claim page", "/{db}/claims/c00000042", False),
    ("stored article", "/{db}/articles/a0000042", False),
    ("deals' timelines (all deals)", "/{db}/deal_timeline", True),
    ("deals' timelines, page 50", "/{db}/deal_timeline?page=50", False),
    ("deal evidence of one deal (table)", "/{db}/deal_evidence?deal_id=d0000042", False),
    ("charts page", "/-/charts", False),
    ("new deals feed", "/{db}/new_deals_feed.atom", False),
    ("home page", "/", False),
]


def main() -> int:
    """Build (or reuse) the database, serve it, time the pages."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--deals", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--db", type=Path, default=None, help="Reuse (or create) this database file.")
    parser.add_argument("--public", action="store_true", help="Serve with the --public settings.")
    options = parser.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="bench-serve-")
    path = options.db or Path(tmp.name) / "deals.db"
    if not path.exists():
        build(path, options.claims, options.deals)
    else:
        open_db(path).close()  # brings an older benchmark database to the current schema
    port = free_port()
    args = datasette_args(path, "127.0.0.1", port, ROOT / "metadata.yml", public=options.public)
    server = subprocess.Popen([sys.executable, "-m", "datasette", *args], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    failed = False
    try:
        with httpx.Client(timeout=30) as client:
            deadline = time.time() + 60
            while True:
                try:
                    client.get(base + "/-/versions.json")
                    break
                except httpx.TransportError:
                    if time.time() > deadline or server.poll() is not None:
                        raise SystemExit(f"Datasette did not start: {server.stderr.read().decode()[-2000:]}")
                    time.sleep(0.2)
            print(f"{'page':<34} {'p50 ms':>8} {'p95 ms':>8}  status  target", flush=True)
            for label, url, targeted in PAGES:
                p50, p95, status = measure(client, base, url.format(db=path.stem), options.requests)
                verdict = ("ok" if p50 < 100 else "OVER") if targeted else ""
                failed |= targeted and (p50 >= 100 or status != 200)
                print(f"{label:<34} {p50:8.1f} {p95:8.1f}  {status:>6}  {verdict}", flush=True)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:  # a query still running in a worker thread
            server.kill()
            server.wait(timeout=10)
        tmp.cleanup()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
