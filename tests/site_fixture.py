"""A small fixed database for the site tests, written through db.save_* (no crawl, no extraction).

Three outlets report three deals:
- an Nvidia - CoreWeave GPU supply (Wire One first, $14.2 billion and 200,000 GPUs; Daily Two a day later with
  2,000,000 GPUs, an outlier; Weekly Three later still, first "$15 billion", corrected to "$14 billion");
- an OpenAI - Amazon cloud contract "about $1 billion" (Wire One only);
- an Amazon investment in OpenAI of "at least $10 billion" (Daily Two first, Wire One a day later).
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from scraper import db as store
from scraper.models import Article, Claim, Deal, Figure

COMPANIES = [("Nvidia", "chipmaker"), ("CoreWeave", "neocloud"), ("Amazon", "hyperscaler"), ("OpenAI", "ai_lab")]
CHIPS = [("H100", "Nvidia")]
SUPPLY, CLOUD, INVEST = "d-supply", "d-cloud", "d-invest"


def company(name: str, kind: str) -> SimpleNamespace:
    """A gazetteer company as save_gazetteer reads it."""
    return SimpleNamespace(name=name, aliases=[], ticker=None, kind=kind, country="US")


def chip(name: str, vendor: str) -> SimpleNamespace:
    """A gazetteer chip as save_gazetteer reads it."""
    return SimpleNamespace(name=name, vendor=vendor, family="Hopper", kind="gpu", aliases=[])


def article(outlet: str, slug: str, published: str, text: str, title: str) -> Article:
    """An article of the fixture."""
    host = outlet.lower().replace(" ", "")
    return Article(url=f"https://{host}.example/{slug}", text=text, title=title, outlet=outlet, published=published,
                   fetched_at=published, language="en", relevance=0.9)


def claims_of(art: Article, figures: list[tuple[str, str, str, float | None, str, str]],
              parties: list[str], chips: list[str], roles: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Claims rows for figures (kind, unit, text, value, qualifier, role) found in the article's text."""
    rows = []
    for kind, unit, text, value, qualifier, role in figures:
        start = art.text.index(text)
        figure = Figure(kind=kind, unit=unit, text=text, start=start, end=start + len(text), value=value,
                        qualifier=qualifier, currency="USD" if kind == "money" else None,
                        usd=value if kind == "money" else None)
        sentence = next(s for s in art.text.split(". ") if text in s)
        claim = Claim(figure=figure, role=role, sentence=sentence, companies=parties, chips=chips, report=0,
                      parties=parties, roles=roles or {})
        rows.append(store.claim_row(claim, art))
    return rows


def evidence(art: Article, step: str, probability: float, compared_with: int,
             contributions: dict[str, float], features: dict[str, float] | None = None) -> dict[str, Any]:
    """One Deal.evidence entry (as deals.py writes it) for the first report of an article."""
    return {"article_url": art.url, "report": 0, "outlet": art.outlet, "published": art.published, "step": step,
            "compared_with": compared_with, "probability": probability,
            "features": features if features is not None else {k: 1.0 for k in contributions},
            "contributions": contributions}


def build(path: Path) -> dict[str, Any]:
    """Write the fixture database at `path`; returns the ids the tests look for."""
    db = store.open_db(path)
    store.save_gazetteer(db, [company(n, k) for n, k in COMPANIES], [chip(n, v) for n, v in CHIPS])
    ids: dict[str, Any] = {"claims": {}, "articles": {}}
    assignment: dict[str, str] = {}

    def save(art: Article, rows: list[dict[str, Any]], deal: str, key: str, changes: Any = None) -> None:
        store.save_article(db, None, store.article_row(art, True), rows, changes)
        ids["articles"][key] = store.article_id(art.url)
        for row in rows:
            assignment[row["id"]] = deal
            ids["claims"][f"{key}:{row['text']}"] = row["id"]

    wire = article("Wire One", "nvidia-coreweave", "2025-10-02T08:00:00Z",
                   "Nvidia will supply 200,000 GPUs to CoreWeave. The H100 order is worth $14.2 billion, the "
                   "companies said in a statement.", "Nvidia to supply CoreWeave with 200,000 GPUs")
    save(wire, claims_of(wire, [("quantity", "GPUs", "200,000 GPUs", 2e5, "exact", "deal_value"),
                                ("money", "USD", "$14.2 billion", 1.42e10, "exact", "deal_value")],
                         ["CoreWeave", "Nvidia"], ["H100"]), SUPPLY, "wire-supply")
    daily = article("Daily Two", "coreweave-gpus", "2025-10-03T08:00:00Z",
                    "CoreWeave is buying 2,000,000 GPUs from Nvidia. The H100 deal is valued at $14.2 billion.",
                    "CoreWeave buys Nvidia GPUs")
    save(daily, claims_of(daily, [("quantity", "GPUs", "2,000,000 GPUs", 2e6, "exact", "deal_value"),
                                  ("money", "USD", "$14.2 billion", 1.42e10, "exact", "deal_value")],
                          ["CoreWeave", "Nvidia"], ["H100"]), SUPPLY, "daily-supply")
    weekly_text = ("Nvidia agreed to sell 200,000 GPUs to CoreWeave. Reportedly the H100 contract is worth {v}, "
                   "people familiar said.")
    weekly = article("Weekly Three", "gpu-week", "2025-10-04T20:00:00Z", weekly_text.format(v="$15 billion"),
                     "The week in GPUs")
    figures = [("quantity", "GPUs", "200,000 GPUs", 2e5, "exact", "deal_value")]
    save(weekly, claims_of(weekly, figures + [("money", "USD", "$15 billion", 1.5e10, "exact", "deal_value")],
                           ["CoreWeave", "Nvidia"], ["H100"]), SUPPLY, "weekly-supply-before")
    corrected = article("Weekly Three", "gpu-week", "2025-10-04T20:00:00Z", weekly_text.format(v="$14 billion"),
                        "The week in GPUs")
    corrected.fetched_at = "2025-10-06T09:00:00Z"

    def changes(old: list, new: list, **where: Any) -> list[dict[str, Any]]:
        """The one figure Weekly Three changed."""
        return [{"id": "change-1", "deal_id": SUPPLY, "article_id": where["article_id"], "outlet": where["outlet"],
                 "url": where["url"], "field": "value", "before_text": "$15 billion", "after_text": "$14 billion",
                 "before_value": 1.5e10, "after_value": 1.4e10, "unit": "USD", "changed_at": where["changed_at"]}]

    for claim_id in [c for k, c in ids["claims"].items() if k.startswith("weekly-supply-before")]:
        assignment.pop(claim_id, None)
    save(corrected, claims_of(corrected, figures + [("money", "USD", "$14 billion", 1.4e10, "exact", "deal_value")],
                              ["CoreWeave", "Nvidia"], ["H100"]), SUPPLY, "weekly-supply", changes)
    cloud = article("Wire One", "openai-aws", "2025-11-10T12:00:00Z",
                    "OpenAI will rent servers from Amazon in a cloud deal worth about $1 billion over 5 years.",
                    "OpenAI signs with AWS")
    save(cloud, claims_of(cloud, [("money", "USD", "about $1 billion", 1e9, "approx", "deal_value"),
                                  ("duration", "years", "5 years", 5, "exact", "deal_value")],
                          ["Amazon", "OpenAI"], []), CLOUD, "wire-cloud")
    roles = {"Amazon": "investor", "OpenAI": "investee"}
    invest_daily = article("Daily Two", "amazon-openai-stake", "2025-12-01T06:00:00Z",
                           "Amazon will invest at least $10 billion in OpenAI, people familiar said.",
                           "Amazon to invest in OpenAI")
    save(invest_daily, claims_of(invest_daily, [("money", "USD", "at least $10 billion", 1e10, "at_least",
                                                 "investment")], ["Amazon", "OpenAI"], [], roles), INVEST,
         "daily-invest")
    invest_wire = article("Wire One", "amazon-openai", "2025-12-02T06:00:00Z",
                          "Amazon is investing $10 billion in OpenAI.", "Amazon invests in OpenAI")
    save(invest_wire, claims_of(invest_wire, [("money", "USD", "$10 billion", 1e10, "exact", "investment")],
                                ["Amazon", "OpenAI"], [], roles), INVEST, "wire-invest")
    deals = [
        Deal(id=SUPPLY, slug="coreweave-nvidia-h100-2025-10", title="CoreWeave – Nvidia deal (H100)",
             parties=["CoreWeave", "Nvidia"], chips=["H100"], first_reported="2025-10-02T08:00:00Z",
             last_reported="2025-10-04T20:00:00Z", outlets=["Daily Two", "Weekly Three", "Wire One"],
             claim_ids=[c for c, d in assignment.items() if d == SUPPLY], usd_low=1.4e10, usd_high=1.42e10,
             disputed=True, dispute_reasons=["quantity: Daily Two says 2,000,000 GPUs, the others 200,000"],
             summary={"value": {"consensus": 1.42e10, "low": 1.4e10, "high": 1.42e10, "units": ["USD"],
                                "outlets": ["Daily Two", "Weekly Three", "Wire One"]},
                      "quantity": {"consensus": 2e5, "low": 2e5, "high": 2e6, "units": ["GPUs"],
                                   "outlets": ["Daily Two", "Weekly Three", "Wire One"],
                                   "disputed": "quantity: Daily Two says 2,000,000 GPUs"},
                      "roles": {}},
             evidence=[
                 evidence(wire, "first report", 1.0, 0, {}, {}),
                 # Daily Two: the same parties, amount and chips, a day later; its GPU count conflicts.
                 evidence(daily, "joined", 0.9135, 1,
                          {"shared2": 1.627, "money_match": 1.376, "chip_match": 1.763, "distinctive": 0.638,
                           "quantity_conflict": -0.424, "days": -0.01},
                          {"shared2": 1.0, "money_match": 1.0, "chip_match": 1.0, "distinctive": 1.0,
                           "quantity_conflict": 1.0, "days": 0.003, "cosine": 0.0}),
                 evidence(corrected, "joined", 0.9457, 2,
                          {"shared2": 1.627, "quantity_match": 1.098, "chip_match": 1.763, "cosine": 1.011,
                           "days": -0.03},
                          {"shared2": 1.0, "quantity_match": 1.0, "chip_match": 1.0, "cosine": 0.3, "days": 0.008}),
             ]),
        Deal(id=CLOUD, slug="amazon-openai-2025-11", title="Amazon – OpenAI deal", parties=["Amazon", "OpenAI"],
             chips=[], first_reported="2025-11-10T12:00:00Z", last_reported="2025-11-10T12:00:00Z",
             outlets=["Wire One"], claim_ids=[c for c, d in assignment.items() if d == CLOUD], usd_low=1e9,
             usd_high=1e9, summary={"value": {"consensus": 1e9, "low": 1e9, "high": 1e9, "units": ["USD"],
                                              "outlets": ["Wire One"]},
                                    "duration": {"consensus": 5.0, "low": 5.0, "high": 5.0, "units": ["years"],
                                                 "outlets": ["Wire One"]}, "roles": {}}),
        Deal(id=INVEST, slug="amazon-openai-2025-12", title="Amazon – OpenAI investment", parties=["Amazon", "OpenAI"],
             chips=[], first_reported="2025-12-01T06:00:00Z", last_reported="2025-12-02T06:00:00Z",
             outlets=["Daily Two", "Wire One"], claim_ids=[c for c, d in assignment.items() if d == INVEST],
             usd_low=1e10, usd_high=1e10,
             summary={"value": {"consensus": 1e10, "low": 1e10, "high": 1e10, "units": ["USD"],
                                "outlets": ["Daily Two", "Wire One"]}, "roles": roles},
             evidence=[evidence(invest_daily, "first report", 1.0, 0, {}, {}),
                       evidence(invest_wire, "merged", 0.7277, 1,
                                {"shared2": 1.627, "money_match": 1.376, "cosine": 1.517, "days": -0.01,
                                 "expansion_differs": -0.915},
                                {"shared2": 1.0, "money_match": 1.0, "cosine": 0.45, "days": 0.003,
                                 "expansion_differs": 1.0})]),
    ]
    store.save_deals(db, deals, assignment)
    db.close()
    return ids
