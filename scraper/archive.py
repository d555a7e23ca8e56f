"""WARC archive of every fetched response: write request/response record pairs, read them back.

Files are gzip-compressed WARC (one gzip member per record), written with warcio's
`WARCWriter`. Each writer creates new files (never appends), named so that sorting by
name sorts by time, and flushes after every record pair. Because fetch.py stores the
decoded body, the stored HTTP headers carry Content-Encoding, Content-Length and
Transfer-Encoding as X-Original-* and reading restores them. Reading verifies the
record length and block digest, so a record cut short by a killed process is skipped
with a warning, never returned half-read.
"""

from __future__ import annotations

import base64
import hashlib
import io
import itertools
import logging
import os
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from types import TracebackType
from typing import IO, Any
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser
from warcio.warcwriter import WARCWriter

from .encoding import detect_encoding, media_type
from .models import Fetched

log = logging.getLogger(__name__)

__all__ = [
    "ArchiveError",
    "ArchiveWriter",
    "RecordNotFound",
    "TruncatedRecord",
    "iter_archive",
    "read_record",
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


def _b32_sha1(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


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
# Reading


def _read_block(record: Any) -> bytes:
    """The full record block, verified against its length and block digest."""
    block = record.raw_stream.read()
    if len(block) != record.length:
        raise TruncatedRecord(f"record block has {len(block)} of {record.length} bytes")
    digest = record.rec_headers.get_header("WARC-Block-Digest")
    if digest and digest.startswith("sha1:") and digest != _b32_sha1(block):
        raise TruncatedRecord("record block digest mismatch")
    return block


def _parse_http(block: bytes, request: bool = False) -> tuple[StatusAndHeaders, bytes]:
    stream = io.BytesIO(block)
    verbs = ["GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS"] if request else ["HTTP/1.0", "HTTP/1.1"]
    http = StatusAndHeadersParser(verbs, verify=False).parse(stream)
    return http, stream.read()


def _fetched_from(record: Any, block: bytes, warc_file: str, offset: int) -> Fetched:
    """A Fetched rebuilt from a verified response record."""
    http, body = _parse_http(block)
    try:
        status: int | None = int(http.get_statuscode())
    except (TypeError, ValueError):
        status = None
    headers = _restored_headers(list(http.headers))
    rec = record.rec_headers
    final_url = rec.get_header("WARC-Target-URI") or ""
    ctype = headers.get("content-type")
    return Fetched(
        url=rec.get_header(_REQUESTED_URI) or final_url,
        final_url=final_url,
        status=status,
        fetched_at=rec.get_header("WARC-Date") or "",
        headers=headers,
        body=body,
        content_type=media_type(ctype),
        encoding=detect_encoding(body, ctype) if body else None,
        etag=headers.get("etag"),
        last_modified=headers.get("last-modified"),
        error=rec.get_header(_FETCH_ERROR),
        truncated=rec.get_header("WARC-Truncated") is not None,
        sha256=hashlib.sha256(body).hexdigest(),
        warc_file=warc_file,
        warc_offset=offset,
    )


def _attach_request(fetched: Fetched, response_id: str | None, record: Any, block: bytes) -> bool:
    """Copy request headers from a request record concurrent to the response; True if it was."""
    if record.rec_type != "request" or record.rec_headers.get_header("WARC-Concurrent-To") != response_id:
        return False
    http, _ = _parse_http(block, request=True)
    fetched.request_headers = {k.lower(): v for k, v in http.headers}
    return True


def read_record(directory: Path, warc_file: str, offset: int) -> Fetched:
    """The response record at `offset` of `warc_file`, with its request headers when present."""
    path = Path(directory) / warc_file
    with open(path, "rb") as fh:
        fh.seek(offset)
        records = iter(ArchiveIterator(fh, no_record_parse=True))
        try:
            record = next(records)
        except StopIteration:
            if path.stat().st_size > offset:
                raise TruncatedRecord(f"incomplete record at {warc_file}:{offset}") from None
            raise RecordNotFound(f"no record at {warc_file}:{offset}") from None
        except Exception as exc:
            raise TruncatedRecord(f"unreadable record at {warc_file}:{offset}: {exc}") from exc
        if record.rec_type != "response":
            raise RecordNotFound(f"record at {warc_file}:{offset} is a {record.rec_type!r} record")
        try:
            fetched = _fetched_from(record, _read_block(record), warc_file, offset)
        except TruncatedRecord:
            raise
        except Exception as exc:
            raise TruncatedRecord(f"unreadable record at {warc_file}:{offset}: {exc}") from exc
        response_id = record.rec_headers.get_header("WARC-Record-ID")
        try:
            request = next(records)
            _attach_request(fetched, response_id, request, _read_block(request))
        except Exception:  # no or damaged request record: the response stands on its own
            pass
        return fetched


def _iter_file(directory: Path, name: str) -> Iterator[Fetched]:
    """Response records of one file; stops with a warning at the first damaged record."""
    pending: Fetched | None = None
    pending_id: str | None = None
    with open(directory / name, "rb") as fh:
        iterator = ArchiveIterator(fh, no_record_parse=True)
        records = iter(iterator)
        offset = 0
        while True:
            try:
                record = next(records)
                # The block must be read before asking for the offset (which skips to the record end).
                block = _read_block(record) if record.rec_type in ("response", "request") else b""
                offset = iterator.get_record_offset()
                if pending is not None and _attach_request(pending, pending_id, record, block):
                    yield pending
                    pending = None
                    continue
                if pending is not None:
                    yield pending
                    pending = None
                if record.rec_type != "response":
                    continue
                pending = _fetched_from(record, block, name, offset)
                pending_id = record.rec_headers.get_header("WARC-Record-ID")
            except StopIteration:
                break
            except Exception as exc:
                log.warning("%s: damaged or truncated record near offset %d skipped (%s)", name, offset, exc)
                break
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
