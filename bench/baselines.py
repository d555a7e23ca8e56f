"""Adapters that turn the libraries a user would reach for into `analyze`-shaped figures, for bench/accuracy.py.

Each returns a list of dicts with the keys the scorer reads: kind, value, low, high, unit, currency, usd, text.
"""

from __future__ import annotations

import re

CURRENCY_BY_UNIT = {
    "dollar": "USD", "united states dollar": "USD", "euro": "EUR", "pound sterling": "GBP", "british pound": "GBP",
    "yen": "JPY", "japanese yen": "JPY", "indian rupee": "INR", "rupee": "INR", "south korean won": "KRW",
    "won": "KRW", "yuan": "CNY", "renminbi": "CNY", "australian dollar": "AUD", "canadian dollar": "CAD",
    "saudi riyal": "SAR", "uae dirham": "AED", "united arab emirates dirham": "AED",
}
POWER_UNITS = {"gigawatt": "GW", "megawatt": "MW"}
NOUN_AFTER = re.compile(r"\s*(?:of\s+)?(?:[A-Z][\w-]*\s+){0,3}([A-Za-z]+)")


def quantulum_figures(text: str) -> list[dict]:
    """Money, power and counted quantities as quantulum3 parses them."""
    from quantulum3 import parser

    figures = []
    for q in parser.parse(text):
        unit = q.unit.name.lower()
        entity = q.unit.entity.name.lower()
        start, end = q.span
        base = {"value": float(q.value), "low": None, "high": None, "text": q.surface, "start": start, "end": end}
        if entity == "currency" or unit in CURRENCY_BY_UNIT:
            code = CURRENCY_BY_UNIT.get(unit, unit.upper())
            figures.append({**base, "kind": "money", "unit": code, "currency": code,
                            "usd": float(q.value) if code == "USD" else None})
        elif unit in POWER_UNITS:
            figures.append({**base, "kind": "power", "unit": POWER_UNITS[unit], "currency": None, "usd": None})
        elif entity == "dimensionless":
            # "350,000 GPUs": quantulum3 gives a bare count; the counted noun is the word after it.
            noun = NOUN_AFTER.match(text, end)
            figures.append({**base, "kind": "quantity", "unit": noun.group(1) if noun else "", "currency": None,
                            "usd": None})
    return figures


# price-parser reads one price from a short string and knows no scale words, so the adapter finds the
# candidate spans (a currency sign or code next to a number) and applies "billion"/"bn"-style scales itself:
# without that help it would score close to zero on deal news, which would not be a fair comparison.
CANDIDATE = re.compile(
    r"(?:US\$|A\$|C\$|HK\$|\$|€|£|¥|₹|\b(?:USD|EUR|GBP|JPY|INR|Rs\.?))\s?\d[\d,.]*"
    r"(?:\s?(?:trillion|billion|million|thousand|tn|bn|mn|m|b|k)\b)?"
    r"|\d[\d,.]*\s?(?:trillion|billion|million)?\s?(?:dollars|euros|pounds|USD|EUR|GBP)\b",
    re.I,
)
SCALES = {"trillion": 1e12, "tn": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6, "mn": 1e6, "m": 1e6,
          "thousand": 1e3, "k": 1e3}
SIGNS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "A$": "AUD", "C$": "CAD"}


def price_parser_figures(text: str) -> list[dict]:
    """Money figures from price-parser applied to each currency-and-number span."""
    from price_parser import Price

    figures = []
    for match in CANDIDATE.finditer(text):
        span = match.group(0)
        price = Price.fromstring(span)
        if price.amount is None:
            continue
        scale = re.search(r"(trillion|billion|million|thousand|tn|bn|mn|m|b|k)\b\s*\w*$", span, re.I)
        value = float(price.amount) * (SCALES[scale.group(1).lower()] if scale else 1)
        code = SIGNS.get(price.currency or "", (price.currency or "USD").upper().rstrip("."))
        if code in ("RS", "DOLLARS"):
            code = "INR" if code == "RS" else "USD"
        figures.append({"kind": "money", "value": value, "low": None, "high": None, "unit": code, "currency": code,
                        "usd": value if code == "USD" else None, "text": span,
                        "start": match.start(), "end": match.end()})
    return figures
