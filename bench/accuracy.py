"""Score `scraper.analyze` on labelled deal passages, next to quantulum3 and price-parser.

    .venv/bin/python bench/accuracy.py [--corpus ../shared/corpus/deals-dev.jsonl] [--rounds 3]
                                       [--errors [FIELD]] [--json FILE]

Scoring follows DESIGN.md "How accuracy is scored": per field, micro-averaged over the deal passages
(is_deal over all passages); money and quantities matched one-to-one within 2%, a value repeated in a
passage counted once, a figure with a stated conversion ("£5bn ($6.8bn)") counted as its two amounts; parties are the union of `deals[].parties`; a crash counts as an empty answer.
The passages stay in ../shared: the benchmark exits 0 with a message when they are not there.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scraper import analyze  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "deals-dev.jsonl"
FIELDS = ["money", "quantities", "parties", "chips", "durations", "is_deal"]
TARGETS = {"money": 0.97, "quantities": 0.90, "parties": 0.92, "chips": 0.95, "durations": 0.90, "is_deal": 0.95}
UNIT_CLASSES = {
    "chips": "chips", "chip": "chips", "gpus": "chips", "gpu": "chips", "processors": "chips", "cpus": "chips",
    "tpus": "chips", "accelerators": "chips", "superchips": "chips", "units": "chips",
    "servers": "servers", "systems": "servers", "nodes": "servers",
    "cores": "cores", "gw": "GW", "gigawatts": "GW", "gigawatt": "GW", "mw": "MW", "megawatts": "MW",
    "megawatt": "MW", "racks": "racks", "wafers": "wafers",
}


@dataclass
class Score:
    """True positives, false positives and false negatives of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp + self.fp + self.fn else 1.0


@dataclass
class Result:
    """Scores of one system over the corpus, and what it missed."""

    name: str
    scores: dict[str, Score] = field(default_factory=lambda: {f: Score() for f in FIELDS})
    crashes: int = 0
    errors: list[tuple[str, str, Any, Any]] = field(default_factory=list)  # (id, field, gold, predicted)


def close(a: float | None, b: float | None) -> bool:
    """Within 2% of each other."""
    return a is not None and b is not None and abs(a - b) <= 0.02 * max(abs(a), abs(b))


def norm_name(name: str) -> str:
    """A company or chip name compared lower-case without punctuation or spaces."""
    return re.sub(r"[\W_]+", "", name.lower())


def unit_class(unit: str | None) -> str:
    """The class a quantity unit is compared in (chips, servers, cores, GW, MW, racks, wafers...)."""
    key = (unit or "").lower()
    return UNIT_CLASSES.get(key, UNIT_CLASSES.get(key.rstrip("s"), key))


def gold_deals(gold: dict) -> list[dict]:
    """The passage's labelled deal and its additional deals."""
    return [gold, *gold.get("additional_deals", [])]


def match_count(gold: list, predicted: list, same: Callable[[Any, Any], bool]) -> int:
    """Size of a greedy one-to-one matching between gold and predicted items."""
    used: set[int] = set()
    matched = 0
    for g in gold:
        for i, p in enumerate(predicted):
            if i not in used and same(g, p):
                used.add(i)
                matched += 1
                break
    return matched


def money_matches(label: dict, figure: dict) -> bool:
    """Whether a money figure states a labelled amount, in USD or in the labelled currency."""
    currency = label.get("currency")
    if label.get("value") is not None:
        if close(label["value"], figure.get("usd")):
            return True
        if currency in (None, "USD") and figure.get("currency") in (None, "USD") and close(label["value"], figure.get("value")):
            return True
        return bool(currency) and figure.get("currency") == currency and close(label["value"], figure.get("value"))
    low, high = label.get("low"), label.get("high")
    if low is None or high is None:
        return False
    same_currency = figure.get("currency") == (currency or "USD")
    return same_currency and close(low, figure.get("low")) and close(high, figure.get("high"))


def dedupe(items: list[dict], key: Callable[[dict], tuple]) -> list[dict]:
    """Items with a repeated key counted once."""
    seen: dict[tuple, dict] = {}
    for item in items:
        seen.setdefault(key(item), item)
    return list(seen.values())


def score_passage(result: Result, row: dict, output: dict) -> None:
    """Add one passage's scores for every field."""
    gold = row["gold"]
    predicted_deal = bool(output.get("is_deal") or output.get("deals"))
    result.scores["is_deal"].add(int(gold["is_deal"] and predicted_deal), int(predicted_deal and not gold["is_deal"]),
                                 int(gold["is_deal"] and not predicted_deal))
    if gold["is_deal"] != predicted_deal:
        result.errors.append((row["id"], "is_deal", gold["is_deal"], predicted_deal))
    if not gold["is_deal"]:
        return
    figures = output.get("figures") or []

    labels = [a for d in gold_deals(gold) for a in d.get("amounts_usd") or []
              if a.get("value") is not None or (a.get("low") is not None and a.get("high") is not None)]
    labels = dedupe(labels, lambda a: (a.get("value"), a.get("low"), a.get("high"), a.get("currency")))
    money = [f for f in figures if f.get("kind") == "money"
             and (f.get("value") is not None or f.get("usd") is not None or f.get("low") is not None)]
    money = dedupe(money, lambda f: (f.get("currency"), f.get("value"), f.get("low"), f.get("high")))
    # "A$24 billion ($16 billion)" is one figure that states two amounts (the labels list both): it may match
    # the amount in its own currency and the stated USD conversion.
    money += [{**f, "value": f["usd"], "currency": "USD", "low": None, "high": None} for f in money
              if f.get("currency") not in (None, "USD") and f.get("usd") is not None]
    _add(result, row, "money", labels, money, money_matches,
         lambda a: a.get("value") or (a.get("low"), a.get("high")), lambda f: f.get("text"))

    quantities = [q for d in gold_deals(gold) for q in d.get("quantities") or []]
    quantities = dedupe(quantities, lambda q: (q.get("value"), q.get("low"), q.get("high"), unit_class(q.get("unit"))))
    counted = [f for f in figures if f.get("kind") in ("quantity", "power")
               and (f.get("value") is not None or f.get("low") is not None)]
    counted = dedupe(counted, lambda f: (f.get("value"), f.get("low"), f.get("high"), unit_class(f.get("unit"))))

    def same_quantity(q: dict, f: dict) -> bool:
        if unit_class(q.get("unit")) != unit_class(f.get("unit")):
            return False
        if q.get("value") is not None:
            return close(q["value"], f.get("value"))
        return close(q.get("low"), f.get("low")) and close(q.get("high"), f.get("high"))

    _add(result, row, "quantities", quantities, counted, same_quantity,
         lambda q: (q.get("value") or (q.get("low"), q.get("high")), q.get("unit")), lambda f: f.get("text"))

    gold_parties = {norm_name(p) for d in gold_deals(gold) for p in d.get("parties") or []}
    parties = {norm_name(p) for d in output.get("deals") or [] for p in d.get("parties") or []}
    _add_sets(result, row, "parties", gold_parties, parties)
    _add_sets(result, row, "chips", {norm_name(c) for c in gold.get("chips") or []},
              {norm_name(c) for c in output.get("chips") or []})

    gold_years = sorted({d["duration_years"] for d in gold_deals(gold) if d.get("duration_years")})
    years: set[float] = {d["duration_years"] for d in output.get("deals") or [] if d.get("duration_years")}
    for f in figures:
        if f.get("kind") == "duration" and f.get("value"):
            if f.get("unit") == "years":
                years.add(f["value"])
            elif f.get("unit") == "months":
                years.add(round(f["value"] / 12, 2))
    _add(result, row, "durations", gold_years, sorted(years), close, lambda y: y, lambda y: y)


def _add(result: Result, row: dict, name: str, gold: list, predicted: list, same: Callable[[Any, Any], bool],
         show_gold: Callable[[Any], Any], show_predicted: Callable[[Any], Any]) -> None:
    matched = match_count(gold, predicted, same)
    result.scores[name].add(matched, len(predicted) - matched, len(gold) - matched)
    if matched != len(gold) or matched != len(predicted):
        result.errors.append((row["id"], name, [show_gold(g) for g in gold], [show_predicted(p) for p in predicted]))


def _add_sets(result: Result, row: dict, name: str, gold: set[str], predicted: set[str]) -> None:
    result.scores[name].add(len(gold & predicted), len(predicted - gold), len(gold - predicted))
    if gold != predicted:
        result.errors.append((row["id"], name, sorted(gold), sorted(predicted)))


def run(name: str, rows: list[dict], system: Callable[[str], dict]) -> Result:
    """Score one system (text -> analyze-shaped dict) on every passage."""
    result = Result(name)
    for row in rows:
        try:
            output = system(row["text"])
        except Exception:  # a crash counts as an empty answer
            result.crashes += 1
            output = {}
        score_passage(result, row, output)
    return result


def speed(rows: list[dict], rounds: int) -> float:
    """Passages per second of analyze on plain text, best of `rounds` passes, one process."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for row in rows:
            analyze(row["text"])
        best = min(best, time.perf_counter() - started)
    return len(rows) / best


def big_input(rows: list[dict], size: int = 5_000_000) -> float:
    """Seconds analyze takes on about 5 MB of text made of the passages."""
    parts: list[str] = []
    total = 0
    while total < size:
        for row in rows:
            parts.append(row["text"])
            total += len(row["text"]) + 2
    text = "\n\n".join(parts)[:size]
    started = time.perf_counter()
    analyze(text)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--errors", nargs="?", const="all", default=None, metavar="FIELD",
                        help="list the project's misses (all fields, or one)")
    parser.add_argument("--json", type=Path, default=None, help="write the scores to this file")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"skipped: {args.corpus} not found (the labelled passages live in ../shared/corpus)")
        return 0
    rows = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    deal_rows = sum(1 for r in rows if r["gold"]["is_deal"])
    print(f"{len(rows)} passages ({deal_rows} about a deal) from {args.corpus}\n")

    from baselines import price_parser_figures, quantulum_figures

    results = [run("project", rows, analyze)]
    baselines = {"quantulum3": (quantulum_figures, {"money", "quantities"}),
                 "price-parser": (price_parser_figures, {"money"})}
    for name, (adapter, _) in baselines.items():
        try:
            results.append(run(name, rows, lambda text, adapter=adapter: {"figures": adapter(text)}))
        except ImportError as error:
            print(f"{name}: skipped ({error})")
    rate = speed(rows, args.rounds)
    seconds = big_input(rows)

    project = results[0]
    header = "| field | project P | project R | project F1 | " + " | ".join(f"{r.name} F1" for r in results[1:])
    print(header + " | target |")
    print("|" + "---|" * (header.count("|") + 1))
    for name in FIELDS:
        score = project.scores[name]
        cells = [f"{score.precision:.3f}", f"{score.recall:.3f}", f"**{score.f1:.3f}**"]
        for other in results[1:]:
            does = baselines[other.name][1]
            cells.append(f"{other.scores[name].f1:.3f}" if name in does else "-")
        print(f"| {name} | " + " | ".join(cells) + f" | >= {TARGETS[name]:.2f} |")
    headline = sum(project.scores[f].f1 for f in FIELDS) / len(FIELDS)
    print(f"| headline (mean of six F1) | | | **{headline:.3f}** |" + " |" * (len(results) - 1) + " |")
    print(f"\nanalyze: {rate:.0f} passages/s on plain text (target >= 300); 5 MB of text in {seconds:.2f} s "
          f"(target < 5 s); crashes: " + ", ".join(f"{r.name} {r.crashes}" for r in results))
    misses = [f for f in FIELDS if project.scores[f].f1 < TARGETS[f]]
    checks = misses + (["speed"] if rate < 300 else []) + (["5 MB"] if seconds >= 5 else [])
    print("targets: " + ("all met" if not checks else "missed: " + ", ".join(checks)))

    if args.errors:
        print()
        for pid, name, gold, predicted in project.errors:
            if args.errors in ("all", name):
                text = next(r["text"] for r in rows if r["id"] == pid).replace("\n", " ")
                print(f"{pid} {name}: gold {gold} predicted {predicted}\n    {text[:300]}")
    if args.json:
        args.json.write_text(json.dumps({
            r.name: {f: {"precision": s.precision, "recall": s.recall, "f1": s.f1, "tp": s.tp, "fp": s.fp, "fn": s.fn}
                     for f, s in r.scores.items()} | {"crashes": r.crashes} for r in results
        } | {"passages_per_s": rate, "five_mb_seconds": seconds, "headline": headline}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
