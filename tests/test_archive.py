"""Tests of scraper.archive: WARC writing, reading back, rotation and damaged files."""

from __future__ import annotations

import asyncio
import gzip
import logging
import random
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from scraper.archive import ArchiveWriter, TruncatedRecord, iter_archive, read_record
from scraper.fetch import FetchConfig, Fetcher
from scraper.models import Fetched

HTML = "<html><head><title>Déal</title></head><body><p>Amazon and Meta sign a “multi-billion” deal.</p></body></html>"
LATIN1 = "<html><body><p>Le président a signé à Zürich, déjà.</p></body></html>"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.startswith("/old"):
            self.send_response(301)
            self.send_header("Location", "/html?moved=1")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status, headers = 200, {"Content-Type": "text/html; charset=utf-8", "ETag": '"abc"'}
        if self.path.startswith("/gzip"):
            body = gzip.compress(HTML.encode())
            headers["Content-Encoding"] = "gzip"
        elif self.path.startswith("/latin1"):
            body = LATIN1.encode("latin-1")
            headers["Content-Type"] = "text/html"
        elif self.path.startswith("/html"):
            body = HTML.encode()
        else:
            status, body, headers = 404, b"missing", {"Content-Type": "text/plain"}
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def base() -> Any:
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def fetch_all_in_order(urls: list[str]) -> list[Fetched]:
    """Fetch URLs one after the other with the real fetcher."""

    async def go() -> list[Fetched]:
        async with Fetcher(FetchConfig(delay=0, retries=0, timeout=5)) as fetcher:
            return [await fetcher.fetch(u) for u in urls]

    return asyncio.run(go())


def same(a: Fetched, b: Fetched) -> None:
    """Assert that a read-back record matches what was written."""
    for name in ("url", "final_url", "status", "fetched_at", "headers", "request_headers", "body",
                 "content_type", "encoding", "etag", "last_modified", "sha256", "truncated", "error",
                 "warc_file", "warc_offset"):
        assert getattr(a, name) == getattr(b, name), name


def fake(i: int, size: int = 100) -> Fetched:
    noise = random.Random(i).randbytes(size).hex()[:size]  # incompressible, so cuts land inside the body
    body = f"<p>record {i}</p>{noise}".encode()
    return Fetched(url=f"https://news.example/a/{i}", final_url=f"https://news.example/a/{i}", status=200,
                   fetched_at="2026-11-23T10:00:00Z", headers={"content-type": "text/html; charset=utf-8"},
                   request_headers={"user-agent": "t/1", "host": "news.example"}, body=body,
                   content_type="text/html", encoding="utf-8")


def test_roundtrip_by_offset_and_iteration(base: str, tmp_path: Path) -> None:
    fetched = fetch_all_in_order([base + "/html", base + "/gzip", base + "/latin1", base + "/old", base + "/nope"])
    assert [f.status for f in fetched] == [200, 200, 200, 200, 404]
    assert fetched[1].headers["content-encoding"] == "gzip"
    with ArchiveWriter(tmp_path) as writer:
        for f in fetched:
            assert writer.write(f) is f
    assert all(f.warc_file == fetched[0].warc_file for f in fetched)
    offsets = [f.warc_offset for f in fetched]
    assert offsets[0] == 0 and offsets == sorted(offsets) and len(set(offsets)) == 5

    for f in fetched:
        same(read_record(tmp_path, f.warc_file or "", f.warc_offset or 0), f)
    back = list(iter_archive(tmp_path))
    assert len(back) == 5
    for a, b in zip(back, fetched):
        same(a, b)
    assert back[1].text == HTML  # the gzip-served body reads back decoded
    assert back[2].text == LATIN1  # charset re-detected with fetch.py's logic
    assert back[3].url == base + "/old" and back[3].final_url == base + "/html?moved=1"
    assert back[4].error == "http_404"


def test_records_are_standard_warc(base: str, tmp_path: Path) -> None:
    [f] = fetch_all_in_order([base + "/gzip"])
    with ArchiveWriter(tmp_path) as writer:
        writer.write(f)
    with open(tmp_path / (f.warc_file or ""), "rb") as fh:
        records = list(_records(fh))
    (resp_type, resp_headers, resp_http, payload), (req_type, req_headers, req_http, _) = records
    assert (resp_type, req_type) == ("response", "request")
    assert resp_headers["WARC-Target-URI"] == f.final_url == req_headers["WARC-Target-URI"]
    assert resp_headers["WARC-Date"] == f.fetched_at
    assert req_headers["WARC-Concurrent-To"] == resp_headers["WARC-Record-ID"]
    # Stored body is the decoded one, so the encoding/length headers are renamed.
    assert resp_http.get_header("Content-Encoding") is None
    assert resp_http.get_header("X-Original-Content-Encoding") == "gzip"
    assert payload == HTML.encode()  # warcio itself reads it back consistently
    assert req_http.protocol == "GET" and req_http.get_header("User-Agent") == f.request_headers["user-agent"]


def _records(fh: Any) -> Any:
    for record in ArchiveIterator(fh):
        yield (record.rec_type, dict(record.rec_headers.headers), record.http_headers,
               record.content_stream().read())


def test_failures_without_response_are_not_written(tmp_path: Path) -> None:
    failed = Fetched(url="https://x.example/", final_url="https://x.example/", status=None,
                     fetched_at="2026-11-23T10:00:00Z", error="robots")
    with ArchiveWriter(tmp_path) as writer:
        assert writer.write(failed) is failed
    assert failed.warc_file is None and failed.warc_offset is None
    assert list(tmp_path.iterdir()) == []


def test_truncated_and_error_flags_survive(tmp_path: Path) -> None:
    f = fake(1)
    f.truncated, f.error = True, "too_large"
    with ArchiveWriter(tmp_path) as writer:
        writer.write(f)
    [back] = iter_archive(tmp_path)
    assert back.truncated and back.error == "too_large" and back.body == f.body


def test_rotation_by_size(tmp_path: Path) -> None:
    items = [fake(i, size=3000) for i in range(5)]
    probe = tmp_path / "probe"
    with ArchiveWriter(probe) as w:
        w.write(fake(9, size=3000))
    pair = (probe / w.files[0]).stat().st_size  # bytes of one request/response pair
    out = tmp_path / "out"
    with ArchiveWriter(out, max_bytes=pair * 3 // 2, prefix="test") as writer:
        for f in items:
            writer.write(f)
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 3 and names == writer.files  # 2 + 2 + 1 pairs
    assert all(re.fullmatch(r"test-\d{8}T\d{6}Z-\d+-\d{5}\.warc\.gz", n) for n in names)
    assert all((out / n).stat().st_size < 2.2 * pair for n in names)  # rotated once past the cap
    assert [f.warc_file for f in items] == [names[0], names[0], names[1], names[1], names[2]]
    assert [f.warc_offset for f in items][::2] == [0, 0, 0]
    assert [f.body for f in iter_archive(out)] == [f.body for f in items]


def test_each_writer_makes_a_new_file(tmp_path: Path) -> None:
    with ArchiveWriter(tmp_path) as w1:
        w1.write(fake(1))
    first = tmp_path / w1.files[0]
    before = first.read_bytes()
    with ArchiveWriter(tmp_path) as w2:
        w2.write(fake(2))
    assert w1.files != w2.files and first.read_bytes() == before
    assert [f.url for f in iter_archive(tmp_path)] == ["https://news.example/a/1", "https://news.example/a/2"]


def test_truncated_last_record_is_skipped(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    items = [fake(i, size=2000) for i in range(3)]
    with ArchiveWriter(tmp_path) as writer:
        for f in items:
            writer.write(f)
    path = tmp_path / writer.files[0]
    data = path.read_bytes()
    last = items[2].warc_offset or 0
    for cut in (last + 40, last + 300, (last + len(data)) // 2):
        # A process killed while writing the last response record.
        path.write_bytes(data[:cut])
        with caplog.at_level(logging.WARNING, logger="scraper.archive"):
            back = list(iter_archive(tmp_path))
        assert [f.url for f in back] == [items[0].url, items[1].url], cut
        assert back[1].body == items[1].body
        with pytest.raises(TruncatedRecord):
            read_record(tmp_path, writer.files[0], last)
    assert "truncated" in caplog.text


def test_cut_in_request_record_keeps_complete_response(tmp_path: Path) -> None:
    items = [fake(i) for i in range(2)]
    with ArchiveWriter(tmp_path) as writer:
        for f in items:
            writer.write(f)
    path = tmp_path / writer.files[0]
    path.write_bytes(path.read_bytes()[:-15])  # inside the last request record
    back = list(iter_archive(tmp_path))
    assert [f.body for f in back] == [f.body for f in items]
    assert back[0].request_headers == items[0].request_headers


def test_empty_or_missing_directory(tmp_path: Path) -> None:
    assert list(iter_archive(tmp_path / "missing")) == []
    (tmp_path / "deals-empty.warc.gz").write_bytes(b"")
    assert list(iter_archive(tmp_path)) == []
