"""Tests of `scraper backfill`: WARC files written here with warcio, read by scraper.backfill."""

from __future__ import annotations

import functools
import gzip
import io
import os
import random
import sqlite3
import sys
import threading
from collections.abc import Iterable
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from scraper import backfill as bf
from scraper.archive import read_warc
from scraper.cli import cli
from scraper.errors import InputError
from scraper.fetch import FetchConfig, open_stream
from scraper.models import Fetched
from scraper.pipeline import Settings, extract_fetched
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import FIXTURES, SAMPLE, QuietHandler, content

# The sample site's two articles, as served from two outlets' own hosts (their rel=canonical names that URL).
SILICON = (SAMPLE / "silicon-ledger" / "meta-aws-graviton-expansion.html").read_bytes().replace(
    b"{{BASE}}", b"https://silicon.example")
SILICON_URL = "https://silicon.example/silicon-ledger/meta-aws-graviton-expansion.html"
SAIGON = (SAMPLE / "saigon-tech" / "meta-buys-millions-of-amazon-ai-chips.html").read_bytes().replace(
    b"{{BASE}}", b"https://saigon.example")
SAIGON_URL = "https://saigon.example/saigon-tech/meta-buys-millions-of-amazon-ai-chips.html"


def page(title: str, *paragraphs: str) -> bytes:
    """A news page as outlets serve it: navigation, the article, a footer."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>"
            "<meta property='og:type' content='article'><script>window.dataLayer = [];</script></head><body><nav><a href='/'>Home</a> <a href='/sport'>Sport"
            f"</a></nav><article><h1>{title}</h1>{body}</article><footer>Contact us</footer></body></html>").encode()


ORACLE = page("Oracle to buy 50,000 Nvidia GPUs in $5 billion deal",
              "Oracle signed a $5 billion agreement with Nvidia to buy 50,000 Blackwell GPUs for its cloud, the "
              "companies said on Monday.",
              "The deal runs for five years and covers data centers in Texas and Ohio, Oracle said in a statement.",
              "Analysts said the order was one of the largest of the year for the chip maker, whose shares rose.")
FOOTBALL = page("City win the derby", "The home side won the derby on Saturday in front of a full stadium.",
                "The manager praised the defence and said the team would keep working hard before the next match.")
NAMES_ONLY = page("Apple shows a new colour", "Apple showed a new colour for its phone on Tuesday, and fans in the "
                  "city liked it.", "Visitors said it was beautiful.")

Record = tuple[str, bytes, str, int]  # url, body, content type, status


def record_bytes(url: str, body: bytes, ctype: str = "text/html; charset=utf-8", status: int = 200,
                 date: str = "2025-10-01T12:00:00Z") -> bytes:
    """One response record as one gzip member."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    http = StatusAndHeaders(f"{status} {'OK' if status == 200 else 'Not Found'}", [("Content-Type", ctype)],
                            protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                                  http_headers=http, warc_headers_dict={"WARC-Date": date}))
    return out.getvalue()


def write_warc(path: Path, records: Iterable[Record | bytes], date: str = "2025-10-01T12:00:00Z") -> Path:
    """A gzipped WARC file of response records (raw bytes are written as they are: damaged members)."""
    with open(path, "wb") as fh:
        for item in records:
            fh.write(item if isinstance(item, bytes) else record_bytes(*item, date=date))
    return path


def malformed_header() -> bytes:
    return gzip.compress(b"WARC/1.0\r\nthis is not a header line\r\n\r\nxx\r\n\r\n")


def bad_http() -> bytes:
    block = b"NOT HTTP AT ALL\r\n\r\n<html>x</html>"
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://broken.example/\r\n"
            b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\nWARC-Date: 2025-10-01T00:00:00Z\r\n"
            b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n" % len(block))
    return gzip.compress(head + block + b"\r\n\r\n")


def truncated(url: str) -> bytes:
    whole = record_bytes(url, page("Cut short", "Nvidia " * 200))
    return whole[: len(whole) // 2]


def mixed_warc(path: Path) -> Path:
    """Relevant, irrelevant, non-HTML, truncated and malformed records: damaged ones in the middle, and a last
    record cut short (as by a download or a writer that stopped)."""
    return write_warc(path, [
        (SILICON_URL, SILICON, "text/html; charset=utf-8", 200),
        ("https://sport.example/derby", FOOTBALL, "text/html", 200),
        ("https://img.example/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 300, "image/png", 200),
        ("https://apple.example/store", NAMES_ONLY, "text/html", 200),
        ("https://gone.example/missing", page("Not found", "Nvidia $5 billion"), "text/html", 404),
        bad_http(),
        malformed_header(),
        b"\x00garbage between records, not a gzip member\x00" * 3,
        ("https://wire.example/oracle-nvidia", ORACLE, "text/html", 200),
        ("https://css.example/site.css", b"body { color: red } /* Nvidia $5 billion */", "text/css", 200),
        truncated("https://cut.example/last"),
    ])


def settings(tmp_path: Path, name: str = "deals.db") -> Settings:
    return Settings(db_path=tmp_path / name, archive_dir=tmp_path / "archive", workers=0)


def rows(db_path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


# -- the worker's scan ---------------------------------------------------------


def test_scan_keeps_relevant_articles_and_counts_bad_records(tmp_path: Path) -> None:
    path = mixed_warc(tmp_path / "mixed.warc.gz")
    result = bf.scan_warc(str(path))
    assert result.error is None and result.name == "mixed.warc.gz"
    assert sorted(f.fetched.url for f in result.found) == [SILICON_URL,
                                                           "https://wire.example/oracle-nvidia"]
    assert result.records == 7  # the responses read whole, damaged ones not counted
    assert result.html == 4  # the 404, the image and the stylesheet are not pages to read
    assert 2 <= result.candidates <= 3 and result.relevant == 2  # the football page never reaches extraction
    assert sum(result.bad.values()) == 3 and result.bad["http"] == 1
    assert result.claims == sum(len(f.extraction.claims) for f in result.found) > 0
    assert all(f.fetched.body == b"" for f in result.found)  # the pages' bytes do not travel back
    assert result.size == path.stat().st_size
    import hashlib

    assert result.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_huge_records_are_read_up_to_the_cap(tmp_path: Path) -> None:
    huge = page("Oracle and Nvidia", "Oracle signed a $5 billion agreement with Nvidia for 50,000 GPUs. " * 20,
                "x" * 200_000)
    path = write_warc(tmp_path / "huge.warc.gz", [("https://wire.example/huge", huge, "text/html", 200),
                                                   ("https://wire.example/oracle-nvidia", ORACLE, "text/html", 200)])
    result = bf.scan_warc(str(path), bf.ScanOptions(max_bytes=50_000))
    assert result.records == 2 and not result.bad
    found = {f.fetched.url: f.fetched for f in result.found}
    assert found["https://wire.example/huge"].truncated and not found["https://wire.example/oracle-nvidia"].truncated


def test_gzip_magic_inside_compressed_bytes_is_not_a_damaged_record(tmp_path: Path) -> None:
    # Incompressible bytes are stored as they are, so the gzip magic can sit inside the last member's data;
    # looking for a next record there must not find a false one and count it as damaged.
    rng = random.Random(7)
    noise = bytes(rng.getrandbits(8) for _ in range(24_000))
    photo = noise[:20_000] + b"\x1f\x8b\x08\x00" + noise[20_000:]
    records = [("https://wire.example/oracle-nvidia", ORACLE, "text/html", 200),
               ("https://img.example/photo.jpg", photo, "image/jpeg", 200)]
    path = write_warc(tmp_path / "magic.warc.gz", records)
    assert path.read_bytes().count(b"\x1f\x8b\x08") > 2  # the two headers, and the one inside the photo
    result = bf.scan_warc(str(path))
    assert result.records == 2 and not result.bad and result.relevant == 1

def test_prefilter_keeps_every_fixture_page_that_yields_claims() -> None:
    prefilter = bf.default_prefilter()
    pages = {p.name: p.read_bytes() for p in [*SAMPLE.rglob("*.html"), *(FIXTURES / "article").glob("*.html")]}
    pages.update({"oracle": ORACLE, "football": FOOTBALL, "apple": NAMES_ONLY,
                  "unknown parties": page("Nscale raises", "Nscale raised $1.1 billion from Aker and Nokia in a round "
                                          "led by Aker to build AI data centers, the British start-up said."),
                  "power": page("Contrat", "L'op\u00e9rateur Aur\u00e9lie Datacentres a sign\u00e9 un contrat de "
                                "200&nbsp;MW avec un producteur, a annonc\u00e9 la soci\u00e9t\u00e9.")})
    yielding = 0
    for name, body in pages.items():
        fetched = Fetched(url=f"https://news.example/{len(name)}", final_url=f"https://news.example/{len(name)}",
                          status=200, fetched_at="2025-10-01T00:00:00Z", body=body, content_type="text/html",
                          encoding="utf-8")
        article, extraction, _ = extract_fetched(fetched)
        if extraction is not None and extraction.claims:
            yielding += 1
            assert prefilter(body), f"{name}: yields claims but the prefilter drops it"
    assert yielding >= 12
    assert not prefilter(FOOTBALL) and not prefilter(NAMES_ONLY)
    # a business story with a known company and billions, but nothing of AI infrastructure, is not read
    assert not prefilter(page("Listing", "Alibaba will raise up to $12.9 billion in its Hong Kong listing, the "
                              "company said, in a deal led by Goldman Sachs and Citigroup."))
    assert prefilter(b"<p>Talks between Nvidia and\xc2\xa0Oracle on a deal</p>")
    assert prefilter(b"<p>Talks between Meta and\xc2\xa0Oracle on a data-center deal</p>")
    # chip names and "GPU" inside identifiers of a page's code are not the page's subject
    for code in (b'<div id="B300" class="B300 ad">', b".hat-5GPU3Q3P{height:3px}", b'<p id="7TATPUM6">',
                 b"@supports (-ms-accelerator:true){}", b'<a href="/news/data-center/">', b".x-9MWh82EH{}",
                 b'<path d="M 1 2 L40.974 19.88"/>'):
        assert not prefilter(b"<p>Oracle signed a $2 billion deal with Meta.</p>" + code)
    assert prefilter(b"<p>Oracle signed a $2 billion deal for B300 GPUs with Meta.</p>")
    # deals worded without GPUs or gigawatts, or with the domain's word in quotes, are read
    assert prefilter(page("Cloud", "Meta signed a $10 billion cloud computing deal with Google for servers."))
    assert prefilter(page("Chips", "OpenAI placed a $10 billion order with Broadcom for custom artificial "
                          "intelligence chips and server racks."))
    assert prefilter(page("Quote", "Microsoft called the $4 billion deal with Nscale 'AI infrastructure at scale'."))
    assert prefilter(b"<p>the GB\xe2\x80\x91200 chips were sold</p>")  # a non-breaking hyphen in a chip's name
    assert not prefilter(b"<p>Armstrong signed for the club</p><meta name=x>")  # "Arm" is not in "Armstrong"
    assert prefilter("\ufeffNvidia signs a deal".encode("utf-16"))  # UTF-16 hides ASCII names: always read


# -- planning ------------------------------------------------------------------


def test_plan_expands_globs_folders_and_listings(tmp_path: Path) -> None:
    for name in ("b.warc.gz", "a.warc.gz", "notes.txt"):
        (tmp_path / name).write_bytes(b"")
    listing = tmp_path / "warc.paths.gz"
    listing.write_bytes(gzip.compress(b"crawl-data/CC-NEWS/2025/10/CC-NEWS-1.warc.gz\n\n"
                                      b"https://mirror.example/x.warc.gz\n"))
    plan = bf.plan_inputs([str(tmp_path / "*.warc.gz"), str(tmp_path), str(listing), "s3://bucket/c.warc.gz"])
    assert plan == [str((tmp_path / "a.warc.gz").resolve()), str((tmp_path / "b.warc.gz").resolve()),
                    "https://data.commoncrawl.org/crawl-data/CC-NEWS/2025/10/CC-NEWS-1.warc.gz",
                    "https://mirror.example/x.warc.gz", "s3://bucket/c.warc.gz"]
    assert bf.plan_inputs([(tmp_path / "a.warc.gz").resolve().as_uri()]) == [str((tmp_path / "a.warc.gz").resolve())]
    with pytest.raises(InputError):
        bf.plan_inputs([str(tmp_path / "missing.warc.gz")])
    with pytest.raises(InputError):
        bf.plan_inputs([str(tmp_path / "*.warc")])


# -- the whole run, in one process ------------------------------------------------


def test_backfill_stores_like_a_crawl_and_a_second_run_skips_the_done_file(tmp_path: Path) -> None:
    path = mixed_warc(tmp_path / "mixed.warc.gz")
    events: list[tuple[str, dict]] = []
    summary = bf.backfill([str(path)], settings(tmp_path), progress=lambda e, d: events.append((e, d)))
    assert summary.done == 1 and summary.failed == 0 and summary.bad == 3
    db = tmp_path / "deals.db"
    assert rows(db, "select url, outlet is not null from articles order by url") == [
        (SILICON_URL, 1), ("https://wire.example/oracle-nvidia", 1)]
    assert rows(db, "select source, kind, status, warc_file from pages order by url") == [
        ("silicon.example", "article", 200, str(path.resolve())), ("wire.example", "article", 200, str(path.resolve()))]
    assert rows(db, "select count(*) from claims")[0][0] == summary.run.claims > 0
    assert rows(db, "select count(*) from deals")[0][0] == summary.run.deals > 0
    [(status, records, bad, articles, claims, sha)] = rows(
        db, "select status, records, bad, articles, claims, sha256 from warc_files")
    assert (status, records, bad, articles, claims) == ("done", 7, 3, 2, summary.run.claims) and len(sha) == 64
    [(_, file_event)] = [e for e in events if e[0] == "file"]
    assert file_event["rate"] > 0 and file_event["relevant"] == 2
    before = content(db)

    again = bf.backfill([str(path)], settings(tmp_path))
    assert (again.skipped, again.done, again.records) == (1, 0, 0)
    assert content(db) == before
    assert rows(db, "select command, status from runs order by id") == [("backfill", "ok"), ("backfill", "ok")]


def test_overlapping_files_never_duplicate_an_article(tmp_path: Path) -> None:
    first = write_warc(tmp_path / "1.warc.gz", [("https://wire.example/oracle-nvidia", ORACLE, "text/html", 200)],
                       date="2025-10-01T00:00:00Z")
    second = write_warc(tmp_path / "2.warc.gz", [("https://wire.example/oracle-nvidia", ORACLE, "text/html", 200),
                                                  (SILICON_URL, SILICON, "text/html", 200)],
                        date="2025-10-02T00:00:00Z")
    summary = bf.backfill([str(first), str(second), str(first)], settings(tmp_path))
    assert summary.files == 2 and summary.done == 2
    db = tmp_path / "deals.db"
    assert rows(db, "select url, fetched_at from articles order by url") == [
        (SILICON_URL, "2025-10-02T00:00:00Z"),
        ("https://wire.example/oracle-nvidia", "2025-10-02T00:00:00Z")]  # the newer capture
    # An older capture read later leaves the newer one in place.
    older = write_warc(tmp_path / "0.warc.gz", [("https://wire.example/oracle-nvidia", ORACLE, "text/html", 200)],
                       date="2025-09-01T00:00:00Z")
    bf.backfill([str(older)], settings(tmp_path))
    assert rows(db, "select fetched_at from articles where url like '%oracle%'") == [("2025-10-02T00:00:00Z",)]
    assert rows(db, "select duplicates from warc_files where name = '0.warc.gz'") == [(1,)]


def _stop_at(stop_name: str, location: str, options: bf.ScanOptions) -> bf.FileResult:
    """A scan that is interrupted (as by Ctrl-C or a killed process) when it reaches one file."""
    if location.endswith(stop_name):
        raise KeyboardInterrupt
    return bf.scan_warc(location, options)


def three_files(tmp_path: Path) -> list[str]:
    folder = tmp_path / "warcs"
    folder.mkdir()
    write_warc(folder / "a.warc.gz", [(SILICON_URL, SILICON, "text/html", 200),
                                      ("https://sport.example/derby", FOOTBALL, "text/html", 200)])
    write_warc(folder / "b.warc.gz", [("https://wire.example/oracle-nvidia", ORACLE, "text/html", 200),
                                      bad_http()])
    write_warc(folder / "c.warc.gz", [(SAIGON_URL, SAIGON, "text/html", 200),
                                      ("https://wire.example/oracle-nvidia", ORACLE, "text/html", 200)])
    return [str(folder / name) for name in ("a.warc.gz", "b.warc.gz", "c.warc.gz")]


def warc_rows(db: Path) -> list[tuple]:
    return rows(db, "select name, status, records, html, candidates, relevant, articles, claims, duplicates, bad"
                    " from warc_files order by name")


def test_a_run_stopped_halfway_and_started_again_ends_the_same(tmp_path: Path) -> None:
    files = three_files(tmp_path)
    bf.backfill(files, settings(tmp_path, "whole.db"))
    with pytest.raises(KeyboardInterrupt):
        bf.backfill(files, settings(tmp_path, "resumed.db"), scan=functools.partial(_stop_at, "b.warc.gz"))
    assert rows(tmp_path / "resumed.db", "select name, status from warc_files") == [("a.warc.gz", "done")]
    assert rows(tmp_path / "resumed.db", "select status from runs") == [("interrupted",)]
    resumed = bf.backfill(files, settings(tmp_path, "resumed.db"))
    assert resumed.skipped == 1 and resumed.done == 2
    assert content(tmp_path / "resumed.db") == content(tmp_path / "whole.db")
    assert warc_rows(tmp_path / "resumed.db") == warc_rows(tmp_path / "whole.db")


def _unreadable(name: str, attempts: list[str], location: str, options: bf.ScanOptions) -> bf.FileResult:
    """A scan that fails on one file every time (a disk or network error)."""
    if location.endswith(name):
        attempts.append(location)
        raise OSError("read error on the device")
    return bf.scan_warc(location, options)


def test_a_file_that_cannot_be_read_is_retried_recorded_and_the_others_go_on(tmp_path: Path) -> None:
    files = three_files(tmp_path)
    attempts: list[str] = []
    summary = bf.backfill(files, settings(tmp_path), retries=1,
                          scan=functools.partial(_unreadable, "b.warc.gz", attempts))
    assert (summary.done, summary.failed) == (2, 1) and len(attempts) == 2
    [(status, error)] = rows(tmp_path / "deals.db", "select status, error from warc_files where name = 'b.warc.gz'")
    assert status == "failed" and error == "OSError: read error on the device"
    assert rows(tmp_path / "deals.db", "select status from runs") == [("partial",)]
    # The failed file is read again by the next run.
    later = bf.backfill(files, settings(tmp_path))
    assert (later.skipped, later.done, later.failed) == (2, 1, 0)


# -- reading over http, streamed ------------------------------------------------


class _Streaming(QuietHandler):
    """Serves one file in chunks and waits half-way until the client has read a record (or 5 s)."""

    data = b""
    half_read = threading.Event()
    waited: list[bool] = []
    agents: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        type(self).agents.append(self.headers.get("User-Agent", ""))
        if self.path != "/cc-news.warc.gz":
            self.send(404, b"missing", "text/plain")
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(self.data)))
        self.send_header("ETag", '"v1"')
        self.end_headers()
        half = len(self.data) // 2
        self.wfile.write(self.data[:half])
        self.wfile.flush()
        type(self).waited.append(type(self).half_read.wait(5))
        self.wfile.write(self.data[half:])


@pytest.fixture
def warc_server(tmp_path: Path):
    noise = [random.Random(i).randbytes(1500).hex().encode() for i in range(200)]  # incompressible: 600 kB in all
    many = [(f"https://wire.example/{i}", FOOTBALL + noise[i], "text/html", 200) for i in range(200)]
    path = write_warc(tmp_path / "served.warc.gz", [("https://wire.example/oracle-nvidia", ORACLE, "text/html", 200),
                                                     *many])
    _Streaming.data = path.read_bytes()
    _Streaming.half_read.clear()
    _Streaming.waited, _Streaming.agents = [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Streaming)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    _Streaming.half_read.set()
    server.shutdown()
    server.server_close()


def test_a_remote_file_is_read_as_it_streams_in(warc_server: str) -> None:
    remote = open_stream(f"{warc_server}/cc-news.warc.gz", FetchConfig(contact="https://example.org/contact"))
    assert remote.size == len(_Streaming.data) and remote.etag == '"v1"'
    urls = []
    for record in read_warc(remote.stream):
        urls.append(record.target_uri)
        _Streaming.half_read.set()  # records arrive before the server has sent the second half
    remote.stream.close()
    assert len(urls) == 201 and _Streaming.waited == [True]
    assert _Streaming.agents == ["ai-deals-scraper/0.1 (+https://example.org/contact)"]


def test_backfill_from_a_url_and_an_unreachable_one(warc_server: str, tmp_path: Path) -> None:
    _Streaming.half_read.set()
    good, missing = f"{warc_server}/cc-news.warc.gz", f"{warc_server}/gone.warc.gz"
    summary = bf.backfill([good, missing], settings(tmp_path), retries=0)
    assert (summary.done, summary.failed) == (1, 1)
    db = tmp_path / "deals.db"
    assert rows(db, "select url from articles") == [("https://wire.example/oracle-nvidia",)]
    assert rows(db, "select location, status, etag, size, records from warc_files order by location") == [
        (good, "done", '"v1"', len(_Streaming.data), 201), (missing, "failed", None, None, 0)]
    assert "http_404" in rows(db, "select error from warc_files where status = 'failed'")[0][0]


class _Dropping(QuietHandler):
    """Serves one file, dropping the connection half-way through the first answer; honours Range requests."""

    data = b""
    ranges: list[str] = []
    if_range: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        wanted = self.headers.get("Range")
        type(self).ranges.append(wanted or "")
        type(self).if_range.append(self.headers.get("If-Range") or "")
        start = int(wanted.split("=")[1].rstrip("-")) if wanted else 0
        self.send_response(206 if wanted else 200)
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("ETag", '"v1"')
        self.send_header("Content-Length", str(len(self.data) - start))
        if wanted:
            self.send_header("Content-Range", f"bytes {start}-{len(self.data) - 1}/{len(self.data)}")
        self.end_headers()
        if wanted:
            self.wfile.write(self.data[start:])
        else:
            self.wfile.write(self.data[: len(self.data) // 2])
            self.wfile.flush()
            self.connection.shutdown(2)  # the connection drops


def test_a_dropped_connection_is_resumed_where_it_stopped(tmp_path: Path) -> None:
    noise = [random.Random(i).randbytes(800).hex().encode() for i in range(100)]
    path = write_warc(tmp_path / "f.warc.gz", [(f"https://wire.example/{i}", FOOTBALL + noise[i], "text/html", 200)
                                               for i in range(100)])
    _Dropping.data, _Dropping.ranges, _Dropping.if_range = path.read_bytes(), [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Dropping)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        result = bf.scan_warc(f"http://127.0.0.1:{server.server_address[1]}/f.warc.gz")
    finally:
        server.shutdown()
        server.server_close()
    assert result.records == 100 and not result.bad and result.html == 100
    assert _Dropping.ranges[0] == "" and _Dropping.ranges[1] == f"bytes={len(_Dropping.data) // 2}-"
    assert _Dropping.if_range[1] == '"v1"'  # the rest of the same file, or all of a new one


class _CutShort(QuietHandler):
    """Sends half a WARC file with no Content-Length (the end of the body is where the connection closes)."""

    data = b""

    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "application/warc")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(self.data[: len(self.data) // 2])
        self.close_connection = True


def test_a_stream_without_a_length_cut_inside_a_record_is_not_done(tmp_path: Path) -> None:
    noise = [random.Random(i).randbytes(800).hex().encode() for i in range(40)]
    path = write_warc(tmp_path / "f.warc.gz", [(f"https://wire.example/{i}", FOOTBALL + noise[i], "text/html", 200)
                                               for i in range(40)])
    _CutShort.data = path.read_bytes()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CutShort)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/f.warc.gz"
    try:
        summary = bf.backfill([url], settings(tmp_path), workers=1, retries=0)
    finally:
        server.shutdown()
        server.server_close()
    assert summary.failed == 1  # read again by the next run, never marked done with half its records
    [(status, error)] = rows(tmp_path / "deals.db", "select status, error from warc_files")
    assert status == "failed" and "ended inside a gzip member" in error


def test_bad_charsets_and_binary_pages_are_not_fatal(tmp_path: Path) -> None:
    bogus = ORACLE.replace(b"charset='utf-8'", b"charset='x-no-such-charset'") + b"\xff\xfe\x80"
    binary = b"<html>" + random.Random(1).randbytes(3000) + b" $5 billion Nvidia deal"
    path = write_warc(tmp_path / "odd.warc.gz", [
        ("https://wire.example/oracle-nvidia", bogus, "text/html; charset=x-no-such-charset", 200),
        ("https://bin.example/blob", binary, "text/html", 200)])
    result = bf.scan_warc(str(path))
    assert [f.fetched.url for f in result.found] == ["https://wire.example/oracle-nvidia"]
    assert result.records == 2 and result.candidates == 2 and result.unreadable == 1 and not result.bad


def test_fsspec_locations_are_read_through_fsspec(tmp_path: Path) -> None:
    import fsspec

    data = mixed_warc(tmp_path / "mixed.warc.gz").read_bytes()
    with fsspec.open("memory://backfill-test/mixed.warc.gz", "wb") as fh:
        fh.write(data)
    try:
        result = bf.scan_warc("memory://backfill-test/mixed.warc.gz")
    finally:
        fsspec.filesystem("memory").rm("/backfill-test", recursive=True)
    assert result.size == len(data) and result.name == "mixed.warc.gz"
    assert sorted(f.fetched.url for f in result.found) == [SILICON_URL, "https://wire.example/oracle-nvidia"]
    assert sum(result.bad.values()) == 3  # a seekable fsspec file: reading goes on after the damaged records


def test_an_object_store_glob_names_its_files(tmp_path: Path) -> None:
    import fsspec

    for name in ("b.warc.gz", "a.warc.gz", "notes.txt"):
        with fsspec.open(f"memory://globbed/2025/10/{name}", "wb") as fh:
            fh.write(b"x")
    try:
        plan = bf.plan_inputs(["memory://globbed/2025/10/*.warc.gz"])
        with pytest.raises(InputError, match="no file matches"):
            bf.plan_inputs(["memory://globbed/2025/11/*.warc.gz"])
        with pytest.raises(InputError, match="cannot list https"):
            bf.plan_inputs(["https://data.example/*.warc.gz"])
    finally:
        fsspec.filesystem("memory").rm("/globbed", recursive=True)
    assert plan == ["memory:///globbed/2025/10/a.warc.gz", "memory:///globbed/2025/10/b.warc.gz"]  # as fsspec names them


def test_a_remote_listing_names_files_on_its_own_server(warc_server: str) -> None:
    class Listing(QuietHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send(200, gzip.compress(b"crawl-data/CC-NEWS/2025/10/a.warc.gz\ncrawl-data/CC-NEWS/2025/10/b.warc.gz\n"
                                         b"/crawl-data/CC-NEWS/2025/10/c.warc.gz\nsimplecache::file:///etc/x.warc.gz\n"
                                         b"file:///etc/y.warc.gz\nlocal:///etc/z.warc.gz\n"),
                      "application/octet-stream")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Listing)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        plan = bf.plan_inputs([f"{base}/crawl-data/CC-NEWS/2025/10/warc.paths.gz"])
    finally:
        server.shutdown()
        server.server_close()
    # paths are on the listing's own server, never local files; other protocols are skipped
    assert plan == [f"{base}/crawl-data/CC-NEWS/2025/10/a.warc.gz", f"{base}/crawl-data/CC-NEWS/2025/10/b.warc.gz",
                    f"{base}/crawl-data/CC-NEWS/2025/10/c.warc.gz"]
    with pytest.raises(InputError):
        bf.plan_inputs([f"{warc_server}/missing/warc.paths.gz"])


def test_metadata_addresses_are_never_read() -> None:
    from scraper.fetch import RemoteFileError, is_remote, open_stream

    with pytest.raises(RemoteFileError, match="link-local or metadata"):
        bf.scan_warc("http://169.254.169.254/latest/x.warc.gz")
    # chained or local protocols are not remote locations: fsspec would read local files or skip our checks
    for location in ("simplecache::http://169.254.169.254/x.warc.gz", "local:///etc/x.warc.gz", "file:///x.warc.gz"):
        assert not is_remote(location)
        with pytest.raises(RemoteFileError, match="not a remote location"):
            open_stream(location)


def test_a_file_that_is_not_a_warc_is_recorded_as_failed(tmp_path: Path) -> None:
    bogus = tmp_path / "page.warc.gz"
    bogus.write_bytes(b"<html>not gzip, not a WARC</html>")
    good = write_warc(tmp_path / "good.warc.gz", [("https://news.example/oracle", ORACLE, "text/html", 200)])
    summary = bf.backfill([str(bogus), str(good)], settings(tmp_path), workers=1, retries=0)
    assert summary.failed == 1
    states = dict(rows(tmp_path / "deals.db", "select name, status from warc_files"))
    assert states == {"page.warc.gz": "failed", "good.warc.gz": "done"}


def test_a_local_file_is_hashed_in_one_pass(tmp_path: Path) -> None:
    import hashlib

    path = mixed_warc(tmp_path / "mixed.warc.gz")
    hashing = bf._HashingFile(str(path))
    assert hashing.read(2) and hashing.seek(0) == 0  # the reader's peek at the magic bytes, then back
    while hashing.read(1 << 16):
        pass
    assert hashing.hashed == path.stat().st_size  # nothing left to read again
    assert hashing.sha256(path.stat().st_size) == hashlib.sha256(path.read_bytes()).hexdigest()
    hashing.close()


def test_capture_dates_compare_in_time() -> None:
    from scraper.archive import _iso_date

    assert _iso_date("2025-10-01T12:00:00.700Z") == "2025-10-01T12:00:00Z"
    assert _iso_date("2025-10-01T14:00:00+02:00") == "2025-10-01T12:00:00Z"


# -- the command line ------------------------------------------------------------------


def test_an_unreachable_scheduler_is_one_error_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import free_port

    monkeypatch.setattr(bf, "CONNECT_TIMEOUT", "1s")
    path = mixed_warc(tmp_path / "mixed.warc.gz")
    result = CliRunner().invoke(cli, ["backfill", str(path), "--scheduler", f"tcp://127.0.0.1:{free_port()}",
                                      "--db", str(tmp_path / "d.db"), "--sources", str(tmp_path / "none.toml")])
    assert result.exit_code == 2 and "Error: cannot reach the Dask scheduler tcp://127.0.0.1:" in result.output
    assert rows(tmp_path / "d.db", "select status from runs") == [("interrupted",)]


def test_a_malformed_scheduler_address_is_one_error_line(tmp_path: Path) -> None:
    path = mixed_warc(tmp_path / "mixed.warc.gz")
    result = CliRunner().invoke(cli, ["backfill", str(path), "--scheduler", "notanaddress", "--db",
                                      str(tmp_path / "d.db"), "--sources", str(tmp_path / "none.toml")])
    assert result.exit_code == 2 and "Error: cannot reach the Dask scheduler notanaddress" in result.output


def test_cli_prints_progress_per_file_and_totals(tmp_path: Path) -> None:
    path = mixed_warc(tmp_path / "mixed.warc.gz")
    result = CliRunner().invoke(cli, ["backfill", str(path), "--workers", "1", "--db", str(tmp_path / "d.db"),
                                      "--sources", str(tmp_path / "none.toml")])
    assert result.exit_code == 0, result.output
    assert "mixed.warc.gz: 7 records in" in result.output and "records/s" in result.output
    assert "2 relevant, 2 articles" in result.output and "3 damaged records" in result.output
    assert "backfill: 1 files read (0 already done, 0 failed)" in result.output
    missing = CliRunner().invoke(cli, ["backfill", str(tmp_path / "nope.warc.gz"), "--workers", "1",
                                       "--db", str(tmp_path / "d.db"), "--sources", str(tmp_path / "none.toml")])
    assert missing.exit_code == 2 and "no such file" in missing.output


# -- Dask: a local cluster of two worker processes ------------------------------------------


def _crash_once(markers: str, location: str, options: bf.ScanOptions) -> bf.FileResult:
    """A scan whose worker process dies in the middle of b.warc.gz the first time it reads it."""
    marker = Path(markers) / (Path(location).name + ".crashed")
    if location.endswith("b.warc.gz") and not marker.exists():
        marker.write_text("crashed")
        with open(location, "rb") as fh:
            for _ in read_warc(fh):
                os._exit(17)  # killed with a record read and nothing returned
    return bf.scan_warc(location, options)


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_database_as_one_process(tmp_path: Path) -> None:
    files = three_files(tmp_path)
    bf.backfill(files, settings(tmp_path, "single.db"))
    summary = bf.backfill(files, settings(tmp_path, "dask.db"), workers=2)
    assert (summary.done, summary.failed) == (3, 0)
    assert content(tmp_path / "dask.db") == content(tmp_path / "single.db")
    assert warc_rows(tmp_path / "dask.db") == warc_rows(tmp_path / "single.db")


@pytest.mark.slow
def test_a_worker_killed_in_the_middle_of_a_file_is_retried_without_partial_or_duplicate_rows(tmp_path: Path) -> None:
    import cloudpickle

    files = three_files(tmp_path)
    bf.backfill(files, settings(tmp_path, "single.db"))
    markers = tmp_path / "markers"
    markers.mkdir()
    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import this test module
    try:
        summary = bf.backfill(files, settings(tmp_path, "dask.db"), workers=2,
                              scan=functools.partial(_crash_once, str(markers)))
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert (markers / "b.warc.gz.crashed").exists()  # the worker did die, and the task ran again
    assert (summary.done, summary.failed) == (3, 0)
    assert content(tmp_path / "dask.db") == content(tmp_path / "single.db")
    assert warc_rows(tmp_path / "dask.db") == warc_rows(tmp_path / "single.db")
    assert rows(tmp_path / "dask.db", "select count(*) - count(distinct url) from pages") == [(0,)]


def _profiler_setting(location: str, options: bf.ScanOptions) -> bf.FileResult:
    """A scan that reports, as its error, whether Dask's stack sampler runs in the worker."""
    import dask

    return bf.FileResult(location=location, name=bf.file_name(location),
                         error=f"profile {dask.config.get('distributed.worker.profile.enabled')}")


@pytest.mark.slow
def test_the_local_clusters_workers_run_without_the_stack_sampler() -> None:
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import this test module
    try:
        results = list(bf.run_scans(["a.warc.gz", "b.warc.gz"], bf.ScanOptions(), workers=2, retries=0,
                                    scan=_profiler_setting))
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert [r.error for r in results] == ["profile False", "profile False"]
