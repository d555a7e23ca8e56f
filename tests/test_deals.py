"""Deals across outlets: grouping claims of one deal, keeping different deals apart, disputes, stable ids."""

from __future__ import annotations

import itertools

import pytest

from scraper.deals import link_claims, summarize
from scraper.models import Claim, Figure

_ids = itertools.count()


def claim(url, outlet, published, parties, *, kind="money", value=None, usd=None, unit=None, qualifier="exact",
          role="deal_value", text=None, sentence=None, chips=(), report=0, in_passing=False, deal_id=None):
    unit = unit or ("USD" if kind == "money" else "chips")
    if kind == "money" and usd is None and value is not None:
        usd = value
    text = text or f"{value} {unit}"
    sentence = sentence or f"{' and '.join(parties)} agreed a deal of {text}."
    start = sentence.find(text)
    figure = Figure(kind=kind, unit=unit, text=text, start=start, end=start + len(text), value=value,
                    qualifier=qualifier, currency="USD" if kind == "money" else None, usd=usd)
    return Claim(figure=figure, role=role, sentence=sentence, companies=list(parties), chips=list(chips),
                 report=report, parties=list(parties), id=f"c{next(_ids)}", article_url=url, outlet=outlet,
                 published=published, in_passing=in_passing, deal_id=deal_id)


def deals_of(claims, slugs=None):
    deals, assignment = link_claims(claims, slugs)
    return deals, assignment


def test_seed_pair_is_one_deal_disputed_on_quantity():
    claims = [
        claim("https://a.example/1", "Saigon Tech Daily", "2026-04-24T01:15:00Z", ["Meta", "Amazon"],
              kind="quantity", value=1e6, unit="chips", qualifier="order_of_magnitude",
              text="millions of AWS Graviton chips", chips=["Graviton"]),
        claim("https://b.example/2", "Silicon Ledger", "2026-04-25T14:30:00Z", ["Meta", "Amazon"],
              kind="quantity", value=1e7, unit="cores", qualifier="order_of_magnitude",
              text="tens of millions of cores", chips=["Graviton5"]),
        claim("https://b.example/2", "Silicon Ledger", "2026-04-25T14:30:00Z", ["Meta", "Amazon"],
              value=None, qualifier="multi", text="multi-billion dollar"),
    ]
    deals, assignment = deals_of(claims)
    assert len(deals) == 1
    deal = deals[0]
    assert deal.parties == ["Amazon", "Meta"] and deal.chips == ["Graviton5"]
    assert deal.outlets == ["Saigon Tech Daily", "Silicon Ledger"]
    assert deal.disputed and "quantity" in deal.dispute_reasons[0]
    assert "millions of AWS Graviton chips" in deal.dispute_reasons[0]
    assert "tens of millions of cores" in deal.dispute_reasons[0]
    assert set(assignment) == {c.id for c in claims}


def test_two_deals_between_the_same_companies_a_year_apart_stay_apart():
    claims = [
        claim("https://a.example/2025", "A", "2025-09-30T00:00:00Z", ["Meta", "CoreWeave"], value=14e9,
              text="$14 billion"),
        claim("https://b.example/2025", "B", "2025-10-01T00:00:00Z", ["Meta", "CoreWeave"], value=14.2e9,
              text="$14.2 billion"),
        claim("https://a.example/2026", "A", "2026-09-15T00:00:00Z", ["Meta", "CoreWeave"], value=21e9,
              text="$21 billion"),
        claim("https://c.example/2026", "C", "2026-09-16T00:00:00Z", ["CoreWeave", "Meta"], value=21e9,
              text="$21 billion"),
    ]
    deals, _ = deals_of(claims)
    assert sorted((d.first_reported[:4], d.summary["value"]["consensus"]) for d in deals) == [
        ("2025", 14.2e9), ("2026", 21e9)]
    assert all(len(d.outlets) == 2 for d in deals)


def test_never_merge_on_a_single_shared_company():
    claims = [
        claim("https://a.example/1", "A", "2026-01-10T00:00:00Z", ["Microsoft", "OpenAI"], value=10e9),
        claim("https://b.example/1", "B", "2026-01-11T00:00:00Z", ["Microsoft", "Nebius"], value=10e9),
    ]
    deals, _ = deals_of(claims)
    assert len(deals) == 2


def test_a_passage_stating_two_deals_gives_two_deals():
    sentence = "Microsoft signed a $10 billion deal with OpenAI, while Oracle agreed a $30 billion contract with xAI."
    claims = [
        claim("https://a.example/1", "A", "2026-02-01T00:00:00Z", ["Microsoft", "OpenAI"], value=10e9,
              text="$10 billion", sentence=sentence, report=0),
        claim("https://a.example/1", "A", "2026-02-01T00:00:00Z", ["Oracle", "xAI"], value=30e9,
              text="$30 billion", sentence=sentence, report=1),
        claim("https://b.example/1", "B", "2026-02-02T00:00:00Z", ["Oracle", "xAI"], value=30e9,
              text="$30 billion", report=0),
    ]
    deals, assignment = deals_of(claims)
    by_parties = {tuple(d.parties): d for d in deals}
    assert set(by_parties) == {("Microsoft", "OpenAI"), ("Oracle", "xAI")}
    assert by_parties[("Oracle", "xAI")].outlets == ["A", "B"]
    assert assignment[claims[0].id] != assignment[claims[1].id]


def test_an_expansion_is_a_new_deal_linked_to_the_first():
    claims = [
        claim("https://a.example/1", "A", "2023-09-25T00:00:00Z", ["Amazon", "Anthropic"], value=4e9,
              qualifier="up_to", role="investment", text="up to $4 billion",
              sentence="Amazon will invest up to $4 billion in Anthropic."),
        claim("https://b.example/1", "B", "2024-03-27T00:00:00Z", ["Amazon", "Anthropic"], value=2.75e9,
              role="investment", text="$2.75 billion",
              sentence="Amazon invests an additional $2.75 billion in Anthropic."),
    ]
    deals, _ = deals_of(claims)
    assert len(deals) == 2
    first, second = sorted(deals, key=lambda d: d.first_reported)
    assert second.summary["expands"] == first.id
    assert "expands" not in first.summary


def test_a_10x_outlier_is_flagged_not_averaged():
    claims = [
        claim(f"https://{o}.example/1", o.upper(), f"2026-03-0{i + 1}T00:00:00Z", ["Nvidia", "Groq"], value=v,
              text=t)
        for i, (o, v, t) in enumerate([("a", 21e9, "$21 billion"), ("b", 21e9, "$21 billion"),
                                       ("c", 2.1e9, "$2.1 billion"), ("d", 20e9, "$20 billion")])
    ]
    deals, _ = deals_of(claims)
    assert len(deals) == 1
    value = deals[0].summary["value"]
    assert value["consensus"] in (20e9, 21e9)  # the median of the trusted outlets, not dragged down
    assert value["likely_errors"] == ["C"]
    assert deals[0].disputed and "likely error at C" in deals[0].dispute_reasons[0]


def test_a_mention_in_passing_adds_an_outlet_but_not_its_figures():
    claims = [
        claim("https://a.example/1", "A", "2026-05-01T00:00:00Z", ["Meta", "Google"], value=10e9, text="$10 billion"),
        claim("https://b.example/1", "B", "2026-05-02T00:00:00Z", ["Meta", "Google"], value=10e9, text="$10 billion"),
        claim("https://c.example/9", "C", "2026-06-20T00:00:00Z", ["Meta", "Google"], value=12e9, text="$12 billion",
              sentence="Meta, which signed a $12 billion deal with Google last month, said ...", in_passing=True),
    ]
    deals, _ = deals_of(claims)
    assert len(deals) == 1
    deal = deals[0]
    assert deal.outlets == ["A", "B", "C"]
    assert deal.summary["value"]["consensus"] == 10e9 and not deal.disputed


def test_single_party_reports_join_only_on_a_shared_figure():
    claims = [
        claim("https://a.example/1", "A", "2024-04-25T00:00:00Z", ["Amazon"], value=11e9, role="investment",
              text="$11 billion", sentence="Amazon Web Services plans to invest $11 billion in Indiana."),
        claim("https://b.example/1", "B", "2024-04-26T00:00:00Z", ["Amazon"], value=11e9, role="investment",
              text="$11B", sentence="Amazon will invest $11B to build a data center campus in Indiana."),
        claim("https://c.example/1", "C", "2024-05-01T00:00:00Z", ["Amazon"], value=10e9, role="investment",
              text="$10 billion", sentence="Amazon will invest $10 billion in Mississippi."),
    ]
    deals, _ = deals_of(claims)
    assert sorted(len(d.outlets) for d in deals) == [1, 2]


def test_ids_and_slugs_are_stable_and_a_new_article_joins_without_renaming():
    base = [
        claim("https://a.example/1", "A", "2026-04-24T00:00:00Z", ["Meta", "Amazon"], kind="quantity", value=1e6),
        claim("https://b.example/1", "B", "2026-04-25T00:00:00Z", ["Meta", "Amazon"], kind="quantity", value=1e6),
    ]
    deals1, assignment1 = deals_of(base)
    deals2, assignment2 = deals_of(base)
    assert [(d.id, d.slug) for d in deals1] == [(d.id, d.slug) for d in deals2]
    assert assignment1 == assignment2
    # An earlier article found later (backfill) joins the deal; id and slug stay.
    for c in base:
        c.deal_id = assignment1[c.id]
    earlier = claim("https://c.example/0", "C", "2026-03-01T00:00:00Z", ["Amazon", "Meta"], kind="quantity", value=1e6)
    deals3, assignment3 = deals_of(base + [earlier], {d.id: d.slug for d in deals1})
    assert len(deals3) == 1
    assert (deals3[0].id, deals3[0].slug) == (deals1[0].id, deals1[0].slug)
    assert deals3[0].first_reported.startswith("2026-03-01") and len(deals3[0].outlets) == 3


def test_one_company_building_in_the_same_place_is_one_deal_even_when_revised():
    claims = [
        claim("https://a.example/1", "A", "2024-12-04T00:00:00Z", ["Meta"], value=10e9, text="$10 billion",
              sentence="Meta plans to spend $10 billion on a data center in Richland Parish, Louisiana."),
        claim("https://b.example/2", "B", "2024-12-05T00:00:00Z", ["Meta"], value=5e9, text="$5 billion",
              sentence="Meta plans a $5 billion AI data center in Louisiana."),
        claim("https://c.example/3", "C", "2024-12-05T00:00:00Z", ["Meta"], value=5e9, text="$5 billion",
              sentence="Meta will invest $5 billion in a data center in Texas."),
    ]
    deals, assignment = deals_of(claims)
    assert assignment[claims[0].id] == assignment[claims[1].id] != assignment[claims[2].id]
    louisiana = next(d for d in deals if d.id == assignment[claims[0].id])
    assert louisiana.disputed  # $10 billion vs $5 billion is shown, not averaged away


def test_parts_that_add_up_to_the_total_join_the_deal():
    claims = [
        claim("https://a.example/1", "A", "2023-10-27T00:00:00Z", ["Google", "Anthropic"], value=2e9,
              text="$2 billion", role="investment"),
        claim("https://b.example/2", "B", "2023-10-28T00:00:00Z", ["Google"], value=500e6, text="$500 million",
              role="investment", sentence="Google invested $500 million and will add $1.5 billion later."),
        claim("https://b.example/2", "B", "2023-10-28T00:00:00Z", ["Google"], value=1.5e9, text="$1.5 billion",
              role="investment", sentence="Google invested $500 million and will add $1.5 billion later."),
    ]
    deals, assignment = deals_of(claims)
    assert len(deals) == 1 and deals[0].outlets == ["A", "B"]


def test_exact_amounts_far_apart_between_the_same_companies_are_two_deals():
    claims = [
        claim("https://a.example/1", "A", None, ["Blackstone", "CoreWeave"], value=7.5e9, text="$7.5 billion",
              role="financing"),
        claim("https://b.example/2", "B", None, ["Blackstone", "CoreWeave"], value=2.3e9, text="$2.3bn",
              role="financing", sentence="The deal, agreed in July 2023, meant Blackstone would lead a $2.3bn "
                                        "debt financing to CoreWeave."),
        claim("https://c.example/3", "C", None, ["Blackstone", "CoreWeave"], value=7.5e9, text="$7.5 billion",
              role="financing"),
    ]
    deals, assignment = deals_of(claims)
    assert len(deals) == 2
    assert assignment[claims[0].id] == assignment[claims[2].id] != assignment[claims[1].id]
    older = next(d for d in deals if d.id == assignment[claims[1].id])
    assert older.first_reported.startswith("2023-07")  # "agreed in July 2023" dates the undated report


def test_an_outlet_that_states_the_deal_without_figures_still_counts():
    statement = claim("https://b.example/2", "B", "2024-09-05T00:00:00Z", ["Blackstone", "AirTrunk"],
                      kind="statement", value=None, unit="", qualifier="", role="statement",
                      text="Blackstone agreed to acquire AirTrunk")
    claims = [
        claim("https://a.example/1", "A", "2024-09-04T00:00:00Z", ["Blackstone", "AirTrunk"], value=16e9,
              text="$16 billion", role="acquisition"),
        statement,
    ]
    deals, _ = deals_of(claims)
    assert len(deals) == 1 and deals[0].outlets == ["A", "B"]
    assert deals[0].summary["value"]["outlets"] == ["A"]  # the statement adds an outlet, not a figure


def test_a_place_that_says_who_a_company_is_does_not_locate_the_deal():
    # "Canada Pension Plan Investment Board" and "UAE-backed MGX" are not deals in Canada or the UAE
    sentence_a = ("The Canada Pension Plan Investment Board and Blackstone will buy AirTrunk for $16 billion to meet "
                  "demand for data centers in Australia.")
    sentence_b = "Blackstone and CPP Investments will buy AirTrunk for $16 billion, with UAE-backed MGX as a partner."
    claims = [
        claim("https://a.example/1", "A", "2024-09-05T00:00:00Z", ["AirTrunk", "Blackstone", "CPP Investments"],
              value=16e9, text="$16 billion", role="acquisition", sentence=sentence_a),
        claim("https://b.example/2", "B", "2024-09-05T00:00:00Z", ["AirTrunk", "Blackstone", "CPP Investments"],
              value=16e9, text="$16 billion", role="acquisition", sentence=sentence_b),
    ]
    deals, assignment = deals_of(claims)
    assert assignment[claims[0].id] == assignment[claims[1].id]
    from scraper.gazetteer import load_gazetteer, load_places

    places, gazetteer = load_places(), load_gazetteer()
    assert places.locating(sentence_a, gazetteer.find_companies(sentence_a)) == {"Australia"}
    assert places.locating(sentence_b, gazetteer.find_companies(sentence_b)) == set()
    text = "Abu Dhabi's MGX and the Texas-based startup will build a campus in Texas."
    assert places.locating(text, gazetteer.find_companies(text)) == {"Texas"}
    coast = "Microsoft will build a data center on the Portuguese coast, backed by the French government."
    assert places.locating(coast, gazetteer.find_companies(coast)) == {"Portugal"}  # a government is not a site
    port = "Vantage will spend $5 billion on a campus in Port Washington, Wisconsin."  # a town, not Washington state
    assert places.locating(port, gazetteer.find_companies(port)) == {"Port Washington", "Wisconsin"}
    built = "Oracle will spend $8 billion on Japanese data centers, and KKR bought a British data center operator."
    assert places.locating(built, gazetteer.find_companies(built)) == {"Japan"}  # (an operator's home is no site)
    made = "Germany's pact with Nvidia puts 100,000 GPUs in Bavaria, though the chips are made in Taiwan."
    assert places.locating(made, gazetteer.find_companies(made)) == {"Germany", "Bavaria"}
    filed = "Seoul [South Korea], March 3 (ANI): SoftBank will build a data center in Ohio, it said."  # a dateline
    assert places.locating(filed, gazetteer.find_companies(filed)) == {"Ohio"}
    aside = "Texas — already home to Stargate — will get another 1.2GW campus from OpenAI."  # no dateline
    assert places.locating(aside, gazetteer.find_companies(aside)) == {"Texas"}
    based = "Mistral, a startup based in France, will build a 1GW campus in Sweden."  # where a company sits
    assert places.locating(based, gazetteer.find_companies(based)) == {"Sweden"}
    built = "Under the $100 billion plan, chips will be made in Arizona by TSMC."  # the plan's place
    assert places.locating(built, gazetteer.find_companies(built)) == {"Arizona"}
    city = "Lambda will open a campus near Kansas City, and another in Missouri City, Texas."  # cities named after states
    assert places.locating(city, gazetteer.find_companies(city)) == {"Texas"}
    market = "Shares in Tarnwick rose almost a third in New York after it signed a campus lease in Ohio."  # a market
    assert places.locating(market, gazetteer.find_companies(market)) == {"Ohio"}
    market = "SoftBank shares jumped 4% in early Tokyo trading on the Texas deal."
    assert places.locating(market, gazetteer.find_companies(market)) == {"Texas"}
    site = "The stock rose after Meta picked a site in Louisiana."  # (a clause of its own: the site's place)
    assert places.locating(site, gazetteer.find_companies(site)) == {"Louisiana"}
    verb = "Microsoft, which shares its data centers with OpenAI, opened a $3.3 billion campus in Wisconsin."
    assert places.locating(verb, gazetteer.find_companies(verb)) == {"Wisconsin"}  # ("shares" the verb)


def test_a_second_largest_deal_is_not_an_expansion():
    claims = [
        claim("https://a.example/1", "A", "2025-06-12T00:00:00Z", ["Meta", "Scale AI"], value=14.3e9,
              text="$14.3 billion", role="investment",
              sentence="Meta will invest $14.3 billion in Scale AI, its second-largest investment after WhatsApp."),
        claim("https://b.example/2", "B", "2025-06-13T00:00:00Z", ["Meta", "Scale AI"], value=14.3e9,
              text="$14.3 billion", role="investment", sentence="Meta is investing $14.3 billion in Scale AI."),
    ]
    deals, assignment = deals_of(claims)
    assert len(deals) == 1 and "expands" not in deals[0].summary
    from scraper.deals import _reports

    assert [r.expansion for r in _reports(claims)] == [False, False]
    more = claim("https://c.example/3", "C", "2025-09-01T00:00:00Z", ["Meta", "Scale AI"], value=2e9, text="$2 billion",
                 role="investment", sentence="Meta will invest a second $2 billion in Scale AI.")
    assert [r.expansion for r in _reports([more])] == [True]
    fresh = claim("https://d.example/4", "D", "2025-09-01T00:00:00Z", ["Scale AI"], value=1e9, text="$1 billion",
                  role="investment", sentence="Scale AI raised $1 billion in fresh funding in a new round.")
    assert [r.expansion for r in _reports([fresh])] == [False]  # new money, not more of an earlier deal


def test_a_sentence_listing_a_companys_builds_by_place_joins_each_build():
    listing = "Meta has also committed $8 billion in Ohio and $3 billion in Iowa in recent weeks."
    ohio = [claim("https://a.example/1", "A", "2025-05-01T00:00:00Z", ["Meta"], value=8e9, text="$8 billion",
                  sentence="Meta will invest $8 billion in a data center campus in Ohio."),
            claim("https://b.example/2", "B", "2025-05-01T00:00:00Z", ["Meta"], value=8e9, text="$8 billion",
                  sentence="Meta plans to spend $8 billion on an AI campus in Ohio.")]
    iowa = [claim("https://c.example/3", "C", "2025-05-08T00:00:00Z", ["Meta"], value=3e9, text="$3 billion",
                  sentence="Meta will build a $3 billion data center in Iowa."),
            claim("https://d.example/4", "D", "2025-05-08T00:00:00Z", ["Meta"], value=3e9, text="$3 billion",
                  sentence="Meta plans a $3 billion campus in Iowa.")]
    roundup = [claim("https://e.example/5", "E", "2025-05-20T00:00:00Z", ["Meta"], value=8e9, text="$8 billion",
                     sentence=listing, report=0),
               claim("https://e.example/5", "E", "2025-05-20T00:00:00Z", ["Meta"], value=3e9, text="$3 billion",
                     sentence=listing, report=1)]
    from scraper.deals import _reports

    # each of the listed deals is located by the place right after its figure, not by every place of the sentence
    assert [r.places for r in _reports(roundup)] == [{"Ohio"}, {"Iowa"}]
    deals, assignment = deals_of(ohio + iowa + roundup)
    assert assignment[ohio[0].id] == assignment[ohio[1].id] == assignment[roundup[0].id]
    assert assignment[iowa[0].id] == assignment[iowa[1].id] == assignment[roundup[1].id]
    assert assignment[ohio[0].id] != assignment[iowa[0].id]


def test_two_equal_amounts_in_two_places_each_keep_their_place():
    listing = "Google will invest $9 billion in Oklahoma and $9 billion in Virginia for AI data centers."
    second = listing.rfind("$9 billion")
    claims = [claim("https://a.example/1", "A", "2025-08-01T00:00:00Z", ["Google"], value=9e9, text="$9 billion",
                    sentence=listing, report=number) for number in (0, 1)]
    for c in claims:  # the sentence starts at offset 100 of its article
        c.figure.start += 100
        c.figure.end += 100
    claims[1].figure.start, claims[1].figure.end = 100 + second, 100 + second + len("$9 billion")
    from scraper.deals import _reports

    assert [r.places for r in _reports(claims)] == [{"Oklahoma"}, {"Virginia"}]


def test_places_say_where_not_who():
    from scraper.gazetteer import load_gazetteer, load_places

    places, gazetteer = load_places(), load_gazetteer()
    for text, found in [("Meta will build a data center in Louisiana funded by Pimco bonds.", {"Louisiana"}),
                        ("Chinese state media said the campus will be built in Texas.", {"Texas"}),
                        ("Oracle got $2 billion in Texas tax credits.", {"Texas"})]:
        assert places.locating(text, gazetteer.find_companies(text)) == found
    assert places.after("$2 billion in Texas tax credits", len("$2 billion")) is None
    assert places.after("$2 billion in Texas and $3 billion in Ohio", len("$2 billion")) == "Texas"


def test_figures_outlets_word_in_other_units_or_hedges_are_no_dispute():
    def deal_of(*said):
        claims = [claim(f"https://{o}.example/1", o.upper(), f"2026-03-0{i + 1}T00:00:00Z", ["Vistra", "Meta"],
                        kind=k, value=v, unit=u, qualifier=q, text=t)
                  for i, (o, k, v, u, q, t) in enumerate(said)]
        deals, _ = deals_of(claims)
        assert len(deals) == 1
        return deals[0]

    # megawatts and gigawatts, a term and the year it ends, a first tranche and a cap
    power = deal_of(("a", "power", 1920, "MW", "exact", "1,920 MW"), ("b", "power", 1.92, "GW", "exact", "1.92 GW"))
    assert not power.disputed and power.summary["power"]["units"] == ["GW"]
    term = deal_of(("a", "duration", 17, "years", "exact", "17-year"),
                   ("b", "duration", 2042, "until", "exact", "through 2042"))
    assert not term.disputed and term.summary["duration"]["consensus"] == 17
    cap = deal_of(("a", "money", 10e9, None, "exact", "$10 billion"), ("b", "money", 100e9, None, "up_to",
                                                                         "up to $100 billion"))
    assert not cap.disputed and "likely_errors" not in cap.summary["value"]
    # two caps that differ disagree
    caps = deal_of(("a", "money", 4e9, None, "up_to", "up to $4 billion"), ("b", "money", 4.6e9, None, "up_to",
                                                                            "as much as $4.6 billion"))
    assert caps.disputed and "outlets disagree" in caps.dispute_reasons[0]
    # capacities that differ are still a dispute, whatever the units
    _, disputes = summarize([claim("https://a.example/1", "A", "2026-03-01", ["Vistra", "Meta"], kind="power",
                                   value=500, unit="MW", text="500 MW"),
                             claim("https://b.example/1", "B", "2026-03-02", ["Vistra", "Meta"], kind="power",
                                   value=1, unit="GW", text="1 GW")])
    assert disputes == ["power: outlets disagree (A: 500 MW; B: 1 GW)"]


def test_a_running_total_told_with_an_expansion_is_not_its_value():
    told = "Nebius expanded its deal with Mistral by $2 billion, bringing the total value of their contracts to $5 billion."
    claims = [
        claim("https://a.example/1", "A", "2026-05-01T00:00:00Z", ["Nebius", "Mistral AI"], value=2e9,
              text="$2 billion", sentence=told),
        claim("https://a.example/1", "A", "2026-05-01T00:00:00Z", ["Nebius", "Mistral AI"], value=5e9,
              text="$5 billion", sentence=told),
        claim("https://b.example/1", "B", "2026-05-02T00:00:00Z", ["Nebius", "Mistral AI"], value=5e9,
              text="$5 billion",
              sentence="Mistral's total commitments to Nebius now stand at $5 billion after a $2 billion expansion."),
        claim("https://b.example/1", "B", "2026-05-02T00:00:00Z", ["Nebius", "Mistral AI"], value=2e9,
              text="$2 billion",
              sentence="Mistral's total commitments to Nebius now stand at $5 billion after a $2 billion expansion."),
    ]
    deals, _ = deals_of(claims)
    assert len(deals) == 1 and deals[0].summary["value"]["consensus"] == 2e9 and not deals[0].disputed
    now = claim("https://d.example/1", "D", "2026-05-02T00:00:00Z", ["Nebius", "Mistral AI"], value=5e9,
                text="$5 billion", sentence="Mistral's contracts with Nebius are now worth a total of $5 billion.")
    deals, _ = deals_of(claims + [now])
    assert len(deals) == 1 and deals[0].summary["value"]["consensus"] == 2e9 and not deals[0].disputed
    # a total that is all an outlet told stays the value
    alone = [claim("https://c.example/1", "C", "2026-05-01T00:00:00Z", ["Lambda", "Nvidia"], value=3e9,
                   text="$3 billion", sentence="Lambda's new lease brings the total of its Nvidia deals to $3 billion.")]
    assert deals_of(alone)[0][0].summary["value"]["consensus"] == 3e9



def test_a_years_part_of_a_deal_is_not_its_value_nor_a_dispute():
    total = claim("https://a.example/1", "A", "2026-02-10T00:00:00Z", ["Anthropic", "Oracle"], value=120e9,
                  text="$120 billion", sentence="Anthropic will buy $120 billion of capacity from Oracle over four years.")
    yearly = claim("https://b.example/1", "B", "2026-02-11T00:00:00Z", ["Anthropic", "Oracle"], value=30e9,
                   text="$30 billion", sentence="The Oracle contract will see Anthropic spend about $30 billion a year.")
    (deal,), _ = deals_of([total, yearly])
    assert deal.summary["value"]["consensus"] == 120e9 and not deal.disputed
    # ("a year ago" dates an amount, it is no year's part)
    ago = claim("https://c.example/1", "C", "2026-02-12T00:00:00Z", ["Anthropic", "Oracle"], value=30e9, text="$30 billion",
                sentence="Anthropic agreed to buy $30 billion a year ago from Oracle.")
    assert summarize([total, ago])[1]


@pytest.mark.parametrize("sentence", [
    "Oracle will add $4 billion of capacity for Cohere, bringing its planned investment in Canada to $9 billion.",
    "The $4 billion expansion takes Cohere's commitments to Oracle past $9 billion.",
    "The new $4 billion lease lifts Oracle's contracted revenue from Cohere to $9 billion.",
])
def test_a_running_total_without_the_word_total_is_not_the_deals_value(sentence: str) -> None:
    claims = [claim("https://a.example/1", "A", "2026-05-01T00:00:00Z", ["Oracle", "Cohere"], value=value,
                    text=text, sentence=sentence) for value, text in ((4e9, "$4 billion"), (9e9, "$9 billion"))]
    [deal], _ = deals_of(claims)
    assert deal.summary["value"]["consensus"] == 4e9 and not deal.disputed

    # (an amount after another verb of the clause is the deal's own)
    told = "Google is boosting investment in Texas, committing to $40 billion by 2027, including $10 billion in Wilbarger."
    claims = [claim("https://a.example/1", "A", "2026-05-01T00:00:00Z", ["Google"], value=value, text=text,
                    sentence=told) for value, text in ((40e9, "$40 billion"), (10e9, "$10 billion"))]
    assert max(d.summary["value"]["consensus"] for d in deals_of(claims)[0]) == 40e9


def test_a_city_named_after_its_state_lies_in_it_and_a_city_names_its_country():
    from scraper.gazetteer import load_gazetteer, load_places

    places, gazetteer = load_places(), load_gazetteer()
    okc = "Cerebras will rent capacity in Oklahoma City to Meta for $2.5 billion."
    assert places.locating(okc, gazetteer.find_companies(okc)) == {"Oklahoma"}
    kc = "Nebius will serve Microsoft from a new site in Kansas City."  # (Kansas City lies in Missouri)
    assert places.locating(kc, gazetteer.find_companies(kc)) == set()
    osaka = "Equinix will build a 300 MW campus in Osaka for about $3 billion."
    assert places.locating(osaka, gazetteer.find_companies(osaka)) == {"Osaka"}
    assert places.within["Osaka"] == "Japan" and places.within["Mumbai"] == "Maharashtra"


@pytest.mark.parametrize("text, place, within", [
    ("Alphabet will build a gigawatt-scale AI hub in Vizag with two local partners.", "Visakhapatnam", "Andhra Pradesh"),
    ("The Narvik site will house 100,000 GPUs for the lab.", "Narvik", "Norway"),
    ("Kestrel will rent 80 MW at its new Ishikari campus to a Japanese carrier.", "Ishikari", "Hokkaido"),
])
def test_towns_of_builds_abroad_lie_in_their_region(text: str, place: str, within: str) -> None:
    from scraper.gazetteer import load_gazetteer, load_places

    places = load_places()
    assert places.locating(text, load_gazetteer().find_companies(text)) == {place}
    assert places.within[place] == within


def test_a_build_town_named_without_its_state_lies_in_it():
    from scraper.gazetteer import load_gazetteer, load_places

    places, gazetteer = load_places(), load_gazetteer()
    text = "Crusoe will build a 1.2 GW campus outside Cheyenne for about $8 billion."
    assert places.locating(text, gazetteer.find_companies(text)) == {"Cheyenne"}
    assert places.within["Cheyenne"] == "Wyoming" and places.within["Loudoun County"] == "Virginia"
    assert places.within["Ashburn"] == "Loudoun County"  # (a town in its county in its state)
    # (a city whose name outlets give to a site across a state line is left out: xAI's "Memphis" site is in Mississippi)
    memphis = "xAI will spend $20 billion on Colossus 2 in Memphis."
    assert places.locating(memphis, gazetteer.find_companies(memphis)) == set()
    # two builds of one company in towns of two states are two deals, a town and its state one
    reports = [("a", "2026-04-01", "Meta will spend $10 billion on a 1 GW campus near Amarillo."),
               ("b", "2026-04-02", "Meta's $10 billion Texas campus will draw 1 GW, its largest build yet."),
               ("c", "2026-04-03", "Meta will spend $10 billion on a 1 GW campus outside Kenosha.")]
    claims = [claim(f"https://{o}.example/1", o, f"{day}T00:00:00Z", ["Meta"], value=10e9, text="$10 billion",
                    sentence=sentence) for o, day, sentence in reports]
    deals, _ = deals_of(claims)
    assert sorted(d.outlets for d in deals) == [["a", "b"], ["c"]]
