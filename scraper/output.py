"""The `analyze` output format: the JSON object of one document's article, companies, chips, figures and deals.

The contract (field by field) is docs/design.md; `scraper analyze` prints this object and
`scraper.analyze()` returns it. No I/O here: a pure function of an extraction.
"""

from __future__ import annotations

from typing import Any

from .claims import Extraction, duration_years
from .models import QUANTITY_KINDS, Article, Claim, FigureKind, Report, Role


def extraction_dict(extraction: Extraction) -> dict[str, Any]:
    """The `analyze` JSON object for an extraction."""
    article = extraction.article
    deal_figures: list[Claim] = []
    other_figures: list[Claim] = []
    for claim in extraction.claims:
        if claim.role != Role.STATEMENT:
            (other_figures if _no_deals(claim) else deal_figures).append(claim)
    return {
        "article": article_dict(article),
        "is_deal": extraction.is_deal,
        "relevance": extraction.relevance,
        "relevance_reasons": extraction.relevance_reasons,
        "companies": extraction.companies,
        "chips": extraction.chips,
        # A deal stated without figures is in `deals`, not a figure. Counts and capacities read as no deal's
        # (72 GPUs per rack, three data centers, revenue, prices, market values) are kept apart, with their role.
        "figures": [figure_dict(claim) for claim in deal_figures],
        "other_figures": [figure_dict(claim) for claim in other_figures],
        "deals": [deal_dict(report, article.published) for report in extraction.reports],
    }


def _no_deals(claim: Claim) -> bool:
    """Whether a claim is a figure of no deal: a count or capacity of a unit or of sites, a company's revenue or
    backlog, a price or a market value."""
    if claim.figure.kind == FigureKind.PRICE:
        return True  # "$25,000 per GPU", "$87.20 per share": never a deal's size
    if claim.figure.kind == FigureKind.MONEY:
        return claim.role in (Role.REVENUE, Role.OTHER)
    return claim.figure.kind in QUANTITY_KINDS and claim.role in (Role.SPEC, Role.OTHER)


def article_dict(article: Article) -> dict[str, Any]:
    """The `article` member: the metadata and the text that offsets index."""
    return {
        "title": article.title, "text": article.text, "published": article.published,
        "modified": article.modified, "author": article.author, "outlet": article.outlet,
        "language": article.language, "canonical_url": article.canonical_url,
    }


def figure_dict(claim: Claim) -> dict[str, Any]:
    """One member of `figures`: the figure with its role, companies, chips, deal (report index) and sentence."""
    item = claim.figure.to_dict()
    item["role"] = claim.role
    item["companies"] = claim.companies
    item["chips"] = claim.chips
    item["deal"] = claim.report
    item["sentence"] = claim.sentence
    return item


def deal_dict(report: Report, published: str | None) -> dict[str, Any]:
    """One member of `deals`: a deal as the document states it, with its main money figure."""
    money = [c for c in report.claims if c.figure.kind == FigureKind.MONEY]
    valued = [c for c in money if c.figure.usd is not None or c.figure.value is not None or c.figure.low is not None]
    main = (valued or money)[0] if (valued or money) else None
    durations = [y for c in report.claims if (y := duration_years(c.figure, published)) is not None]
    return {
        "parties": report.parties,
        "roles": {k: v for k, v in report.roles.items() if not k.startswith("_")},
        "chips": report.chips,
        "role": main.role if main else None,
        "usd": main.figure.usd if main else None,
        "value": main.figure.value if main else None,
        "low": main.figure.low if main else None,
        "high": main.figure.high if main else None,
        "currency": main.figure.currency if main else None,
        "qualifier": main.figure.qualifier if main else None,
        "duration_years": durations[0] if durations else None,
        "quantities": [
            {"value": c.figure.value, "low": c.figure.low, "high": c.figure.high, "unit": c.figure.unit,
             "qualifier": c.figure.qualifier, "text": c.figure.text}
            for c in report.claims if c.figure.kind in QUANTITY_KINDS
        ],
        "sentence": report.sentence,
        "in_passing": report.in_passing,
    }
