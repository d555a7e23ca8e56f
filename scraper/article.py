"""Article stage: a news page (HTML) or plain text -> `Article` with main text and metadata.

The HTML is parsed once with lxml. Metadata (JSON-LD, OpenGraph, meta tags, bylines) is
read from that tree; boilerplate that carries other stories' figures (related news,
read-next lists, sidebars, comments, newsletter and cookie boxes) is cut from it, with the
main content protected; and the same tree goes to trafilatura for the main text.
trafilatura and htmldate are fallbacks for what the page's metadata does not state.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from .dates import to_utc_iso, url_date
from .encoding import detect_encoding
from .models import EXTRACTOR_VERSION, Article

log = logging.getLogger(__name__)

ARTICLE_TYPES = {
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "blogposting", "liveblogposting",
    "techarticle", "backgroundnewsarticle", "opinionnewsarticle", "reviewnewsarticle", "report", "pressrelease",
    "scholarlyarticle", "socialmediaposting",
}
LISTING_TYPES = {"collectionpage", "itemlist", "searchresultspage", "profilepage"}
LISTING_PATH = re.compile(r"/(tags?|topics?|category|categories|section|author|authors|search|archive|page)(/|$)", re.I)

# Class/id tokens of blocks that list *other* stories (and so other deals' figures),
# or that are page furniture. Matched against whole tokens of class and id attributes.
BOILERPLATE_TOKENS = {
    "related", "relatedposts", "related_posts", "relatedarticles", "readnext", "readmore", "morestories",
    "recommended", "recommendations", "trending", "popular", "mostread", "mostpopular", "newsletter",
    "subscribe", "signup", "cookie", "cookies", "consent", "gdpr", "cmp", "comments", "comment", "commentlist",
    "respond", "disqus", "share", "sharing", "social", "sidebar", "breadcrumb", "breadcrumbs", "advert",
    "advertisement", "ad", "ads", "promo", "outbrain", "taboola", "teaser", "teasers", "headlines", "widget",
}
BOILERPLATE_PAIRS = {("read", "next"), ("read", "more"), ("more", "stories"), ("more", "news"), ("you", "like"),
                     ("latest", "news"), ("top", "stories"), ("most", "read"), ("next", "article"),
                     ("related", "news"), ("also", "read"), ("see", "also"), ("more", "from")}
BOILERPLATE_TAGS = {"aside", "nav", "footer", "form", "dialog", "amp-sidebar", "amp-ad", "amp-embed",
                    "amp-analytics", "amp-consent", "amp-user-notification", "amp-sticky-ad"}
BOILERPLATE_HEADINGS = re.compile(
    r"^\s*(related( news| articles| stories| posts| content| coverage| reading)?|read (more|next|also)"
    r"|more (stories|news|headlines|from [\w .]+)|you (may|might) also (like|be interested in)|recommended( for you)?"
    r"|most (read|popular|viewed)|popular( now| stories)?|latest( news| stories| headlines)?|headlines|trending( now)?"
    r"|see also|also read|next article|top stories|comments?( \(\d+\))?|\d+ comments?|post a comment"
    r"|leave a (reply|comment)|join the (conversation|discussion)|sign up for .{0,40}newsletter|newsletter"
    r"|weiterlesen|mehr zum thema|lire aussi|à lire aussi|leer más|lee también|tin liên quan)\s*[:.]?\s*$",
    re.I,
)
# "Related: <a>Other story</a>" / "READ MORE: ..." paragraphs inside the body.
INLINE_TEASER = re.compile(r"^\s*(related|read more|read next|read also|also read|see also|more|watch|listen)\s*[:|>»-]",
                           re.I)
PAYWALL_MARKERS = re.compile(
    r"subscribe to (continue|read|unlock)|to continue reading|for subscribers only|this (article|story) is (for|available to)"
    r" (subscribers|members)|already a subscriber|sign in to (read|continue)|become a member to read"
    r"|log in to (read|continue)|subscribe now to read|premium (content|article)|paywall",
    re.I,
)
PAYWALL_TOKENS = {"paywall", "paywalled", "regwall", "meteredcontent", "premiumcontent", "subscriberonly"}
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
HEADING_LIKE = {"h2", "h3", "h4", "h5", "h6", "div", "span", "p", "strong", "b", "header", "summary", "label"}
# Containers that can hold the main text; never boilerplate if they do.
CONTAINERS = {"article", "main", "div", "section", "td", "body", "form", "span", "font", "center"}

DATE_KEYS_PUBLISHED = (
    "article:published_time", "og:article:published_time", "datepublished", "article.published", "publishdate",
    "publish-date", "publish_date", "publication_date", "pubdate", "parsely-pub-date", "sailthru.date",
    "dc.date.issued", "dcterms.issued", "dcterms.created", "dc.date", "date", "og:published_time", "citation_date",
)
DATE_KEYS_MODIFIED = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified",
                      "og:article:modified_time")


def looks_like_html(data: str) -> bool:
    """Whether a document is HTML rather than plain text."""
    head = data[:2048].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")):
        return True
    return bool(re.search(r"<(html|head|body|article|p|div)[\s>]", data[:20000], re.I))


def article_from_text(
    text: str, *, url: str = "", title: str | None = None, published: str | None = None,
    outlet: str | None = None, fetched_at: str | None = None,
) -> Article:
    """An Article from plain text: the text is kept as it is, so offsets index the input."""
    if title is None:
        first = text.lstrip().split("\n", 1)[0].strip()
        if first and len(first) <= 200 and "\n" in text.strip():
            title = first
    return Article(
        url=url, text=text, title=title, published=to_utc_iso(published) or url_date(url), outlet=outlet or _host_outlet(url),
        fetched_at=to_utc_iso(fetched_at) or fetched_at, extractor_version=EXTRACTOR_VERSION,
    )


def extract_article(html: str | bytes, url: str = "", *, fetched_at: str | None = None,
                    published_hint: str | None = None) -> Article:
    """An Article from an HTML page: main text, title, author, dates, outlet, language, canonical URL."""
    fetched_at = to_utc_iso(fetched_at) or fetched_at
    tree = parse_html(html)
    if tree is None:
        return Article(url=url, text="", is_article=False, fetched_at=fetched_at, extractor_version=EXTRACTOR_VERSION)
    notes = _parse_limits()
    meta = read_metadata(tree, url)
    main, total = find_main_node(tree)
    paywalled = _paywall_markup(tree)
    remove_boilerplate(tree, main, total)
    text = main_text(tree, url)
    published = meta["published"] or _plausible_date(published_hint) or _fallback_date(tree)
    is_article = is_article_page(tree, meta, text, url)
    next_page = meta["next_page"] if is_article else None
    truncated = bool(meta["free"] is False or paywalled and len(text) < 1500
                     or len(text) < 1500 and PAYWALL_MARKERS.search(text))
    if next_page:
        # Only this page of a paginated article is here: its text is cut.
        log.debug("%s: paginated article, next page %s not followed", url, next_page)
        truncated = True
    return Article(
        url=url,
        text=text,
        title=meta["title"],
        canonical_url=meta["canonical"],
        outlet=meta["outlet"] or _host_outlet(url),
        author=meta["author"],
        published=published,
        modified=meta["modified"],
        fetched_at=fetched_at,
        language=meta["language"] or guess_language(text),
        is_article=is_article,
        truncated=truncated,
        next_page_url=next_page,
        extractor_version=EXTRACTOR_VERSION,
        notes=notes,
    )


# Comments and processing instructions removed at parse time, as trafilatura's own parser does:
# its scoring of text blocks gives different (worse) results on a tree that keeps them.
HTML_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)
DOCTYPE = re.compile(r"^\s*<!DOCTYPE[^>]*>", re.I)


def _parse_limits() -> list[str]:
    """What the last parse could not keep: libxml2 drops what is nested deeper than 256 elements."""
    for error in HTML_PARSER.error_log:
        if "Excessive depth" in error.message:
            log.warning("page nested deeper than 256 elements: the text below that depth is lost")
            return ["parse: elements nested deeper than 256 levels (libxml2's limit); the text below is lost"]
    return []


def parse_html(html: str | bytes) -> lxml.html.HtmlElement | None:
    """Parse a page once with lxml; None when there is nothing to parse."""
    if isinstance(html, bytes):
        html = html.decode(detect_encoding(html), errors="replace")
    html = html.replace("\x00", "")
    if not html.strip():
        return None
    # lxml refuses str input that carries an XML encoding declaration.
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html, count=1)
    # A doctype on the same line as <html> makes libxml2 drop part of some pages.
    html = DOCTYPE.sub("", html[:2048], count=1) + html[2048:]
    try:
        tree = lxml.html.document_fromstring(html, parser=HTML_PARSER)
    except (etree.ParserError, ValueError):
        return None
    return tree


# ---------------------------------------------------------------------------
# Metadata


def read_metadata(tree: lxml.html.HtmlElement, url: str = "") -> dict:
    """Title, dates, author, outlet, language, canonical URL and pagination from JSON-LD, meta tags and the page."""
    metas: dict[str, str] = {}
    for node in tree.iter("meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or node.get("http-equiv") or "")
        content = node.get("content")
        key = key.strip().lower()
        if key and content and content.strip() and key not in metas:
            metas[key] = content.strip()
    links: dict[str, str] = {}
    for node in tree.iter("link", "a"):
        rel = (node.get("rel") or "").strip().lower()
        href = (node.get("href") or "").strip()
        if rel and href and (node.tag == "link" or rel == "next") and rel not in links:
            links[rel] = href
    jsonld, listing_jsonld = _jsonld(tree)
    site = (_publisher(jsonld.get("publisher")) or metas.get("og:site_name") or metas.get("application-name")
            or metas.get("twitter:site", "").lstrip("@") or None)
    published = _first_date(jsonld.get("datePublished"), *(metas.get(k) for k in DATE_KEYS_PUBLISHED))
    if not published:
        published = _time_element(tree)
    modified = _first_date(jsonld.get("dateModified"), *(metas.get(k) for k in DATE_KEYS_MODIFIED))
    canonical = links.get("canonical") or metas.get("og:url")
    if canonical and url:
        canonical = urljoin(url, canonical)
    next_page = links.get("next")
    lang = (tree.get("lang") or tree.get("xml:lang") or metas.get("content-language") or metas.get("language")
            or metas.get("dc.language") or _text(jsonld.get("inLanguage")) or metas.get("og:locale"))
    free = jsonld.get("isAccessibleForFree")
    return {
        "jsonld": jsonld,
        "listing_jsonld": listing_jsonld,
        "og_type": (metas.get("og:type") or "").lower(),
        "title": _title(tree, jsonld, metas, site, url),
        "published": published,
        "modified": modified,
        "author": _author(tree, jsonld, metas, site),
        "outlet": site,
        "canonical": canonical,
        "next_page": urljoin(url, next_page) if next_page and url else next_page,
        "language": _language(lang),
        "free": False if free in (False, "False", "false") else None,
        "has_published_meta": bool(published),
    }


def _jsonld(tree: lxml.html.HtmlElement) -> tuple[dict, bool]:
    """The first article object of the page's JSON-LD, and whether the page declares itself a listing."""
    listing = False
    for node in tree.iter("script"):
        if (node.get("type") or "").strip().lower() != "application/ld+json" or not node.text:
            continue
        try:
            data = json.loads(node.text)
        except ValueError:
            try:  # stray control characters and trailing semicolons are common
                data = json.loads(re.sub(r"[\x00-\x1f]+", " ", node.text).strip().rstrip(";"))
            except ValueError:
                continue
        for item in _walk_jsonld(data):
            types = item.get("@type")
            types = {t.lower() for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)}
            if types & ARTICLE_TYPES:
                return item, listing
            if types & LISTING_TYPES:
                listing = True
    return {}, listing


def _walk_jsonld(data: object) -> Iterator[dict]:
    if isinstance(data, list):
        for item in data:
            yield from _walk_jsonld(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _walk_jsonld(data["@graph"])
        if isinstance(data.get("mainEntity"), (dict, list)):
            yield from _walk_jsonld(data["mainEntity"])


def _text(value: object) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, str) and value.strip():
        return re.sub(r"\s+", " ", value).strip()
    return None


def _plausible_date(value: object) -> str | None:
    """A date as UTC ISO 8601 when it is one a news page can carry (CMS placeholders such as 0001-01-01 are not)."""
    found = to_utc_iso(value if not isinstance(value, list) else (value[0] if value else None))
    if not found or not re.match(r"\d{4}-", found):
        return None
    year = int(found[:4])
    return found if 1990 <= year <= datetime.now(UTC).year + 1 else None


def _first_date(*values: object) -> str | None:
    for value in values:
        found = _plausible_date(value)
        if found:
            return found
    return None


def _time_element(tree: lxml.html.HtmlElement) -> str | None:
    """The datetime of a <time> marked as the publication date (itemprop or pubdate)."""
    for node in tree.iter("time"):
        if (node.get("itemprop") or "").lower() == "datepublished" or node.get("pubdate") is not None:
            found = _plausible_date(node.get("datetime") or node.get("content"))
            if found:
                return found
    return None


def _title(tree: lxml.html.HtmlElement, jsonld: dict, metas: dict[str, str], site: str | None,
           url: str) -> str | None:
    """The headline: JSON-LD, OpenGraph, then <h1> or <title> without the site name."""
    found = _text(jsonld.get("headline")) or _text(metas.get("og:title")) or _text(metas.get("twitter:title"))
    h1 = _h1(tree)
    title_node = tree.find(".//title")
    page_title = _text(title_node.text_content()) if title_node is not None else None
    if not found:
        if h1 and page_title and h1 in page_title:
            found = h1
        else:
            found = page_title or h1
    return _strip_site(found, site, url, h1) if found else None


TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:»·•/]{1,2}\s+|\s*[|｜：»]\s*|(?<=\S)-(?=[^\s-]+$)")


def _strip_site(title: str, site: str | None, url: str, h1: str | None) -> str:
    """A title without the ' | Site name' (or ' - Section - Site') suffix the page appends."""
    if h1 and h1 != title and title.startswith(h1) and len(h1) >= 0.4 * len(title):
        return h1
    names = {n.lower() for n in (site, _host_outlet(url)) if n}
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    if host:
        names.add(host.split(".")[0])
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    # Drop trailing parts while one of them names the site (the part itself, or a short segment after it).
    for cut in range(1, len(parts)):
        tail = [p.strip().lower() for p in parts[cut:]]
        if any(t and (t in names or any(n and (n in t or t in n) for n in names)) for t in tail):
            head = title[: _offset_of_part(title, parts, cut)].strip(" |-–—:»·•/｜：")
            if len(head) >= 10:
                return head
    return title


def _offset_of_part(title: str, parts: list[str], index: int) -> int:
    """Character offset in the title where the separator before parts[index] starts."""
    pos = 0
    for part in parts[:index]:
        pos = title.index(part, pos) + len(part)
    return pos


def _h1(tree: lxml.html.HtmlElement) -> str | None:
    for node in tree.iter("h1"):
        text = _text(node.text_content())
        if text and len(text) > 5:
            return text
    return None


NAME_SPLIT = re.compile(r"\s*(?:,|;|\||&|\band\b|\bund\b|\bet\b|\by\b|\be\b|/)\s*")
NOT_A_NAME = re.compile(r"\d|https?:|www\.|@|\b(staff|correspondent|reporter|editor|updated|published|min read)\b",
                        re.I)


def _author(tree: lxml.html.HtmlElement, jsonld: dict, metas: dict[str, str], site: str | None) -> str | None:
    """Bylined people: JSON-LD persons and meta author merged, else the page's byline; organisations dropped."""
    outlet_names = {n.lower() for n in (site, _publisher(jsonld.get("publisher"))) if n}
    copyright_line = (metas.get("copyright") or "").lower()
    names: list[str] = []
    for raw in _jsonld_people(jsonld.get("author")) + _split_names(metas.get("author"))\
            + _split_names(metas.get("article:author")) + _split_names(metas.get("parsely-author")):
        # A meta author that is the copyright holder is the company, not a byline.
        if not (copyright_line and raw.strip().lower() in copyright_line):
            _add_name(names, raw, outlet_names)
    if not names:
        for raw in _byline_names(tree):
            _add_name(names, raw, outlet_names)
    return ", ".join(names[:8]) or None


def _jsonld_people(value: object) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        if isinstance(item, dict):
            kind = item.get("@type")
            if isinstance(kind, str) and kind.lower() in ("organization", "newsmediaorganization"):
                continue
            names += _split_names(_text(item.get("name")))
        else:
            names += _split_names(_text(item))
    return names


def _split_names(value: str | None) -> list[str]:
    if not value:
        return []
    value = re.sub(r"^\s*(by|von|par|por|di|door)\s+", "", value.strip(), flags=re.I)
    return [n for n in NAME_SPLIT.split(value) if n and n.strip()]


def _add_name(names: list[str], raw: str, outlet_names: set[str]) -> None:
    name = re.sub(r"^\s*(by|von|par|por)\s+", "", raw.strip(" \t\n-–—|:,"), flags=re.I).strip()
    if not name or len(name) > 60 or NOT_A_NAME.search(name) or name.lower() in outlet_names:
        return
    if name.isupper() and len(name) <= 5:  # "CNN", "AP": the agency, not a person
        return
    if name.startswith(("http", "/")) or name.lower() in {n.lower() for n in names}:
        return
    names.append(name)


def _byline_names(tree: lxml.html.HtmlElement) -> list[str]:
    """Names from the first byline element (rel=author, itemprop=author, class byline/author)."""
    for node in tree.iter(etree.Element):
        if node.get("rel") == "author" or (node.get("itemprop") or "").lower() == "author":
            inner = node.find('.//*[@itemprop="name"]')
            text = (inner.get("content") or inner.text_content()) if inner is not None else node.text_content()
            if text and text.strip():
                return _split_names(text.split("|")[0])
        classes = _tokens(node.get("class") or "")
        if {"byline", "author-name", "byline-name", "article-author"} & set(classes) or "byline__name" in classes:
            text = " ".join(node.text_content().split())
            if 0 < len(text) < 120:
                return _split_names(text.split("|")[0])
    return []


def _publisher(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _language(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    code = value.strip().replace("_", "-").split("-")[0].split(",")[0].strip().lower()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


SCRIPTS: list[tuple[str, re.Pattern[str]]] = [
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("my", re.compile(r"[\u1000-\u109f]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
]
STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "that", "for", "with", "on", "was", "said"},
    "de": {"der", "die", "und", "das", "nicht", "ist", "mit", "den", "von", "auf", "sich", "ein"},
    "fr": {"le", "la", "les", "et", "des", "est", "une", "dans", "pour", "que", "qui", "du"},
    "es": {"el", "la", "los", "las", "y", "que", "en", "del", "por", "una", "con", "para"},
    "it": {"il", "di", "che", "e", "la", "per", "una", "del", "della", "sono", "non", "gli"},
    "pt": {"o", "a", "os", "que", "de", "do", "da", "em", "para", "com", "uma", "não"},
    "nl": {"de", "het", "een", "en", "van", "is", "dat", "op", "niet", "voor", "met", "zijn"},
}


def guess_language(text: str) -> str | None:
    """A language code from the script of the text, or from common words for Latin-script text."""
    sample = text[:3000]
    if not sample.strip():
        return None
    counts = {code: len(pattern.findall(sample)) for code, pattern in SCRIPTS}
    code, count = max(counts.items(), key=lambda kv: kv[1])
    if count >= 20:
        if code == "zh" and counts["ja"] >= 10:
            return "ja"
        return code
    words = re.findall(r"[a-zà-ÿ]+", sample.lower())
    if len(words) < 20:
        return None
    scores = {lang: sum(w in stop for w in words) for lang, stop in STOPWORDS.items()}
    best = max(scores, key=lambda key: scores[key])
    return best if scores[best] >= 0.08 * len(words) else None


def _host_outlet(url: str) -> str | None:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _fallback_date(tree: lxml.html.HtmlElement) -> str | None:
    """A publication date found in the page by htmldate, when neither metadata nor a hint states one."""
    try:
        from htmldate import find_date

        # No URL is given on purpose: a date the page states beats one guessed from its address.
        found = find_date(tree, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    except Exception:  # htmldate is a best-effort fallback; a failure there is just "no date"
        return None
    return _plausible_date(found) if found else None


def _paywall_markup(tree: lxml.html.HtmlElement) -> bool:
    """Whether the page marks up a paywall (class/id tokens such as paywall, regwall, premium)."""
    body = tree.find("body")
    if body is None:
        return False
    for node in body.iter(etree.Element):
        attrs = f"{node.get('class') or ''} {node.get('id') or ''}"
        if attrs.strip() and PAYWALL_TOKENS & set(_tokens(attrs)):
            return True
    return False


def is_article_page(tree: lxml.html.HtmlElement, meta: dict, text: str, url: str) -> bool:
    """Whether the page is one article rather than a tag, section or listing page."""
    og_type = meta["og_type"]
    strong = bool(meta["jsonld"]) or og_type == "article"
    if strong:
        return True
    listing = meta["listing_jsonld"] or og_type in ("website", "profile") and len(tree.findall(".//article")) >= 3
    if not listing and url and LISTING_PATH.search(urlsplit(url).path):
        listing = True
    if listing:
        return False
    if len(text) < 400:
        return False
    # Many short lines that are all links (headline lists) and little prose: a listing.
    paragraphs = [line for line in text.split("\n") if len(line) > 150]
    return bool(paragraphs)


# ---------------------------------------------------------------------------
# Boilerplate


def _tokens(value: str) -> list[str]:
    return [t for t in re.split(r"[\s_\-]+", value.lower()) if t]


SKIP_TEXT = {"script", "style", "noscript", "template"}


def find_main_node(tree: lxml.html.HtmlElement) -> tuple[lxml.html.HtmlElement | None, int]:
    """The element holding most of the page's prose (its <p> children or its own <br>-separated text), and the
    length of all visible text; the main node is protected from boilerplate removal."""
    body = tree.find("body")
    if body is None:
        return None, 0
    scores: dict[lxml.html.HtmlElement, int] = {}
    total = 0
    for node in body.iter(etree.Element):
        parent = node.getparent()
        tag = node.tag
        if tag in SKIP_TEXT:
            text_len = 0
        elif tag == "p":
            text_len = len((node.text_content() or "").strip())
            if text_len >= 40 and parent is not None:
                scores[parent] = scores.get(parent, 0) + text_len
        else:
            text_len = len((node.text or "").strip())
            if text_len >= 40:
                scores[node] = scores.get(node, 0) + text_len
        tail = len((node.tail or "").strip())
        if tail >= 40 and parent is not None and parent.tag != "p":
            scores[parent] = scores.get(parent, 0) + tail
        total += len((node.text or "").strip()) if tag not in SKIP_TEXT else 0
        total += tail
    if not scores:
        return None, total
    best = max(scores, key=lambda key: scores[key])
    return (best if scores[best] >= 400 else None), total


def _visible_len(node: lxml.html.HtmlElement) -> int:
    """Length of the text of a subtree, scripts and styles excluded."""
    size = 0
    for el in node.iter(etree.Element):
        if el.tag not in SKIP_TEXT:
            size += len((el.text or "").strip())
        if el is not node:
            size += len((el.tail or "").strip())
    return size


def _link_density(node: lxml.html.HtmlElement) -> float:
    total = len(" ".join(node.text_content().split()))
    if not total:
        return 1.0
    linked = sum(len(" ".join(a.text_content().split())) for a in node.iter("a"))
    return linked / total


def remove_boilerplate(tree: lxml.html.HtmlElement, main: lxml.html.HtmlElement | None = None,
                       total: int = 0) -> None:
    """Cut related-stories lists, read-next teasers, sidebars, comments, newsletter boxes and cookie banners."""
    protected: set[lxml.html.HtmlElement] = set()
    node = main
    while node is not None:
        protected.add(node)
        node = node.getparent()
    doomed: list[lxml.html.HtmlElement] = []
    headings: list[lxml.html.HtmlElement] = []
    body = tree.find("body")
    stack = list(reversed(body)) if body is not None else []
    while stack:
        node = stack.pop()
        if not isinstance(node.tag, str):
            continue
        if node not in protected and _is_boilerplate(node) and not (total and _visible_len(node) > 0.4 * total):
            doomed.append(node)
            continue  # its subtree goes with it
        if node.tag in HEADING_LIKE and len(node) <= 2 and node not in protected:
            label = node.text_content()
            if len(label) < 60 and BOILERPLATE_HEADINGS.match(label) and _heading_like(node):
                headings.append(node)
                continue
            if node.tag in ("p", "div", "li") and len(label) < 300 and INLINE_TEASER.match(label) \
                    and node.find(".//a") is not None and _link_density(node) > 0.5:
                doomed.append(node)
                continue
        stack.extend(reversed(node))
    for node in doomed:
        _drop(node)
    for node in headings:
        _drop_heading_block(node, protected)


def _is_boilerplate(node: lxml.html.HtmlElement) -> bool:
    """Whether an element is page furniture by its tag, class or id (the caller protects the main content)."""
    tag = node.tag
    if tag in BOILERPLATE_TAGS:
        return True
    if tag == "header" and node.getparent() is not None and node.getparent().tag == "body":
        return True
    attrs = f"{node.get('class') or ''} {node.get('id') or ''}"
    if not attrs.strip() or tag in ("html", "body", "main", "p", "a", "span", "img", "time"):
        return False
    tokens = _tokens(attrs)
    if not (any(t in BOILERPLATE_TOKENS for t in tokens)
            or any(a in tokens and b in tokens for a, b in BOILERPLATE_PAIRS)):
        return False
    # "article-share" is furniture, but "article-body has-sidebar" wraps the text: prose-rich nodes stay.
    return not _prose_rich(node)


def _prose_rich(node: lxml.html.HtmlElement) -> bool:
    """A node with several real paragraphs and little link text is prose, whatever its class says."""
    long_paragraphs = 0
    for p in node.iter("p"):
        if len(p.text_content()) > 150:
            long_paragraphs += 1
            if long_paragraphs >= 3:
                return _link_density(node) < 0.35
    return False


def _heading_like(node: lxml.html.HtmlElement) -> bool:
    """A label that heads a block, not a word inside a link or a sentence."""
    parent = node.getparent()
    while parent is not None and parent.tag not in ("body", "article", "main", "section"):
        if parent.tag == "a" or parent.tag == "button":
            return False
        parent = parent.getparent()
    return node.tag in HEADING_TAGS or not (node.tail or "").strip()


def _drop(node: lxml.html.HtmlElement) -> None:
    """Remove an element but keep the text that followed it."""
    parent = node.getparent()
    if parent is None:
        return
    node.drop_tree()


def _drop_heading_block(heading: lxml.html.HtmlElement, protected: set) -> None:
    """Drop a 'Related news' heading and the link lists that follow it in its container."""
    parent = heading.getparent()
    if parent is None or heading in protected:
        return
    # A heading alone in a wrapper (<div><h2>Related</h2></div>): act on the wrapper.
    while (parent is not None and parent not in protected and len(parent) == 1
           and not (parent.text or "").strip() and parent.tag not in ("body", "article", "main")):
        heading, parent = parent, parent.getparent()
    if parent is None:
        return
    siblings = list(parent)
    start = siblings.index(heading)
    victims = [heading]
    for node in siblings[start + 1:]:
        if node in protected or not isinstance(node.tag, str):
            break
        text = " ".join(node.text_content().split())
        # Teaser lists are mostly links; a real paragraph after the heading ends the block.
        if text and _link_density(node) < 0.5 and len(text) > 200:
            break
        if node.tag in HEADING_TAGS and not BOILERPLATE_HEADINGS.match(text):
            break
        victims.append(node)
    for node in victims:
        node.drop_tree()


# ---------------------------------------------------------------------------
# Main text


def main_text(tree: lxml.html.HtmlElement, url: str = "") -> str:
    """The article body as plain text (paragraphs separated by newlines), via trafilatura."""
    import trafilatura

    try:
        text = trafilatura.extract(
            tree, url=url or None, include_comments=False, include_tables=True, favor_precision=True,
            with_metadata=False, deduplicate=False,
        )
    except Exception:  # trafilatura failing on one odd page must not stop a run
        log.debug("trafilatura failed on %s", url, exc_info=True)
        text = None
    return text or ""
