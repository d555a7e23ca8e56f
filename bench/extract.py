"""Benchmark the article stage: body-text quality, speed, dates and metadata against other extractors.

    .venv/bin/python bench/extract.py [--corpus ../shared/corpus] [--rounds 1] [--only project,trafilatura]

Part 1 runs every page of article-extraction-benchmark/ (gzipped HTML + ground-truth.json) through the
project's `extract_article` (text *and* all metadata) and, in the same process, trafilatura default,
trafilatura favor_precision, readability-lxml and newspaper4k. It prints token-level precision, recall
and F1 of the body text against the ground truth and pages/s (best of --rounds).
Part 2 scores published dates on the benchmark pages whose URL carries a full date (the only date gold
those pages have; the comparison allows one day for time zones).
Part 3 scores title, author, date, language and canonical URL on news-pages/ (hand-checked
expected.json) for the project and for trafilatura's metadata.
Pages are decoded once, before timing, with scraper.fetch.detect_encoding (as the pipeline does).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))

from scraper.article import extract_article  # noqa: E402
from scraper.fetch import detect_encoding  # noqa: E402

TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> Counter:
    """Lower-cased word tokens of a text, as a multiset."""
    return Counter(TOKEN.findall(unicodedata.normalize("NFKC", text or "").lower()))


def prf(pred: str, gold: str) -> tuple[float, float, float]:
    """Token-level precision, recall and F1 of one prediction (multiset overlap)."""
    p, g = tokens(pred), tokens(gold)
    overlap = sum((p & g).values())
    if not p and not g:
        return 1.0, 1.0, 1.0
    precision = overlap / sum(p.values()) if p else 0.0
    recall = overlap / sum(g.values()) if g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def load_pages(folder: Path, pattern: str) -> dict[str, str]:
    """Page id -> decoded HTML."""
    pages = {}
    for path in sorted(folder.glob(pattern)):
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        pages[path.name.split(".html")[0]] = raw.decode(detect_encoding(raw), errors="replace")
    return pages


# ---------------------------------------------------------------------------
# Extractors: each maps (html, url) to body text.


def project_text(html: str, url: str) -> str:
    return extract_article(html, url).text


def trafilatura_default(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


def trafilatura_precision(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, favor_precision=True) or ""


def readability_text(html: str, url: str) -> str:
    import lxml.html
    from readability import Document

    summary = Document(html).summary(html_partial=True)
    root = lxml.html.fragment_fromstring(summary, create_parent="div")
    blocks = [" ".join(el.text_content().split()) for el in root.iter("p", "h1", "h2", "h3", "h4", "li", "pre", "td")]
    text = "\n".join(b for b in blocks if b)
    return text or root.text_content()


def newspaper_text(html: str, url: str) -> str:
    import newspaper

    config = newspaper.Config()
    config.fetch_images = False
    config.memorize_articles = False
    article = newspaper.Article(url or "http://example.com/", config=config)
    article.download(input_html=html)
    article.parse()
    return article.text or ""


EXTRACTORS: dict[str, Callable[[str, str], str]] = {
    "project (extract_article, text+metadata)": project_text,
    "trafilatura default": trafilatura_default,
    "trafilatura favor_precision": trafilatura_precision,
    "readability-lxml": readability_text,
    "newspaper4k": newspaper_text,
}


def run_extractor(fn: Callable[[str, str], str], pages: dict[str, str], urls: dict[str, str],
                  rounds: int) -> tuple[dict[str, str], float]:
    """Outputs of one extractor on every page, and its best wall time over the rounds."""
    best = float("inf")
    out: dict[str, str] = {}
    for _ in range(rounds):
        start = time.perf_counter()
        for key, html in pages.items():
            try:
                out[key] = fn(html, urls[key])
            except Exception as exc:  # a crash is an empty answer
                out[key] = ""
                print(f"  {key}: {type(exc).__name__}: {exc}", file=sys.stderr)
        best = min(best, time.perf_counter() - start)
    return out, best


def body_benchmark(corpus: Path, rounds: int, only: set[str] | None) -> None:
    """Part 1 (text quality and speed) and part 2 (dates) on article-extraction-benchmark."""
    folder = corpus / "article-extraction-benchmark"
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = load_pages(folder / "html", "*.html.gz")
    pages = {k: v for k, v in pages.items() if k in truth}
    urls = {k: truth[k].get("url") or "" for k in pages}
    # Warm imports and caches so the first extractor does not pay for them.
    for fn in EXTRACTORS.values():
        try:
            fn(next(iter(pages.values())), "")
        except Exception:
            pass
    print(f"## Body text: {len(pages)} pages of article-extraction-benchmark, one process, best of {rounds}\n")
    print("| extractor | precision | recall | F1 (mean per page) | F1 (of mean P/R) | pages/s |")
    print("|---|---|---|---|---|---|")
    speeds: dict[str, float] = {}
    for name, fn in EXTRACTORS.items():
        if only and not any(o in name for o in only):
            continue
        out, seconds = run_extractor(fn, pages, urls, rounds)
        scores = [prf(out[k], truth[k]["articleBody"]) for k in pages]
        p = sum(s[0] for s in scores) / len(scores)
        r = sum(s[1] for s in scores) / len(scores)
        f = sum(s[2] for s in scores) / len(scores)
        f_pr = 2 * p * r / (p + r) if p + r else 0.0
        speeds[name] = len(pages) / seconds
        print(f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} | {f_pr:.3f} | {speeds[name]:.1f} |")
    base = speeds.get("trafilatura default")
    ours = speeds.get("project (extract_article, text+metadata)")
    if base and ours:
        print(f"\nproject speed / trafilatura default: {ours / base:.2f}x (target >= 0.80x)")
    date_benchmark(pages, urls)


URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?!\d)")


def url_date(url: str) -> date | None:
    """A full date written in a URL path (2019/11/19, 2019-11-19, 20191119)."""
    match = URL_DATE.search(url.split("?", 1)[0])
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def date_benchmark(pages: dict[str, str], urls: dict[str, str]) -> None:
    """Published dates against the date in the page URL (within one day for time zones)."""
    import trafilatura

    gold = {k: d for k in pages if (d := url_date(urls[k]))}
    print(f"\n## Published date: {len(gold)} benchmark pages whose URL carries a full date (+-1 day)\n")
    print("| extractor | correct | wrong | none | accuracy |")
    print("|---|---|---|---|---|")
    systems = {
        "project": lambda h, u: extract_article(h, u).published,
        "trafilatura metadata": lambda h, u: getattr(trafilatura.extract_metadata(h), "date", None),
    }
    for name, fn in systems.items():
        correct = wrong = none = 0
        for key, day in gold.items():
            found = _day(fn(pages[key], urls[key]))
            if found is None:
                none += 1
            elif abs(found - day) <= timedelta(days=1):
                correct += 1
            else:
                wrong += 1
        print(f"| {name} | {correct} | {wrong} | {none} | {correct / len(gold):.3f} |")


# ---------------------------------------------------------------------------
# Part 3: metadata on news-pages


def _norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = re.sub(r"[\u2018\u2019\u201c\u201d'\"`]", "", text)
    return " ".join(text.split())


def title_ok(pred: str | None, gold: list[str]) -> bool:
    return _norm(pred) in {_norm(t) for t in gold}


def authors_ok(pred: str | None, gold: list) -> bool:
    """Every bylined name found, and no other name."""
    names = [_norm(n) for n in re.split(r",|;|\band\b|&|\|", pred or "") if n.strip()]
    accepted = [{_norm(g)} if isinstance(g, str) else {_norm(x) for x in g} for g in gold]
    if len(names) != len(accepted):
        return False
    return all(any(n in a for n in names) for a in accepted)


def date_ok(pred: str | None, gold: str) -> bool:
    """Same calendar day, local to the page or in UTC."""
    day = _day(pred)
    if day is None:
        return False
    days = {_day(gold)}
    if len(gold) > 10:
        try:
            moment = datetime.fromisoformat(gold.replace("Z", "+00:00"))
            if moment.tzinfo is not None:
                days.add(moment.astimezone(timezone.utc).date())
        except ValueError:
            pass
    return day in days


def language_ok(pred: str | None, gold: str) -> bool:
    return (pred or "").lower().replace("_", "-").split("-")[0] == gold.lower()


def canonical_ok(pred: str | None, gold: str) -> bool:
    return (pred or "").rstrip("/") == gold.rstrip("/")


def metadata_benchmark(corpus: Path) -> None:
    """Title/author/date/language/canonical accuracy of the project and of trafilatura on news-pages."""
    import trafilatura

    folder = corpus / "news-pages"
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))["pages"]
    pages = load_pages(folder / "html", "*.html")

    def project(html: str) -> dict:
        a = extract_article(html)
        return {"title": a.title, "author": a.author, "published": a.published, "language": a.language,
                "canonical": a.canonical_url}

    def trafi(html: str) -> dict:
        doc = trafilatura.bare_extraction(html, with_metadata=True)
        get = (lambda k: doc.get(k)) if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
        return {"title": get("title"), "author": get("author"), "published": get("date"),
                "language": get("language"), "canonical": get("url")}

    checks = {
        "title": ("titles", title_ok, "title"),
        "author": ("authors", authors_ok, "author"),
        "date": ("published", date_ok, "published"),
        "language": ("language", language_ok, "language"),
        "canonical": ("canonical_url", canonical_ok, "canonical"),
    }
    print(f"\n## Metadata: {len(expected)} news-pages (hand-checked gold; fields with null gold skipped)\n")
    print("| system | " + " | ".join(checks) + " |")
    print("|---|" + "---|" * len(checks))
    for name, fn in (("project", project), ("trafilatura metadata", trafi)):
        hits: dict[str, list[bool]] = {k: [] for k in checks}
        misses: list[str] = []
        for key, gold in expected.items():
            if key not in pages:
                continue
            pred = fn(pages[key])
            for field, (gold_key, ok, pred_key) in checks.items():
                if gold.get(gold_key) is None:
                    continue
                good = ok(pred[pred_key], gold[gold_key])
                hits[field].append(good)
                if not good:
                    misses.append(f"{key}.{field}: {pred[pred_key]!r}")
        cells = [f"{sum(v)}/{len(v)} ({sum(v) / len(v):.2f})" if v else "-" for v in hits.values()]
        print(f"| {name} | " + " | ".join(cells) + " |")
        if VERBOSE:
            for miss in misses:
                print(f"    miss {name}: {miss}")


VERBOSE = False


def main() -> int:
    """Run the three parts; exit 0 with a message when the corpus is absent."""
    global VERBOSE
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--only", default="", help="comma-separated substrings of extractor names")
    parser.add_argument("--skip-body", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true", help="list metadata misses")
    args = parser.parse_args()
    VERBOSE = args.verbose
    warnings.filterwarnings("ignore")
    if not (args.corpus / "article-extraction-benchmark" / "ground-truth.json").exists():
        print(f"corpus not found at {args.corpus}: skipping the article-stage benchmark")
        return 0
    only = {o.strip() for o in args.only.split(",") if o.strip()} or None
    if not args.skip_body:
        body_benchmark(args.corpus, args.rounds, only)
    if (args.corpus / "news-pages" / "expected.json").exists():
        metadata_benchmark(args.corpus)
    else:
        print("news-pages not found: metadata section skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
