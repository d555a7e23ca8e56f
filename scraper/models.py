"""The plain dataclasses that the pipeline stages exchange.

Each stage is a function from some of these to others, so it can be tested
without the network or a database:

    Source -> Link (sources.py) -> Fetched (fetch.py) -> Article (article.py)
    -> Figure, Mention (figures.py, gazetteer.py) -> Claim, Report (claims.py)
    -> Deal (deals.py)

The vocabulary the stages share is defined here once: figure kinds, claim roles, qualifiers and source
kinds as `StrEnum`s (each member equals its string, so the database and the `analyze` JSON hold the same
strings as before), and the groups of roles every stage and view uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

EXTRACTOR_VERSION = "0.2.0"


class FigureKind(StrEnum):
    """What a figure measures."""

    MONEY = "money"  # an amount of money (value or range), with its currency and USD when honest
    QUANTITY = "quantity"  # chips, GPUs, cores, servers, racks, wafers...
    POWER = "power"  # GW, MW
    DURATION = "duration"  # years, months, or `until` a year
    PRICE = "price"  # an amount per unit ("$87.20 per share", "$25,000 per GPU"): never a deal's size
    STATEMENT = "statement"  # no figure: a deal stated without one (kept so the outlet counts for the deal)


TERM_UNITS = ("years", "months")  # a duration that is a term; "until" ("through 2042") is an end, not a length


def comparable_unit(kind: str, unit: str) -> tuple[str, float]:
    """The unit a deal's figures of one kind are compared in, and the factor to it: "1,920 MW" and "1.92 GW"
    are one figure, as "36 months" and "three years" are."""
    if kind == "money":
        return "USD", 1.0
    if kind == "power" and unit.upper() in ("MW", "GW"):
        return "GW", 0.001 if unit.upper() == "MW" else 1.0
    if kind == "duration" and unit == "months":
        return "years", 1 / 12
    return unit, 1.0


class Role(StrEnum):
    """What a claim's figure is, in the deal it belongs to."""

    DEAL_VALUE = "deal_value"
    INVESTMENT = "investment"
    CAPEX = "capex"
    ACQUISITION = "acquisition"
    FINANCING = "financing"
    VALUATION = "valuation"
    REVENUE = "revenue"
    SPEC = "spec"  # per-unit or per-rack specifications
    OTHER = "other"
    STATEMENT = "statement"  # the claim of a deal stated without a figure


class Qualifier(StrEnum):
    """How firmly a figure is stated."""

    EXACT = "exact"
    APPROX = "approx"
    UP_TO = "up_to"
    AT_LEAST = "at_least"
    RANGE = "range"
    MULTI = "multi"  # "multi-billion": no number
    ORDER_OF_MAGNITUDE = "order_of_magnitude"  # "tens of millions of cores"


class SourceKind(StrEnum):
    """What a configured source is."""

    RSS = "rss"
    ATOM = "atom"
    JSON = "json"  # JSON Feed
    FEED = "feed"  # any feed or sitemap, recognised from its content
    SITEMAP = "sitemap"
    NEWS_SITEMAP = "news-sitemap"
    LISTING = "listing"  # an HTML page of links, read with a CSS selector


# The groups of roles, defined once (claims, deals, the database views and metadata.yml agree with them; a test
# checks metadata.yml's lists).
DEAL_ROLES: tuple[Role, ...] = (Role.DEAL_VALUE, Role.INVESTMENT, Role.FINANCING, Role.ACQUISITION)  # size a deal
INVESTMENT_ROLES: tuple[Role, ...] = (Role.INVESTMENT, Role.FINANCING)  # money put into a company, not paid for goods
NOT_DEAL_ROLES: tuple[Role, ...] = (Role.VALUATION, Role.REVENUE, Role.CAPEX, Role.SPEC, Role.OTHER)  # size no deal
# Figures about a company or a product, never a deal's own terms: left out when outlets' figures of a deal are
# compared side by side (`other` stays there: it may be one).
NOT_COMPARED_ROLES: tuple[Role, ...] = (Role.SPEC, Role.VALUATION, Role.REVENUE, Role.CAPEX)
QUANTITY_KINDS: tuple[FigureKind, ...] = (FigureKind.QUANTITY, FigureKind.POWER)  # the `quantities` of a deal


def sql_list(values: tuple[str, ...]) -> str:
    """Values as an SQL list literal, for views: ('spec', 'valuation')."""
    return "(" + ", ".join("'" + str(v).replace("'", "''") + "'" for v in values) + ")"


@dataclass
class Source:
    """A configured place to discover articles: a feed, a sitemap or a listing page."""

    name: str
    url: str
    kind: str = SourceKind.RSS  # a SourceKind: rss, atom, json, feed, sitemap, news-sitemap, listing
    selector: str | None = None  # CSS selector of article links, for kind=listing
    keywords: list[str] | None = None  # topic prefilter; None = use the global default
    topical: bool = False  # a topic-specific source: no keyword prefilter
    delay: float | None = None  # minimum seconds between requests to its host
    enabled: bool = True


@dataclass
class Link:
    """An article URL found by discovery, with what the feed said about it."""

    url: str
    source: str
    title: str | None = None
    summary: str | None = None
    published: str | None = None  # UTC ISO 8601, from the feed


@dataclass
class Fetched:
    """One HTTP exchange (or its failure), as fetch.py returns it."""

    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int | None  # None when no response came back
    fetched_at: str  # UTC ISO 8601
    headers: dict[str, str] = field(default_factory=dict)
    request_headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    content_type: str | None = None
    encoding: str | None = None  # the charset used by `text`
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None  # short reason: timeout, too_large, robots, http_503, ...
    truncated: bool = False  # body cut at the size cap
    sha256: str | None = None
    warc_file: str | None = None  # set by archive.py
    warc_offset: int | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def text(self) -> str:
        """The body decoded with the detected charset."""
        return self.body.decode(self.encoding or "utf-8", errors="replace")


@dataclass
class Article:
    """A news page reduced to its main text and metadata."""

    url: str
    text: str
    title: str | None = None
    canonical_url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None  # UTC ISO 8601
    modified: str | None = None
    fetched_at: str | None = None
    language: str | None = None
    is_article: bool = True
    truncated: bool = False  # paywall stub or cut page
    next_page_url: str | None = None  # a paginated article: the page after this one (not followed)
    relevance: float = 0.0
    relevance_reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what extraction could not do ("nested deeper than ...")
    extractor_version: str = EXTRACTOR_VERSION
    claims_dropped: int = 0  # claims beyond the per-article limit: counted, not stored


@dataclass(slots=True)
class Figure:
    """A number stated in the text: money, quantity, power, duration or price (or a figureless statement)."""

    kind: str  # a FigureKind: money, quantity, power, duration, price, statement
    unit: str  # USD, EUR, chips, GPUs, cores, servers, GW, MW, years, ...
    text: str  # the surface text
    start: int  # offsets into the article text
    end: int
    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str = Qualifier.EXACT  # a Qualifier: exact, approx, up_to, at_least, range, multi, order_of_magnitude
    currency: str | None = None  # money only: the currency as written
    usd: float | None = None  # money only: USD value when the text gives one honestly

    def to_dict(self) -> dict[str, Any]:
        """The figure as a plain dict (the `analyze` JSON shape)."""
        return {name: getattr(self, name) for name in _FIGURE_FIELDS}


_FIGURE_FIELDS = tuple(f.name for f in fields(Figure))


@dataclass(slots=True)
class Mention:
    """A company or chip found in the text, by its canonical name."""

    kind: str  # company, chip
    name: str  # canonical name
    text: str  # surface text
    start: int
    end: int
    known: bool = True  # False for an organisation not in the gazetteer


@dataclass(slots=True)
class Claim:
    """A figure as one article states it, with its role and the deal it belongs to."""

    figure: Figure
    role: str  # a Role: deal_value, investment, capex, acquisition, financing, valuation, revenue, spec, other, statement
    sentence: str
    companies: list[str] = field(default_factory=list)
    chips: list[str] = field(default_factory=list)
    report: int | None = None  # index of the Report (deal statement) in the article
    parties: list[str] = field(default_factory=list)  # the parties of that Report
    in_passing: bool = False  # the article mentions this deal only in passing (background, not its subject)
    roles: dict[str, str] = field(default_factory=dict)  # party -> buyer/seller/investor/investee, from the Report
    # Set when the claim is stored (pipeline/db), used by deals.py:
    id: str | None = None
    deal_id: str | None = None  # the deal it was linked to last time (keeps deal ids stable)
    article_url: str | None = None
    outlet: str | None = None
    published: str | None = None


@dataclass
class Report:
    """One deal as stated in one article: parties, chips and the claims about it."""

    parties: list[str]
    chips: list[str]
    sentence: str
    claims: list[Claim] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)  # party -> buyer/seller/investor/investee
    in_passing: bool = False
    family: str = "deal"  # "investment" when its money is put into a company (a round, a loan), else "deal"
    place: str | None = None  # one of several places a sentence lists ("$20 billion in Ohio and $10 billion in Iowa")


@dataclass
class Deal:
    """A real-world deal: the claims of every outlet that reported it."""

    id: str
    slug: str
    title: str
    parties: list[str]
    chips: list[str]
    first_reported: str | None
    last_reported: str | None
    outlets: list[str]
    claim_ids: list[str]
    usd_low: float | None = None
    usd_high: float | None = None
    disputed: bool = False
    dispute_reasons: list[str] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)  # consensus and range per field
    evidence: list[dict[str, Any]] = field(default_factory=list)  # why each report is in the deal (deals.py)
