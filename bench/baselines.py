"""Adapters that turn off-the-shelf parsers into `analyze`-shaped figures, for bench/accuracy.py.

Each adapter takes plain text and returns a list of figure dicts with the keys the scorer reads:
kind ("money", "quantity" or "power"), value, low, high, unit, currency, usd, text, start, end.
`load(name)` imports a library lazily and raises ImportError when it is not installed.
"""

from __future__ import annotations

import re
import warnings
from typing import Callable

Adapter = Callable[[str], list[dict]]

# quantulum3 names its currency units; the ones deal news uses, mapped to ISO codes.
CURRENCY_BY_NAME = {
    "dollar": "USD", "united states dollar": "USD", "us dollar": "USD", "euro": "EUR", "pound sterling": "GBP",
    "british pound": "GBP", "pound": "GBP", "yen": "JPY", "japanese yen": "JPY", "indian rupee": "INR",
    "rupee": "INR", "south korean won": "KRW", "won": "KRW", "yuan": "CNY", "renminbi": "CNY",
    "australian dollar": "AUD", "canadian dollar": "CAD", "swiss franc": "CHF", "saudi riyal": "SAR",
    "united arab emirates dirham": "AED",
}
POWER_BY_NAME = {"gigawatt": "GW", "megawatt": "MW"}
# The counted noun after a bare number is the first common noun among the next few words, past names and model
# codes: "350,000 Nvidia H100 GPUs" -> GPUs, "1 million of its chips" -> chips.
WORD = re.compile(r"[\s/]*([\w-]+)")
NOUN = re.compile(r"[a-z][a-z-]*|[A-Z]{2,}s")
SKIP = {"of", "its", "their", "the", "more", "additional", "new", "next-generation", "advanced"}


def counted_noun(text: str, pos: int) -> str:
    """The noun a number at `pos` counts, or "" when none follows within four words."""
    for _ in range(4):
        m = WORD.match(text, pos)
        if not m:
            return ""
        word, pos = m.group(1), m.end()
        if word.lower() not in SKIP and NOUN.fullmatch(word):
            return word
    return ""


def _figure(kind: str, value: float, unit: str, currency: str | None, text: str, start: int, end: int) -> dict:
    """One figure in the shape of `analyze`'s `figures[]` entries."""
    return {"kind": kind, "value": value, "low": None, "high": None, "unit": unit, "currency": currency,
            "usd": value if currency == "USD" else None, "text": text, "start": start, "end": end}


def quantulum3_figures(text: str) -> list[dict]:
    """Money, power and counted quantities as quantulum3's `parser.parse` reads them."""
    from quantulum3 import parser

    figures = []
    for q in parser.parse(text):
        name = q.unit.name.lower()
        entity = q.unit.entity.name.lower()
        start, end = q.span
        code = getattr(q.unit, "currency_code", None) or CURRENCY_BY_NAME.get(name)
        if entity == "currency" or code:
            code = code or name.upper()
            figures.append(_figure("money", float(q.value), code, code, q.surface, start, end))
        elif name in POWER_BY_NAME:
            figures.append(_figure("power", float(q.value), POWER_BY_NAME[name], None, q.surface, start, end))
        elif entity == "dimensionless":
            # quantulum3 gives "350,000 GPUs" as a bare number: the counted noun is the next word (after names).
            noun = counted_noun(text, end)
            if noun:  # a bare number with nothing counted ("in 2030") is no quantity
                figures.append(_figure("quantity", float(q.value), noun, None, q.surface, start, end))
    return figures


# price-parser reads ONE price from a short string such as a product page's "$1,299.00"; it does not search
# running text and knows no scale words ("$10 billion" is 10). So the adapter does the two things it cannot:
# a regex finds each candidate span (a currency sign, code or word next to a number) and the English scale
# word in the span is applied to the amount price-parser returns. It does not know lakh/crore or CJK numerals,
# ranges, or conversions, and the currency is whatever price-parser reports for the span.
SCALE_WORDS = "trillion|billion|million|thousand|tn|bn|mn|m|b|k"
_SCALE = rf"(?:{SCALE_WORDS})\b"
CANDIDATE = re.compile(
    r"(?:US\$|A\$|AU\$|C\$|CA\$|HK\$|S\$|\$|€|£|¥|₹|₩|\b(?:USD|EUR|GBP|JPY|INR|KRW|AUD|CAD|Rs\.?))\s?\d[\d,.]*"
    rf"(?:\s?{_SCALE})?"
    rf"|\b\d[\d,.]*(?:\s?{_SCALE})?\s?(?:US\s+dollars|dollars|euros|pounds|yen|won|rupees|USD|EUR|GBP|AUD|KRW|INR)\b",
    re.I,
)
SCALES = {"trillion": 1e12, "tn": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6, "mn": 1e6, "m": 1e6,
          "thousand": 1e3, "k": 1e3}
CURRENCY_BY_SIGN = {"$": "USD", "us$": "USD", "usd": "USD", "dollars": "USD", "us dollars": "USD", "€": "EUR",
                    "euro": "EUR", "euros": "EUR", "eur": "EUR", "£": "GBP", "pounds": "GBP", "gbp": "GBP",
                    "¥": "JPY", "yen": "JPY", "₹": "INR", "rs": "INR", "rs.": "INR", "rupees": "INR", "inr": "INR",
                    "₩": "KRW", "won": "KRW", "krw": "KRW", "a$": "AUD", "au$": "AUD", "aud": "AUD", "c$": "CAD",
                    "ca$": "CAD", "cad": "CAD", "hk$": "HKD", "s$": "SGD"}


def price_parser_figures(text: str) -> list[dict]:
    """Money figures: price-parser's `Price.fromstring` applied to each regex-found currency span."""
    from price_parser import Price

    figures = []
    for m in CANDIDATE.finditer(text):
        span = m.group(0)
        price = Price.fromstring(span)
        if price.amount is None:
            continue
        scale = re.search(rf"\d\s?({SCALE_WORDS})\b", span, re.I)
        value = float(price.amount) * (SCALES[scale.group(1).lower()] if scale else 1.0)
        sign = (price.currency or "").strip().lower()
        code = CURRENCY_BY_SIGN.get(sign, sign.upper() or "USD")
        figures.append(_figure("money", value, code, code, span, m.start(), m.end()))
    return figures


def load(name: str) -> Adapter:
    """The adapter of a baseline library; ImportError when the library is not installed."""
    if name == "quantulum3":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "classifier dependencies not installed": it works without them
            import quantulum3.parser  # noqa: F401
        return quantulum3_figures
    if name == "price-parser":
        import price_parser  # noqa: F401

        return price_parser_figures
    raise ValueError(f"unknown baseline {name!r}")
