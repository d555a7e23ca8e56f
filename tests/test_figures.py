"""Tests for the grammar of figures (scraper/figures.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.figures import currency_code, extract_figures, parse_number

B = 1e9
M = 1e6


def fig(kind: str, text: str, **fields: object) -> dict[str, object]:
    """An expected figure: kind, surface text and any fields to compare."""
    return {"kind": kind, "text": text, **fields}


def money(text: str, value: float | None, currency: str = "USD", **fields: object) -> dict[str, object]:
    """An expected money figure; usd defaults to value for USD amounts."""
    usd = fields.pop("usd", value if currency == "USD" else None)
    return fig("money", text, value=value, currency=currency, unit=currency, usd=usd, **fields)


def qty(text: str, value: float | None, unit: str, **fields: object) -> dict[str, object]:
    """An expected quantity figure."""
    return fig("quantity", text, value=value, unit=unit, **fields)


def power(text: str, value: float | None, unit: str, **fields: object) -> dict[str, object]:
    """An expected power figure."""
    return fig("power", text, value=value, unit=unit, **fields)


def dur(text: str, value: float | None, unit: str = "years", **fields: object) -> dict[str, object]:
    """An expected duration figure."""
    return fig("duration", text, value=value, unit=unit, **fields)


def _close(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-9 * max(1.0, abs(b))
    return a == b


CASES: list[tuple[str, list[dict[str, object]]]] = [
    # --- seed sentences -----------------------------------------------------
    ("Meta signed an agreement to buy millions of AWS Graviton chips from Amazon",
     [qty("millions of AWS Graviton chips", 1e6, "chips", qualifier="order_of_magnitude")]),
    ("Meta signed a contract worth 10 billion USD lasting 6 years with Google Cloud",
     [money("10 billion USD", 10 * B), dur("6 years", 6, qualifier="exact")]),
    ("which is committed to spending up to 100 billion USD in 10 years to operate the system",
     [money("up to 100 billion USD", 100 * B, qualifier="up_to"), dur("10 years", 10)]),
    ("Amazon increased its total investment in Anthropic to 13 billion USD.",
     [money("13 billion USD", 13 * B)]),
    ("a massive, multi-year, multi-billion dollar partnership",
     [dur("multi-year", None, qualifier="multi"), money("multi-billion dollar", None, qualifier="multi")]),
    ("running at a scale of tens of millions of cores",
     [qty("tens of millions of cores", 1e7, "cores", qualifier="order_of_magnitude")]),
    ("Delivers 25% better performance", []),
    ("3nm Architecture", []),
    ("the Graviton 5 chip brings more memory", []),
    # a count before a product whose name ends in its number
    ("will deploy 6,000 Intel Gaudi 3 accelerators", [qty("6,000 Intel Gaudi 3 accelerators", 6000, "accelerators")]),
    ("an order for 20,000 Maia 200 chips", [qty("20,000 Maia 200 chips", 20000, "chips")]),
    ("bought 2,000 RTX PRO 6000 GPUs", [qty("2,000 RTX PRO 6000 GPUs", 2000, "GPUs")]),
    # --- money: symbols and codes ------------------------------------------
    ("The startup raised $6 billion on Friday.", [money("$6 billion", 6 * B)]),
    ("a $ 100 billion plan", [money("$ 100 billion", 100 * B)]),
    ("It paid US$1.2bn for the site.", [money("US$1.2bn", 1.2 * B)]),
    ("worth U.S. $4 billion", [money("U.S. $4 billion", 4 * B)]),
    ("a USD650 million payment", [money("USD650 million", 650 * M)]),
    ("a sum of USD 8.3 billion", [money("USD 8.3 billion", 8.3 * B)]),
    ("plans of $11B in Ohio", [money("$11B", 11 * B)]),
    ("the $2.3bn loan", [money("$2.3bn", 2.3 * B)]),
    ("revenue of $16mn", [money("$16mn", 16 * M)]),
    ("a $700M bid", [money("$700M", 700 * M)]),
    ("valued at $1.2T", [money("$1.2T", 1.2e12)]),
    ("a $500k grant", [money("$500k", 5e5)]),
    ("priced at $87.20 per share", [fig("price", "$87.20", value=87.2, unit="USD/share")]),
    ("a $25,000 card", [money("$25,000", 25000)]),
    ("bought for A$24 billion", [money("A$24 billion", 24 * B, "AUD")]),
    ("bought for AUD 24 billion", [money("AUD 24 billion", 24 * B, "AUD")]),
    ("a C$2 billion plant", [money("C$2 billion", 2 * B, "CAD")]),
    ("a CA$3 billion plan", [money("CA$3 billion", 3 * B, "CAD")]),
    ("raised HK$5 billion", [money("HK$5 billion", 5 * B, "HKD")]),
    ("an S$1 billion hub", [money("S$1 billion", 1 * B, "SGD")]),
    ("spent NT$300 billion", [money("NT$300 billion", 300 * B, "TWD")]),
    ("a €1.7 billion round", [money("€1.7 billion", 1.7 * B, "EUR")]),
    ("€5 billion alone is not converted", [money("€5 billion", 5 * B, "EUR", usd=None)]),
    ("a £5bn investment", [money("£5bn", 5 * B, "GBP")]),
    ("¥2 trillion in subsidies", [money("¥2 trillion", 2e12, "JPY")]),
    ("¥10 billion yuan of loans", [money("¥10 billion yuan", 10 * B, "CNY")]),
    ("RMB 50 billion fund", [money("RMB 50 billion", 50 * B, "CNY")]),
    ("a ₩3 trillion plant", [money("₩3 trillion", 3e12, "KRW")]),
    ("₹500 crore for GPUs", [money("₹500 crore", 5e9, "INR")]),
    # ringgit and dirhams as the Malaysian and Emirati press write them
    ("RM9 billion (US$2.1 billion) in Johor", [money("RM9 billion", 9e9, "MYR", usd=2.1 * B), money("US$2.1 billion", 2.1 * B)]),
    ("a deal worth Dh7.3 billion", [money("Dh7.3 billion", 7.3e9, "AED")]),
    # crore shortened as the Indian press writes it
    ("the ₹2,400 Cr it raised", [money("₹2,400 Cr", 2.4e10, "INR")]),
    ("Rs 1.05 lakh crore of spending", [money("Rs 1.05 lakh crore", 1.05e12, "INR")]),
    ("SAR 20 billion deal", [money("SAR 20 billion", 20 * B, "SAR")]),
    ("AED 10 billion fund", [money("AED 10 billion", 10 * B, "AED")]),
    ("CHF 2 billion", [money("CHF 2 billion", 2 * B, "CHF")]),
    # --- money: currency words after the number ----------------------------
    ("valued at 18 billion dollars", [money("18 billion dollars", 18 * B)]),
    ("spend 10 billion U.S. dollars", [money("10 billion U.S. dollars", 10 * B)]),
    ("a 10-billion-dollar contract", [money("10-billion-dollar", 10 * B)]),
    ("raised 1.3 billion euros", [money("1.3 billion euros", 1.3 * B, "EUR")]),
    ("investiert 6,5 Mrd. US-Dollar in Rechenzentren", [money("6,5 Mrd. US-Dollar", 6.5 * B)]),
    ("plant 5 Milliarden Euro", [money("5 Milliarden Euro", 5 * B, "EUR")]),
    ("rund 300 Mio. Euro", [money("rund 300 Mio. Euro", 300 * M, "EUR", qualifier="approx")]),
    ("1,7 milliard d'euros", [money("1,7 milliard d'euros", 1.7 * B, "EUR")]),
    ("two billion pounds", [money("two billion pounds", 2 * B, "GBP")]),
    ("40 billion riyals", [money("40 billion riyals", 40 * B, "SAR")]),
    ("7 billion dirhams", [money("7 billion dirhams", 7 * B, "AED")]),
    ("500 billion yen", [money("500 billion yen", 500 * B, "JPY")]),
    ("30 billion yuan", [money("30 billion yuan", 30 * B, "CNY")]),
    ("1.5 lakh crore rupees", [money("1.5 lakh crore rupees", 1.5e12, "INR")]),
    # the currencies of Latin American, Nordic, Central European and Asian outlets, by name or by code
    ("a 3 billion reais loan", [money("3 billion reais", 3 * B, "BRL")]),
    ("a BRL 2 billion bond", [money("BRL 2 billion", 2 * B, "BRL")]),
    ("4.5 billion Mexican pesos", [money("4.5 billion Mexican pesos", 4.5 * B, "MXN")]),
    ("MXN 9 billion of tax credits", [money("MXN 9 billion", 9 * B, "MXN")]),
    ("a campus worth Rp 12 trillion", [money("Rp 12 trillion", 12e12, "IDR")]),
    ("8 trillion rupiah", [money("8 trillion rupiah", 8e12, "IDR")]),
    ("6 billion kronor for the campus", [money("6 billion kronor", 6 * B, "SEK")]),
    ("2.2 billion zlotys", [money("2.2 billion zlotys", 2.2 * B, "PLN")]),
    ("PLN 700 million", [money("PLN 700 million", 700 * M, "PLN")]),
    ("45 billion baht", [money("45 billion baht", 45 * B, "THB")]),
    ("THB 18 billion", [money("THB 18 billion", 18 * B, "THB")]),
    ("a 5 billion rand plant", [money("5 billion rand", 5 * B, "ZAR")]),
    ("the Rand Corporation", []),
    ("Migrating to PHP 8.3 cut costs.", []),
    # (bare "pesos" and "kroner" belong to several countries: no code is guessed)
    ("20 billion pesos", []),
    ("a billion dollars", [money("a billion dollars", 1 * B)]),
    ("half a billion dollars", [money("half a billion dollars", 0.5 * B)]),
    ("a half-billion-dollar bet", [money("half-billion-dollar", 0.5 * B)]),
    ("a quarter of a billion dollars", [money("quarter of a billion dollars", 0.25 * B)]),
    ("a quarter-billion dollar round", [money("quarter-billion dollar", 0.25 * B)]),
    # --- money: USD conversions given in the text --------------------------
    # a stated conversion is the figure's USD value, and a figure of its own (LABELS: list both)
    ("₹13,318 crore ($1.5 billion) for chips",
     [money("₹13,318 crore", 1.3318e11, "INR", usd=1.5 * B), money("$1.5 billion", 1.5 * B)]),
    ("more than 100 trillion won ($70 billion) in plants",
     [money("more than 100 trillion won", 1e14, "KRW", usd=70 * B, qualifier="at_least"), money("$70 billion", 70 * B)]),
    ("€5bn (about $5.4bn) in the UK",
     [money("€5bn", 5 * B, "EUR", usd=5.4 * B), money("about $5.4bn", 5.4 * B, qualifier="approx")]),
    ("£2bn (US$2.6bn)", [money("£2bn", 2 * B, "GBP", usd=2.6 * B), money("US$2.6bn", 2.6 * B)]),
    # Nordic crowns, and "pound" in the singular when an amount qualifies a noun
    ("40 billion Norwegian crowns ($3.9 billion) for a campus",
     [money("40 billion Norwegian crowns", 40 * B, "NOK", usd=3.9 * B), money("$3.9 billion", 3.9 * B)]),
    ("a SEK12bn data center", [money("SEK12bn", 12 * B, "SEK")]),
    ("plans to invest USD$40 billion", [money("USD$40 billion", 40 * B)]),
    ("a 600 million pound contract", [money("600 million pound", 0.6 * B, "GBP")]),
    ("the crate weighs 600 pound", []),
    ("Rs 8,000 crore, or about $1 billion, in",
     [money("Rs 8,000 crore", 8e10, "INR", usd=1 * B), money("about $1 billion", 1 * B, qualifier="approx")]),
    ("$20 billion (A$30 billion)", [money("$20 billion", 20 * B), money("A$30 billion", 30 * B, "AUD")]),
    ("9조 5천억 원 규모", [money("9조 5천억 원", 9.5e12, "KRW")]),
    ("12조원", [money("12조원", 12e12, "KRW")]),
    # --- money: qualifiers --------------------------------------------------
    ("about $5 billion", [money("about $5 billion", 5 * B, qualifier="approx")]),
    ("around $3 billion", [money("around $3 billion", 3 * B, qualifier="approx")]),
    ("roughly $7 billion", [money("roughly $7 billion", 7 * B, qualifier="approx")]),
    ("nearly $6 billion", [money("nearly $6 billion", 6 * B, qualifier="approx")]),
    ("approximately $4.9 billion", [money("approximately $4.9 billion", 4.9 * B, qualifier="approx")]),
    ("some $2 billion", [money("some $2 billion", 2 * B, qualifier="approx")]),
    ("an estimated $800 million", [money("an estimated $800 million", 800 * M, qualifier="approx")]),
    ("~$1bn", [money("~$1bn", 1 * B, qualifier="approx")]),
    ("up to $4 billion", [money("up to $4 billion", 4 * B, qualifier="up_to")]),
    ("as much as $4 billion", [money("as much as $4 billion", 4 * B, qualifier="up_to")]),
    ("no more than $1 billion", [money("no more than $1 billion", 1 * B, qualifier="up_to")]),
    ("at least $3 billion", [money("at least $3 billion", 3 * B, qualifier="at_least")]),
    ("more than $10 billion", [money("more than $10 billion", 10 * B, qualifier="at_least")]),
    ("over $3 billion", [money("over $3 billion", 3 * B, qualifier="at_least")]),
    ("upwards of $2 billion", [money("upwards of $2 billion", 2 * B, qualifier="at_least")]),
    ("upward of $2 billion", [money("upward of $2 billion", 2 * B, qualifier="at_least")]),
    # a conditional figure is a cap ("could total" is an estimate, not a cap)
    ("could reach $18 billion", [money("could reach $18 billion", 18 * B, qualifier="up_to")]),
    ("could rise to $9.2bn", [money("could rise to $9.2bn", 9.2 * B, qualifier="up_to")]),
    ("the potential to grow to $3 billion", [money("potential to grow to $3 billion", 3 * B, qualifier="up_to")]),
    ("could total $6.5 billion", [money("$6.5 billion", 6.5 * B)]),
    ("could eventually reach $19.4 billion", [money("could eventually reach $19.4 billion", 19.4 * B, qualifier="up_to")]),
    ("in the region of $5bn", [money("in the region of $5bn", 5 * B, qualifier="approx")]),
    ("on the order of $3 billion", [money("on the order of $3 billion", 3 * B, qualifier="approx")]),
    ("in excess of $1 billion", [money("in excess of $1 billion", 1 * B, qualifier="at_least")]),
    ("north of $50 billion", [money("north of $50 billion", 50 * B, qualifier="at_least")]),
    ("$10 billion or more", [money("$10 billion or more", 10 * B, qualifier="at_least")]),
    # --- money: ranges, multi, orders of magnitude -------------------------
    ("between $10 and $20 billion",
     [money("between $10 and $20 billion", None, qualifier="range", low=10 * B, high=20 * B, usd=None)]),
    ("$10-20 billion", [money("$10-20 billion", None, qualifier="range", low=10 * B, high=20 * B, usd=None)]),
    ("$10 billion to $20 billion",
     [money("$10 billion to $20 billion", None, qualifier="range", low=10 * B, high=20 * B, usd=None)]),
    ("$30-$35bn", [money("$30-$35bn", None, qualifier="range", low=30 * B, high=35 * B, usd=None)]),
    ("€3-4 billion", [money("€3-4 billion", None, "EUR", qualifier="range", low=3 * B, high=4 * B)]),
    ("from $10 billion to $20 billion",
     [money("from $10 billion to $20 billion", None, qualifier="range", low=10 * B, high=20 * B, usd=None)]),
    ("from $5 billion last year", [money("$5 billion", 5 * B)]),
    ("gave $5 billion to 10 startups", [money("$5 billion", 5 * B)]),
    ("a multibillion-dollar investment", [money("multibillion-dollar", None, qualifier="multi", usd=None)]),
    ("a multi-million euro grant", [money("multi-million euro", None, "EUR", qualifier="multi")]),
    ("several hundred million dollars", [money("several hundred million dollars", None, qualifier="multi", usd=None)]),
    ("billions of dollars", [money("billions of dollars", 1e9, qualifier="order_of_magnitude")]),
    ("tens of billions of dollars", [money("tens of billions of dollars", 1e10, qualifier="order_of_magnitude")]),
    ("hundreds of millions of dollars", [money("hundreds of millions of dollars", 1e8, qualifier="order_of_magnitude")]),
    ("hundreds of billions of euros",
     [money("hundreds of billions of euros", 1e11, "EUR", qualifier="order_of_magnitude")]),
    # --- quantities ---------------------------------------------------------
    ("deploy 1 million Nvidia Blackwell GPUs", [qty("1 million Nvidia Blackwell GPUs", 1e6, "GPUs")]),
    ("over 1 million GPUs", [qty("over 1 million GPUs", 1e6, "GPUs", qualifier="at_least")]),
    ("400,000 of Nvidia's GB200 chips", [qty("400,000 of Nvidia's GB200 chips", 4e5, "chips")]),
    ("100,000 H100 GPUs", [qty("100,000 H100 GPUs", 1e5, "GPUs")]),
    ("50,000 more H200s", [qty("50,000 more H200s", 5e4, "chips")]),
    ("about 300,000 H100 units", [qty("about 300,000 H100 units", 3e5, "chips", qualifier="approx")]),
    ("some 20,000 graphics processing units", [qty("some 20,000 graphics processing units", 2e4, "GPUs", qualifier="approx")]),
    ("10,000 servers", [qty("10,000 servers", 1e4, "servers")]),
    ("1,000 GB200 NVL72 racks", [qty("1,000 GB200 NVL72 racks", 1000, "racks")]),
    ("72 GPUs per rack", [qty("72 GPUs", 72, "GPUs")]),
    ("each CPU has 192 cores", [qty("192 cores", 192, "cores")]),
    ("5,000 custom accelerators", [qty("5,000 custom accelerators", 5000, "accelerators")]),
    ("A million GPUs will be installed", [qty("A million GPUs", 1e6, "GPUs")]),
    ("a few thousand GPUs", [qty("a few thousand GPUs", None, "GPUs", qualifier="multi")]),
    ("two million chips", [qty("two million chips", 2e6, "chips")]),
    ("half a million GPUs", [qty("half a million GPUs", 5e5, "GPUs")]),
    ("a dozen data centers", [qty("a dozen data centers", 12, "data centers")]),
    ("three data centres", [qty("three data centres", 3, "data centers")]),
    ("100k TPUs", [qty("100k TPUs", 1e5, "TPUs")]),
    ("1,200 nodes", [qty("1,200 nodes", 1200, "nodes")]),
    ("20,000 wafers", [qty("20,000 wafers", 2e4, "wafers")]),
    ("1,000 superchips", [qty("1,000 superchips", 1000, "chips")]),
    ("up to 500,000 processors", [qty("up to 500,000 processors", 5e5, "processors", qualifier="up_to")]),
    ("as many as 50,000 CPUs", [qty("as many as 50,000 CPUs", 5e4, "CPUs", qualifier="up_to")]),
    ("between 50,000 and 100,000 GPUs",
     [qty("between 50,000 and 100,000 GPUs", None, "GPUs", qualifier="range", low=5e4, high=1e5)]),
    ("10,000-20,000 chips", [qty("10,000-20,000 chips", None, "chips", qualifier="range", low=1e4, high=2e4)]),
    ("hundreds of thousands of GPUs",
     [qty("hundreds of thousands of GPUs", 1e5, "GPUs", qualifier="order_of_magnitude")]),
    ("tens of thousands of Nvidia chips",
     [qty("tens of thousands of Nvidia chips", 1e4, "chips", qualifier="order_of_magnitude")]),
    ("millions of Nvidia Blackwell and Rubin GPUs",
     [qty("millions of Nvidia Blackwell and Rubin GPUs", 1e6, "GPUs", qualifier="order_of_magnitude")]),
    ("several thousand servers", [qty("several thousand servers", None, "servers", qualifier="multi")]),
    # a product's quoted nickname between the count and its noun
    ("20,000 of Intel's “Jaguar Shores” accelerators",
     [qty("20,000 of Intel's “Jaguar Shores” accelerators", 2e4, "accelerators")]),
    ('12,000 "Helix" GPUs', [qty('12,000 "Helix" GPUs', 12e3, "GPUs")]),
    ("the Graviton 5 chips arrive", []),
    ("The 5 chips were shipped", [qty("5 chips", 5, "chips")]),
    # --- power --------------------------------------------------------------
    ("6 gigawatts of capacity", [power("6 gigawatts", 6, "GW")]),
    ("a 1.2 GW campus", [power("1.2 GW", 1.2, "GW")]),
    ("a 4.5GW site", [power("4.5GW", 4.5, "GW")]),
    ("an 835-MW plant", [power("835-MW", 835, "MW")]),
    ("about 960 megawatts", [power("about 960 megawatts", 960, "MW", qualifier="approx")]),
    ("up to 500 MW", [power("up to 500 MW", 500, "MW", qualifier="up_to")]),
    ("five gigawatts", [power("five gigawatts", 5, "GW")]),
    ("a gigawatt of compute", [power("a gigawatt", 1, "GW")]),
    ("units from 50 MW to 75 MW", [power("50 MW to 75 MW", None, "MW", qualifier="range", low=50, high=75)]),
    ("1-2 GW", [power("1-2 GW", None, "GW", qualifier="range", low=1, high=2)]),
    ("multiple gigawatts", [power("multiple gigawatts", None, "GW", qualifier="multi")]),
    ("1,000 GWh a year", []),
    # --- durations ----------------------------------------------------------
    ("lasting 6 years", [dur("6 years", 6)]),
    ("over 10 years", [dur("10 years", 10, qualifier="exact")]),
    ("over the next seven years", [dur("seven years", 7)]),
    ("a 20-year agreement", [dur("20-year", 20)]),
    ("a seven-year lease", [dur("seven-year", 7)]),
    ("a three-to-five-year horizon", [dur("three-to-five-year", None, qualifier="range", low=3, high=5)]),
    ("3-5 years", [dur("3-5 years", None, qualifier="range", low=3, high=5)]),
    ("3 to 5 years", [dur("3 to 5 years", None, qualifier="range", low=3, high=5)]),
    ("at least three years", [dur("at least three years", 3, qualifier="at_least")]),
    ("more than a decade", [dur("more than a decade", 10, qualifier="at_least")]),
    ("for a decade", [dur("a decade", 10)]),
    ("two decades", [dur("two decades", 20)]),
    ("a decade-long power deal", [dur("decade-long", 10)]),
    ("their decade-long relationship", []),
    ("40,000 Nvidia Corp. graphics processors", [fig("quantity", "40,000 Nvidia Corp. graphics processors",
                                                     value=40000.0, unit="GPUs")]),
    ("a 10-year lease and tax incentive package", [dur("10-year", 10)]),
    ("a multiyear deal", [dur("multiyear", None, qualifier="multi")]),
    ("18 months", [dur("18 months", 18, "months")]),
    ("$300 billion over roughly five years",
     [money("$300 billion", 300 * B), dur("roughly five years", 5, qualifier="approx")]),
    ("through 2030", [dur("through 2030", 2030, "until")]),
    ("until 2029", [dur("until 2029", 2029, "until")]),
    ("by 2035", [dur("by 2035", 2035, "until")]),
    ("by the end of 2026", [dur("by the end of 2026", 2026, "until")]),
    ("the 28-year-old founder", []),
    # --- prices per unit: not amounts that change hands ----------------------
    ("bought stock at $87.20 per share", [fig("price", "$87.20", value=87.2, currency="USD", unit="USD/share", usd=87.2)]),
    ("about $25,000 per GPU", [fig("price", "about $25,000", value=25000, currency="USD", unit="USD/gpu", usd=25000,
                                   qualifier="approx")]),
    ("a discount from Friday's closing price of $92.98", [fig("price", "$92.98", value=92.98, unit="USD/share")]),
    ("With each H100 unit priced at around $30,000", [fig("price", "around $30,000", value=30000, unit="USD/unit")]),
    ("$2 per hour", [fig("price", "$2", value=2, currency="USD", unit="USD/hour", usd=2)]),
    ("$10 billion a year", [money("$10 billion", 10 * B)]),
    ("raised $12.7 billion in the past 12 months", [money("$12.7 billion", 12.7 * B)]),
    ("built in just four months", []),
    ("five months after the agreement", []),
    ("signed three years ago", []),
    ("a relationship that stretches back more than a decade", []),
    ("계약 기간은 6년3개월", [dur("6년3개월", 6.25)]),
    # --- traps --------------------------------------------------------------
    ("25 percent faster", []),
    ("shares rose 5% on Monday", []),
    ("built on a 3-nanometer process", []),
    ("a 2 nm node", []),
    ("the H100 and MI300X and GPT-5 and Llama 4", []),
    ("in 2025 the firm grew", []),
    ("2026", []),
    ("on April 24 at 7 p.m.", []),
    ("call 555-123-4567", []),
    ("the first and second quarters", []),
    ("1.2 TB/s of bandwidth and 288GB of memory", []),
    ("more than 1 million users", []),
    ("671 billion parameters", []),
    ("the team won 3 games", []),
    ("a 256-chip cluster", []),
    ("three-quarters of a gigawatt", [power("three-quarters of a gigawatt", 0.75, "GW")]),
    ("roughly half a gigawatt", [power("roughly half a gigawatt", 0.5, "GW", qualifier="approx")]),
    ("a third of a gigawatt", [power("a third of a gigawatt", 1 / 3, "GW")]),
    ("half of the capacity", []),
    ("a third of a gigawatt more than planned", []),
    # ("half a gigawatt more of its systems": more bought, no comparison)
    ("signed up for half a gigawatt more of its systems", [power("half a gigawatt", 0.5, "GW")]),
    ("a 6.2 billion Norwegian crown deal", [money("6.2 billion Norwegian crown", 6.2 * B, "NOK")]),
    ("a 500 million pound loan", [money("500 million pound", 0.5 * B, "GBP")]),
    ("a 20,000 GPU order", [qty("20,000 GPU", 20000, "GPUs")]),
    ("200,000 of Google's tensor processing units", [qty("200,000 of Google's tensor processing units", 200000, "TPUs")]),
    # compound counts: a fleet from a thousand up, one machine's size below it
    ("a 40,000-GPU order", [qty("40,000-GPU", 40000, "GPUs")]),
    ("its 25,000-accelerator commitment", [qty("25,000-accelerator", 25000, "accelerators")]),
    ("an 8-GPU server", []),
    ("a 1,152-GPU rack system", []),
    # a number after a product's name inside a sentence is the product's
    ("to power Microsoft's Maia 200 accelerators", []),
    ("Approximately 500 GPUs", [qty("Approximately 500 GPUs", 500, "GPUs", qualifier="approx")]),
]


@pytest.mark.parametrize(("phrase", "expected"), CASES, ids=[c[0][:50] for c in CASES])
def test_extract_figures_table(phrase: str, expected: list[dict[str, object]]) -> None:
    """Each phrase yields exactly the expected figures, with exact offsets."""
    figures = extract_figures(phrase)
    got = [f.to_dict() for f in figures]
    assert len(got) == len(expected), got
    for g, e in zip(got, expected, strict=True):
        for key, want in e.items():
            assert _close(g[key], want), (key, g)
        assert phrase[g["start"]:g["end"]] == g["text"]


@pytest.mark.parametrize("text,qualifiers", [
    ("Nvidia and AMD will invest up to $4 billion and $2 billion, respectively.", ["up_to", "up_to"]),
    ("Google and Amazon put in more than $3 billion and $1 billion respectively in the round.", ["at_least", "at_least"]),
    ("It will invest up to $4 billion and pay $2 billion in cash.", ["up_to", "exact"]),  # no "respectively"
    # two amounts joined by "and" are two figures; only "between" makes them a range
    ("Microsoft and Nvidia will invest roughly $5 billion and $10 billion, respectively.", ["approx", "approx"]),
    ("The round could land between $5 billion and $10 billion.", ["range"]),
])
def test_a_hedge_goes_with_every_amount_of_a_respectively_list(text: str, qualifiers: list[str]) -> None:
    assert [f.qualifier for f in extract_figures(text) if f.kind == "money"] == qualifiers


@pytest.mark.parametrize("text,qualifier", [
    ("CoreWeave will provide 40,000 GPUs, with an option for a further 250 megawatts.", "up_to"),
    ("Meta has options to lease another 500 MW at the campus.", "up_to"),
    ("Meta will lease 500 MW at the campus.", "exact"),
    ("Meta has the right to add a further 400 megawatts.", "up_to"),
    ("Microsoft exercised an option for a further 250 megawatts.", "exact"),  # taken up
])
def test_an_option_on_more_is_a_cap(text: str, qualifier: str) -> None:
    assert [f.qualifier for f in extract_figures(text) if f.kind == "power"] == [qualifier]


@pytest.mark.parametrize("text,qualifier", [
    ("Amazon's up-to-$8bn investment in Anthropic closed on Monday.", "up_to"),
    ("The more-than-$5 billion lease runs ten years.", "at_least"),
    ("The roughly-$2bn order is Dell's largest.", "approx"),
    ("Nvidia's $10bn investment in xAI closed.", "exact"),
])
def test_a_hedge_hyphenated_into_a_modifier_qualifies_its_amount(text: str, qualifier: str) -> None:
    assert [f.qualifier for f in extract_figures(text) if f.kind == "money"] == [qualifier]


def test_figures_sorted_and_non_overlapping() -> None:
    """Figures of a realistic paragraph come sorted by start and never overlap."""
    text = (
        "The cloud group will spend about $12 billion over four years, deploy 200,000 GPUs "
        "in 3 data centers drawing 1.5 GW, and keep the contract through 2031."
    )
    figures = extract_figures(text)
    assert [f.kind for f in figures] == ["money", "duration", "quantity", "quantity", "power", "duration"]
    for a, b in zip(figures, figures[1:]):
        assert a.end <= b.start


@pytest.mark.parametrize(
    ("s", "value"),
    [
        ("1,000,000", 1e6), ("1.2", 1.2), ("6,5 Mrd.", 6.5e9), ("ten", 10), ("twenty-five", 25),
        ("a dozen", 12), ("half a million", 5e5), ("two million", 2e6), ("1.5 lakh crore", 1.5e12),
        ("13,318 crore", 1.3318e11), ("3bn", 3e9), ("700M", 7e8), ("one and a half billion", 1.5e9),
        ("5 Milliarden", 5e9), ("two hundred thousand", 2e5),
    ],
)
def test_parse_number(s: str, value: float) -> None:
    """Digits, words and scale words parse to the right float."""
    assert parse_number(s) == pytest.approx(value)


@pytest.mark.parametrize("s", ["", "billion", "hello", "3 4"])
def test_parse_number_rejects(s: str) -> None:
    """Strings without a number give None."""
    assert parse_number(s) is None


@pytest.mark.parametrize(
    ("s", "code"), [("US$", "USD"), ("€", "EUR"), ("Rs.", "INR"), ("euros", "EUR"), ("A$", "AUD"), ("won", "KRW")]
)
def test_currency_code(s: str, code: str) -> None:
    """Currency marks as written map to ISO codes."""
    assert currency_code(s) == code


def _check_offsets(text: str) -> None:
    figures = extract_figures(text)
    for f in figures:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.text
    assert [f.start for f in figures] == sorted(f.start for f in figures)
    for a, b in zip(figures, figures[1:]):
        assert a.end <= b.start


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    """Arbitrary unicode never raises and offsets stay consistent."""
    _check_offsets(text)


_PIECES = st.sampled_from(
    ["$", "€", "US$", "1", "0", ",", ".", "-", " ", "billion", "bn", "million", "GPUs", "chips", "years",
     "between", "and", "to", "(", ")", "about", "up to", "GW", "₹", "crore", "lakh", "조", "원", "multi",
     "tens of", "millions of", "through 2030", "a", "decade", "\x00", "\ufffd", "\n"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_never_raises_on_figure_like_noise(text: str) -> None:
    """Noise built from figure fragments never raises and offsets stay consistent."""
    _check_offsets(text)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_never_raises_on_binary(data: bytes) -> None:
    """Decoded binary garbage never raises."""
    _check_offsets(data.decode("latin-1"))
    _check_offsets(data.decode("utf-8", errors="replace"))


def test_large_input_completes() -> None:
    """1 MB of repeated realistic text returns the expected number of figures."""
    paragraph = (
        "The chipmaker said it will invest up to $20 billion over five years and ship 250,000 "
        "accelerators to the new 1.2 GW campus, with shares up 3% and 3nm parts due in 2027. "
    )
    text = paragraph * (1_000_000 // len(paragraph) + 1)
    figures = extract_figures(text)
    repeats = text.count("The chipmaker")
    assert len(figures) == 4 * repeats


def test_empty_and_non_figure_text() -> None:
    """Empty and figure-free text give no figures."""
    assert extract_figures("") == []
    assert extract_figures("No numbers here at all.") == []


def test_counted_noun_never_crosses_a_sentence_or_line_end():
    # A heading after a paragraph ("... the two tech giants.\nWhy CPUs Still Matter") is not "2 CPUs".
    for text in ("the two tech giants.\nWhy CPUs Still Matter", "the two tech giants. Why CPUs matter",
                 "between the two companies\nGPUs are scarce"):
        assert extract_figures(text) == [], text


def test_typeset_hyphens_read_as_hyphens_and_keep_the_text():
    text = "Lumen signed a seven\u2011year contract worth $2 billion with a US\u2010based lab."
    [duration, money] = extract_figures(text)
    assert (duration.kind, duration.value, duration.text) == ("duration", 7.0, "seven\u2011year")
    assert text[duration.start:duration.end] == duration.text
    assert (money.value, money.text) == (2e9, "$2 billion")


@pytest.mark.parametrize("text", [
    "The lease runs 12 years, with three five-year renewal options.",
    "Initial term of 12 years plus two 5-year extensions at the tenant's choice.",
    "A 12-year agreement; the buyer may extend the contract by as many as 20 years.",
    "The 12-year lease comes with an option to extend it for a further five years.",
    "A 12-year term, and the tenant holds options to renew for up to 10 years.",
    "A 12-year lease with Digital Realty, renewable for another five years.",
    "A 12-year lease; the county granted the campus a 20-year property tax abatement.",
])
def test_the_length_of_an_option_to_extend_is_not_a_term(text):
    durations = [f.value for f in extract_figures(text) if f.kind == "duration"]
    assert durations == [12.0]


@pytest.mark.parametrize("text,expected", [
    ("Orbital will deploy 12,000 graphic processing units.", [("quantity", "GPUs", 12000.0, "exact")]),
    ("Nvidia will supply over 90,000+ Blackwell GPUs to Chile.", [("quantity", "GPUs", 90000.0, "at_least")]),
    ("Nvidia will supply 90,000+ Blackwell GPUs to Chile.", [("quantity", "GPUs", 90000.0, "at_least")]),
    # a product's number is not a count; the count after it is
    ("The cloud runs RTX PRO 6000 Blackwell Server Edition GPUs, 2,500 GPUs at first.",
     [("quantity", "GPUs", 2500.0, "exact")]),
    # a size class is not an amount
    ("Telco One and Nvidia plan a gigawatt-scale AI factory in Spain.", []),
    ("Telco One and Nvidia plan a 1.5 gigawatt AI factory in Spain.", [("power", "GW", 1.5, "exact")]),
])
def test_counts_products_and_size_classes(text, expected):
    assert [(f.kind, f.unit, f.value, f.qualifier) for f in extract_figures(text)] == expected


@pytest.mark.parametrize("text,expected", [
    # a change "from X to Y" states two amounts, before and after; a span "from X to Y" is a range
    ("Halden expanded its partnership with Bloom from $3 billion to $12 billion.",
     [("money", 3e9, None, "$3 billion"), ("money", 12e9, None, "$12 billion")]),
    ("The budget was raised from $2 to $6 billion.", [("money", 2e9, None, "$2"), ("money", 6e9, None, "$6 billion")]),
    ("The contract is worth from $2 billion to $6 billion.", [("money", None, (2e9, 6e9), "from $2 billion to $6 billion")]),
    # stock quotes and per-share prices are prices, whatever sits between
    ("Shares of Halden jumped 18% to a record high of $91.40 in morning trading.", [("price", 91.4, None, "$91.40")]),
    ("Halden shares closed at $44.10 after the $2 billion deal.",
     [("price", 44.1, None, "$44.10"), ("money", 2e9, None, "$2 billion")]),
    ("Vireo buys new shares at USD 4.20 (EUR 3.61) per share.",
     [("price", 4.2, None, "USD 4.20"), ("price", 3.61, None, "EUR 3.61")]),
])
def test_changes_and_prices(text, expected):
    got = [(f.kind, f.value, (f.low, f.high) if f.low is not None else None, f.text) for f in extract_figures(text)]
    assert got == expected


@pytest.mark.parametrize("text, currency, value", [
    ("Nairobi's Simba Compute will put KSh 6.5 billion into a 10MW data centre.", "KES", 6.5e9),
    ("The Lagos campus will cost about ₦420 billion, the developer said.", "NGN", 4.2e11),
    ("The ministry signed a EGP 15 billion agreement for a sovereign AI cloud.", "EGP", 1.5e10),
    ("Abuja's Zuma Compute will spend 300 billion naira on a 20MW campus.", "NGN", 3e11),
    ("The Mombasa landing station cost 9 billion Kenyan shillings.", "KES", 9e9),
    ("The Cairo campus will cost 40 billion Egyptian pounds.", "EGP", 4e10),
    ("Karachi's Indus Cloud will invest 60 billion Pakistani rupees in two halls.", "PKR", 6e10),
    ("The Keflavik expansion will cost 12 billion kronur.", "ISK", 1.2e10),
    ("Bergen's Fjordnett sold a 40% stake for NKr3.1bn.", "NOK", 3.1e9),
    # as Australian and London papers write them
    ("Brisbane's Kookaburra Compute raised $A600 million from local super funds.", "AUD", 6e8),
    ("The lender arranged a $US900 million facility for the Perth campus.", "USD", 9e8),
    ("Fjordkraft sold its data centre arm for DKr4.2bn to a pension fund.", "DKK", 4.2e9),
    ("The operator will invest SKr 3bn in a second hall.", "SEK", 3e9),
    ("Reykjanes Data will spend ISK 9 billion on the expansion.", "ISK", 9e9),
    # the rand's sign, as South Africa's press writes it
    ("Umhlanga Data Centres has secured a R3.6 billion loan for its Durban campus.", "ZAR", 3.6e9),
    ("Teraco's owner will spend R 850m on a second hall in Midrand.", "ZAR", 8.5e8),
    # Gulf currencies: Bahrain's dinar as its press writes it, Kuwait's and Oman's by name and code
    ("Manama's Dilmun Cloud signed a BD150 million agreement with the government.", "BHD", 150e6),
    ("Burgan Compute will invest 300 million Kuwaiti dinars in a data centre.", "KWD", 300e6),
    ("Omantel signed an OMR 90 million contract for a Muscat data centre.", "OMR", 90e6),
])
def test_currencies_of_more_countries_and_papers(text: str, currency: str, value: float) -> None:
    [fig] = [f for f in extract_figures(text) if f.kind == "money"]
    assert (fig.currency, fig.value) == (currency, value)


@pytest.mark.parametrize("text", [
    "DeepSeek's R1 model was trained for under $6 million, the lab said.",
    "The R2 rating applies to 40 sites.",
])
def test_a_capital_r_before_a_number_is_no_rand_without_millions(text: str) -> None:
    assert all(f.currency != "ZAR" for f in extract_figures(text))


def test_a_site_expanding_from_one_size_to_another_states_two_sizes() -> None:
    text = "Kallax is expanding its Boden site from 40 MW to 110 MW, while a range of 40 MW to 60 MW stays one figure."
    got = [(f.text, f.value, f.low, f.high) for f in extract_figures(text) if f.kind == "power"]
    assert got == [("40 MW", 40.0, None, None), ("110 MW", 110.0, None, None), ("40 MW to 60 MW", None, 40.0, 60.0)]


@pytest.mark.parametrize("text, value", [
    ("Google's quarter-gigawatt wind deal with Sundvik is its largest in the Nordics.", 0.25),
    ("Meta will lease the half-gigawatt campus for 15 years.", 0.5),
])
def test_a_fraction_of_a_gigawatt_written_as_one_word(text: str, value: float) -> None:
    [fig] = [f for f in extract_figures(text) if f.kind == "power"]
    assert (fig.value, fig.unit) == (value, "GW")


@pytest.mark.parametrize("text, expected", [
    # a product whose number ends in a letter ("Ascend 910C") between a count and its noun, and alone
    ("Qiantang will buy about 12,000 Ascend 910C processors from Huawei.", [(12000.0, "processors")]),
    ("It signed for 3,000 of the earlier Ascend 910B chips in 2024.", [(3000.0, "chips")]),
    ("Huawei has sold Ascend 910B chips to dozens of Chinese firms.", []),
])
def test_a_product_number_with_a_letter_is_no_count(text: str, expected: list) -> None:
    assert [(f.value, f.unit) for f in extract_figures(text) if f.kind == "quantity"] == expected



def test_a_price_per_card_is_a_price() -> None:
    [fig] = [f for f in extract_figures("At roughly 180,000 yuan per card, the chips take 60% of the contract.")
             if f.value == 180000]
    assert fig.kind == "price"


@pytest.mark.parametrize("text, expected", [
    # a part of a count, told by its number alone before the whole
    ("The contract takes about 2,600 of the 8,000 B300 GPUs that Ridgeway is installing in Oslo.",
     [(2600.0, "GPUs", "approx"), (8000.0, "GPUs", "exact")]),
    ("Corvane will rent 900 of its 1,200 servers to Mistral.", [(900.0, "servers", "exact"), (1200.0, "servers", "exact")]),
    # (a year is no part: "in 2026 of the 40,000 GPUs" counts nothing more)
    ("Deliveries of the 40,000 GPUs begin in 2027.", [(40000.0, "GPUs", "exact")]),
    # a process node between a count and its noun
    ("Halvern Silicon will buy about 45,000 3-nanometre wafers from TSMC.", [(45000.0, "wafers", "approx")]),
    ("Kessel Chips ordered 12,000 2nm wafers from Samsung Foundry.", [(12000.0, "wafers", "exact")]),
])
def test_a_part_of_a_count_and_a_process_node_before_wafers(text: str, expected: list) -> None:
    assert [(f.value, f.unit, f.qualifier) for f in extract_figures(text) if f.kind == "quantity"] == expected


def test_bd_without_an_amount_in_millions_is_no_money() -> None:
    assert [f for f in extract_figures("The BD 5 router ships in 40 units.") if f.kind == "money"] == []


@pytest.mark.parametrize("text,value", [
    ("under a zł 2.9 billion contract", 2.9e9),
    ("a zł1.2bn loan", 1.2e9),
    ("a 4.5 billion złoty deal", 4.5e9),
])
def test_the_zloty_sign(text: str, value: float) -> None:
    (fig,) = extract_figures(text)
    assert (fig.currency, fig.value) == ("PLN", value)


@pytest.mark.parametrize("text, expected", [
    # a press release's trademark sign inside the chip's name
    ("Orvane Cloud will deploy tens of thousands of AMD Instinct™ MI355X GPUs in Reno.", [(1e4, "GPUs", "order_of_magnitude")]),
    ("Orvane ordered 4,000 Intel® Gaudi® 3 accelerators.", [(4000.0, "accelerators", "exact")]),
    # "one of the ..." is a member of a set, no count
    ("The Huawei contract is one of the largest domestic accelerator orders this year.", []),
    ("It was one of the biggest GPU deals in Europe.", []),
    # "units" are the hardware the sentence counted earlier, however far back
    ("Kavya Compute will buy 2,048 Gaudi 3 accelerators from Intel, its chief executive said on Monday, adding that the "
     "order could rise to 8,192 units by 2028.", [(2048.0, "accelerators", "exact"), (8192.0, "chips", "up_to")]),
    # (but not those of the sentence before)
    ("Kavya Compute bought 2,048 GPUs. Separately, its developer partner will build 300 units of staff housing.",
     [(2048.0, "GPUs", "exact")]),
])
def test_counts_in_press_releases_and_units_told_before(text: str, expected: list) -> None:
    assert [(f.value, f.unit, f.qualifier) for f in extract_figures(text) if f.kind == "quantity"] == expected


@pytest.mark.parametrize("text", [
    "Humain will buy 18,000 GB300 chips at an estimated $3 million per NVL72 rack.",
    "The chips cost about $38,000 per Blackwell GPU.",
])
def test_a_price_per_named_unit(text: str) -> None:
    (fig,) = [f for f in extract_figures(text) if f.kind in ("money", "price")]
    assert fig.kind == "price"


@pytest.mark.parametrize("text, expected", [
    # "units" read back only for the same count grown, never for other things
    ("CoreWeave will lease 3,000 GPUs to Mistral, and the developer will build 3,000 residential units nearby.",
     [(3000.0, "GPUs")]),
    ("Apple bought Nvidia GPUs for its servers and sold 230 million units of its iPhone.", []),
    ("Nvidia GPUs power the site, which now holds 4,000 cooling units.", []),
    ("Supermicro shipped 10,000 units of GPU-accelerated servers.", []),
    ("The developer will build 2,000 units of housing for chip workers.", []),
    ("Samsung sold 10 million units of smartphones with Qualcomm chips.", []),
    ("Foxconn will ship 500,000 units of GPU servers to the cloud.", []),
])
def test_units_that_are_not_chips(text: str, expected: list) -> None:
    assert [(f.value, f.unit) for f in extract_figures(text) if f.kind == "quantity"] == expected


@pytest.mark.parametrize("text", [
    "Google will supply up to 400,000 units of its in-house AI semiconductor, the TPU, to the lab.",
    "Tenstorrent will ship 50,000 units of its Blackhole accelerators to the Korean carrier.",
])
def test_units_of_chips_count_chips(text: str) -> None:
    assert [f.unit for f in extract_figures(text) if f.kind == "quantity"] == ["chips"]


def test_a_lead_or_a_delay_is_no_term() -> None:
    text = "Deliveries began two months ahead of schedule, and the build ran six weeks behind plan; the lease is 15 years."
    assert [f.text for f in extract_figures(text) if f.kind == "duration"] == ["15 years"]


@pytest.mark.parametrize("text, term", [
    ("Oracle signed a lease with Vantage for 15 years ahead of the campus opening in 2026.", "15 years"),
    ("Constellation signed a 20-year behind-the-meter power purchase agreement with Microsoft.", "20-year"),
])
def test_a_term_before_ahead_of_or_behind_stays(text: str, term: str) -> None:
    assert [f.text for f in extract_figures(text) if f.kind == "duration"] == [term]


@pytest.mark.parametrize("text", [
    "The deal builds on a relationship with Microsoft that dates back more than eight years.",
    "The $40bn sale caps a seven-year ownership of Aligned.",
    "Their decade-long relationship began at the first GTC.",
])
def test_time_a_relationship_has_lasted_is_no_term(text: str) -> None:
    assert [f for f in extract_figures(text) if f.kind == "duration"] == []


@pytest.mark.parametrize("text, term", [
    ("Microsoft and OpenAI signed a 20-year relationship agreement worth $10 billion.", "20-year"),
    ("Nebius signed a five-year history-making contract with Microsoft.", "five-year"),
])
def test_a_term_before_a_relationship_agreement_stays(text: str, term: str) -> None:
    assert [f.text for f in extract_figures(text) if f.kind == "duration"] == [term]
