"""Backfill from web archives: WARC files (Common Crawl's CC-NEWS, or any) -> articles -> claims, one task per file.

    plan_inputs (paths, globs, URLs, warc.paths.gz listings)
      -> scan_warc, one per file, on a worker (archive.read_warc streams it; HTML responses only; a prefilter
         on the raw bytes; then the crawl's own safe extract step) -> FileResult (plain records)
      -> save_result, the single writer (one transaction per file, with its `warc_files` row) -> link deals

Workers never touch SQLite: they return records, and the process that runs the command writes them.
Files run as Dask tasks (`distributed`): a local cluster by default, or an existing one by its scheduler
address; one worker (or no Dask) scans in this process. Results are written in the order of the plan
whatever order they finish in, so every path gives the same database.
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import io
import json
import logging
import os
import re
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO, Any, cast
from urllib.parse import urlsplit

from ahocorasick_rs import BytesAhoCorasick, Implementation, MatchKind

from . import db as store
from .archive import ReadStats, WarcRecord, read_warc
from .claims import DEAL_WORDS, Extraction
from .config import Config
from .dates import utc_now
from .encoding import media_type
from .errors import InputError
from .fetch import FetchConfig, RemoteFileError, is_remote, open_stream, remote_glob
from .gazetteer import load_gazetteer
from .models import Article, Fetched
from .pipeline import Batch, Progress, RunSummary, Settings, extract_fetched, link, prepare, store_article
from .sources import canonicalize_url

log = logging.getLogger(__name__)

__all__ = [
    "BackfillSummary",
    "FileResult",
    "Found",
    "Prefilter",
    "ScanOptions",
    "backfill",
    "default_prefilter",
    "plan_inputs",
    "read_listing",
    "run_scans",
    "save_result",
    "scan_warc",
]

DEFAULT_LISTING_BASE = "https://data.commoncrawl.org/"  # what relative paths of a local listing are relative to
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
WARC_SUFFIXES = (".warc.gz", ".warc")
LISTING_SUFFIXES = (".paths.gz", ".paths")
CONNECT_TIMEOUT = "30s"  # to reach a Dask scheduler


def _quiet(event: str, data: dict[str, Any]) -> None:
    return None


# -- the prefilter ------------------------------------------------------------

# Between the parts of a name in raw HTML: blanks, hyphens (also as UTF-8 dashes) or a non-breaking space.
_GAP = rb"(?:[ \t\r\n\-]|\xc2\xa0|\xe2\x80[\x90\x91\x93]|&nbsp;|&#160;)*"
_AMPERSAND = rb"(?:&|&amp;|&#38;)"
# A figure's unit or a currency: a deal stated with a figure has one of these even without a deal word.
_FIGURE_UNITS = (rb"\$|\xe2\x82\xac|\xc2\xa3|\xc2\xa5|\xe2\x82\xb9"
                 rb"|\b(?:billion|million|trillion|bn|crore|GW|MW|gigawatts?|megawatts?|GPUs?|chips?)\b")
# A figure of the size of AI infrastructure, with its unit: billions (in a few languages; Spanish writes them
# "mil millones"), gigawatts and megawatts, or a count of GPUs, chips, accelerators, servers, racks... So a deal
# between companies the gazetteer does not know yet still passes, while the millions of everyday news (budgets,
# transfers, populations) do not. Case variants are spelled out: re.I would slow the scan down threefold.
_SIZED_FIGURE = re.compile(
    rb"\d(?:[ \t\r\n\-]|&nbsp;|\xc2\xa0)*(?:[bB]illions?|BILLIONS?|[tT]rillions?|bn|BN|mld|[mM]rd|[mM]illiards?"
    rb"|[mM]illiarden|millones|[kMGT]Wh?|[mM]egawatts?|[gG]igawatts?|GPUs?|[cC]hips?|[pP]rocessors?"
    rb"|[aA]ccelerators?|[sS]ervers?|[cC]ores?|[rR]acks?|[wW]afers?|[nN]odes?)\b")


# What the page is about: a word of AI infrastructure (GPUs, data centers, gigawatts, accelerators, AI chips or
# compute, in a few languages). Common Crawl's news is all the news: a company name and a billion are in most
# business stories, but a deal this project tracks always names what is bought or built. Literal words, found by
# one Aho-Corasick automaton (a regex alternation of them scans at 10 MB/s); case variants are spelled out.
_INFRA_WORDS = [
    *(v for w in ("data center", "data centre", "data-center", "data-centre", "datacenter", "datacentre",
                  "gigawatt", "megawatt", "supercomput", "accelerator", "ai chip", "ai infrastructure", "ai compute",
                  "ai cloud", "ai factor", "compute capacity", "computing capacity", "computing power",
                  "compute power", "colocation", "hyperscale", "neocloud", "semiconductor", "chipmaker", "nvidia",
                  "rechenzent", "centre de donn", "centro de datos", "centro de dados", "centri dati",
                  "cloud computing", "cloud capacity", "cloud contract", "cloud deal", "artificial intelligence chip",
                  "custom chip", "server rack", "ai server")
      for v in {w, w.capitalize(), w.title(), w.upper(), w.replace("ai ", "AI "), w.title().replace("Ai ", "AI ")}),
    "GPU", "TPU", *(f"{d}{gap}{unit}" for d in "0123456789" for gap in ("", " ", "&nbsp;", "\u00a0")
                    for unit in ("MW", "GW")),  # a unit needs a word's end after it ("200MW", not "x0MWq" in a script)
    "\u30c7\u30fc\u30bf\u30bb\u30f3\u30bf", "\ub370\uc774\ud130\uc13c\ud130", "\u6570\u636e\u4e2d\u5fc3",  # data center: ja, ko, zh
]


class Prefilter:
    """A cheap test on a response's raw bytes, before any HTML parsing: could this page yield claims?

    The rule: a page passes when its bytes speak of AI infrastructure (a word of `_INFRA_WORDS`: GPUs, data
    centers, gigawatts, AI chips...; or a known chip's name) and either name a known company or chip (any
    spelling the gazetteer accepts, case as written) together with a deal word or a unit (claims.DEAL_WORDS, $,
    billion, GW...), or state a figure of the size of AI infrastructure ("$5 billion", "200 MW", "50,000 GPUs")
    whoever the parties are. UTF-16 and UTF-32 pages (whose bytes hide ASCII names) always pass.
    """

    def __init__(self, names: Iterable[str], chips: Iterable[str] = ()) -> None:
        self.names = _Names(names)
        self.chips = _Names(chips)
        # one scan finds the words of infrastructure and the beginnings of chip names
        self.infra = sorted({w.encode("utf-8") for w in _INFRA_WORDS})
        self.topic = BytesAhoCorasick(self.infra + self.chips.needles, matchkind=MatchKind.Standard,
                                      implementation=Implementation.DFA)  # a DFA scans 3x faster here
        self.words = re.compile(DEAL_WORDS.pattern.encode("ascii") + rb"|" + _FIGURE_UNITS, re.I)

    def __call__(self, body: bytes) -> bool:
        """True when the page may yield claims and must go through extraction."""
        if body[:2] in (b"\xff\xfe", b"\xfe\xff") or body[:4] == b"\x00\x00\xfe\xff":
            return True
        if not self.on_topic(body):
            return False
        if _SIZED_FIGURE.search(body) is not None:
            return True
        return self.has_name(body) and self.words.search(body) is not None

    def has_name(self, body: bytes) -> bool:
        """Whether the bytes name a known company or chip."""
        return self.names.found(body)

    def on_topic(self, body: bytes) -> bool:
        """Whether the bytes use a word of AI infrastructure or name a known chip."""
        words = len(self.infra)
        for index, start, end in self.topic.find_matches_as_indexes(body, overlapping=True):
            chip = index >= words
            needle = b"" if chip else self.infra[index]
            unit = needle[:1].isdigit()  # "200 MW"
            short = chip or len(needle) <= 4  # "GPU", "B300"
            # in running text, not in a page's code: id="B300", "5GPU3Q3P", "-ms-accelerator", "/data-center/";
            # a longer word may also stand in quotes ('AI infrastructure')
            opener = body[start - 1] if start else None
            if opener is not None and not unit and opener not in _OPENERS and (short or opener not in _QUOTES):
                continue
            if chip:
                if self.chips.confirm(body, start):
                    return True
                continue
            after = body[end:end + 1]
            if unit and after == b"h":
                after = body[end + 1:end + 2]  # "MWh"
            if (short or unit) and after in _WORD_END:
                continue  # "GPUx", "9MWh82EH": the letters go on
            return True
        return False


class _Names:
    """Known names in raw bytes: an Aho-Corasick automaton over their first words, each hit checked by one
    anchored regex of every spelling (a regex alternation of 1,500 names scans at 25 MB/s, the automaton at
    several hundred)."""

    def __init__(self, names: Iterable[str]) -> None:
        root: dict[bytes, Any] = {}
        needles: set[bytes] = set()
        for name in names:
            node = root
            for token in _name_tokens(name):
                node = node.setdefault(token, {})
            node[b""] = {}  # the end of a name
            needles.update(_needles(name))
        self.needles = sorted(needles)
        self.automaton = BytesAhoCorasick(self.needles, matchkind=MatchKind.Standard,
                                          implementation=Implementation.DFA) if needles else None
        self.regex = re.compile(_alternation(root)) if needles else None  # anchored at an automaton hit

    def found(self, body: bytes) -> bool:
        """Whether the bytes name one of the names."""
        if self.automaton is None:
            return False
        return any(self.confirm(body, start)
                   for _, start, _ in self.automaton.find_matches_as_indexes(body, overlapping=True))

    def confirm(self, body: bytes, start: int) -> bool:
        """Whether an automaton hit at `start` begins a whole name."""
        if self.regex is None or start and body[start - 1] in _WORD_BYTES:
            return False
        return self.regex.match(body, start) is not None


# bytes that, right after "200MW" or "GPU", mean the letters go on ("GPUs" is a word too)
_WORD_END = frozenset(bytes([c]) for c in b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrtuvwxyz0123456789_")
# bytes before a word in running text: blanks, a tag's end, an opening bracket or quote mark, a no-break space's
# last byte (but not "/", "-", "=" or a straight quote: URLs, CSS and attributes)
_OPENERS = frozenset(b" \t\r\n>(;,\xa0\x9c")  # \x9c ends a UTF-8 left double quotation mark
_QUOTES = frozenset(b"\"'\x94\x98\x9c")  # straight quotes, and the last bytes of UTF-8 "\u2014", "\u2018", "\u201c"
_WORD_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_SEPARATORS = " -\u2010\u2011\u2013\u00a0"


def _needles(name: str, least: int = 3) -> set[bytes]:
    """The literal beginnings of a name's spellings: its first words until `least` characters long, with the
    separators a name may be written with between words and between letters and digits ("H100", "H-100")."""
    parts = [p for p in re.split(r"([ \-\u2010\u2011\u2013\u00a0]+)", name) if p]
    words = [p for p in parts if p[0] not in _SEPARATORS]
    variants = [""]
    length = 0
    for index, word in enumerate(words):
        pieces = re.findall(r"\d+|\D+", word)
        spelled = [""]
        for i, piece in enumerate(pieces):
            gaps = [""]
            if i and pieces[i - 1][-1].isalnum() and piece[0].isalnum():
                gaps = ["", "-", " ", "\u2010", "\u2011"]
            spelled = [s + gap + piece for s in spelled for gap in gaps]
        joins = [""] if not index else [" ", "-", "", "\u00a0", "&nbsp;", "&#160;"]
        variants = [v + join + w for v in variants for join in joins for w in spelled]
        length += len(word)
        if length >= least:
            break
    out = set()
    for variant in variants:
        out.add(variant.encode("utf-8"))
        if "&" in name and "&" in variant:
            out.add(variant.replace("&", "&amp;").encode("utf-8"))
            out.add(variant.replace("&", "&#38;").encode("utf-8"))
    return out


def _name_tokens(name: str) -> list[bytes]:
    """Regex fragments of a name over UTF-8 bytes: a gap allowed at spaces, hyphens and letter-digit boundaries."""
    tokens: list[bytes] = []
    previous = ""
    for char in name:
        if char in " -\u2010\u2011\u2013\u00a0":
            if tokens and tokens[-1] != _GAP:
                tokens.append(_GAP)
            previous = ""
            continue
        if previous and (previous.isdigit() != char.isdigit()) and previous.isalnum() and char.isalnum():
            if tokens[-1] != _GAP:
                tokens.append(_GAP)
        tokens.append(_AMPERSAND if char == "&" else re.escape(char.encode("utf-8")))
        previous = char
    return tokens


def _alternation(node: dict[bytes, Any]) -> bytes:
    """A nested alternation for a trie of tokens (longer names first; a name's end is a word boundary)."""
    branches = [token + _alternation(child) for token, child in node.items() if token]
    if b"" in node:
        # "Nvidia's", "H100s" and "GB200-based" pass; "Armstrong", "#B300FF" and "L40.97" (a number) do not
        branches.append(rb"s?(?![A-Za-z0-9_]|\.\d)")
    if len(branches) == 1:
        return branches[0]
    return b"(?:" + b"|".join(branches) + b")"


@cache
def default_prefilter() -> Prefilter:
    """The prefilter built from the bundled gazetteer (once per process)."""
    gazetteer = load_gazetteer()
    return Prefilter(gazetteer.surface_forms(), gazetteer.surface_forms(companies=False, ambiguous=False))


# -- what a worker returns ----------------------------------------------------


@dataclass
class ScanOptions:
    """How a worker reads a file: the body cap per record, the relevance threshold, claims per article."""

    max_bytes: int = Config.max_bytes  # bytes of one record's body read; the rest is skipped (and marked truncated)
    threshold: float = Config.relevance_threshold
    max_claims: int = Config.max_claims
    fetch: FetchConfig = field(default_factory=FetchConfig)  # User-Agent and timeout of remote reads


@dataclass
class Found:
    """A relevant article of a WARC file: its response (without the body), article and claims."""

    fetched: Fetched
    article: Article
    extraction: Extraction


@dataclass
class FileResult:
    """What scanning one WARC file gave: counts and the relevant articles (or the error that stopped it)."""

    location: str
    name: str
    size: int | None = None
    etag: str | None = None
    sha256: str | None = None
    records: int = 0  # response records read
    html: int = 0  # of which HTML pages with status 200
    candidates: int = 0  # of which passed the prefilter (and were extracted)
    relevant: int = 0  # of which are articles at or above the relevance threshold
    claims: int = 0  # claims in those
    unreadable: int = 0  # pages the extractor could not read (binary, parse errors)
    bad: Counter[str] = field(default_factory=Counter)  # damaged records skipped, by reason
    seconds: float = 0.0
    extract_seconds: float = 0.0  # of which on the candidates: their prefilter and extraction
    started: str | None = None
    error: str | None = None  # why the file could not be read (after the retries)
    found: list[Found] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Records read per second."""
        return self.records / self.seconds if self.seconds > 0 else 0.0

    @property
    def rejected_rate(self) -> float:
        """Records per second that the prefilter rejects (reading and prefiltering, without extraction)."""
        filtering = self.seconds - self.extract_seconds
        return (self.records - self.candidates) / filtering if filtering > 0 else 0.0


def file_name(location: str) -> str:
    """The last part of a path or URL."""
    path = urlsplit(location).path if is_remote(location) else location
    return path.rstrip("/").rsplit("/", 1)[-1] or location


def scan_warc(location: str, options: ScanOptions | None = None) -> FileResult:
    """Read one WARC file (a local path or a URL), streamed, and return its relevant articles with their claims.

    Only HTML responses with status 200 are looked at; the prefilter drops most of them before any parsing;
    the rest go through the crawl's own extract step (`pipeline.extract_fetched`). Damaged records and
    unreadable pages are counted; a file that cannot be opened or read to its end raises (so it is retried).
    """
    options = options or ScanOptions()
    prefilter = default_prefilter()
    result = FileResult(location=location, name=file_name(location), started=utc_now())
    clock = time.monotonic()
    stats = ReadStats()
    with _opened(location, options.fetch, result) as stream:
        for record in read_warc(stream, max_bytes=options.max_bytes, stats=stats, name=result.name):
            try:
                _scan_record(record, result, prefilter, options)
            except Exception as exc:  # one record, never the file
                result.bad[f"record: {type(exc).__name__}"] += 1
    if stats.records == 0 and stats.bad:
        raise InputError(f"{result.name}: not a WARC file, or no record could be read ({', '.join(stats.bad)})")
    if stats.stopped and result.size is None:
        # a stream without a length that ends inside a record may have been cut: read it again, never mark it done
        raise RemoteFileError(f"{result.name}: reading stopped {stats.stopped}")
    result.records = stats.records
    result.bad.update(stats.bad)
    result.seconds = time.monotonic() - clock
    return result


def _scan_record(record: WarcRecord, result: FileResult, prefilter: Prefilter, options: ScanOptions) -> None:
    if record.status != 200 or not _is_html(record):
        return
    result.html += 1
    clock = time.monotonic()
    if not prefilter(record.body):
        return
    result.candidates += 1
    fetched = record.fetched(result.location)
    article, extraction, error = extract_fetched(fetched, max_claims=options.max_claims)
    result.extract_seconds += time.monotonic() - clock
    if article is None or extraction is None:
        result.unreadable += 1
        log.info("%s: %s", fetched.url, error)
        return
    if not article.is_article or article.relevance < options.threshold:
        return
    fetched.body = b""  # the writer needs the page's metadata, not its bytes,
    extraction.mentions, extraction.figures = [], []  # and the claims and reports, not every name and number
    result.relevant += 1
    result.claims += len(extraction.claims)
    result.found.append(Found(fetched=fetched, article=article, extraction=extraction))


def _is_html(record: WarcRecord) -> bool:
    """An HTML page by its Content-Type, or by its first bytes when it has none."""
    for name, value in record.http_headers:
        if name.lower() == "content-type":
            return media_type(value) in HTML_TYPES
    head = record.body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


class _GzipEndCheck(io.RawIOBase):
    """A stream passed through as read, whose gzip members are inflated alongside (output dropped), so that a
    stream without a length that was cut inside a member is told from one that ended: `complete`."""

    def __init__(self, stream: IO[bytes]) -> None:
        super().__init__()
        self.stream = stream
        self.position = 0
        self.gzip: bool | None = None  # unknown until the first bytes
        self.inflating: Any = None  # the decompressor of the member being read, None between members

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def readinto(self, buffer: Any) -> int:
        count = self.stream.readinto(buffer) or 0  # type: ignore[attr-defined]
        data = bytes(memoryview(buffer)[:count])
        if self.gzip is None and data:
            self.gzip = data[:2] == b"\x1f\x8b"
        while self.gzip and data:
            if self.inflating is None:
                self.inflating = zlib.decompressobj(31)
            try:
                self.inflating.decompress(data)
            except zlib.error:
                self.gzip = False  # not gzip after all: the WARC reader reports it
                break
            if not self.inflating.eof:
                break
            data, self.inflating = self.inflating.unused_data, None
        self.position += count
        return count

    @property
    def complete(self) -> bool:
        """Whether the stream did not end inside a gzip member (always True for an uncompressed stream)."""
        return self.inflating is None

    def close(self) -> None:
        self.stream.close()
        super().close()


class _HashingFile(io.RawIOBase):
    """A local file whose sha256 is computed while it is read front to back (seeks are passed on)."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.file = open(path, "rb")  # noqa: SIM115 (closed by close())
        self.hash = hashlib.sha256()
        self.hashed = 0  # bytes hashed, from the start, in order
        self.position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self.position = self.file.seek(offset, whence)
        return self.position

    def readinto(self, buffer: Any) -> int:
        count = self.file.readinto(buffer) or 0
        if self.position <= self.hashed < self.position + count:  # bytes not hashed yet (a peek and seek back)
            self.hash.update(memoryview(buffer)[self.hashed - self.position:count])
            self.hashed = self.position + count
        self.position += count
        return count

    def sha256(self, size: int) -> str:
        """The file's sha256 (read again when damaged records made the reading jump around)."""
        if self.hashed != size:
            self.file.seek(self.hashed)
            while chunk := self.file.read(1 << 20):
                self.hash.update(chunk)
                self.hashed += len(chunk)
        return self.hash.hexdigest()

    def close(self) -> None:
        self.file.close()
        super().close()


@contextmanager
def _opened(location: str, fetch: FetchConfig, result: FileResult) -> Iterator[IO[bytes]]:
    """The file's stream; size and ETag (remote) or sha256 (local, when read whole) go into the result."""
    if is_remote(location):
        remote = open_stream(location, fetch)
        result.size, result.etag = remote.size, remote.etag
        stream: IO[bytes] = remote.stream
        if remote.size is None:  # no length to check the end against: check that the last gzip member is whole
            stream = cast(IO[bytes], _GzipEndCheck(remote.stream))
        try:
            yield stream
            if isinstance(stream, _GzipEndCheck) and not stream.complete:
                raise RemoteFileError(f"{result.name}: the stream ended inside a gzip member (cut short?)")
        finally:
            remote.stream.close()
        return
    result.size = os.path.getsize(location)
    hashing = _HashingFile(location)
    try:
        yield cast(IO[bytes], hashing)
        result.sha256 = hashing.sha256(result.size)
    finally:
        hashing.close()


# -- the plan -----------------------------------------------------------------


def plan_inputs(inputs: Iterable[str], listing_base: str = DEFAULT_LISTING_BASE,
                fetch: FetchConfig | None = None) -> list[str]:
    """The WARC files to read, in order and once each: local paths (absolute), globs, folders, URLs, and the
    files named by `warc.paths` / `warc.paths.gz` listings; InputError for a local path that matches nothing."""
    plan: list[str] = []
    seen: set[str] = set()
    for item in inputs:
        for location in _expand(item.strip(), listing_base, fetch):
            if location not in seen:
                seen.add(location)
                plan.append(location)
    return plan


def _expand(item: str, listing_base: str, fetch: FetchConfig | None) -> Iterator[str]:
    if item.endswith(LISTING_SUFFIXES):
        yield from read_listing(item, listing_base, fetch)
    elif is_remote(item) and glob.has_magic(item.split("://", 1)[1]):
        try:
            matches = [m for m in remote_glob(item) if m.endswith(WARC_SUFFIXES)]
        except RemoteFileError as exc:
            raise InputError(str(exc)) from None
        if not matches:
            raise InputError(f"{item}: no file matches")
        yield from matches
    elif is_remote(item):
        yield item
    elif item.startswith("file://"):
        yield from _expand(urlsplit(item).path, listing_base, fetch)
    elif glob.has_magic(item):
        matches = sorted(p for p in glob.glob(item) if os.path.isfile(p))
        if not matches:
            raise InputError(f"{item}: no file matches")
        yield from (str(Path(p).resolve()) for p in matches)
    elif os.path.isdir(item):
        files = sorted(p for p in Path(item).iterdir() if p.is_file() and p.name.endswith(WARC_SUFFIXES))
        if not files:
            raise InputError(f"{item}: no WARC file (*.warc.gz, *.warc) in this folder")
        yield from (str(p.resolve()) for p in files)
    elif os.path.isfile(item):
        yield str(Path(item).resolve())
    else:
        raise InputError(f"{item}: no such file")


def read_listing(location: str, listing_base: str = DEFAULT_LISTING_BASE,
                 fetch: FetchConfig | None = None) -> list[str]:
    """The WARC files a CC-NEWS style listing names (one path a line, gzipped when it ends in .gz), streamed.

    Relative paths are relative to the listing's own server (https://host/ or s3://bucket/) when it is
    remote, else to `listing_base`.
    """
    if is_remote(location):
        parts = urlsplit(location)
        base = f"{parts.scheme}://{parts.netloc}/"
        try:
            raw: IO[bytes] = open_stream(location, fetch).stream
        except RemoteFileError as exc:
            raise InputError(f"listing {exc}") from None
    else:
        base = listing_base
        if not os.path.isfile(location):
            raise InputError(f"{location}: no such file")
        raw = open(location, "rb")  # noqa: SIM115 (closed below)
    try:
        stream = cast(IO[bytes], gzip.GzipFile(fileobj=raw)) if location.endswith(".gz") else raw
        out = []
        for line in io.TextIOWrapper(stream, encoding="utf-8", errors="replace"):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if is_remote(line):
                out.append(line)
            elif "://" in line or "::" in line:
                log.warning("%s: %s skipped (not a location this tool reads)", location, line)
            elif line.startswith("/") and not is_remote(location):
                out.append(line)  # an absolute path in one's own local listing
            else:  # relative, or absolute on the listing's own server: never a local file from a remote listing
                out.append(base.rstrip("/") + "/" + line.lstrip("/"))
        return out
    except (OSError, EOFError, RemoteFileError) as exc:
        raise InputError(f"{location}: unreadable listing ({exc})") from None
    finally:
        raw.close()


# -- running the scans ----------------------------------------------------------

Scan = Callable[[str, ScanOptions], FileResult]


def _failed(location: str, exc: BaseException) -> FileResult:
    """The result of a file that could not be read, with its error."""
    return FileResult(location=location, name=file_name(location), started=utc_now(),
                      error=f"{type(exc).__name__}: {exc}"[:500])


def _scan_here(scan: Scan, location: str, options: ScanOptions, retries: int) -> FileResult:
    """Scan in this process, trying again up to `retries` times."""
    for attempt in range(retries + 1):
        try:
            return scan(location, options)
        except Exception as exc:
            if attempt == retries:
                return _failed(location, exc)
            log.warning("%s: %s; trying again", location, exc)
    raise AssertionError("unreachable")


def run_scans(locations: list[str], options: ScanOptions, *, workers: int = 1, scheduler: str | None = None,
              retries: int = 2, scan: Scan = scan_warc) -> Iterator[FileResult]:
    """Scan every file, one Dask task each (a local cluster of `workers` processes, or the cluster at
    `scheduler`), or in this process with one worker; results come in the order of `locations`."""
    if scheduler is None and workers <= 1:
        for location in locations:
            yield _scan_here(scan, location, options, retries)
        return
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        if scheduler is not None:
            raise InputError("--scheduler needs Dask: pip install distributed") from None
        log.warning("Dask (distributed) is not installed: scanning in this process")
        yield from run_scans(locations, options, workers=1, retries=retries, scan=scan)
        return
    # Dask logs its cluster's comings and goings at INFO: shown with -v only, like this project's own.
    logging.getLogger("distributed").setLevel(max(logging.WARNING, logging.getLogger().getEffectiveLevel()))
    cluster = None
    if scheduler is None:
        import dask

        # Dask's statistical profiler samples the task's stack every 10 ms: a few % of a CPU-bound scan, for
        # a dashboard nobody watches on a local cluster (a real cluster keeps its own settings).
        with dask.config.set({"distributed.worker.profile.enabled": False}):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                                   silence_logs=max(logging.WARNING, logging.getLogger().getEffectiveLevel()))
    try:
        client = Client(cluster if cluster is not None else scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:  # ValueError: an address that is not one
        if cluster is not None:
            cluster.close()
        raise InputError(f"cannot reach the Dask scheduler {scheduler or 'of the local cluster'}: {exc}") from None
    try:
        futures = [client.submit(scan, location, options, retries=retries, pure=False) for location in locations]
        order = {future.key: i for i, future in enumerate(futures)}
        ready: dict[int, FileResult] = {}
        following = 0
        for future in as_completed(futures):
            i = order[future.key]
            try:
                ready[i] = future.result()
            except Exception as exc:  # failed after Dask's retries, or its worker died too often
                ready[i] = _failed(locations[i], exc)
            future.release()
            while following in ready:
                yield ready.pop(following)
                following += 1
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# -- the single writer ------------------------------------------------------------


@dataclass
class BackfillSummary:
    """Counts of a backfill run, per file and overall."""

    run: RunSummary
    files: int = 0  # in the plan
    skipped: int = 0  # done by an earlier run
    done: int = 0
    failed: int = 0
    records: int = 0
    candidates: int = 0
    relevant: int = 0
    duplicates: int = 0  # articles already stored from a capture as new or newer
    bad: int = 0
    seconds: float = 0.0  # wall-clock time of the scans and writes
    failures: list[str] = field(default_factory=list)

    def line(self) -> str:
        """The closing summary line."""
        rate = self.records / self.seconds if self.seconds > 0 else 0.0
        return (f"{self.done} files read ({self.skipped} already done, {self.failed} failed), "
                f"{self.records:,} records ({rate:,.0f} records/s), {self.candidates:,} past the prefilter, "
                f"{self.relevant:,} relevant; {self.run.articles} articles and {self.run.claims} claims stored, "
                f"{self.run.deals} deals" + (f"; {self.bad} damaged records skipped" if self.bad else ""))


def save_result(db: Any, result: FileResult, settings: Settings, summary: BackfillSummary) -> dict[str, Any]:
    """Store one file's articles and claims as the crawl stores them, with its `warc_files` row, in one transaction.

    A URL already stored from a capture as new or newer is left as it is, so an overlapping file or a run
    started again never duplicates rows. Returns the `warc_files` row.
    """
    before_articles, before_claims = summary.run.articles, summary.run.claims
    duplicates = 0
    bad = sum(result.bad.values())
    with Batch(db, pages=1 << 60, seconds=float("inf")) as batch:
        batch.begin()
        stored: set[str] = set()
        own_pages = {canonicalize_url(f.fetched.final_url or f.fetched.url) for f in result.found}
        for found in result.found:
            fetched, article = found.fetched, found.article
            known = store.article_fetched_at(db, article.url)
            if known is not None and known >= (fetched.fetched_at or ""):
                duplicates += 1
                continue
            page = store.page_row(fetched, urlsplit(fetched.final_url or fetched.url).hostname, "article",
                                  summary.run.run_id)
            store_article(db, fetched, article, found.extraction, page, settings, summary.run, stored, own_pages)
        row = {
            "location": result.location, "name": result.name, "size": result.size, "etag": result.etag,
            "sha256": result.sha256, "status": "failed" if result.error else "done", "error": result.error,
            "records": result.records, "html": result.html, "candidates": result.candidates,
            "relevant": result.relevant, "articles": summary.run.articles - before_articles,
            "claims": summary.run.claims - before_claims, "duplicates": duplicates,
            "bad": bad, "bad_reasons": json.dumps(dict(result.bad), sort_keys=True) if result.bad else None,
            "seconds": round(result.seconds, 3), "started": result.started, "finished": utc_now(),
            "run_id": summary.run.run_id,
        }
        store.save_warc_file(db, row)
    if result.error:
        summary.failed += 1
        summary.failures.append(f"{result.location}: {result.error}")
    else:
        summary.done += 1
    summary.records += result.records
    summary.candidates += result.candidates
    summary.relevant += result.relevant
    summary.duplicates += duplicates
    summary.bad += bad
    return row


def _is_done(state: dict[str, Any] | None, location: str) -> bool:
    """Whether an earlier run finished this file (a local file must still have the size it had)."""
    if state is None or state.get("status") != "done":
        return False
    if not is_remote(location) and os.path.isfile(location):
        return state.get("size") == os.path.getsize(location)
    return True


def backfill(inputs: Iterable[str], settings: Settings, *, workers: int = 1, scheduler: str | None = None,
             retries: int = 2, listing_base: str = DEFAULT_LISTING_BASE, progress: Progress = _quiet,
             scan: Scan = scan_warc) -> BackfillSummary:
    """Read web-archive WARC files into the database as if their pages had been crawled, then link deals.

    Files done by an earlier run are skipped; a file that fails (after `retries`) is recorded as failed with
    its error and the others go on. Progress events: `plan`, then `file` for each file as it is stored.
    """
    plan = plan_inputs(inputs, listing_base, settings.fetch)
    options = ScanOptions(max_bytes=settings.fetch.max_bytes, threshold=settings.relevance_threshold,
                          max_claims=settings.max_claims, fetch=settings.fetch)
    db = prepare(settings.db_path)
    run = RunSummary(run_id=store.start_run(db, "backfill"))
    summary = BackfillSummary(run=run, files=len(plan))
    states = store.warc_file_states(db)
    todo = [location for location in plan if not _is_done(states.get(location), location)]
    summary.skipped = len(plan) - len(todo)
    progress("plan", {"files": len(plan), "todo": len(todo), "skipped": summary.skipped})
    clock = time.monotonic()
    try:
        workers = max(1, min(workers, len(todo)))  # no idle processes for a short plan (one file: no cluster)
        for result in run_scans(todo, options, workers=workers, scheduler=scheduler, retries=retries, scan=scan):
            row = save_result(db, result, settings, summary)
            summary.seconds = time.monotonic() - clock
            progress("file", {**row, "rate": result.rate, "done": summary.done + summary.failed, "todo": len(todo)})
        run.deals = link(db)
    except BaseException:
        _interrupted(db, summary)
        raise
    summary.seconds = time.monotonic() - clock
    run.fetched, run.failed = summary.records, summary.failed
    run.failures.update({failure[:200]: 1 for failure in summary.failures})
    store.finish_run(db, run.run_id, "partial" if summary.failed else "ok", run.counts())
    db.close()
    return summary


def _interrupted(db: Any, summary: BackfillSummary) -> None:
    """Close the run's row after an interruption, if the database can still be written."""
    try:
        if db.conn.in_transaction:
            db.rollback()
        store.finish_run(db, summary.run.run_id, "interrupted", summary.run.counts())
    except Exception:
        pass
    db.close()
