"""Discovery: read the sources file and find article URLs in feeds, sitemaps and listing pages."""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from .dates import struct_time_iso, to_utc_iso
from .errors import SourcesError
from .models import Link, Source, SourceKind

MAX_SOURCE_DELAY = 3600.0  # seconds, as for [settings] delay
KINDS = tuple(SourceKind)

DEFAULT_KEYWORDS = [
    "ai", "artificial intelligence", "data center", "data centre", "datacenter", "gpu", "gpus",
    "chip", "chips", "semiconductor", "cloud", "compute", "nvidia", "amd", "tpu", "trainium",
    "graviton", "gigawatt", "hyperscale", "supercomputer", "openai", "anthropic", "xai",
    "coreweave", "oracle", "microsoft", "amazon", "aws", "google", "meta", "deal", "invest",
]


@dataclass
class SourcesConfig:
    """What the sources file declares: the sources and the discovery defaults."""

    sources: list[Source] = field(default_factory=list)
    keywords: list[str] = field(default_factory=lambda: list(DEFAULT_KEYWORDS))
    path: str | None = None


def load_sources(path: str | Path) -> SourcesConfig:
    """Read and validate a sources TOML file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourcesError(f"{path}: file not found") from None
    except OSError as exc:
        raise SourcesError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourcesError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{path}: invalid TOML: {exc}") from None
    return parse_sources(data, str(path), _KeyLines(text))


class _KeyLines:
    """Line numbers of the tables and keys of a TOML text, so errors can point at them."""

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\"' -]+?)\s*\]\]?\s*(#.*)?$")
    _KEY = re.compile(r"^\s*([A-Za-z0-9_-]+|\"[^\"]*\")\s*=")

    def __init__(self, text: str = "") -> None:
        self.tables: dict[tuple[str, int], int] = {}  # (table name, array index) -> line
        self.keys: dict[tuple[str, int, str], int] = {}  # (table name, array index, key) -> line
        counts: dict[str, int] = {}
        table, index = "", 0
        depth = 0  # inside a multi-line array or string value: no keys there
        for number, line in enumerate(text.splitlines(), 1):
            if depth:
                depth = max(0, depth + line.count("[") - line.count("]"))
                continue
            header = self._HEADER.match(line)
            if header:
                table = header.group(2).strip().strip("\"'")
                if header.group(1) == "[[":
                    index = counts.get(table, 0)
                    counts[table] = index + 1
                else:
                    index = 0
                self.tables[(table, index)] = number
                continue
            key = self._KEY.match(line)
            if key:
                self.keys.setdefault((table, index, key.group(1).strip('"')), number)
                value = line.split("=", 1)[1].split("#", 1)[0]
                depth = max(0, value.count("[") - value.count("]"))

    def table(self, name: str, index: int = 0) -> str:
        """' (line N)' for a table, or nothing when unknown."""
        line = self.tables.get((name, index))
        return f" (line {line})" if line else ""

    def key(self, name: str, index: int, key: str) -> str:
        """' (line N)' for a key of a table, falling back to the table's line."""
        line = self.keys.get((name, index, key))
        return f" (line {line})" if line else self.table(name, index)


SOURCE_KEYS = ("name", "url", "kind", "selector", "keywords", "topical", "delay", "enabled")
TOP_LEVEL = ("defaults", "source", "settings")


def parse_sources(data: dict, path: str = "<sources>", lines: _KeyLines | None = None) -> SourcesConfig:
    """Validate the parsed TOML of a sources file into a SourcesConfig; errors name the file, line and key."""
    lines = lines or _KeyLines()
    config = SourcesConfig(path=path)
    unknown_tables = sorted(set(data) - set(TOP_LEVEL))
    if unknown_tables:
        first = unknown_tables[0]
        raise SourcesError(f"{path}{lines.key('', 0, first) or lines.table(first)}: unknown key '{first}' "
                           f"(known: {', '.join(TOP_LEVEL)})")
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise SourcesError(f"{path}{lines.key('', 0, 'defaults')}: [defaults] must be a table")
    for key in defaults:
        if key != "keywords":
            raise SourcesError(f"{path}{lines.key('defaults', 0, key)}: defaults.{key}: unknown key (known: keywords)")
    if "keywords" in defaults:
        config.keywords = _string_list(defaults["keywords"],
                                       f"{path}{lines.key('defaults', 0, 'keywords')}: defaults.keywords")
    entries = data.get("source", [])
    if not isinstance(entries, list):
        raise SourcesError(f"{path}{lines.key('', 0, 'source')}: 'source' must be an array of tables ([[source]])")
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        def where(key: str | None = None, label: str = f"source #{i + 1}", i: int = i) -> str:
            line = lines.key("source", i, key) if key else lines.table("source", i)
            return f"{path}{line}: {label}" + (f": {key}" if key else "")

        if not isinstance(entry, dict):
            raise SourcesError(f"{where()}: must be a table")
        unknown = sorted(set(entry) - set(SOURCE_KEYS))
        if unknown:
            raise SourcesError(f"{where(unknown[0])}: unknown key (known: {', '.join(SOURCE_KEYS)})")
        for key in ("name", "url"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise SourcesError(f"{where(key if key in entry else None)}"
                                   f"{'' if key in entry else ': ' + repr(key)} is required and must be a string")
        label = f"source '{entry['name']}'"
        if entry["name"] in seen:
            raise SourcesError(f"{where('name', label)}: duplicate name")
        seen.add(entry["name"])
        if urlsplit(entry["url"]).scheme not in ("http", "https") or not urlsplit(entry["url"]).netloc:
            raise SourcesError(f"{path}{lines.key('source', i, 'url')}: {label}: url must start with http:// or https://"
                               " and name a host")
        kind = entry.get("kind", "rss")
        if kind not in KINDS:
            raise SourcesError(f"{where('kind', label)}: '{kind}' is not one of {', '.join(KINDS)}")
        selector = entry.get("selector")
        if kind == "listing" and not (isinstance(selector, str) and selector.strip()):
            raise SourcesError(f"{where('selector' if 'selector' in entry else 'kind', label)}: "
                               "kind 'listing' needs a 'selector' (a CSS selector)")
        if selector is not None:
            _check_selector(selector, where("selector", label))
        delay = entry.get("delay")
        if delay is not None and (isinstance(delay, bool) or not isinstance(delay, (int, float))
                                  or not math.isfinite(delay) or not 0 <= delay <= MAX_SOURCE_DELAY):
            raise SourcesError(f"{where('delay', label)}: must be a finite number of seconds >= 0 and "
                               f"<= {MAX_SOURCE_DELAY:g}, got {delay!r}")
        for key in ("topical", "enabled"):
            if key in entry and not isinstance(entry[key], bool):
                raise SourcesError(f"{where(key, label)}: must be true or false")
        keywords = entry.get("keywords")
        config.sources.append(
            Source(
                name=entry["name"],
                url=entry["url"],
                kind=kind,
                selector=selector,
                keywords=_string_list(keywords, where("keywords", label)) if keywords is not None else None,
                topical=entry.get("topical", False),
                delay=float(delay) if delay is not None else None,
                enabled=entry.get("enabled", True),
            )
        )
    return config


def _check_selector(selector: object, where: str) -> None:
    """A listing selector must be a CSS selector that soupsieve can compile."""
    import soupsieve

    if not isinstance(selector, str) or not selector.strip():
        raise SourcesError(f"{where}: must be a CSS selector string")
    try:
        soupsieve.compile(selector)
    except Exception as exc:  # soupsieve raises SelectorSyntaxError (and ValueError for odd input)
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SourcesError(f"{where}: invalid CSS selector {selector!r} ({first})") from None


def _string_list(value: object, where: str) -> list[str]:
    """A list of strings, lower-cased; anything else is an error naming where it stands."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SourcesError(f"{where}: must be a list of strings")
    return [v.lower() for v in value]


def feed_source(url: str) -> Source:
    """An ad-hoc source for `--feed URL`: a feed with no topic prefilter."""
    return Source(name=urlsplit(url).netloc or url, url=url, kind=SourceKind.FEED, topical=True)


_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|mc_cid$|mc_eid$|ocid$|cmpid$|ref$|ref_src$|_ga$|guccounter$)")


def canonicalize_url(url: str, base: str | None = None) -> str:
    """Resolve a link and drop fragments and tracking parameters, so one page has one URL."""
    if base:
        url = urljoin(base, url.strip())
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    netloc = parts.netloc.lower()
    if (scheme == "http" and netloc.endswith(":80")) or (scheme == "https" and netloc.endswith(":443")):
        netloc = netloc.rsplit(":", 1)[0]
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def is_relevant_link(link: Link, source: Source, keywords: list[str]) -> bool:
    """The topic prefilter on title and summary, before an article is fetched."""
    if source.topical:
        return True
    words = source.keywords if source.keywords is not None else keywords
    if not words:
        return True
    haystack = f"{link.title or ''} {link.summary or ''}".lower()
    if not haystack.strip():
        return True  # nothing to judge by: fetch and let the relevance stage decide
    return any(re.search(r"\b" + re.escape(w) + r"\b", haystack) for w in words)


@dataclass
class Discovery:
    """What one fetched source document yields: article links, and child sitemaps to fetch next."""

    links: list[Link] = field(default_factory=list)
    children: list[str] = field(default_factory=list)


def discover(source: Source, body: bytes, base_url: str, since: str | None = None) -> Discovery:
    """Find article links (and child sitemaps) in a fetched feed, sitemap or listing page."""
    head = body[:2048].lstrip().lower()
    kind = source.kind
    if kind in ("sitemap", "news-sitemap") or (kind == "feed" and (b"<urlset" in head or b"<sitemapindex" in head)):
        return parse_sitemap(body, base_url, source.name, since)
    if kind == "listing":
        return Discovery(parse_listing(body, base_url, source.name, source.selector or "a"))
    return Discovery(parse_feed(body, base_url, source.name))


def parse_feed(body: bytes, base_url: str, source_name: str) -> list[Link]:
    """Links from an RSS, Atom or JSON Feed document, with each entry's date and summary."""
    import feedparser

    stripped = body.lstrip()
    if stripped.startswith(b"{"):
        return _parse_json_feed(stripped, base_url, source_name)
    parsed = feedparser.parse(body, response_headers={"content-location": base_url})
    if parsed.bozo and not parsed.entries:
        reason = getattr(parsed.get("bozo_exception"), "getMessage", lambda: None)() or str(parsed.get("bozo_exception"))
        raise SourcesError(f"malformed feed: {reason}")
    links: list[Link] = []
    for entry in parsed.entries:
        href = entry.get("link") or ""
        if not href:
            continue
        published = None
        for key in ("published_parsed", "updated_parsed"):
            stamp = entry.get(key)
            if stamp:
                published = struct_time_iso(stamp)
                break
        links.append(
            Link(
                url=canonicalize_url(href, base_url),
                source=source_name,
                title=_clean(entry.get("title")),
                summary=_clean(entry.get("summary")),
                published=published,
            )
        )
    return _dedupe(links)


def _parse_json_feed(body: bytes, base_url: str, source_name: str) -> list[Link]:
    import json

    try:
        doc = json.loads(body)
    except ValueError as exc:
        raise SourcesError(f"malformed JSON feed: {exc}") from None
    links = []
    for item in doc.get("items", []) if isinstance(doc, dict) else []:
        href = item.get("url") or item.get("external_url")
        if not isinstance(href, str):
            continue
        links.append(
            Link(
                url=canonicalize_url(href, base_url),
                source=source_name,
                title=_clean(item.get("title")),
                summary=_clean(item.get("summary") or item.get("content_text")),
                published=to_utc_iso(item.get("date_published")),
            )
        )
    return _dedupe(links)


def parse_sitemap(body: bytes, base_url: str, source_name: str, since: str | None = None) -> Discovery:
    """Links of a sitemap or news sitemap, or the child sitemaps of a sitemap index; entries older than `since` are skipped."""
    from lxml import etree

    try:
        root = etree.fromstring(body, parser=etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise SourcesError(f"malformed sitemap: {exc}") from None
    if root is None or not isinstance(root.tag, str):
        raise SourcesError("malformed sitemap: empty document")
    found = Discovery()
    for node in root.iter("{*}url", "{*}sitemap"):
        loc = node.findtext("{*}loc")
        if not loc or not loc.strip():
            continue
        date = node.findtext(".//{*}publication_date") or node.findtext("{*}lastmod")
        published = to_utc_iso(date)
        if since and published and published < since:
            continue
        url = canonicalize_url(loc, base_url)
        if etree.QName(node).localname == "sitemap":
            found.children.append(url)
        else:
            found.links.append(Link(url=url, source=source_name, title=_clean(node.findtext(".//{*}title")),
                                    published=published))
    if not found.links and not found.children and etree.QName(root).localname not in ("urlset", "sitemapindex"):
        raise SourcesError(f"not a sitemap: root element <{etree.QName(root).localname}>")
    found.links = _dedupe(found.links)
    return found


def parse_listing(body: bytes, base_url: str, source_name: str, selector: str) -> list[Link]:
    """Links from a listing page, picked with a CSS selector."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(body, "lxml")
    links = []
    for node in soup.select(selector):
        anchor = node if node.name == "a" else node.find("a")
        href = anchor.get("href") if anchor is not None else None
        if anchor is None or not href or not isinstance(href, str):
            continue
        links.append(
            Link(url=canonicalize_url(href, base_url), source=source_name, title=_clean(anchor.get_text(" ")))
        )
    return _dedupe(links)


def _dedupe(links: list[Link]) -> list[Link]:
    seen: set[str] = set()
    out = []
    for link in links:
        if link.url not in seen and urlsplit(link.url).scheme in ("http", "https"):
            seen.add(link.url)
            out.append(link)
    return out


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = re.sub(r"<[^>]+>", " ", value)
    text = re.sub(r"\s+", " ", text).strip()
    return text or None
