"""The grammar of figures: money, quantities, power and durations in news text.

`extract_figures` finds every figure with its qualifier (exact, approx, up_to,
at_least, range, multi, order_of_magnitude), its unit and exact offsets. It
does not decide what a figure means (deal value, spec, ...): claims.py does.

Conventions:
- money `unit` and `currency` are the ISO code as written; `usd` is set only
  when the currency is USD or the text gives a USD conversion right next to
  the figure ("€5bn (about $5.4bn)"), never by silent conversion. For ranges
  and multi figures `usd` is None (low/high are in `currency`).
- quantity units are plural nouns; "superchips", "semiconductors" and model
  plurals such as "H100s" count as "chips"; data-center campuses are
  "data centers".
- a duration "through 2030" has unit "until" and value 2030 (the end year).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from scraper.models import Figure, FigureKind, Qualifier

__all__ = ["extract_figures", "parse_number", "currency_code", "CURRENCY_CODES"]

# ---------------------------------------------------------------------------
# Numbers

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7,
    "milliard": 1e9, "milliards": 1e9, "milliarde": 1e9, "milliarden": 1e9,
    "millionen": 1e6, "billionen": 1e12, "mrd": 1e9, "mio": 1e6,
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "mil": 1e6,
    "b": 1e9, "bn": 1e9, "bln": 1e9, "t": 1e12, "tn": 1e12, "trn": 1e12, "cr": 1e7,
}
_MULTIPLES = {"tens": 10.0, "hundreds": 100.0}  # "tens of millions" = 10 x 1e6
_GERMAN_SCALES = {"milliarde", "milliarden", "millionen", "billionen", "mrd", "mio", "milliard", "milliards"}

_THOUSANDS_COMMA = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_THOUSANDS_DOT = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")
_NUMBER_TOKEN = re.compile(r"\d[\d.,]*|[^\W\d_]+")


def _parse_digits(s: str, decimal_comma: bool) -> float | None:
    """Parse a digit string with thousands separators or a decimal comma."""
    if _THOUSANDS_COMMA.fullmatch(s) and not decimal_comma:
        return float(s.replace(",", ""))
    if _THOUSANDS_DOT.fullmatch(s):
        return float(s.replace(".", ""))
    if s.count(",") == 1 and "." not in s:
        head, tail = s.split(",")
        # "1,500" is a thousands group unless a German scale word follows.
        if len(tail) == 3 and not decimal_comma:
            return float(head + tail)
        s = head + "." + tail
    try:
        return float(s.replace(",", ""))
    except ValueError:
        return None


_QUARTER_OF = re.compile(r"(?:\b(three[- ]quarters)|(?:\ba\s+|\bone\s+)?\bquarter)\s+of\s+an?\b")  # (parse_number)


def parse_number(s: str) -> float | None:
    """Parse digits, number words and scale words ("1.5 lakh crore", "half a million") to a float."""
    s = s.lower()
    if "quarter" in s:  # "a quarter of a billion": a quarter billion; "three-quarters of a billion": 0.75 billion
        s = _QUARTER_OF.sub(lambda m: "0.75" if m.group(1) else "quarter", s)
    tokens = _NUMBER_TOKEN.findall(s)
    decimal_comma = any(t in _GERMAN_SCALES for t in tokens)
    current: float | None = None
    for tok in tokens:
        if tok[0].isdigit():
            if current is not None:
                return None
            current = _parse_digits(tok.rstrip(".,"), decimal_comma)
            if current is None:
                return None
        elif tok in _UNITS or tok in _TENS:
            current = (current or 0.0) + _UNITS.get(tok, 0) + _TENS.get(tok, 0)
        elif tok in ("a", "an"):
            current = 1.0 if current is None else current
        elif tok == "half":
            current = 0.5 if current is None else current + 0.5
        elif tok == "quarter" and current is None:
            current = 0.25
        elif tok == "dozen":
            current = (current or 1.0) * 12
        elif tok == "and":
            continue
        elif tok in _SCALES:
            if current is None:
                return None
            current *= _SCALES[tok]
        else:
            return None
    # Round away binary noise: "16.13" * 1e9 should be 16130000000, not ...999998.
    return float(f"{current:.12g}") if current is not None else None


_CJK_UNITS = {"조": 1e12, "兆": 1e12, "억": 1e8, "億": 1e8, "亿": 1e8, "만": 1e4, "万": 1e4, "萬": 1e4}
_CJK_PART = re.compile(r"(\d[\d.,]*)\s?([천千]?)([조兆억億亿만万萬]?)")


def _parse_cjk_number(s: str) -> float | None:
    """Parse Korean/Chinese/Japanese myriad numbers such as "22조 7천648억"."""
    total = 0.0
    section = 0.0
    for digits, thousand, unit in _CJK_PART.findall(s):
        n = _parse_digits(digits.rstrip(".,"), False)
        if n is None:
            return None
        if thousand:
            n *= 1000
        if unit:
            total += (section + n) * _CJK_UNITS[unit]
            section = 0.0
        else:
            section += n
    return total + section


# ---------------------------------------------------------------------------
# Currencies

_CURRENCY_KEYS = {
    "$": "USD", "US$": "USD", "USD$": "USD", "USD": "USD", "A$": "AUD", "AU$": "AUD", "AUD": "AUD",
    "C$": "CAD", "CA$": "CAD", "CAD": "CAD", "HK$": "HKD", "HKD": "HKD",
    "S$": "SGD", "SG$": "SGD", "SGD": "SGD", "NT$": "TWD", "TWD": "TWD",
    "NZ$": "NZD", "NZD": "NZD", "R$": "BRL", "BRL": "BRL", "MX$": "MXN", "MXN": "MXN",
    "€": "EUR", "EUR": "EUR", "£": "GBP", "GBP": "GBP", "¥": "JPY", "JPY": "JPY",
    "CN¥": "CNY", "CNY": "CNY", "RMB": "CNY", "₩": "KRW", "KRW": "KRW",
    "₹": "INR", "RS": "INR", "INR": "INR", "SAR": "SAR", "AED": "AED", "CHF": "CHF",
    "QAR": "QAR", "MYR": "MYR", "NOK": "NOK", "SEK": "SEK", "DKK": "DKK",
    "NORWEGIANCROWNS": "NOK", "NORWEGIANKRONER": "NOK", "SWEDISHCROWNS": "SEK", "SWEDISHKRONOR": "SEK",
    "DANISHCROWNS": "DKK", "DANISHKRONER": "DKK", "POUND": "GBP", "NORWEGIANCROWN": "NOK", "NORWEGIANKRONE": "NOK",
    "SWEDISHCROWN": "SEK", "SWEDISHKRONA": "SEK", "DANISHCROWN": "DKK", "DANISHKRONE": "DKK",
    "DOLLAR": "USD", "DOLLARS": "USD", "USDOLLAR": "USD", "USDOLLARS": "USD",
    "AMERICANDOLLARS": "USD", "DEDOLLARS": "USD", "AUSTRALIANDOLLARS": "AUD",
    "CANADIANDOLLARS": "CAD", "SINGAPOREDOLLARS": "SGD", "HONGKONGDOLLARS": "HKD",
    "TAIWANDOLLARS": "TWD", "NEWTAIWANDOLLARS": "TWD", "NEWZEALANDDOLLARS": "NZD",
    "EURO": "EUR", "EUROS": "EUR", "D'EUROS": "EUR", "POUNDS": "GBP",
    "POUNDSSTERLING": "GBP", "STERLING": "GBP", "YEN": "JPY", "YUAN": "CNY",
    "RENMINBI": "CNY", "WON": "KRW", "RUPEES": "INR", "RIYAL": "SAR", "RIYALS": "SAR",
    "DIRHAM": "AED", "DIRHAMS": "AED", "SWISSFRANCS": "CHF", "FRANCS": "CHF",
    "RINGGIT": "MYR", "RM": "MYR", "DH": "AED", "DHS": "AED",
    # (not bare "kroner" or "pesos": several countries write them)
    "REAIS": "BRL", "BRAZILIANREAIS": "BRL", "KRONOR": "SEK", "RUPIAH": "IDR", "RP": "IDR", "IDR": "IDR",
    "$A": "AUD", "$US": "USD", "$NZ": "NZD", "DKR": "DKK", "SKR": "SEK", "NKR": "NOK", "ISK": "ISK",
    "ICELANDICKRONUR": "ISK", "KRONUR": "ISK", "KSH": "KES", "KES": "KES", "KENYANSHILLINGS": "KES", "NGN": "NGN", "₦": "NGN", "NAIRA": "NGN", "EGP": "EGP",
    "EGYPTIANPOUNDS": "EGP", "PKR": "PKR", "PAKISTANIRUPEES": "PKR",
    "ZLOTY": "PLN", "ZLOTYS": "PLN", "ZŁ": "PLN", "ZŁOTY": "PLN", "ZŁOTYS": "PLN", "PLN": "PLN", "BAHT": "THB", "THB": "THB", "RAND": "ZAR", "ZAR": "ZAR", "R": "ZAR",
    "MEXICANPESOS": "MXN", "PHILIPPINEPESOS": "PHP", "LIRA": "TRY", "TURKISHLIRA": "TRY",
    "BD": "BHD", "BHD": "BHD", "BAHRAINIDINARS": "BHD", "KWD": "KWD", "KUWAITIDINARS": "KWD", "OMR": "OMR",
    "OMANIRIALS": "OMR", "CZK": "CZK", "HUF": "HUF", "ILS": "ILS", "SHEKELS": "ILS", "DONG": "VND", "VND": "VND",
    "원": "KRW", "円": "JPY", "엔": "JPY", "元": "CNY", "위안": "CNY", "달러": "USD",
    "美元": "USD", "ドル": "USD",
}


def currency_code(s: str) -> str | None:
    """Map a currency symbol or word as written ("US$", "euros", "₹", "Rs.") to its ISO code."""
    key = re.sub(r"[\s.\-’]", "", s.replace("’", "'")).upper()
    return _CURRENCY_KEYS.get(key)


# ---------------------------------------------------------------------------
# Regex building blocks (strings), compiled once below.

_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3}){2,}(?!\d)|\d+(?:[.,]\d+)?)"
_WORD_NUM = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|zero|one|two|three|four|five|six|seven|eight|nine|ten|a\s+dozen|dozen)(?![\w])"
)
_SCALE_WORD = (
    r"(?:hundred|thousand|millionen|million|billionen|billion|trillion|lakhs?|crores?"
    r"|milliarden?|milliards?|mrd\.?|mio\.?)(?![\w])"
)
# Abbreviations: "bn", "mln" may follow a space; single letters must be attached ("$5b", "100k").
# ("₹3,800 Cr": the Indian press shortens crore)
_SCALE_ABBR = r"(?:\s?(?i:bn|mn|mln|bln|tn|trn|mil|cr)|[kKmMbBT])(?![\w])"
# ("a half-billion-dollar investment", "a quarter-billion-dollar round")
# ("a quarter of a billion dollars")
_ARTICLE = (r"(?:(?:a|an|half\s+a|one\s+and\s+a\s+half|(?:a\s+|one\s+)?quarter\s+of\s+a)"
            r"(?=\s+" + _SCALE_WORD + r")|(?:half|quarter)(?=-" + _SCALE_WORD + r"))")
# A number: digits or words, then up to two scale words or one abbreviation.
_NUM = (
    rf"(?:{_DIGITS}|(?i:{_WORD_NUM}|{_ARTICLE}))"
    rf"(?:(?:\s?-\s?|\s+)(?i:{_SCALE_WORD})(?:(?:\s+|-)(?i:{_SCALE_WORD}))?|{_SCALE_ABBR})?"
)
_NUM_START = r"(?<![\w.,$€£¥₩₹])(?<![A-Za-z]-)"

# ISO codes the press writes before or after an amount ("SEK 4 billion", "4 billion SEK")
CURRENCY_CODES = tuple("USD AUD CAD HKD SGD TWD EUR GBP JPY KRW INR CNY RMB SAR AED CHF BRL QAR MYR NOK SEK DKK MXN IDR PLN THB "
                       "ZAR CZK HUF ILS VND KES NGN EGP PKR ISK BHD KWD OMR".split())
_CODES = "|".join(CURRENCY_CODES)
_PREFIX = (
    # ("$A750 million" and "$US1 billion" in Australia's press, "DKr5.6bn" and "SKr2bn" in the Financial Times)
    r"(?:(?:U\.S\.|USD?)\s?\$|(?<![A-Za-z])(?:AU|A|CA|C|HK|SG|S|NT|NZ|CN|R|MX)\$|\$(?:A|US|NZ)(?=\s?\d)|CN¥|\$|€|£|¥|₩|₹"
    r"|(?<![A-Za-z])(?:DKr|SKr|NKr|Dkr|Skr|Nkr)(?=\s?\d)"
    rf"|(?<![A-Za-z])(?:{_CODES}|NZD|Rs\.?)(?![A-Za-z])"
    # ("RM18 billion" in Malaysia's press, "Dh12.8 billion" in the UAE's, "Rp 15 trillion" in Indonesia's)
    r"|(?<![A-Za-z])(?:RM|Dhs?|Rp|KSh|Ksh)(?=\s?\d)|₦"
    # ("zł 2.9 billion" in Poland's press: the złoty's sign)
    r"|(?<![A-Za-z])zł(?=\s?\d)"
    # ("BD150 million" in Bahrain's press, only before an amount in millions or more)
    r"|(?<![A-Za-z])BD(?=\s?\d[\d.,]*\s?(?:bn|billion|million|mn|m)(?![\w-]))"
    # ("R4.2 billion" in South Africa's press: the rand's sign, only before an amount in millions or more)
    r"|(?<![A-Za-z])R(?=\s?\d[\d.,]*\s?(?:bn|billion|million|mn|m|trillion|tn)(?![\w-])))"
)
# The start of an amount written with its currency first ("$2 billion", "EUR 400 million", "S$850m"), for other stages
AMOUNT_START = _PREFIX + r"\s?\d"
_SUFFIX = (
    r"(?:(?:(?:U\.S\.|US|American|Australian|Canadian|Singapore|Hong\s+Kong|New\s+Taiwan|Taiwan|New\s+Zealand)\s+)?"
    r"(?i:dollars?)|US-Dollars?|d[’']euros|de\s+dollars|(?i:euros?)|Egyptian\s+pounds|Kenyan\s+shillings|naira"
    r"|Pakistani\s+rupees|(?:Bahraini|Kuwaiti)\s+dinars|Omani\s+rials|(?:Icelandic\s+)?kronur|pounds(?:\s+sterling)?|sterling|yen|yuan|renminbi"
    r"|won|rupees|riyals?|dirhams?|Swiss\s+francs|francs|ringgit"
    r"|(?:Norwegian|Swedish|Danish)\s+(?:crowns?|kron(?:er|or|e|a))|kronor|(?:Brazilian\s+)?reais|rupiah|zlotys?|złotys?|zł|baht"
    r"|(?<=illion )rand|(?:Mexican|Philippine)\s+pesos|(?:Turkish\s+)?lira|shekels|(?<=illion )dong"
    r"|(?<=(?:illion|ousand) )pound(?=\s+\(|\s+(?:contract|deal|investment|order|package|programme|program|project|plan"
    r"|loan|facility|fund|lease|commitment))"
    rf"|{_CODES})(?![\w])"
)
# ("$5 billion and $10 billion" is two amounts; "between $5 billion and $10 billion" is a range)
_SEP = r"(?(between)(?:\s?[-–—]\s?|\s+to\s+|\s+and\s+)|(?:\s?[-–—]\s?|\s+to\s+))"

# Product codes ("H100", "GB200", "MI300X") that make "units" a count of chips.
_MODEL_CODE = re.compile(r"[A-Z]{1,3}\d{2,4}[A-Z]{0,2}(?:/\S+)?")

_QUAL_WORDS = {
    "approx": r"about|around|roughly|nearly|approximately|approx\.|some|an\s+estimated|estimated|almost|close\s+to|just\s+under|circa|(?:in|on)\s+the\s+(?:region|order)\s+of|rund|etwa|knapp",
    # (a conditional figure is a cap: "could reach $18 billion if options are exercised")
    "up_to": r"(?:could|may|might|would)\s+(?:(?:eventually|ultimately|potentially)\s+)?(?:reach|(?:rise|grow|climb|increase"
             r"|expand)\s+to)|potentially\s+reaching"
             r"|(?:potential|option)\s+to\s+(?:rise|grow|increase|expand)\s+to"
             # ("an option for a further 250 megawatts": a figure the buyer may take up)
             r"|(?:options?|(?:the\s+)?right)\s+(?:for|on|to\s+(?:add|buy|take|lease|rent))\s+(?:(?:a|an)\s+)?"
             r"(?:(?:further|another|additional)\s+)?"
             r"|up\s+to|as\s+much\s+as|as\s+many\s+as|no\s+more\s+than|not\s+more\s+than|at\s+most|a\s+maximum\s+of|bis\s+zu",
    "at_least": r"at\s+least|more\s+than|over|upwards?\s+of|in\s+excess\s+of|north\s+of|no\s+less\s+than|a\s+minimum\s+of|mehr\s+als|mindestens|über",
}


def _qual_regex(allow_over: bool) -> re.Pattern[str]:
    """Compile the look-back regex for a qualifier ending right before a figure."""
    alts = []
    for name, words in _QUAL_WORDS.items():
        if not allow_over:
            words = words.replace("|over|", "|").replace("|über", "")
        # ("an up-to-$10bn investment": a hedge hyphenated into a modifier)
        alts.append(rf"(?P<{name}>(?<![\w])(?i:{words.replace(chr(92) + 's+', '[' + chr(92) + 's-]+')}))")
    alts.append(r"(?P<tilde>~)")
    return re.compile(r"(?:" + "|".join(alts) + r")(?:\s*|-)$")


_QUAL_BEFORE = _qual_regex(allow_over=True)
_QUAL_BEFORE_DURATION = _qual_regex(allow_over=False)
_QUAL_AFTER = re.compile(r"(?:\+|-plus|\s+or\s+more)(?![\w])")

# Every figure starts at a word start: the guard `(?<![A-Za-z])` lets the regex
# engine skip positions inside words cheaply.
_MONEY = re.compile(
    rf"(?<![A-Za-z])(?P<between>(?i:between|from)\s+)?"
    rf"(?:(?P<cur1>{_PREFIX})\s?|{_NUM_START})(?P<n1>{_NUM})"
    rf"(?:(?P<sep>{_SEP})(?:(?P<cur2>{_PREFIX})\s?)?(?P<n2>{_NUM}))?"
    rf"(?:(?:\s?-\s?|\s+)(?P<suf>{_SUFFIX}))?"
    rf"(?:\s*[(\[]\s*(?i:or\s+|about\s+|approximately\s+|around\s+|roughly\s+|nearly\s+|some\s+|almost\s+|~\s?)?"
    rf"(?:U\.?S\.?\s?\$|\$|USD\s?)\s?(?P<conv>{_NUM})\s*[)\]]"
    rf"|,\s+or\s+(?i:about\s+|approximately\s+|around\s+|roughly\s+|nearly\s+|some\s+)?"
    rf"(?:U\.?S\.?\s?\$|\$|USD\s?)\s?(?P<conv2>{_NUM})(?![\d]))?"
)
_MONEY_MULTI = re.compile(
    rf"(?<![\w-])(?:(?i:multi)[- ]?(?P<m1>(?i:million|billion|trillion))(?:[- ](?P<suf1>{_SUFFIX}))?"
    rf"|(?i:several|a\s+few|multiple)\s+(?i:hundred\s+)?(?P<m2>(?i:thousand|million|billion|trillion))\s+(?P<suf2>{_SUFFIX}))"
)
_MONEY_OOM = re.compile(
    rf"(?<![\w-])(?i:(?:(?P<mul>tens|hundreds)\s+of\s+)?(?P<oom>thousands|millions|billions|trillions))[”\"]?\s+of\s+(?P<suf>{_SUFFIX})"
)

_NOUNS = (
    r"(?P<noun>(?i:chips|microchips|semiconductors|superchips)|GPUs|gpus|(?i:graphics?\s+processing\s+units|graphics\s+processors|graphics\s+cards)"
    r"|CPUs|cpus|(?i:central\s+processing\s+units)|TPUs|(?i:tensor\s+processing\s+units)|NPUs|(?i:processors|accelerators|cores|servers|racks|systems|nodes|wafers"
    r"|data\s+cent(?:er|re)s|datacent(?:er|re)s|data\s+cent(?:er|re)\s+campuses|campuses|units|equivalents)"
    r"|[A-Z]{1,3}\d{2,4}[A-Z]{0,2}s"
    # a compound adjective: "a 60,000-GPU order", "a 30,000-accelerator commitment"
    r"|(?<=-)(?i:GPU|chip|accelerator|processor|CPU|TPU|server|core|wafer)"
    # "a 20,000 GPU order": a singular noun before what is ordered
    r"|(?<=\s)(?:GPU|(?i:chip|accelerator|processor))(?=\s+(?i:orders?|deals?|contracts?|clusters?|purchases?"
    r"|commitments?|deployments?|supercomputers?|fleets?)\b))(?![\w-])"
)
_MOD_STOP = (
    r"(?:of|in|for|per|to|from|with|the|a|an|by|at|on|is|are|was|were|has|have|had|will|would|that|which|who|than|as"
    r"|dollars?|euros?|worth|percent|per\s+cent|GW|MW|gigawatts?|megawatts?|years?|months?|times|square|feet|acres|jobs"
    r"|employees|people|users|homes|words|parameters|tokens|yards?|miles?|within|across|using|used|into|over|under"
    r"|after|before|since|during|while|when|where|each|every|including|like|such)(?![\w])"
)
# A modifier word may hold inner dots ("U.S.") but not end a sentence ("giants."), and the words
# between a number and its noun never cross a line break.
# (a corporate suffix's or "U.S."'s dot stays in the word: "40,000 Nvidia Corp. graphics processors")
# (a product's nickname may be quoted: "30,000 of AMD's “Antares+” MI355X accelerators"; a press release's trademark
# sign stays in the word: "AMD Instinct™ MI355X GPUs")
_MOD_TOKEN = (rf"(?!(?i:{_MOD_STOP}))[“\"]?[A-Za-z](?:[\w’'/+™®]|\.(?=\w))*(?:-(?:[\w’'/+™®]|\.(?=\w))+)*"
              r"(?:(?<=Corp)\.|(?<=Inc)\.|(?<=\.S)\.)?[”\"]?")
# (a product's name may end in its number: "6,000 Gaudi 3 accelerators", "20,000 Maia 200 chips", "RTX PRO 6000",
# "12,000 Ascend 910C processors")
_MOD_TOKEN_NUMBERED = rf"(?=[“\"]?[A-Z]){_MOD_TOKEN}[^\S\n]\d{{1,4}}(?:[A-Z]{{1,2}})?(?![\d,.]?\d)(?=[^\S\n])"
# Up to four words between a number and its noun ("1 million Nvidia Blackwell GPUs"),
# six after "millions of" ("millions of Nvidia's current and next-generation AI chips").
# (a chip's process node: "60,000 3-nanometre wafers", "20,000 2nm wafers")
_NODE = r"\d{1,2}-?(?i:nm|nanometres?|nanometers?)(?![\w-])"
_NODE_RE = re.compile(_NODE)
_YEAR_LIKE = re.compile(r"(?:19|20)\d\d")  # a number that reads as a year
_COUNTED = (rf"(?:\s+of)?(?:\s+(?i:the|its|their))?(?P<mods>(?:[^\S\n]+(?:{_MOD_TOKEN_NUMBERED}|{_MOD_TOKEN}|{_NODE})){{0,4}}?)"
            rf"(?:[^\S\n]+|(?<=[\dkK])-(?=\w+(?![\w-])(?!\s+(?i:per|apiece|each|racks?|systems?|servers?|nodes?|trays?|boards?|pods?|chassis|instances?|modules?)\b)))"
            rf"{_NOUNS}")  # (not "a 72-GPU rack": a rack's spec)
_COUNTED_OOM = _COUNTED.replace("{0,4}", "{0,6}")
_QUANTITY = re.compile(
    rf"(?<![A-Za-z])(?P<between>(?i:between)\s+)?{_NUM_START}(?P<n1>{_NUM})(?P<plus>\+)?(?:(?P<sep>{_SEP})(?P<n2>{_NUM}))?"
    rf"{_COUNTED}"
)
_QUANTITY_OOM = re.compile(
    rf"(?<![\w-])(?:(?i:(?:(?P<mul>tens|hundreds)\s+of\s+)?(?P<oom>thousands|millions|billions))[”\"]?\s+of"
    rf"|(?P<multi>(?i:several|a\s+few|multiple)\s+(?i:hundred\s+)?(?i:thousand|million)))"
    rf"{_COUNTED_OOM}"
)

_POWER_UNIT = r"(?:GW|MW|(?i:gigawatts?|megawatts?))(?![\w])"
_POWER = re.compile(
    rf"(?<![A-Za-z])(?P<between>(?i:between)\s+)?{_NUM_START}(?P<n1>{_NUM}|(?<!of )(?i:a|one)(?=\s+(?i:giga|mega)watt))(?:\s?-?\s?(?P<u1>{_POWER_UNIT}))?"
    rf"(?:(?P<sep>{_SEP})(?P<n2>{_NUM}))?\s?-?\s?(?P<u>{_POWER_UNIT})"
)
# "three-quarters of a gigawatt", "half a gigawatt", "a third of a gigawatt"
_FRACTIONS = {"three quarters": 0.75, "three quarter": 0.75, "two thirds": 2 / 3, "two third": 2 / 3, "one third": 1 / 3,
              "a third": 1 / 3, "one quarter": 0.25, "a quarter": 0.25, "one half": 0.5, "a half": 0.5, "half": 0.5,
              "quarter": 0.25}
_POWER_FRACTION = re.compile(
    r"(?<![\w-])(?P<frac>(?i:three[- ]quarters?|two[- ]thirds?|one[- ]third|a\s+third|one[- ]quarter|a\s+quarter|one[- ]half"
    r"|a\s+half|half))(?:\s+of)?\s+(?i:a|an|one)\s+(?P<u>(?i:gigawatt|megawatt))(?![\w])"
    # not a comparison: "a third of a gigawatt more than" (but "half a gigawatt more of its systems" is more bought)
    r"(?!\s+(?i:(?:more|less|fewer)\s+than|larger|smaller|bigger)\b)"
    # ("a quarter-gigawatt wind deal", "its half-gigawatt campus")
    r"|(?<![\w-])(?P<frac2>(?i:quarter|half))-(?P<u2>(?i:gigawatt|megawatt))(?![\w-])"
)
_POWER_VAGUE = re.compile(
    rf"(?<![\w-])(?:(?P<multi>(?i:several|multiple|a\s+few)\s+|(?i:multi)-?)|(?P<mul>(?i:tens|hundreds))\s+of\s+)(?P<u>{_POWER_UNIT})"
)

_DUR_UNIT = r"(?i:years?|yrs?|months?|decades?)"
_DURATION = re.compile(
    rf"(?<![A-Za-z])(?P<between>(?i:between)\s+)?{_NUM_START}(?P<n1>{_DIGITS}|(?i:{_WORD_NUM}|half\s+a|a)(?=[\s-]+(?i:decade))|(?i:{_WORD_NUM}))"
    rf"(?:(?P<sep>{_SEP}|-to-)(?P<n2>{_DIGITS}|(?i:{_WORD_NUM})))?[\s-]+(?P<u>{_DUR_UNIT})(?![\w])(?P<old>[\s-]+old)?"
)
# "a decade-long lease" (not "a decade-long relationship" or "search": the term of a deal, named as one)
_DECADE_LONG = re.compile(r"(?<![\w-])(?i:decade)[-\s]long(?=\s+(?:[\w-]+\s+){0,2}?(?i:lease|contract|agreement|deal|ppa"
                          r"|power\s+purchase|partnership|arrangement|commitment|term|supply|offtake|pact)s?\b)")
_DURATION_MULTI = re.compile(r"(?<![\w-])(?i:multi-?(?:year|decade))(?![\w])")
_UNTIL = re.compile(
    r"(?<![\w-])(?i:through|thru|until|till|by|through\s+the\s+end\s+of|by\s+the\s+end\s+of|until\s+the\s+end\s+of)\s+"
    r"(?P<y>(?:19|20)\d\d)(?![\d%]|[.,]\d|[-/–]\d|\s*(?:%|percent))"
)
_KOREAN_DURATION = re.compile(r"(?<!\d)(?P<y>\d{1,2})\s?년\s?(?P<m>\d{1,2})\s?개월")
_CJK_MONEY = re.compile(
    r"(?<![\d.,])\d[\d,.]*\s?[조兆억億亿만万萬천千]{1,2}(?:\s?\d[\d,.]*\s?[조兆억億亿만万萬천千]{1,2}){0,4}(?:\s?\d[\d,.]*)?"
    r"\s?(?P<c>원|円|엔|元|위안|달러|美元|ドル)"
)

# Words that, capitalised right before a small number, are not a product name.
_FUNCTION_WORDS = frozenset(
    "the these those all some about around only just over nearly roughly another its their our "
    "his her and or with of to for in on by at from than more buy bought add added deploy "
    "deployed install installed using use uses january february march april may june july august september "
    "october november december".split()
)
_PREV_WORD = re.compile(r"([A-Za-z][\w’'-]*)\s$")


# ---------------------------------------------------------------------------
# Extraction

_Candidate = tuple[int, int, Figure]


def _qualifier_before(text: str, start: int, duration: bool = False) -> tuple[str | None, int]:
    """Return the qualifier that ends right before `start`, and where it begins."""
    regex = _QUAL_BEFORE_DURATION if duration else _QUAL_BEFORE
    m = regex.search(text, max(0, start - 32), start)
    if not m:
        return None, start
    if m.group("up_to") and m.group("up_to")[:3].lower() in ("opt", "rig") \
            and re.search(r"\bexercis\w*\s+(?:an?|the|its|their)?\s*$", text[max(0, m.start() - 30): m.start()], re.I):
        return None, start  # "exercised an option for a further 250 MW": taken up, no longer a cap
    if m.group("tilde"):
        return "approx", m.start()
    for name in ("approx", "up_to", "at_least"):
        if m.group(name):
            return name, m.start()
    return None, start


def _qualifier_after(text: str, end: int) -> int | None:
    """Return the end of a trailing "+", "-plus" or "or more" at `end`."""
    m = _QUAL_AFTER.match(text, end)
    return m.end() if m else None


def _has_scale(num_text: str) -> float | None:
    """Return the multiplier of the last scale word or abbreviation in `num_text`, if any."""
    tokens = _NUMBER_TOKEN.findall(num_text.lower())
    mult = None
    for tok in tokens:
        if tok in _SCALES and not tok[0].isdigit():
            mult = (mult or 1.0) * _SCALES[tok]
    return mult


def _range_values(n1: str, n2: str) -> tuple[float, float] | None:
    """Parse both ends of a range, carrying the high end's scale to a bare low end."""
    low, high = parse_number(n1), parse_number(n2)
    if low is None or high is None:
        return None
    s1, s2 = _has_scale(n1), _has_scale(n2)
    if s1 is None and s2 is not None:
        low *= s2
    elif s2 is None and s1 is not None:
        high *= s1
    if low >= high:
        return None
    return low, high


def _finish(
    text: str, kind: str, unit: str, start: int, end: int, value: float | None,
    qualifier: str, low: float | None = None, high: float | None = None,
    currency: str | None = None, usd: float | None = None, allow_over: bool = True,
) -> _Candidate:
    """Attach a qualifier found before or after the span and build the candidate."""
    if qualifier == Qualifier.EXACT:
        q, qstart = _qualifier_before(text, start, duration=not allow_over)
        if q:
            qualifier, start = q, qstart
        elif kind != FigureKind.DURATION:
            after = _qualifier_after(text, end)
            if after is not None:
                qualifier, end = Qualifier.AT_LEAST, after
    fig = Figure(
        kind=kind, unit=unit, text=text[start:end], start=start, end=end, value=value,
        low=low, high=high, qualifier=qualifier, currency=currency, usd=usd,
    )
    return start, end, fig


_DOLLAR_COUNTRIES = {"canadian": "CAD", "australian": "AUD", "singapore": "SGD", "new zealand": "NZD", "hong kong": "HKD"}
_DOLLARS_NAMED_AFTER = re.compile(r"\s*\((canadian|australian|singapore|new\s+zealand|hong\s+kong)(?:\s+dollars?)?\)", re.I)


_CHANGE_BEFORE = re.compile(r"\b(?:expand|increas|rais|grow|grew|boost|lift|cut|reduc|lower|doubl|tripl|climb|jump|ris|rose|"
                            r"fell|fall|drop|revis|upsiz|scal)\w*\b[^.;]{0,40}\bfrom\s+$", re.I)


# ("expanding from 40 MW to 110 MW": a site's size changes; not "clusters will need from 200 MW to 400 MW each")
SIZE_CHANGE_BEFORE = re.compile(r"\b(?:expand|increas|lift|boost|scal|upsiz|doubl|tripl|cut|reduc)\w*\b[^.;]{0,60}\bfrom\s+$",
                                 re.I)


def _on_money(text: str, m: re.Match[str]) -> Iterator[_Candidate]:
    """Candidates from one match of _MONEY."""
    cur1, cur2, suf = m.group("cur1"), m.group("cur2"), m.group("suf")
    if not (cur1 or cur2 or suf):
        return
    code = currency_code(cur1 or cur2 or suf or "")
    if code is None:
        return
    if code == "JPY" and suf and currency_code(suf) == "CNY":
        code = "CNY"
    start = m.start()
    low = high = value = None
    qualifier = Qualifier.EXACT
    n2 = m.group("n2")
    end = m.end("suf") if suf else m.end("n2") if n2 else m.end("n1")
    if code == "USD" and (cur1 or cur2 or "").strip() == "$":
        # "$800 million Australian dollars", "$5.5-billion (Canadian)": another country's dollars, named after the amount
        if suf and currency_code(suf) not in (None, "USD"):
            code = currency_code(suf) or code
        elif (named := _DOLLARS_NAMED_AFTER.match(text, end)) is not None:
            code, end = _DOLLAR_COUNTRIES[" ".join(named.group(1).lower().split())], named.end()
    rng = _range_values(m.group("n1"), n2) if n2 else None
    sep = (m.group("sep") or "").strip()
    if rng and sep in ("to", "and") and not (cur2 or _has_scale(n2) or suf):
        rng = None  # "$5 billion to 10 companies"
    opener = (m.group("between") or "").strip().lower()
    if rng and opener and sep != ("and" if opener == "between" else "to"):
        rng = None
    first = m.start("cur1") if cur1 else m.start("n1")
    if rng and sep == "to" and _CHANGE_BEFORE.search(text, max(0, first - 60), first):
        # "expanded from $5 billion to $25 billion": two amounts, before and after, not a range
        second = m.start("cur2") if cur2 else m.start("n2")
        for lo, hi, amount in ((first, m.end("n1"), rng[0]), (second, end, rng[1])):
            yield _finish(text, FigureKind.MONEY, code, lo, hi, amount, Qualifier.EXACT, None, None, code,
                          amount if code == "USD" else None)
        return
    if n2 and rng is None:
        if not cur1:
            return
        end = m.end("n1")
    if rng:
        low, high = rng
        qualifier = Qualifier.RANGE
    else:
        value = parse_number(m.group("n1"))
        if value is None:
            return
        if m.group("between"):
            start = m.end("between")
    usd = None
    conv = m.group("conv") or m.group("conv2")
    if code == "USD":
        usd = value
    elif conv and value is not None and not (n2 and rng is None):
        # "9 trillion won ($6.26 billion)": the stated conversion is the figure's USD value, and the text's
        # "$6.26 billion" is a figure of its own, found from its own "$"
        usd = parse_number(conv)
    yield _finish(text, FigureKind.MONEY, code, start, end, value, qualifier, low, high, code, usd)


def _on_money_multi(text: str, m: re.Match[str]) -> Iterator[_Candidate]:
    """Candidates from one match of _MONEY_MULTI."""
    suf = m.group("suf1") or m.group("suf2")
    code = currency_code(suf) if suf else "USD"
    if code is None:
        return
    yield m.start(), m.end(), Figure(
        kind=FigureKind.MONEY, unit=code, text=m.group(0), start=m.start(), end=m.end(),
        qualifier=Qualifier.MULTI, currency=code,
    )


def _on_money_oom(text: str, m: re.Match[str]) -> Iterator[_Candidate]:
    """Candidates from one match of _MONEY_OOM."""
    code = currency_code(m.group("suf"))
    if code is None:
        return
    value = _SCALES[m.group("oom").lower()[:-1]] * _MULTIPLES.get((m.group("mul") or "").lower(), 1)
    yield m.start(), m.end(), Figure(
        kind=FigureKind.MONEY, unit=code, text=m.group(0), start=m.start(), end=m.end(), value=value,
        qualifier=Qualifier.ORDER_OF_MAGNITUDE, currency=code, usd=value if code == "USD" else None,
    )


def _on_cjk_money(text: str, m: re.Match[str]) -> Iterator[_Candidate]:
    """Candidates from one match of _CJK_MONEY."""
    code = _CURRENCY_KEYS[m.group("c")]
    value = _parse_cjk_number(text[m.start():m.start("c")])
    if not value:
        return
    yield _finish(text, FigureKind.MONEY, code, m.start(), m.end(), value, Qualifier.EXACT, currency=code,
                  usd=value if code == "USD" else None)


_SINGULAR = {"gpu": "gpus", "chip": "chips", "accelerator": "accelerators", "processor": "processors", "cpu": "cpus",
             "tpu": "tpus", "server": "servers", "core": "cores", "wafer": "wafers"}


_ONE_OF = re.compile(r"(?i:one)\s+of\b")
# ("units of its in-house AI semiconductor, the TPU"; not "units of GPU-accelerated servers", "units of housing for chip
# workers", "units of smartphones with Qualcomm chips")
_OF_THE = r"\s+of\s+(?:(?:the|its|their|those|these)\s+)?"  # "units of its ..."
_CHIP_NOUN = r"(?:GPUs?|chips?|accelerators?|processors?|TPUs?"  # (closed by each pattern)
_UNITS_OF_CHIPS = re.compile(_OF_THE + r"(?:(?!(?:with|for|HBM|memory|DRAM|NAND)\b)[\w'’-]+,?\s+){0,3}?"
                             + _CHIP_NOUN + r"|semiconductors?|superchips?)(?![\w-])"
                             # (the chip word a noun's modifier: "units of housing near the chip plants")
                             r"(?!\s+(?:workers|makers?|making|equipment|plants?|factor(?:y|ies)|fabs?|industry|sector"
                             r"|companies|firms|designers?|shortages?|stocks?|demand|markets?|tools?|packaging|servers?"
                             r"|racks?|systems?|modules?|boards?|cards?|clusters?)\b)", re.I)
_UNITS_OF_ELSE = re.compile(r"\s+of\s+(?!(?:(?:the|its|their|those|these)\s+)?(?:[\w-]+\s+){0,2}?" + _CHIP_NOUN
                            + r"|servers?)\b)", re.I)
_GROWN_TO = re.compile(r"\b(?:to|by)\s+(?:(?:about|roughly|around|some|nearly|as\s+many\s+as|more\s+than)\s+)?$", re.I)
_LAST_SENTENCE_END = re.compile(r".*[.!?][\"”’)]*\s+(?=[A-Z\"“])", re.S)


def _quantity_unit(m: re.Match[str]) -> str | None:
    """Normalise the counted noun; None when it does not count hardware."""
    noun = re.sub(r"\s+", " ", m.group("noun")).lower()
    noun = _SINGULAR.get(noun, noun)
    if noun in ("units", "equivalents"):
        mods = m.group("mods").split()
        if mods and _MODEL_CODE.fullmatch(mods[-1]):
            return "chips"
        if not mods and _UNITS_OF_CHIPS.match(m.string, m.end()):
            return "chips"  # "up to 1 million units of its in-house AI semiconductor, the TPU"
        if any(mod[:1].islower() for mod in mods) or _UNITS_OF_ELSE.match(m.string, m.end()):
            return None  # "4,000 cooling units", "3,000 residential units", "230 million units of its iPhone"
        # "expand its GPU count to at least 1 million units": the units are the chips named just before
        before = m.string[max(0, m.start() - 40): m.start()]
        if not mods and _GROWN_TO.search(before):
            # ("1,024 Gaudi 3 accelerators ..., who said the order could grow to 4,096 units": the same count, grown)
            before = m.string[max(0, m.start() - 160): m.start()]
            before = before[end.end():] if (end := _LAST_SENTENCE_END.search(before)) else before
        return "chips" if re.search(r"\b(GPU|chip|accelerator|processor|TPU)s?\b", before, re.I) else None
    if noun in ("chips", "microchips", "semiconductors", "superchips"):
        return "chips"
    if noun in ("gpus", "graphics processing units", "graphic processing units", "graphics processors", "graphics cards"):
        return "GPUs"
    if noun in ("cpus", "central processing units"):
        return "CPUs"
    if noun in ("tpus", "tensor processing units"):
        return "TPUs"
    if noun in ("npus",):
        return "accelerators"
    if "cent" in noun or noun == "campuses":
        return "data centers"
    if re.fullmatch(r"[a-z]{1,3}\d{2,4}[a-z]{0,2}s", noun):
        return "chips"
    return noun


def _is_generation(text: str, start: int, n1: str) -> bool:
    """True for "Graviton 5 chips" and "RTX PRO 6000 GPUs": a product's number, not a count.

    A small bare number right after a capitalised word, or a number written without a thousands
    separator right after an all-capitals word, names a product.
    """
    if re.fullmatch(r"\d{2,4}[BM]", n1):
        # "Ascend 910B chips": a product's number with its letter, not 910 billion chips
        prev = _PREV_WORD.search(text, max(0, start - 30), start)
        return bool(prev and prev.group(1)[0].isupper() and prev.group(1).lower() not in _FUNCTION_WORDS)
    if not n1.isdigit():
        return False
    prev = _PREV_WORD.search(text, max(0, start - 30), start)
    if not prev or not prev.group(1)[0].isupper() or prev.group(1).lower() in _FUNCTION_WORDS:
        return False
    word = prev.group(1)
    # a capitalised word inside a sentence names a product up to three digits ("Microsoft's Maia 200 chips"); at
    # a sentence's start it may be any word ("Approximately 500 GPUs")
    inside = re.search(r"[\w,’'\-–—:]\s+$", text[max(0, prev.start() - 3): prev.start()]) is not None
    return (int(n1) < (1000 if inside else 100)
            or (len(n1) <= 4 and len(word) >= 2 and word.isupper() and word.isalpha()))


def _on_quantity(text: str, m: re.Match[str]) -> Iterator[_Candidate]:
    """Candidates from one match of _QUANTITY."""
    unit = _quantity_unit(m)
    if unit is None:
        return
    start = m.start()
    n1, n2 = m.group("n1"), m.group("n2")
    if _is_generation(text, m.start("n1"), n1):
        return
    if _YEAR_LIKE.fullmatch(n1) and _NODE_RE.search(m.group("mods") or ""):
        return  # "By 2026 3nm wafers will ...": a year before a process node
    rng = _range_values(n1, n2) if n2 else None
    if n2 and rng is None:
        return
    if m.group("between") and not (rng and m.group("sep").strip() == "and"):
        return
    if rng:
        yield _finish(text, FigureKind.QUANTITY, unit, start, m.end(), None, Qualifier.RANGE, rng[0], rng[1])
        return
    if _ONE_OF.match(text, m.start("n1")):
        return  # "one of the largest accelerator orders": a member of a set, no count
    value = parse_number(n1)
    if value is None or (value < 1000 and text[m.start("noun") - 1] == "-"):
        return  # (a compound under a thousand sizes one machine: "a 256-chip pod", "an 8-GPU server")
    candidate = _finish(text, FigureKind.QUANTITY, unit, start, m.end(), value, Qualifier.EXACT)
    if m.group("plus") and candidate[2].qualifier == Qualifier.EXACT:
        candidate[2].qualifier = Qualifier.AT_LEAST  # "260,000+ GPUs"
    yield candidate


def _on_quantity_oom(text: str, m: re.Match[str]) -> Iterator[_Candidate]:
    """Candidates from one match of _QUANTITY_OOM."""
    unit = _quantity_unit(m)
    if unit is None:
        return
    if m.group("multi"):
        yield m.start(), m.end(), Figure(
            kind=FigureKind.QUANTITY, unit=unit, text=m.group(0), start=m.start(), end=m.end(), qualifier=Qualifier.MULTI
        )
        return
    value = _SCALES[m.group("oom").lower()[:-1]] * _MULTIPLES.get((m.group("mul") or "").lower(), 1)
    yield m.start(), m.end(), Figure(
        kind=FigureKind.QUANTITY, unit=unit, text=m.group(0), start=m.start(), end=m.end(), value=value,
        qualifier=Qualifier.ORDER_OF_MAGNITUDE,
    )


def _power_unit(u: str) -> str:
    """Normalise a power unit to "GW" or "MW"."""
    return "GW" if u.lower().startswith("g") else "MW"


_SIZE_CLASS = re.compile(r"-(?:scale|class|size|sized|level|plus)\b", re.I)


def _on_power(text: str, m: re.Match[str]) -> Iterator[_Candidate]:
    """Candidates from one match of _POWER."""
    unit = _power_unit(m.group("u"))
    if m.group("u1") and _power_unit(m.group("u1")) != unit:
        return
    n2 = m.group("n2")
    if n2:
        rng = _range_values(m.group("n1"), n2)
        if rng is None or (m.group("between") and m.group("sep").strip() != "and"):
            return
        if m.group("sep").strip() == "to" and SIZE_CHANGE_BEFORE.search(text, max(0, m.start() - 90), m.start()):
            # "expanding from 40 MW to 110 MW": the size before and after, not a range
            first_end = m.end("u1") if m.group("u1") else m.end("n1")
            yield _finish(text, FigureKind.POWER, unit, m.start(), first_end, rng[0], Qualifier.EXACT)
            yield _finish(text, FigureKind.POWER, unit, m.start("n2"), m.end(), rng[1], Qualifier.EXACT)
            return
        yield _finish(text, FigureKind.POWER, unit, m.start(), m.end(), None, Qualifier.RANGE, rng[0], rng[1])
        return
    if m.group("u1"):
        return
    if m.group("n1").lower() in ("a", "one") and _SIZE_CLASS.match(text, m.end()):
        return  # "a gigawatt-scale AI cloud": a size class, not an amount
    value = parse_number(m.group("n1")) if m.group("n1").lower() not in ("a", "one") else 1.0
    if value is None:
        return
    start = m.end("between") if m.group("between") else m.start()
    yield _finish(text, FigureKind.POWER, unit, start, m.end(), value, Qualifier.EXACT)


def _on_power_fraction(text: str, m: re.Match[str]) -> Iterator[_Candidate]:
    """Candidates from one match of _POWER_FRACTION."""
    fraction = _FRACTIONS[re.sub(r"[\s-]+", " ", (m.group("frac") or m.group("frac2")).lower())]
    yield _finish(text, FigureKind.POWER, _power_unit(m.group("u") or m.group("u2")), m.start(), m.end(), fraction,
                  Qualifier.EXACT)


def _on_power_vague(text: str, m: re.Match[str]) -> Iterator[_Candidate]:
    """Candidates from one match of _POWER_VAGUE."""
    unit = _power_unit(m.group("u"))
    if m.group("mul"):
        value = _MULTIPLES[m.group("mul").lower()]
        yield m.start(), m.end(), Figure(
            kind=FigureKind.POWER, unit=unit, text=m.group(0), start=m.start(), end=m.end(), value=value,
            qualifier=Qualifier.ORDER_OF_MAGNITUDE,
        )
    else:
        yield m.start(), m.end(), Figure(
            kind=FigureKind.POWER, unit=unit, text=m.group(0), start=m.start(), end=m.end(), qualifier=Qualifier.MULTI
        )


def _duration_value(n: str, unit: str) -> tuple[float | None, str]:
    """Parse a duration number and normalise its unit to years or months."""
    value = parse_number(n)
    u = unit.lower()
    if u.startswith("decade"):
        return (value * 10 if value is not None else None), "years"
    if u.startswith("month"):
        return value, "months"
    return value, "years"


_ELAPSED_BEFORE = re.compile(r"\b(?:(?:in|over|during)\s+the\s+(?:past|last|previous|first)|in\s+(?:just|only)|just|only"
                             # "its sixth debt raise in two years": a count of events over a time
                             r"|(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+(?:[\w-]+\s+){0,3}in"
                             r"|stretch(?:es|ed)?\s+back(?:\s+(?:more\s+than|over|nearly|almost))?"
                             # ("a relationship that dates back more than eight years")
                             r"|dat(?:es|ed|ing)\s+back(?:\s+(?:more\s+than|over|nearly|almost|some|about))?)\s+$", re.I)
# (and a lead or a delay: "two months ahead of schedule", "six weeks behind plan"; not "15 years ahead of the opening")
_ELAPSED_AFTER = re.compile(r"\s+(?:after|ago|before|earlier|later|since"
                            r"|(?:ahead\s+of|behind)\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,2}?(?:schedule|plan|target"
                            r"|timetable|deadline)s?)\b", re.I)


# "extend it by 20 years", "an option to extend for a further five years": an option, not the term agreed
_EXTEND_BY = re.compile(r"\bextend(?:s|ed|ing)?\b[^.;]{0,40}\bby\s+(?:as\s+many\s+as\s+|up\s+to\s+|another\s+|an\s+additional\s+)?$"
                        r"|\b(?:extend(?:s|ed|ing|able)?|renew(?:s|ed|ing|able)?)\b[^.;]{0,40}\bfor\s+(?:a\s+further|another"
                        r"|an\s+additional)\s+$"
                        r"|\boptions?\s+to\s+(?:extend|renew)\b[^.;]{0,40}\b(?:by|for)\s+(?:up\s+to\s+)?$", re.I)
# "two five-year extensions", "a 20-year property tax abatement": an option or a tax break, not the term agreed
_OPTION_AFTER = re.compile(r"\s+(?:renewal\s+|extension\s+)?(?:extensions?|renewals?|options?)\b"
                           # ("caps a seven-year ownership of Aligned", "a decade-long history": time that has passed)
                           r"|[\s-]+(?:ownership|history|tenure|track\s+record|stint|career|friendship)\b(?![\s-]+(?:agreement|contract"
                           r"|deal|making))"
                           r"|\s+(?:(?:property|state|local|county|sales|school|federal)\s+)?tax\s+(?:abatements?|breaks?"
                           r"|exemptions?|incentives?|credits?)\b|\s+abatements?(?![\w-])", re.I)


def _on_duration(text: str, m: re.Match[str]) -> Iterator[_Candidate]:
    """Candidates from one match of _DURATION."""
    if m.group("old"):
        return  # an age: "28-year-old"
    if _ELAPSED_BEFORE.search(text, max(0, m.start() - 25), m.start()) or _ELAPSED_AFTER.match(text, m.end()):
        return  # time that has passed ("in the past 12 months", "five months after"), not a deal's term
    if _OPTION_AFTER.match(text, m.end()) or _EXTEND_BY.search(text, max(0, m.start() - 60), m.start()):
        return  # "two five-year extensions", "extend it by 20 years": an option to extend, not the term agreed
    n1, n2, u = m.group("n1"), m.group("n2"), m.group("u")
    if n1.isdigit() and len(n1) == 4 and not n2:
        return  # "2025 years" is not a period we care about
    if n2:
        low, unit = _duration_value(n1, u)
        high, _ = _duration_value(n2, u)
        if low is None or high is None or low >= high:
            return
        if m.group("between") and m.group("sep").strip() != "and":
            return
        yield _finish(text, FigureKind.DURATION, unit, m.start(), m.end(), None, Qualifier.RANGE, low, high, allow_over=False)
        return
    value, unit = _duration_value(n1, u)
    if value is None:
        return
    start = m.end("between") if m.group("between") else m.start()
    yield _finish(text, FigureKind.DURATION, unit, start, m.end(), value, Qualifier.EXACT, allow_over=False)


def _on_decade_long(text: str, m: re.Match[str]) -> Iterator[_Candidate]:
    """Candidates from one match of _DECADE_LONG: "a decade-long lease" is ten years."""
    if _ELAPSED_AFTER.match(text, m.end()):
        return
    yield _finish(text, FigureKind.DURATION, "years", m.start(), m.end(), 10.0, Qualifier.EXACT, allow_over=False)


def _on_duration_multi(text: str, m: re.Match[str]) -> Iterator[_Candidate]:
    """Candidates from one match of _DURATION_MULTI."""
    unit = "years"
    yield m.start(), m.end(), Figure(
        kind=FigureKind.DURATION, unit=unit, text=m.group(0), start=m.start(), end=m.end(), qualifier=Qualifier.MULTI
    )


def _on_until(text: str, m: re.Match[str]) -> Iterator[_Candidate]:
    """Candidates from one match of _UNTIL."""
    yield m.start(), m.end(), Figure(
        kind=FigureKind.DURATION, unit="until", text=m.group(0), start=m.start(), end=m.end(),
        value=float(m.group("y")),
    )


def _on_korean_duration(text: str, m: re.Match[str]) -> Iterator[_Candidate]:
    """Candidates from one match of _KOREAN_DURATION."""
    value = int(m.group("y")) + int(m.group("m")) / 12
    yield m.start(), m.end(), Figure(
        kind=FigureKind.DURATION, unit="years", text=m.group(0), start=m.start(), end=m.end(), value=round(value, 2)
    )


def _resolve(cands: list[_Candidate]) -> list[Figure]:
    """Keep non-overlapping figures, preferring the longer span where two overlap."""
    cands.sort(key=lambda c: (c[0], c[0] - c[1]))
    out: list[_Candidate] = []
    for c in cands:
        if c[1] <= c[0]:
            continue
        if not out or c[0] >= out[-1][1]:
            out.append(c)
        elif c[1] - c[0] > out[-1][1] - out[-1][0]:
            out.pop()
            while out and out[-1][1] > c[0]:
                out.pop()
            out.append(c)
    return [c[2] for c in out]


# Places where a figure can start: a digit, a currency sign, or a word that
# opens one. Scanning for these first and trying only the patterns that can
# start there is several times faster than running every pattern everywhere.
_SIGN_ANCHOR = re.compile(r"\d[\d.,]*|[$€£¥₩₹₦]|(?<![A-Za-z])zł")
# Word anchors: a dict lookup per ASCII word is about three times faster than
# one regex alternation of all the opening words.
_WORD = re.compile(r"[A-Za-z]+")
_WORD_KIND: dict[str, str] = {}
for _kind, _words in (
    ("number", "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
               "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety zero dozen half quarter"
               " between"),
    ("multi", "several multiple"),
    ("oom", "tens hundreds thousands millions billions trillions"),
    ("until", "through thru until till by"),
    ("from", "from"),
    ("article", "a an"),
    ("decade", "decade"),
):
    for _w in _words.split():
        _WORD_KIND[_w] = _WORD_KIND[_w.capitalize()] = _kind
for _w in (*CURRENCY_CODES, "NZD", "Rs", "RM", "Dh", "Dhs", "Rp", "BD", "KSh", "Ksh", "DKr", "SKr", "NKr", "Dkr", "Skr", "Nkr"):
    _WORD_KIND[_w] = "currency"
for _w in "U US A AU C CA HK S SG NT NZ CN R MX".split():
    _WORD_KIND[_w] = "dollar"
_LETTER_DOLLAR = re.compile(r"(?:U\.S\.|[A-Z]{1,2})\s?[$¥]")
_AFTER_ARTICLE = re.compile(
    r"\s+(?:(?P<few>few)|hundred|thousand|million|billion|trillion|lakh|crore|dozen|decade|gigawatt|megawatt"
    r"|(?:quarter|third|half)\s+of\s+an?\s+(?:giga|mega)watt)"
)


def _word_anchors(text: str) -> Iterator[tuple[int, str]]:
    """Yield (position, anchor kind) for each word that can open a figure."""
    for w in _WORD.finditer(text):
        word = w.group()
        kind = _WORD_KIND.get(word)
        if kind is None:
            if word[:5] in ("multi", "Multi"):
                yield w.start(), "multi"
            continue
        if kind == "dollar":
            if _LETTER_DOLLAR.match(text, w.start()) is not None:
                yield w.start(), "currency"
                continue
            if word == "R" and text[w.end(): w.end() + 2].strip()[:1].isdigit():
                yield w.start(), "currency"  # "R4.2 billion": the rand
                continue
            if word != "A":
                continue
            kind = "article"  # "A million GPUs"
        if kind == "article":
            after = _AFTER_ARTICLE.match(text, w.end())
            if after is None:
                continue
            kind = "multi" if after.group("few") else "number"
        yield w.start(), kind


_Patterns = tuple[tuple[re.Pattern[str], Callable[[str, re.Match[str]], Iterator[_Candidate]]], ...]
_NUMBER_PATTERNS: _Patterns = ((_MONEY, _on_money), (_QUANTITY, _on_quantity), (_POWER, _on_power), (_DURATION, _on_duration))
_DISPATCH: dict[str, _Patterns] = {
    "digit": (*_NUMBER_PATTERNS, (_CJK_MONEY, _on_cjk_money), (_KOREAN_DURATION, _on_korean_duration)),
    "currency": ((_MONEY, _on_money),),
    "number": (*_NUMBER_PATTERNS, (_POWER_FRACTION, _on_power_fraction)),
    "multi": (
        (_MONEY_MULTI, _on_money_multi), (_QUANTITY_OOM, _on_quantity_oom),
        (_POWER_VAGUE, _on_power_vague), (_DURATION_MULTI, _on_duration_multi),
    ),
    "oom": ((_MONEY_OOM, _on_money_oom), (_QUANTITY_OOM, _on_quantity_oom), (_POWER_VAGUE, _on_power_vague)),
    "until": ((_UNTIL, _on_until),),
    "from": ((_MONEY, _on_money),),
    "decade": ((_DECADE_LONG, _on_decade_long),),
}


def _try(text: str, pos: int, patterns: _Patterns, cands: list[_Candidate]) -> None:
    """Run `patterns` anchored at `pos`, adding their candidates to `cands`."""
    for regex, handler in patterns:
        m = regex.match(text, pos)
        if m is not None:
            cands.extend(handler(text, m))


def extract_figures(text: str) -> list[Figure]:
    """Find money, quantity, power and duration figures in `text`, sorted by start."""
    if not isinstance(text, str) or not text:
        return []
    original = text
    if _HYPHENS.search(text):
        # Typeset hyphens ("five\u2011year", "US\u2010based") read as "-"; one character for one keeps every offset.
        text = _HYPHENS.sub("-", text)
    cands: list[_Candidate] = []
    digit, currency = _DISPATCH["digit"], _DISPATCH["currency"]
    for anchor in _SIGN_ANCHOR.finditer(text):
        _try(text, anchor.start(), digit if anchor.group(0)[0].isdigit() else currency, cands)
    for pos, kind in _word_anchors(text):
        _try(text, pos, _DISPATCH[kind], cands)
    figures = _resolve(cands)
    for fig in figures:
        if fig.kind != FigureKind.MONEY:
            continue
        if (fig.value or fig.high or 0) < 100_000 and (_STOCK_QUOTE.search(text, max(0, fig.start - 50), fig.start)
                                                       or _STOCK_AFTER.match(text, fig.end)):
            # "shares rose 4% to $168.20", "a record high of $108.17 in morning trading": a stock's price
            fig.kind, fig.unit = FigureKind.PRICE, f"{fig.currency or fig.unit}/share"
        elif per := _PER_UNIT.match(text, fig.end):
            # "$87.20 per share", "$25,000 per GPU": a price per unit, not an amount that changes hands
            fig.kind, fig.unit = FigureKind.PRICE, f"{fig.currency or fig.unit}/{(per.group('unit') or 'unit').lower()}"
        elif before := _PRICE_BEFORE.search(text, max(0, fig.start - 60), fig.start):
            # "Friday's closing price of $92.98", "each H100 unit priced at around $30,000"
            fig.kind, fig.unit = FigureKind.PRICE, f"{fig.currency or fig.unit}/{'share' if before.group('stock') else 'unit'}"
    parts = [part for fig in figures if fig.kind == FigureKind.QUANTITY and fig.value
             and (part := _part_of(text, fig)) is not None]
    if parts:
        figures = sorted([*figures, *parts], key=lambda f: f.start)
    for previous, fig in zip(figures, figures[1:], strict=False):
        # "up to $10 billion and $5 billion, respectively": the hedge goes with every amount of the list
        if fig.kind == previous.kind == FigureKind.MONEY and fig.qualifier == Qualifier.EXACT \
                and previous.qualifier in (Qualifier.UP_TO, Qualifier.AT_LEAST, Qualifier.APPROX) \
                and _LISTED_AMOUNT.fullmatch(text, previous.end, fig.start) and _RESPECTIVELY.match(text, fig.end):
            fig.qualifier = previous.qualifier
    if original is not text:
        for fig in figures:
            fig.text = original[fig.start:fig.end]
    return figures


# "roughly 2,300 of the 4,000 B200 GPUs": a part of a count, told by its number alone (not "phase 2 of the", "only 1 of
# the", a year)
_PART_OF = re.compile(rf"(?<!phase\s)(?<!stage\s)(?<!tranche\s)(?<!No\.\s)(?<!number\s){_NUM_START}(?P<n>{_DIGITS})"
                      rf"\s+of\s+(?:the|its|their)\s+$", re.I)


def _part_of(text: str, whole: Figure) -> Figure | None:
    """The part told by a number alone before a count's whole ("2,300 of the 4,000 GPUs"), in the whole's unit."""
    if " of " not in text[max(0, whole.start - 12): whole.start]:
        return None
    m = _PART_OF.search(text, max(0, whole.start - 40), whole.start)
    value = parse_number(m.group("n")) if m else None
    if m is None or value is None or not 10 <= value < (whole.value or 0) or _YEAR_LIKE.fullmatch(m.group("n")):
        return None
    return _finish(text, FigureKind.QUANTITY, whole.unit or "", m.start("n"), m.end("n"), value, Qualifier.EXACT)[2]


_LISTED_AMOUNT = re.compile(r"\s*,?\s*(?:and|or)\s+")
_RESPECTIVELY = re.compile(r"[^.;]{0,80}?\brespectively\b", re.I)


_HYPHENS = re.compile("[\u2010\u2011\u2012\u2043\ufe63\uff0d]")


_PRICE_BEFORE = re.compile(r"(?:\b(?P<stock>share|stock|closing|opening|offer|IPO)\s+price\s+(?:of|at|was|is)"
                           r"|\beach\s+(?:[\w-]+\s+){0,3}(?:priced|sold|selling|costs?|costing)\s+(?:at|for)?"
                           # "sells each GB200 NVL72 rack for about $3 million"
                           r"|\beach\s+(?:[\w-]+\s+){0,4}?(?:for|at|goes\s+for))"
                           r"\s*(?:about|around|roughly|approximately|nearly|some)?\s*$", re.I)

_STOCK_QUOTE = re.compile(r"\b(?:shares?|stock|trading|traded|closed|opened)\b[^.;$]{0,45}$", re.I)
_STOCK_AFTER = re.compile(r"\s+(?:a\s+share|per\s+share|in\s+(?:early|morning|late|afternoon|after-hours|premarket)?\s*trading)\b",
                          re.I)
# "$25,000 per GPU", "USD 6.01 (EUR 5.16) per share"
# ("$3 million per NVL72 rack", "$40,000 per Blackwell GPU": a product may come between)
_PER_UNIT = re.compile(r"(?:\s*\([^()]{1,30}\)|\))?\s*(?:per|a|an|each|for\s+each)\s+(?:(?-i:[A-Z])[\w-]*\s+){0,2}?(?P<unit>share|unit|chip|GPU|card|accelerator|processor|server|hour"
                       r"|kWh|MWh|watt|token|megawatt|gigawatt|kilowatt|MW|GW|kW|rack)s?\b|\s*(?:each|apiece)\b", re.I)
