"""Storage and memory on figure-dense pages (issue 13): do they grow linearly with the page?

    .venv/bin/python bench/hostile.py            # 10 KB .. 10 MB stored, analyze of 1, 5 and 20 MB
    .venv/bin/python bench/hostile.py --quick    # 10 KB .. 1 MB stored, analyze of 1 MB

Each measurement runs in its own process, so the peak RSS (ru_maxrss) is that measurement's alone.
A page is one paragraph of money and quantity figures without a sentence break: the worst case for
claims that store their sentence. Stored: the page is imported (article -> claims -> SQLite) into a
fresh database, whose size is given after the run.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from newsgen import dense_text as figures_paragraph  # noqa: E402  (the tests' generator of figure-dense text)

KB, MB = 1024, 1024 * 1024


def dense_text(size: int) -> str:
    """A page of figures: one sentence naming the deal, then a paragraph of figures without a sentence break."""
    return "Microsoft and CoreWeave deal. " + figures_paragraph(size)


def measure_store(size: int) -> dict:
    """Import one figure-dense page into a fresh database: time, peak RSS, database size, claims."""
    from scraper.pipeline import Settings, import_documents

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "d.db"
        line = json.dumps({"url": "https://bench.example/dense", "text": dense_text(size)})
        start = time.perf_counter()
        summary = import_documents([line], Settings(db_path=db))
        seconds = time.perf_counter() - start
        size_on_disk = sum(p.stat().st_size for p in Path(tmp).iterdir())
    return {"seconds": round(seconds, 2), "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
            "db_mb": round(size_on_disk / MB, 2), "claims": summary.claims,
            "dropped": getattr(summary, "claims_dropped", None)}


def measure_analyze(size: int) -> dict:
    """`analyze` (the Python API plus its JSON output) of a figure-dense text: time, peak RSS, output size."""
    from scraper.pipeline import analyze

    text = dense_text(size)
    start = time.perf_counter()
    out = json.dumps(analyze(text), ensure_ascii=False)
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 2), "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
            "json_mb": round(len(out) / MB, 2)}


def child(kind: str, size: int, timeout: float) -> dict:
    """Run one measurement in a fresh interpreter."""
    try:
        done = subprocess.run([sys.executable, __file__, "--one", kind, str(size)], capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"over {timeout:.0f}s"}
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1][:120]}
    return json.loads(done.stdout)


def label(size: int) -> str:
    """10 KB, 1 MB..."""
    return f"{size // MB} MB" if size >= MB else f"{size // KB} KB"


def main() -> None:
    """Print one line per measurement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--one", nargs=2, metavar=("KIND", "SIZE"), help=argparse.SUPPRESS)
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()
    if args.one:
        kind, size = args.one[0], int(args.one[1])
        print(json.dumps(measure_store(size) if kind == "store" else measure_analyze(size)))
        return
    stored = [10 * KB, 100 * KB, MB] + ([] if args.quick else [10 * MB])
    analyzed = [MB] + ([] if args.quick else [5 * MB, 20 * MB])
    print("figure-dense page stored (import -> claims -> SQLite)")
    for size in stored:
        print(f"  {label(size):>6}: {json.dumps(child('store', size, args.timeout))}", flush=True)
    print("analyze (API + JSON)")
    for size in analyzed:
        print(f"  {label(size):>6}: {json.dumps(child('analyze', size, args.timeout))}", flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
