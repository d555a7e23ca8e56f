"""Grouping reports into deals, end to end from invented news text: each pattern that breaks naive grouping.

Every case is a list of reports (outlet, date, text) and the deal each belongs to, as letters: reports with
the same letter must end in one deal, reports with different letters in different deals.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scraper.claims import extract_claims
from scraper.deals import JOIN_AT, _conflicts, link_claims, pair_features
from scraper.models import Article, Claim

CASES = {
    "chaining through a growing group": [
        ("wire", "2025-11-03", "Microsoft signed a $9.7 billion, five-year contract with IREN for Nvidia GB300 capacity.", "a"),
        ("daily", "2025-11-04", "IREN will provide Microsoft with GB300 capacity under a $9.7bn deal over five years.", "a"),
        ("gazette", "2025-11-05", "Microsoft agreed to pay Nebius up to $19.4 billion for GPU capacity in New Jersey.", "b"),
        ("ledger", "2025-11-06", "Nscale signed a contract with Microsoft to supply about 200,000 GB300 GPUs in Texas and Portugal.", "c"),
        ("post", "2025-11-07", "Lambda struck a multibillion-dollar agreement with Microsoft to deploy tens of thousands of GB300 chips.", "d"),
        ("times", "2025-11-08", "Nebius will receive as much as $19.4 billion from Microsoft under the expanded capacity contract.", "b"),
    ],
    "same pair, different deals, same week": [
        ("wire", "2025-10-28", "After the restructuring Microsoft will hold a 27% stake in OpenAI worth about $135 billion.", "a"),
        ("daily", "2025-10-28", "OpenAI has contracted an incremental $250 billion of Azure services from Microsoft.", "b"),
        ("gazette", "2025-10-29", "OpenAI committed to buy an additional $250bn of Azure cloud services from Microsoft.", "b"),
        ("ledger", "2025-10-29", "Microsoft's stake in OpenAI, worth about $135 billion, is now roughly 27%.", "a"),
    ],
    "a round and the next round of one company": [
        ("wire", "2025-03-03", "Anthropic raised $3.5 billion in a Series E round led by Lightspeed Venture Partners.", "a"),
        ("daily", "2025-03-04", "Lightspeed led Anthropic's $3.5bn funding round.", "a"),
        ("gazette", "2025-09-02", "Anthropic raised $13 billion in a Series F round led by Iconiq.", "b"),
        ("ledger", "2025-09-03", "Anthropic closed a $13bn Series F funding round at a $183 billion valuation.", "b"),
    ],
    "a contract and its expansion a year later": [
        ("wire", "2023-09-25", "Amazon will invest up to $4 billion in Anthropic.", "a"),
        ("daily", "2023-09-26", "Anthropic will receive as much as $4 billion from Amazon.", "a"),
        ("gazette", "2024-11-22", "Amazon will invest an additional $4 billion in Anthropic, bringing its total to $8 billion.", "b"),
        ("ledger", "2024-11-23", "Anthropic secured another $4 billion investment from Amazon.", "b"),
    ],
    "an umbrella announcement and its parts": [
        ("wire", "2025-10-31", "Nvidia will supply more than 260,000 GPUs to South Korea's government, Samsung, SK Group, Hyundai and Naver.", "a"),
        ("daily", "2025-10-31", "Nvidia and Hyundai will build an AI factory with 50,000 Blackwell GPUs.", "b"),
        ("gazette", "2025-11-01", "Hyundai is teaming up with Nvidia on a $3 billion AI factory with 50,000 Blackwell chips.", "b"),
        ("ledger", "2025-10-31", "Nvidia and Naver will deploy 60,000 GPUs in a new AI cluster.", "c"),
    ],
    "builds told alike in a foreign city and a state; a city and its region": [
        ("wire", "2026-07-06", "Equinix will invest $3 billion in a 300 MW data center campus in Gaston County, North Carolina.", "a"),
        ("daily", "2026-07-07", "Equinix will build a 300 MW data center campus in Osaka for about $3 billion.", "b"),
        ("gazette", "2026-07-08", "Equinix's planned 300-megawatt North Carolina campus will cost $3bn, the company said.", "a"),
        ("ledger", "2026-07-09", "Equinix's 300 MW Osaka project, valued at roughly $3 billion, will be its largest yet.", "b"),
        ("post", "2026-05-04", "Amazon will invest $8 billion in data centers in Maharashtra through 2030.", "c"),
        ("times", "2026-05-05", "Amazon's $8bn will go into new data center capacity in Mumbai, the state government said.", "c"),
    ],
    "a takeover that recalls the round its buyer led": [
        ("wire", "2026-02-09", "Marvell led a $250 million funding round in photonics startup Lightmatter.", "a"),
        ("daily", "2026-02-10", "Lightmatter raised $250m, with Marvell putting in the largest share.", "a"),
        ("gazette", "2026-05-11", "Marvell agreed to buy Lightmatter for $3.1 billion in cash, three months after leading a "
                                  "$250 million funding round in the startup.", "b"),
        ("ledger", "2026-05-12", "Marvell will acquire Lightmatter for about $3.1bn.", "b"),
    ],
    "a vendor named through its chip is not a party": [
        ("wire", "2025-10-31", "Samsung will deploy 50,000 Nvidia GPUs in an AI megafactory for its chip plants.", "a"),
        ("daily", "2025-11-01", "Samsung plans a cluster of 50,000 Nvidia graphics processing units for chip manufacturing.", "a"),
        ("gazette", "2025-10-31", "Nvidia and Hyundai will build an AI factory with 50,000 Blackwell GPUs.", "b"),
    ],
    "one deal told as money, gigawatts and chip counts": [
        ("wire", "2025-10-06", "OpenAI and AMD signed a deal for 6 gigawatts of AMD Instinct MI450 GPUs.", "a"),
        ("daily", "2025-10-06", "AMD will supply OpenAI with MI450 chips in a deal worth tens of billions of dollars.", "a"),
        ("gazette", "2025-10-07", "OpenAI will deploy 6 GW of AMD MI450 accelerators, and AMD granted OpenAI warrants for 160 million shares.", "a"),
    ],
    "same pair, a funding round and a cloud contract, no figures": [
        ("wire", "2025-11-10", "Mistral AI raised new money from Nvidia in a funding round led by ASML, at a higher valuation.", "a"),
        ("daily", "2025-11-11", "Nvidia joined investors in Mistral AI's latest funding round, the startup said.", "a"),
        ("gazette", "2025-11-12", "Nvidia will supply Mistral AI with GPU cloud capacity for its new data center near Paris.", "b"),
        ("ledger", "2025-11-13", "Mistral AI signed a deal with Nvidia for cloud capacity on Nvidia GPUs at its Paris data center.", "b"),
    ],
    "one contract told as cloud capacity by one outlet and as a build by another": [
        ("wire", "2026-03-02", "Nebius will provide Microsoft with GPU cloud capacity for $6.1 billion over five years.", "a"),
        ("daily", "2026-03-03", "Microsoft's deal with Nebius will be served from a data center campus Nebius is building in Finland.", "a"),
        ("gazette", "2026-03-04", "Microsoft led Nebius's $700 million funding round, the startup's investors said.", "b"),
    ],
    "a region and its country are one place, another country is another build": [
        ("wire", "2026-05-04", "Google will invest $15 billion in an AI data center hub in India over five years.", "a"),
        ("daily", "2026-05-05", "Google plans a $15 billion AI data center campus in Andhra Pradesh.", "a"),
        ("gazette", "2026-05-06", "Google will invest $15 billion in a data center campus in Germany.", "b"),
    ],
    "an order and a later one told only by its chip count": [
        ("wire", "2026-02-02", "Humain agreed to buy 18,000 Nvidia GB300 chips from Nvidia for its Riyadh data centers.", "a"),
        ("daily", "2026-02-03", "Nvidia will supply Humain with 18,000 GB300 GPUs.", "a"),
        ("gazette", "2026-03-10", "Humain agreed to buy another 100,000 GB300 chips from Nvidia, expanding its earlier "
                                  "18,000-chip order.", "b"),
        ("ledger", "2026-03-11", "Nvidia will ship Humain 100,000 more GB300 GPUs.", "b"),
    ],
    "an expansion told without an amount, beside the earlier deal it recalls": [
        ("gazette", "2026-01-20", "xAI signed a $4 billion cloud contract with Oracle.", "a"),
        ("ledger", "2026-01-21", "Oracle will provide xAI with $4 billion of cloud capacity.", "a"),
        ("wire", "2026-04-20", "xAI expanded its cloud contract with Oracle by $2.5 billion for more GB200 capacity.", "b"),
        ("daily", "2026-04-21", "xAI's expansion with Oracle extends the term through 2029, three months after the "
                                "companies' initial $4 billion agreement.", "b"),
    ],
    "a build in one town told beside the earlier build it recalls in another": [
        ("wire", "2026-03-02", "Microsoft will spend $3.3 billion on an AI data center in Mount Pleasant, Wisconsin.", "a"),
        ("daily", "2026-03-03", "Microsoft's $3.3 billion data center in Mount Pleasant, Wisconsin, will open in 2027.", "a"),
        ("gazette", "2026-03-24", "Microsoft will spend about $4 billion on a data center in Kenosha, Wisconsin, weeks "
                                  "after committing $3.3 billion to Mount Pleasant, Wisconsin.", "b"),
        ("ledger", "2026-03-25", "Microsoft plans a $4 billion AI data center campus in Kenosha, Wisconsin.", "b"),
    ],
    "one company's builds in two places": [
        ("wire", "2025-06-04", "Amazon will invest $10 billion to build data centers in North Carolina.", "a"),
        ("daily", "2025-06-05", "Amazon plans a $10bn data center campus in North Carolina.", "a"),
        ("gazette", "2025-06-09", "Amazon will invest $20 billion in data centers in Pennsylvania.", "b"),
        ("ledger", "2025-06-10", "Amazon plans to spend $20 billion on AI data centers in Pennsylvania.", "b"),
    ],
    "one company's builds in two towns of one state, and a county that may be either": [
        ("wire", "2026-01-12", "Meta will invest $1.5 billion in a data center in El Paso, Texas.", "a"),
        ("daily", "2026-01-13", "Meta plans a $1.5 billion AI data center in El Paso, Texas.", "a"),
        ("gazette", "2026-01-20", "Meta will spend $1.5 billion on a data center in Temple, Texas.", "b"),
        ("ledger", "2026-01-21", "Meta will spend $1.5bn on a new data center in Temple, Texas, the city said.", "b"),
    ],
    "a stake's worth told as 'worth' and as 'valued at', next to a contract": [
        ("post", "2025-10-28", "Microsoft will hold about 27% of OpenAI's for-profit arm, a stake worth roughly $135 billion.", "a"),
        ("times", "2025-10-28", "OpenAI has contracted to purchase an incremental $250 billion of Azure services from Microsoft.", "b"),
        ("ledger", "2025-10-29", "Microsoft's stake in OpenAI is valued at about $135 billion after the recapitalization.", "a"),
    ],
    "an investment told with its amount and, weeks later, without one": [
        ("wire", "2025-09-22", "Nvidia will invest up to $100 billion in OpenAI, the companies said.", "a"),
        ("daily", "2025-10-20", "OpenAI and Nvidia signed a letter of intent under which Nvidia will take a stake in the lab.", "a"),
    ],
    "an investment and a chip purchase of the same pair, one without an amount": [
        ("wire", "2025-06-02", "Nvidia will invest $2 billion in xAI, the companies said.", "a"),
        ("daily", "2025-07-01", "xAI signed a deal with Nvidia to buy GB200 chips for Colossus 2.", "b"),
    ],
    "one round, one report naming the round before it": [
        ("wire", "2025-09-02", "Anthropic raised $13 billion in a Series F round led by ICONIQ, the startup said.", "a"),
        ("daily", "2025-09-02", "Anthropic raised $13 billion in a round led by ICONIQ, six months after its Series E.", "a"),
    ],
    "two rounds told without amounts, one lead": [
        ("wire", "2025-03-03", "Anthropic closed its Series E funding round led by Lightspeed, the startup said.", "a"),
        ("daily", "2025-05-20", "Anthropic is in talks for a Series F funding round led by Lightspeed, people familiar said.", "b"),
    ],
    "a contract 'valued at' an amount is no funding round": [
        ("wire", "2026-02-02", "Lambda's contract with Meta, valued at about $2 billion, covers Nvidia GB300 servers.", "a"),
        ("daily", "2026-02-03", "Meta will rent Nvidia GB300 capacity from Lambda in a $2 billion, four-year deal.", "a"),
        ("gazette", "2026-02-04", "Meta led a new funding round in Lambda, the startup said.", "b"),
    ],
    "a build told as an investment and, months later, as a project": [
        ("wire", "2025-08-13", "Meta will invest about $10 billion to build its largest AI data center yet.", "a"),
        ("daily", "2025-11-05", "Meta's new $10 billion campus in Louisiana will be its biggest, the company said.", "a"),
        ("gazette", "2025-08-14", "Meta will invest $1.5 billion in Scale AI, the startup said.", "b"),
    ],
    "a chipmaker that is one report's party and the other's chips' maker": [
        ("wire", "2026-01-12", "Nvidia and Lambda signed a multiyear agreement to build an AI factory in Kansas City.", "a"),
        ("daily", "2026-01-13", "Lambda will deploy tens of thousands of Nvidia Blackwell GPUs at its new Kansas City AI "
                                "factory.", "a"),
        ("gazette", "2026-01-14", "Lambda raised $1.5 billion in a funding round led by TWG Global.", "b"),
    ],
    "notes sold to fund a build and a contract of the same size": [
        ("wire", "2026-02-02", "Vultr priced $1.5 billion of convertible senior notes and $500 million of shares to "
                               "fund its data center expansion.", "a"),
        ("daily", "2026-02-20", "Vultr signed a five-year agreement worth about $2 billion to supply Cohere with GPU "
                                "capacity.", "b"),
        ("gazette", "2026-02-21", "Cohere will pay Vultr $2 billion over five years for capacity.", "b"),
    ],
    "a bond sale told as money raised, beside a round": [
        ("wire", "2026-03-05", "Lambda priced $1.5 billion of senior unsecured notes due 2031, the company said.", "a"),
        ("daily", "2026-03-06", "Lambda raised about $1.5 billion in a five-year bond deal, its first trip to the "
                                "high-yield market.", "a"),
        ("gazette", "2026-03-09", "Lambda raised $2 billion in a Series E round led by Fidelity, valuing it at $9 "
                                  "billion.", "b"),
    ],
    "an order and a warrant of the same companies": [
        ("wire", "2026-02-10", "Groq won a $900 million order from Bell Canada for its LPU inference racks.", "a"),
        ("daily", "2026-02-11", "Bell Canada ordered about $900 million of Groq inference systems for its AI Fabric.", "a"),
        ("gazette", "2026-04-20", "Groq granted Bell Canada a warrant to buy up to 12 million shares, tied to future purchases.", "b"),
        ("ledger", "2026-04-21", "Bell Canada could take a minority stake in Groq through a warrant for 12 million shares.", "b"),
    ],
    "two expansions told as caps of different sizes": [
        ("wire", "2026-03-10", "Vultr said Cohere expanded its cloud contract by up to $2 billion, through 2029.", "a"),
        ("daily", "2026-03-11", "Cohere agreed to pay Vultr up to $2 billion more for GPU capacity.", "a"),
        ("gazette", "2026-07-14", "Vultr expanded its agreement with Cohere by up to $3.5 billion.", "b"),
        ("ledger", "2026-07-15", "Cohere will pay Vultr as much as $3.5 billion more under an expanded contract.", "b"),
    ],
    "a round whose outlets each list different backers, beside the company's next round": [
        ("wire", "2026-06-09", "Cohere raised $600 million in a funding round led by Inovia Capital and Radical Ventures.",
         "a"),
        ("daily", "2026-06-10", "Cohere has secured fresh backing from Nvidia and Salesforce for its $600 million funding "
                                "round.", "a"),
        ("gazette", "2026-10-14", "Cohere raised $1.4 billion in a Series E funding round led by Thrive Capital.", "b"),
    ],
    "a loan told with and without its amount, beside the same company's equity round": [
        ("wire", "2026-03-02", "Goldman Sachs is leading a $3 billion loan to Lambda to finance GPUs at its Kansas City "
                               "site, the company said.", "a"),
        ("daily", "2026-03-03", "The five-year loan to Lambda, arranged by Goldman Sachs, is secured against its GPU fleet.",
         "a"),
        ("gazette", "2026-03-20", "Lambda raised $1.5 billion in equity from investors led by Goldman Sachs and Nvidia.", "b"),
    ],
    "a takeover agreed, then completed eight months later": [
        ("wire", "2025-03-10", "Nebius agreed to acquire Corvid Systems, a maker of liquid-cooled racks, for $2.1 billion.", "a"),
        ("daily", "2025-03-11", "Nebius will pay $2.1bn in cash and stock for rack builder Corvid Systems.", "a"),
        ("gazette", "2025-11-14", "Nebius said it had completed its acquisition of Corvid Systems after EU approval.", "a"),
        ("ledger", "2025-11-20", "Nebius raised $1 billion in convertible notes to fund new sites.", "b"),
    ],
    "an investment agreed, then completed half a year later": [
        ("wire", "2025-04-07", "Pinecrest Capital will invest up to $3 billion in Harrow Compute, starting with $1 billion.",
         "a"),
        ("daily", "2025-04-08", "Harrow Compute will receive as much as $3bn from Pinecrest Capital.", "a"),
        ("gazette", "2025-11-03", "Pinecrest Capital has completed its $3 billion investment in Harrow Compute, adding $2 "
                                  "billion to the $1 billion it put in last April.", "a"),
    ],
    "a deal's option to expand, told in a follow-up, is no expansion": [
        ("wire", "2026-03-02", "Orrin Compute signed a $6.1 billion agreement to supply Mistral AI with GPU capacity "
                               "through 2031.", "a"),
        ("daily", "2026-03-03", "Mistral AI will pay Orrin Compute about $6 billion for GPU capacity over five years.", "a"),
        ("gazette", "2026-03-19", "Mistral AI's contract with Orrin Compute runs until 2031, with an option to significantly "
                                  "expand its commitment.", "a"),
    ],
    "an option used is an expansion": [
        ("wire", "2026-03-02", "Orrin Compute signed a $6.1 billion agreement to supply Mistral AI with GPU capacity.",
         "a"),
        ("daily", "2026-05-11", "Mistral AI exercised its option to expand its contract with Orrin Compute by $2 billion.",
         "b"),
    ],
    "a lease, its option told, then the option taken for more megawatts": [
        ("wire", "2026-02-02", "Kestrel Data signed two 15-year leases with Lambda for 200 megawatts at its Fargo campus, "
                               "worth about $5 billion.", "a"),
        ("daily", "2026-02-03", "Lambda will take 200 MW from Kestrel Data for $5bn and holds an option on an additional "
                                "100 megawatts at the site.", "a"),
        ("gazette", "2026-04-20", "Lambda has exercised its option to lease an additional 100 megawatts from Kestrel Data "
                                  "at the Fargo campus.", "b"),
        ("ledger", "2026-04-21", "Kestrel Data said Lambda will take a further 100 MW at its Fargo campus.", "b"),
    ],
    "more megawatts leased in a month named 'May' expand the deal": [
        ("wire", "2026-02-02", "Kestrel Data signed a 15-year lease with Lambda for 200 megawatts worth about $5 billion.",
         "a"),
        ("daily", "2026-06-01", "In May, Lambda agreed to lease an additional 100 megawatts from Kestrel Data.", "b"),
    ],
    "a round's completion is that round's, not the one before": [
        ("wire", "2025-03-03", "Anthropic raised $3.5 billion in a Series E round led by Lightspeed Venture Partners.", "a"),
        ("daily", "2025-03-04", "Lightspeed led Anthropic's $3.5bn Series E funding round.", "a"),
        ("gazette", "2025-09-02", "Anthropic raised $13 billion in a Series F round led by Iconiq, with Lightspeed "
                                  "joining.", "b"),
        ("ledger", "2026-01-10", "Lightspeed completed its investment in Anthropic's Series F round.", "b"),
    ],
    "a deal told by its total and by a year's part of it": [
        ("wire", "2026-02-10", "Anthropic signed a contract to buy $120 billion of cloud capacity from Oracle over four years.", "a"),
        ("daily", "2026-02-12", "The Oracle contract will see Anthropic spend an average of about $30 billion a year with the "
                                "database giant.", "a"),
        ("gazette", "2026-02-13", "Anthropic will pay Oracle roughly $30 billion annually under the four-year agreement.", "a"),
    ],
}


# A follow-up that names only the company joins the one deal that company is in the news for; a round of the
# same company stays apart (a round is no purchase), and so does a follow-up of a company with two deals.
FOLLOW_UPS = [
    ("wire", "2026-04-06", "Nscale signed a $2.4 billion, four-year agreement to supply Meta with Nvidia GB300 capacity.", "a"),
    ("daily", "2026-04-07", "Meta will rent GPU capacity from Nscale under a $2.4bn contract.", "a"),
    ("gazette", "2026-04-21", "Nscale will deliver the capacity from a new site in Texas with 30,000 GB300 chips, it said.", "a"),
    ("post", "2026-05-04", "Orrin Compute agreed to lease 200 megawatts of AI capacity to Microsoft for about $3 billion.", "b"),
    ("times", "2026-05-05", "Microsoft will pay Orrin Compute roughly $3 billion for 200 MW of capacity.", "b"),
    ("ledger", "2026-05-20", "Orrin Compute raised $700 million in a Series B round to fund new sites.", "c"),
]


def _claims(reports: list[tuple[str, str, str, str]]) -> list[Claim]:
    """The claims the pipeline extracts from each invented report, as the database would hold them."""
    claims = []
    for i, (outlet, date, text, _) in enumerate(reports):
        url = f"https://{outlet}.example/{i}"
        extraction = extract_claims(Article(url=url, text=text, outlet=outlet, published=f"{date}T09:00:00Z"))
        for j, claim in enumerate(extraction.claims):
            if claim.report is None and claim.role != "valuation":  # (db.load_claims: reports' claims, valuations)
                continue
            claim.id, claim.article_url, claim.outlet, claim.published = f"{i}-{j}", url, outlet, f"{date}T09:00:00Z"
            claims.append(claim)
    return claims


def _reports_by_outlet(reports: list[tuple[str, str, str, str]]) -> list:
    """The grouping reports of invented reports (one each), in the order given."""
    from scraper.deals import _reports

    order = [outlet for outlet, *_ in reports]
    return sorted(_reports(_claims(reports)), key=lambda r: order.index(r.outlet))


def _partition(reports: list[tuple[str, str, str, str]], claims: list[Claim], assignment: dict[str, str]) -> list[str]:
    """The deal of each report (its first report's), in report order."""
    first: dict[str, tuple[int, str]] = {}
    for claim in claims:
        if claim.id in assignment:
            url = claim.article_url or ""
            if url not in first or (claim.report or 0) < first[url][0]:
                first[url] = (claim.report or 0, assignment[claim.id])
    return [first.get(f"https://{outlet}.example/{i}", (0, "none"))[1] for i, (outlet, *_) in enumerate(reports)]


def _same_partition(found: list[str], expected: list[str]) -> bool:
    """Whether two labellings put the same items together."""
    return all((found[i] == found[j]) == (expected[i] == expected[j])
               for i in range(len(found)) for j in range(i + 1, len(found)))


@pytest.mark.parametrize("name", list(CASES))
def test_grouping_patterns(name: str) -> None:
    reports = CASES[name]
    claims = _claims(reports)
    deals, assignment = link_claims(claims)
    found = _partition(reports, claims, assignment)
    expected = [label for *_, label in reports]
    titles = {d.id: d.title for d in deals}
    assert _same_partition(found, expected), [(titles.get(f), e) for f, e in zip(found, expected)]


def test_a_follow_up_naming_only_the_company_joins_its_one_deal() -> None:
    claims = _claims(FOLLOW_UPS)
    deals, assignment = link_claims(claims)
    found = _partition(FOLLOW_UPS, claims, assignment)
    assert _same_partition(found, [label for *_, label in FOLLOW_UPS]), found
    nscale = next(d for d in deals if "Nscale" in d.parties)
    assert nscale.parties == ["Meta", "Nscale"]  # leaving the counterparty out does not deny it
    joined = nscale.evidence[-1]
    assert joined["step"] == "merged" and joined["probability"] < JOIN_AT  # on less evidence than a join needs


def test_reports_that_leave_the_counterparty_out_do_not_drop_it_from_the_deal() -> None:
    from scraper.deals import _Group

    reports = _reports_by_outlet(FOLLOW_UPS[:2] + [
        ("herald", "2026-04-22", "Nscale will bring 10,000 GB300 chips online in Texas in May, the company said.", "a"),
        ("courier", "2026-04-23", "Nscale plans to deploy a further 8,000 GB300 chips in Texas by June.", "a"),
        ("tribune", "2026-04-24", "Nscale will install 12,000 GB300 chips at its Texas site this summer.", "a"),
    ])
    assert [len(r.parties) for r in reports] == [2, 2, 1, 1, 1]
    assert _Group(reports=reports).core_parties() == ["Meta", "Nscale"]


def test_a_follow_up_of_a_company_with_two_deals_stays_apart() -> None:
    second = [("herald", "2026-04-10", "Nscale won a $1.1 billion contract from Microsoft for GB300 capacity.", "d"),
              ("courier", "2026-04-11", "Microsoft picked Nscale for $1.1 billion of GPU capacity.", "d")]
    reports = FOLLOW_UPS[:3] + second
    claims = _claims(reports)
    _, assignment = link_claims(claims)
    found = _partition(reports, claims, assignment)
    assert found[2] not in (found[0], found[3]), found


def test_a_follow_up_about_a_loan_joins_the_one_loan_of_a_company_with_other_deals() -> None:
    # (a company with a lease and a loan: a follow-up that speaks of the loan and names only the company is about
    # its one loan, on the evidence adoption needs)
    reports = FOLLOW_UPS[3:5] + [
        ("ledger", "2026-05-20", "Orrin Compute secured a $1.2 billion loan from Halden Bank to build its Ohio campus.", "c"),
        ("wire", "2026-05-21", "Halden Bank will lend Orrin Compute $1.2 billion for the Ohio build.", "c"),
        ("gazette", "2026-05-27", "Orrin Compute will use the loan to build 300 MW in two phases.", "c"),
    ]
    claims = _claims(reports)
    _, assignment = link_claims(claims)
    found = _partition(reports, claims, assignment)
    assert _same_partition(found, [label for *_, label in reports]), found


def test_company_names_do_not_say_what_a_deal_trades() -> None:
    [report] = _reports_by_outlet([("wire", "2026-02-02", "Lumora Cloud raised $600 million in a Series C round.", "a")])
    assert report.objects == {"round"}
    [report] = _reports_by_outlet([("wire", "2026-02-02", "Anthropic signed a deal with Google Cloud for $2 billion.", "a")])
    assert "cloud" in report.objects  # (Google's cloud business: the text says cloud)


def test_a_company_bought_is_an_acquisition_whatever_the_verb() -> None:
    [report] = _reports_by_outlet([("wire", "2026-02-02", "SoftBank agreed to buy Ampere Computing for $6.5 billion.", "a")])
    assert report.objects == {"acquisition"}


@pytest.mark.parametrize("text,objects", [
    # money put into a company is a stake in it or a loan to it, whatever the words
    ("Nvidia will invest $2 billion in xAI, the companies said.", {"stake"}),
    ("KKR will lend $1 billion to Lambda, the companies said.", {"debt"}),
    # money raised in a bond sale is borrowed: no round, unless the round's own words are there
    ("Lambda raised $1.5 billion in a five-year bond deal.", {"debt"}),
    ("Lambda raised $1.5 billion in senior unsecured notes and a Series E round.", {"debt", "round"}),
])
def test_what_money_put_into_a_company_buys(text: str, objects: set[str]) -> None:
    [report] = _reports_by_outlet([("wire", "2026-02-02", text, "a")])
    assert report.objects == objects


def test_two_kinds_of_deal_with_no_figure_tying_them_cannot_link() -> None:
    from scraper.deals import _conflicts, _reports, pair_features

    order, warrant, stake = _reports(_claims([
        ("wire", "2026-02-10", "Groq won a $900 million order from Bell Canada for its inference racks.", "a"),
        ("daily", "2026-04-20", "Groq granted Bell Canada a warrant to buy up to 12 million shares.", "b"),
        ("post", "2026-04-21", "Bell Canada will take a $900 million stake in Groq.", "c"),
    ]))
    assert pair_features(order, warrant)["object_differs"] == 1.0
    assert _conflicts(pair_features(order, warrant))
    assert not _conflicts(pair_features(order, stake))  # (the same amount ties them: outlets may word one deal so)


@pytest.mark.parametrize("text,expansion", [
    ("Humain agreed to buy another 100,000 GB300 chips from Nvidia.", True),
    ("Nvidia will ship Humain 100,000 more GB300 GPUs.", True),
    ("Nvidia will ship Humain 100,000 GB300 GPUs.", False),
])
def test_a_later_order_told_only_by_its_count_is_an_expansion(text: str, expansion: bool) -> None:
    [report] = _reports_by_outlet([("wire", "2026-03-10", text, "a")])
    assert report.expansion is expansion


@pytest.mark.parametrize("text,valuations", [
    ("Tallow AI raised $600 million, valuing it at more than $7 billion.", [7e9]),
    ("Tallow AI raised $600 million from Accel. The round values the company at $7.4 billion.", [7.4e9]),
    ("Tallow AI raised €500 million at a €6 billion valuation.", [6e9 * 1.1]),
    # (a purchase has no valuation of its own: the company valued is another)
    ("Nvidia agreed to buy 10,000 GPUs from Tallow AI, which was valued at $7 billion last year, for $300 million.", []),
])
def test_a_round_holds_the_valuation_its_text_states(text: str, valuations: list[float]) -> None:
    [report] = _reports_by_outlet([("wire", "2026-03-10", text, "a")])
    assert [round(v.value, -6) for v in report.valuations] == [round(v, -6) for v in valuations]


def test_two_reports_of_a_round_valued_alike_are_one_deal() -> None:
    from scraper.deals import pair_features

    one, other = _reports_by_outlet([
        ("wire", "2026-03-10", "Tallow AI closed a roughly $600 million raise that values it at more than $7 billion.", "a"),
        ("daily", "2026-03-11", "Tallow AI has raised US$600 million in a round co-led by Accel, lifting its valuation to "
                                "US$7.4 billion.", "a"),
    ])
    assert pair_features(one, other)["valuation_match"] == 1.0


@pytest.mark.parametrize("text,expansion", [
    ("Granite Peak made a $300 million follow-on investment in Tallow AI.", True),
    ("Tallow AI raised a $300 million supplemental round from Granite Peak.", True),
    ("Anthropic got a $3 billion top-up from Amazon.", True),
    ("Granite Peak made a $300 million investment in Tallow AI.", False),
])
def test_a_follow_on_or_supplemental_amount_expands_an_earlier_deal(text: str, expansion: bool) -> None:
    [report] = _reports_by_outlet([("wire", "2026-03-10", text, "a")])
    assert report.expansion is expansion


def test_two_reports_of_one_article_never_end_in_one_deal() -> None:
    reports = CASES["an expansion told without an amount, beside the earlier deal it recalls"]
    claims = _claims(reports)
    _, assignment = link_claims(claims)
    daily = {(c.report, assignment[c.id]) for c in claims if c.article_url == "https://daily.example/3" and c.id}
    assert len({report for report, _ in daily}) == 2 and len({deal for _, deal in daily}) == 2


def test_a_deal_holds_its_consensus_parties_not_the_union() -> None:
    claims = _claims(CASES["chaining through a growing group"])
    deals, _ = link_claims(claims)
    assert all(len(d.parties) <= 2 for d in deals), [d.parties for d in deals]


def test_every_join_keeps_its_evidence() -> None:
    reports = CASES["one company's builds in two places"]
    deals, _ = link_claims(_claims(reports))
    for deal in deals:
        steps = [e["step"] for e in deal.evidence]
        assert steps[0] == "first report" and len(steps) == len({(e["article_url"], e["report"]) for e in deal.evidence})
        for joined in deal.evidence[1:]:
            assert JOIN_AT <= joined["probability"] <= 1 and joined["contributions"]
            assert joined["features"]["place_match"] == 1.0  # both name the same state
            assert all(joined["features"].values())  # only the evidence that fired is kept
    assert sorted(len(d.evidence) for d in deals) == [2, 2]


def test_ids_are_stable_across_relinks() -> None:
    reports = [r for case in CASES.values() for r in case]
    claims = _claims(reports)
    deals, assignment = link_claims(claims)
    for claim in claims:
        claim.deal_id = assignment.get(claim.id or "")
    again, assignment_again = link_claims(claims, {d.id: d.slug for d in deals})
    assert assignment_again == assignment
    assert [(d.id, d.slug) for d in again] == [(d.id, d.slug) for d in deals]


SCRIPT = """
import json, sys
sys.path.insert(0, {tests!r})
from test_grouping import CASES, _claims
from scraper.deals import JOIN_AT, link_claims
reports = [r for case in CASES.values() for r in case]
deals, assignment = link_claims(_claims(reports))
print(json.dumps({{"deals": sorted((d.id, d.slug, d.parties) for d in deals), "assignment": assignment}}, sort_keys=True))
"""


def test_the_same_claims_give_the_same_deals_in_any_process(tmp_path: Path) -> None:
    script = tmp_path / "link.py"
    script.write_text(SCRIPT.format(tests=str(Path(__file__).parent)))
    outputs = set()
    for seed in ("0", "1", "42", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, check=True)
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert json.loads(outputs.pop())["deals"]


def test_link_explain_prints_why_reports_are_one_deal(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from scraper.cli import cli

    docs = tmp_path / "docs.jsonl"
    reports = CASES["chaining through a growing group"]
    docs.write_text("".join(json.dumps({"url": f"https://{o}.example/{i}", "outlet": o, "published": d, "text": t}) + "\n"
                            for i, (o, d, t, _) in enumerate(reports)))
    db = tmp_path / "deals.db"
    assert CliRunner().invoke(cli, ["import", str(docs), "--db", str(db)]).exit_code == 0
    import sqlite_utils

    rows = list(sqlite_utils.Database(db).query(
        "select deal_id, count(*) n from deal_evidence group by deal_id order by n desc, deal_id"))
    assert rows[0]["n"] == 2  # the two IREN reports (or the two Nebius ones)
    result = CliRunner().invoke(cli, ["link", "--db", str(db), "--explain", rows[0]["deal_id"]])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "2 report(s)" in lines[0] and lines[1].startswith("  first report:")
    assert "joined with p=" in lines[2] and "because" in lines[3] and "shared2" in lines[3]
    missing = CliRunner().invoke(cli, ["link", "--db", str(db), "--explain", "no-such-deal"])
    assert missing.exit_code == 2 and "no deal 'no-such-deal'" in missing.output


def test_pair_evidence_is_the_same_whichever_report_comes_first() -> None:
    from scraper.deals import _reports, pair_features

    reports = [("wire", "2025-11-03", "Microsoft signed a $10.2 billion contract with Nscale for GB300 capacity.", "a"),
               ("daily", "2025-11-04", "Nscale will supply Microsoft with GB300 capacity worth about $10 billion.", "a")]
    a, b = _reports(_claims(reports))
    assert pair_features(a, b) == pair_features(b, a)


def test_a_contract_valued_at_an_amount_is_no_funding_round() -> None:
    from scraper.deals import _reports

    [report] = _reports(_claims([("wire", "2026-02-02", "Lambda's contract with Meta, valued at about $2 billion, "
                                  "covers Nvidia GB300 servers.", "a")]))
    assert "round" not in report.objects and report.family == "deal"


def test_a_company_on_opposite_sides_in_two_reports_is_evidence_of_two_deals() -> None:
    from scraper.deals import WEIGHTS, _reports, pair_features

    buys, sells, invests = _reports(_claims([
        ("wire", "2026-03-02", "Meta will buy $3 billion of GPU capacity from Lambda over four years.", "a"),
        ("daily", "2026-03-03", "Lambda will buy $3 billion of GPU capacity from Meta over four years.", "b"),
        ("post", "2026-03-04", "Meta will invest $3 billion in Lambda, the startup said.", "c"),
    ]))
    assert pair_features(buys, sells)["role_conflict"] == 1.0
    # a purchase and an investment of the same pair are told apart by their family and object, not by roles
    assert pair_features(buys, invests)["role_conflict"] == 0.0
    assert WEIGHTS["role_conflict"] <= 0


def test_a_company_missing_from_the_gazetteer_has_one_name_in_every_report() -> None:
    from scraper.deals import _reports

    short, full = _reports(_claims([
        ("wire", "2026-04-01", "Meta signed a $2.1 billion lease with Greyhaven for 200MW in Texas.", "a"),
        ("daily", "2026-04-02", "Meta will lease 200MW from bitcoin miner Greyhaven Mining for $2.1 billion.", "a"),
    ]))
    assert short.parties == full.parties == {"Greyhaven Mining", "Meta"}


def test_a_firm_written_three_ways_has_one_name() -> None:
    from scraper.deals import _reports

    reports = _reports(_claims([
        ("wire", "2026-05-19", "Sundvik Kraft AB signed a 12-year deal to supply Google with 250 MW of wind power.", "a"),
        ("daily", "2026-05-20", "Google will buy 250 megawatts of wind power from Sundvik Kraft over 12 years.", "a"),
        ("post", "2026-05-21", "Google's 250 MW wind deal with Sundvik is its largest in the Nordics.", "a"),
    ]))
    assert len({r.parties for r in reports}) == 1, [r.parties for r in reports]


def test_a_follow_up_naming_a_firm_by_its_short_form_joins_the_deal_of_its_full_name() -> None:
    reports = [
        ("wire", "2026-06-02", "Tarnwick Compute signed a $3.6 billion, five-year contract to supply Microsoft with "
                               "Nvidia GB300 capacity from a new site in Ohio.", "a"),
        ("daily", "2026-06-03", "Microsoft will pay Tarnwick Compute about $3.6 billion over five years for GPU capacity "
                                "in Ohio.", "a"),
        ("post", "2026-06-05", "Microsoft signed a $2 billion power purchase agreement with Keldan Energy for 500 MW in "
                               "Texas.", "b"),
        ("times", "2026-06-06", "Keldan Energy will supply Microsoft with 500 megawatts from its Texas wind farms.", "b"),
        ("gazette", "2026-06-22", "Tarnwick said the first 40,000 GB300 chips for Microsoft would come online in Ohio "
                                  "in March.", "a"),
    ]
    assert _reports_by_outlet(reports)[-1].parties == {"Microsoft", "Tarnwick Compute"}
    claims = _claims(reports)
    _, assignment = link_claims(claims)
    assert _same_partition(_partition(reports, claims, assignment), [label for *_, label in reports])


def test_one_backers_part_of_a_round_neither_conflicts_with_its_total_nor_matches_another_deal() -> None:
    reports = [
        ("wire", "2026-03-02", "Parallax Labs raised $3.5 billion in a round led by Nvidia, valuing the AI startup at $20 "
                               "billion.", "a"),
        ("daily", "2026-03-03", "Parallax Labs has closed a $3.5 billion funding round at a $20 billion valuation, with "
                                "Nvidia leading.", "a"),
        ("gazette", "2026-03-04", "Nvidia is contributing $2 billion of Parallax Labs' new money, with the rest coming "
                                  "from existing backers.", "a"),
        ("post", "2026-07-20", "Parallax Labs will buy $2 billion of Nvidia Vera Rubin systems for a new cluster in "
                               "Texas.", "b"),
    ]
    claims = _claims(reports)
    _, assignment = link_claims(claims)
    assert _same_partition(_partition(reports, claims, assignment), [label for *_, label in reports])


def test_a_build_told_by_its_country_and_by_its_region_is_one_deal() -> None:
    reports = [
        ("wire", "2026-02-10", "Microsoft will spend about $5.3 billion on new AI data centers in Spain, its largest "
                               "investment in the country.", "a"),
        ("daily", "2026-02-11", "Microsoft's three new data center sites in Aragon will total about 900 MW of capacity, "
                                "the company said.", "a"),
        ("post", "2026-02-12", "Microsoft signed a $6 billion cloud contract with Nebius for GPU capacity in New Jersey.",
         "b"),
        ("times", "2026-02-13", "Nebius will supply Microsoft with GPU capacity worth $6 billion from New Jersey.", "b"),
    ]
    claims = _claims(reports)
    _, assignment = link_claims(claims)
    assert _same_partition(_partition(reports, claims, assignment), [label for *_, label in reports])
    spain, aragon, catalonia = _reports_by_outlet([
        reports[0], reports[1],
        ("herald", "2026-02-12", "Microsoft will build a 300 MW data center campus in Catalonia.", "c")])
    assert pair_features(spain, aragon)["place_match"] == 0.5  # (half the evidence of one place)
    assert pair_features(aragon, catalonia)["place_conflict"] == 1.0
    # (half a place ties no conflicting amounts: a country's plan and one city's campus)
    country, city = _reports_by_outlet([
        ("wire", "2026-02-10", "Microsoft will invest $10 billion in AI data centers in Portugal.", "d"),
        ("daily", "2026-02-11", "Microsoft will invest $400 million in a data center in Lisbon.", "e")])
    assert _conflicts(pair_features(country, city))


def test_a_round_letter_goes_with_the_deal_whose_figure_is_nearest() -> None:
    from scraper.deals import _reports

    reports = _reports(_claims([("wire", "2026-05-04", "Cohere's new $1.2B round comes four months after the "
                                 "company raised $500 million in a Series C led by Radical Ventures.", "a")]))
    new, recalled = sorted(reports, key=lambda r: r.in_passing)
    assert new.series == set() and recalled.series == {"C"}


def test_a_place_goes_with_the_deal_whose_figure_is_nearest() -> None:
    from scraper.deals import _reports

    reports = _reports(_claims([("wire", "2026-03-10", "Google will invest $6 billion in a campus near Topeka, Kansas, "
                                 "weeks after committing $4 billion to a data center in Arkansas.", "a")]))
    new, recalled = sorted(reports, key=lambda r: r.in_passing)
    assert new.places == {"Kansas"} and recalled.places == {"Arkansas"}


def test_an_amount_in_euros_meets_its_dollar_conversion_and_never_conflicts() -> None:
    from scraper.deals import _reports, pair_features

    euros, dollars, far = _reports_by_outlet([
        ("wire", "2026-03-02", "Nscale signed a 3.5 billion euro contract to supply Cohere with GPU capacity.", "a"),
        ("daily", "2026-03-02", "Cohere will pay Nscale $4 billion for GPU capacity, a person familiar said.", "a"),
        ("post", "2026-03-02", "Cohere will pay Nscale $9 billion for GPU capacity, a person familiar said.", "b"),
    ])
    assert pair_features(euros, dollars)["money_match"] == 1.0
    assert pair_features(euros, far)["money_match"] == pair_features(euros, far)["money_conflict"] == 0.0
    # two amounts in euros are compared in euros, not through their conversions
    other, more = _reports(_claims([
        ("wire", "2026-03-02", "Mistral AI raised 1.7 billion euros in a round led by ASML.", "a"),
        ("daily", "2026-03-02", "ASML led a 2 billion euro funding round in Mistral AI.", "b"),
    ]))
    assert pair_features(other, more)["money_match"] == 0.0 and pair_features(other, more)["money_conflict"] == 1.0
    # a report that states dollars itself is compared in its dollars
    told, earlier = _reports(_claims([
        ("wire", "2026-03-02", "SoftBank will invest $30 billion (about ¥4.7 trillion) in OpenAI.", "a"),
        ("daily", "2026-03-02", "SoftBank completed its $40 billion investment in OpenAI.", "b"),
    ]))
    assert pair_features(told, earlier)["money_match"] == 0.0


def test_the_same_term_told_in_years_months_or_decades_is_evidence_of_one_deal() -> None:
    from scraper.deals import _reports, pair_features

    years, decades, other = _reports_by_outlet([
        ("wire", "2026-05-04", "Talen will supply Amazon with nuclear power for 20 years from its Susquehanna plant.", "a"),
        ("daily", "2026-05-04", "Amazon signed a two-decade power purchase agreement with Talen.", "a"),
        ("post", "2026-05-04", "Amazon signed a five-year power purchase agreement with Talen.", "b"),
    ])
    assert pair_features(years, decades)["duration_match"] == 1.0
    assert pair_features(years, other)["duration_match"] == 0.0 and pair_features(years, other)["duration_conflict"] == 1.0
    # the same term between different companies says nothing (15-year leases are common)
    one, another = _reports(_claims([
        ("wire", "2026-05-04", "Amazon signed a 20-year power purchase agreement with Vistra.", "a"),
        ("daily", "2026-05-04", "Amazon signed a 20-year power purchase agreement with Constellation.", "b"),
    ]))
    assert pair_features(one, another)["duration_match"] == 0.0


@pytest.mark.parametrize("listing,alone,parties", [
    ("Cohere raised $600 million in a funding round led by Inovia Capital, with Nvidia and Salesforce also "
     "investing.", "Cohere has raised $600 million in new funding, the Toronto startup said.",
     {"Cohere", "Inovia Capital", "Nvidia", "Salesforce"}),
    ("Blue Owl and Magnetar will lend $2 billion to Lambda for its Kansas campus.",
     "Lambda has secured $2 billion in loans, the company said.", {"Blue Owl Capital", "Magnetar", "Lambda"}),
])
def test_a_round_or_loan_told_with_its_backers_and_without_them_names_the_same_company(
        listing: str, alone: str, parties: set[str]) -> None:
    from scraper.deals import _reports, pair_features

    reports = _reports(_claims([("wire", "2026-04-01", listing, "a"), ("daily", "2026-04-01", alone, "a")]))
    listed, single = sorted(reports, key=lambda r: -len(r.parties))
    assert listed.parties == parties and len(single.parties) == 1
    assert pair_features(listed, single)["jaccard"] == 1.0


def test_two_reports_of_a_round_listing_different_backers_name_the_same_company() -> None:
    from scraper.deals import comparable, pair_features

    led, backed, other = _reports_by_outlet([
        ("wire", "2026-06-09", "Cohere raised $600 million in a funding round led by Inovia Capital.", "a"),
        ("daily", "2026-06-10", "Cohere has won backing from Nvidia and Salesforce for its $600 million funding round.",
         "a"),
        # a purchase by a backer is no round: its plain overlap counts
        ("post", "2026-06-10", "Nvidia signed a $600 million contract to buy Cohere's models.", "b"),
    ])
    assert led.parties & backed.parties == {"Cohere"}
    assert comparable(led, backed) and pair_features(led, backed)["jaccard"] == 1.0
    assert not comparable(led, other) and pair_features(backed, other)["jaccard"] < 1.0


def test_a_deal_told_without_a_figure_leaves_the_round_letter_and_valuation_to_the_round_it_recalls() -> None:
    from scraper.deals import _reports

    reports = _reports(_claims([("wire", "2026-03-11", "Fidelity is leading Tallow AI's latest raise, which follows the "
                                 "$1.1bn Series G the company closed in September at an $8.1bn valuation.", "a")]))
    told, recalled = sorted(reports, key=lambda r: r.in_passing)
    assert not told.money and told.series == set() and told.valuations == []
    assert recalled.series == {"G"} and [round(v.value, -8) for v in recalled.valuations] == [8.1e9]


def test_a_purchase_that_comes_with_money_put_in_does_not_say_what_its_money_is() -> None:
    [funded, bought] = _reports_by_outlet([
        ("wire", "2026-03-10", "Meta will buy up to 600 MW of power from TerraWatt Nuclear and provide more than $1 "
                               "billion in upfront funding.", "a"),
        ("daily", "2026-03-10", "Meta will invest $1 billion in TerraWatt Nuclear.", "b"),
    ])
    assert funded.family == "investment" and not funded.family_known
    assert bought.family == "investment" and bought.family_known


@pytest.mark.parametrize("amount,distinctive", [("$17.4 billion", 1.0), ("$20 billion", 0.0)])
def test_a_deal_recalled_in_passing_keeps_its_specific_amount(amount: str, distinctive: float) -> None:
    from scraper.deals import _reports, pair_features

    reports = _reports(_claims([
        ("wire", "2026-05-04", f"Microsoft signed a {amount} contract with Nebius for GPU capacity in New Jersey.", "a"),
        ("gazette", "2026-09-10", "Nebius landed a $3 billion expansion from Microsoft, four months after the two "
                                  f"companies signed their original {amount} contract.", "a"),
    ]))
    original = next(r for r in reports if r.outlet == "wire")
    recalled = next(r for r in reports if r.in_passing)
    # ("$17.4 billion" is recalled as it was stated; a round "$20 billion" may be a rounding, so it is read loosely)
    assert pair_features(original, recalled)["distinctive"] == distinctive
    assert pair_features(original, recalled)["money_match"] == 1.0


def test_a_one_off_stake_and_a_round_of_the_same_company_keep_their_plain_overlap() -> None:
    from scraper.deals import pair_features

    stake, round_ = _reports_by_outlet([
        ("wire", "2026-04-01", "Amazon will invest up to $4 billion in Anthropic.", "a"),
        ("daily", "2026-04-02", "Anthropic raised $3.5 billion in a funding round.", "b"),
    ])
    assert stake.parties == {"Amazon", "Anthropic"} and round_.parties == {"Anthropic"}
    assert pair_features(stake, round_)["jaccard"] == 0.5


def test_two_deals_whose_consensus_names_different_counterparties_never_merge() -> None:
    """An umbrella and one of its parts share only the company in both; a report naming that company alone
    (blocked with each) must not carry one deal into the other."""
    from scraper.deals import _cross, _Group, _Scorer

    reports = _reports_by_outlet([
        ("wire", "2025-10-31", "Nvidia will supply Blackwell GPUs worth billions of dollars to South Korea.", "a"),
        ("daily", "2025-10-31", "South Korea's government agreed to buy billions of dollars of GPUs from Nvidia.", "a"),
        ("gazette", "2025-11-01", "Samsung will buy Blackwell GPUs from Nvidia in a deal worth billions of dollars.", "b"),
        ("ledger", "2025-11-01", "Samsung agreed to buy billions of dollars of Blackwell GPUs from Nvidia.", "b"),
        ("post", "2025-11-01", "Nvidia will ship Blackwell GPUs in a deal worth billions of dollars.", "b"),
    ])
    assert [sorted(r.parties) for r in reports[:4]] == [["Nvidia", "South Korea"]] * 2 + [["Nvidia", "Samsung"]] * 2
    umbrella, part = _Group(reports=reports[:2], index=0), _Group(reports=reports[2:], index=1)
    assert _cross(umbrella, part, _Scorer()) is None
    # deals of the same pair are still compared
    assert _cross(_Group(reports=reports[2:3], index=2), _Group(reports=reports[3:4], index=3), _Scorer()) is not None


@pytest.mark.parametrize("capped, other, matches", [
    ("Microsoft will spend up to $10 billion renting GPU servers from CoreWeave.",
     "Microsoft signed a $6 billion contract with CoreWeave for GPU servers.", True),
    # a cap is reported near its top: well under half of it is another deal of the same companies
    ("Microsoft will spend up to $10 billion renting GPU servers from CoreWeave.",
     "Microsoft signed a $4 billion contract with CoreWeave for GPU servers.", False),
])
def test_a_cap_meets_figures_near_its_top(capped: str, other: str, matches: bool) -> None:
    from scraper.deals import pair_features

    a, b = _reports_by_outlet([("wire", "2026-02-02", capped, "a"), ("daily", "2026-02-03", other, "a")])
    assert pair_features(a, b)["money_match"] == float(matches)


def test_money_a_company_puts_into_a_place_is_spent_on_its_own_build() -> None:
    from scraper.deals import _reports

    country, company = _reports(_claims([
        ("wire", "2026-02-02", "Amazon announced its largest investment in Spain to date: 15 billion euros by 2030.", "a"),
        ("daily", "2026-02-03", "Amazon will invest $2 billion in Anthropic, the startup said.", "b"),
    ]))
    assert (country.family, company.family) == ("deal", "investment")


def test_a_sites_expansion_is_no_deal_expanding_an_earlier_one() -> None:
    from scraper.deals import _reports

    site, size, deal = _reports(_claims([
        ("wire", "2026-02-02", "Dell will ship $3 billion of GB300 racks to xAI for its Southaven, Mississippi, "
                               "expansion.", "a"),
        ("daily", "2026-02-03", "Blackstone agreed to buy Pure DC for $3 billion, gaining a 60MW expansion in Slough.", "b"),
        ("post", "2026-02-04", "Nebius signed a $2 billion expansion of its contract with Microsoft.", "c"),
    ]))
    assert [site.expansion, size.expansion, deal.expansion] == [False, False, True]


def test_a_loan_told_without_its_amount_is_money_lent_not_a_purchase() -> None:
    from scraper.deals import _reports, pair_features

    told, retold, round_ = _reports(_claims([
        ("wire", "2026-03-02", "Goldman Sachs is leading a $3 billion loan to Lambda to finance GPUs, the company said.", "a"),
        ("daily", "2026-03-03", "The five-year loan to Lambda, arranged by Goldman Sachs, is secured against its GPU fleet.",
         "a"),
        ("gazette", "2026-03-20", "Lambda raised $1.5 billion in equity from investors led by Goldman Sachs.", "b"),
    ]))
    assert retold.family == "investment" and "debt" in retold.objects
    assert not pair_features(told, retold)["family_differs"] and pair_features(retold, round_)["object_differs"]


def test_every_shipped_weight_reads_as_its_feature_says() -> None:
    """Evidence for one deal never lowers the probability, evidence against never raises it (bench/fit_grouping.py
    leaves a feature out rather than ship it with the other sign)."""
    import importlib.util

    from scraper.deals import WEIGHTS

    path = Path(__file__).resolve().parent.parent / "bench" / "fit_grouping.py"
    spec = importlib.util.spec_from_file_location("fit_grouping", path)
    assert spec is not None and spec.loader is not None
    fit_grouping = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fit_grouping)
    assert fit_grouping.FOR and fit_grouping.AGAINST
    assert all(WEIGHTS[name] >= 0 for name in fit_grouping.FOR), {n: WEIGHTS[n] for n in fit_grouping.FOR}
    assert all(WEIGHTS[name] <= 0 for name in fit_grouping.AGAINST), {n: WEIGHTS[n] for n in fit_grouping.AGAINST}


@pytest.mark.parametrize("total", [
    "The new order brings Kestrel Cloud's total fleet of Nvidia chips to 120,000 GPUs, the company said.",
    "The purchase takes the total Kestrel Cloud has bought from Dell to 120,000 GPUs.",
])
def test_a_running_total_told_with_a_deal_never_conflicts_with_the_deals_own_figure(total: str) -> None:
    order, running, other = _reports_by_outlet([
        ("wire", "2026-06-01", "Kestrel Cloud ordered 40,000 Nvidia Blackwell GPUs from Dell for its Oslo site.", "a"),
        ("daily", "2026-06-02", total, "a"),
        ("gazette", "2026-06-02", "Kestrel Cloud ordered 120,000 Nvidia Blackwell GPUs from Dell for its Oslo site.", "b"),
    ])
    assert not pair_features(order, running)["quantity_conflict"]
    assert pair_features(order, other)["quantity_conflict"]  # (two counts the text states as a deal's own do conflict)
    assert pair_features(running, other)["quantity_match"]  # (the same number still meets)
