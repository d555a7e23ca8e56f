"""Polite, bounded HTTP fetching: the only module of the project that touches the network.

Every fetch returns a `Fetched`; failures are reported in `Fetched.error` rather than
raised, so one bad URL never stops a run. Politeness rules: robots.txt (cached per
origin, Crawl-delay honoured), a per-host concurrency cap and minimum delay between
request starts, retries with exponential backoff and jitter, Retry-After honoured and
the host slowed down afterwards (one request per wait, for twice the wait; the first success
after that brings the host back to its configured or Crawl-delay pace). Bodies are capped while streaming (also after
Content-Encoding decompression, so a gzip bomb is stopped early) and decoded with a
browser-like charset policy (`encoding.detect_encoding`).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import email.utils
import hashlib
import io
import ipaddress
import logging
import random
import socket
import time
import zlib
from collections import Counter
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC
from typing import IO, Any, cast

import httpcore
import httpx
from protego import Protego

from .config import Config
from .dates import utc_now
from .encoding import detect_encoding, media_type
from .errors import BlockedAddress, FetcherClosed, FetchError
from .models import Fetched

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_ALLOWED_TYPES",
    "BlockedAddress",
    "Resolver",
    "address_class",
    "FetchConfig",
    "FetchError",
    "FetchStats",
    "Fetcher",
    "FetcherClosed",
    "RemoteFile",
    "RemoteFileError",
    "detect_encoding",
    "fetch_all",
    "is_remote",
    "open_stream",
    "media_type",
    "parse_retry_after",
]

DEFAULT_CONTACT = Config.contact
DEFAULT_ALLOWED_TYPES: frozenset[str] = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "application/xml",
        "text/xml",
        "application/rss+xml",
        "application/rdf+xml",
        "application/atom+xml",
        "application/json",
        "application/feed+json",
        "application/ld+json",
        "text/plain",
    }
)
_ACCEPT = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,application/rss+xml;q=0.9,"
    "application/atom+xml;q=0.9,application/json;q=0.8,text/plain;q=0.7,*/*;q=0.1"
)
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to parse at least 500 KiB

FetchItem = str | tuple[str, str | None, str | None]
Sleep = Callable[[float], Awaitable[None]]  # asyncio.sleep, or a test's recorder
Resolver = Callable[[str, int], Awaitable[list[str]]]  # (host, port) -> IP addresses, as getaddrinfo gives them


@dataclass
class FetchConfig:
    """Limits and politeness settings of a crawl."""

    contact: str = Config.contact  # URL (or mailto:) where site owners can reach us
    user_agent: str = ""  # empty: "ai-deals-scraper/0.1 (+<contact>)"
    robots_agent: str = ""  # token matched against robots.txt groups; empty: UA product name
    concurrency: int = Config.concurrency  # requests in flight over all hosts
    per_host: int = Config.per_host  # requests in flight to one host
    delay: float = Config.delay  # minimum seconds between request starts to one host
    timeout: float = Config.timeout  # seconds for one whole request (connect, headers and body)
    retries: int = Config.retries  # extra attempts after the first one
    backoff_base: float = 1.0
    backoff_max: float = 60.0  # also caps the wait for a Retry-After
    max_retry_after: float = 60.0  # a longer Retry-After gives the host's URLs up for this run (retry_after_too_long)
    max_bytes: int = Config.max_bytes  # body cap, after decompression
    max_redirects: int = 5
    allowed_types: frozenset[str] = DEFAULT_ALLOWED_TYPES  # media types whose body is downloaded
    respect_robots: bool = True
    max_crawl_delay: float = 60.0  # a larger robots.txt Crawl-delay is capped to this
    # Loopback and private addresses are fetched only for trusted hosts (the configured sources' own hosts);
    # True fetches them for any host. Link-local and cloud metadata addresses are never fetched.
    allow_private_addresses: bool = Config.allow_private_addresses

    def __post_init__(self) -> None:
        if not self.user_agent:
            self.user_agent = f"ai-deals-scraper/0.1 (+{self.contact})"
        if not self.robots_agent:
            self.robots_agent = self.user_agent.split("/", 1)[0].split()[0]
        self.allowed_types = frozenset(t.lower() for t in self.allowed_types)
        if self.concurrency < 1 or self.per_host < 1:
            raise ValueError("concurrency and per_host must be at least 1")


@dataclass
class FetchStats:
    """Counters of one run, for the run summary."""

    requests: int = 0  # HTTP requests sent, robots.txt included
    retries: int = 0
    ok: int = 0
    not_modified: int = 0
    robots_skipped: int = 0
    robots_unavailable: int = 0  # robots.txt answered 5xx/429 or was unreachable: that origin disallowed
    bytes: int = 0  # body bytes kept (decoded)
    failures: Counter[str] = field(default_factory=Counter)  # error reason -> count

    def as_dict(self) -> dict[str, Any]:
        """Plain-dict view for JSON or the runs table."""
        return {
            "requests": self.requests,
            "retries": self.retries,
            "ok": self.ok,
            "not_modified": self.not_modified,
            "robots_skipped": self.robots_skipped,
            "robots_unavailable": self.robots_unavailable,
            "bytes": self.bytes,
            "failures": dict(self.failures),
        }


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta seconds or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


# ---------------------------------------------------------------------------
# Bounded Content-Encoding decoder


class _DecodeFailed(Exception):
    """The Content-Encoding stream is corrupt or unsupported."""


class _BodyDecoder:
    """Incremental gzip/deflate decoder whose output never exceeds the room it is given."""

    def __init__(self, content_encoding: str | None) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
        codings = [c for c in codings if c and c != "identity"]
        if len(codings) > 1:
            raise _DecodeFailed("content_encoding:" + ",".join(codings))
        self.kind = codings[0] if codings else None
        if self.kind not in (None, "gzip", "x-gzip", "deflate"):
            raise _DecodeFailed(f"content_encoding:{self.kind}")
        self._obj: Any = self._new()
        self._started = False  # produced output or finished a member
        self._done = False  # trailing garbage after a complete stream is ignored

    def _new(self, raw: bool = False) -> Any:
        if self.kind in ("gzip", "x-gzip"):
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        if self.kind == "deflate":
            return zlib.decompressobj(-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
        return None

    def feed(self, data: bytes, room: int) -> bytes:
        """Decode a raw chunk, returning at most `room` bytes."""
        if self._obj is not None and not self._started and self.kind in ("gzip", "x-gzip") \
                and len(data) >= 2 and data[:2] != b"\x1f\x8b":
            self._obj = None  # labelled gzip but plainly not gzip: take the bytes as they are
        if self._obj is None:
            return data[:room]
        out = bytearray()
        while data and len(out) < room and not self._done:
            try:
                piece = self._obj.decompress(data, room - len(out))
            except zlib.error as exc:
                if self.kind == "deflate" and not self._started:
                    self._obj = self._new(raw=True)  # servers that send raw deflate
                    self._started = True
                    continue
                if self._started and not out and self._obj.eof:
                    self._done = True
                    break
                raise _DecodeFailed("decoding_error") from exc
            if piece:
                self._started = True
            out += piece
            if self._obj.eof:
                self._started = True
                data = self._obj.unused_data
                if data and self.kind in ("gzip", "x-gzip") and data[:2] == b"\x1f\x8b":
                    self._obj = self._new()  # a further gzip member
                    continue
                self._done = True
                break
            data = self._obj.unconsumed_tail
            if not piece and data:
                break  # no progress possible: wait for more input
        return bytes(out)


# ---------------------------------------------------------------------------
# Address policy (no requests to link-local, metadata, or untrusted private addresses)

_NEVER_NETWORKS = tuple(ipaddress.ip_network(n) for n in (
    "169.254.0.0/16",  # IPv4 link-local, cloud metadata (169.254.169.254)
    "fe80::/10",  # IPv6 link-local
    "fd00:ec2::254/128",  # AWS metadata over IPv6
    "100.100.100.200/32",  # Alibaba Cloud metadata
))
_EMBEDDING_NETWORKS = tuple(ipaddress.ip_network(n) for n in (
    "64:ff9b::/96",  # NAT64: the last 32 bits are an IPv4 address
    "::/96",  # IPv4-compatible (deprecated): the same
))
_PRIVATE_NETWORKS = tuple(ipaddress.ip_network(n) for n in (
    "100.64.0.0/10",  # carrier-grade NAT, used inside some clouds
    "0.0.0.0/8",  # "this network": 0.0.0.0 reaches the machine itself
))
_TRUSTED: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar("trusted_hosts", default=frozenset())


def address_class(address: str) -> str:
    """'never' (link-local, cloud metadata, multicast), 'private' (loopback, private, reserved) or 'public'."""
    try:
        ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "never"  # not an address at all: nothing to connect to
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is None and int(ip) > 1 and any(ip in net for net in _EMBEDDING_NETWORKS):
            mapped = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)  # 64:ff9b::a9fe:a9fe is 169.254.169.254
        if mapped is not None:
            ip = mapped
    if ip.is_link_local or ip.is_multicast or any(ip in net for net in _NEVER_NETWORKS):
        return "never"
    if ip.is_loopback or ip.is_private or ip.is_unspecified or ip.is_reserved \
            or any(ip in net for net in _PRIVATE_NETWORKS):
        return "private"
    return "public"


def _ip_literal(host: str) -> str | None:
    """The host itself when it is an IP address (brackets removed), else None."""
    host = host.strip("[]")
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None
    return host


async def system_resolver(host: str, port: int) -> list[str]:
    """The addresses a name resolves to, from the event loop's getaddrinfo (raises OSError on failure)."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class _AddressPolicy:
    """Resolves each host once per run and says whether its addresses may be fetched."""

    def __init__(self, resolver: Resolver | None, allow_private: bool) -> None:
        self.resolver = resolver
        self.allow_private = allow_private
        self._cache: dict[tuple[str, int], list[str]] = {}

    async def addresses(self, host: str, port: int) -> list[str]:
        """The checked addresses of a host (cached: the check and the connection use the same answer)."""
        literal = _ip_literal(host)
        if literal is not None:
            return [literal]
        key = (host.lower(), port)
        found = self._cache.get(key)
        if found is None:
            if self.resolver is None:
                return []  # no resolver (an injected transport): names are not checked
            found = [a for a in await self.resolver(host, port) if a]
            if not found:
                raise OSError(f"{host}: no address")
            self._cache[key] = found
        return found

    def verdict(self, host: str, addresses: Iterable[str], trusted: Iterable[str]) -> str | None:
        """Why the host must not be fetched at these addresses (None: it may be)."""
        host = host.lower().strip("[]")
        for address in addresses:
            kind = address_class(address)
            if kind == "never":
                return f"{host} is at {address} (link-local or metadata address)"
            if kind == "private" and not self.allow_private and host not in trusted:
                return f"{host} is at {address} (private address; not a configured source's host)"
        return None

    async def check(self, host: str, port: int) -> list[str]:
        """The host's addresses if the policy lets us connect to it; BlockedAddress otherwise."""
        addresses = await self.addresses(host, port)
        reason = self.verdict(host, addresses, _TRUSTED.get())
        if reason:
            raise BlockedAddress(reason)
        return addresses


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that connects only to the checked addresses of a host (so DNS rebinding
    between the check and the connection changes nothing)."""

    def __init__(self, policy: _AddressPolicy) -> None:
        self._policy = policy
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None, socket_options: Any = None) -> httpcore.AsyncNetworkStream:
        """Check the host's addresses, then connect to the first one that answers."""
        try:
            addresses = await self._policy.check(host, port)
        except OSError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        if not addresses:
            addresses = [host]
        error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(address, port, timeout=timeout, local_address=local_address,
                                                     socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None
        raise error

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Any = None) -> httpcore.AsyncNetworkStream:
        """Unix sockets are never used by the crawler."""
        raise BlockedAddress("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        """Delegate to anyio."""
        await self._inner.sleep(seconds)


# ---------------------------------------------------------------------------
# Per-host state


class _Host:
    """Politeness state of one host: slot semaphore, delay and next allowed start."""

    def __init__(self, per_host: int, delay: float, sleep: Sleep = asyncio.sleep) -> None:
        self.sleep = sleep
        self.sem = asyncio.Semaphore(per_host)
        self.delay = delay
        self.base = delay  # the delay to come back to after a slow-down (configured or Crawl-delay)
        self.next_start = 0.0
        self.hold_until = 0.0  # a slow-down lasts at least until then
        self.closed_until = 0.0  # the host asked (Retry-After) not to come back before then: URLs given up
        self.last_start = 0.0

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one of the host's slots, starting no sooner than its delay allows."""
        async with self.sem:
            loop = asyncio.get_running_loop()
            now = loop.time()
            start = max(now, self.next_start)
            self.last_start = start
            self.next_start = start + self.delay
            if start > now:
                await self.sleep(start - now)
            yield

    def defer(self, seconds: float) -> None:
        """Let no new request start for `seconds`."""
        now = asyncio.get_running_loop().time()
        self.next_start = max(self.next_start, now + seconds)

    def slow_down(self, delay: float, wait: float) -> None:
        """Raise the delay after a 429/503; it stays up for twice the wait before it may recover."""
        self.delay = max(self.delay, delay)
        self.hold_until = max(self.hold_until, asyncio.get_running_loop().time() + 2 * wait)

    def recover(self) -> None:
        """After a success once the hold is over, come back to the host's own pace."""
        if self.delay > self.base and asyncio.get_running_loop().time() >= self.hold_until:
            self.delay = self.base
            self.next_start = min(self.next_start, self.last_start + self.base)


class _CountedStream(httpx.AsyncByteStream):
    """A response body stream that tells its pool when it is closed (the connection is free again)."""

    def __init__(self, stream: httpx.AsyncByteStream, closed: Any) -> None:
        self._stream = stream
        self._closed = closed

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        finally:
            if self._closed is not None:
                self._closed, closed = None, self._closed
                closed()


class _HostPools(httpx.AsyncBaseTransport):
    """One small keep-alive connection pool per origin, behind one client.

    httpcore looks at every connection of its pool (a poll() system call for each idle one) whenever a
    request starts or ends, so one pool of hundreds of connections costs more CPU than the parsing of the
    pages. The per-host and global limits are the Fetcher's semaphores; this only bounds the sockets kept
    open: the pools of at most `keep` origins, least recently used first out, idle pools only.
    """

    def __init__(self, per_host: int, keep: int, backend: httpcore.AsyncNetworkBackend | None = None) -> None:
        self._limits = httpx.Limits(max_connections=per_host, max_keepalive_connections=per_host)
        self._backend = backend
        self._keep = keep
        self._pools: dict[tuple[bytes, str, int | None], httpx.AsyncHTTPTransport] = {}  # oldest use first
        self._busy: Counter[tuple[bytes, str, int | None]] = Counter()
        self._closing: set[asyncio.Task[None]] = set()
        self._ssl = httpx.create_ssl_context()  # one TLS context for every pool (loading the CA bundle is slow)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        key = (url.raw_scheme, url.host, url.port)
        pool = self._pools.pop(key, None)
        if pool is None:
            pool = self._new_pool()
        self._pools[key] = pool  # now the most recently used
        self._busy[key] += 1
        self._evict()
        try:
            response = await pool.handle_async_request(request)
        except BaseException:
            self._release(key)
            raise
        response.stream = _CountedStream(response.stream, lambda: self._release(key))  # type: ignore[arg-type]
        return response

    def _new_pool(self) -> httpx.AsyncHTTPTransport:
        """An httpx transport whose connections go through the address-checking backend."""
        transport = httpx.AsyncHTTPTransport(limits=self._limits, verify=self._ssl)
        if self._backend is not None:
            # httpx has no parameter for httpcore's network backend: the pool is made again with it.
            transport._pool = httpcore.AsyncConnectionPool(
                ssl_context=self._ssl, max_connections=self._limits.max_connections,
                max_keepalive_connections=self._limits.max_keepalive_connections,
                keepalive_expiry=self._limits.keepalive_expiry, network_backend=self._backend)
        return transport

    def _release(self, key: tuple[bytes, str, int | None]) -> None:
        self._busy[key] -= 1
        if self._busy[key] <= 0:
            del self._busy[key]

    def _evict(self) -> None:
        """Close the least recently used idle pools beyond `keep`."""
        excess = len(self._pools) - self._keep
        for key in list(self._pools):
            if excess <= 0:
                break
            if key not in self._busy:
                task = asyncio.ensure_future(self._pools.pop(key).aclose())
                self._closing.add(task)
                task.add_done_callback(self._closing.discard)
                excess -= 1

    async def aclose(self) -> None:
        pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            await pool.aclose()
        if self._closing:
            await asyncio.gather(*self._closing, return_exceptions=True)


@dataclass
class _Robots:
    """Cached robots.txt verdict of one origin."""

    parser: Protego | None  # None: allow everything (unless `deny`)
    status: str  # "ok", "missing", or the failure reason
    deny: str | None = None  # RFC 9309: robots.txt unavailable, every URL of the origin fails with this error


@dataclass
class _Attempt:
    """Outcome of one HTTP request."""

    url: str
    fetched_at: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    request_headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    truncated: bool = False
    error: str | None = None
    retryable: bool = False
    retry_after: float | None = None
    location: str | None = None


def _transport_reason(exc: BaseException) -> str:
    """Short reason for a transport-level failure."""
    if isinstance(exc, (TimeoutError, httpx.TimeoutException)):
        return "timeout"
    if isinstance(exc, httpx.ConnectError):
        return "connect_error"
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ConnectionResetError):
            return "connection_reset"
        cause = cause.__cause__ or cause.__context__
    if isinstance(exc, httpx.RemoteProtocolError):
        return "protocol_error"
    if isinstance(exc, httpx.ReadError):
        return "read_error"
    return "network_error"


class Fetcher:
    """Polite concurrent fetcher around one httpx.AsyncClient; use as `async with Fetcher(cfg)`."""

    def __init__(
        self,
        config: FetchConfig | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        resolver: Resolver | None = None,
        trusted_hosts: Iterable[str] | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        """`resolver` replaces getaddrinfo (tests); `trusted_hosts` are the configured sources' hosts, which may
        be on loopback or private addresses (None: the host of each URL given to `fetch`, not its redirects).
        `transport` (an `httpx.MockTransport` in tests) replaces the network, and `sleep` the waits between
        requests and before retries (tests record them instead of waiting)."""
        self.config = config or FetchConfig()
        self._sleep: Sleep = asyncio.sleep if sleep is None else sleep
        # With an injected transport and no resolver nothing touches the network: only IP literals are checked.
        self._policy = _AddressPolicy(resolver or (None if transport else system_resolver),
                                      self.config.allow_private_addresses)
        self._trusted = None if trusted_hosts is None else frozenset(h.lower().strip("[]") for h in trusted_hosts)
        self.stats = FetchStats()
        self.robots_status: dict[str, str] = {}  # origin -> ok / missing / failure reason
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._global: asyncio.Semaphore | None = None
        self._hosts: dict[str, _Host] = {}
        self._host_delays: dict[str, float] = {}
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}

    async def __aenter__(self) -> Fetcher:
        cfg = self.config
        self._client = httpx.AsyncClient(
            headers={
                "User-Agent": cfg.user_agent,
                "Accept": _ACCEPT,
                "Accept-Encoding": "gzip, deflate",
            },
            timeout=httpx.Timeout(cfg.timeout),
            follow_redirects=False,
            transport=self._transport or _HostPools(cfg.per_host, keep=max(cfg.concurrency, 32),
                                                    backend=_GuardedBackend(self._policy)),
        )
        self._global = asyncio.Semaphore(cfg.concurrency)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._client is not None:
            await self._client.aclose()
        self._client = None

    # -- public API ---------------------------------------------------------

    def set_host_delay(self, host_or_url: str, delay: float) -> None:
        """Use at least `delay` seconds between requests to this host (e.g. a Source.delay)."""
        host = httpx.URL(host_or_url).host if "://" in host_or_url else host_or_url
        host = host.lower()
        self._host_delays[host] = delay
        if host in self._hosts:
            state = self._hosts[host]
            state.base = max(state.base, delay)
            state.delay = max(state.delay, delay)

    def host_delay(self, host_or_url: str) -> float:
        """Current minimum delay between requests to this host (after Crawl-delay and slow-downs)."""
        host = (httpx.URL(host_or_url).host if "://" in host_or_url else host_or_url).lower()
        state = self._hosts.get(host)
        return state.delay if state else max(self.config.delay, self._host_delays.get(host, 0.0))

    async def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """Fetch one URL politely; failures come back as `Fetched.error`, never raised."""
        if self._client is None:
            raise FetcherClosed("use Fetcher inside 'async with'")
        trusted = self._trusted
        if trusted is None:
            try:
                trusted = frozenset({httpx.URL(url).host.lower()})
            except Exception:
                trusted = frozenset()
        token = _TRUSTED.set(trusted)  # read again when a connection is made (robots.txt, redirects)
        try:
            result = await self._fetch(url, etag, last_modified)
        except (asyncio.CancelledError, FetcherClosed):
            raise
        except Exception as exc:  # a bug or an odd URL must not end the run
            log.exception("unexpected error fetching %s", url)
            result = Fetched(url=url, final_url=url, status=None, fetched_at=utc_now(),
                             error=f"internal:{type(exc).__name__}")
        finally:
            _TRUSTED.reset(token)
        self._count(result)
        return result

    async def fetch_many(self, items: Iterable[FetchItem]) -> AsyncGenerator[Fetched, None]:
        """Fetch URLs (or (url, etag, last_modified) tuples), yielding results as they complete."""
        queue = self._interleave(items)
        window = self.config.concurrency * 8
        pending: set[asyncio.Task[Fetched]] = set()
        try:
            while queue or pending:
                while queue and len(pending) < window:
                    url, etag, last_modified = queue.pop()
                    pending.add(asyncio.create_task(self.fetch(url, etag=etag, last_modified=last_modified)))
                done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    yield task.result()
        finally:
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.gather(*pending, return_exceptions=True)

    # -- internals ----------------------------------------------------------

    @staticmethod
    def _normalise_item(item: FetchItem) -> tuple[str, str | None, str | None]:
        if isinstance(item, str):
            return item, None, None
        url, etag, last_modified = (tuple(item) + (None, None))[:3]
        return str(url), etag, last_modified

    def _interleave(self, items: Iterable[FetchItem]) -> list[tuple[str, str | None, str | None]]:
        """Round-robin the items by host (so one slow host does not fill the window), reversed for pop()."""
        by_host: dict[str, list[tuple[str, str | None, str | None]]] = {}
        for item in items:
            norm = self._normalise_item(item)
            try:
                host = httpx.URL(norm[0]).host.lower()
            except Exception:
                host = ""
            by_host.setdefault(host, []).append(norm)
        ordered: list[tuple[str, str | None, str | None]] = []
        lists = [iter(v) for v in by_host.values()]
        while lists:
            alive = []
            for it in lists:
                nxt = next(it, None)
                if nxt is not None:
                    ordered.append(nxt)
                    alive.append(it)
            lists = alive
        ordered.reverse()
        return ordered

    def _count(self, result: Fetched) -> None:
        if result.error:
            key = result.error.split(":", 1)[0] if result.error.startswith("content_type:") else result.error
            self.stats.failures[key] += 1
            if result.error == "robots":
                self.stats.robots_skipped += 1
        elif result.status == 304:
            self.stats.not_modified += 1
        elif result.ok:
            self.stats.ok += 1
        self.stats.bytes += len(result.body)

    def _host(self, url: httpx.URL) -> _Host:
        key = url.host.lower()
        host = self._hosts.get(key)
        if host is None:
            delay = max(self.config.delay, self._host_delays.get(key, 0.0))
            host = self._hosts[key] = _Host(self.config.per_host, delay, self._sleep)
        return host

    async def _fetch(self, url: str, etag: str | None, last_modified: str | None) -> Fetched:
        cfg = self.config
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        hops = 0
        while True:
            try:
                parsed = httpx.URL(current)
            except Exception:
                return Fetched(url=url, final_url=current, status=None, fetched_at=utc_now(),
                               error="invalid_url")
            if parsed.scheme not in ("http", "https") or not parsed.host:
                return Fetched(url=url, final_url=current, status=None, fetched_at=utc_now(),
                               error="invalid_url")
            try:
                await self._policy.check(parsed.host, parsed.port or (443 if parsed.scheme == "https" else 80))
            except BlockedAddress as exc:
                log.warning("not fetching %s: %s", current, exc)
                return Fetched(url=url, final_url=current, status=None, fetched_at=utc_now(),
                               error="blocked_address")
            except OSError:
                pass  # not resolvable now: the connection attempt reports it (and is retried)
            refusal = await self._allowed(parsed) if cfg.respect_robots else None
            if refusal:
                log.info("robots.txt disallows %s (%s)", current, refusal)
                return Fetched(url=url, final_url=current, status=None, fetched_at=utc_now(), error=refusal)
            attempt = await self._with_retries(parsed, headers)
            if attempt.status in _REDIRECT_STATUSES and attempt.location and attempt.error is None:
                hops += 1
                if hops > cfg.max_redirects:
                    return self._to_fetched(url, attempt, error="too_many_redirects", etag=etag,
                                            last_modified=last_modified)
                current = attempt.location
                continue
            return self._to_fetched(url, attempt, error=attempt.error, etag=etag, last_modified=last_modified)

    def _to_fetched(self, url: str, a: _Attempt, *, error: str | None, etag: str | None,
                    last_modified: str | None) -> Fetched:
        ctype = a.headers.get("content-type")
        result = Fetched(
            url=url,
            final_url=a.url,
            status=a.status,
            fetched_at=a.fetched_at,
            headers=a.headers,
            request_headers=a.request_headers,
            body=a.body,
            content_type=media_type(ctype),
            error=error,
            truncated=a.truncated,
        )
        if a.status is None:
            return result
        result.etag = a.headers.get("etag") or (etag if a.status == 304 else None)
        result.last_modified = a.headers.get("last-modified") or (last_modified if a.status == 304 else None)
        result.sha256 = hashlib.sha256(a.body).hexdigest()
        if a.body:
            result.encoding = detect_encoding(a.body, ctype)
        if error is None and a.status >= 400:
            result.error = f"http_{a.status}"
        elif error is None and 300 <= a.status < 400 and a.status != 304:
            result.error = "redirect_without_location"
        return result

    def _backoff(self, attempt: int) -> float:
        cfg = self.config
        base = min(cfg.backoff_max, cfg.backoff_base * (2 ** attempt))
        return base * (0.5 + random.random() / 2)

    async def _with_retries(self, url: httpx.URL, headers: dict[str, str]) -> _Attempt:
        cfg = self.config
        host = self._host(url)
        attempt = 0
        while True:
            result = await self._attempt(url, headers, host, cfg.allowed_types, cfg.max_bytes)
            if result.retry_after is not None and result.retry_after > cfg.max_retry_after:
                # Asked to come back later than we wait: give the URL (and the host's others) up for this run,
                # without holding the host's pace any longer. The next run tries again.
                log.warning("%s asks to wait %.0fs (Retry-After), more than %.0fs: giving up its URLs this run",
                            url.host, result.retry_after, cfg.max_retry_after)
                host.closed_until = asyncio.get_running_loop().time() + result.retry_after
                result.error, result.retryable = "retry_after_too_long", False
                return result
            if result.status is not None and result.status < 400:
                host.recover()  # the host answers again: a slow-down wears off step by step
            if not result.retryable or attempt >= cfg.retries:
                return result
            wait = self._backoff(attempt)
            if result.retry_after is not None:
                wait = min(result.retry_after, cfg.backoff_max)
            if result.status in (429, 503):
                slower = min(cfg.backoff_max, max(host.delay * 2, wait, cfg.delay))
                if slower > host.delay:
                    log.info("slowing down %s: delay %.1fs -> %.1fs", url.host, host.delay, slower)
                host.slow_down(slower, wait)
            host.defer(wait)
            attempt += 1
            self.stats.retries += 1
            log.debug("retry %d of %s in %.2fs (%s)", attempt, url, wait, result.error or result.status)
            await self._sleep(wait)

    async def _attempt(self, url: httpx.URL, headers: dict[str, str], host: _Host,
                       allowed_types: frozenset[str] | None, max_bytes: int) -> _Attempt:
        """One request under the host and global limits, with the whole-request timeout."""
        assert self._client is not None and self._global is not None
        async with host.slot(), self._global:
            result = _Attempt(url=str(url), fetched_at=utc_now())
            if host.closed_until > asyncio.get_running_loop().time():
                result.error = "retry_after_too_long"  # the host asked us to stay away longer than we wait
                return result
            try:
                async with asyncio.timeout(self.config.timeout):
                    await self._request(url, headers, result, allowed_types, max_bytes)
            except BlockedAddress as exc:  # the connect-time check (a redirect of robots.txt, a rebound name)
                log.warning("not fetching %s: %s", url, exc)
                result.error, result.retryable = "blocked_address", False
                result.status, result.headers, result.body, result.truncated = None, {}, b"", False
            except (TimeoutError, httpx.TransportError) as exc:
                if isinstance(exc, (httpx.UnsupportedProtocol, httpx.LocalProtocolError)):
                    result.error, result.retryable = "invalid_url", False
                else:
                    result.error, result.retryable = _transport_reason(exc), True
                # A body cut short is not a response we can keep.
                result.status, result.headers, result.body, result.truncated = None, {}, b"", False
            return result

    async def _request(self, url: httpx.URL, headers: dict[str, str], result: _Attempt,
                       allowed_types: frozenset[str] | None, max_bytes: int) -> None:
        assert self._client is not None
        self.stats.requests += 1
        async with self._client.stream("GET", url, headers=headers) as resp:
            result.status = status = resp.status_code
            result.headers = {k.lower(): v for k, v in resp.headers.items()}
            result.request_headers = {k.lower(): v for k, v in resp.request.headers.items()}
            if status in _REDIRECT_STATUSES:
                location = resp.headers.get("location")
                if location:
                    try:
                        result.location = str(resp.url.join(location.strip()))
                    except Exception:
                        result.error = "bad_redirect"
                return
            if status == 429 or status >= 500:
                result.retryable = True
                result.error = f"http_{status}"
                result.retry_after = parse_retry_after(resp.headers.get("retry-after"))
                return
            if status == 304 or status >= 300 or status < 200:
                return  # no body wanted for 304 or client errors
            mtype = media_type(resp.headers.get("content-type"))
            if allowed_types is not None and mtype is not None and mtype not in allowed_types:
                result.error = f"content_type:{mtype}"
                return
            try:
                decoder = _BodyDecoder(resp.headers.get("content-encoding"))
            except _DecodeFailed as exc:
                result.error = str(exc)
                return
            body = bytearray()
            try:
                async for chunk in resp.aiter_raw():
                    body += decoder.feed(chunk, max_bytes + 1 - len(body))
                    if len(body) > max_bytes:
                        result.truncated = True
                        result.error = "too_large"
                        del body[max_bytes:]
                        break
            except _DecodeFailed as exc:
                result.error = str(exc)
            result.body = bytes(body)

    async def _allowed(self, url: httpx.URL) -> str | None:
        """None if robots.txt of the URL's origin lets us fetch it (loaded once per origin), else the error."""
        origin = f"{url.scheme}://{url.netloc.decode('ascii')}".lower()
        robots = self._robots.get(origin)
        if robots is None:
            lock = self._robots_locks.setdefault(origin, asyncio.Lock())
            async with lock:
                robots = self._robots.get(origin)
                if robots is None:
                    robots = self._robots[origin] = await self._load_robots(origin, url)
                    self.robots_status[origin] = robots.status
        if robots.deny:
            return robots.deny
        if robots.parser is None:
            return None
        try:
            allowed = bool(robots.parser.can_fetch(str(url), self.config.robots_agent))
        except Exception:
            allowed = True
        return None if allowed else "robots"

    async def _load_robots(self, origin: str, url: httpx.URL) -> _Robots:
        """Fetch and parse robots.txt (RFC 9309): 4xx allows all; 5xx, 429 or unreachable disallows all this run."""
        cfg = self.config
        target = httpx.URL(origin + "/robots.txt")
        attempt: _Attempt | None = None
        for _ in range(cfg.max_redirects + 1):
            attempt = await self._attempt(target, {}, self._host(target), None, _ROBOTS_MAX_BYTES)
            if attempt.status in _REDIRECT_STATUSES and attempt.location:
                target = httpx.URL(attempt.location)
                continue
            break
        assert attempt is not None
        if attempt.status is not None and 200 <= attempt.status < 300:
            try:
                parser = Protego.parse(attempt.body.decode("utf-8", errors="replace"))
            except Exception:
                log.warning("unparsable robots.txt at %s: allowing all", origin)
                return _Robots(None, "unparsable")
            delay = parser.crawl_delay(cfg.robots_agent)
            if delay:
                host = self._host(url)
                wanted = min(float(delay), cfg.max_crawl_delay)
                if wanted > host.delay:
                    log.info("%s: Crawl-delay %.1fs", origin, wanted)
                    host.delay = wanted
                host.base = max(host.base, wanted)
            return _Robots(parser, "ok")
        if attempt.status is not None and 400 <= attempt.status < 500 and attempt.status != 429:
            return _Robots(None, "missing")
        reason = attempt.error or f"http_{attempt.status}"
        self.stats.robots_unavailable += 1
        # An answer (5xx, 429): the site is there but its rules are unknown. No answer: the site is unreachable,
        # and its pages fail for that same reason (connect_error, timeout, blocked_address).
        deny = "robots_unavailable" if attempt.status is not None else (attempt.error or "network_error")
        log.warning("robots.txt of %s unavailable (%s): nothing fetched from that site this run (RFC 9309)",
                    origin, reason)
        return _Robots(None, reason, deny)


async def _fetch_all_async(items: list[FetchItem], config: FetchConfig | None) -> list[Fetched]:
    async with Fetcher(config) as fetcher:
        results: list[Fetched | None] = [None] * len(items)

        async def one(i: int, item: FetchItem) -> None:
            url, etag, lm = Fetcher._normalise_item(item)
            results[i] = await fetcher.fetch(url, etag=etag, last_modified=lm)

        await asyncio.gather(*(one(i, item) for i, item in enumerate(items)))
    return [r for r in results if r is not None]


def fetch_all(urls_or_items: Iterable[FetchItem], config: FetchConfig | None = None) -> list[Fetched]:
    """Fetch everything synchronously (asyncio.run); results in input order."""
    return asyncio.run(_fetch_all_async(list(urls_or_items), config))


# -- remote files, streamed (backfill reads web archives this way) ------------


class RemoteFileError(FetchError):
    """A remote file cannot be opened or read to its end (the message is a short reason and the location)."""


@dataclass
class RemoteFile:
    """An open remote file: a binary stream read from start to end, with what the server said about it."""

    stream: IO[bytes]
    size: int | None = None  # bytes, when the server said
    etag: str | None = None


class _HttpStream(io.RawIOBase):
    """A remote file read front to back over one streamed GET, resumed with a Range request if the connection drops.

    Nothing is held but the chunk being read: the file is never downloaded whole first. `tell` gives the
    position (FastWARC asks for it); there is no seeking.
    """

    def __init__(self, url: str, config: FetchConfig, resumes: int = 3) -> None:
        super().__init__()
        self.url, self.resumes = url, resumes
        transport = httpx.HTTPTransport()
        # httpx has no parameter for httpcore's network backend: the pool is made again with one that connects
        # only to the addresses it checked (link-local and metadata addresses never; no DNS rebinding between)
        transport._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(),
                                                  network_backend=_GuardedSyncBackend())
        self.client = httpx.Client(timeout=httpx.Timeout(config.timeout), follow_redirects=True,
                                   headers={"User-Agent": config.user_agent}, transport=transport)
        self.position = 0
        self.size: int | None = None
        self.etag: str | None = None
        self.ranges = False
        self._response: httpx.Response | None = None
        self._chunks: Iterator[bytes] = iter(())
        self._view = memoryview(b"")
        self._open()

    def _open(self) -> None:
        headers = {"Range": f"bytes={self.position}-"} if self.position else {}
        if self.position and self.etag:
            headers["If-Range"] = self.etag  # a file replaced meanwhile comes whole (200), not spliced
        try:
            response = self.client.send(self.client.build_request("GET", self.url, headers=headers), stream=True)
        except httpx.HTTPError as exc:
            raise RemoteFileError(f"{_transport_reason(exc)}: {self.url}") from None
        expected = 206 if self.position else 200
        if response.status_code != expected:
            response.close()
            raise RemoteFileError(f"http_{response.status_code}: {self.url}")
        if not self.position:
            length = response.headers.get("content-length")
            self.size = int(length) if length and length.isdigit() else None
            self.etag = response.headers.get("etag")
            self.ranges = response.headers.get("accept-ranges", "").lower() == "bytes"
        self._response = response
        self._chunks = response.iter_raw()  # as the bytes arrive (a chunk size would wait to fill it)

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def readinto(self, buffer: Any) -> int:
        while not self._view:
            try:
                self._view = memoryview(next(self._chunks))
            except StopIteration:
                if self.size is None or self.position >= self.size:
                    return 0
                self._resume("the connection closed early")
            except httpx.HTTPError as exc:
                self._resume(_transport_reason(exc))
        count = min(len(buffer), len(self._view))
        buffer[:count] = self._view[:count]
        self._view = self._view[count:]
        self.position += count
        return count

    def _resume(self, reason: str) -> None:
        """Go on from the current position with a Range request, or fail naming the reason."""
        if self._response is not None:
            self._response.close()
        if not self.ranges or self.resumes <= 0:
            raise RemoteFileError(f"{reason} at byte {self.position}: {self.url}")
        self.resumes -= 1
        log.warning("%s: %s at byte %d; resuming", self.url, reason, self.position)
        self._open()

    def close(self) -> None:
        if self._response is not None:
            self._response.close()
        self.client.close()
        super().close()


class _GuardedSyncBackend(httpcore.NetworkBackend):
    """Connects a remote file's requests (and each redirect) only to addresses it checked: never link-local or
    cloud metadata addresses (loopback and private networks are the user's own choice here)."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Any = None) -> httpcore.NetworkStream:
        """Resolve, refuse the never-fetched addresses, then connect to the first checked address that answers."""
        try:
            addresses = list(dict.fromkeys(str(info[4][0]) for info in socket.getaddrinfo(host, port)))
        except OSError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        for address in addresses:
            if address_class(address) == "never":
                raise RemoteFileError(f"blocked: {host} is at {address} (link-local or metadata address)")
        error: Exception | None = None
        for address in addresses:
            try:
                return self._inner.connect_tcp(address, port, timeout=timeout, local_address=local_address,
                                               socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error or httpcore.ConnectError(f"no address for {host}")

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Any = None) -> httpcore.NetworkStream:
        """Unix sockets are never used."""
        raise RemoteFileError("unix sockets are not read")

    def sleep(self, seconds: float) -> None:
        """Delegate."""
        self._inner.sleep(seconds)


# Where a remote WARC file or listing may be read from: web addresses and object stores (fsspec), and
# memory:// (fsspec's in-process store, for tests). No file://, no chained protocols ("simplecache::...").
REMOTE_SCHEMES = frozenset({"http", "https", "s3", "s3a", "gs", "gcs", "az", "abfs", "abfss", "memory"})


def is_remote(location: str) -> bool:
    """Whether a location is a URL of a protocol we read remote files with, rather than a local path."""
    scheme = location.split("://", 1)[0].lower() if "://" in location else ""
    return scheme in REMOTE_SCHEMES


def remote_glob(pattern: str) -> list[str]:
    """The files an object-store glob names (s3://bucket/CC-NEWS/2025/10/*.warc.gz), sorted, through fsspec.

    http(s) has no listing to glob: RemoteFileError."""
    scheme = pattern.split("://", 1)[0].lower()
    if not is_remote(pattern) or scheme in ("http", "https"):
        raise RemoteFileError(f"cannot list {scheme}:// locations: {pattern}")
    try:
        import fsspec

        fs, path = fsspec.core.url_to_fs(pattern)
        found = fs.glob(path)
    except ImportError as exc:
        raise RemoteFileError(f"cannot list {scheme}:// ({exc.name or exc} is not installed): {pattern}") from None
    except (OSError, ValueError) as exc:
        raise RemoteFileError(f"{type(exc).__name__}: {pattern}: {exc}") from None
    return sorted(fs.unstrip_protocol(p) for p in found)


def open_stream(location: str, config: FetchConfig | None = None) -> RemoteFile:
    """Open a remote file for reading from start to end: http(s) streamed with httpx (our User-Agent),
    other protocols (s3://, gs://...) through fsspec (which needs that protocol's package, e.g. s3fs)."""
    config = config or FetchConfig()
    scheme = location.split("://", 1)[0].lower()
    if not is_remote(location):
        raise RemoteFileError(f"not a remote location we read ({', '.join(sorted(REMOTE_SCHEMES))}): {location}")
    if scheme in ("http", "https"):
        stream = _HttpStream(location, config)
        return RemoteFile(stream=cast(IO[bytes], stream), size=stream.size, etag=stream.etag)
    try:
        import fsspec

        opened = fsspec.open(location, "rb")
        info = opened.fs.info(opened.path)
        handle = opened.open()
    except ImportError as exc:
        raise RemoteFileError(f"cannot read {scheme}:// ({exc.name or exc} is not installed): {location}") from None
    except (OSError, ValueError) as exc:
        raise RemoteFileError(f"{type(exc).__name__}: {location}: {exc}") from None
    etag = info.get("ETag") or info.get("etag")
    return RemoteFile(stream=handle, size=info.get("size"), etag=str(etag).strip('"') if etag else None)
