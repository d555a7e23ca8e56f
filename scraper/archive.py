"""WARC archive of every fetched response: write request/response record pairs, read them back.

Files are gzip-compressed WARC (one gzip member per record), written with warcio's
`WARCWriter` and read with FastWARC (about 3.5 times faster than warcio at reading; `read_warc` is the one
reader, also of web archives for `backfill`). Each writer creates new files (never appends), named so that sorting by
name sorts by time, and flushes after every record pair. Because fetch.py stores the
decoded body, the stored HTTP headers carry Content-Encoding, Content-Length and
Transfer-Encoding as X-Original-* and reading restores them. Reading verifies the
record length and block digest, so a record cut short by a killed process is skipped
with a warning, never returned half-read.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import logging
import os
import threading
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from types import TracebackType
from typing import IO, Any
from urllib.parse import urlsplit

from fastwarc.warc import ArchiveIterator, WarcRecordType
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .dates import to_utc_iso
from .encoding import detect_encoding, media_type
from .models import Fetched

log = logging.getLogger(__name__)

__all__ = [
    "ArchiveError",
    "ArchiveWriter",
    "ReadStats",
    "RecordNotFound",
    "TruncatedRecord",
    "WarcRecord",
    "iter_archive",
    "read_record",
    "read_warc",
]

_RENAMED = ("content-encoding", "content-length", "transfer-encoding")
_ORIGINAL_PREFIX = "x-original-"
_REQUESTED_URI = "WARC-X-Requested-URI"  # the URL asked for, when redirects changed it
_FETCH_ERROR = "WARC-X-Fetch-Error"
_SUFFIXES = (".warc.gz", ".warc")
_sequence = itertools.count(1)  # file sequence number, unique within the process
_sequence_lock = threading.Lock()


class ArchiveError(Exception):
    """Base class of archive errors."""


class RecordNotFound(ArchiveError):
    """No response record at the given file and offset."""


class TruncatedRecord(ArchiveError):
    """The record is incomplete or corrupt (e.g. the writer was killed mid-record)."""


def _stored_headers(headers: dict[str, str]) -> list[tuple[str, str]]:
    """Response headers as stored: encoding and length headers renamed to X-Original-*."""
    out = []
    for name, value in headers.items():
        if name.lower() in _RENAMED:
            name = _ORIGINAL_PREFIX + name.lower()
        out.append((name, value))
    return out


def _restored_headers(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Lower-cased response headers with the X-Original-* names restored."""
    out: dict[str, str] = {}
    for name, value in pairs:
        name = name.lower()
        if name in _RENAMED:
            continue  # not written by us; cannot describe the stored (decoded) body
        if name.startswith(_ORIGINAL_PREFIX) and name[len(_ORIGINAL_PREFIX):] in _RENAMED:
            name = name[len(_ORIGINAL_PREFIX):]
        out[name] = f"{out[name]}, {value}" if name in out else value
    return out


def _iso_date(value: str) -> str:
    """A WARC-Date as the project writes dates (UTC ISO 8601 to the second), so that captures compare in time."""
    return to_utc_iso(value) or value


def _warc_date(value: str) -> str:
    """A WARC-Date from a Fetched.fetched_at (already UTC ISO 8601)."""
    return value if value.endswith("Z") else value + "Z"


class ArchiveWriter:
    """Writes Fetched responses to rotating .warc.gz files in a directory (a context manager)."""

    def __init__(self, directory: Path, max_bytes: int = 1_000_000_000, prefix: str = "deals") -> None:
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self.prefix = prefix
        self.files: list[str] = []  # names of the files this writer created
        self._fh: IO[bytes] | None = None
        self._writer: WARCWriter | None = None
        self._name: str | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> ArchiveWriter:
        self.directory.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close the current file, if any."""
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._fh is not None:
            self._fh.close()
        self._fh = self._writer = self._name = None

    def _open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        while True:
            with _sequence_lock:
                seq = next(_sequence)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            name = f"{self.prefix}-{stamp}-{os.getpid()}-{seq:05d}.warc.gz"
            try:
                self._fh = open(self.directory / name, "xb")  # never append to an existing file
            except FileExistsError:
                continue
            break
        self._name = name
        self._writer = WARCWriter(self._fh, gzip=True)
        self.files.append(name)

    def write(self, fetched: Fetched) -> Fetched:
        """Archive one exchange (response then request record); sets warc_file and warc_offset."""
        if fetched.status is None:
            return fetched
        with self._lock:
            if self._fh is None:
                self._open()
            assert self._fh is not None and self._writer is not None and self._name is not None
            offset = self._fh.tell()
            try:
                response = self._response_record(fetched)
                self._writer.write_record(response)
                request = self._request_record(fetched, response.rec_headers.get_header("WARC-Record-ID"))
                self._writer.write_record(request)
                self._fh.flush()
            except BaseException:
                # Never write after a partial record: the next write starts a new file.
                self._close()
                raise
            fetched.warc_file = self._name
            fetched.warc_offset = offset
            if self._fh.tell() >= self.max_bytes:
                self._close()
        return fetched

    def _response_record(self, f: Fetched) -> Any:
        assert self._writer is not None
        status = f.status or 0
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = "Unknown"
        http_headers = StatusAndHeaders(f"{status} {reason}", _stored_headers(f.headers), protocol="HTTP/1.1")
        warc_headers = {"WARC-Date": _warc_date(f.fetched_at)}
        if f.url != f.final_url:
            warc_headers[_REQUESTED_URI] = f.url
        if f.truncated:
            warc_headers["WARC-Truncated"] = "length"
        if f.error:
            warc_headers[_FETCH_ERROR] = f.error
        return self._writer.create_warc_record(
            f.final_url, "response", payload=io.BytesIO(f.body), length=len(f.body),
            http_headers=http_headers, warc_headers_dict=warc_headers,
        )

    def _request_record(self, f: Fetched, response_id: str) -> Any:
        assert self._writer is not None
        parts = urlsplit(f.final_url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        http_headers = StatusAndHeaders(f"GET {target} HTTP/1.1", list(f.request_headers.items()),
                                        is_http_request=True)
        return self._writer.create_warc_record(
            f.final_url, "request", payload=io.BytesIO(b""), length=0, http_headers=http_headers,
            warc_headers_dict={"WARC-Date": _warc_date(f.fetched_at), "WARC-Concurrent-To": response_id},
        )


# ---------------------------------------------------------------------------
# Reading: one reader (FastWARC) for our own archive (`reprocess`) and for web archives (`backfill`).


@dataclass
class ReadStats:
    """What reading one WARC stream met: records returned and damaged records skipped, by reason."""

    records: int = 0  # response (and request) records returned
    bad: Counter[str] = field(default_factory=Counter)  # reason -> records skipped
    stopped: str | None = None  # why reading ended before the stream's end (a stream that cannot seek on)


@dataclass
class WarcRecord:
    """One response or request record as read: its WARC and HTTP headers and its body (capped)."""

    kind: str  # "response" or "request"
    offset: int  # where the record starts in the file
    target_uri: str
    date: str
    record_id: str | None
    concurrent_to: str | None
    warc_headers: dict[str, str]
    status: int | None  # the HTTP status (None for a request)
    http_headers: list[tuple[str, str]]
    body: bytes
    cut: bool = False  # the body was longer than the cap and was cut there

    def fetched(self, warc_file: str) -> Fetched:
        """The response as a Fetched, as the crawl would have stored it (charset detected, sha256 of the body)."""
        headers = _restored_headers(self.http_headers)
        ctype = headers.get("content-type")
        body = self.body
        return Fetched(
            url=self.warc_headers.get(_REQUESTED_URI.lower()) or self.target_uri,
            final_url=self.target_uri,
            status=self.status,
            fetched_at=self.date,
            headers=headers,
            body=body,
            content_type=media_type(ctype),
            encoding=detect_encoding(body, ctype) if body else None,
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
            error=self.warc_headers.get(_FETCH_ERROR.lower()),
            truncated=self.cut or "warc-truncated" in self.warc_headers,
            sha256=hashlib.sha256(body).hexdigest(),
            warc_file=warc_file,
            warc_offset=self.offset,
        )


class _Damaged(Exception):
    """A record that cannot be read whole (cut short, digest mismatch, unreadable headers)."""


_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."


def read_warc(stream: IO[bytes], *, verify: bool = False, max_bytes: int | None = None,
              requests: bool = False, stats: ReadStats | None = None, name: str = "WARC",
              resync: bool = True) -> Iterator[WarcRecord]:
    """The response records (and request records when `requests`) of a WARC stream, gzipped or not.

    Records are streamed: a body is read up to `max_bytes` (the rest is skipped, `cut` set). With `verify`
    the block digest (when present) and the length are checked. A damaged record is counted in
    `stats.bad` and skipped; on a seekable stream reading goes on at the next record (the next gzip
    member), on others (or without `resync`) it stops there. Errors of the stream itself propagate.
    """
    stats = stats if stats is not None else ReadStats()
    types = WarcRecordType.response | (WarcRecordType.request if requests else WarcRecordType.no_type)
    seekable = _seekable(stream)
    base = stream.tell() if seekable else 0
    magic = _GZIP_MAGIC
    if seekable:
        magic = _GZIP_MAGIC if stream.read(2) == _GZIP_MAGIC[:2] else _WARC_MAGIC
        stream.seek(base)
    iterator: Any = None
    rereading = False  # True when a pass starts at the damaged stretch that stopped the last one
    while True:
        last: int | None = None  # offset of the last record met in this pass
        skip_from: int | None = None  # a record cut short: go on at the next record after it
        try:
            iterator = (ArchiveIterator(stream, record_types=types, parse_http=False) if iterator is None
                        else iterator.restart(stream))
            for record in iterator:
                offset = last = record.stream_pos
                try:
                    item = _read_one(record, offset, verify, max_bytes)
                except _Damaged as exc:
                    reason = str(exc).split(":")[0]
                    stats.bad[reason] += 1
                    log.warning("%s: damaged or truncated record at offset %d skipped (%s)", name, offset, exc)
                    if reason != "http" and seekable and resync:
                        skip_from = offset  # its gzip member may have swallowed the next ones
                        break
                    if reason != "http":
                        stats.stopped = f"record at offset {offset}: {exc}"  # what follows may be lost with it
                    continue
                stats.records += 1
                yield item
            if skip_from is None:
                if not (seekable and resync):
                    return
                # Bytes that are not gzip after a member end the gzip stream as if it were the file's end:
                # look for a next record after the last one (at the real end this reads only the last record).
                skip_from = last if last is not None else base
            rereading = False
        except OSError as exc:  # FastWARC's own errors: bad gzip data, an invalid WARC header
            if last is not None or not rereading:  # a new damaged stretch, not the one jumped into again
                stats.bad["unreadable"] += 1
                log.warning("%s: damaged or truncated record after offset %d skipped (%s)", name,
                            last if last is not None else base, exc)
            if not (seekable and resync):
                stats.stopped = f"after offset {last if last is not None else base}: {exc}"
                return
            skip_from = last if last is not None else base
            rereading = last is not None
        following = _find(stream, magic, skip_from + 1)
        if following is None:
            return
        base = following
        stream.seek(base)


def _seekable(stream: IO[bytes]) -> bool:
    try:
        return bool(stream.seekable())
    except (AttributeError, ValueError):
        return False


def _find(stream: IO[bytes], magic: bytes, start: int, chunk: int = 1 << 20) -> int | None:
    """The offset of the first record start at or after `start` in a seekable stream, or None.

    A gzip header is a record only if its member inflates to "WARC/": compressed bytes hold the three
    magic bytes by chance about once in 16 MB, and a false start would be read as one more damaged record.
    """
    position = start
    while (found := _find_bytes(stream, magic, position, chunk)) is not None:
        if magic != _GZIP_MAGIC or _inflates_to_warc(stream, found):
            return found
        position = found + 1
    return None


def _find_bytes(stream: IO[bytes], magic: bytes, start: int, chunk: int) -> int | None:
    """The offset of the first `magic` at or after `start`, or None."""
    stream.seek(start)
    position, tail = start, b""
    while True:
        data = stream.read(chunk)
        if not data:
            return None
        window = tail + data
        found = window.find(magic)
        if found >= 0:
            return position - len(tail) + found
        tail = window[-(len(magic) - 1):]
        position += len(data)


def _inflates_to_warc(stream: IO[bytes], offset: int) -> bool:
    """Whether the gzip member at `offset` starts with a WARC header."""
    stream.seek(offset)
    inflater = zlib.decompressobj(wbits=31)
    try:
        head = inflater.decompress(stream.read(4096), 16)
    except zlib.error:
        return False
    return head.startswith(_WARC_MAGIC[:5])


def _read_one(record: Any, offset: int, verify: bool, max_bytes: int | None) -> WarcRecord:
    """One record read and checked; _Damaged when it cannot be read whole."""
    headers = record.headers
    declared = headers.get("Content-Length")
    if declared is None or not declared.strip().isdigit():
        raise _Damaged("length: no Content-Length")
    if verify:
        digest = headers.get("WARC-Block-Digest") or ""
        try:
            if digest.startswith("sha1:") and not record.verify_block_digest(consume=False):
                raise _Damaged("digest: block digest mismatch or record cut short")
        except OSError as exc:
            raise _Damaged(f"digest: {exc}") from None
    try:
        record.parse_http()
    except OSError as exc:
        raise _Damaged(f"http: {exc}") from None
    http = record.http_headers
    kind = "request" if record.record_type == WarcRecordType.request else "response"
    if http is None or (kind == "response" and http.status_code is None):
        raise _Damaged("http: no HTTP headers")
    remaining = record.content_length
    want = remaining if max_bytes is None else min(remaining, max_bytes)
    try:
        body = record.reader.read(want) if want > 0 else b""
    except OSError as exc:
        raise _Damaged(f"body: {exc}") from None
    if len(body) < want:
        raise _Damaged(f"truncated: body has {len(body)} of {want} bytes")
    warc_headers = {k.lower(): v for k, v in headers.items()}
    return WarcRecord(
        kind=kind, offset=offset, target_uri=warc_headers.get("warc-target-uri") or "",
        date=_iso_date(warc_headers.get("warc-date") or ""), record_id=warc_headers.get("warc-record-id"),
        concurrent_to=warc_headers.get("warc-concurrent-to"), warc_headers=warc_headers,
        status=http.status_code if kind == "response" else None, http_headers=list(http.items()), body=body,
        cut=remaining > want,
    )


def read_record(directory: Path, warc_file: str, offset: int) -> Fetched:
    """The response record at `offset` of `warc_file`, with its request headers when present."""
    path = Path(directory) / warc_file
    with open(path, "rb") as fh:
        fh.seek(offset)
        stats = ReadStats()
        records = read_warc(fh, verify=True, requests=True, stats=stats, name=warc_file, resync=False)
        first = next(records, None)
        if first is None or first.offset != offset:
            if stats.bad or (first is None and path.stat().st_size > offset):
                raise TruncatedRecord(f"incomplete record at {warc_file}:{offset}")
            raise RecordNotFound(f"no record at {warc_file}:{offset}")
        if first.kind != "response":
            raise RecordNotFound(f"record at {warc_file}:{offset} is a {first.kind!r} record")
        fetched = first.fetched(warc_file)
        request = next(records, None)
        if request is not None:
            _attach_request(fetched, first.record_id, request)
        return fetched


def _attach_request(fetched: Fetched, response_id: str | None, record: WarcRecord) -> bool:
    """Copy request headers from a request record concurrent to the response; True if it was."""
    if record.kind != "request" or record.concurrent_to != response_id:
        return False
    fetched.request_headers = {k.lower(): v for k, v in record.http_headers}
    return True


def _iter_file(directory: Path, name: str) -> Iterator[Fetched]:
    """Response records of one file; a damaged record is skipped with a warning."""
    pending: Fetched | None = None
    pending_id: str | None = None
    with open(directory / name, "rb") as fh:
        for record in read_warc(fh, verify=True, requests=True, name=name):
            if pending is not None and _attach_request(pending, pending_id, record):
                yield pending
                pending = None
                continue
            if pending is not None:
                yield pending
                pending = None
            if record.kind == "response":
                pending, pending_id = record.fetched(name), record.record_id
    if pending is not None:
        yield pending


def iter_archive(directory: Path) -> Iterator[Fetched]:
    """Every complete response record of every WARC file in the directory, in file-name order."""
    directory = Path(directory)
    if not directory.is_dir():
        return
    names = sorted(p.name for p in directory.iterdir() if p.is_file() and p.name.endswith(_SUFFIXES))
    for name in names:
        yield from _iter_file(directory, name)
