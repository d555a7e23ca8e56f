"""Benchmark the deals stage: grouping quality on the labelled passages, and `scraper link` speed.

    .venv/bin/python bench/grouping.py [--corpus FILE]... [--synthetic 100000] [-v]

Part 1 feeds every passage of each corpus (by default ../shared/corpus/deals-dev.jsonl, deals-dev2.jsonl,
and both together) through `scraper import` (its URL's host as the outlet, `published_hint` as the date)
into a fresh database, and compares the deals found with the `deal_key` labels (a passage's deal is the
deal of its first report):
- pairwise precision/recall/F1 of "these two passages are the same deal";
- B-cubed precision/recall/F1 (per passage: the share of its predicted deal that shares its label, and
  the share of its labelled deal that the prediction kept with it);
- merges of two labelled deals that share at most one company (target: none), and labelled deals split
  over two or more predicted deals.
Targets on each file: pairwise F1 >= 0.90, B-cubed F1 >= 0.90, no merge on a single shared company.
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
from typing import Any
from urllib.parse import urlsplit

import sqlite_utils

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT.parent / "shared" / "corpus"
DEFAULT_CORPORA = [CORPUS_DIR / "deals-dev.jsonl", CORPUS_DIR / "deals-dev2.jsonl"]
sys.path.insert(0, str(ROOT))


def passage_url(row: dict) -> str:
    """The passage's article URL, made unique: several passages can come from one article."""
    return row["url"] + ("&" if "?" in row["url"] else "?") + "passage=" + row["id"]


def load_rows(path: Path) -> list[dict]:
    """The labelled passages of a JSONL file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def import_passages(rows: list[dict], folder: Path) -> tuple[Path, float]:
    """Import every passage as its own document with `scraper import`; returns the database and the seconds taken."""
    docs = folder / "docs.jsonl"
    with docs.open("w", encoding="utf-8") as out:
        for row in rows:
            host = urlsplit(row["url"]).hostname or "unknown"
            out.write(json.dumps({"url": passage_url(row), "text": row["text"], "published": row.get("published_hint"),
                                  "outlet": host.removeprefix("www.")}) + "\n")
    db_path = folder / "deals.db"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "scraper", "import", str(docs), "--db", str(db_path)], check=True,
                   capture_output=True)
    return db_path, time.perf_counter() - started


def stored_deals(db_path: Path) -> dict[str, str]:
    """Passage URL -> the deal id of its first report, as the import stored it."""
    db = sqlite_utils.Database(db_path)
    predicted: dict[str, str] = {}
    for row in db.query(
        "select articles.url, claims.deal_id, claims.report, count(*) n from claims"
        " join articles on articles.id = claims.article_id where claims.deal_id is not null"
        " group by articles.url, claims.report, claims.deal_id order by articles.url, claims.report, n desc"
    ):
        predicted.setdefault(row["url"], row["deal_id"])
    return predicted


def relinked_deals(db_path: Path) -> dict[str, str]:
    """Passage URL -> deal of its first report, linking the stored claims again in this process."""
    from scraper import db as store
    from scraper.deals import link_claims

    claims = store.load_claims(store.open_db(db_path))
    _, assignment = link_claims(claims)
    first: dict[str, tuple[int, str]] = {}
    for claim in claims:
        if claim.id in assignment and claim.article_url:
            current = first.get(claim.article_url)
            if current is None or claim.report < current[0]:  # type: ignore[operator]
                first[claim.article_url] = (claim.report, assignment[claim.id])  # type: ignore[assignment]
    return {url: deal for url, (_, deal) in first.items()}


def score(rows: list[dict], predicted: dict[str, str]) -> dict[str, Any]:
    """Pairwise and B-cubed scores of predicted deals against the labelled deal keys, merges and splits."""
    labelled = [r for r in rows if r["gold"].get("deal_key")]
    parties: dict[str, set[str]] = defaultdict(set)
    for r in labelled:
        parties[r["gold"]["deal_key"]] |= set(r["gold"].get("parties") or [])
    # A passage without a predicted deal is a deal of its own.
    pred = {r["id"]: predicted.get(passage_url(r)) or f"none:{r['id']}" for r in labelled}
    gold = {r["id"]: r["gold"]["deal_key"] for r in labelled}
    tp = fp = fn = 0
    bad_merges: set[tuple[str, str]] = set()
    for a, b in itertools.combinations(labelled, 2):
        same_gold = gold[a["id"]] == gold[b["id"]]
        same_pred = pred[a["id"]] == pred[b["id"]]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
        if same_pred and not same_gold:
            ka, kb = gold[a["id"]], gold[b["id"]]
            if len(parties[ka] & parties[kb]) <= 1:
                bad_merges.add((min(ka, kb), max(ka, kb)))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    by_pred: dict[str, list[str]] = defaultdict(list)
    by_gold: dict[str, list[str]] = defaultdict(list)
    for pid in gold:
        by_pred[pred[pid]].append(pid)
        by_gold[gold[pid]].append(pid)
    b_p = sum(sum(gold[o] == gold[pid] for o in by_pred[pred[pid]]) / len(by_pred[pred[pid]]) for pid in gold)
    b_r = sum(sum(pred[o] == pred[pid] for o in by_gold[gold[pid]]) / len(by_gold[gold[pid]]) for pid in gold)
    b_p, b_r = b_p / len(gold), b_r / len(gold)
    b_f1 = 2 * b_p * b_r / (b_p + b_r) if b_p + b_r else 0.0
    splits = {key: sorted({pred[p] for p in members}) for key, members in by_gold.items()
              if len({pred[p] for p in members}) > 1}
    merged = {deal: sorted({gold[p] for p in members}) for deal, members in by_pred.items()
              if len({gold[p] for p in members}) > 1}
    return {
        "passages": len(rows), "labelled": len(labelled), "gold_deals": len(by_gold), "predicted_deals": len(by_pred),
        "pairwise": {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn},
        "bcubed": {"precision": b_p, "recall": b_r, "f1": b_f1},
        "single_company_merges": sorted(bad_merges), "splits": splits, "merged": merged,
        "members": {key: [f"{p}->{pred[p][:8]}" for p in members] for key, members in by_gold.items()},
    }


def report(name: str, result: dict[str, Any], verbose: bool = False) -> None:
    """Print one corpus's scores."""
    pw, b3 = result["pairwise"], result["bcubed"]
    print(f"{name}: {result['passages']} passages, {result['labelled']} with a deal, {result['gold_deals']} labelled "
          f"deals, {result['predicted_deals']} found")
    print(f"  pairwise  P {pw['precision']:.3f}  R {pw['recall']:.3f}  F1 {pw['f1']:.3f}  "
          f"(tp {pw['tp']}, fp {pw['fp']}, fn {pw['fn']}; target F1 >= 0.90)")
    print(f"  B-cubed   P {b3['precision']:.3f}  R {b3['recall']:.3f}  F1 {b3['f1']:.3f}  (target F1 >= 0.90)")
    print(f"  merges of labelled deals sharing at most one company: {len(result['single_company_merges'])} (target 0);"
          f" labelled deals split: {len(result['splits'])}")
    if verbose:
        for pair in result["single_company_merges"]:
            print("    single-company merge:", " + ".join(pair))
        for key in sorted(result["splits"]):
            print(f"    split {key}: {', '.join(result['members'][key])}")
        for deal, keys in sorted(result["merged"].items()):
            print(f"    merged in {deal[:8]}: {', '.join(keys)}")


def grouping(corpora: list[Path], verbose: bool = False) -> dict[str, Any]:
    """Import and score each corpus, then all of them together."""
    results = {}
    sets = [(path.stem, load_rows(path)) for path in corpora]
    if len(sets) > 1:
        sets.append(("together", [row for _, rows in sets for row in rows]))
    for name, rows in sets:
        with tempfile.TemporaryDirectory() as tmp:
            db_path, seconds = import_passages(rows, Path(tmp))
            results[name] = score(rows, stored_deals(db_path))
        report(name, results[name], verbose)
        print(f"  (import took {seconds:.1f} s)")
    return results


def synthetic_link(n_claims: int) -> None:
    """Time `scraper link` over synthetic claims, twice (the second time with stable ids)."""
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
                    "qualifier": "exact", "role": "deal_value", "text": "x",
                    "sentence": f"{parties[0]} signed a deal with {parties[1]} for {chip} capacity.",
                    "start": k, "end": k + 1,
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
    parser.add_argument("--corpus", type=Path, action="append", help="a labelled JSONL file (repeatable)")
    parser.add_argument("--synthetic", type=int, default=100_000)
    parser.add_argument("--json", type=Path, help="write the scores to this file")
    parser.add_argument("-v", "--verbose", action="store_true", help="list merges and splits")
    args = parser.parse_args()
    corpora = [p for p in (args.corpus or DEFAULT_CORPORA) if p.exists()]
    if corpora:
        results = grouping(corpora, args.verbose)
        if args.json:
            args.json.write_text(json.dumps(results, indent=1, default=list))
    else:
        print("skipped grouping: no labelled passages found (they live in ../shared/corpus)")
    if args.synthetic:
        synthetic_link(args.synthetic)


if __name__ == "__main__":
    main()
