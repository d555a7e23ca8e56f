"""The gazetteer: the bundled company and chip lists, and the matchers that find them in text."""

from __future__ import annotations


import pytest

from scraper import analyze
from scraper.errors import ScraperError
from scraper.gazetteer import (
    CHIP_KINDS,
    COMPANY_KINDS,
    Chip,
    Company,
    GazetteerError,
    _chip,
    _company,
    find_unknown_organisations,
    load_gazetteer,
    load_places,
    named_by_short_form,
    short_forms,
)
from scraper.models import Mention


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def companies(gaz, text: str) -> list[str]:
    return [m.name for m in gaz.find_companies(text)]


def chips(gaz, text: str) -> list[str]:
    return [m.name for m in gaz.find_chips(text)]


# --- the data files ------------------------------------------------------------------------------


def test_sizes(gaz):
    assert len(gaz.companies) >= 200
    assert len(gaz.chips) >= 120


def test_canonical_names_are_unique(gaz):
    names = [c.name for c in gaz.companies]
    assert len(names) == len(set(names))
    chip_names = [c.name for c in gaz.chips]
    assert len(chip_names) == len(set(chip_names))


def test_every_chip_vendor_is_a_known_company(gaz):
    missing = {c.vendor for c in gaz.chips if c.vendor and gaz.company(c.vendor) is None}
    assert not missing
    # Only standards that several companies make have no vendor; a standards body is never one.
    assert {c.family for c in gaz.chips if not c.vendor} <= {"HBM", "GDDR", "LPDDR", "DDR"}
    assert not any(c.vendor == "JEDEC" for c in gaz.chips)


def test_no_alias_names_a_company_and_a_chip_without_a_context_rule(gaz):
    """Across the two files: a word that is both a company and a chip needs the chip's context rule."""
    companies = {alias.casefold(): c.name for c in gaz.companies for alias in (c.name, *c.aliases)}
    for chip in gaz.chips:
        for alias in (chip.name, *chip.aliases):
            owner = companies.get(alias.casefold())
            if owner is not None and owner != chip.vendor:
                assert chip.needs_context, (alias, owner, chip.name)


def test_ambiguous_names_follow_their_context(gaz):
    # Ampere: Nvidia's architecture or Ampere Computing.
    assert chips(gaz, "Oracle will buy $2 billion of Ampere chips.") == []
    assert companies(gaz, "Oracle will buy $2 billion of Ampere chips.") == ["Oracle", "Ampere Computing"]
    assert chips(gaz, "Nvidia Ampere GPUs power the cluster.") == ["Ampere"]
    assert chips(gaz, "The Ampere architecture was a leap.") == ["Ampere"]
    result = analyze("Oracle will buy $2 billion of Ampere chips, the companies said.")
    assert "Ampere" not in result["chips"] and "Nvidia" not in result["companies"]
    # Scale is a word, Scale AI the company.
    assert companies(gaz, "Scale matters: the deal is big.") == []
    assert companies(gaz, "Scale AI raised $1 billion.") == ["Scale AI"]
    # IPU: Graphcore's accelerator, or Intel's infrastructure processing unit.
    assert chips(gaz, "Graphcore IPU systems") == ["IPU"]
    assert chips(gaz, "Intel IPU E2000 chips") == []


def test_allowed_kinds_are_checked_when_the_data_loads():
    assert _company({"name": "X", "kind": "cloud"}).kind == "cloud"
    with pytest.raises(GazetteerError, match="companies.toml: Acme: kind 'bakery' is not one of"):
        _company({"name": "Acme", "kind": "bakery"})
    with pytest.raises(GazetteerError, match="chips.toml: Z1: kind"):
        _chip({"name": "Z1", "vendor": "Acme", "kind": "toaster"})
    with pytest.raises(ScraperError, match="needs a name"):
        _chip({"kind": "gpu"})


def test_no_alias_names_two_companies(gaz):
    owner: dict[str, str] = {}
    for company in gaz.companies:
        for alias in (company.name, *company.aliases):
            key = alias.casefold()
            assert owner.setdefault(key, company.name) == company.name, alias


def test_no_alias_names_two_chips(gaz):
    owner: dict[str, str] = {}
    for chip in gaz.chips:
        for alias in (chip.name, *chip.aliases):
            key = alias.casefold().replace(" ", "").replace("-", "")
            assert owner.setdefault(key, chip.name) == chip.name, alias


def test_fields_are_valid(gaz):
    for company in gaz.companies:
        assert company.kind in COMPANY_KINDS, company
        assert len(company.country) == 2 and company.country.isupper(), company
        assert company.ticker == "" or ":" in company.ticker, company
        assert set(company.case_sensitive) <= {company.name, *company.aliases}, company
    for chip in gaz.chips:
        assert chip.kind in CHIP_KINDS, chip
        assert chip.family, chip


def test_lookups(gaz):
    amazon = gaz.company("Amazon")
    assert isinstance(amazon, Company)
    assert "AWS" in amazon.aliases and amazon.ticker == "NASDAQ:AMZN" and amazon.kind == "hyperscaler"
    graviton5 = gaz.chip("Graviton5")
    assert isinstance(graviton5, Chip)
    assert (graviton5.vendor, graviton5.family, graviton5.kind) == ("Amazon", "Graviton", "cpu")
    assert gaz.chip("Graviton").kind == "family"
    assert gaz.company("Nonexistent Widgets") is None and gaz.chip("Z9000") is None


def test_family_entries_exist(gaz):
    for name in ("Graviton", "Trainium", "Blackwell", "TPU", "Inferentia", "Instinct"):
        assert gaz.chip(name).kind == "family", name


# --- companies -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    # parent's common name for subsidiaries and brands
    ("AWS said on Monday", ["Amazon"]),
    # a company named by the product it makes, as news writes it
    ("the ChatGPT maker's commitment to the Facebook parent", ["OpenAI", "Meta"]),
    ("a stake in the Claude developer", ["Anthropic"]),
    ("The iPhone maker said", ["Apple"]),
    ("Big Blue and the Windows maker", ["IBM", "Microsoft"]),
    ("Amazon Web Services will invest", ["Amazon"]),
    ("Amazon.com Inc. (AMZN) said", ["Amazon"]),
    # a giant told by its home town or founder after its first mention
    ("the Redmond software giant and the search giant", ["Microsoft", "Google"]),
    ("Musk’s AI startup and the world’s largest contract chipmaker", ["xAI", "TSMC"]),
    ("Google Cloud and Alphabet", ["Google", "Google"]),
    ("Microsoft Azure trained Llama", ["Microsoft"]),
    ("Meta Platforms Inc. plans", ["Meta"]),
    ("Facebook parent Meta", ["Meta", "Meta"]),
    ("Microsoft Corp. will invest", ["Microsoft"]),
    ("NVIDIA and Nvidia and Nvidia Corp.", ["Nvidia", "Nvidia", "Nvidia"]),
    ("Advanced Micro Devices (AMD) Inc.", ["AMD", "AMD"]),
    ("Taiwan Semiconductor Manufacturing Co", ["TSMC"]),
    ("Canada Pension Plan Investment Board (CPP Investments)", ["CPP Investments", "CPP Investments"]),
    ("Group 42 Holdings (G42)", ["G42", "G42"]),
    ("Kairos Power LLC", ["Kairos Power"]),
    ("Talen Energy Corporation has sold", ["Talen Energy"]),
    ("Samsung Electronics (KS:005930)", ["Samsung"]),
    ("Elon Musk's xAI", ["xAI"]),
    ("Run:ai and Run AI", ["Run:ai", "Run:ai"]),
    ("Mistral AI and Mistral", ["Mistral AI", "Mistral AI"]),
    ("Blue Owl Capital and Blue Owl", ["Blue Owl Capital", "Blue Owl Capital"]),
    # case variants of long distinctive names
    ("COREWEAVE and Coreweave and coreweave", ["CoreWeave", "CoreWeave", "CoreWeave"]),
    # possessives and hyphenated compounds
    ("Meta's data center and Meta’s", ["Meta", "Meta"]),
    ("Nvidia's chips", ["Nvidia"]),
    ("the Nvidia-backed cloud", ["Nvidia"]),
    # Korean names, which take particles without a space
    ("삼성전자는 테슬라와 계약을 맺었다", ["Samsung", "Tesla"]),
    # power companies, data-center operators and regional clouds of several countries
    ("Statkraft and Hydro-Québec will supply Data4 and E2E Networks", ["Statkraft", "Hydro-Québec", "Data4", "E2E Networks"]),
    ("Korea Electric Power Corp. and TEPCO", ["KEPCO", "TEPCO"]),
    # lenders and backers of AI financing, by their short names too
    ("a loan from Commonwealth Bank, NAB and Crédit Agricole", ["Commonwealth Bank of Australia", "National Australia Bank",
                                                                 "Crédit Agricole"]),
    ("a round led by Thrive with Sutter Hill and Ares Management", ["Thrive Capital", "Sutter Hill Ventures",
                                                                    "Ares Management"]),
    # Asian and Nordic banks and pension funds that lend to and back data centers
    ("green loans from DBS, OCBC and UOB, with Danske Bank and pension fund PKA",
     ["DBS", "OCBC", "UOB", "Danske Bank", "PKA"]),
])
def test_company_aliases(gaz, text, expected):
    assert companies(gaz, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The arm of the company", []),
    ("an Arm-designed core from Arm", ["Arm", "Arm"]),
    ("a meta-analysis of metadata", []),
    ("Artificial Intelligence is here", []),
    ("Intel and intelligence", ["Intel"]),
    ("AWS Lambda functions", ["Amazon"]),
    ("Lambda raised money from Nvidia", ["Lambda", "Nvidia"]),
    ("the scale of Oracle and the oracle", ["Oracle"]),
    ("an apple a day; Apple and Scale AI; at scale", ["Apple", "Scale AI"]),
    ("Constellation Energy and a constellation of satellites", ["Constellation Energy"]),
    ("high fidelity audio from Fidelity", ["Fidelity"]),
    ("we will bring together AI researchers", []),
    ("Ampere Computing sells Arm chips", ["Ampere Computing", "Arm"]),
    ("Ampere, the chip startup, said", ["Ampere Computing"]),
    ("Nvidia Ampere GPUs", ["Nvidia"]),
    ("its Hopper- and Ampere-architecture GPUs", []),
    ("an ARM-based CPU line", []),
    ("Stack's Oslo campus, Stack Infrastructure and STACK; the software stack; Stack Overflow",
     ["Stack Infrastructure", "Stack Infrastructure", "Stack Overflow"]),
    ("Galaxy Digital's Helios campus; Samsung Galaxy phones; a galaxy of startups; Bessemer, Alabama",
     ["Galaxy Digital", "Samsung"]),
    # another firm whose name starts with a known company's short name; a known company's own unit
    ("Nvidia will invest in Kairos Labs; Kairos will build reactors", ["Nvidia", "Kairos Power"]),
    ("Naver Cloud and Mistral Compute", ["Naver", "Mistral AI"]),
])
def test_company_traps(gaz, text, expected):
    assert companies(gaz, text) == expected


def test_longest_match_is_one_mention(gaz):
    mentions = gaz.find_companies("Amazon Web Services (AWS) and Meta Platforms")
    assert [(m.name, m.text) for m in mentions] == [
        ("Amazon", "Amazon Web Services"), ("Amazon", "AWS"), ("Meta", "Meta Platforms"),
    ]


def test_offsets_index_the_text(gaz):
    text = "Under the deal, Microsoft Corp. will pay CoreWeave."
    for mention in gaz.find_companies(text):
        assert text[mention.start:mention.end] == mention.text
        assert mention.kind == "company" and mention.known
    assert [m.text for m in gaz.find_companies(text)] == ["Microsoft Corp.", "CoreWeave"]


# --- chips ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("Graviton5", ["Graviton5"]),
    ("Graviton 5", ["Graviton5"]),
    ("Graviton-5", ["Graviton5"]),
    ("AWS Graviton5", ["Graviton5"]),
    ("AWS Graviton chips", ["Graviton"]),
    ("Trainium 2 and Trainium2 and Trn2", ["Trainium2", "Trainium2", "Trainium2"]),
    ("Trainium and Inferentia", ["Trainium", "Inferentia"]),
    ("MI 300X and MI300X and MI-300X", ["MI300X", "MI300X", "MI300X"]),
    ("AMD's Instinct MI300", ["MI300"]),
    ("TPU v7 and TPUv7 and TPU-v7", ["TPU v7", "TPU v7", "TPU v7"]),
    # a product's own name is kept as the text writes it; its model number is another name
    ("Ironwood TPU and Trillium", ["Ironwood", "Trillium"]),
    ("the TPU v7 Ironwood", ["TPU v7"]),
    ("18,000 Blackwell Ultra GPUs", ["Blackwell Ultra"]),
    ("Google's newly available TPU v5e AI processors", ["TPU v5e"]),
    ("its Tensor Processing Unit (TPU) family", ["TPU", "TPU"]),
    ("Nvidia's H100s", ["H100"]),
    ("200,000 Nvidia H100/H200 GPUs", ["H100", "H200"]),
    ("the H-100", ["H100"]),
    ("GB200 NVL72 systems", ["GB200 NVL72"]),
    ("GB200 and GB300 NVL72", ["GB200", "GB300 NVL72"]),
    ("5,120 Blackwell GB200 GPUs", ["GB200"]),
    ("Blackwell Ultra–based GB300 NVL72", ["GB300 NVL72"]),
    ("Grace Hopper Superchip", ["Grace Hopper"]),
    ("GH200 Grace Hopper Superchip", ["GH200"]),
    ("H20 graphics processing units", ["H20"]),
    ("2,048 Nvidia H800 GPUs", ["H800"]),
    ("HBM3E-equipped MI325X with HBM3 memory", ["HBM3E", "MI325X", "HBM3"]),
    ("Huawei's Ascend 910C and Ascend 910B", ["Ascend 910C", "Ascend 910B"]),
    ("Gaudi 3 and Xeon 6", ["Gaudi 3", "Xeon 6"]),
    ("Cobalt 100 and Maia 100", ["Cobalt 100", "Maia 100"]),
    ("Cerebras WSE-3", ["WSE-3"]),
    ("Tesla's AI6 chips and AI 5", ["AI6", "AI5"]),
    ("Vera Rubin NVL144", ["Vera Rubin NVL144"]),
    ("Rubin CPX", ["Rubin CPX"]),
    ("Meta's MTIA v2", ["MTIA v2"]),
])
def test_chip_aliases(gaz, text, expected):
    assert chips(gaz, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Nvidia’s existing Blackwell graphics processing units and its forthcoming Rubin chips",
     ["Blackwell", "Rubin"]),
    ("standalone deployments of Nvidia’s Grace and Vera central processing units", ["Grace", "Vera"]),
    ("NVIDIA Hopper- and Ampere-architecture GPUs", ["Hopper", "Ampere"]),
    ("Nvidia Ampere GPUs", ["Ampere"]),
    # ordinary words and people's names
    ("Grace Smith and Vera Lynn met Jordan Rubin in Blackwell, Oklahoma", []),
    ("Grace and the admiral Hopper", []),
    ("Ampere Computing designs Arm server chips", []),
    ("Ampere, the chip startup", []),
    ("cobalt and Cobalt mines", []),
    ("Apple A10 Fusion chip", []),
    ("a 100-megawatt plant; A 100 MW site", []),
    ("Nvidia A10 GPUs", ["A10"]),
    ("the Vera C. Rubin Observatory", []),
])
def test_chip_context(gaz, text, expected):
    assert chips(gaz, text) == expected


def test_chip_mentions_have_offsets(gaz):
    text = "Meta will use AWS Graviton 5 chips."
    [mention] = gaz.find_chips(text)
    assert (mention.kind, mention.name, mention.text) == ("chip", "Graviton5", "Graviton 5")
    assert text[mention.start:mention.end] == "Graviton 5"


# --- the seed articles (sentences copied here: tests never read ../shared) -----------------------

SEED_SENTENCES = [
    ("Meta signed an agreement to buy millions of AWS Graviton chips from Amazon, marking an important "
     "turning point in a large-scale artificial intelligence infrastructure strategy.",
     ["Meta", "Amazon", "Amazon"], ["Graviton"]),
    ("According to an announcement from Amazon, the chips chosen by Meta are AWS Graviton, an ARM-based "
     "CPU line.", ["Amazon", "Meta", "Amazon"], ["Graviton"]),
    ("This helps Amazon create a competitive advantage over other cloud platforms such as Google Cloud or "
     "Microsoft Azure.", ["Amazon", "Google", "Microsoft"], []),
    ("Previously, Meta signed a contract worth 10 billion USD lasting 6 years with Google Cloud, showing a "
     "strategy of infrastructure diversification.", ["Meta", "Google"], []),
    ("However, most of the capacity of this chip line has been reserved by Anthropic, which is committed "
     "to spending up to 100 billion USD in 10 years to operate the system on AWS.", ["Anthropic", "Amazon"], []),
    ("Meta and Amazon Web Services (AWS) have announced a massive, multi-year, multi-billion dollar "
     "partnership.", ["Meta", "Amazon", "Amazon"], []),
    ("Under this agreement, Meta will integrate AWS’s custom-built Graviton CPU chips into its global AI "
     "infrastructure at a scale of tens of millions of cores.", ["Meta", "Amazon"], ["Graviton"]),
    ("As the cornerstone of this partnership, the Graviton 5 chip brings several technical leaps:",
     [], ["Graviton5"]),
    ("Meta and AWS Announce Multi-Billion Dollar Expansion for Graviton-Powered AI.",
     ["Meta", "Amazon"], ["Graviton"]),
]


@pytest.mark.parametrize("text, expected_companies, expected_chips", SEED_SENTENCES)
def test_seed_sentences(gaz, text, expected_companies, expected_chips):
    assert companies(gaz, text) == expected_companies
    assert chips(gaz, text) == expected_chips


# --- unknown organisations -----------------------------------------------------------------------


def unknown(gaz, text: str) -> list[tuple[str, str]]:
    known = gaz.find_companies(text) + gaz.find_chips(text)
    return [(m.name, m.text) for m in find_unknown_organisations(text, known)]


@pytest.mark.parametrize("text, expected", [
    ("Acme Compute Inc. signed a deal with Nvidia.", [("Acme Compute", "Acme Compute Inc.")]),
    # a name ends at its possessive; a facility named with "AI" is no company
    ("Blue Owl will acquire Globex Infrastructure's Nordic data center arm.", [("Globex Infrastructure", "Globex Infrastructure")]),
    ("Lowe's Companies signed a $1 billion deal with Microsoft.", [("Lowe's Companies", "Lowe's Companies")]),
    ("Lambda borrowed $2 billion for its Fresno AI facility and its Tulsa AI data center.", []),
    ("Globex signed a multi-year agreement with Nvidia to buy chips.", [("Globex", "Globex")]),
    ("Nvidia signed a supply contract with Initech on Monday.", [("Initech", "Initech")]),
    # the builder of a site of its own, and who orders chips
    ("Quarrow Energy will build a 900 MW AI campus near Amarillo, the developer said.",
     [("Quarrow Energy", "Quarrow Energy")]),
    ("Velmora Labs has ordered 18,000 MI355X accelerators for its Lyon cluster.", [("Velmora Labs", "Velmora Labs")]),
    # who raises money, or is in talks to; a sentence may open on what the company is
    ("Velmora Compute raised $600 million, with Nvidia also taking part.", [("Velmora Compute", "Velmora Compute")]),
    ("Velmora Compute is in talks to raise around $500 million.", [("Velmora Compute", "Velmora Compute")]),
    ("Neocloud Velmora raised $600 mln from Nvidia.", [("Velmora", "Velmora")]),
    ("Velmora said the new money, about $400 million, will pay for GB300 clusters.", [("Velmora", "Velmora")]),
    # a place and a weak suffix before what a company is describe it
    ("IBM will rent AMD GPUs to Zyphra, the Boston AI start-up, under a multi-year deal.", [("Zyphra", "Zyphra")]),
    ("Microsoft partners with Hooli Systems to build data centers.", [("Hooli Systems", "Hooli Systems")]),
    ("Oracle agreed to acquire Vandelay Industries for $2 billion.",
     [("Vandelay Industries", "Vandelay Industries")]),
    ("SoftBank will invest $1 billion in AI startup Pied Piper.", [("Pied Piper", "Pied Piper")]),
    ("A request made by Diode Data Centers to rezone land.", [("Diode Data Centers", "Diode Data Centers")]),
    ("The deal was led by Umbrella Holdings Ltd, a Hong Kong investor.",
     [("Umbrella Holdings", "Umbrella Holdings Ltd")]),
    ("Contoso Corp.'s shares rose.", [("Contoso", "Contoso Corp.")]),
    # in apposition to what it is, told with "the" and a relative clause
    ("Analysts praised Quillon, the Austin startup that builds liquid-cooled racks.",
     [("Quillon", "Quillon")]),
    # after what describes it, the subject of a round or a loan, after a descriptor, before "an operator of"
    ("Oslo-based Fjellnett signed with Meta.", [("Fjellnett", "Fjellnett")]),
    ("Brightmoor Compute has raised $300 million in a Series B round.", [("Brightmoor Compute", "Brightmoor Compute")]),
    ("Tessellate Labs raised $250 million in a Series B led by Accel.", [("Tessellate Labs", "Tessellate Labs")]),
    ("Pallas AI raised $900 million, led by Accel, at a valuation of $5 billion.", [("Pallas AI", "Pallas AI")]),
    # after what it is, a country's code or "AI" before that; in apposition with "the" or "one of the"
    ("UK neocloud Brackwater Compute has ordered 12,000 GPUs.", [("Brackwater Compute", "Brackwater Compute")]),
    ("French AI startup Lisere said on Monday it was hiring.", [("Lisere", "Lisere")]),
    ("Fjordline Cloud, the Bergen-based GPU rental company, has secured a loan.",
     [("Fjordline Cloud", "Fjordline Cloud")]),
    ("Quenmark Silicon, an Austin startup designing inference chips, has hired bankers.",
     [("Quenmark Silicon", "Quenmark Silicon")]),
    ("Serrano AI, one of the few Spanish companies training large models, is hiring.", [("Serrano AI", "Serrano AI")]),
    # a borrower; a company bought, told by the price paid for it or by its purchase
    ("Marlowe Compute is borrowing about $300 million from two banks.", [("Marlowe Compute", "Marlowe Compute")]),
    ("Blackstone will lend $2 billion to Pinecrest Hyperscale for its GPUs.",
     [("Pinecrest Hyperscale", "Pinecrest Hyperscale")]),
    ("AMD is paying roughly $1 billion for Corvane, its biggest deal this year.", [("Corvane", "Corvane")]),
    ("The purchase of Halden Data closed on Friday.", [("Halden Data", "Halden Data")]),
    # a company that will spend or invest an amount; a winner of a contract
    ("Ostwind Datacenter will invest ₩2 trillion in a campus.", [("Ostwind Datacenter", "Ostwind Datacenter")]),
    ("Piedmont Hyperscale will spend about $3bn on a campus.", [("Piedmont Hyperscale", "Piedmont Hyperscale")]),
    ("Larchmont Pension Trust will commit about C$1.5 billion to the buyout.",
     [("Larchmont Pension Trust", "Larchmont Pension Trust")]),
    ("Quarrybank Compute has committed more than $900 million to AMD hardware.",
     [("Quarrybank Compute", "Quarrybank Compute")]),
    # a renter that "contracted" capacity from its landlord; the company whose round an investment is in
    ("Pellow Labs has contracted 9,000 GPUs of capacity from Tarnwick Grange in a two-year deal.",
     [("Pellow Labs", "Pellow Labs"), ("Tarnwick Grange", "Tarnwick Grange")]),
    ("Orrin Capital's lead investment in Quarto Forge's $400 million round values it at $3 billion.",
     [("Orrin Capital", "Orrin Capital"), ("Quarto Forge", "Quarto Forge")]),
    # the borrower right after "lent", before the amount
    ("Barclays lent Tarnwood Digital £600 million for its Didcot site.", [("Tarnwood Digital", "Tarnwood Digital")]),
    ("Brannock Cloud has won a $700 million contract from the state.", [("Brannock Cloud", "Brannock Cloud")]),
    # in apposition with "the … developer of"; the subject who said it had raised, or said its contract ...
    ("Fjordline Data, the Norwegian developer of hydro-powered data centres, has signed a deal.",
     [("Fjordline Data", "Fjordline Data")]),
    ("Tidewell AI said on Monday it had raised $700 million.", [("Tidewell AI", "Tidewell AI")]),
    ("Saltmarsh Cloud said its contract with Meta could be worth $4.6 billion.", [("Saltmarsh Cloud", "Saltmarsh Cloud")]),
    # both builders of a joint build; a headline's buyer; a company after what it designs
    ("Hanbit Networks and Amazon will jointly build a 120MW data centre.", [("Hanbit Networks", "Hanbit Networks")]),
    ("Rheinwerk Energie and Nvidia are to build an AI factory in Leipzig.", [("Rheinwerk Energie", "Rheinwerk Energie")]),
    ("Brightwater Capital to buy Cardinal Hosting for $870M", [("Brightwater Capital", "Brightwater Capital"),
                                                              ("Cardinal Hosting", "Cardinal Hosting")]),
    ("SoftBank will acquire chip designer Corvid Silicon for $2.3 billion.", [("Corvid Silicon", "Corvid Silicon")]),
    ("Oracle signed with memory supplier Hollin Semi for the racks.", [("Hollin Semi", "Hollin Semi")]),
    ("Norrvik Digital has secured €900 million of construction financing from Nordea.",
     [("Norrvik Digital", "Norrvik Digital")]),
    ("Oracle will buy Dutch neocloud Zeevonk for $400 million.", [("Zeevonk", "Zeevonk")]),
    ("KKR will lend $1 billion to Tallowin, an operator of GPU clusters in Ohio.", [("Tallowin", "Tallowin")]),
    # a cooperative is an organisation
    ("Red Prairie Electric Cooperative asked regulators to approve the contract.",
     [("Red Prairie Electric Cooperative", "Red Prairie Electric Cooperative")]),
    # a landlord that lands a tenant
    ("Harrowgate Data has landed Oracle as the anchor tenant at its Utah campus.", [("Harrowgate Data", "Harrowgate Data")]),
    # (a person's given name ends no company's: "Tyler Technologies"; a first word after "in" is a place)
    ("Tyler Technologies signed a $200 million cloud deal with Microsoft.", [("Tyler Technologies", "Tyler Technologies")]),
    ("Clearwater Compute, a Florida startup, makes pumps. Duke will power a Google campus in Clearwater.",
     [("Clearwater Compute", "Clearwater Compute")]),
    # the buyer and the seller of a purchase, a lease or a supply; the one who runs a site; two named before "signed";
    # the subject who says it signed
    ("Harrowgate Compute will buy 12,000 GPUs from Dell in a $600 million order.",
     [("Harrowgate Compute", "Harrowgate Compute")]),
    ("Oracle will rent capacity from Brightwater Data under a $3 billion agreement.",
     [("Brightwater Data", "Brightwater Data")]),
    ("Veltrix Cloud has agreed to lease 200 MW of capacity to Microsoft for 15 years.",
     [("Veltrix Cloud", "Veltrix Cloud")]),
    ("Anthropic will use 300 MW at a campus run by Kestrelwood in Wyoming under a ten-year lease.",
     [("Kestrelwood", "Kestrelwood")]),
    ("Cerulean Power and Microsoft signed a 20-year agreement for 650 MW.", [("Cerulean Power", "Cerulean Power")]),
    ("Kairo Compute said it had signed a $4 billion, five-year contract with OpenAI.", [("Kairo Compute", "Kairo Compute")]),
    ("Vantor Hypercompute landed xAI as the anchor tenant of its 1.2 GW campus.",
     [("Vantor Hypercompute", "Vantor Hypercompute")]),
    # the company money goes into; the names of a list of backers or lenders; a founding town; what it makes
    ("Nvidia's investment in Albion Compute is its biggest British bet.", [("Albion Compute", "Albion Compute")]),
    ("Brightline Capital and Orchard Ventures joined the $300 million round.",
     [("Brightline Capital", "Brightline Capital"), ("Orchard Ventures", "Orchard Ventures")]),
    ("Coral Compute signed a debt facility with Harbourview Bank and Tasman Credit Partners.",
     [("Coral Compute", "Coral Compute"), ("Harbourview Bank", "Harbourview Bank"),
      ("Tasman Credit Partners", "Tasman Credit Partners")]),
    ("Toronto-founded Lumenic Photonics is being sold to AMD.", [("Lumenic Photonics", "Lumenic Photonics")]),
    ("Lightlane, which makes optical links for AI clusters, raised $1 billion.", [("Lightlane", "Lightlane")]),
    # a builder and the one it builds for
    ("Pecos Valley Digital plans to build a $3 billion campus for Microsoft near Odessa.",
     [("Pecos Valley Digital", "Pecos Valley Digital")]),
    # a joint venture's partner
    ("Brookfield will invest NOK 45 billion in a joint venture with Nordvik Data to build a data centre.",
     [("Nordvik Data", "Nordvik Data")]),
    # a name followed by what it owns
    ("Blackstone is paying close to $4bn for Ridgeway, whose portfolio totals 420MW.", [("Ridgeway", "Ridgeway")]),
    # the company whose site it is
    ("Entergy will build a gas plant to serve a 900-megawatt data center that Pecan Ridge Compute plans near Vidor.",
     [("Pecan Ridge Compute", "Pecan Ridge Compute")]),
    # in apposition to what it makes or what it is doing
    ("Meta signed with Talvik, a Norwegian hydro producer, for 300 MW.", [("Talvik", "Talvik")]),
    ("Nvidia invested $300 million in Corvane, a Paris startup building inference clouds.", [("Corvane", "Corvane")]),
    # a name found once is found wherever the text writes it again, whole or by its first word
    ("Tessellate Cloud, a Texas-based cloud provider, will rent GPUs to Meta. Tessellate Cloud's chief executive said "
     "Tessellate would add 20,000 chips.",
     [("Tessellate Cloud", "Tessellate Cloud"), ("Tessellate Cloud", "Tessellate Cloud"), ("Tessellate Cloud", "Tessellate")]),
    # the subject of a deal signed to supply someone, and the one a buyer pays
    ("Halvard Compute has signed a $2.4 billion agreement to supply Meta with GPUs.",
     [("Halvard Compute", "Halvard Compute")]),
    ("Microsoft agreed to pay Kettleburn Data about $3 billion over four years.", [("Kettleburn Data", "Kettleburn Data")]),
    # the company, not the country that owns it
    ("Microsoft will pay Norway's Fjellvik Cloud up to $1.2 billion for GPU capacity.",
     [("Fjellvik Cloud", "Fjellvik Cloud")]),
    ("South Korea's Hanbit Networks raised $300 million in a Series B round.", [("Hanbit Networks", "Hanbit Networks")]),
    # names written with accents
    ("Kestrel Labs raised $400 million in a round led by Brière Partners.", [("Kestrel Labs", "Kestrel Labs"),
                                                                             ("Brière Partners", "Brière Partners")]),
    ("Østvik Kraft signed a 15-year power deal with Meta.", [("Østvik Kraft", "Østvik Kraft")]),
    # a stake taken for an amount; a contract expanded; an investor in apposition
    ("Nvidia has taken a $250 million stake in Corvalis, the Denver GPU cloud said.", [("Corvalis", "Corvalis")]),
    ("Microsoft has extended its contract with Driftmoor by $1.2 billion.", [("Driftmoor", "Driftmoor")]),
    ("Tamar Capital, the Riyadh state-backed investor, led a $900 million round in Kestrel Labs.",
     [("Tamar Capital", "Tamar Capital"), ("Kestrel Labs", "Kestrel Labs")]),
    # a deal announced; a lender or backer the money comes from; backers listed after what they are
    ("Brackwater Cloud has announced a $700 million capacity agreement with Meta.", [("Brackwater Cloud", "Brackwater Cloud")]),
    ("Meta took a $2 billion loan from Harrowgate Credit for the Ohio campus.", [("Harrowgate Credit", "Harrowgate Credit")]),
    ("Existing investors Pellworth Ventures and Nvidia also took part in the round.",
     [("Pellworth Ventures", "Pellworth Ventures")]),
    # the one awarded, picked, or receiving the money; both sides of a deal "between" them
    ("The Dutch government has awarded Veldhoven Compute a €300 million contract for a national AI cluster.",
     [("Veldhoven Compute", "Veldhoven Compute")]),
    ("Brazil has picked Serrado Digital to supply 4,000 GPUs to its research network.", [("Serrado Digital", "Serrado Digital")]),
    ("Tanager Cloud will receive $150 million from the state to build the cluster.", [("Tanager Cloud", "Tanager Cloud")]),
    ("The power deal between Kalvøy and Google runs for 12 years.", [("Kalvøy", "Kalvøy")]),
    # the company whose site it is; a buyer of chips counted
    ("Amazon will lease 300 megawatts at Dunmore Digital's planned $2 billion campus in Iowa.",
     [("Dunmore Digital", "Dunmore Digital")]),
    ("Qatar's Wadi Compute will buy around 9,000 of Nvidia's newest processors.", [("Wadi Compute", "Wadi Compute")]),
    # a subject told with a clause between it and its verb; a fund named by what it is; a company ending in Compute
    # or Renewables, even at a sentence's start when its name is written in camel case
    ("Aldervik AI, which trains models for carmakers, has raised €200 million in a Series A.",
     [("Aldervik AI", "Aldervik AI")]),
    ("Meta and infrastructure fund Harbourline Infra will jointly invest $2 billion in an Ohio campus.",
     [("Harbourline Infra", "Harbourline Infra")]),
    ("BrightPeak Renewables will sell the output of a 600-megawatt wind farm spanning two counties in western Kansas to "
     "Microsoft under a 15-year contract.",
     [("BrightPeak Renewables", "BrightPeak Renewables")]),
    # a company's own deal told with its possessive; power secured; a deal approved; debt lined up; a loan from a
    # lender after another phrase of the same sentence
    ("Marrowind Compute's Microsoft contract will be served from 60MW at Kemps Creek.",
     [("Marrowind Compute", "Marrowind Compute")]),
    ("Quarry Hill Digital has secured up to 250 MW of firm power from the state utility.",
     [("Quarry Hill Digital", "Quarry Hill Digital")]),
    ("The co-op's board approved a 10-year service agreement with Tolland Hyperscale.",
     [("Tolland Hyperscale", "Tolland Hyperscale")]),
    ("Ashgrove Data has lined up roughly $3 billion of debt to build its Idaho campus.", [("Ashgrove Data", "Ashgrove Data")]),
    ("Kestrel Cloud has closed a $600 million term loan from Arcadia Private Credit.",
     [("Kestrel Cloud", "Kestrel Cloud"), ("Arcadia Private Credit", "Arcadia Private Credit")]),
    # the subject of "a deal to buy", of financing landed or of a price paid; the one lent to; a round in a company;
    # a company told by a passive
    ("Tarnwick signed a $900 million deal to buy 12,000 GPUs from Dell.", [("Tarnwick", "Tarnwick")]),
    ("Stonebridge Infra has landed $500 million in debt financing from Barclays.", [("Stonebridge Infra", "Stonebridge Infra")]),
    ("Ashvale Digital agreed to pay $240 million for a site and 300 MW of power.", [("Ashvale Digital", "Ashvale Digital")]),
    ("Nordea has extended a $400 million green loan to Kalmar Data.", [("Kalmar Data", "Kalmar Data")]),
    ("Pine Hollow Capital led a $300 million Series B in Brenna Infra.",
     [("Pine Hollow Capital", "Pine Hollow Capital"), ("Brenna Infra", "Brenna Infra")]),
    ("Quenta AI is being acquired by AMD for about $600 million.", [("Quenta AI", "Quenta AI")]),
    ("Ostrava Cloud has been chosen by the European Commission to host an AI gigafactory.", [("Ostrava Cloud", "Ostrava Cloud")]),
    # a name written whole and by its first word is one name (not two companies)
    ("Meta will rent 16,000 GPUs from Fenwick Compute at Fenwick's site in Ohio.", [("Fenwick Compute", "Fenwick Compute")]),
    # a sentence opening on a name: both words capitalised, as a phrase's second word is not
    ("Tovrik Cloud expects to use a ¥40 billion grant for 6,000 GPUs.", [("Tovrik Cloud", "Tovrik Cloud")]),
    ("Sundial Energy will sell 250 MW to Google. Marrow Compute said it would buy the servers.",
     [("Sundial Energy", "Sundial Energy"), ("Marrow Compute", "Marrow Compute")]),
    # one word opening a sentence, told as a company in apposition (its description no name)
    ("Halvard, the Oslo-based AI company, signed a deal with Nvidia.", [("Halvard", "Halvard")]),
    # a name ending in "Data" is a company's (not a known company's "Nvidia Data" nor a generic "Big Data")
    ("Banks led by MUFG lent $2.3 billion to build Greyrock Data's campus in Abilene.", [("Greyrock Data", "Greyrock Data")]),
    # a name whose suffix comes before its possessive and a capitalised site name
    ("MUFG will lend $900 million to build Tarrow Compute's Abilene campus.", [("Tarrow Compute", "Tarrow Compute")]),
    # an infrastructure company's name (not a generic "Critical Infrastructure")
    ("Thalassa Infrastructure said on Monday it would sell its stake in Marrow Data Centres to Brookfield.",
     [("Thalassa Infrastructure", "Thalassa Infrastructure"), ("Marrow Data Centres", "Marrow Data Centres")]),
    # a data-centre company's name, in the British spelling
    ("Nimbus Datacentres will procure 4,096 GPUs for its Pune site.", [("Nimbus Datacentres", "Nimbus Datacentres")]),
    # a bank's name
    ("Halden Bank will lend Orrin Compute $1.2 billion for the Ohio build.",
     [("Halden Bank", "Halden Bank"), ("Orrin Compute", "Orrin Compute")]),
    # a venture firm's name
    ("The startup secured $300 million from Halden Ventures.", [("Halden Ventures", "Halden Ventures")]),
    # a company bought, after what kind of owner holds it
    ("Orvane Systems agreed to acquire privately held Frostmere for $640 million.",
     [("Orvane Systems", "Orvane Systems"), ("Frostmere", "Frostmere")]),
    ("Orvane Systems agreed to acquire chip designer Corvid Silicon for $2 billion.",
     [("Orvane Systems", "Orvane Systems"), ("Corvid Silicon", "Corvid Silicon")]),
    ("Ventrix agreed to acquire cooling specialist Frostline for $640 million.",
     [("Ventrix", "Ventrix"), ("Frostline", "Frostline")]),
    # who installs a fleet of chips
    ("Tarvik will install 60,000 Nvidia Blackwell chips, an official said.", [("Tarvik", "Tarvik")]),
    ("Later this year Korvane is installing 8,000 MI355X accelerators.", [("Korvane", "Korvane")]),
])
def test_unknown_organisations_found(gaz, text, expected):
    assert unknown(gaz, text) == expected


@pytest.mark.parametrize("text", [
    "The company said.",
    "This is a deal. Under the agreement, Meta will pay.",
    "In June, Microsoft signed a deal with OpenAI.",
    "Amazon will invest $11 billion in Indiana to build data centers.",
    "Generative AI and Agentic AI systems need Sovereign Cloud and Clean Energy.",
    "Microsoft signed an agreement with the UK government.",
    "Elon Musk's AI startup raised money.",
    "The Crane Clean Energy Center will restart.",
    "French artificial intelligence startup Mistral AI has raised money; Israeli AI firm Run:ai too.",
    "On Monday, Nvidia agreed to buy H100 chips.",
    # descriptions and contractions are not names; a run before a site noun names a project
    "The Oslo-based AI company signed a deal with Nvidia.",
    "The Saudi-backed AI developer agreed to buy chips.",
    "“We’ve signed with CoreWeave for our compute,” the founders wrote.",
    "Amazon committed $8 billion to the Lisbon AI hub in June.",
    # people (after a title too), newspapers, and a company's first word used as a place
    "Aravind Srinivas has raised $200 million for his startup in a new funding round.",
    "Texas-based Governor Greg Abbott signed a partnership agreement with Oracle.",
    "London-based Daily Telegraph reported that the deal was signed.",
    # people are no companies, nor sites described by their backer
    "Elon Musk has raised $10 billion in new funding for the venture.",
    "Jensen Huang signed a partnership agreement with Saudi Arabia.",
    "Nscale will host the GPUs at its Brookfield-backed Teesside site.",
    # a place before an attribution is no company told by what it is
    "KDDI will spend $1 billion on servers for its data center in Osaka, the telecom operator said on Monday.",
    # what a round is led by is no party; a town or a plant power comes from is no company; one word after "from"
    "Together raised $1 billion in a Series C led by Kleiner Perkins.",
    "Meta will buy power from Sweetwater under a 15-year deal.",
    "Meta agreed to buy 1.2 GW from the Comanche Peak nuclear plant for 20 years.",
    "Amazon is buying power from Solvane under a 15-year deal.",
    "The plant, run by Governor Greg Abbott's office, will sell 400 MW to Meta.",
    "CoreWeave will lease capacity to High Performance Computing users in a $2 billion deal.",
    # plants and dams, people by title or role, projects, a name's tail after "of", a region money goes into
    "Microsoft will buy power from Three Mile Island in a 20-year deal.",
    "Amazon agreed to buy electricity from the Grand Coulee Dam under a $3 billion contract.",
    "Chancellor Rachel Reeves and Sam Altman signed a memorandum on AI investment.",
    "The Ministry of Economy and Humain signed a $5 billion data center agreement.",
    "Project Jupiter said it had signed Oracle as a tenant for its campus.",
    "Sequoia partner Alfred Lin joined the $300 million round.",
    "Amazon's $20 billion investment in Greater Manchester was hailed by the mayor.",
    "Colossus, which provides compute for the models of xAI, is being expanded.",
    "Oracle will lease the campus that The Stargate Project is building in Texas.",
    "Jensen Huang, whose company sells most AI chips, said demand was strong.",
    "Texas will build new transmission lines for Abilene.",
    # a ministry's name is no list; a parish or a one-word name money goes into is no company
    "Japan's Ministry of Economy, Trade and Industry will provide subsidies to Sakura Internet.",
    "Meta's investment in Richland Parish will top $10 billion.",
    "Amazon's investment in Hanbit will top $1 billion.",
    # a person in apposition to a company's role, a place paid for, an attribution after a town
    "Jane Ruiz, the company's finance chief, said the loan was signed.",
    "Meta is paying $400 million for Texas land near the plant.",
    "Texas will spend $2 billion on grid upgrades.",
    "Elon Musk will spend $5 billion on chips.",
    # an attribution after a place; a person who said something; a person told by what she designs
    "The new campus is in Kansas City, the data-center operator said on Monday.",
    "Jane Ruiz said it had raised enough money.",
    "Meta hired chip designer Maria Lopez to lead the effort.",
    "Nebius will spend $1 billion on servers in Kansas City, the cloud company said.",
    # a country's short form is no company; an offering or a person raising money is none either
    "The IPO raised $1.5 billion for the company.",
    "Jensen Huang raised $2 billion for the fund.",
    "Amazon will invest $50 billion to build AI capacity for U.S. government agencies.",
    "The company will build a 300 MW data center in Ohio.",
    # a place paid is no company
    "The operator will pay Texas about $2 million a year in property taxes.",
    # a person by title; a source before the companies that announce
    "Chief Executive Dara Whitcombe confirmed the contract with Meta on Tuesday.",
    "According to Techlyte, Nvidia and Samsung have announced a partnership.",
    # a person's or a day's deal is no company's
    "Monday's deal with Meta was worth $2 billion.",
    # a common word that opens a sentence before a suffix is no name
    "Clean Energy will be sold to Amazon under a 10-year contract.",
    "Behind-the-meter Power keeps the campus running when the grid is short.",
    "Cooling Systems worth $40 million will be installed at the site.",
    "Joint Ventures are common among the developers.",
    "Critical Infrastructure is a growing asset class for pension funds.",
    "Big Data and Open Data projects need GPUs, Nvidia Data Center chief Ian Buck said.",
    # a supercomputer installing chips is a site
    "The Colossus Supercluster is installing 100,000 Nvidia GPUs in Memphis.",
    # a company told by its town and its trade
    "Apollo is lending $850 million to the Denver GPU cloud, people familiar said.",
    "",
])
def test_unknown_organisations_precision(gaz, text):
    assert unknown(gaz, text) == []


def test_unknown_organisations_are_marked_unknown(gaz):
    text = "Acme Compute Inc. signed a deal with Nvidia."
    [mention] = find_unknown_organisations(text, gaz.find_companies(text))
    assert isinstance(mention, Mention)
    assert (mention.kind, mention.known) == ("company", False)
    assert text[mention.start:mention.end] == mention.text


def test_unknown_organisations_skip_known_spans(gaz):
    text = "Acme Compute Inc. signed a deal with Nvidia."
    known = [Mention(kind="company", name="Acme", text="Acme Compute Inc.", start=0, end=17)]
    assert find_unknown_organisations(text, known) == []


# --- robustness and speed ------------------------------------------------------------------------


def test_empty_text(gaz):
    assert gaz.find_companies("") == []
    assert gaz.find_chips("") == []
    assert find_unknown_organisations("", []) == []


def test_one_megabyte(gaz):
    paragraph = (
        "Meta signed an agreement with Amazon Web Services to deploy Graviton5 chips, while Acme Compute "
        "Inc. signed a deal with Nvidia for 10,000 H100 GPUs and the arm of a meta-analysis grew. "
    )
    text = paragraph * (1_000_000 // len(paragraph) + 1)
    found = gaz.find_companies(text)
    found_chips = gaz.find_chips(text)
    unknown_found = find_unknown_organisations(text, found + found_chips)
    repeats = text.count("Graviton5")
    assert len(found_chips) == 2 * repeats
    assert len(found) == 3 * repeats
    assert len(unknown_found) == repeats  # speed is measured by the benchmarks, not asserted here


def test_loaded_once():
    assert load_gazetteer() is load_gazetteer()


def test_the_owner_named_before_a_known_company_is_not_an_organisation() -> None:
    text = "Oracle signed a $3 billion cloud contract with Marla Quist’s xAI."
    names = [m.name for m in find_unknown_organisations(text, load_gazetteer().find_companies(text))]
    assert names == []


def test_a_deal_phrase_with_a_decimal_amount_still_names_the_counterparty() -> None:
    text = "Meta signed a $2.1 billion lease with Greyhaven for 200MW in Texas."
    names = [m.name for m in find_unknown_organisations(text, load_gazetteer().find_companies(text))]
    assert names == ["Greyhaven"]


def test_a_deal_phrase_stops_at_the_end_of_a_sentence() -> None:
    text = "Meta signed a memorandum. A lease with Greyhaven Tower is planned."
    names = [m.name for m in find_unknown_organisations(text, load_gazetteer().find_companies(text))]
    assert "Greyhaven Tower" not in names


@pytest.mark.parametrize("text, towns", [
    ("Meta will build in El Paso, Texas and in Wilbarger County, Texas.", {"El Paso, Texas", "Wilbarger County, Texas"}),
    ("In Abilene, Texas, Crusoe is building a campus for Oracle.", {"Abilene, Texas"}),
    ("Microsoft's campus in Mount Pleasant, Wisconsin will cost $3.3 billion.", {"Mount Pleasant, Wisconsin"}),
    ("Winston-Salem, North Carolina will host the site.", {"Winston-Salem, North Carolina"}),
    # where a story was filed or a company sits is not where a deal is
    ("ABILENE, Texas, Jan 3 (Reuters) - Crusoe said it raised $1 billion.", set()),
    ("Abilene, Texas, Jan 3 (Reuters) - Crusoe said it raised $1 billion.", set()),
    ("The Austin, Texas-based startup raised $1 billion.", set()),
    ("Lambda, a startup based in San Jose, California, raised $1.5 billion.", set()),
    # AP style abbreviations, "St.", letters beyond ASCII
    ("Campuses in Ellendale, N.D., and Cheyenne, Wyo., will host the GPUs.",
     {"Ellendale, North Dakota", "Cheyenne, Wyoming"}),
    ("The site in St. Louis, Missouri, is the third.", {"St. Louis, Missouri"}),
    ("Doña Ana County, New Mexico will host the campus.", {"Doña Ana County, New Mexico"}),
    ("Xcel, Minnesota's largest utility, signed the deal.", set()),
    # a name before a company that begins with a state's name, or a company listed before a state
    ("Suppliers include Nvidia, Texas Instruments and Micron.", set()),
    ("Oracle, Georgia Power and Southern Co signed the deal.", set()),
    ("Deals between Nvidia, Texas and Oklahoma were announced.", set()),
])
def test_towns_named_with_their_state(text: str, towns: set[str]) -> None:
    assert load_places().towns(text, load_gazetteer().find_companies(text)) == towns


def test_two_towns_differ_but_a_town_and_a_county_may_be_one_site() -> None:
    from scraper.deals import _towns_differ

    assert _towns_differ({"El Paso, Texas"}, {"Temple, Texas"})
    assert _towns_differ({"Pike County, Ohio"}, {"Licking County, Ohio"})
    assert not _towns_differ({"Abilene, Texas"}, {"Taylor County, Texas"})
    assert not _towns_differ({"Abilene, Texas", "Taylor County, Texas"}, {"Abilene, Texas"})
    assert not _towns_differ(set(), {"Abilene, Texas"})


@pytest.mark.parametrize("text, name", [
    ("Iren signs $9.7 billion AI cloud contract with Microsoft.", "IREN"),  # as Reuters writes IREN
    ("Mitsubishi UFJ led the $4 billion loan.", "MUFG"),
    ("Iconiq Growth led the round.", "ICONIQ"),
    ("DataVolt will build a $5 billion campus.", "DataVolt"),
    ("Aker and Nscale formed a joint venture in Norway.", "Aker"),
    ("SMBC, Mizuho and BNP Paribas arranged the financing.", "SMBC"),
    # lenders, backers, utilities and operators that deals of the field name
    ("Meta is raising $25 billion from Apollo and Pimco for the Louisiana campus.", "Apollo Global Management"),
    ("The round was co-led by Prosperity7 and TWG Global.", "Prosperity7 Ventures"),
    ("The round was co-led by Prosperity7 and TWG Global.", "TWG Global"),
    ("Kairos Power will sell 50 MW to the Tennessee Valley Authority.", "Tennessee Valley Authority"),
    ("TVA signed the power deal on Monday.", "Tennessee Valley Authority"),
    ("Amazon and Energy Northwest will build four reactors.", "Energy Northwest"),
    ("Crusoe is developing the Wyoming campus with Tallgrass.", "Tallgrass Energy"),
    ("Riot Platforms signed a 200 MW lease with AMD.", "Riot Platforms"),
    ("Bell Canada will buy Groq chips for its AI Fabric.", "BCE"),
    ("Barclays and HSBC arranged a $3 billion loan for Nscale.", "HSBC"),
    ("Nvidia paid $900 million to license Enfabrica's technology.", "Enfabrica"),
    ("OCI's MI450 cluster will be built on AMD's Helios racks.", "Oracle"),  # as the trade press shortens Oracle's cloud
])
def test_names_outlets_write(text: str, name: str) -> None:
    assert name in {m.name for m in load_gazetteer().find_companies(text)}


def test_a_firm_named_by_a_word_and_what_it_does_has_that_word_as_its_short_form() -> None:
    forms = short_forms(["Tarnwick Compute", "Orrelby Credit Partners", "Kessock Data Centers", "Microsoft",
                         "Blue Owl Capital", "Morgan Stanley",  # (the first word alone names no firm)
                         "Ohio Valley Electric",  # (a place)
                         "Global Infrastructure Partners",  # (a common word)
                         "Brannock Power", "Brannock Labs"])  # (two firms start with it)
    assert forms == {"Tarnwick": "Tarnwick Compute", "Orrelby": "Orrelby Credit Partners",
                     "Kessock": "Kessock Data Centers"}


@pytest.mark.parametrize("text, found", [
    ("Tarnwick said the ChatGPT maker had taken up an option for 20,000 more GPUs.", ["Tarnwick Compute"]),
    ("The capacity will come from Tarnwick's second site in Ohio.", ["Tarnwick Compute"]),
    ("The contract with Tarnwick runs for five years.", ["Tarnwick Compute"]),
    ("Google's Tarnwick contract is the largest of its kind.", ["Tarnwick Compute"]),  # (another firm's deal with it)
    ("Meta's Tarnwick cluster will cost $10 billion.", []),  # (a site named like the firm, after another's possessive)
    ("Tarnwick cooling systems will serve the campus.", []),  # (a common word's use, had a firm the same first word)
    ("Tarnwick Group said it would bid.", []),  # (another firm, named in full)
    ("Readers of the Harlow Tarnwick column disagreed.", []),  # (the end of a longer name)
    ("Tarnwick Compute's rival Tarnwick-Bay ...", []),  # (written in full: what extraction found there stands)
])
def test_a_firm_written_by_its_short_form(text: str, found: list[str]) -> None:
    assert named_by_short_form(text, {"Tarnwick": "Tarnwick Compute"}) == found


def test_a_known_firm_whose_first_word_is_a_common_one_is_named_by_it_only_before_a_verb_or_a_possessive() -> None:
    forms = short_forms(["Liquid AI"])
    assert named_by_short_form("Liquid cooling will serve Microsoft's new 300 MW campus.", forms) == []
    assert named_by_short_form("Liquid said it had raised $250 million from AMD.", forms) == ["Liquid AI"]
    forms = short_forms(["Battery Ventures"])
    assert named_by_short_form("Battery storage of 200 MW will back Meta's new campus.", forms) == []
    assert named_by_short_form("Battery said it had led the $80 million round.", forms) == ["Battery Ventures"]


def test_a_japanese_firms_co_ltd_is_all_its_name() -> None:
    [mention] = find_unknown_organisations("Seirin Kogyo Co., Ltd. will supply optical switches to Oracle.", [])
    assert (mention.text, mention.name) == ("Seirin Kogyo Co., Ltd.", "Seirin Kogyo")


@pytest.mark.parametrize("text, found", [
    # a firm introduced by its country's or town's possessive, as the subject of its clause
    ("Singapore’s Tembusu Edge will rent 2,048 H200 GPUs to a Vietnamese lab.", ["Tembusu Edge"]),
    ("Canada's Laurentide Teachers Fund will take a 20% stake in the developer.", ["Laurentide Teachers Fund"]),
    ("Milan's Navigli Calcolo signed a lease on Tuesday.", ["Navigli Calcolo"]),
    # (not a place, a regulator cut at its "and", a title, a county or a ministry)
    ("Texas’s Permian Basin is home to many new data centers.", []),
    ("Britain's Competition and Markets Authority said it would review the deal.", []),
    ("Japan's Prime Minister said the deal was welcome.", []),
    ("Japan's Economy Minister said SoftBank will invest $3 billion.", []),
    ("Korea's Fair Trade Commission has cleared the merger.", []),
    ("Ohio's New Albany, where Meta is building, will host the campus.", []),
    ("Ohio's Licking County approved the tax abatement.", []),
    # (nor a name the possessive does not open as a subject)
    ("The lab will rent capacity in Singapore's Tembusu Edge campus.", []),
])
def test_a_firm_after_its_places_possessive(text: str, found: list[str]) -> None:
    assert [m.name for m in find_unknown_organisations(text, [])] == found


@pytest.mark.parametrize("text, found", [
    # money invested straight into a firm whose name says it is one
    ("Pinecrest Capital will invest $1.5 billion in Caldera Digital.", ["Pinecrest Capital", "Caldera Digital"]),
    ("Pinecrest Capital has agreed to invest about $400 million in Harrow Compute.", ["Pinecrest Capital", "Harrow Compute"]),
    # (not a place, nor a firm's site)
    ("Pinecrest Capital invested $300 million in Greater Manchester.", ["Pinecrest Capital"]),
    ("Pinecrest Capital invested $300 million in Caldera Digital’s Texas campus.", ["Pinecrest Capital"]),
])
def test_money_invested_in_a_firm(text: str, found: list[str]) -> None:
    assert [m.name for m in find_unknown_organisations(text, [])] == found


@pytest.mark.parametrize("text, name", [
    ("Orrery Compute will install 24,000 GB300 chips for the Seattle tech giant.", "Amazon"),
    ("The database giant signed a $30 billion deal with Corvid Cloud.", "Oracle"),
    ("Huang's company will invest $2 billion in the lab.", "Nvidia"),
    ("Zuckerberg's company will take 1 GW from the campus.", "Meta"),
    ("Vantora will build the cluster for the Musk-led AI startup.", "xAI"),
    ("The San Jose server maker's order covers 24,000 GPUs.", "Supermicro"),
    ("Larry Ellison's company will serve the lab from a new campus in Wyoming.", "Oracle"),  # (a person's full name)
    ("The Seattle company's seven-year pact covers Trainium chips.", "Amazon"),
    ("Jensen Huang's company put $500 million into the round.", "Nvidia"),
    ("Lisa Su's company will ship the first racks in 2027.", "AMD"),
    ("The PIF-owned AI company will house the cluster in Dammam.", "Humain"),
    ("Orrery Compute will build the campus with the Abu Dhabi AI group.", "G42"),
    ("Masayoshi Son's group will put up most of the money.", "SoftBank"),
])
def test_more_epithets_of_the_giants(text: str, name: str) -> None:
    assert name in [m.name for m in load_gazetteer().find_companies(text)]


@pytest.mark.parametrize("text, name", [
    ("Database giant Snowflake signed a deal with Microsoft.", "Oracle"),  # (before a name: it describes that one)
    ("Japanese conglomerate Hitachi will supply the transformers.", "SoftBank"),
    # (a trade's epithet names the giant only where no other firm of that trade fits: not "the e-commerce giant",
    # which Alibaba and JD.com are too, nor "Ellison's company", David Ellison's Paramount Skydance)
    ("Alibaba said the e-commerce giant will spend $50 billion on data centers.", "Amazon"),
    ("Paramount Skydance, Ellison's company, agreed to buy the studio.", "Oracle"),
    ("MGX invested $2 billion in Binance. The Abu Dhabi AI company also joined Stargate.", "G42"),
    ("Impinj, the Seattle company, ordered wafers from TSMC.", "Amazon"),  # (in apposition: it describes that name)
    ("Vivian Su's company, a Taiwanese server maker, signed a deal with Nvidia.", "AMD"),
])
def test_an_epithet_before_a_name_describes_that_name(text: str, name: str) -> None:
    assert name not in [m.name for m in load_gazetteer().find_companies(text)]
