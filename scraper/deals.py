"""Deals stage: claims from many articles -> deals, keeping every outlet's figures and flagging disagreement.

A pure function of the claims (and of the deal ids they had before, so ids stay stable),
fast enough for `scraper link` to rebuild every deal in seconds.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable

from .gazetteer import load_gazetteer, load_places
from .models import Claim, Deal

WINDOW_DAYS = 120  # reports of the same parties further apart than this are different deals
EXPANSION_GAP_DAYS = 14  # an "additional $X" this long after a deal is a new deal linked to it
INVESTMENT_ROLES = {"investment", "financing"}  # an acquisition's price is what a deal is worth, like deal_value
FIGURE_ROLES = {"deal_value", "investment", "financing", "acquisition"}
QUANTITY_CLASSES = {
    "chips": "chips", "gpus": "chips", "cpus": "chips", "tpus": "chips", "processors": "chips",
    "accelerators": "chips", "superchips": "chips", "servers": "servers", "systems": "servers", "nodes": "servers",
}
EXPANSION = re.compile(
    r"\b(expan(d|ds|ded|ding|sion)|additional|another|extend(s|ed|ing)?|extension|follow(s|ed|ing)? up|fresh|new round"
    r"|top(s|ped)? up|increas(e|es|ed|ing)|boost(s|ed|ing)?|on top of|second|further)\b",
    re.I,
)


MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
STATED_MONTH = re.compile(r"\b(?:in|on|since|during|agreed|signed|announced)\s+((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
                          r"[a-z]*)\.?\s+(20\d\d)\b")
# Two exact amounts this far apart are two deals (a 10x gap is more likely a typo: see _outliers).
DIFFERENT_AMOUNTS = (1.8, 8.0)


@dataclass
class _Report:
    """The claims one article makes about one deal."""

    key: tuple[str, int]
    parties: frozenset[str]
    chips: list[str]
    family: str
    published: str
    outlet: str
    in_passing: bool
    expansion: bool
    claims: list[Claim] = field(default_factory=list)
    money: list[tuple[str, float]] = field(default_factory=list)  # (currency, value) of its money figures, and USD
    places: set[str] = field(default_factory=set)  # countries and regions its sentences name
    exact: list[tuple[str, float]] = field(default_factory=list)  # money stated exactly ("$2.3bn", not "up to")
    quantities: list[tuple[str, float]] = field(default_factory=list)  # (unit class, value)


@dataclass
class _Group:
    reports: list[_Report]
    parties: set[str]
    families: set[str]
    first: str
    last: str
    expands: "_Group | None" = None
    deal_id: str = ""


def link_claims(claims: Iterable[Claim], slugs: dict[str, str] | None = None) -> tuple[list[Deal], dict[str, str]]:
    """Group claims into deals; returns the deals and a map claim id -> deal id.

    `claim.deal_id` (the deal a claim was linked to last time) keeps deal ids stable, and
    `slugs` (deal id -> slug from last time) keeps their slugs.
    """
    reports = _reports(claims)
    groups: list[_Group] = []
    by_party: dict[str, list[_Group]] = defaultdict(list)
    for report in sorted(reports, key=lambda r: (r.published or "9999", r.key)):
        candidates = {id(g): g for p in report.parties for g in by_party[p]}
        if not report.parties:
            candidates = {id(g): g for g in groups}
        target, expands = _choose(report, list(candidates.values()))
        if target is None:
            target = _Group(reports=[], parties=set(), families=set(), first=report.published, last=report.published,
                            expands=expands)
            groups.append(target)
        _add(target, report)
        for party in report.parties:
            if target not in by_party[party]:
                by_party[party].append(target)
    _assign_ids(groups)
    deals: list[Deal] = []
    assignment: dict[str, str] = {}
    used_slugs: set[str] = set()
    for group in groups:
        deal = _make_deal(group, slugs or {}, used_slugs)
        deals.append(deal)
        for report in group.reports:
            for claim in report.claims:
                if claim.id:
                    assignment[claim.id] = deal.id
    return deals, assignment


def _reports(claims: Iterable[Claim]) -> list[_Report]:
    gazetteer = load_gazetteer()
    by_key: dict[tuple[str, int], _Report] = {}
    for claim in claims:
        if claim.report is None or not claim.article_url:
            continue
        key = (claim.article_url, claim.report)
        report = by_key.get(key)
        if report is None:
            report = by_key[key] = _Report(
                key=key, parties=frozenset(claim.parties or claim.companies), chips=[], family="deal",
                published=claim.published or "", outlet=claim.outlet or "", in_passing=claim.in_passing,
                expansion=False,
            )
        report.claims.append(claim)
        for chip in claim.chips:
            if chip not in report.chips:
                report.chips.append(chip)
        fig = claim.figure
        if fig.kind == "money" and claim.role in FIGURE_ROLES:
            if fig.usd is not None:
                report.money.append(("USD", fig.usd))
            if fig.currency and fig.currency != "USD" and fig.value is not None:
                report.money.append((fig.currency, fig.value))
            if fig.qualifier in ("exact", "approx") and fig.value is not None:
                report.exact.append((fig.currency or "USD", fig.value))
        elif fig.kind == "quantity" and claim.role != "spec" and fig.value is not None:
            report.quantities.append((QUANTITY_CLASSES.get(fig.unit.lower(), fig.unit.lower()), fig.value))
        if fig.kind == "money" and EXPANSION.search(claim.sentence[: max(0, fig.start - _sentence_start(claim))
                                                                    + len(fig.text) + 40]):
            report.expansion = True
    places = load_places()
    found: dict[str, set[str]] = {}
    for report in by_key.values():
        for claim in report.claims:
            if claim.sentence not in found:
                found[claim.sentence] = places.find(claim.sentence)
            report.places |= found[claim.sentence]
            if not report.published and (hint := STATED_MONTH.search(claim.sentence)):
                # "The deal, agreed in July 2023, ...": an undated report dates itself
                report.published = f"{hint.group(2)}-{MONTHS.index(hint.group(1)[:3].lower()) + 1:02d}-01T00:00:00Z"
        money = [c for c in report.claims if c.figure.kind == "money"]
        if money and all(c.role in INVESTMENT_ROLES for c in money):
            report.family = "investment"
        report.chips = [_family(gazetteer, c) for c in report.chips]
    return list(by_key.values())


def _sentence_start(claim: Claim) -> int:
    """Offset of the claim's sentence in the article (the figure's offset minus its place in the sentence)."""
    where = claim.sentence.find(claim.figure.text)
    return claim.figure.start - where if where >= 0 else claim.figure.start


def _family(gazetteer, name: str) -> str:
    chip = gazetteer.chip(name)
    return chip.family if chip and chip.family else name


def _days(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    try:
        first = datetime.fromisoformat(a.replace("Z", "+00:00"))
        second = datetime.fromisoformat(b.replace("Z", "+00:00"))
    except ValueError:
        return 0.0
    return abs((first - second).total_seconds()) / 86400


def _close(a: float, b: float, tolerance: float = 0.02) -> bool:
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


def _shares_figure(report: _Report, group: _Group) -> bool:
    """Whether a report states a money or quantity figure that the group already has.

    Parts count too: "$500 million now and $1.5 billion later" is the "$2 billion" deal.
    """
    for other in group.reports:
        if any(c == d and _close(a, b) for c, a in report.money for d, b in other.money):
            return True
        if _sums_to(report.money, other.money) or _sums_to(other.money, report.money):
            return True
        if any(u == v and _close(a, b) for u, a in report.quantities for v, b in other.quantities):
            return True
    return False


def _sums_to(parts: list[tuple[str, float]], totals: list[tuple[str, float]]) -> bool:
    """Whether two different amounts of one report add up to an amount of the other."""
    for i, (c, a) in enumerate(parts):
        for d, b in parts[i + 1:]:
            if c == d and not _close(a, b) and any(e == c and _close(a + b, t) for e, t in totals):
                return True
    return False


def _different_amounts(report: _Report, group: _Group) -> bool:
    """Whether the report's exact amounts and the group's are different deals ($2.3bn in 2023, $7.5bn in 2024)."""
    theirs = [m for other in group.reports for m in other.exact]
    if len(report.parties) < 2 or len(group.parties) < 2:
        return False  # a company's own build is often revised ("$5 billion", later "$10 billion")
    if not report.exact or not theirs or _shares_figure(report, group):
        return False
    low, high = DIFFERENT_AMOUNTS
    ratios = [max(a, b) / min(a, b) for c, a in report.exact for d, b in theirs if c == d and min(a, b) > 0]
    return bool(ratios) and all(low <= r <= high for r in ratios)


def _shares_place(report: _Report, group: _Group) -> bool:
    """Whether a report names a country or region that the group's reports name ("Amazon ... in Indiana")."""
    return bool(report.places) and any(report.places & other.places for other in group.reports)


def _choose(report: _Report, candidates: list[_Group]) -> tuple[_Group | None, _Group | None]:
    """The group a report joins (or None for a new deal), and the group a new deal expands."""
    best: tuple[tuple, _Group] | None = None
    expands: _Group | None = None
    for group in candidates:
        verdict = _match(report, group)
        if verdict == "expansion":
            expands = group
            continue
        if verdict != "same":
            continue
        shared = len(report.parties & group.parties)
        distance = min(_days(report.published, group.first), _days(report.published, group.last))
        alike = report.expansion == any(r.expansion for r in group.reports)
        score = (shared, alike, _shares_figure(report, group), -distance)
        if best is None or score > best[0]:
            best = (score, group)
    return (best[1] if best else None), (None if best else expands)


def _match(report: _Report, group: _Group) -> str:
    """'same' when the report states the group's deal, 'expansion' for a later add-on to it, else 'no'."""
    shared = report.parties & group.parties
    if len(report.parties) >= 2 and len(group.parties) >= 2:
        # Never merge on a single shared company.
        if len(shared) < 2 or shared != min(report.parties, frozenset(group.parties), key=len):
            return "no"
    elif report.parties and not shared:
        return "no"
    elif report.places and (group_places := {p for r in group.reports for p in r.places}) \
            and not report.places & group_places:
        return "no"  # the same company building in Texas and in Louisiana: two projects
    elif not _shares_figure(report, group) and not (shared and _shares_place(report, group)):
        # One named party (or none): only a shared figure, or the same company in the same place, says it is the same deal.
        return "no"
    group_chips = {c for r in group.reports for c in r.chips}
    if group.families and report.family not in group.families and not _shares_figure(report, group) \
            and not set(report.chips) & group_chips:
        return "no"
    if report.chips and group_chips and not set(report.chips) & group_chips:
        return "no"
    if _different_amounts(report, group):
        return "no"
    if report.in_passing or not report.published or not group.first:
        return "same"
    far = _days(report.published, group.last) > WINDOW_DAYS and _days(report.published, group.first) > WINDOW_DAYS
    if report.expansion and report.money and _days(report.published, group.first) > EXPANSION_GAP_DAYS:
        return "expansion"  # "an additional $4 billion": a new deal, linked to the one it adds to
    if far:
        return "no"
    return "same"


def _add(group: _Group, report: _Report) -> None:
    group.reports.append(report)
    group.parties |= report.parties
    group.families.add(report.family)
    if report.published:
        group.first = min(filter(None, [group.first, report.published]))
        group.last = max(filter(None, [group.last, report.published]))


def _assign_ids(groups: list[_Group]) -> None:
    """Keep the deal id most of a group's claims had; new groups get an id from their first report."""
    wanted: list[tuple[int, int, str]] = []
    for index, group in enumerate(groups):
        previous = Counter(c.deal_id for r in group.reports for c in r.claims if c.deal_id)
        for deal_id, count in previous.items():
            wanted.append((-count, index, deal_id))
    taken: set[str] = set()
    for _, index, deal_id in sorted(wanted):
        group = groups[index]
        if not group.deal_id and deal_id not in taken:
            group.deal_id = deal_id
            taken.add(deal_id)
    for group in groups:
        if not group.deal_id:
            first = min(group.reports, key=lambda r: (r.published or "9999", r.key))
            base = hashlib.sha1(f"{first.key[0]}#{first.key[1]}".encode()).hexdigest()[:12]
            deal_id, n = base, 2
            while deal_id in taken:
                deal_id, n = f"{base}-{n}", n + 1
            group.deal_id = deal_id
            taken.add(deal_id)


def _make_deal(group: _Group, slugs: dict[str, str], used: set[str]) -> Deal:
    reports = group.reports
    gazetteer = load_gazetteer()
    parties = sorted(group.parties, key=str.lower)
    names = [c for r in reports for claim in r.claims for c in claim.chips]
    chips = _specific_chips(names, gazetteer)
    dates = sorted(r.published for r in reports if r.published)
    outlets = sorted({r.outlet for r in reports if r.outlet})
    claims = [c for r in reports for c in r.claims]
    # Figures of articles that mention the deal only in passing count only when nothing else states them.
    main = [c for r in reports if not r.in_passing for c in r.claims] or claims
    summary, disputes = summarize(main)
    money = summary.get("value", {})
    family = "investment" if group.families == {"investment"} else "deal"
    roles = _roles(claims)
    slug = slugs.get(group.deal_id) or _slug(parties, chips, dates[0] if dates else None)
    base, n = slug, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    summary["roles"] = roles
    if group.expands is not None:
        summary["expands"] = group.expands.deal_id
    return Deal(
        id=group.deal_id,
        slug=slug,
        title=_title(parties, chips, family),
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


def _roles(claims: list[Claim]) -> dict[str, str]:
    """Party roles (buyer/seller, investor/investee) as most articles state them."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for claim in claims:
        for party, role in claim.roles.items():
            votes[party][role] += 1
    return {party: counter.most_common(1)[0][0] for party, counter in votes.items()}


def _specific_chips(chips: list[str], gazetteer) -> list[str]:
    """Chips of a deal, dropping a family name ("Graviton") when a chip of that family is named ("Graviton5")."""
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
        return "value" if claim.role in FIGURE_ROLES else None
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
        return fig.usd
    if fig.value is not None:
        return fig.value
    if fig.low is not None and fig.high is not None:
        return (fig.low + fig.high) / 2
    return None


def summarize(claims: list[Claim]) -> tuple[dict, list[str]]:
    """Consensus value and range per field, and the disagreements between outlets."""
    fields: dict[str, list[tuple[str, float, str, str]]] = defaultdict(list)
    bounds: dict[str, list[float]] = defaultdict(list)
    for claim in claims:
        name = _field(claim)
        if name is None:
            continue
        number = _number(claim)
        fig = claim.figure
        if fig.kind != "money":
            bounds[name] += [b for b in (fig.low, fig.high) if b is not None]
        if number is None:
            continue
        unit = fig.unit if fig.kind != "money" else "USD"
        fields[name].append((claim.outlet or "?", number, unit, fig.text))
    summary: dict[str, dict] = {}
    disputes: list[str] = []
    for name, values in fields.items():
        per_outlet = _per_outlet(values)
        outliers = _outliers(per_outlet)
        trusted = [n for outlet, (n, _, _) in per_outlet.items() if outlet not in outliers]
        numbers = sorted(n for _, n, _, _ in values)
        # With two outlets 10x apart there is no majority to trust: no consensus, both flagged.
        consensus = sorted(trusted)[len(trusted) // 2] if trusted else None
        entry: dict = {
            "consensus": consensus,
            "low": min(numbers + bounds[name]),
            "high": max(numbers + bounds[name]),
            "units": sorted({u for _, _, u, _ in values}),
            "outlets": sorted(per_outlet),
        }
        reason = _dispute(name, per_outlet, outliers)
        if reason:
            entry["disputed"] = reason
            disputes.append(reason)
        if outliers:
            entry["likely_errors"] = sorted(outliers)
        summary[name] = entry
    return summary, disputes


def _per_outlet(values: list[tuple[str, float, str, str]]) -> dict[str, tuple[float, str, str]]:
    """Each outlet's figure for a field: the one it states most often (the largest on a tie)."""
    grouped: dict[str, list[tuple[float, str, str]]] = defaultdict(list)
    for outlet, number, unit, text in values:
        grouped[outlet].append((number, unit, text))
    out = {}
    for outlet, items in grouped.items():
        counts = Counter((n, u) for n, u, _ in items)
        (number, unit), _ = max(counts.items(), key=lambda kv: (kv[1], kv[0][0]))
        text = next(t for n, u, t in items if n == number and u == unit)
        out[outlet] = (number, unit, text)
    return out


def _outliers(per_outlet: dict[str, tuple[float, str, str]]) -> set[str]:
    """Outlets whose figure is about 10x (or 1/10) the figure the other outlets agree on."""
    if len(per_outlet) < 2:
        return set()
    out = set()
    for outlet, (number, unit, _) in per_outlet.items():
        others = [n for o, (n, u, _) in per_outlet.items() if o != outlet and u == unit]
        if not others or number <= 0:
            continue
        agree = all(_close(a, others[0], 0.1) for a in others)
        ratio = number / others[0]
        if agree and (7 <= ratio <= 13 or 1 / 13 <= ratio <= 1 / 7):
            out.add(outlet)
    return out


def _dispute(name: str, per_outlet: dict[str, tuple[float, str, str]], outliers: set[str]) -> str | None:
    """Why the outlets disagree on one field, or None when they agree."""
    if len(per_outlet) < 2:
        return None
    entries = sorted(per_outlet.items())
    numbers = [n for _, (n, _, _) in entries]
    units = {QUANTITY_CLASSES.get(u.lower(), u.lower()) for _, (_, u, _) in entries}
    if len(units) == 1 and max(numbers) <= 1.1 * min(numbers):
        return None
    said = "; ".join(f"{outlet}: {text}" for outlet, (_, _, text) in entries)
    if len(units) > 1:
        return f"{name}: outlets count different things ({said})"
    if outliers:
        return f"{name}: likely error at {', '.join(sorted(outliers))}, 10x off ({said})"
    return f"{name}: outlets disagree ({said})"
