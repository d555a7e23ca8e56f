"""A generated news site (feed + article pages with deal sentences) for crawl and scheduling tests."""

from __future__ import annotations

import json
from pathlib import Path

PAIRS = [("Microsoft", "CoreWeave", "H100"), ("Meta", "Google", "TPU v7"), ("Oracle", "OpenAI", "GB200"),
         ("Amazon", "Anthropic", "Trainium2"), ("xAI", "Nvidia", "H200"), ("Nebius", "Microsoft", "GB300")]
OUTLETS = ["Chip Wire", "Cloud Desk", "Data Center Daily"]

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | {outlet}</title>
<meta property="og:site_name" content="{outlet}"><meta property="og:type" content="article">
<script type="application/ld+json">{jsonld}</script></head>
<body><nav><a href="/">Home</a> <a href="/cloud">Cloud</a></nav>
<article><h1>{title}</h1><p class="byline">By Test Writer</p>
<p>{a} signed a ${value} billion agreement with {b} to deploy {quantity:,} {chip} chips over {years} years, the companies said on Tuesday.</p>
<p>The contract is one of the largest cloud-capacity deals of the year, and analysts expect more of them as demand for AI computing keeps growing across the industry.</p>
<p>{a} said the capacity would come online in phases, starting next quarter, with most of it located in new data centers that {b} is building.</p>
</article>
<aside class="related"><h2>Related news</h2><ul><li><a href="/x">Acme buys 9 million GPUs for $999 billion</a></li></ul></aside>
<footer>(c) {outlet}</footer></body></html>
"""


def build_site(root: Path, articles: int = 12) -> list[str]:
    """Write a feed and `articles` pages under root; returns the article paths."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    paths, items = [], []
    for i in range(articles):
        a, b, chip = PAIRS[i % len(PAIRS)]
        outlet = OUTLETS[(i // len(PAIRS)) % len(OUTLETS)]
        value = 5 + (i % len(PAIRS))
        title = f"{a} and {b} sign ${value} billion AI capacity deal (report {i})"
        day = 1 + (i // len(PAIRS))
        published = f"2026-05-{day:02d}T09:00:00Z"
        jsonld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                             "datePublished": published, "author": {"@type": "Person", "name": "Test Writer"},
                             "publisher": {"@type": "Organization", "name": outlet}})
        path = f"news/{i:03d}.html"
        (root / "news").mkdir(exist_ok=True)
        (root / path).write_text(PAGE.format(title=title, outlet=outlet, jsonld=jsonld, a=a, b=b, chip=chip,
                                             value=value, quantity=100_000 * (1 + i % 3), years=3 + i % 4),
                                 encoding="utf-8")
        paths.append(path)
        items.append(f"<item><title>{title}</title><link>{{{{BASE}}}}/{path}</link>"
                     f"<guid>{{{{BASE}}}}/{path}</guid><description>{a} and {b} deal</description></item>")
    (root / "feed.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Generated news</title>'
        "<link>{{BASE}}/</link><description>test</description>" + "".join(items) + "</channel></rss>",
        encoding="utf-8")
    return paths


def dense_text(size: int) -> str:
    """A paragraph of figures without a sentence break, `size` characters long (the worst case for claims)."""
    parts, total, i = [], 0, 0
    while total < size:
        part = (f"Microsoft pays ${i % 97 + 1} billion to CoreWeave for {1000 + i:,} H100 chips, "
                f"Oracle adds ${i % 13 + 2} million, ")
        parts.append(part)
        total += len(part)
        i += 1
    return "".join(parts)[:size]
