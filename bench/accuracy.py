"""Score `scraper.analyze` on labelled deal passages, next to quantulum3 and price-parser.

Usage (from the repository root):

    .venv/bin/python bench/accuracy.py [--corpus FILE]... [--rounds 3]
                                       [--errors [FIELD]] [--json FILE]

Scoring follows DESIGN.md "How accuracy is scored". Per field, true/false positives and false negatives are
summed over the deal passages (gold `is_deal` true; `is_deal` itself over every passage) and give precision,
recall and F1; the headline is the mean of the six F1s:

- money: the money figures with a number, matched one-to-one (maximum matching) to the labelled amounts of
  every deal in the passage within 2%, by USD (`usd`) or, for a label with a `currency`, by the native value
  in that currency; ranges by low and high. A value repeated in the passage counts once on either side.
- quantities: quantity and power figures, within 2% and in the same unit class (chips/GPUs/processors/
  accelerators, servers/systems/nodes, cores, GW, MW, racks, wafers, ...), repeats counted once.
- parties: the union of `deals[].parties` against every labelled deal's parties; chips: top-level `chips`;
  names lower-case without punctuation or spaces.
- durations: years from `deals[].duration_years` and duration figures (months / 12), within 2%.
- is_deal: `is_deal` or a non-empty `deals`, deal being the positive class.

A crash counts as an empty answer. It also times analyze over all passages (best of --rounds, one process)
and on one 5 MB text. `--errors [FIELD]` lists the project's misses; `--json FILE` writes the results.
The passages stay in ../shared: when the file is absent the benchmark says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scraper import analyze  # noqa: E402
from scraper.gazetteer import load_gazetteer  # noqa: E402

import baselines  # noqa: E402

DEFAULT_CORPORA = [ROOT / ".." / "shared" / "corpus" / "deals-dev.jsonl",
                   ROOT / ".." / "shared" / "corpus" / "deals-dev2.jsonl"]
FIELDS = ["money", "quantities", "parties", "chips", "durations", "is_deal"]
TARGETS = {"money": 0.97, "quantities": 0.90, "parties": 0.92, "chips": 0.95, "durations": 0.90, "is_deal": 0.95}
TARGET_RATE = 300.0  # passages/s
TARGET_BIG_SECONDS = 5.0  # for 5 MB of text
BIG_BYTES = 5_000_000
TOLERANCE = 0.02
BASELINE_FIELDS = {"quantulum3": ("money", "quantities"), "price-parser": ("money",)}
SNIPPET = 300

# Unit classes of quantities; any other unit is its own class (singular, lower-case).
UNIT_CLASS = {
    **dict.fromkeys(["chip", "gpu", "processor", "accelerator", "cpu", "tpu", "npu", "xpu", "asic", "superchip",
                     "microchip", "semiconductor", "graphics processing unit", "graphics card"], "chips"),
    **dict.fromkeys(["server", "system", "node"], "servers"),
    "core": "cores", "gw": "GW", "gigawatt": "GW", "mw": "MW", "megawatt": "MW", "rack": "racks", "wafer": "wafers",
}


# ---------------------------------------------------------------------------------------------------------------
# Counting


@dataclass
class Score:
    """True positives, false positives and false negatives of one field, summed over passages."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        """Add one passage's counts."""
        self.tp += tp
        self.fp += fp
        self.fn += fn

    @property
    def precision(self) -> float:
        """TP / (TP + FP); 1.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """TP / (TP + FN); 1.0 when nothing was labelled."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall, as 2TP / (2TP + FP + FN)."""
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp + self.fp + self.fn else 1.0

    def as_dict(self) -> dict[str, float]:
        """The counts and the three rates."""
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Miss:
    """One passage where a field's answer differs from its labels."""

    id: str
    field: str
    gold: list[str]
    predicted: list[str]
    missed: list[str]
    extra: list[str]
    at: int | None = None  # offset in the text the snippet is centred on


@dataclass
class Result:
    """The scores of one system over the corpus."""

    name: str
    fields: tuple[str, ...]
    scores: dict[str, Score] = field(default_factory=lambda: {f: Score() for f in FIELDS})
    passages: int = 0
    crashes: int = 0
    seconds: float = 0.0  # the scoring pass
    misses: list[Miss] = field(default_factory=list)
    money_conversion_both: Score = field(default_factory=Score)


def close(a: float | None, b: float | None) -> bool:
    """Whether two numbers are within 2% of each other (relative to the larger)."""
    if a is None or b is None:
        return False
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b))


def max_matching(gold: list, predicted: list, same: Callable[[Any, Any], bool]) -> list[tuple[int, int]]:
    """A maximum one-to-one matching (Kuhn's augmenting paths) as (gold index, predicted index) pairs."""
    edges = [[j for j, p in enumerate(predicted) if same(g, p)] for g in gold]
    owner: dict[int, int] = {}  # predicted index -> gold index

    def augment(i: int, seen: set[int]) -> bool:
        """Give gold item i a partner, re-seating earlier ones along an augmenting path."""
        for j in edges[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    return sorted((i, j) for j, i in owner.items())


def dedupe(items: list[dict], key: Callable[[dict], tuple]) -> list[dict]:
    """The items with a repeated key counted once, in first-seen order."""
    seen: dict[tuple, dict] = {}
    for item in items:
        seen.setdefault(key(item), item)
    return list(seen.values())


def _chip_families() -> dict[str, str]:
    """Normalised chip name -> normalised family name, from the project's gazetteer."""
    out = {}
    for chip in load_gazetteer().chips:
        if chip.family and chip.family != chip.name:
            for n in (chip.name, *chip.aliases):
                out[norm_name(n)] = norm_name(chip.family)
    return out


def norm_name(name: str) -> str:
    """A company or chip name lower-case without punctuation or whitespace."""
    return re.sub(r"[\W_]+", "", name.lower())


def unit_class(unit: str | None) -> str:
    """The class a quantity's unit is compared in: plurals and case normalised, synonyms grouped."""
    u = re.sub(r"\s+", " ", (unit or "").strip().lower())
    if u in UNIT_CLASS:
        return UNIT_CLASS[u]
    singular = u[:-1] if len(u) > 3 and u.endswith("s") else u
    return UNIT_CLASS.get(singular, singular)


def gold_deals(gold: dict) -> list[dict]:
    """The passage's labelled deal followed by its `additional_deals`."""
    return [gold, *(gold.get("additional_deals") or [])]


def has_number(item: dict) -> bool:
    """Whether a figure or label states a number: a value, or both ends of a range."""
    return item.get("value") is not None or (item.get("low") is not None and item.get("high") is not None)


def number_key(item: dict) -> tuple:
    """The value or range of a figure or label, for de-duplication."""
    return (item.get("value"), item.get("low"), item.get("high"))


CHIP_FAMILY = _chip_families()


# ---------------------------------------------------------------------------------------------------------------
# The fields


def show_number(value: float | None) -> str:
    """A compact number: 16.13B, 835, 1.5."""
    if value is None:
        return "?"
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if abs(value) >= scale:
            return f"{value / scale:.4g}{suffix}"
    return f"{value:,.4g}" if abs(value) >= 1e4 else f"{value:.4g}"


def show_amount(item: dict) -> str:
    """A label or money figure as 'USD 10B', 'AUD 24B (USD 16B)' or 'USD 1B-2B'."""
    currency = item.get("currency") or "USD"
    if item.get("value") is not None:
        text = f"{currency} {show_number(item['value'])}"
    else:
        text = f"{currency} {show_number(item.get('low'))}-{show_number(item.get('high'))}"
    if currency != "USD" and item.get("usd") is not None:
        text += f" (USD {show_number(item['usd'])})"
    return text


def show_quantity(item: dict) -> str:
    """A quantity as '50,000 gpus'."""
    number = show_number(item["value"]) if item.get("value") is not None else \
        f"{show_number(item.get('low'))}-{show_number(item.get('high'))}"
    return f"{number} {item.get('unit')}"


def money_matches(label: dict, figure: dict) -> bool:
    """Whether a money figure states a labelled amount: by USD, or natively in the label's currency."""
    currency = label.get("currency") or "USD"
    figure_currency = figure.get("currency") or figure.get("unit") or "USD"
    if label.get("value") is not None:
        if currency == "USD":
            usd = figure.get("usd")
            if usd is None and figure_currency == "USD":
                usd = figure.get("value")
            return close(label["value"], usd)
        return figure_currency == currency and close(label["value"], figure.get("value"))
    return (figure_currency == currency and close(label.get("low"), figure.get("low"))
            and close(label.get("high"), figure.get("high")))


def quantity_matches(label: dict, figure: dict) -> bool:
    """Whether a quantity or power figure states a labelled quantity: same unit class, value within 2%."""
    if unit_class(label.get("unit")) != unit_class(figure.get("unit")):
        return False
    if label.get("value") is not None:
        return close(label["value"], figure.get("value"))
    return close(label.get("low"), figure.get("low")) and close(label.get("high"), figure.get("high"))


def money_items(gold: dict, output: dict) -> tuple[list[dict], list[dict]]:
    """Labelled amounts and predicted money figures with a number, repeats counted once."""
    labels = [a for d in gold_deals(gold) for a in d.get("amounts_usd") or [] if has_number(a)]
    labels = dedupe(labels, lambda a: (a.get("currency") or "USD", *number_key(a)))
    figures = [f for f in output.get("figures") or [] if f.get("kind") == "money" and has_number(f)]
    figures = dedupe(figures, lambda f: (f.get("currency") or f.get("unit") or "USD", *number_key(f)))
    return labels, figures


def quantity_items(gold: dict, output: dict) -> tuple[list[dict], list[dict]]:
    """Labelled quantities and predicted quantity/power figures with a number, repeats counted once."""
    labels = [q for d in gold_deals(gold) for q in d.get("quantities") or [] if has_number(q)]
    labels = dedupe(labels, lambda q: (unit_class(q.get("unit")), *number_key(q)))
    figures = [f for f in output.get("figures") or [] if f.get("kind") in ("quantity", "power") and has_number(f)]
    figures = dedupe(figures, lambda f: (unit_class(f.get("unit")), *number_key(f)))
    return labels, figures


def predicted_years(output: dict) -> list[dict]:
    """Durations in years from `deals[].duration_years` and duration figures, repeats counted once."""
    years: list[dict] = []
    for deal in output.get("deals") or []:
        if deal.get("duration_years") is not None:
            years.append({"value": float(deal["duration_years"]), "at": None, "sentence": deal.get("sentence")})
    for f in output.get("figures") or []:
        if f.get("kind") != "duration" or f.get("value") is None:
            continue
        unit = (f.get("unit") or "").lower()
        if unit.startswith("year"):
            years.append({"value": float(f["value"]), "at": f.get("start"), "sentence": None})
        elif unit.startswith("month"):
            years.append({"value": float(f["value"]) / 12, "at": f.get("start"), "sentence": None})
    return dedupe(years, lambda y: (round(y["value"], 3),))


def is_deal_predicted(output: dict) -> bool:
    """The system's answer to "is this passage about a deal": `is_deal` or a non-empty `deals`."""
    return bool(output.get("is_deal") or output.get("deals"))


# ---------------------------------------------------------------------------------------------------------------
# Scoring one passage


def score_matched(result: Result, pid: str, name: str, gold: list, predicted: list,
                  same: Callable[[Any, Any], bool], show_gold: Callable[[Any], str],
                  show_predicted: Callable[[Any], str], at: Callable[[Any], int | None]) -> None:
    """Match gold and predicted items one-to-one, add the counts and record a miss."""
    pairs = max_matching(gold, predicted, same)
    matched_gold = {i for i, _ in pairs}
    matched_predicted = {j for _, j in pairs}
    result.scores[name].add(len(pairs), len(predicted) - len(pairs), len(gold) - len(pairs))
    if len(pairs) == len(gold) == len(predicted):
        return
    extra = [p for j, p in enumerate(predicted) if j not in matched_predicted]
    missed = [g for i, g in enumerate(gold) if i not in matched_gold]
    where = [x for x in map(at, extra) if x is not None]
    result.misses.append(Miss(pid, name, [show_gold(g) for g in gold], [show_predicted(p) for p in predicted],
                              [show_gold(g) for g in missed], [show_predicted(p) for p in extra],
                              min(where) if where else None))


def same_name(a: str, b: str) -> bool:
    """Whether two normalised names are one: equal, or one is the other with more of the name written
    (Mistral / Mistral AI, Airtel / Bharti Airtel, MI450 / Instinct MI450), as DESIGN.md's scoring says."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and (long.startswith(short) or long.endswith(short))


def same_chip(a: str, b: str) -> bool:
    """Whether two normalised chip names are one: the same name, or a family and one of its products."""
    if same_name(a, b):
        return True
    fa, fb = CHIP_FAMILY.get(a), CHIP_FAMILY.get(b)
    return (fa is not None and fa == b) or (fb is not None and fb == a)


def score_sets(result: Result, pid: str, name: str, gold: list[str], predicted: list[str]) -> None:
    """Compare two sets of names (normalised, matched one to one), add the counts and record a miss."""
    gold_keys = {norm_name(g): g for g in gold if norm_name(g)}
    predicted_keys = {norm_name(p): p for p in predicted if norm_name(p)}
    gk, pk = sorted(gold_keys), sorted(predicted_keys)
    pairs = max_matching(gk, pk, same_chip if name == "chips" else same_name)
    tp = len(pairs)
    result.scores[name].add(tp, len(pk) - tp, len(gk) - tp)
    if tp != len(gk) or tp != len(pk):
        matched_g, matched_p = {i for i, _ in pairs}, {j for _, j in pairs}
        result.misses.append(Miss(pid, name, sorted(gold_keys.values()), sorted(predicted_keys.values()),
                                  sorted(gold_keys[k] for i, k in enumerate(gk) if i not in matched_g),
                                  sorted(predicted_keys[k] for j, k in enumerate(pk) if j not in matched_p)))


def score_passage(result: Result, row: dict, output: dict) -> None:
    """Add one passage's counts to every field the system is scored on."""
    gold, pid = row["gold"], row["id"]
    if "is_deal" in result.fields:
        said = is_deal_predicted(output)
        truth = bool(gold.get("is_deal"))
        result.scores["is_deal"].add(int(said and truth), int(said and not truth), int(truth and not said))
        if said != truth:
            result.misses.append(Miss(pid, "is_deal", [str(truth)], [str(said)], [], []))
    if not gold.get("is_deal"):
        return
    figure_at: Callable[[dict], int | None] = lambda f: f.get("start")  # noqa: E731
    if "money" in result.fields:
        labels, figures = money_items(gold, output)
        score_matched(result, pid, "money", labels, figures, money_matches, show_amount, show_amount, figure_at)
        # The alternative reading: "A$24 billion ($16 billion)" is one figure that states two labelled amounts.
        copies = [(k, {**f, "currency": "USD", "value": f["usd"], "low": None, "high": None})
                  for k, f in enumerate(figures) if (f.get("currency") or "USD") != "USD" and f.get("usd") is not None]
        origin = list(range(len(figures))) + [k for k, _ in copies]
        pairs = max_matching(labels, figures + [c for _, c in copies], money_matches)
        used = {origin[j] for _, j in pairs}
        result.money_conversion_both.add(len(pairs), len(figures) - len(used), len(labels) - len(pairs))
    if "quantities" in result.fields:
        labels, figures = quantity_items(gold, output)
        score_matched(result, pid, "quantities", labels, figures, quantity_matches, show_quantity, show_quantity,
                      figure_at)
    if "parties" in result.fields:
        score_sets(result, pid, "parties", [p for d in gold_deals(gold) for p in d.get("parties") or []],
                   [p for d in output.get("deals") or [] for p in d.get("parties") or []])
    if "chips" in result.fields:
        score_sets(result, pid, "chips", [c for d in gold_deals(gold) for c in d.get("chips") or []],
                   list(output.get("chips") or []))
    if "durations" in result.fields:
        labels = dedupe([{"value": float(d["duration_years"])} for d in gold_deals(gold)
                         if d.get("duration_years") is not None], lambda y: (y["value"],))
        years = predicted_years(output)

        def years_at(y: dict) -> int | None:
            """Where a predicted duration is stated: its figure, or the start of its deal's sentence."""
            if y["at"] is None and y["sentence"]:
                found = row["text"].find(y["sentence"][:60])
                return found if found >= 0 else None
            return y["at"]

        score_matched(result, pid, "durations", labels, years, lambda g, p: close(g["value"], p["value"]),
                      lambda y: f"{y['value']:g}y", lambda y: f"{y['value']:.3g}y", years_at)


def run(name: str, fields: tuple[str, ...], rows: list[dict], system: Callable[[str], dict]) -> Result:
    """Score one system (text -> an analyze-shaped dict) on every passage, timing the pass."""
    result = Result(name, fields)
    started = time.perf_counter()
    for row in rows:
        try:
            output = system(row["text"])
        except Exception:  # a crash counts as an empty answer
            result.crashes += 1
            output = {}
        score_passage(result, row, output if isinstance(output, dict) else {})
    result.seconds = time.perf_counter() - started
    result.passages = len(rows)
    return result


# ---------------------------------------------------------------------------------------------------------------
# Speed


def passages_per_second(rows: list[dict], rounds: int) -> float:
    """Passages/s of analyze on the plain texts in this process, best of `rounds` full passes."""
    best = float("inf")
    for _ in range(max(1, rounds)):
        started = time.perf_counter()
        for row in rows:
            try:
                analyze(row["text"])
            except Exception:
                pass
        best = min(best, time.perf_counter() - started)
    return len(rows) / best if best > 0 else float("inf")


def big_text(rows: list[dict], size: int = BIG_BYTES) -> str:
    """The passages' texts concatenated (blank line between) until the text is `size` UTF-8 bytes."""
    parts: list[str] = []
    total = 0
    while total < size:
        for row in rows:
            parts.append(row["text"])
            total += len(row["text"].encode("utf-8")) + 2
            if total >= size:
                break
    return "\n\n".join(parts)


def time_big(text: str) -> float | None:
    """Seconds analyze takes on one long text; None when it crashes."""
    started = time.perf_counter()
    try:
        analyze(text)
    except Exception as error:
        print(f"analyze crashed on the {len(text.encode('utf-8')) / 1e6:.1f} MB input: {error!r}")
        return None
    return time.perf_counter() - started


# ---------------------------------------------------------------------------------------------------------------
# Reporting


def locate(text: str, miss: Miss) -> int:
    """Where in the passage a miss is: a spurious figure, else the first missed value or name found, else 0."""
    if miss.at is not None:
        return miss.at
    for item in miss.missed + miss.extra:
        if miss.field in ("parties", "chips"):
            found = text.lower().find(item.lower())
            if found >= 0:
                return found
            continue
        number = re.search(r"[\d.,]+", item)
        if number:
            digits = number.group(0).rstrip(".,")
            found = re.search(rf"(?<![\d.]){re.escape(digits)}(?![\d])", text)
            if found:
                return found.start()
    if miss.field == "durations":
        found = re.search(r"\b(?:years?|months?|decades?)\b", text, re.I)
        if found:
            return found.start()
    return 0


def snippet(text: str, at: int, width: int = SNIPPET) -> str:
    """About `width` characters of the text around an offset, on one line."""
    start = max(0, min(at - width // 3, len(text) - width))
    piece = re.sub(r"\s+", " ", text[start:start + width])
    return ("…" if start > 0 else "") + piece + ("…" if start + width < len(text) else "")


def print_misses(result: Result, rows: list[dict], only: str) -> None:
    """Print each passage's misses in one field (or all): id, snippet, gold, predicted, missed, extra."""
    texts = {r["id"]: r for r in rows}
    misses = [m for m in result.misses if only in ("all", m.field)]
    print(f"\n{len(misses)} passage misses ({only}) for {result.name}:")
    for m in misses:
        row = texts[m.id]
        print(f"\n{m.id} [{m.field}] gold {m.gold}  predicted {m.predicted}")
        if m.field != "is_deal":
            print(f"    missed {m.missed}  extra {m.extra}")
        print(f"    text: {snippet(row['text'], locate(row['text'], m))}")
        notes = (row["gold"].get("notes") or "").strip()
        if notes:
            print(f"    notes: {notes[:160]}{'…' if len(notes) > 160 else ''}")


def verdict(ok: bool) -> str:
    """pass or FAIL."""
    return "pass" if ok else "FAIL"


def print_table(project: Result, others: list[Result], skipped: dict[str, str], rate: float,
                big_seconds: float | None) -> dict[str, bool]:
    """Print the scores table with targets and return each target's pass/fail."""
    names = list(BASELINE_FIELDS)
    by_name = {r.name: r for r in others}
    header = ["field", "project P", "project R", "project F1", *(f"{n} F1" for n in names), "target", "pass"]
    lines = [header, ["---"] * len(header)]
    passed: dict[str, bool] = {}

    def baseline_cells(value: Callable[[Result], str | None]) -> list[str]:
        """One cell per baseline: its value, "-" when it does not do this, "skipped" when not installed."""
        cells = []
        for n in names:
            if n in skipped:
                cells.append("skipped")
            else:
                cells.append(value(by_name[n]) or "-")
        return cells

    for f in FIELDS:
        s = project.scores[f]
        passed[f] = s.f1 >= TARGETS[f]
        lines.append([f, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}",
                      *baseline_cells(lambda r: f"{r.scores[f].f1:.3f}" if f in r.fields else None),
                      f">= {TARGETS[f]:.2f}", verdict(passed[f])])
    headline = sum(project.scores[f].f1 for f in FIELDS) / len(FIELDS)
    lines.append(["headline (mean of six F1)", "", "", f"{headline:.3f}", *baseline_cells(lambda r: None), "", ""])
    passed["passages/s"] = rate >= TARGET_RATE
    lines.append(["passages/s", "", "", f"{rate:,.0f}",
                  *baseline_cells(lambda r: f"{r.passages / r.seconds:,.0f}" if r.seconds else None),
                  f">= {TARGET_RATE:.0f}", verdict(passed["passages/s"])])
    passed["5 MB s"] = big_seconds is not None and big_seconds < TARGET_BIG_SECONDS
    lines.append(["5 MB input (s)", "", "", f"{big_seconds:.2f}" if big_seconds is not None else "crash",
                  *baseline_cells(lambda r: None), f"< {TARGET_BIG_SECONDS:.0f}", verdict(passed["5 MB s"])])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for k, line in enumerate(lines):
        if k == 1:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        else:
            print("| " + " | ".join(c.ljust(w) for c, w in zip(line, widths)) + " |")
    return passed


def main() -> int:
    """Parse the arguments, score every system, print the table (and misses), write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, action="append", default=None,
                        help="labelled passages (JSON lines; repeatable; default deals-dev and deals-dev2)")
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over the passages; the best counts")
    parser.add_argument("--errors", nargs="?", const="all", default=None, choices=["all", *FIELDS],
                        metavar="FIELD", help="list the project's misses in FIELD (default: every field)")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE", help="write the results to FILE")
    args = parser.parse_args()
    for n, corpus in enumerate(args.corpus or DEFAULT_CORPORA):
        if n:
            print("\n" + "=" * 100 + "\n")
        json_path = args.json if not n or args.json is None else args.json.with_stem(f"{args.json.stem}-{n + 1}")
        score_corpus(corpus, args, json_path)
    return 0


def score_corpus(corpus: Path, args: argparse.Namespace, json_path: Path | None) -> None:
    """Score every system on one file of labelled passages and print the table."""
    corpus = corpus.resolve()
    if not corpus.is_file():
        print(f"accuracy: no labelled passages at {corpus}; nothing to score (pass --corpus PATH).")
        return
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    deal_rows = sum(1 for r in rows if r["gold"].get("is_deal"))
    print(f"{len(rows)} passages ({deal_rows} about a deal) from {corpus}")

    project = run("project", tuple(FIELDS), rows, analyze)
    # Timed before the baselines are imported: quantulum3 loads many objects, which slows the garbage collector.
    rate = passages_per_second(rows, args.rounds)
    text = big_text(rows)
    big_seconds = time_big(text)
    print(f"analyze timed: best of {args.rounds} passes over the passages; 5 MB input = "
          f"{len(text.encode('utf-8')):,} bytes ({len(text):,} characters) in one call")

    others: list[Result] = []
    skipped: dict[str, str] = {}
    for name, fields in BASELINE_FIELDS.items():
        try:
            adapter = baselines.load(name)
        except ImportError as error:
            skipped[name] = str(error)
            print(f"{name}: skipped, not importable ({error})")
            continue
        others.append(run(name, fields, rows, lambda text, adapter=adapter: {"figures": adapter(text)}))

    print()
    passed = print_table(project, others, skipped, rate, big_seconds)
    print("\ncrashes (counted as empty answers): "
          + ", ".join(f"{r.name} {r.crashes}" for r in [project, *others]))
    print(f"money F1 if a figure with a stated USD conversion may match both its amounts: "
          f"{project.money_conversion_both.f1:.3f} (strict one-to-one above: {project.scores['money'].f1:.3f})")
    failed = [k for k, ok in passed.items() if not ok]
    print("targets: " + ("all met" if not failed else "missed: " + ", ".join(failed)))

    if args.errors:
        print_misses(project, rows, args.errors)

    if json_path:
        results = {
            "corpus": str(corpus), "passages": len(rows), "deal_passages": deal_rows,
            "headline": round(sum(project.scores[f].f1 for f in FIELDS) / len(FIELDS), 4),
            "passages_per_s": round(rate, 1), "five_mb_seconds": big_seconds, "targets_passed": passed,
            "money_f1_conversion_matches_both": round(project.money_conversion_both.f1, 4),
            "systems": {r.name: {"fields": {f: r.scores[f].as_dict() for f in r.fields}, "crashes": r.crashes,
                                 "seconds": round(r.seconds, 3)} for r in [project, *others]},
            "skipped": skipped,
            "misses": [asdict(m) for m in project.misses],
        }
        json_path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"\nwrote {json_path}")


if __name__ == "__main__":
    sys.exit(main())
