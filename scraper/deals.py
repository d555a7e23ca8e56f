"""Deals stage: claims from many articles -> deals, keeping every outlet's figures and flagging disagreement.

A pure function of the claims, so `scraper link` can rebuild every deal in seconds.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

from .gazetteer import load_gazetteer
from .models import Claim, Deal

WINDOW_DAYS = 120  # reports of the same parties further apart than this are different deals
INVESTMENT_ROLES = {"investment", "financing", "acquisition"}
QUANTITY_CLASSES = {
    "chips": "chips", "gpus": "chips", "cpus": "chips", "tpus": "chips", "processors": "chips",
    "accelerators": "chips", "superchips": "chips", "servers": "servers", "systems": "servers", "nodes": "servers",
}


@dataclass
class _Report:
    """The claims one article makes about one deal."""

    key: tuple[str, int]
    parties: frozenset[str]
    chips: list[str]
    family: str
    published: str
    outlet: str
    claims: list[Claim] = field(default_factory=list)


def link_claims(claims: list[Claim]) -> tuple[list[Deal], dict[str, str]]:
    """Group claims into deals; returns the deals and a map claim id -> deal id."""
    reports = _reports(claims)
    groups: list[list[_Report]] = []
    for report in sorted(reports, key=lambda r: (r.published, r.key)):
        target = next((g for g in groups if _same_deal(g, report)), None)
        if target is None:
            groups.append([report])
        else:
            target.append(report)
    deals: list[Deal] = []
    assignment: dict[str, str] = {}
    slugs: set[str] = set()
    for group in groups:
        deal = _make_deal(group, slugs)
        deals.append(deal)
        for report in group:
            for claim in report.claims:
                if claim.id:
                    assignment[claim.id] = deal.id
    return deals, assignment


def _reports(claims: list[Claim]) -> list[_Report]:
    by_key: dict[tuple[str, int], _Report] = {}
    for claim in claims:
        if claim.report is None or not claim.article_url:
            continue
        key = (claim.article_url, claim.report)
        report = by_key.get(key)
        if report is None:
            report = by_key[key] = _Report(
                key=key, parties=frozenset(claim.parties or claim.companies), chips=[], family="deal",
                published=claim.published or "", outlet=claim.outlet or "",
            )
        report.claims.append(claim)
        for chip in claim.chips:
            if chip not in report.chips:
                report.chips.append(chip)
    for report in by_key.values():
        money = [c for c in report.claims if c.figure.kind == "money"]
        if money and all(c.role in INVESTMENT_ROLES for c in money):
            report.family = "investment"
    return list(by_key.values())


def _families(chips: list[str]) -> set[str]:
    gazetteer = load_gazetteer()
    out = set()
    for name in chips:
        chip = gazetteer.chip(name)
        out.add(chip.family if chip and chip.family else name)
    return out


def _days(a: str, b: str) -> float:
    try:
        first = datetime.fromisoformat(a.replace("Z", "+00:00"))
        second = datetime.fromisoformat(b.replace("Z", "+00:00"))
    except ValueError:
        return 0.0
    return abs((first - second).total_seconds()) / 86400


def _same_deal(group: list[_Report], report: _Report) -> bool:
    """Whether a report states the deal a group of reports already states."""
    head = group[0]
    if len(report.parties) < 2 or len(head.parties) < 2:
        return False
    shared = report.parties & head.parties
    # Never merge on a single shared company.
    if len(shared) < 2 or shared != min(report.parties, head.parties, key=len):
        return False
    if report.family != head.family:
        return False
    group_chips = [c for r in group for c in r.chips]
    if report.chips and group_chips and not (_families(report.chips) & _families(group_chips)):
        return False
    latest = max(r.published for r in group)
    if report.published and latest and _days(report.published, latest) > WINDOW_DAYS:
        return False
    return True


def _make_deal(group: list[_Report], slugs: set[str]) -> Deal:
    first = group[0]
    parties = sorted(set().union(*(r.parties for r in group)), key=str.lower)
    chips = _specific_chips([c for r in group for c in r.chips])
    dates = sorted(r.published for r in group if r.published)
    outlets = sorted({r.outlet for r in group if r.outlet})
    claims = [c for r in group for c in r.claims]
    summary, disputes = summarize(claims)
    money = summary.get("value", {})
    deal_id = hashlib.sha1(f"{first.key[0]}#{first.key[1]}".encode()).hexdigest()[:12]
    title = _title(parties, chips, first.family)
    slug = _slug(parties, chips, dates[0] if dates else None)
    base, n = slug, 2
    while slug in slugs:
        slug, n = f"{base}-{n}", n + 1
    slugs.add(slug)
    return Deal(
        id=deal_id,
        slug=slug,
        title=title,
        parties=parties,
        chips=chips,
        first_reported=dates[0] if dates else None,
        last_reported=dates[-1] if dates else None,
        outlets=outlets,
        claim_ids=[c.id for c in claims if c.id],
        usd_low=money.get("low"),
        usd_high=money.get("high"),
        disputed=bool(disputes),
        dispute_reasons=disputes,
        summary=summary,
    )


def _specific_chips(chips: list[str]) -> list[str]:
    gazetteer = load_gazetteer()
    specific_families = {
        chip.family for name in chips if (chip := gazetteer.chip(name)) and chip.kind != "family"
    }
    out = []
    for name in chips:
        chip = gazetteer.chip(name)
        if chip and chip.kind == "family" and chip.family in specific_families:
            continue
        if name not in out:
            out.append(name)
    return out


def _title(parties: list[str], chips: list[str], family: str) -> str:
    names = " – ".join(parties) if parties else "Unnamed parties"
    what = "investment" if family == "investment" else "deal"
    return f"{names} {what}" + (f" ({', '.join(chips)})" if chips else "")


def _slug(parties: list[str], chips: list[str], date: str | None) -> str:
    words = parties + chips[:1] + ([date[:7]] if date else [])
    return re.sub(r"[^a-z0-9]+", "-", " ".join(words).lower()).strip("-") or "deal"


def _field(claim: Claim) -> str | None:
    kind = claim.figure.kind
    if kind == "money":
        return "value" if claim.role not in ("valuation", "revenue", "capex") else None
    if kind == "quantity" and claim.role != "spec":
        return "quantity"
    if kind == "power":
        return "power"
    if kind == "duration":
        return "duration"
    return None


def _number(claim: Claim) -> float | None:
    fig = claim.figure
    if fig.kind == "money":
        if fig.usd is not None:
            return fig.usd
        return None
    if fig.value is not None:
        return fig.value
    if fig.low is not None and fig.high is not None:
        return (fig.low + fig.high) / 2
    return None


def summarize(claims: list[Claim]) -> tuple[dict, list[str]]:
    """Consensus value and range per field, and the disagreements between outlets."""
    fields: dict[str, list[tuple[str, float, str, str]]] = {}
    for claim in claims:
        name = _field(claim)
        number = _number(claim)
        if name is None or number is None:
            continue
        unit = claim.figure.unit if claim.figure.kind != "money" else "USD"
        fields.setdefault(name, []).append((claim.outlet or "?", number, unit, claim.figure.text))
    summary: dict[str, dict] = {}
    disputes: list[str] = []
    for name, values in fields.items():
        numbers = sorted(v for _, v, _, _ in values)
        lows = [c.figure.low for c in claims if _field(c) == name and c.figure.low is not None]
        highs = [c.figure.high for c in claims if _field(c) == name and c.figure.high is not None]
        units = sorted({u for _, _, u, _ in values})
        entry = {
            "consensus": numbers[len(numbers) // 2],
            "low": min(numbers + lows),
            "high": max(numbers + highs),
            "units": units,
            "outlets": sorted({o for o, _, _, _ in values}),
        }
        summary[name] = entry
        reason = _dispute(name, values)
        if reason:
            entry["disputed"] = reason
            disputes.append(reason)
    return summary, disputes


def _dispute(name: str, values: list[tuple[str, float, str, str]]) -> str | None:
    """Why the outlets disagree on one field, or None when they agree."""
    per_outlet: dict[str, tuple[float, str, str]] = {}
    for outlet, number, unit, text in values:
        per_outlet.setdefault(outlet, (number, unit, text))
    if len(per_outlet) < 2:
        return None
    entries = sorted(per_outlet.items())
    numbers = [n for _, (n, _, _) in entries]
    units = {QUANTITY_CLASSES.get(u.lower(), u.lower()) for _, (_, u, _) in entries}
    spread = max(numbers) / min(numbers) if min(numbers) > 0 else float("inf")
    if spread <= 1.1 and len(units) == 1:
        return None
    said = "; ".join(f"{outlet}: {text}" for outlet, (_, _, text) in entries)
    if len(units) > 1:
        return f"{name}: outlets count different things ({said})"
    median = sorted(numbers)[len(numbers) // 2]
    outliers = [o for o, (n, _, _) in entries if median and (n / median >= 8 or n / median <= 0.125)]
    if outliers and len(outliers) < len(entries) - 0:
        return f"{name}: likely error, 10x off the others at {', '.join(outliers)} ({said})"
    return f"{name}: outlets disagree ({said})"
