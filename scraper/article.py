"""Article stage: a news page (HTML) or plain text -> `Article` with main text and metadata.

The HTML is parsed once with lxml; metadata (JSON-LD, OpenGraph, meta tags) is read
from that tree, boilerplate that carries other stories' figures is cut from it, and
the same tree goes to trafilatura for the main text.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from .dates import to_utc_iso
from .models import Article

ARTICLE_TYPES = {
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
    "techarticle", "backgroundnewsarticle", "opinionnewsarticle", "report", "pressrelease",
}

# Class/id tokens of blocks that list *other* stories (and so other deals' figures),
# or that are page furniture. Matched against the tokens of class and id attributes.
BOILERPLATE_TOKENS = {
    "related", "relatedposts", "related_posts", "readnext", "read-next", "readmore", "more-stories",
    "morestories", "recommended", "recommendations", "trending", "popular", "mostread", "most-read",
    "newsletter", "subscribe", "signup", "cookie", "cookies", "consent", "gdpr", "comments", "comment",
    "commentlist", "respond", "disqus", "share", "sharing", "social", "sidebar", "breadcrumb",
    "breadcrumbs", "advert", "advertisement", "promo", "outbrain", "taboola", "teaser", "teasers",
}
BOILERPLATE_PAIRS = {("read", "next"), ("read", "more"), ("more", "stories"), ("more", "news"), ("you", "like"),
                     ("latest", "news"), ("top", "stories"), ("most", "read"), ("next", "article"),
                     ("related", "news"), ("also", "read"), ("see", "also")}
BOILERPLATE_HEADINGS = re.compile(
    r"^\s*(related( news| articles| stories| posts| content)?|read (more|next|also)|more (stories|news|from [\w .]+)"
    r"|you (may|might) also like|recommended( for you)?|most (read|popular)|popular( now)?|latest( news)?"
    r"|trending( now)?|see also|also read|next article|top stories|comments?( \(\d+\))?|post a comment"
    r"|leave a (reply|comment)|tin liên quan)\s*:?\s*$",
    re.I,
)
PAYWALL_MARKERS = re.compile(
    r"subscribe to (continue|read)|to continue reading|for subscribers only|this article is for subscribers"
    r"|already a subscriber|sign in to read|become a member to read|paywall",
    re.I,
)


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
        url=url, text=text, title=title, published=to_utc_iso(published), outlet=outlet or _host_outlet(url),
        fetched_at=fetched_at,
    )


def extract_article(html: str | bytes, url: str = "", *, fetched_at: str | None = None,
                    published_hint: str | None = None) -> Article:
    """An Article from an HTML page: main text, title, author, dates, outlet, language, canonical URL."""
    tree = parse_html(html)
    if tree is None:
        return Article(url=url, text="", is_article=False, fetched_at=fetched_at)
    meta = read_metadata(tree)
    remove_boilerplate(tree)
    text = main_text(tree, url)
    jsonld = meta.get("jsonld") or {}
    title = meta.get("title") or _h1(tree)
    published = meta.get("published") or to_utc_iso(published_hint)
    if not published:
        published = _fallback_date(tree)
    truncated = bool(jsonld.get("isAccessibleForFree") in (False, "False", "false")) or bool(
        len(text) < 1500 and PAYWALL_MARKERS.search(text or "")
    )
    is_article = bool(jsonld) or meta.get("og_type") == "article" or len(text) >= 400
    return Article(
        url=url,
        text=text,
        title=title,
        canonical_url=meta.get("canonical"),
        outlet=meta.get("outlet") or _host_outlet(url),
        author=meta.get("author"),
        published=published,
        modified=meta.get("modified"),
        fetched_at=fetched_at,
        language=meta.get("language"),
        is_article=is_article,
        truncated=truncated,
    )


def parse_html(html: str | bytes) -> lxml.html.HtmlElement | None:
    """Parse a page once with lxml; None when there is nothing to parse."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    html = html.replace("\x00", "")
    if not html.strip():
        return None
    # lxml refuses str input that carries an XML encoding declaration.
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html, count=1)
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None
    return tree


def read_metadata(tree: lxml.html.HtmlElement) -> dict:
    """Title, dates, author, outlet, language and canonical URL from JSON-LD, OpenGraph and meta tags."""
    metas: dict[str, str] = {}
    for node in tree.iterfind(".//meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
        content = node.get("content")
        if key and content and key not in metas:
            metas[key] = content.strip()
    jsonld = _jsonld_article(tree)
    canonical = None
    for node in tree.iterfind(".//link"):
        if (node.get("rel") or "").lower() == "canonical" and node.get("href"):
            canonical = node.get("href").strip()
            break
    title_node = tree.find(".//title")
    page_title = _clean_title(title_node.text_content() if title_node is not None else None, metas.get("og:site_name"))
    lang = tree.get("lang") or tree.get("xml:lang") or jsonld.get("inLanguage") or metas.get("og:locale")
    return {
        "jsonld": jsonld,
        "og_type": metas.get("og:type"),
        "title": _text(jsonld.get("headline")) or metas.get("og:title") or metas.get("twitter:title") or page_title,
        "published": to_utc_iso(jsonld.get("datePublished"))
        or to_utc_iso(metas.get("article:published_time"))
        or to_utc_iso(metas.get("datepublished"))
        or to_utc_iso(metas.get("date"))
        or to_utc_iso(metas.get("pubdate"))
        or to_utc_iso(metas.get("parsely-pub-date"))
        or to_utc_iso(metas.get("dc.date")),
        "modified": to_utc_iso(jsonld.get("dateModified")) or to_utc_iso(metas.get("article:modified_time")),
        "author": _authors(jsonld.get("author")) or metas.get("article:author") or metas.get("author"),
        "outlet": _publisher(jsonld.get("publisher")) or metas.get("og:site_name") or metas.get("application-name"),
        "canonical": canonical or metas.get("og:url"),
        "language": _language(lang),
    }


def _jsonld_article(tree: lxml.html.HtmlElement) -> dict:
    for node in tree.iterfind(".//script"):
        if (node.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            data = json.loads(node.text or "")
        except ValueError:
            continue
        for item in _walk_jsonld(data):
            types = item.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and t.lower() in ARTICLE_TYPES for t in types):
                return item
    return {}


def _walk_jsonld(data: object):
    if isinstance(data, list):
        for item in data:
            yield from _walk_jsonld(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _walk_jsonld(data["@graph"])


def _text(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return re.sub(r"\s+", " ", value).strip()
    return None


def _authors(value: object) -> str | None:
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = _text(item.get("name")) if isinstance(item, dict) else _text(item)
        if name and name not in names:
            names.append(name)
    return ", ".join(names) or None


def _publisher(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _language(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().replace("_", "-").split("-")[0].lower() or None


def _clean_title(title: str | None, site: str | None) -> str | None:
    title = _text(title)
    if title and site:
        for sep in (" | ", " - ", " – ", " — ", " :: "):
            if title.endswith(sep + site):
                return title[: -len(sep + site)].strip()
    return title


def _h1(tree: lxml.html.HtmlElement) -> str | None:
    node = tree.find(".//h1")
    return _text(node.text_content()) if node is not None else None


def _host_outlet(url: str) -> str | None:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _fallback_date(tree: lxml.html.HtmlElement) -> str | None:
    """A publication date found in the page body by htmldate, when no metadata states one."""
    try:
        from htmldate import find_date

        found = find_date(tree, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    except Exception:  # htmldate is a best-effort fallback; a failure there is just "no date"
        return None
    return to_utc_iso(found) if found else None


def _tokens(value: str) -> list[str]:
    return [t for t in re.split(r"[\s_\-]+", value.lower()) if t]


def remove_boilerplate(tree: lxml.html.HtmlElement) -> None:
    """Cut related-stories lists, read-next teasers, comments, newsletter boxes and cookie banners."""
    doomed = []
    for node in tree.iter(etree.Element):
        if node.tag in ("html", "body", "main"):
            continue
        attrs = f"{node.get('class') or ''} {node.get('id') or ''}".strip()
        if attrs:
            tokens = _tokens(attrs)
            if any(t in BOILERPLATE_TOKENS for t in tokens) or any(
                a in tokens and b in tokens for a, b in BOILERPLATE_PAIRS
            ):
                if not _is_main_container(node):
                    doomed.append(node)
                    continue
        if node.tag in ("aside", "nav", "footer", "form", "header") and node.getparent() is not None:
            if node.tag != "header" or node.getparent().tag == "body":
                doomed.append(node)
                continue
        if node.tag in ("h2", "h3", "h4", "h5", "div", "span", "p", "strong") and len(node) <= 1:
            label = node.text_content()
            if len(label) < 60 and BOILERPLATE_HEADINGS.match(label):
                doomed.append(("after", node))
    for item in doomed:
        if isinstance(item, tuple):
            _drop_heading_block(item[1])
        else:
            _drop(item)


def _is_main_container(node: lxml.html.HtmlElement) -> bool:
    """A node that holds most of the page's paragraphs is the article, whatever its class says."""
    paragraphs = len(node.findall(".//p"))
    return paragraphs >= 5 and node.tag in ("article", "main", "div", "section") and len(
        node.text_content()
    ) > 2000 and not any(t in ("related", "sidebar", "comments") for t in _tokens(node.get("class") or ""))


def _drop(node: lxml.html.HtmlElement) -> None:
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail
    parent.remove(node)
    if tail and tail.strip():
        prev = node.getprevious()
        # keep text that followed the removed element
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _drop_heading_block(heading: lxml.html.HtmlElement) -> None:
    """Drop a 'Related news' heading and what follows it in its container."""
    parent = heading.getparent()
    if parent is None:
        return
    # A heading alone in a wrapper (<div><h2>Related</h2></div>): act on the wrapper.
    while parent is not None and len(parent) == 1 and parent.tag not in ("body", "article", "main"):
        heading, parent = parent, parent.getparent()
    if parent is None:
        return
    siblings = list(parent)
    start = siblings.index(heading)
    for node in siblings[start:]:
        parent.remove(node)


def main_text(tree: lxml.html.HtmlElement, url: str = "") -> str:
    """The article body as plain text (paragraphs separated by newlines), via trafilatura."""
    import trafilatura

    try:
        text = trafilatura.extract(
            tree, url=url or None, include_comments=False, include_tables=True, favor_precision=True,
            with_metadata=False, deduplicate=False,
        )
    except Exception:  # trafilatura failing on one odd page must not stop a run
        text = None
    return text or ""
