"""Backfill of WARC archives (issue 16): records/s and MB/s of `scraper backfill` against the paths users write instead.

    .venv/bin/pip install fastwarc datatrove psutil faust-cchardet python-magic   # anchors (datatrove... in `bench`)
    .venv/bin/python bench/backfill.py                   # 50 MB and 200 MB sets, every row
    .venv/bin/python bench/backfill.py --quick           # one ~20 MB set
    .venv/bin/python bench/backfill.py --size-mb 200 --skip datatrove,naive

It builds CC-NEWS-like WARC files (gzip per record) in a temp folder, cached by size: the 181 pages of
../shared/corpus/article-extraction-benchmark repeated under new URLs, about 1% deal pages (the bench's own
tech-news pages and the project's sample articles, also repeated under new URLs), a few JPEG responses,
request, metadata and warcinfo records. A set of N MB is written as --parts files of N/parts MB (one Dask
task per file, so two workers need two files); every row reads all of them. Then, each in its own process
with its process tree's RSS polled every 0.1 s: plain gzip decompression (the upper bound), warcio and
FastWARC iteration, the naive path (warcio + trafilatura on every HTML record, then the project's claims
on each text), datatrove's WarcReader + Trafilatura, and `scraper backfill` with 1 and 2 workers. The
claims our backfill stored are compared with the naive path's and with the project's own article path run
on the same records. The prefilter-rejected rate is measured on a variant without deal pages.
It exits 0 with a message when the corpus is not there.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
CACHE = Path(tempfile.gettempdir()) / "deals-backfill-bench"
GENERATION = 2  # bump when the generated files change, so cached sets are rebuilt
MB = 1_000_000  # decimal megabytes, as in the core-hours formula


# -- the command under test: adjust here if its options change -------------------------------------------


def backfill_command(files: list[Path], db: Path, workers: int) -> list[str]:
    """The command line of our backfill over `files` into `db` with `workers` Dask workers."""
    return [sys.executable, "-m", "scraper", "backfill", *map(str, files), "--db", str(db), "--workers", str(workers)]


BACKFILL_HELP = [sys.executable, "-m", "scraper", "backfill", "--help"]
CLAIMS_SQL = ("select a.url, count(c.id) from articles a join claims c on c.article_id = a.id "
              "group by a.url")  # the stored claims per article (scraper/db.py's tables)


# -- the deal pages ---------------------------------------------------------------------------------------

STORIES: list[dict[str, Any]] = [
    {"host": "www.datacenterwire.example", "date": "2026-03-02T09:30:00Z",
     "title": "Nscale to supply Microsoft with 52,000 Nvidia GB300 GPUs in Texas",
     "paragraphs": [
         "Nscale signed a $2.4 billion agreement to supply Microsoft with 52,000 Nvidia GB300 GPUs in Texas over "
         "five years, the London-based company said on Monday.",
         "The capacity will be delivered in two phases from a campus near Abilene, with the first 20,000 GPUs "
         "expected online in the third quarter of 2026 and the rest in early 2027.",
         "Microsoft has been signing capacity deals with so-called neoclouds to meet demand for Azure AI services. "
         "The contract takes Nscale's committed revenue from the software company to more than $14 billion.",
         "Nscale raised $1.1 billion in a Series B round last year and said it would finance the new build with a "
         "mix of equity and debt. The site will draw 240 MW of power when fully built.",
         "Neither company disclosed the price per GPU hour. Analysts at one bank estimated the deal at between "
         "$2 billion and $2.6 billion including networking and storage.",
     ]},
    {"host": "www.siliconledger.example", "date": "2026-02-11T14:05:00Z",
     "title": "CoreWeave expands OpenAI contract by $6.5 billion",
     "paragraphs": [
         "CoreWeave said on Wednesday it had expanded its contract with OpenAI by up to $6.5 billion, bringing the "
         "total value of its agreements with the ChatGPT maker to about $22.4 billion.",
         "The expansion covers additional Nvidia Blackwell capacity in data centers in Pennsylvania and New Jersey, "
         "to be delivered through 2029.",
         "OpenAI first signed with CoreWeave in March for $11.9 billion over five years and took a $350 million "
         "stake in the company as part of that deal.",
         "CoreWeave shares rose 7% in premarket trading after the announcement.",
     ]},
    {"host": "www.cloudbrief.example", "date": "2026-01-20T07:00:00Z",
     "title": "Oracle and OpenAI sign $30 billion a year cloud deal for 4.5 GW of capacity",
     "paragraphs": [
         "Oracle has agreed to provide OpenAI with 4.5 gigawatts of data center capacity in the United States, "
         "a deal worth about $30 billion a year, according to people familiar with the matter.",
         "The capacity is part of the Stargate project that OpenAI announced with SoftBank and Oracle, which "
         "aims to invest up to $500 billion in AI infrastructure over four years.",
         "Oracle said in a filing that it expected the contract to contribute more than $30 billion in annual "
         "revenue starting in its 2028 fiscal year.",
         "The company plans to build sites in Texas, New Mexico and Wisconsin, and will buy hundreds of thousands "
         "of Nvidia GB200 chips for them.",
     ]},
    {"host": "www.chipreport.example", "date": "2026-04-03T12:00:00Z",
     "title": "AMD wins 6 GW OpenAI order for Instinct MI450 accelerators",
     "paragraphs": [
         "AMD will supply OpenAI with 6 gigawatts of Instinct GPUs over several years, starting with 1 gigawatt "
         "of MI450 accelerators in the second half of 2026, the companies said.",
         "As part of the agreement AMD granted OpenAI a warrant for up to 160 million AMD shares, vesting as "
         "deployment milestones are met.",
         "AMD expects the deal to generate tens of billions of dollars in revenue. Its shares jumped 24% on the news.",
         "The order is the largest AMD has ever received for data center GPUs and makes OpenAI its biggest customer.",
     ]},
    {"host": "www.datacenterwire.example", "date": "2026-05-14T16:20:00Z",
     "title": "Meta signs $14 billion compute deal with CoreWeave",
     "paragraphs": [
         "Meta Platforms has signed a $14.2 billion agreement with CoreWeave for cloud computing capacity through "
         "December 2031, with an option to expand, CoreWeave disclosed in a regulatory filing.",
         "The capacity will run on Nvidia GB300 systems, and Meta will pay for it in monthly installments over the "
         "six-year term.",
         "CoreWeave's backlog stood at $55.6 billion at the end of the last quarter before the Meta contract.",
     ]},
    {"host": "www.neocloudnews.example", "date": "2026-06-09T08:45:00Z",
     "title": "Nebius lands $17.4 billion Microsoft GPU contract",
     "paragraphs": [
         "Nebius Group said it would provide Microsoft with dedicated GPU capacity from a new data center in "
         "Vineland, New Jersey, under a five-year agreement worth $17.4 billion.",
         "The contract value could rise to $19.4 billion if Microsoft buys additional services, the Amsterdam-based "
         "company said.",
         "Nebius plans to finance the build-out with cash from the deal and debt backed by the contract, and expects "
         "to deploy more than 100,000 Nvidia GPUs at the site.",
         "Its shares rose more than 40% in extended trading.",
     ]},
    {"host": "www.siliconledger.example", "date": "2026-07-01T10:10:00Z",
     "title": "Anthropic to use up to one million Google TPUs in deal worth tens of billions",
     "paragraphs": [
         "Anthropic will use up to one million Google TPU chips under an expanded agreement worth tens of billions "
         "of dollars, the companies said on Thursday.",
         "The deal will bring well over a gigawatt of capacity online in 2026, Google said. Anthropic already uses "
         "Amazon's Trainium chips and Nvidia GPUs.",
         "Google has invested about $3 billion in Anthropic. Amazon has invested $8 billion and remains its primary "
         "cloud provider.",
     ]},
    {"host": "www.cloudbrief.example", "date": "2026-08-18T13:30:00Z",
     "title": "xAI raises $20 billion to buy Nvidia chips for Colossus 2",
     "paragraphs": [
         "Elon Musk's xAI is raising $20 billion, including about $12.5 billion of debt, to buy Nvidia processors "
         "for its Colossus 2 data center in Memphis, people familiar with the plans said.",
         "Nvidia will invest up to $2 billion in the equity portion. The debt will be held by a special purpose "
         "vehicle that buys the chips and leases them to xAI for five years.",
         "Colossus 2 is designed for 550,000 GB200 and GB300 chips in its first phase.",
     ]},
    {"host": "www.neocloudnews.example", "date": "2026-09-22T06:55:00Z",
     "title": "Lambda signs multibillion-dollar deal with Microsoft for Nvidia infrastructure",
     "paragraphs": [
         "Lambda said it had signed a multibillion-dollar agreement with Microsoft to deploy AI infrastructure "
         "powered by tens of thousands of Nvidia GPUs, including GB300 NVL72 systems.",
         "The company did not give the value of the contract. People familiar with it put it at about $3 billion "
         "over four years.",
         "Lambda has been working with Microsoft for more than eight years and is preparing an initial public "
         "offering in 2026.",
     ]},
    {"host": "www.chipreport.example", "date": "2026-10-05T11:40:00Z",
     "title": "Crusoe and Humain agree 1 GW data center joint venture",
     "paragraphs": [
         "Crusoe and Saudi Arabia's Humain agreed to build 1 gigawatt of AI data center capacity in the kingdom "
         "in a joint venture worth $10 billion, the companies said at an investment forum in Riyadh.",
         "The first 200 MW phase will house 18,000 Nvidia GB300 chips and is due online in 2027.",
         "Humain, backed by the Public Investment Fund, has also signed chip supply deals with AMD and Qualcomm.",
     ]},
]


def story_page(story: dict[str, Any], url: str) -> bytes:
    """A tech-news article page: head metadata, navigation, the <article>, related links and a footer."""
    host = story["host"]
    outlet = host.split(".")[1].capitalize()
    body = "\n".join(f"<p>{p}</p>" for p in story["paragraphs"])
    related = "\n".join(f'<li><a href="https://{host}/news/{n}">More infrastructure news {n}</a></li>'
                        for n in range(1, 9))
    nav = " ".join(f'<a href="https://{host}/{s}/">{s.title()}</a>' for s in ("cloud", "chips", "energy", "policy"))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{story["title"]} | {outlet}</title>
<link rel="canonical" href="{url}">
<meta property="og:type" content="article"><meta property="og:title" content="{story["title"]}">
<meta property="og:site_name" content="{outlet}">
<meta property="article:published_time" content="{story["date"]}">
<meta name="author" content="Staff Reporter">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "{story["title"]}", "datePublished": "{story["date"]}", "publisher": {{"@type": "Organization", "name": "{outlet}"}}}}</script>
</head><body>
<header><nav>{nav}</nav></header>
<main><article>
<h1>{story["title"]}</h1>
<p class="byline">By Staff Reporter, <time datetime="{story["date"]}">{story["date"][:10]}</time></p>
{body}
</article>
<aside><h2>Related</h2><ul>{related}</ul></aside></main>
<footer><p>&copy; 2026 {outlet}. All rights reserved.</p></footer>
</body></html>
""".encode()


def sample_pages() -> list[tuple[str, bytes]]:
    """The project's sample deal articles (data/sample), `{{BASE}}` turned into a news host: (path, html)."""
    out = []
    for path in sorted((ROOT / "data" / "sample").glob("*/*.html")):
        if path.parent.name == "private":
            continue
        out.append((f"{path.parent.name}/{path.name}", path.read_bytes()))
    return out


def deal_page(n: int, r: int) -> tuple[str, bytes]:
    """Deal page number `n` (stories, then sample articles) under a URL unique to repetition `r`: (url, html)."""
    samples = sample_pages()
    if n % (len(STORIES) + len(samples)) < len(STORIES):
        story = STORIES[n % (len(STORIES) + len(samples))]
        slug = re.sub(r"[^a-z0-9]+", "-", story["title"].lower()).strip("-")
        url = f"https://{story['host']}/2026/{slug}?r={r}"
        return url, story_page(story, url)
    path, html = samples[n % (len(STORIES) + len(samples)) - len(STORIES)]
    base = f"https://{path.split('/')[0]}.example"
    url = f"{base}/{path}?r={r}"
    return url, html.replace(b"{{BASE}}/" + path.encode(), url.encode()).replace(b"{{BASE}}", base.encode())


CANONICAL = re.compile(rb"<link[^>]*rel=[\"']?canonical[^>]*>|<meta[^>]*property=[\"']og:url[^>]*>", re.I)


def corpus_pages(corpus: Path) -> list[tuple[str, bytes]]:
    """The article-extraction-benchmark pages: (url, html), canonical links dropped (each copy is its own page)."""
    folder = corpus / "article-extraction-benchmark"
    truth = json.loads((folder / "ground-truth.json").read_text())
    pages = []
    for key in sorted(truth):
        html = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        pages.append((truth[key]["url"], CANONICAL.sub(b"", html)))
    return pages


# -- building the WARC files ------------------------------------------------------------------------------


def with_query(url: str, r: int) -> str:
    """The URL made unique to repetition `r` (its fragment dropped: one page has one)."""
    url = url.split("#", 1)[0]
    return f"{url}{'&' if '?' in url else '?'}r={r}"


class Writer:
    """Writes CC-NEWS-like records (gzip per record) to one file and counts them."""

    def __init__(self, path: Path) -> None:
        """Open `path` and write its warcinfo record."""
        from warcio.warcwriter import WARCWriter

        self.fh = open(path, "wb")
        self.writer = WARCWriter(self.fh, gzip=True)
        self.records = self.html = 0
        self.writer.write_record(self.writer.create_warcinfo_record(path.name, {
            "software": "bench/backfill.py", "format": "WARC File Format 1.0", "description": "CC-NEWS-like"}))
        self.records += 1

    def response(self, url: str, body: bytes, content_type: str, payload_type: str) -> None:
        """A 200 response record with HTTP headers."""
        from warcio.statusandheaders import StatusAndHeaders

        http = StatusAndHeaders("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body))),
                                           ("Date", "Mon, 02 Mar 2026 09:31:00 GMT"), ("Server", "nginx")],
                                protocol="HTTP/1.1")
        record = self.writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                                warc_headers_dict={"WARC-Date": "2026-03-02T09:31:00Z",
                                                                   "WARC-Identified-Payload-Type": payload_type})
        self.writer.write_record(record)
        self.records += 1
        self.html += payload_type == "text/html"

    def request(self, url: str) -> None:
        """A GET request record."""
        from warcio.statusandheaders import StatusAndHeaders

        host = url.split("/")[2]
        http = StatusAndHeaders(f"GET /{url.split('/', 3)[-1]} HTTP/1.1",
                                [("Host", host), ("User-Agent", "CCBot/2.0"), ("Accept", "text/html")],
                                is_http_request=True)
        self.writer.write_record(self.writer.create_warc_record(url, "request", payload=io.BytesIO(b""),
                                                                http_headers=http))
        self.records += 1

    def metadata(self, url: str) -> None:
        """A metadata record (application/warc-fields), as the crawler writes after a fetch."""
        self.writer.write_record(self.writer.create_warc_record(
            url, "metadata", payload=io.BytesIO(b"fetchTimeMs: 212\r\ncharset-detected: UTF-8\r\n"),
            warc_content_type="application/warc-fields"))
        self.records += 1

    def size(self) -> int:
        """Bytes written so far."""
        return self.fh.tell()

    def close(self) -> None:
        """Close the file."""
        self.fh.close()


def build(folder: Path, size_mb: float, relevant: float, parts: int, corpus: Path) -> dict[str, Any]:
    """Write `parts` files of size_mb/parts MB; returns the manifest (files, records, the deal pages' URLs)."""
    folder.mkdir(parents=True, exist_ok=True)
    pages = corpus_pages(corpus)
    rng = random.Random(16)
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + rng.randbytes(30_000) + b"\xff\xd9"
    per_round = round(relevant * len(pages) / (1 - relevant)) if relevant else 0
    slots = {len(pages) * (k + 1) // (per_round + 1) for k in range(per_round)}  # deal pages spread over a round
    manifest: dict[str, Any] = {"files": [], "records": 0, "html": 0, "deal_urls": [], "bytes": 0}
    r = deal = 0
    for part in range(parts):
        path = folder / f"part-{part}.warc.gz"
        out = Writer(path)
        while out.size() < size_mb * MB / parts:
            r += 1
            for i, (url, html) in enumerate(pages):
                if i in slots:
                    deal_url, deal_html = deal_page(deal, r)
                    deal += 1
                    out.request(deal_url)
                    out.response(deal_url, deal_html, "text/html; charset=utf-8", "text/html")
                    manifest["deal_urls"].append(deal_url)
                if i in (40, 120):
                    image = f"https://{url.split('/')[2]}/images/photo-{r}-{i}.jpg"
                    out.request(image)
                    out.response(image, jpeg, "image/jpeg", "image/jpeg")
                    out.metadata(image)
                out.response(with_query(url, r), html, "text/html", "text/html")
                if out.size() >= size_mb * MB / parts:
                    break
        out.close()
        manifest["files"].append(path.name)
        manifest["records"] += out.records
        manifest["html"] += out.html
        manifest["bytes"] += path.stat().st_size
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return manifest


def warc_set(size_mb: float, relevant: float, parts: int, corpus: Path) -> tuple[list[Path], dict[str, Any]]:
    """The cached set of files for a size and share of deal pages (built on first use)."""
    folder = CACHE / f"g{GENERATION}-{size_mb:g}mb-{relevant:g}rel-{parts}parts"
    manifest_path = folder / "manifest.json"
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text())
    else:
        shutil.rmtree(folder, ignore_errors=True)
        start = time.perf_counter()
        print(f"  building {folder} ...", flush=True)
        manifest = build(folder, size_mb, relevant, parts, corpus)
        print(f"  built in {time.perf_counter() - start:.0f} s", flush=True)
    return [folder / name for name in manifest["files"]], manifest


# -- the measurements (each runs in a child process: `--one KIND FILE...`) -------------------------------


def run_decompress(files: list[Path]) -> dict[str, Any]:
    """Plain gzip decompression of the files (all members), 1 MB reads."""
    total = 0
    for path in files:
        with gzip.open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                total += len(chunk)
    return {"uncompressed_mb": round(total / MB, 1)}


def run_warcio(files: list[Path]) -> dict[str, Any]:
    """warcio iteration, every record's content read."""
    from warcio.archiveiterator import ArchiveIterator

    records = 0
    for path in files:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                record.content_stream().read()
                records += 1
    return {"records_seen": records}


def run_fastwarc(files: list[Path]) -> dict[str, Any]:
    """FastWARC iteration, every record's content read."""
    from fastwarc.warc import ArchiveIterator

    records = 0
    for path in files:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                record.reader.read()
                records += 1
    return {"records_seen": records}


def html_records(files: list[Path]) -> Iterator[tuple[str, bytes]]:
    """(url, body) of every HTML response record, read with warcio."""
    from warcio.archiveiterator import ArchiveIterator

    for path in files:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response":
                    record.content_stream().read()
                    continue
                kind = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
                body = record.content_stream().read()
                if kind.startswith("text/html"):
                    yield record.rec_headers.get_header("WARC-Target-URI"), body


def run_naive(files: list[Path]) -> dict[str, Any]:
    """warcio + trafilatura.extract on every HTML record, then the project's claims on each text (one process)."""
    import trafilatura
    from scraper.config import Config
    from scraper.pipeline import analyze_article, document_article

    claims: dict[str, int] = {}
    extract_s = html = texts = 0.0
    for url, body in html_records(files):
        html += 1
        start = time.perf_counter()
        text = trafilatura.extract(body)
        extract_s += time.perf_counter() - start
        if not text:
            continue
        texts += 1
        article = document_article(text, url=url)
        extraction = analyze_article(article)
        if article.is_article and article.relevance >= Config.relevance_threshold and extraction.claims:
            claims[url] = len(extraction.claims)
    return {"html_records": int(html), "texts": int(texts), "trafilatura_s": round(extract_s, 1), "claims": claims}


def run_datatrove(files: list[Path]) -> dict[str, Any]:
    """datatrove's WarcReader + Trafilatura extractor (its defaults), one task, one worker."""
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.extractors import Trafilatura
    from datatrove.pipeline.readers import WarcReader

    seen = [0]

    def count(data: Any, rank: int = 0, world_size: int = 1) -> Any:
        """Count the documents datatrove extracted."""
        for doc in data:
            seen[0] += 1
            yield doc

    with tempfile.TemporaryDirectory() as logs:
        executor = LocalPipelineExecutor(
            pipeline=[WarcReader(str(files[0].parent), glob_pattern="part-*.warc.gz"), Trafilatura(), count],
            tasks=1, workers=1, logging_dir=logs, skip_completed=False)
        executor.run()
    return {"texts": seen[0]}


def run_reference(files: list[Path], urls: list[str]) -> dict[str, Any]:
    """The project's own article path (as the crawl runs it) on the records of `urls`: claims stored per URL."""
    from scraper.config import Config
    from scraper.encoding import detect_encoding, media_type
    from scraper.models import Fetched
    from scraper.pipeline import extract_fetched
    from scraper.sources import canonicalize_url

    wanted, claims = {canonicalize_url(u) for u in urls}, {}
    for url, body in html_records(files):
        if canonicalize_url(url) not in wanted:
            continue
        ctype = "text/html; charset=utf-8"
        fetched = Fetched(url=url, final_url=url, status=200, fetched_at="2026-03-02T09:31:00Z",
                          headers={"content-type": ctype}, body=body, content_type=media_type(ctype),
                          encoding=detect_encoding(body, ctype))
        article, extraction, _ = extract_fetched(fetched)
        if article and extraction and article.is_article and article.relevance >= Config.relevance_threshold \
                and extraction.claims:
            claims[article.url] = len(extraction.claims)
    return {"claims": claims}


def high_water_mb() -> float:
    """This process's peak RSS since its exec (VmHWM; ru_maxrss would include the parent's before the exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024 / MB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MB


KINDS = {"decompress": run_decompress, "warcio": run_warcio, "fastwarc": run_fastwarc, "naive": run_naive,
         "datatrove": run_datatrove}


def one(kind: str, files: list[Path]) -> None:
    """Child process: run one measurement and print its JSON (seconds exclude imports and start-up)."""
    sys.path.insert(0, str(ROOT))
    if kind == "naive":
        import scraper.pipeline  # noqa: F401
        import trafilatura  # noqa: F401  (imported before timing, like the other libraries)
    start = time.perf_counter()
    result = KINDS[kind](files)
    result["seconds"] = time.perf_counter() - start
    result["self_mb"] = high_water_mb()  # the 0.1 s poll may miss a short run
    print(json.dumps(result))


# -- running and watching a process tree ------------------------------------------------------------------


def watched(command: list[str], timeout: float) -> dict[str, Any]:
    """Run `command`, polling its process tree's RSS every 0.1 s: wall time, exit status, output, peak RSS."""
    import psutil

    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    peaks: dict[int, int] = {}
    root = psutil.Process(proc.pid)
    out_chunks: list[str] = []

    def poll() -> None:
        """Record the RSS of every process of the tree."""
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.Error:
            return
        for p in tree:
            try:
                peaks[p.pid] = max(peaks.get(p.pid, 0), p.memory_info().rss)
            except psutil.Error:
                pass

    reader = threading.Thread(target=lambda: out_chunks.append(proc.stdout.read() if proc.stdout else ""))
    err_chunks: list[str] = []
    err_reader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read() if proc.stderr else ""))
    reader.start()
    err_reader.start()
    timed_out = False
    while proc.poll() is None:
        poll()
        if time.perf_counter() - start > timeout:
            proc.kill()
            timed_out = True
            break
        time.sleep(0.1)
    proc.wait()
    wall = time.perf_counter() - start
    reader.join()
    err_reader.join()
    children = sorted((rss for pid, rss in peaks.items() if pid != proc.pid), reverse=True)
    return {"wall": wall, "rc": proc.returncode, "timed_out": timed_out, "stdout": "".join(out_chunks),
            "stderr": "".join(err_chunks), "main_mb": peaks.get(proc.pid, 0) / MB,
            "children_mb": [round(c / MB) for c in children]}


def child(kind: str, files: list[Path], timeout: float) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter, watched."""
    run = watched([sys.executable, __file__, "--one", kind, *map(str, files)], timeout)
    if run["timed_out"]:
        return {"error": f"over {timeout:.0f} s", **run}
    if run["rc"] != 0:
        return {"error": (run["stderr"].strip().splitlines() or ["failed"])[-1][:160], **run}
    result = {**run, **json.loads(run["stdout"].strip().splitlines()[-1])}
    result["main_mb"] = max(result["main_mb"], result.pop("self_mb"))
    return result


CHEAP = {"decompress", "warcio", "fastwarc"}  # a few seconds at most: best of three runs


def best(kind: str, files: list[Path], timeout: float) -> dict[str, Any]:
    """`child`, the fastest of three runs for the cheap rows (one run for the others)."""
    runs = [child(kind, files, timeout) for _ in range(3 if kind in CHEAP else 1)]
    return min(runs, key=lambda r: r.get("seconds", float("inf")))


def backfill_available() -> bool:
    """Does this checkout have the `scraper backfill` command?"""
    done = subprocess.run(BACKFILL_HELP, capture_output=True, text=True, cwd=ROOT)
    return done.returncode == 0


def run_backfill(files: list[Path], workers: int, timeout: float, keep: Path) -> dict[str, Any]:
    """`scraper backfill` over the files into a fresh database; its stored claims per article URL."""
    db = keep / f"backfill-{workers}w.db"
    for leftover in keep.glob(f"{db.name}*"):
        leftover.unlink()
    run = watched(backfill_command(files, db, workers), timeout)
    run["seconds"] = run["wall"]
    if run["timed_out"] or run["rc"] != 0:
        run["error"] = f"over {timeout:.0f} s" if run["timed_out"] else \
            (run["stderr"].strip().splitlines() or ["failed"])[-1][:160]
        return run
    with sqlite3.connect(db) as conn:
        run["claims"] = dict(conn.execute(CLAIMS_SQL).fetchall())
        run["articles"] = conn.execute("select count(*) from articles").fetchone()[0]
        run["scan_seconds"] = [r[0] for r in conn.execute("select seconds from warc_files where status = 'done'")]
    return run


# -- the report -------------------------------------------------------------------------------------------

HEADER = (f"{'row':<34} {'records':>8} {'seconds':>8} {'records/s':>10} {'MB/s':>7} {'rec/s/core':>10} "
          f"{'main MB':>8} {'children MB (peak each)':<24}")


def row(name: str, manifest: dict[str, Any], result: dict[str, Any], cores: int = 1) -> str:
    """One line of the table (rates over all the set's records and compressed bytes)."""
    if "error" in result:
        return f"{name:<34} {result['error']}"
    seconds = result["seconds"]
    records, mb = manifest["records"], manifest["bytes"] / MB
    kids = ", ".join(str(c) for c in result.get("children_mb", [])[:4])
    return (f"{name:<34} {records:>8,} {seconds:>8.1f} {records / seconds:>10,.0f} {mb / seconds:>7.1f} "
            f"{records / seconds / cores:>10,.0f} {result.get('main_mb', 0):>8.0f} {kids:<24}")


def compare(name: str, ours: dict[str, int], theirs: dict[str, int]) -> None:
    """Print matching, missing and extra article URLs (with claims) and the claim counts."""
    from scraper.sources import canonicalize_url  # as articles are stored

    ours = {canonicalize_url(u): n for u, n in ours.items()}
    theirs = {canonicalize_url(u): n for u, n in theirs.items()}
    same = set(ours) & set(theirs)
    missing, extra = sorted(set(theirs) - set(ours)), sorted(set(ours) - set(theirs))
    equal = sum(ours[u] == theirs[u] for u in same)
    print(f"  vs {name}: {len(same)} URLs match ({equal} with the same number of claims), {len(missing)} missing, "
          f"{len(extra)} extra; claims {sum(ours.values())} stored vs {sum(theirs.values())}")
    for url in missing[:5]:
        print(f"    missing {url} ({theirs[url]} claims)")
    for url in extra[:5]:
        print(f"    extra   {url} ({ours[url]} claims)")
    for url in sorted(u for u in same if ours[u] != theirs[u])[:5]:
        print(f"    differs {url}: {ours[url]} vs {theirs[url]}")


def measure_set(size_mb: float, args: argparse.Namespace, available: bool) -> dict[str, Any]:
    """Every row over one set of files; returns the results for the summary."""
    files, manifest = warc_set(size_mb, args.relevant, args.parts, args.corpus)
    print(f"\n{size_mb:g} MB set: {len(files)} files, {manifest['bytes'] / MB:.1f} MB on disk, "
          f"{manifest['records']:,} records ({manifest['html']:,} HTML, {len(manifest['deal_urls'])} deal pages)")
    print(HEADER, flush=True)
    results: dict[str, Any] = {}
    for kind in ("decompress", "warcio", "fastwarc", "naive", "datatrove"):
        if kind in args.skip:
            print(f"{kind:<34} skipped (--skip)")
            continue
        if kind == "datatrove" and not datatrove_ready():
            print(f"{kind:<34} skipped: {datatrove_ready.reason}")  # type: ignore[attr-defined]
            continue
        results[kind] = best(kind, files, args.timeout)
        extra = ""
        if kind == "decompress" and "uncompressed_mb" in results[kind]:
            extra = f"  ({results[kind]['uncompressed_mb']:,} MB uncompressed)"
        if kind == "naive" and "trafilatura_s" in results[kind]:
            extra = (f"  (trafilatura {results[kind]['trafilatura_s']} s of it; {len(results[kind]['claims'])} "
                     f"articles with claims, {sum(results[kind]['claims'].values())} claims)")
        if kind == "datatrove" and "texts" in results[kind]:
            extra = f"  ({results[kind]['texts']:,} texts)"
        print(row(kind, manifest, results[kind]) + extra, flush=True)
    if not available:
        for workers in args.workers:
            print(f"{'scraper backfill --workers ' + str(workers):<34} backfill command not available")
        return results
    with tempfile.TemporaryDirectory() as keep:
        for workers in args.workers:
            name = f"scraper backfill --workers {workers}"
            results[f"backfill{workers}"] = run_backfill(files, workers, args.timeout, Path(keep))
            print(row(name, manifest, results[f"backfill{workers}"], workers), flush=True)
    from scraper.sources import canonicalize_url

    ours = [results[k] for k in (f"backfill{w}" for w in args.workers) if k in results and "claims" in results[k]]
    if len(ours) >= 2 and "seconds" in ours[0]:
        print(f"  speed-up {args.workers[0]} -> {args.workers[1]} workers: "
              f"{ours[0]['seconds'] / ours[1]['seconds']:.2f}x")
    if ours and "naive" in results and "claims" in results["naive"]:
        print(f"  vs naive on the mix: {results['naive']['seconds'] / ours[0]['seconds']:.1f}x "
              f"({args.workers[0]} worker)")
        print("correctness (article URLs with claims, claims per URL):")
        compare("the naive path (every record)", ours[0]["claims"], results["naive"]["claims"])
        deals = {canonicalize_url(u) for u in manifest["deal_urls"]}
        compare("the naive path (deal pages)",
                {u: n for u, n in ours[0]["claims"].items() if canonicalize_url(u) in deals},
                {u: n for u, n in results["naive"]["claims"].items() if canonicalize_url(u) in deals})
        reference = run_reference(files, sorted(set(manifest["deal_urls"]) | set(results["naive"]["claims"])
                                                | set(ours[0]["claims"])))
        compare("the project's article path on the same records", ours[0]["claims"], reference["claims"])
        for other in ours[1:]:
            compare(f"backfill with {args.workers[-1]} workers", other["claims"], ours[0]["claims"])
    return results


def datatrove_ready() -> bool:
    """Can datatrove's WARC reader run here (it needs cchardet and python-magic)?"""
    try:
        import cchardet  # noqa: F401
        import magic  # noqa: F401
        from datatrove.pipeline.readers import WarcReader  # noqa: F401
    except Exception as exc:  # ImportError, or libmagic missing
        datatrove_ready.reason = f"{type(exc).__name__}: {exc}"  # type: ignore[attr-defined]
        return False
    return True


def rejected_rate(args: argparse.Namespace, available: bool) -> dict[str, Any]:
    """Our rate on a set with no deal pages (the prefilter-rejected majority), beside plain decompression."""
    size = args.rejected_mb
    files, manifest = warc_set(size, 0.0, args.parts, args.corpus)
    print(f"\nprefilter-rejected majority: {size:g} MB set without deal pages, {manifest['records']:,} records")
    print(HEADER, flush=True)
    results = {"manifest": manifest, "decompress": best("decompress", files, args.timeout)}
    print(row("decompress", manifest, results["decompress"]), flush=True)
    if not available:
        print(f"{'scraper backfill --workers 1':<34} backfill command not available")
        return results
    with tempfile.TemporaryDirectory() as keep:
        results["backfill1"] = run_backfill(files, 1, args.timeout, Path(keep))
    print(row("scraper backfill --workers 1", manifest, results["backfill1"]), flush=True)
    results["filter"] = filtering_rate(files)
    f = results["filter"]
    print(f"{'read + prefilter (rejected records)':<34} {f['rejected']:>7} {f['seconds']:>8.1f} {f['rate']:>10,.0f}"
          f"   (in one process: {f['candidates']} of {f['html']} HTML pages passed the prefilter and were extracted in "
          f"{f['extract_seconds']:.1f} s more)", flush=True)
    return results


def filtering_rate(files: list[Path]) -> dict[str, Any]:
    """Records/s of reading and prefiltering alone, on the records the prefilter rejects (scan_warc's own clocks)."""
    from scraper.backfill import scan_warc

    totals = {"rejected": 0, "seconds": 0.0, "candidates": 0, "html": 0, "extract_seconds": 0.0}
    for path in files:
        result = scan_warc(str(path))
        totals["rejected"] += result.records - result.candidates
        totals["seconds"] += result.seconds - result.extract_seconds
        totals["candidates"] += result.candidates
        totals["html"] += result.html
        totals["extract_seconds"] += result.extract_seconds
    totals["rate"] = totals["rejected"] / totals["seconds"] if totals["seconds"] else 0.0
    return totals


def rate(result: dict[str, Any] | None, records: int) -> float | None:
    """Records per second of a result, None when it did not run."""
    return records / result["seconds"] if result and "seconds" in result and "error" not in result else None


def targets(by_size: dict[float, dict[str, Any]], rejected: dict[str, Any] | None, args: argparse.Namespace) -> None:
    """The issue's targets beside the figures measured."""
    print("\ntargets:")
    if rejected:
        records = rejected["manifest"]["records"]
        bound, whole = rate(rejected.get("decompress"), records), rate(rejected.get("backfill1"), records)
        ours = (rejected.get("filter") or {}).get("rate")
        print(f"  prefilter-rejected records/s per core >= 1,000: "
              f"{f'{ours:,.0f}' if ours else 'to be measured'} (plain gzip decompression of the same files: "
              f"{f'{bound:,.0f}' if bound else '-'} records/s; the whole set through `scraper backfill`, "
              f"extraction of what passed included: {f'{whole:,.0f}' if whole else '-'} records/s)")
    for size, results in by_size.items():
        runs = [results.get(f"backfill{w}") for w in args.workers[:2]]
        first, second = (runs + [None])[:2]
        naive = results.get("naive")
        ok = [r for r in (first, second) if r and "error" not in r]
        mix = f"{naive['seconds'] / first['seconds']:.1f}x" if naive and first in ok and "error" not in naive else "-"
        speed = f"{first['seconds'] / second['seconds']:.2f}x" if first in ok and second in ok else "-"
        if first in ok and second in ok and first.get("scan_seconds") and second.get("scan_seconds"):
            # the parallel part alone: the files' scan times one after another, against the same scans shared
            # by the workers side by side (at best an even share; never less than the longest file); start-up,
            # the writer and linking left out
            side_by_side = max(sum(second["scan_seconds"]) / args.workers[1], max(second["scan_seconds"]))
            speed += f" (scans: {sum(first['scan_seconds']) / side_by_side:.2f}x)"
        worker_mb = "/".join(str(max(r.get("children_mb") or [0])) for r in ok) or "-"
        print(f"  {size:g} MB: >= 5x naive on the mix: {mix}; speed-up 1 -> 2 workers: {speed}; "
              f"peak RSS per worker (MB, per run): {worker_mb}")
    marginal(by_size, args)


def marginal(by_size: dict[float, dict[str, Any]], args: argparse.Namespace) -> None:
    """The speed-up on each more megabyte, between the smallest and the largest set, and the cost of a run.

    A backfill of months reads thousands of files in one run: what a second worker buys there is the ratio
    of the seconds each more MB costs, not of the wall times of one small run, where starting the cluster
    and linking at the end weigh more.
    """
    sizes = sorted(by_size)
    if len(sizes) < 2 or len(args.workers) < 2:
        return
    small, large = sizes[0], sizes[-1]
    slopes, fixed = [], []
    for workers in args.workers[:2]:
        a, b = by_size[small].get(f"backfill{workers}"), by_size[large].get(f"backfill{workers}")
        if not a or not b or "error" in a or "error" in b:
            return
        slope = (b["seconds"] - a["seconds"]) / (large - small)
        slopes.append(slope)
        fixed.append(a["seconds"] - slope * small)
    print(f"  per MB between the {small:g} and {large:g} MB sets: {slopes[0] * 1000:.0f} ms with "
          f"{args.workers[0]} worker(s), {slopes[1] * 1000:.0f} ms with {args.workers[1]}: speed-up "
          f"{slopes[0] / slopes[1]:.2f}x on each more MB; cost of a run whatever its size: {fixed[0]:.1f} s and "
          f"{fixed[1]:.1f} s")


def main() -> None:
    """Build the sets, print the table of every row, the comparisons and the memory per file size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--size-mb", type=float, action="append", help="set size (repeatable; default 50 and 200)")
    parser.add_argument("--quick", action="store_true", help="one ~20 MB set (and a 20 MB rejected-only set)")
    parser.add_argument("--relevant", type=float, default=0.01, help="share of deal pages among HTML records")
    parser.add_argument("--parts", type=int, default=2, help="files per set (one Dask task per file)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rejected-mb", type=float, default=None, help="size of the set without deal pages")
    parser.add_argument("--skip", default="", help="comma-separated rows to skip: decompress,warcio,fastwarc,"
                                                  "naive,datatrove,rejected")
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--one", nargs="+", metavar="KIND FILE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one(args.one[0], [Path(f) for f in args.one[1:]])
        return
    if not (args.corpus / "article-extraction-benchmark" / "ground-truth.json").is_file():
        print(f"{args.corpus}/article-extraction-benchmark not found: nothing to measure")
        return
    sizes = args.size_mb or ([20.0] if args.quick else [50.0, 200.0])
    args.rejected_mb = args.rejected_mb or min(sizes)
    args.skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    try:
        import psutil  # noqa: F401  (every row is watched with it)
    except ImportError:
        sys.exit("bench/backfill.py needs psutil: .venv/bin/pip install psutil (the `bench` extra)")
    available = backfill_available()
    print(f"cache {CACHE}; rates are over all records and the compressed bytes on disk; anchors are timed without "
          f"their interpreter start-up, `scraper backfill` on its wall time; scraper backfill: "
          f"{'available' if available else 'backfill command not available'}")
    by_size = {size: measure_set(size, args, available) for size in sizes}
    rejected = rejected_rate(args, available) if "rejected" not in args.skip else None
    if len(sizes) > 1:
        print("\npeak RSS by set size (MB: main process / largest child):")
        for size, results in by_size.items():
            cells = [f"{k} {r.get('main_mb', 0):.0f}/{max(r.get('children_mb') or [0])}"
                     for k, r in results.items() if "error" not in r]
            print(f"  {size:g} MB: " + "; ".join(cells))
    targets(by_size, rejected, args)


if __name__ == "__main__":
    main()
