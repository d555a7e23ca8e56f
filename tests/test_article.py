"""Article stage: metadata, dates, encodings, boilerplate and page kinds, on fixture pages written for these tests."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper import analyze
from scraper.article import article_from_text, extract_article, looks_like_html
from scraper.dates import url_date
from scraper.models import EXTRACTOR_VERSION

FIXTURES = Path(__file__).parent / "fixtures" / "article"


def page(name: str) -> bytes:
    """The bytes of one fixture page."""
    return (FIXTURES / name).read_bytes()


def usd_values(html: str) -> set[float]:
    """USD values of the money figures `analyze` finds in a page."""
    result = analyze(html)
    values = set()
    for fig in result["figures"]:
        for key in ("usd", "value", "low", "high"):
            if fig.get(key):
                values.add(float(fig[key]))
    return values


def test_jsonld_date_wins_over_visible_date_and_is_utc() -> None:
    a = extract_article(page("jsonld_vs_visible_date.html").decode(), "https://valleypost.example/2024/01/01/x")
    assert a.published == "2025-11-03T07:45:00Z"
    assert a.modified == "2025-11-05T18:20:00Z"
    assert a.title == "Brightwave to build £1bn AI campus in Wales"
    assert a.author == "Gareth Lewis"
    assert a.outlet == "The Valley Post"
    assert a.language == "en"


def test_published_fetched_and_hint_kept_apart() -> None:
    html = page("jsonld_vs_visible_date.html").decode()
    a = extract_article(html, fetched_at="2026-01-01T10:00:00+02:00", published_hint="2020-01-01T00:00:00Z")
    assert a.published == "2025-11-03T07:45:00Z"  # the page's own date beats the feed's
    assert a.fetched_at == "2026-01-01T08:00:00Z"
    assert a.extractor_version == EXTRACTOR_VERSION


def test_hint_used_when_page_states_no_date_and_url_date_never_invented() -> None:
    html = page("no_title.html").decode()
    assert extract_article(html, "https://x.example/2019/05/04/quantix").published is None
    hinted = extract_article(html, "https://x.example/2019/05/04/quantix", published_hint="Tue, 03 Mar 2026 10:00:00 GMT")
    assert hinted.published == "2026-03-03T10:00:00Z"


def test_missing_title_falls_back_to_h1() -> None:
    a = extract_article(page("no_title.html").decode(), "https://www.quantix-news.example/story")
    assert a.title == "Quantix orders 4,000 servers from Supermicro"
    assert a.outlet == "quantix-news.example"
    assert "4,000 servers" in a.text
    assert a.is_article


def test_title_without_site_suffix() -> None:
    a = extract_article(page("sidebar_deals.html").decode())
    assert a.title == "Helios Cloud signs $4 billion GPU capacity deal with Nvidia"
    assert a.author == "Jane Okafor"
    assert a.canonical_url == "https://ledger.example/2026/02/10/helios-nvidia-deal"
    assert a.published == "2026-02-10T14:30:00Z"


@pytest.mark.parametrize("name, needle, title, extra", [
    ("latin1.html", "Aurélie Datacentres a signé", "Électricité : Aurélie Datacentres signe un contrat de 200 MW",
     "Hélène Dupré"),
    ("windows1252.html", "Kestrel AI has won a €2 billion contract to build “sovereign”",
     "Kestrel AI wins €2 billion deal for “sovereign” compute", "Kestrel’s shares"),
])
def test_legacy_encodings_from_bytes(name: str, needle: str, title: str, extra: str) -> None:
    data = page(name)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    a = extract_article(data, "https://example.com/story")
    assert needle in a.text
    assert a.title == title
    assert extra in (a.text + (a.author or ""))
    assert "\ufffd" not in a.text


def test_amp_page() -> None:
    a = extract_article(page("amp.html"), "https://nachrichten.example/amp/2026/03/nordlicht-nvidia.html")
    assert a.canonical_url == "https://nachrichten.example/2026/03/nordlicht-nvidia.html"
    assert a.language == "de"
    assert a.author == "Jonas Becker, Mira Stein"
    assert a.published == "2026-03-12T09:15:00Z"
    assert a.modified == "2026-03-12T15:40:00Z"
    assert "20.000 Grafikprozessoren" in a.text
    assert "Microsoft investiert" not in a.text  # amp-sidebar


def test_listing_page_is_not_an_article() -> None:
    a = extract_article(page("listing.html"), "https://ledger.example/tag/data-centers")
    assert not a.is_article
    assert not extract_article(page("listing.html")).is_article  # without the URL's /tag/ hint too


def test_paywall_stub_kept_and_flagged() -> None:
    a = extract_article(page("paywall.html"), "https://paper.example/lumen")
    assert a.truncated
    assert a.is_article
    assert "buy $12 billion of accelerators from AMD" in a.text


def test_paginated_article_first_page_noted() -> None:
    a = extract_article(page("paginated.html"), "https://longreads.example/northwind-campus")
    assert a.truncated  # only page 1 of several is here
    assert a.next_page_url == "https://longreads.example/northwind-campus?page=2"
    assert a.is_article
    assert "Nevada desert" in a.text
    assert "Next page" not in a.text


def test_full_article_not_truncated() -> None:
    assert not extract_article(page("sidebar_deals.html")).truncated


def test_sidebar_comments_newsletter_and_cookie_figures_never_become_claims() -> None:
    html = page("sidebar_deals.html").decode()
    a = extract_article(html)
    for outside in ("Microsoft commits", "Georgia data centers", "CoreWeave", "Oracle", "capex", "cookies",
                    "newsletter", "Leave a comment"):
        assert outside not in a.text
    values = usd_values(html)
    assert 4e9 in values
    for other in (80e9, 11e9, 7.5e9, 300e9, 65e9, 900e9, 1e6):
        assert other not in values


def test_related_news_inside_article_element() -> None:
    html = page("related_in_article.html").decode()
    a = extract_article(html)
    assert "Phoenix" in a.text and "long-term contracts" in a.text
    for outside in ("hydropower", "Brookfield", "nuclear-powered", "Stargate", "Colossus", "Related news"):
        assert outside not in a.text
    values = usd_values(html)
    assert 2.5e9 in values
    for other in (3e9, 650e6, 40e9, 6e9):
        assert other not in values
    assert a.author == "Priya Raman" and a.outlet == "Grid Wire"


def test_parses_the_page_once_and_never_uses_bs4(monkeypatch: pytest.MonkeyPatch) -> None:
    import bs4
    import lxml.html
    import trafilatura.core

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("bs4 parse of the page")

    full_parses = []
    real_parse = lxml.html.document_fromstring
    real_load = trafilatura.core.load_html

    def counting(data: str | bytes, *args: object, **kwargs: object):
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        if "Datacenter Ledger. <a" in text:  # the footer: the whole page, not a fragment trafilatura builds
            full_parses.append(1)
        return real_parse(data, *args, **kwargs)

    def tree_only(obj: object, *args: object, **kwargs: object):
        assert isinstance(obj, lxml.html.HtmlElement), "trafilatura was handed the page to parse again"
        return real_load(obj, *args, **kwargs)

    monkeypatch.setattr(bs4.BeautifulSoup, "__init__", refuse)
    monkeypatch.setattr(lxml.html, "document_fromstring", counting)
    monkeypatch.setattr(trafilatura.core, "load_html", tree_only)
    a = extract_article(page("sidebar_deals.html"))
    assert a.text and len(full_parses) == 1


def test_empty_and_odd_input() -> None:
    assert extract_article("").is_article is False
    assert extract_article(b"").text == ""
    assert extract_article("<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p></body></html>").text == "x"
    assert extract_article("   \n ").text == ""


def test_plain_text_kept_as_is() -> None:
    text = "Nvidia and Helios sign deal\n\nHelios will buy $4 billion of GPUs."
    a = article_from_text(text, url="https://www.example.com/a", title=None, published="2026-01-02",
                          outlet=None, fetched_at=None)
    assert a.text == text and a.title == "Nvidia and Helios sign deal"
    assert a.published == "2026-01-02T00:00:00Z" and a.outlet == "example.com"
    assert a.extractor_version == EXTRACTOR_VERSION
    assert looks_like_html(page("amp.html").decode()) and not looks_like_html(text)


@pytest.mark.parametrize("url, expected", [
    ("https://news.example/2025/10/31/helios-buys-gpus", "2025-10-31T00:00:00Z"),
    ("https://news.example/tech/helios-deal-2026-03-09/", "2026-03-09T00:00:00Z"),
    ("https://blog.example/2025/10/helios-partners-with-quantix/", "2025-10-01T00:00:00Z"),  # a month: the 1st
    ("https://trade.example/news/power/2025/may/helios-signs-ppa", "2025-05-01T00:00:00Z"),
    ("https://news.example/2025/13/40/story", None),  # no such day: an id
    ("https://news.example/2025/maybe/story", None),
    ("https://news.example/article/20250727123456", None),  # digits run together: an id, perhaps a date
    ("https://news.example/2099/01/01/story", None),  # the future
    ("https://news.example/helios-buys-gpus", None),
])
def test_date_from_the_address(url: str, expected: str | None) -> None:
    assert url_date(url, now=datetime(2026, 12, 6, tzinfo=UTC)) == expected


def test_plain_text_without_a_date_takes_its_address_date() -> None:
    text = "Helios will buy $4 billion of GPUs from Quantix."
    dated = article_from_text(text, url="https://news.example/2025/10/helios-buys/", published=None)
    assert dated.published == "2025-10-01T00:00:00Z"
    stated = article_from_text(text, url="https://news.example/2025/10/helios-buys/", published="2025-11-02")
    assert stated.published == "2025-11-02T00:00:00Z"  # a stated date beats the address


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=300))
def test_never_crashes_on_arbitrary_markup(body: str) -> None:
    a = extract_article(f"<html><head><title>{body}</title></head><body><p>{body}</p></body></html>")
    assert isinstance(a.text, str) and a.extractor_version == EXTRACTOR_VERSION


def test_placeholder_date_skipped_for_the_next_source() -> None:
    html = ('<html><head><meta itemprop="datePublished" content="0001-01-01T00:00:00Z">'
            '<meta property="article:published_time" content="2026-04-01T08:00:00-04:00"></head>'
            '<body><p>Short.</p></body></html>')
    assert extract_article(html).published == "2026-04-01T12:00:00Z"


def test_a_page_nested_deeper_than_the_parser_allows_says_so(tmp_path):
    from scraper import analyze

    body = "<p>Microsoft will invest $10 billion in OpenAI over five years, the companies said on Monday.</p>"
    html = "<html><head><title>Deep</title></head><body>" + "<div>" * 100_000 + body + "</div>" * 100_000 + "</body></html>"
    article = extract_article(html, url="https://deep.example/a")
    assert article.notes and "deeper than 256" in article.notes[0]
    assert any("deeper than 256" in r for r in analyze(html)["relevance_reasons"])
    shallow = extract_article("<html><body>" + "<div>" * 50 + body + "</div>" * 50 + "</body></html>")
    assert not shallow.notes and "invest $10 billion" in shallow.text
