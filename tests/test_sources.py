"""Unit tests of scraper.sources: the sources file, feed/sitemap/listing discovery, canonical URLs, prefilter."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT
from scraper.models import Link, Source
from scraper.sources import (SourcesError, canonicalize_url, discover, is_relevant_link,
                             load_sources, parse_feed, parse_listing, parse_sitemap)

BASE = "https://news.example.com/tech/"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


# -- the sources file ---------------------------------------------------------------------------------


def test_bundled_sources_file_is_valid_and_broad() -> None:
    config = load_sources(ROOT / "data" / "sources.toml")
    sources = config.sources
    assert len(sources) >= 40
    kinds = Counter(s.kind for s in sources)
    assert kinds["sitemap"] + kinds["news-sitemap"] >= 2 and kinds["news-sitemap"] >= 1 and kinds["listing"] >= 2
    assert len({s.url for s in sources}) == len(sources) and len({s.name for s in sources}) == len(sources)
    assert all(s.url.startswith("https://") for s in sources)
    assert any(s.delay for s in sources) and any(s.keywords for s in sources)
    assert sum("news.google.com/rss/search" in s.url for s in sources) >= 3
    assert "data center" in config.keywords


def test_a_valid_file_with_every_option(tmp_path: Path) -> None:
    path = write(tmp_path, """
[defaults]
keywords = ["GPU", "Data Center"]

[[source]]
name = "A"
url = "https://a.example/feed"

[[source]]
name = "B"
url = "https://b.example/news"
kind = "listing"
selector = "h2.title > a"
keywords = ["Chip"]
delay = 2
topical = false
enabled = false
""")
    config = load_sources(path)
    assert config.keywords == ["gpu", "data center"]
    a, b = config.sources
    assert (a.kind, a.topical, a.delay, a.keywords, a.enabled) == ("rss", False, None, None, True)
    assert (b.kind, b.selector, b.keywords, b.delay, b.enabled) == ("listing", "h2.title > a", ["chip"], 2.0, False)


@pytest.mark.parametrize("text, line, words", [
    ('[[source]]\nname = "A"\nurl = "https://a.example/"\nkind = "podcast"\n', 4, ["kind", "'podcast'", "rss"]),
    ('[[source]]\nname = "A"\nurl = "https://a.example/"\n\n[[source]]\nname = "B"\nurl = "ftp://b.example/"\n',
     7, ["source 'B'", "url", "http"]),
    ('[[source]]\nname = "A"\nurl = "https://a.example/"\ndelay = -1\n', 4, ["delay", ">= 0"]),
    ('[[source]]\nname = "A"\nurl = "https://a.example/"\ndelay = "slow"\n', 4, ["delay"]),
    ('[[source]]\nname = "A"\nurl = "https://a.example/"\ntopical = "yes"\n', 4, ["topical", "true or false"]),
    ('[[source]]\nname = "A"\nurl = "https://a.example/"\nkind = "listing"\n', 4, ["selector", "listing"]),
    ('[[source]]\nname = "A"\nurl = "https://a.example/"\nkind = "listing"\nselector = "a[href="\n', 5,
     ["selector", "invalid CSS selector"]),
    ('[[source]]\nname = "A"\nurl = "https://a.example/"\nkeywords = "gpu"\n', 4, ["keywords", "list of strings"]),
    ('[[source]]\nname = "A"\nurl = "https://a.example/"\nfrequency = 5\n', 4, ["frequency", "unknown key"]),
    ('[[source]]\nname = "A"\nurl = "https://a.example/"\n[[source]]\nname = "A"\nurl = "https://b.example/"\n',
     5, ["duplicate name"]),
    ('[[source]]\nurl = "https://a.example/"\n', 1, ["source #1", "'name' is required"]),
    ('[defaults]\nkeywords = [\n  "gpu",\n  3,\n]\n', 2, ["defaults.keywords", "list of strings"]),
    ('[defaults]\nkeyword = ["gpu"]\n', 2, ["defaults.keyword", "unknown key"]),
    ('[sources]\nname = "A"\n', 1, ["unknown key 'sources'"]),
])
def test_validation_errors_name_file_line_and_key(tmp_path: Path, text: str, line: int, words: list[str]) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SourcesError) as info:
        load_sources(path)
    message = str(info.value)
    assert message.startswith(f"{path} (line {line}): "), message
    for word in words:
        assert word in message, (word, message)


def test_invalid_toml_and_missing_file_are_named(tmp_path: Path) -> None:
    path = write(tmp_path, '[[source]]\nname = "A\n')
    with pytest.raises(SourcesError, match=r"sources\.toml: invalid TOML: .*line 2"):
        load_sources(path)
    with pytest.raises(SourcesError, match="missing.toml: file not found"):
        load_sources(tmp_path / "missing.toml")


def test_multiline_arrays_do_not_confuse_line_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, '[defaults]\nkeywords = [\n  "kind = x",\n]\n\n[[source]]\nname = "A"\n'
                           'url = "https://a.example/"\nkind = "nope"\n')
    with pytest.raises(SourcesError, match=r"\(line 9\): source 'A': kind"):
        load_sources(path)


# -- feeds --------------------------------------------------------------------------------------------

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>T</title><link>https://news.example.com/</link>
<item><title>Nvidia sells &lt;b&gt;GPUs&lt;/b&gt; to Meta</title><link>/tech/nvidia-meta?utm_source=rss&amp;id=7#comments</link>
<description>&lt;p&gt;A $10 billion   deal.&lt;/p&gt;</description><pubDate>Tue, 05 May 2026 09:30:00 +0200</pubDate></item>
<item><title>Same story again</title><link>https://news.example.com/tech/nvidia-meta?id=7</link></item>
<item><title>No link</title></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id><updated>2026-05-05T10:00:00Z</updated>
<entry><title>AMD wins OpenAI order</title><id>urn:1</id>
<link rel="alternate" href="https://chips.example/amd-openai"/><link rel="replies" href="https://chips.example/c"/>
<updated>2026-05-04T08:00:00-04:00</updated><summary>Six gigawatts of MI450.</summary></entry>
</feed>"""

JSON_FEED = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [
    {"id": "1", "url": "https://j.example/a?fbclid=zz", "title": "Oracle books $300 billion",
     "summary": "Cloud contract.", "date_published": "2026-05-03T12:00:00+01:00"},
    {"id": "2", "external_url": "https://other.example/b", "content_text": "From elsewhere."},
    {"id": "3", "title": "no url"}]}).encode()


def test_rss_entries_keep_dates_summaries_and_canonical_links() -> None:
    links = parse_feed(RSS, BASE, "S")
    assert [link.url for link in links] == ["https://news.example.com/tech/nvidia-meta?id=7"]
    first = links[0]
    assert first.title == "Nvidia sells GPUs to Meta"
    assert first.summary == "A $10 billion deal."
    assert first.published == "2026-05-05T07:30:00Z"
    assert first.source == "S"


def test_atom_uses_the_alternate_link_and_the_updated_date() -> None:
    [link] = parse_feed(ATOM, "https://chips.example/feed", "A")
    assert link.url == "https://chips.example/amd-openai"
    assert link.published == "2026-05-04T12:00:00Z"
    assert link.summary == "Six gigawatts of MI450."


def test_json_feed() -> None:
    links = parse_feed(JSON_FEED, "https://j.example/feed.json", "J")
    assert [(link.url, link.title, link.summary, link.published) for link in links] == [
        ("https://j.example/a", "Oracle books $300 billion", "Cloud contract.", "2026-05-03T11:00:00Z"),
        ("https://other.example/b", None, "From elsewhere.", None)]


def test_malformed_feeds_raise_sources_error() -> None:
    with pytest.raises(SourcesError, match="malformed feed"):
        parse_feed(b"<rss><channel><title>x<item><link>http://a", BASE, "S")
    with pytest.raises(SourcesError, match="malformed JSON feed"):
        parse_feed(b'{"items": [', BASE, "S")


def test_a_feed_with_some_bad_markup_still_yields_its_entries() -> None:
    body = RSS.replace(b"<title>T</title>", b"<title>T & Co</title>")  # an unescaped ampersand
    assert [link.url for link in parse_feed(body, BASE, "S")] == ["https://news.example.com/tech/nvidia-meta?id=7"]


# -- sitemaps -----------------------------------------------------------------------------------------

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://s.example/sitemap-2026-05.xml</loc><lastmod>2026-05-05</lastmod></sitemap>
<sitemap><loc>https://s.example/sitemap-2019-01.xml</loc><lastmod>2019-01-31T00:00:00+00:00</lastmod></sitemap>
<sitemap><loc>/sitemap-undated.xml</loc></sitemap>
</sitemapindex>"""

NEWS = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://s.example/2026/05/05/coreweave-deal</loc><lastmod>2026-05-01T00:00:00Z</lastmod>
 <news:news><news:publication><news:name>S</news:name><news:language>en</news:language></news:publication>
 <news:publication_date>2026-05-05T08:00:00+02:00</news:publication_date><news:title>CoreWeave signs $14 billion deal</news:title></news:news></url>
<url><loc>https://s.example/2026/04/01/old</loc>
 <news:news><news:publication_date>2026-04-01T08:00:00Z</news:publication_date><news:title>Old</news:title></news:news></url>
<url><loc>https://s.example/undated#x</loc></url>
</urlset>"""


def test_sitemap_index_gives_children_after_the_cut_off() -> None:
    found = parse_sitemap(INDEX, "https://s.example/sitemap.xml", "S", since="2026-05-01T00:00:00Z")
    assert found.children == ["https://s.example/sitemap-2026-05.xml", "https://s.example/sitemap-undated.xml"]
    assert found.links == []
    everything = parse_sitemap(INDEX, "https://s.example/sitemap.xml", "S")
    assert len(everything.children) == 3


def test_news_sitemap_cut_off_uses_the_publication_date_and_keeps_titles() -> None:
    found = parse_sitemap(NEWS, "https://s.example/news.xml", "S", since="2026-05-02T00:00:00Z")
    assert [(link.url, link.title, link.published) for link in found.links] == [
        ("https://s.example/2026/05/05/coreweave-deal", "CoreWeave signs $14 billion deal", "2026-05-05T06:00:00Z"),
        ("https://s.example/undated", None, None)]  # undated entries are kept: nothing says they are old


def test_discover_dispatches_on_kind_and_sniffs_sitemaps_behind_feed_urls() -> None:
    sitemap_source = Source(name="S", url="https://s.example/sitemap.xml", kind="sitemap")
    assert len(discover(sitemap_source, INDEX, sitemap_source.url).children) == 3
    adhoc = Source(name="F", url="https://s.example/news.xml", kind="feed")
    assert len(discover(adhoc, NEWS, adhoc.url).links) == 3
    assert discover(Source(name="R", url=BASE, kind="rss"), RSS, BASE).links[0].title == "Nvidia sells GPUs to Meta"


def test_not_a_sitemap() -> None:
    with pytest.raises(SourcesError, match="not a sitemap"):
        parse_sitemap(b"<html><body>hello</body></html>", "https://s.example/", "S")


# -- listing pages ------------------------------------------------------------------------------------

LISTING = b"""<html><body><nav><a href="/about">About</a></nav>
<div class="river">
 <h2 class="headline"><a href="/news/2026/anthropic-tpus?utm_medium=x">Anthropic expands <em>TPU</em> use</a></h2>
 <h2 class="headline"><a href="https://cdn.example/news/xai-colossus#top">xAI builds Colossus 3</a></h2>
 <h2 class="headline"><span>No link here</span></h2>
 <h2 class="headline"><a href="/news/2026/anthropic-tpus">Anthropic expands TPU use (again)</a></h2>
 <article class="card"><a href="../deep/dive.html">Deep dive</a></article>
</div></body></html>"""


def test_listing_selector_picks_article_links_resolved_and_deduplicated() -> None:
    links = parse_listing(LISTING, "https://l.example/section/ai/", "L", "h2.headline a")
    assert [(link.url, link.title) for link in links] == [
        ("https://l.example/news/2026/anthropic-tpus", "Anthropic expands TPU use"),
        ("https://cdn.example/news/xai-colossus", "xAI builds Colossus 3")]
    cards = parse_listing(LISTING, "https://l.example/section/ai/", "L", "article.card")  # a container: its <a>
    assert [link.url for link in cards] == ["https://l.example/section/deep/dive.html"]


# -- canonical URLs -----------------------------------------------------------------------------------


@pytest.mark.parametrize("url, base, expected", [
    ("HTTPS://Example.COM:443/a?utm_source=x&utm_medium=y&id=3#frag", None, "https://example.com/a?id=3"),
    ("http://example.com:80", None, "http://example.com/"),
    ("http://example.com:8080/x?fbclid=1&gclid=2&ref=home&page=2", None, "http://example.com:8080/x?page=2"),
    ("../b/c.html?utm_campaign=z", "https://e.com/a/x/y.html", "https://e.com/a/b/c.html"),
    ("  /path  ", "https://e.com/q", "https://e.com/path"),
    ("//cdn.e.com/p", "https://e.com/", "https://cdn.e.com/p"),
    ("?page=2", "https://e.com/list?page=1", "https://e.com/list?page=2"),
])
def test_canonicalize_url(url: str, base: str | None, expected: str) -> None:
    assert canonicalize_url(url, base) == expected


# -- the topic prefilter ------------------------------------------------------------------------------

KEYWORDS = ["ai", "data center", "gpu"]


@pytest.mark.parametrize("title, summary, source, expected", [
    ("OpenAI rents GPU capacity", None, Source(name="S", url=BASE), True),
    ("Mayor opens new library", "The city council voted.", Source(name="S", url=BASE), False),
    ("Maintenance of the rail line", None, Source(name="S", url=BASE), False),  # 'ai' as a whole word only
    ("Town hall", "A new data center is planned.", Source(name="S", url=BASE), True),  # summary counts
    ("AI boom", None, Source(name="S", url=BASE, keywords=["chip"]), False),  # the source's own words
    ("Mayor opens new library", None, Source(name="S", url=BASE, topical=True), True),  # topical: no filter
    (None, None, Source(name="S", url=BASE), True),  # nothing to judge by: fetch it
])
def test_prefilter(title: str | None, summary: str | None, source: Source, expected: bool) -> None:
    link = Link(url="https://e.com/x", source="S", title=title, summary=summary)
    assert is_relevant_link(link, source, KEYWORDS) is expected
