"""Benchmark the deals stage: grouping quality on the labelled dev passages, and `scraper link` speed.

    .venv/bin/python bench/grouping.py [--corpus ../shared/corpus/deals-dev.jsonl] [--synthetic 100000]

Part 1 feeds every passage of deals-dev.jsonl through `scraper import` (its URL's host as the outlet,
`published_hint` as the date) into a fresh database and compares the deals found with the `deal_key`
labels: pairwise precision/recall/F1 of "these two passages are the same deal", deals found vs labelled,
and merges of two labelled deals that share only one company (target: none).
Part 2 times `scraper link` over synthetic claims (target: 100,000 claims in under 10 s).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import sqlite_utils

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "deals-dev.jsonl"


def _passage_url(row: dict) -> str:
    """The passage's article URL, made unique: several passages can come from one article."""
    return row["url"] + ("&" if "?" in row["url"] else "?") + "passage=" + row["id"]


def grouping(corpus: Path, verbose: bool = False) -> None:
    """Import the passages, link them, and score the deals found against the labelled deal keys."""
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs.jsonl"
        with docs.open("w", encoding="utf-8") as out:
            for row in rows:
                host = urlsplit(row["url"]).hostname or "unknown"
                out.write(json.dumps({"url": _passage_url(row), "text": row["text"], "published": row.get("published_hint"),
                                      "outlet": host.removeprefix("www.")}) + "\n")
        db_path = Path(tmp) / "deals.db"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "scraper", "import", str(docs), "--db", str(db_path)], check=True,
                       capture_output=True)
        elapsed = time.perf_counter() - started
        db = sqlite_utils.Database(db_path)
        predicted: dict[str, str] = {}
        for row in db.query(
            "select articles.url, claims.deal_id, claims.report, count(*) n from claims"
            " join articles on articles.id = claims.article_id where claims.deal_id is not null"
            " group by articles.url, claims.deal_id order by articles.url, claims.report, n desc"
        ):
            predicted.setdefault(row["url"], row["deal_id"])
        deals_found = db["deals"].count
    labelled = [r for r in rows if r["gold"].get("deal_key")]
    parties = defaultdict(set)
    for r in labelled:
        parties[r["gold"]["deal_key"]] |= set(r["gold"].get("parties") or [])
    tp = fp = fn = 0
    bad_merges = set()
    for a, b in itertools.combinations(labelled, 2):
        same_gold = a["gold"]["deal_key"] == b["gold"]["deal_key"]
        pa, pb = predicted.get(_passage_url(a)), predicted.get(_passage_url(b))
        same_pred = pa is not None and pa == pb
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
        if same_pred and not same_gold:
            ka, kb = a["gold"]["deal_key"], b["gold"]["deal_key"]
            if len(parties[ka] & parties[kb]) <= 1:
                bad_merges.add(tuple(sorted((ka, kb))))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"passages: {len(rows)} ({len(labelled)} labelled with a deal), import took {elapsed:.1f} s")
    print(f"pairwise same-deal: precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}  "
          f"(tp {tp}, fp {fp}, fn {fn}; target F1 >= 0.90)")
    gold_deals = len({r['gold']['deal_key'] for r in labelled})
    found = len({predicted[_passage_url(r)] for r in labelled if _passage_url(r) in predicted})
    print(f"deals: {found} found for the labelled passages ({deals_found} in the database) vs {gold_deals} labelled;"
          f" {sum(1 for r in labelled if _passage_url(r) not in predicted)} labelled passages got no deal")
    print(f"merges of labelled deals sharing at most one company: {len(bad_merges)} (target: 0)")
    for pair in sorted(bad_merges):
        print("   ", " + ".join(pair))
    if verbose:
        by_key: dict[str, list[str]] = defaultdict(list)
        for r in labelled:
            by_key[r["gold"]["deal_key"]].append(f"{r['id']}->{predicted.get(_passage_url(r), '-')}")
        for key, members in sorted(by_key.items()):
            if len({m.split("->")[1] for m in members}) > 1 or any(m.endswith("->-") for m in members):
                print(f"  split {key}: {', '.join(members)}")
        by_deal: dict[str, set[str]] = defaultdict(set)
        for r in labelled:
            if _passage_url(r) in predicted:
                by_deal[predicted[_passage_url(r)]].add(r["gold"]["deal_key"])
        for deal_id, keys in sorted(by_deal.items()):
            if len(keys) > 1:
                print(f"  merged in {deal_id}: {', '.join(sorted(keys))}")


def synthetic_link(n_claims: int) -> None:
    from scraper import db as store
    from scraper.gazetteer import load_gazetteer
    from scraper.pipeline import link

    rng = random.Random(7)
    names = [c.name for c in load_gazetteer().companies]
    chips = [c.name for c in load_gazetteer().chips]
    with tempfile.TemporaryDirectory() as tmp:
        db = store.open_db(Path(tmp) / "synthetic.db")
        articles, claims = [], []
        n_deals = max(1, n_claims // 20)
        deals = [(rng.sample(names, 2), rng.choice(chips), rng.randint(0, 1000), rng.choice([1e9, 5e9, 1e10, 2e10]))
                 for _ in range(n_deals)]
        per_article = 4
        for a in range(n_claims // per_article):
            parties, chip, day, value = rng.choice(deals)
            day = min(1000, day + rng.randint(0, 20))
            published = f"{2023 + day // 365:04d}-{(day % 365) // 31 + 1:02d}-{(day % 31) + 1:02d}T00:00:00Z"
            aid = f"a{a}"
            articles.append({"id": aid, "url": f"https://outlet{a % 50}.example/{a}", "outlet": f"Outlet {a % 50}",
                             "published": published, "title": "t", "text": "x", "is_article": 1})
            for k in range(per_article):
                kind = ["money", "quantity", "duration", "money"][k]
                claims.append({
                    "id": f"{aid}-{k}", "article_id": aid, "report": 0, "kind": kind,
                    "value": value if kind == "money" else (1e5 if kind == "quantity" else 5),
                    "unit": {"money": "USD", "quantity": "GPUs", "duration": "years"}[kind],
                    "usd": value * rng.choice([1, 1, 1, 1.5]) if kind == "money" else None,
                    "qualifier": "exact", "role": "deal_value", "text": "x", "sentence": "s", "start": k, "end": k + 1,
                    "companies": json.dumps(parties), "chips": json.dumps([chip]), "parties": json.dumps(parties),
                    "roles": "{}", "in_passing": 0, "outlet": f"Outlet {a % 50}", "published": published,
                })
        db["articles"].insert_all(articles, batch_size=5000)
        db["claims"].insert_all(claims, batch_size=5000)
        started = time.perf_counter()
        count = link(db)
        first = time.perf_counter() - started
        started = time.perf_counter()
        link(db)
        second = time.perf_counter() - started
        print(f"scraper link over {len(claims):,} synthetic claims ({len(articles):,} articles): {count:,} deals "
              f"in {first:.2f} s (again, with stable ids: {second:.2f} s; target < 10 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--synthetic", type=int, default=100_000)
    parser.add_argument("-v", "--verbose", action="store_true", help="list labelled deals split or missed")
    args = parser.parse_args()
    if args.corpus.exists():
        grouping(args.corpus, args.verbose)
    else:
        print(f"skipped grouping: {args.corpus} not found (the labelled passages live in ../shared/corpus)")
    if args.synthetic:
        synthetic_link(args.synthetic)


if __name__ == "__main__":
    main()
