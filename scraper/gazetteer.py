"""The gazetteer: canonical companies and chips, and the matchers that find them in text.

The lists live in scraper/data/companies.toml and scraper/data/chips.toml. Each kind is found by one
precompiled regex: every accepted surface form of every alias goes into a character trie, turned into
a nested alternation that tries longer continuations first, so the longest alias wins at each place
("Amazon Web Services" over "Amazon", "GB200 NVL72" over "GB200").
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .errors import ScraperError
from .figures import CURRENCY_CODES
from .models import Mention

# Between letters and digits of a chip name, and where the name has a space or hyphen, text may have
# a space, a hyphen or nothing ("Graviton 5", "Graviton-5", "Graviton5"). After a single letter only a
# hyphen is accepted: "A 100" is more often an article and a number than the A100.
_SEP_CHARS = " -\u2010\u2011\u2013"
_OPT_SEP = "[ \\-\u2010\u2011\u2013]?"
_OPT_HYPHEN = "[\\-\u2010\u2011]?"
_SPACE = "[^\\S\\r\\n]+"

# Legal suffixes accepted after any company name ("Nvidia Corp.", "Kairos Power LLC").
_LEGAL_SUFFIX = (
    r"(?:,?[^\S\r\n]+(?:Inc|Corp|Corporation|Ltd|Limited|LLC|L\.L\.C|PLC|plc|Co|AG|SA|S\.A|SE|NV|N\.V|GmbH)"
    r"(?![\w-])\.?)?"
)

_CHIP_WORDS = frozenset(
    "gpu gpus cpu cpus chip chips superchip superchips processor processors processing accelerator "
    "accelerators architecture architectures platform platforms generation series ultra system systems "
    "rack racks graphics silicon server servers instance instances core cores dpu dpus xpu xpus npu npus "
    "tpu tpus cluster clusters supercomputer kit hardware gear".split()
)
# Words after an ambiguous name that make it the chip even against a company of the same name
# ("Ampere GPUs" is Nvidia's architecture; "Ampere chips" could be Ampere Computing's).
_STRONG_CHIP_WORDS = frozenset("gpu gpus architecture architectures graphics generation".split())
_WORD = re.compile(r"[A-Za-z0-9]+")


class GazetteerError(ScraperError):
    """A bundled data file has a bad entry (an unknown kind, no name); the message names the file and entry."""


@dataclass(frozen=True)
class Company:
    """A company by its canonical name, with the other names it is written as."""

    name: str
    aliases: tuple[str, ...]
    ticker: str
    kind: str
    country: str
    case_sensitive: tuple[str, ...] = ()
    parent: str = ""  # the group a subsidiary deals as ("SK Telecom" -> "SK Group"), when it has a key of its own
    epithets: tuple[str, ...] = ()  # "Redmond company": a name only in its place after a first mention


@dataclass(frozen=True)
class Chip:
    """A chip, system or chip family, named as its vendor writes it."""

    name: str
    vendor: str
    family: str
    kind: str
    aliases: tuple[str, ...]
    needs_context: bool = False


@dataclass
class _Trie:
    children: dict[str, _Trie]
    end: str | None = None  # the end-of-name fragment when a name ends here


def _letter_digit_tokens(alias: str) -> list[str]:
    """Regex fragments of a chip alias, with optional separators between letters and digits."""
    tokens: list[str] = []
    letters = 0  # length of the run of letters just before the current position
    for i, char in enumerate(alias):
        if char in _SEP_CHARS:
            if tokens and tokens[-1] not in (_OPT_SEP, _OPT_HYPHEN):
                tokens.append(_OPT_HYPHEN if letters == 1 and alias[i + 1: i + 2].isdigit() else _OPT_SEP)
            letters = 0
            continue
        if char.isdigit() and letters:
            tokens.append(_OPT_HYPHEN if letters == 1 else _OPT_SEP)
        tokens.append(re.escape(char))
        letters = letters + 1 if char.isalpha() else 0
    return tokens


def _plain_tokens(alias: str) -> list[str]:
    """Regex fragments of a company alias: any run of spaces matches any run of blanks."""
    tokens: list[str] = []
    for char in alias:
        if char == " ":
            if tokens and tokens[-1] != _SPACE:
                tokens.append(_SPACE)
        else:
            tokens.append(re.escape(char))
    return tokens


def _end_fragment(alias: str, plural: bool) -> str:
    """What must follow a name: no further letter, except a plural s for chips; nothing for CJK names."""
    last = alias[-1]
    if not (last.isascii() and last.isalnum()):
        return ""
    return r"(?=s?(?!\w))" if plural else r"(?!\w)"


def _trie_regex(node: _Trie) -> str:
    """A nested alternation for a trie: children first (longer names), the end of a name last."""
    branches = [token + _trie_regex(child) for token, child in node.children.items()]
    if node.end is not None:
        branches.append(node.end)
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


# An epithet names its giant after "the" ("the Redmond company") or as a person's possessive ("Musk's AI startup": the
# person's name is the epithet's own), not before a name in apposition ("Mountain View company Groq", "search giant Baidu").
# ("Musk's AI startup", "Jensen Huang's company"; not "world's largest contract chipmaker")
_PERSON_POSSESSIVE = re.compile(r"(?:[A-Z]\w*\s)?[A-Z]\w*['’]s\s")
_APPOSED_BEFORE = re.compile(r"(?-i:[A-Z])[\w.&-]*,\s+(?:[Tt]he|[Tt]his)\s+$")  # ("Impinj, the Seattle company")
_THE_BEFORE = re.compile(r"(?<![\w'’])(?:[Tt]he|[Tt]his|[Tt]hat)\s+$")
_NAME_NEXT = re.compile(r"\s+(?:&\s+)?(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February"
                        r"|March|April|May|June|July|August|September|October|November|December)\b)[A-Z][\w.-]*")


def _surface_forms(alias: str, exact_only: bool) -> set[str]:
    """The case variants of an alias that are accepted in text."""
    forms = {alias}
    if exact_only:
        return forms
    if len(alias) >= 4:
        forms.add(alias.upper())
    if " " not in alias and len(alias) >= 7 and alias.isalpha():
        forms |= {alias.lower(), alias.capitalize()}
    return forms


class _AliasMatcher:
    """One compiled regex over every surface form of a set of aliases, and the map back to names."""

    def __init__(self, aliases: list[tuple[str, str, bool]], chip_spelling: bool, suffix: str = "") -> None:
        root = _Trie({})
        self._chip_spelling = chip_spelling
        self._names: dict[str, str] = {}
        for alias, name, exact_only in aliases:
            for form in _surface_forms(alias, exact_only):
                tokens = _letter_digit_tokens(form) if chip_spelling else _plain_tokens(form)
                node = root
                for token in tokens:
                    node = node.children.setdefault(token, _Trie({}))
                node.end = _end_fragment(form, plural=chip_spelling)
                self._names[self.key(form)] = name
        self.regex = re.compile(r"(?<!\w)(?P<core>" + _trie_regex(root) + ")" + suffix)

    def key(self, surface: str) -> str:
        """The lookup key of a surface form: separators dropped for chips, blanks collapsed otherwise."""
        if self._chip_spelling:
            return "".join(c for c in surface if c not in _SEP_CHARS)
        return " ".join(surface.split())

    def find(self, text: str) -> list[tuple[int, int, str, str]]:
        """(start, end, canonical name, core surface) of every longest match, left to right."""
        found = []
        for match in self.regex.finditer(text):
            name = self._names.get(self.key(match.group("core")))
            if name is not None:
                found.append((match.start(), match.end(), name, match.group("core")))
        return found


def _read_toml(filename: str) -> dict:
    data = resources.files("scraper").joinpath("data", filename).read_text(encoding="utf-8")
    return tomllib.loads(data)


@cache
def _place_entries() -> list[dict]:
    """The entries of data/places.toml (read once: the places matcher and the generic words both use them)."""
    return _read_toml("places.toml")["place"]


class Gazetteer:
    """Canonical companies and chips, with matchers that find them in text."""

    def __init__(self, companies: list[Company], chips: list[Chip]) -> None:
        self.companies = companies
        self.chips = chips
        self._companies = {c.name: c for c in companies}
        self._chips = {c.name: c for c in chips}
        self.chip_vendors = frozenset(c.vendor for c in chips if c.vendor)  # the companies that make chips
        company_aliases = []
        for company in companies:
            for alias in (company.name, *company.aliases):
                company_aliases.append((alias, company.name, alias in company.case_sensitive))
            company_aliases += [(epithet, company.name, True) for epithet in company.epithets]
        self._epithets = frozenset(e for company in companies for e in company.epithets)
        self._company_matcher = _AliasMatcher(company_aliases, chip_spelling=False, suffix=_LEGAL_SUFFIX)
        chip_aliases = [
            (alias, chip.name, chip.needs_context) for chip in chips for alias in (chip.name, *chip.aliases)
        ]
        self._chip_matcher = _AliasMatcher(chip_aliases, chip_spelling=True)
        # Surface forms that are both a company and a context-dependent chip ("Ampere").
        self._chip_lookalikes = {
            alias: chip for chip in chips if chip.needs_context for alias in (chip.name, *chip.aliases)
        }

    def company(self, name: str) -> Company | None:
        """The company of this canonical name, if known."""
        return self._companies.get(name)

    def chip(self, name: str) -> Chip | None:
        """The chip of this canonical name, if known."""
        return self._chips.get(name)

    def find_companies(self, text: str) -> list[Mention]:
        """Known companies in the text, by canonical name, longest match first, sorted by start."""
        mentions = []
        for start, end, name, core in self._company_matcher.find(text):
            lookalike = self._chip_lookalikes.get(core)
            if (lookalike and lookalike.vendor != name
                    and self._strong_chip_context(text, start, start + len(core), lookalike)):
                continue  # "Nvidia Ampere GPUs" is the architecture, not Ampere Computing
            if core != name and " " not in core and name.split()[-1] in _OTHER_FIRM_WORDS \
                    and (after := _NEXT_NAME_WORD.match(text, end)) and after.group(1) in _OTHER_FIRM_WORDS \
                    and after.group(1) != name.split()[-1]:
                continue  # "Kairos Labs" is another firm than Kairos Power, whose short name it starts with
            if core in self._epithets and (_NAME_NEXT.match(text, end) or not _PERSON_POSSESSIVE.match(core)
                                           and not _THE_BEFORE.search(text, max(0, start - 6), start)
                                           or _APPOSED_BEFORE.search(text, max(0, start - 40), start)):
                # "Chinese search giant Baidu", "China's search giant", "Zillow, the Seattle company,": the epithet
                # describes another firm
                continue
            mentions.append(Mention(kind="company", name=name, text=text[start:end], start=start, end=end))
        return mentions

    def find_chips(self, text: str) -> list[Mention]:
        """Known chips in the text, by canonical name; a family gives way to a generation next to it."""
        mentions = []
        for start, end, name, _ in self._chip_matcher.find(text):
            chip = self._chips[name]
            if chip.needs_context and not self._chip_context(text, start, end, chip):
                continue
            mentions.append(Mention(kind="chip", name=name, text=text[start:end], start=start, end=end))
        return [m for i, m in enumerate(mentions) if not self._beside_a_generation(i, mentions, text)]

    def surface_forms(self, companies: bool = True, ambiguous: bool = True) -> list[str]:
        """Every spelling of a company or chip alias that the matchers accept as written (for raw-text prefilters).

        Chips are also accepted with a space or hyphen between letters and digits ("Graviton 5"), companies
        with any run of blanks for a space, and companies with a legal suffix: a prefilter must allow those.
        `companies=False` gives the chips only; `ambiguous=False` leaves out the chips named only in context.
        """
        forms: set[str] = set()
        for company in self.companies if companies else ():
            for alias in (company.name, *company.aliases):
                forms |= _surface_forms(alias, alias in company.case_sensitive)
        for chip in self.chips:
            if chip.needs_context and not ambiguous:
                continue  # "Grace", "T4": names only beside their vendor or a chip word
            for alias in (chip.name, *chip.aliases):
                forms |= _surface_forms(alias, chip.needs_context)
        return sorted(forms)

    def find_unknown_organisations(self, text: str, known: list[Mention]) -> list[Mention]:
        """Organisations missing from the gazetteer that look like companies or deal parties."""
        return _unknown_organisations(text, known, self)

    def _vendor_before(self, text: str, start: int, chip: Chip) -> bool | None:
        """True if the chip's vendor is named just before it, None if another company is, else False."""
        window = text[max(0, start - 40): start]
        words = list(_WORD.finditer(window))
        if len(words) > 4:
            window = window[words[-4].start():]
        companies = self._company_matcher.find(window)
        if companies and companies[-1][2] != chip.vendor and not window[companies[-1][1]:].strip(" '’s"):
            return None  # "Apple A10" is not Nvidia's A10
        return any(name == chip.vendor for _, _, name, _ in companies)

    def _chip_context(self, text: str, start: int, end: int, chip: Chip) -> bool:
        company = self._company_matcher.regex.match(text, start)
        if company and company.end() > end:
            return False  # "Ampere Computing" is the company
        if company and company.end() == end:
            # The same word names a company ("Ampere chips" may be Ampere Computing's): only the vendor's name
            # before it or an architecture word after it make it the chip.
            return self._strong_chip_context(text, start, end, chip)
        vendor = self._vendor_before(text, start, chip)
        if vendor is None:
            return False
        return vendor or any(w in _CHIP_WORDS or w.startswith("nvl") for w in _words_after(text, end, 3))

    def _strong_chip_context(self, text: str, start: int, end: int, chip: Chip) -> bool:
        return bool(self._vendor_before(text, start, chip)) or any(
            w in _STRONG_CHIP_WORDS for w in _words_after(text, end, 2)
        )

    def _beside_a_generation(self, index: int, mentions: list[Mention], text: str) -> bool:
        """Whether a family mention has a chip of the same family right next to it ("Instinct MI300").

        A product in brackets after the family ("Blackwell (GB200)") names both.
        """
        mention = mentions[index]
        chip = self._chips[mention.name]
        if chip.kind != "family":
            return False
        for other in mentions[max(0, index - 2): index + 3]:
            other_chip = self._chips[other.name]
            gap = max(other.start - mention.end, mention.start - other.end)
            if other_chip.kind != "family" and other_chip.family == chip.family and 0 <= gap <= 12:
                return not product_in_brackets(text, mention, other)
        return False


def product_in_brackets(text: str, family: Mention, product: Mention) -> bool:
    """Whether a chip family is followed by its product in brackets ("Blackwell (GB200)"): the text names both."""
    return family.end <= product.start and text[family.end:product.start].strip() == "("


def _words_after(text: str, end: int, count: int) -> list[str]:
    """The first words after a name, lower-cased, up to the next punctuation mark."""
    clause = re.split(r"[,;.:()!?\n]", text[end: end + 60], maxsplit=1)[0]
    return [w.lower() for w in _WORD.findall(clause)[:count]]


COMPANY_KINDS = frozenset({
    "hyperscaler", "cloud", "neocloud", "chipmaker", "memory", "foundry", "ai_lab", "datacenter", "power",
    "investor", "sovereign_fund", "network", "server", "telecom", "software", "enterprise", "other",
})
CHIP_KINDS = frozenset({"gpu", "cpu", "tpu", "accelerator", "system", "memory", "family"})


def _checked(entry: Any, where: str, kinds: frozenset[str]) -> dict[str, Any]:
    """An entry of a data file with a name and an allowed kind; GazetteerError names the file and entry."""
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
        raise GazetteerError(f"{where}: every entry needs a name")
    if entry.get("kind") not in kinds:
        raise GazetteerError(f"{where}: {entry['name']}: kind {entry.get('kind')!r} is not one of "
                             f"{', '.join(sorted(kinds))}")
    return entry


def _company(entry: Any, where: str = "companies.toml") -> Company:
    entry = _checked(entry, where, COMPANY_KINDS)
    return Company(
        name=entry["name"], aliases=tuple(entry.get("aliases", ())), ticker=entry.get("ticker", ""),
        kind=entry["kind"], country=entry.get("country", ""),
        case_sensitive=tuple(entry.get("case_sensitive", ())), parent=entry.get("parent", ""),
        epithets=tuple(entry.get("epithets", ())),
    )


def _chip(entry: Any, where: str = "chips.toml") -> Chip:
    entry = _checked(entry, where, CHIP_KINDS)
    return Chip(
        # No vendor: a standard that several companies make (HBM, GDDR, LPDDR are JEDEC standards, and JEDEC,
        # a standards body, sells none of them).
        name=entry["name"], vendor=entry.get("vendor", ""), family=entry.get("family", ""), kind=entry["kind"],
        aliases=tuple(entry.get("aliases", ())), needs_context=bool(entry.get("needs_context", False)),
    )


@cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer built from the bundled data files (built once per process); a bad entry is a GazetteerError."""
    companies = [_company(e) for e in _read_toml("companies.toml")["company"]]
    chips = [_chip(e) for e in _read_toml("chips.toml")["chip"]]
    return Gazetteer(companies, chips)


class Places:
    """Countries and regions (data/places.toml) that locate a build or an investment."""

    def __init__(self, entries: list[dict]) -> None:
        self._names: dict[str, str] = {}
        self.countries: set[str] = {e["name"] for e in entries if e.get("kind") == "country"}
        self._kinds = {e["name"]: e.get("kind", "") for e in entries}
        self.within: dict[str, str] = {e["name"]: e["within"] for e in entries if e.get("within")}  # a place -> the region or country it lies in
        self._towns: re.Pattern[str] | None = None
        self._state_names: dict[str, str] = {}
        for entry in entries:
            for name in (entry["name"], *entry.get("aliases", ())):
                self._names[name] = entry["name"]
        alternatives = "|".join(re.escape(n) for n in sorted(self._names, key=len, reverse=True))
        # ("Kansas City", "Missouri City", "Washington, D.C.": a city named after a state is no place in it)
        # (nor is a town named after one: "Port Washington", "Fort Worth" is no state of Worth)
        # (the lookahead holds the names' first letters: most positions of a long text fail at once)
        first = re.escape("".join(sorted({n[0] for n in self._names})))
        self.regex = re.compile(rf"(?=[{first}])(?<![\w.])(?<!Port )(?<!Fort )(?<!Mount )(?<!Lake )(?<!Mt\. )"
                                rf"(?:{alternatives})(?![\w])(?!\s+City\b|,?\s+D\.C\.)")
        # "$20 billion in Pennsylvania", "10,000 GPUs across the state of Texas": a place right after a figure
        self._after = re.compile(rf"\s+(?:in|across|into)\s+"
                                 rf"(?:the\s+(?:state|province|country|region)\s+of\s+)?(?:the\s+)?({alternatives})(?![\w])")
        self._adjectives = {a: e["name"] for e in entries for a in e.get("adjectives", ())}
        self.agencies = {a: e["name"] for e in entries for a in e.get("agencies", ())}
        self._agency = re.compile(r"(?=[" + re.escape("".join(sorted({a[0] for a in self.agencies}))) + r"])(?<![\w.])(?:"
                                  + "|".join(re.escape(a) for a in sorted(self.agencies, key=len, reverse=True))
                                  + r")(?![\w-])") if self.agencies else None
        words = "|".join(re.escape(a) for a in sorted(self._adjectives, key=len, reverse=True))
        self._adjective_before = re.compile(rf"(?<![\w.])({words})\s+$")
        # "the Portuguese coast", "the Texan city of Abilene", "Japanese data centers": a place by its adjective
        # before a word of geography or of a build (not "a British data center operator": a company)
        self._adjective_place = re.compile(rf"(?<![\w.])({words})\s+(?:coast|coastline|city|town|port|region|"
                                           rf"countryside|desert|border|island|province"
                                           rf"|(?:(?:AI|hyperscale|cloud)\s+)?(?:data\s+cent(?:er|re)s?|campus(?:es)?)"
                                           rf"(?!\s+(?:operator|developer|company|firm|provider|owner|group|startup|REIT)s?\b))\b")

    def find(self, text: str) -> set[str]:
        """The canonical names of the places a text names."""
        return {self._names[m.group(0)] for m in self.regex.finditer(text)}

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, canonical name) of each place a text names."""
        return [(m.start(), m.end(), self._names[m.group(0)]) for m in self.regex.finditer(text)]

    def after(self, text: str, position: int) -> str | None:
        """The place named right after a figure that ends at `position` ("$20 billion in Pennsylvania"), or None
        when the place qualifies a noun after it ("$2 billion in Texas tax incentives")."""
        match = self._after.match(text, position)
        if not match:
            return None
        following = _NEXT_WORD.match(text, match.end())
        if following and following.group(1).islower() and following.group(1) not in _JOINING_WORDS:
            return None
        return self._names[match.group(1)]

    def locating(self, text: str, companies: list[Mention]) -> set[str]:
        """The places a text names as where something is, not as part of a company's name or description.

        "Canada Pension Plan Investment Board", "UAE-backed MGX", "Abu Dhabi's MGX", "the Texas-based
        startup": the place says who a company is, not where a deal is built or made.
        """
        out = set()
        dateline = _DATELINE.match(text)
        for start, end, name in self.spans(text):
            if any(m.start <= start and end <= m.end for m in companies):
                continue
            if dateline and end <= dateline.end():
                continue  # "SEOUL, Nov 1 (Reuters) -", "Taipei [Taiwan], November 1 (ANI):": where the story was filed
            after = text[end:end + 40]
            if _DESCRIBES_COMPANY.match(after) or _NOT_WHERE_BEFORE.search(text, max(0, start - 40), start):
                continue
            if _MARKET_AFTER.match(after) or _SHARES_MOVED_IN.search(text, max(0, start - 120), start):
                continue  # "shares rose 9% in New York", "in Tokyo trading": where shares trade
            if after.startswith(("'s ", "’s ")) and any(m.start == end + 3 for m in companies):
                continue
            out.add(name)
        out.update(self._adjectives[m.group(1)] for m in self._adjective_place.finditer(text))
        return out

    def towns(self, text: str, companies: Iterable[Mention] = ()) -> set[str]:
        """The towns and counties a text names with their US state ("Childress, Texas", "Pike County, Ohio"), as
        "Town, State"; not a dateline's, nor where a company is based ("Austin, Texas-based"), nor a company listed
        before a state's name (`companies`: the company mentions of the text)."""
        return {name for _, name in self.town_spans(text, companies)}

    def town_spans(self, text: str, companies: Iterable[Mention] = ()) -> list[tuple[int, str]]:
        """(start, "Town, State") of each town or county `towns` finds."""
        if self._towns is None:
            states = {n: n for n, kind in self._kinds.items() if kind == "us_state"}
            states.update({a: n for a, n in _AP_STATES.items() if n in states})
            self._state_names = states
            self._towns = re.compile(r"(?<![\w.])((?:St\.\s+)?(?:[A-Z][^\W\d_]+[ -]){0,3}[A-Z][^\W\d_]+),\s+("
                                     + "|".join(map(re.escape, sorted(states, key=len, reverse=True)))
                                     # ("Texas Instruments", "Georgia Power", "Austin, Texas-based", "Ohio's largest")
                                     + r")(?![\w-])(?!\s+(?-i:[A-Z])|\s+D\.C\.|['’]s\b)")
        if "," not in text:
            return []
        out = []
        dateline = _DATELINE.match(text)
        for match in self._towns.finditer(text):
            lead = _TOWN_LEAD.match(text, match.start(1), match.end(1))
            begin = lead.end() if lead else match.start(1)  # "In Abilene, Texas": the town is Abilene
            town = text[begin:match.end(1)]
            if town in _TOWN_LEAD_WORDS or dateline and match.end() <= dateline.end() \
                    or any(m.start < match.end(1) and match.start(1) < m.end for m in companies) \
                    or _NOT_WHERE_BEFORE.search(text, max(0, match.start() - 40), begin):
                continue
            out.append((begin, f"{town}, {self._state_names[match.group(2)]}"))
        return out

    def government_spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, country) of each government named by its adjective ("the South Korean government") or by one of
        its agencies ("METI")."""
        spans = []
        for word in _GOVERNMENT_WORD.finditer(text):  # the rare word first, then the adjective before it
            if adjective := self._adjective_before.search(text, max(0, word.start() - 30), word.start()):
                spans.append((adjective.start(1), adjective.end(1), self._adjectives[adjective.group(1)]))
        if self._agency is not None:  # ("¥48 billion from METI": a ministry deals for its government)
            spans += [(m.start(), m.end(), self.agencies[m.group()]) for m in self._agency.finditer(text)]
        return spans

    def regional_governments(self, text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """The spans (of `spans`, the places of `text`) of states and provinces named as governments: "the Tamil Nadu
        government", "the government of Alberta", "the state of Texas's government"."""
        # (a side of the deal: the subject, or whom a deal is with; not "approval from the state government")
        return [(start, end, name) for start, end, name in spans
                if self._kinds.get(name) in ("us_state", "region")
                and ((government := _REGION_GOVERNMENT_AFTER.match(text, end))
                     and not _REGION_NOT_SIDE_BEFORE.search(text, max(0, start - 30), start)
                     and (_REGION_SIDE_BEFORE.search(text, max(0, start - 30), start)
                          or GOVERNMENT_ACTS.match(text, government.end()))
                     or _REGION_GOVERNMENT_BEFORE.search(text, max(0, start - 45), start)
                     and (GOVERNMENT_ACTS.match(text, end) or _REGION_SIDE_BEFORE.search(text, max(0, start - 75), start)))]


# The abbreviations of US states that AP style writes after a town ("Ellendale, N.D.", "Cheyenne, Wyo.")
_AP_STATES = {"Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California", "Colo.": "Colorado",
              "Conn.": "Connecticut", "Del.": "Delaware", "Fla.": "Florida", "Ga.": "Georgia", "Ill.": "Illinois",
              "Ind.": "Indiana", "Kan.": "Kansas", "Ky.": "Kentucky", "La.": "Louisiana", "Md.": "Maryland",
              "Mass.": "Massachusetts", "Mich.": "Michigan", "Minn.": "Minnesota", "Miss.": "Mississippi",
              "Mo.": "Missouri", "Mont.": "Montana", "Neb.": "Nebraska", "Nev.": "Nevada", "N.H.": "New Hampshire",
              "N.J.": "New Jersey", "N.M.": "New Mexico", "N.Y.": "New York", "N.C.": "North Carolina",
              "N.D.": "North Dakota", "Okla.": "Oklahoma", "Ore.": "Oregon", "Pa.": "Pennsylvania",
              "R.I.": "Rhode Island", "S.C.": "South Carolina", "S.D.": "South Dakota", "Tenn.": "Tennessee",
              "Vt.": "Vermont", "Va.": "Virginia", "Wash.": "Washington", "W.Va.": "West Virginia", "Wis.": "Wisconsin",
              "Wyo.": "Wyoming"}
# Capitalised words that open a sentence or a phrase before a town's name ("In Abilene, Texas")
_TOWN_LEAD_WORDS = frozenset("In At The Near Outside From To Of For On By And A An Its Their With Into Across Around "
                             "Inside Within Beside Between Meanwhile Elsewhere Also Both".split())
_TOWN_LEAD = re.compile(r"(?:(?:" + "|".join(sorted(_TOWN_LEAD_WORDS)) + r")\s+)+")
_GOVERNMENT_WORD = re.compile(r"\b(?:government|ministry|state)\b")
# a state or province that deals as a government: "the Tamil Nadu government", "Alberta's provincial government",
# "the government of the state of Johor" (not "the Texas grid", "a Texas state senator")
_REGION_GOVERNMENT_AFTER = re.compile(r"(?:['’]s)?\s+(?:(?:state|provincial|regional)\s+)?government\b", re.I)
_REGION_SIDE_BEFORE = re.compile(r"\bwith\s+(?:the\s+)?(?:government\s+of\s+(?:the\s+)?(?:state\s+of\s+|province\s+of\s+)?)?$",
                                 re.I)
_REGION_NOT_SIDE_BEFORE = re.compile(r"\b(?:(?:approvals?|permits?|permission|clearance|incentives?|subsid(?:y|ies)|support"
                                     r"|backing)\s+(?:from|by|of)|and)\s+(?:the\s+)?$", re.I)
# What a government does as a side of a deal, right after its name: "Japan will invest", "Hyundai and South Korea on
# Friday signed", "the Tamil Nadu government signed", "the government of Alberta will provide a loan guarantee"
GOVERNMENT_ACTS = re.compile(r"(?:\s+(?:on|this|last|late|early)\s+\w+)?\s+(?:also\s+)?"
                             r"(?:(?:has|have|will|would|is\s+to|plans\s+to|agreed\s+to)\s+)?(?:also\s+)?"
                             r"(?:signed|agreed|struck|inked|sealed|award(?:s|ed|ing)?|grant(?:s|ed|ing)?|commit(?:s|ted)?"
                             r"|pledg(?:e|es|ed)|invest(?:s|ed|ing)?|is\s+investing|bought|buy|buys|is\s+buying|ordered"
                             r"|pay|pays|paid(?!\s+off)|is\s+paying|funded|select(?:s|ed)?|pick(?:s|ed)?|chose|tapped"
                             r"|provide[sd]?|offer(?:s|ed)?|approved|lend|lent|guarantee[sd]?|back(?:s|ed)?|fund(?:s)?"
                             r"|partner(?:s|ed)?)\b", re.I)
_REGION_GOVERNMENT_BEFORE = re.compile(r"\b(?:state|provincial|regional)?\s*government\s+of\s+(?:the\s+)?"
                                       r"(?:(?:state|province)\s+of\s+)?$", re.I)
_DATELINE_DATE = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s*"
_DATELINE = re.compile(r"\W*[A-Z][A-Za-z .'’-]{1,30}(?:,\s+[A-Z][A-Za-z .]{1,25})?(?:\s*[\[(][A-Za-z .]{2,30}[\])])?,?\s+"
                       r"(?:(?:" + _DATELINE_DATE + r")?\((?:Reuters|AP|AFP|ANI|Bloomberg|PTI|IANS|Xinhua|Yonhap|Kyodo|Dow Jones"
                       r"|BUSINESS WIRE|PRNewswire|GLOBE NEWSWIRE)\)\s*[-–—:]?|" + _DATELINE_DATE + r"[-–—]{1,2}\s)")
# "chips made in Taiwan", "a startup based in Paris": where something is made or a company sits, not the deal
_NOT_WHERE_BEFORE = re.compile(r"\b(?:(?:are|is|were|was)\s+(?:still\s+|all\s+|mostly\s+|largely\s+)?(?:made|manufactured"
                               r"|produced|fabricated)|based|headquartered|listed|incorporated)\s+in\s+(?:the\s+)?$", re.I)
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]+)")
_MARKET_AFTER = re.compile(r"\s+(?:trading|trade|dealings|stock\s+exchange|bourse)\b", re.I)
_SHARES_MOVED_IN = re.compile(r"(?:\b(?:its|their|the|(?-i:[A-Z])[\w&.-]*(?:['’]s?)?)\s+(?:shares|stock)|\b(?-i:Shares|Stock)(?:\s+(?:of|in))?)"
                              r"\b[^.;,]{0,60}?\b(?:rose|rise|rises|fell|fall|falls|jumped|climbed|gained"
                              r"|dropped|slid|surged|soared|tumbled|sank|slumped|rallied|traded|closed|opened|ended|edged"
                              r"|were\s+(?:up|down)|was\s+(?:up|down))\b"
                              # (the move's size, not a clause of its own: "rose almost a third in", not "rose after Meta
                              # picked a site in")
                              r"(?:\s+(?!(?:after|as|when|because|following|since|on|while|and|but|to)\b)(?:\d[\d.,]*%?|[\w%$-]+)){0,4}?"
                              r"\s+in\s+(?:early\s+|late\s+|morning\s+"
                              r"|afternoon\s+|midday\s+|pre-?market\s+)?$", re.I)
# the last words of a firm's name that tell one firm from another of the same first word (not a unit's "Cloud" or
# "Compute": "Naver Cloud", "Mistral Compute")
_OTHER_FIRM_WORDS = frozenset("Labs Capital Partners Ventures Holdings Technologies Systems Networks Energy Power Digital "
                              "Data Infra Infrastructure Industries Semiconductor Robotics Photonics".split())
_NEXT_NAME_WORD = re.compile(r"[ \t]([A-Z][A-Za-z]+)\b(?!['’]s)")
# Words that may follow "$20 billion in Texas" without making the place an adjective of a noun.
_JOINING_WORDS = frozenset("and or but while whereas over by for to from as with in on at through during across "
                           "after before between until starting including plus each alone this next last of "
                           "will would is are was were has have had the a an its their that which where".split())
# "-based", "state-backed investor", "owned": the place before it describes a company
_DESCRIBES_COMPANY = re.compile(r"(?:-|\s+state-)(?:based|backed|owned|listed|headquartered|controlled|funded|founded)\b",
                                re.I)  # "Texas-based", "UAE state-backed"; not "in Texas owned by Blue Owl"


@cache
def load_places() -> Places:
    """The places matcher built from the bundled data file (built once per process)."""
    return Places(_place_entries())


def find_unknown_organisations(text: str, known: list[Mention]) -> list[Mention]:
    """Organisations missing from the gazetteer, found by corporate suffixes and deal phrasing."""
    return load_gazetteer().find_unknown_organisations(text, known)


def short_forms(names: Iterable[str]) -> dict[str, str]:
    """The one word by which news names each multi-word organisation after its first mention ("Halvern" for
    "Halvern Compute"), when no other name starts with it and it is no place, person, known company or generic word."""
    gazetteer, places = load_gazetteer(), load_places()
    owners: dict[str, set[str]] = {}
    for name in names:
        words = name.split()
        if len(words) >= 2:
            owners.setdefault(_bare(words[0]), set()).add(name)
    # (only a name whose other words say what the firm does: "Halvern Compute", "Greyfen Nuclear"; not "Blue Owl
    # Capital" or "Morgan Stanley", whose first word alone is no name)
    owners = {word: named for word, named in owners.items()
              if all(set(name.split()[1:]) <= _BUSINESS_WORDS for name in named)}
    return {word: next(iter(named)) for word, named in sorted(owners.items())
            if len(named) == 1 and word[:1].isupper() and word not in _GIVEN_NAMES and _single_word_name(word, False)
            and not gazetteer.find_companies(word) and not places.find(word)}


def named_by_short_form(text: str, forms: dict[str, str]) -> list[str]:
    """The organisations a text names only by their short form (`short_forms`): the word on its own, not inside a
    longer capitalised run ("Halvern said", "Halvern's campus"; not "Halvern Group" or "Samsung Galaxy")."""
    found: list[str] = []
    known = load_gazetteer().company
    for match in _CAPITALISED_WORD.finditer(text):
        word = match.group()
        name = forms.get(word)
        if name is None or name in found or name in text:
            continue
        before = _WORD_BEFORE.search(text, max(0, match.start() - 30), match.start())
        # (a possessive before is another firm's deal with it: "Google's Pinecrest contract", not "Meta's Prometheus
        # cluster", a site)
        if before and _bare(before.group(1)) not in _STOP_WORDS and not (before.group(1).endswith(("'s", "’s"))
                                                                      and _DEAL_NOUN_NEXT.match(text, match.end())) \
                or _RUN_AFTER_WORD.match(text, match.end()):
            continue
        if _GERUND_AFTER.match(text, match.end()) or known(name) and not _NAME_FOLLOWER.match(text, match.end()):
            # a common word's use: "Tarnwick cooling systems", "Liquid cooling will serve" (a known firm whose first
            # word is a common one has no short alias: only a verb, a possessive or a stop after it make it a name)
            continue
        found.append(name)
    return found


_DEAL_NOUN_NEXT = re.compile(r"\s+(?:contract|deal|agreement|order|lease|investment|stake|partnership|PPA)s?\b")
_CAPITALISED_WORD = re.compile(r"(?<![\w&'’.-])[A-Z][\w&-]*\w(?![\w&-])")
_WORD_BEFORE = re.compile(r"\b([A-Z][\w.&'’-]*)[ \t]+$")  # a capitalised word right before (not one after a full stop)
_RUN_AFTER_WORD = re.compile(r"[ \t]+(?:&[ \t]+)?[A-Z]")
_GERUND_AFTER = re.compile(r"\s+[a-z]+ing\b")
# what follows a company's name and not a common word: its possessive, a stop, a verb or a joining word
_NAME_FOLLOWER = re.compile(r"['’]s\b|\s*(?:[,.;:)\]—–]|$)|\s+(?:said|says|will|would|has|have|had|is|was|are|were|plans|planned"
                            r"|also|and|or|to|in|for|with|at|on|as|which|who|could|can|may|might|did|does|expects|declined"
                            r"|signed|signs|agreed|agrees|won|wins|landed|secured|raised|closed|bought|buys|sold|sells|leased"
                            r"|leases|rents|rented|built|builds|owns|operates|runs|holds|values|valued|told|announced|confirmed"
                            r"|supplies|supplied|provides|provided|ordered|placed|chose|picked|opened|started|began)\b")


# --- Organisations missing from the gazetteer -------------------------------------------------------
# Precision matters more than recall: a name is proposed only when a corporate suffix or a deal verb
# makes it a company, and never when it is made of common or generic capitalised words.

# Common given names: a run that starts with one names a person ("Sam Altman", "Lisa Su"), not a company. (Names that
# are also places or products, "Jordan", "Virginia", "Grace", are left out.)
_GIVEN_NAMES = frozenset((
    "Aaron Adam Aidan Akio Alan Albert Alex Alexander Alice Amanda Amy Andrea Andrew Andy Angela Ann Anna Anthony Arthur "
    "Arvind Ashley Barbara Ben Benjamin Betty Bill Billy Bob Brad Brian Bruce Bryan Carl Carol Catherine Charles Cheryl "
    "Chris Christina Christine Christopher Cynthia Dan Daniel Dario David Deborah Demis Dennis Diana Diane Donald Donna "
    "Doris Douglas Dylan Edward Elijah Elizabeth Elon Emily Emma Eric Ethan Eugene Evelyn Frank Gary Gautam George "
    "Gerald Greg Gregory Hannah Harold Heather Helen Henry Hiroshi Hock Ilya Isabel Jack Jacob Jacqueline James Jan "
    "Jane Janet Janice Jason Jay Jean Jeff Jeffrey Jennifer Jensen Jeremy Jerry Jesse Jessica Jim Joan Joe John Jon "
    "Jonathan Jony Jose Joseph Josh Joshua Joyce Judith Judy Julia Julie Justin Karen Kate Katherine Kathleen Kathryn "
    "Keith Kelly Ken Kenneth Kevin Kimberly Kyle Larry Laura Lauren Lawrence Linda Lisa Logan Lori Louis Madison "
    "Marc Margaret Maria Marie Marilyn Mark Martha Mary Masayoshi Matt Matthew Megan Melissa Michael Michelle Mike "
    "Mira Mukesh Mustafa Nancy Natalie Nathan Nicholas Nicole Noah Olivia Pamela Pat Patricia Patrick Paul Peter "
    "Philip Rachel Ralph Randy Raymond Rebecca Reed Reid Richard Robert Roger Ronald Roy Russell Ruth Ryan Safra "
    "Sam Samantha Sandra Sara Sarah Satya Scott Sean Sharon Shirley Sophia Stephanie Stephen Steve Steven Sundar "
    "Susan Teresa Terry Theresa Thomas Tim Timothy Todd Tom Tyler Vincent Vinod Walter Wayne William Zachary "
    "Aravind Bret Chase Marcus Mohammed Muhammad Ahmed Ali Omar Xavier Victor Lip-Bu Jen-Hsun Masa Naveen Rajesh "
    "Raj Anil Amit Sanjay Vikram Priya Wei Li Ming Hiro Kenji Yuki Jae-yong Jin Min Lars Anders Sven Klaus Hans "
    "Pierre Jean-Paul Luca Marco Carlos Luis Miguel Pedro Antonio"
).split())
# Titles before a person's name ("Governor Greg Abbott"), words of a newspaper's name, and words that end a
# company's name even after a given name ("Tyler Technologies")
_TITLES = frozenset("Governor Senator President Minister Mayor Chairman Chairwoman Chief Secretary Premier Sheikh "
                    "Prince King Crown Mr Mrs Ms Dr Sir Lord Lady Judge".split())
_PRESS_WORDS = frozenset("Times Post Journal Telegraph Herald News Tribune Gazette Daily Chronicle Observer Guardian "
                         "Reuters Bloomberg Nikkei Yonhap Xinhua Press Insider Register".split())
_ORG_WORDS = frozenset("Technologies Technology Industries Energy Compute Computing Cloud Digital Data Networks "
                       "Partners Capital Ventures Labs Group Holdings Systems Solutions Services Infrastructure Infra".split())
_MONTHS_DAYS = (
    "January February March April May June July August September October November December Jan Feb Mar "
    "Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
)
_STOP_WORDS = frozenset((
    "The This That These Those There Then Than Under Over A An In On At For With By From To Of As But And "
    "Or Nor If When While Where Whereas After Before During Since Until Unlike Like According Its It Their "
    "Our We They He She His Her Him Them Us You Your I Also Meanwhile However Moreover Furthermore Still "
    "Yet Last Next Both Each Every All Any Some Many Most Several Such Other Another One Two Three Four "
    "Altogether Additionally Elsewhere Likewise Nonetheless Nevertheless Otherwise Thus Hence Indeed Besides Again "
    "Five Now Today Yesterday Tomorrow Earlier Later Read More See Source Photo Image Credit Update "
    "Updated Note Why How What Who Which Whose Can Could Will Would Should May Might Must Does Did Is Are "
    "Was Were Has Have Had Mr Mrs Ms Dr CEO CFO CTO Chief Executive President Chairman Founder Analysts "
    "Analyst Shares Stock Investors Sources People Officials Executives Experts Company Companies "
    "Government State Federal Congress Senate House Department Ministry Reuters Bloomberg Here Not No "
    "Yes So Even Just Only Instead Together Overall Including Following Despite Through Per "
    "Via Amid Among Against Without Within Beyond Across Around About Above Below Between Behind "
    + _MONTHS_DAYS
).split())
_GENERIC_WORDS = frozenset((
    "Monetary Generative Agentic Artificial Open Joint Sovereign Physical Responsible Enterprise Hybrid Public Private "
    "Clean Renewable Nuclear Solar Wind Green Global National International Federal New Next Advanced "
    "Digital Data Edge Quantum Conversational Multimodal Frontier Small Large Modular Critical Venture "
    "Equity Strategic Custom General Industrial Applied Autonomous American European Asian Chinese Indian "
    "Japanese Korean Saudi French German British Western Eastern Northern Southern AI Cloud Energy Power "
    "Systems Networks Capital Partners Labs Technologies Technology Group Holdings Infrastructure "
    "Computing Compute Center Centers Centre Centres Agent Agents Model Models Chip Chips Smart Super "
    "Hyperscale Carbon Free Zero Net Natural Gas Grid Electric Utility Real Estate Investment Investments "
    "Fund Funds Bank Financial Finance Semiconductor Silicon Space Defense Security Health Healthcare "
    "Medical Tech Software Hardware Internet Web Online Mobile Wireless Network Telecom Media Social "
    "Content Consumer Retail Commerce Automotive Robotics Machine Learning Deep Neural Intelligence "
    "Training Inference Reasoning Language Vision Speech Search Limited Focus Working Study Advisory Task "
    "Industry Trade Research Peer Big Major Leading Top Tier Key First Second Third Largest Biggest Best "
    "High Low Mid Full Total Annual Quarterly Fiscal Series Round Phase Stage Unit Project Program "
    "Initiative Alliance Coalition Consortium Council Board Committee Office Agency Authority Association "
    "Institute University College School Foundation Commission Hub Campus Park Region Zone City County "
    "Street Road Valley Bay Lake River North South East West Central Middle Gulf Pacific Atlantic Asia "
    "Africa Europe America Americas Latin Arab Emirates Kingdom Republic Union United States Nations "
    "Israeli Emirati Canadian Australian Dutch Swiss Italian Spanish Taiwanese Singaporean Swedish "
    "Norwegian Finnish Danish Irish Scottish Polish Brazilian Mexican Russian Ukrainian Turkish Qatari "
    "Kuwaiti Egyptian African Malaysian Indonesian Thai Vietnamese Texan Californian Communication "
    "Communications Secure Support Life Information Management Solutions Services Integrated Mission Performance "
    "Accelerated Cognitive Distributed Scientific Exascale Heterogeneous Trusted Confidential Personal "
    "Control Business Marketing Sales Product Products Customer Customers Service "
    # (plural nouns of the trade that open a sentence: "Startups raised $50 billion")
    "Startups Companies Firms Investors Backers Hyperscalers Neoclouds Lenders Banks Developers Operators Providers "
    "Utilities Chipmakers Labs Funds Buyers Sellers Tenants Clouds Analysts Executives Officials Sources Employees "
    "Governments Demand Customers Users Regulators Lawmakers Partners"
).split())
_PLACE_WORDS = frozenset((
    "US U.S. U.S USA UK U.K. U.K EU E.U UAE China India Japan Korea Taiwan Singapore Malaysia Indonesia Thailand "
    "Vietnam Philippines Australia Canada Mexico Brazil Chile Argentina France Germany Italy Spain "
    "Portugal Netherlands Belgium Ireland Britain England Scotland Wales Sweden Norway Finland Denmark "
    "Iceland Poland Austria Switzerland Israel Saudi Arabia Qatar Kuwait Oman Bahrain Egypt Turkey "
    "Kenya Nigeria Morocco Russia Ukraine Abu Dhabi Dubai Riyadh Texas California Virginia Ohio Georgia "
    "Arizona Nevada Oregon Washington Utah Iowa Indiana Illinois Michigan Wisconsin Minnesota Missouri "
    "Mississippi Louisiana Alabama Tennessee Kentucky Carolina Pennsylvania New York Jersey Florida "
    "Oklahoma Kansas Nebraska Dakota Wyoming Montana Idaho Colorado Mexico Maryland Delaware Maine "
    "Massachusetts Connecticut Vermont Hampshire Memphis Abilene Tokyo Seoul Beijing Shanghai Shenzhen "
    "Paris London Berlin Frankfurt Amsterdam Dublin Madrid Mumbai Delhi Bengaluru Bangalore Sydney "
    "Melbourne Toronto Montreal Hong Kong Silicon Valley Wall Street"
).split()) | {a for entry in _place_entries() for adjective in entry.get("adjectives", ())
              for a in adjective.split()}  # "the Chilean government": a country's adjective is no name
# (not "SE", "AB", "LLP" or "SAS": a country's or a province's code after a town, "Grande Prairie AB", a law firm, a
# company of that name)
# ("Halvorsen Compute AS", "Jurong Digital Pte Ltd", "Pulai Digital Sdn Bhd", "PT Nusantara Digital Raya Tbk")
_LEGAL_WORDS = frozenset("Inc Corp Corporation Ltd Limited LLC PLC plc Co AG SA S.A GmbH NV N.V ASA AS ApS Oyj Oy SpA "
                         "S.p.A BV B.V Pty Pte Pvt Sdn Bhd Berhad Tbk S.L SL SRL Srl Ltda JSC PJSC KK K.K Kft Zrt Nyrt KG KGaA".split())
_WEAK_SUFFIXES = frozenset(
    "Holdings Group Technologies Systems Networks Energy Power Capital Partners AI Labs Cloud Cooperative Compute "
    "Renewables Hyperscale Datacenter Datacenters Datacentre Datacentres Ventures Data Bank Infrastructure Kapital Fund"
    .split()
)
_SUFFIX_ENDINGS = _LEGAL_WORDS | _WEAK_SUFFIXES | {"Centers", "Centres"}
_COMPANY_ENDINGS = _SUFFIX_ENDINGS | _ORG_WORDS | {"Robotics", "Photonics", "Semiconductor", "Semiconductors", "Silicon",
                                                  "Datacenters", "Datacentres"}
# the words that say what a firm does, after the word that names it ("Halvern Compute", "Fennimore Credit Partners")
_BUSINESS_WORDS = _COMPANY_ENDINGS | _OTHER_FIRM_WORDS | frozenset(
    "Nuclear Credit Solar Wind Mining Hosting Fiber Telecom Electric Utilities Investments Management Global Asset "
    "Semiconductors Materials Microsystems Devices Interconnect Quantum".split())
# (a capital and letters of any Latin alphabet: "Forêt Capital", "Ørsted", "Société Générale")
_UPPER = "A-ZÀ-ÖØ-ÞŁŚŠŽŹŻČŘĆĐ"
_TOKEN = rf"(?:[{_UPPER}][\w&'’.\-]*[\w'’]|[{_UPPER}])"
# (a legal suffix after a comma is the name's too: "Vantiq Silicon, Inc.", "Hanwa Electronics Co., Ltd.")
_COMMA_SUFFIX = r"(?:\.?,[ \t]+(?:Inc|Ltd|LLC|Corp|Co|Limited|PLC|plc|LP|L\.P)\.?(?![\w-]))?"
_RUN = rf"{_TOKEN}(?:[ \t]+(?:&[ \t]+)?{_TOKEN}){{0,6}}{_COMMA_SUFFIX}"
# (a name starts after no letter or hyphen, or after a wire's dashes: "Calif.--(BUSINESS WIRE)--Vantiq Silicon, Inc.")
_RUN_START = r"(?:(?<![\w&'’-])|(?<=--))"
_RUN_RE = re.compile(rf"{_RUN_START}{_RUN}(?![\w-])")
# An amount's start, after its hedge or article: "about $4bn", "a further US$300 million", "₩3.2 trillion", "SEK 4
# billion", "4 billion kronor"
_AN_AMOUNT = (r"(?:(?:about|roughly|nearly|some|around|close\s+to|more\s+than|up\s+to|as\s+much\s+as|an\s+estimated|an?"
              r"|further|additional)\s+){0,2}(?:(?:US|S|A|C|HK|NT|R|MX)?[$€£¥₹₩₦](?:A|US|NZ)?\s?"
              r"|(?:" + "|".join(CURRENCY_CODES) + r"|Rp|RM|KSh|DKr|SKr|NKr|Rs\.?)\s?"
              r"|(?=\d[\d.,]*\s+(?:million|billion|trillion|crore|lakh)\s+(?:[A-Z][a-z]+\s+)?(?:euros|pounds|yen|won|rupees"
              r"|riyals|dirhams|francs|ringgit|kronor|kroner|crowns|reais|rupiah|zloty|baht|rand|pesos|lira|yuan|dollars)\b))\d")
# what a company bought is, before its name: "acquire privately held Frostline", "buy venture-backed Tessaline"
_HELD = r"(?:(?:privately|closely|family|venture|founder|state|employee)[\s-](?:held|owned|backed|run)\s+)?"
# ... or what it does: "acquire chip designer Corvid Silicon", "buy cooling specialist Frostline"
_KIND_BEFORE = (r"(?:(?:[a-z][\w-]*\s+){0,2}?(?:maker|specialist|operator|developer|startup|start-up|provider|firm|designer"
                r"|supplier|company|investor|fund|manager|utility|miner|neocloud|group)\s+)?")
_DEAL_NOUNS = r"(?:deal|agreement|contract|pact|partnership|lease|memorandum|MoU|term\s+sheet|facility|loan)s?"
# "the Redmond group", "the Santa Clara chipmaker": a company told by its home town, no name
_TOWN_DESCRIBES = (r"(?![ \t]+(?:&[ \t]+)?(?-i:[A-Z]))(?!\s+(?:group|giant|company|firm|maker|chipmaker|chip\s+maker|chip\s+designer|major|titan|outfit"
                   r"|start-?up|tech\s+group|software\s+(?:group|company|giant|maker)|search\s+giant|cloud\s+giant)\b)")
# Deal phrasing, from the verb on: the party before the verb is the capitalised run ending just before it.
_DEAL_VERBS = [
    rf"(?:(?:has|have|had)\s+)?(?:signed|inked|struck|sealed|reached|entered\s+into|finali[sz]ed|forged|expanded"
    rf"|extended|renewed|amended|announced|confirmed|disclosed|approved)\b"
    # (and "Lumora Cloud signed a $2 billion agreement to supply Meta": the subject, before the verb)
    rf"[^;:!?\n]{{0,80}}?\b{_DEAL_NOUNS}\s+(?:with\s+(?:the\s+)?(?P<y0>{_RUN})(?![\w-]){_TOWN_DESCRIBES}"
    # ("signed a contract worth 1.1 trillion won to supply")
    rf"|(?:(?:worth|valued\s+at)\s+[^;:!?\n]{{1,40}}?\s+)?"
    rf"(?=to\s+(?:supply|provide|deliver|build|lease|sell|host|power|buy|purchase|acquire|rent|deploy)\b))",
    # (what follows is read on its own)
    rf"(?:will|would|to|has\s+agreed\s+to|agreed\s+to|is\s+set\s+to|plans\s+to)\s+"
    rf"(?:supply|provide|deliver)\s+(?P<y1>{_RUN})",
    # (and a headline's "Brightwater Capital to buy Cardinal Hosting")
    rf"(?:(?:(?:has|have|had)\s+)?(?:agreed|agrees|plans|planned|is\s+set|was\s+set|offered|offers|"
    rf"is\s+poised)\s+)?to\s+(?:buy|acquire|purchase|take\s+over)\s+{_HELD}{_KIND_BEFORE}(?P<y2>{_RUN})",
    rf"(?:acquires|acquired|will\s+acquire|is\s+acquiring|has\s+acquired|"
    rf"completed\s+(?:its|the)\s+acquisition\s+of)\s+{_HELD}{_KIND_BEFORE}(?P<y3>{_RUN})",
    rf"(?:(?:has|have|had|will|would|is|was)\s+)?(?:agreed\s+to\s+|plans\s+to\s+)?"
    rf"(?:invest|invests|invested|investing)\b[^;:!?\n]{{0,60}}?\bin\s+(?:the\s+)?"
    rf"(?:[A-Za-z][\w-]*\s+){{0,3}}?(?:startup|start-up|company|firm|developer|provider|operator|maker|lab|"
    rf"unicorn)\s+(?P<y4>{_RUN})",
    rf"(?:partners|partnered|is\s+partnering|has\s+partnered|will\s+partner|teams\s+up|teamed\s+up|"
    rf"has\s+teamed\s+up|joins\s+forces|joined\s+forces)\s+with\s+(?:the\s+)?(?P<y5>{_RUN})",
    rf"(?:take|takes|took|taken|taking|buy|buys|bought|buying|acquire|acquires|acquired)\s+an?\s+(?:[\w.%$€£¥₹₩-]+\s+){{0,3}}?"
    rf"stake\s+in\s+(?P<y6>{_RUN})(?![\w-])(?!['’]s)(?!\s+[A-Z])(?!\s+[a-z][\w-]*\s+[A-Z])"
    # (not "a stake in Crystal Land, the $1 trillion manufacturing hub": a project, not a company)
    rf"(?!,\s+(?:the|a|an)\s+[^,;]{{0,60}}?\b(?:hub|project|campus|site|park|venture|complex|plant)\b)",  # (not "a stake in Bitcoin miner TeraWulf")
    # "Brightline Capital and Orchard Ventures joined the $300 million round": the backers (the runs before the verb)
    r"(?:(?:also|have|has|had)\s+)?(?:joined|participated\s+in|took\s+part\s+in|co-led|led)\s+(?:the|a|an|its)\s+"
    r"(?:[\w$€£.,-]+\s+){0,4}?(?:round|raise|financing|funding)\b",
    # "a 900-megawatt data center that Lone Star Compute plans", "reactors that TerraWatt Nuclear plans to build": the
    # company whose site it is
    rf"(?:campus|data\s+cent(?:er|re)|site|facility|project|plant|reactors?|cluster|hub)\s+(?:that|which)\s+"
    rf"(?P<y13>{_RUN})\s+(?:plans|planned|is\s+building|was\s+building|will\s+build|builds|built|operates|runs"
    rf"|is\s+developing|develops|owns|is\s+planning)\b",
    # "Ridgeline Digital Infrastructure will build a 1.2-gigawatt data center for Oracle": the builder (the run before
    # the verb) and the one it builds for
    rf"(?:will|would|to|plans\s+to|agreed\s+to|is\s+set\s+to)\s+(?:build|develop|construct)\b[^;:!?\n]{{0,60}}?\bfor\s+"
    rf"(?:the\s+)?(?P<y15>{_RUN})",
    # "Korvex Energy will build a 1.2 GW AI campus near Odessa": the builder of a site of its own (the run before)
    r"(?:will|would|to|plans\s+to|is\s+set\s+to|agreed\s+to)\s+(?:build|develop|construct)\s+(?:a|an|its)\s+"
    # (the site's noun is left to the next phrase: "... a data center that Pecan Ridge Compute plans")
    r"[^;:!?\n]{0,40}?(?=\b(?:campus|data\s+cent(?:er|re)|facility|supercomputer|AI\s+factory)\b)",
    # "Tessaly Labs has ordered 24,000 MI355X accelerators": the buyer (the run before the verb)
    # ("Rimal Compute will buy around 18,000 of Nvidia's most advanced processors")
    r"(?:(?:(?:has|have|had|will|plans\s+to|is\s+to)\s+)?(?:ordered|orders|order|buy|buys|bought|purchase[sd]?|deploy"
    r"|deploys|deployed|install|installs)|(?:is|are)\s+(?:deploying|installing))\s+(?:(?:about|around|some|roughly|nearly|more\s+than|up\s+to|another)\s+)?"
    r"\d[\d,.]*\s*(?:[\w'’-]+\s+){0,4}?(?:GPUs|chips|accelerators|servers|processors|racks|systems)\b",
    # "a joint venture with Nordvik Data": the partner
    rf"(?:joint\s+venture|JV|tie-up|alliance|partnership)\s+with\s+(?:the\s+)?(?P<y14>{_RUN})",
    # "Nvidia's investment in Albion Compute", "a $210 million investment in Hanbit": the company the money goes into
    # ("a $600 million Series B in Stratum Infra": read from "in", after the round's letter)
    # ("a lead investment in Helix Forge's $1.25 billion round": the company whose round it is)
    rf"(?:(?:investments?|stakes?|round|raise)\s+|(?<=Series\s[A-H]\s))in\s+(?P<y12>{_RUN})(?![\w-])"
    rf"(?!['’]s(?!\s+(?:[\w$€£¥.,-]+\s+){{0,3}}?(?:round|raise|funding|Series)\b))(?!\s+[A-Z])"
    rf"(?!,\s+(?:the|a|an)\s+[^,;]{{0,60}}?\b(?:hub|project|campus|site|park|venture|complex|plant)\b)",
    # "Redcliff Data has landed Oracle as the anchor tenant": the landlord (the run before the verb) and its tenant
    rf"(?:(?:has|have|had)\s+)?(?:landed|signed|won|secured|added)\s+(?P<y7>{_RUN}|[a-z]+[A-Z][\w-]*)\s+as\s+(?:a|an|the|its)\s+"
    rf"(?:[\w-]+\s+){{0,2}}?(?:tenant|customer|client)s?\b",
    # "Harrowgate Compute will buy 12,000 GPUs from Dell", "rents capacity from Brightwater Data": the buyer (the run
    # before the verb) and the seller
    rf"(?:(?:will|would|to|has|have|had|is|are|was)\s+)?(?:(?:agreed|agrees|plans|planned|set)\s+to\s+)?(?:buy|buys"
    rf"|bought|buying|purchase[sd]?|purchasing|rent|rents|rented|renting|lease|leases|leased|leasing|procure[sd]?|procuring"
    # ("has contracted 18,000 GPUs of capacity from", not "has contracted Primoris to build")
    rf"|order|orders|ordered|ordering|source|sources|sourced|sourcing|contracted(?=\s+(?:about\s+|some\s+|roughly\s+)?\d))\b"
    rf"[^;:!?\n]{{0,60}}?\bfrom\s+(?:the\s+)?(?P<y8>{_RUN})",
    # "Veltrix Cloud has agreed to lease 200 MW to Microsoft": the seller and the buyer
    rf"(?:(?:will|would|to|has|have|had|is|are|was)\s+)?(?:(?:agreed|agrees|plans|planned|set)\s+to\s+)?(?:lease|leases"
    rf"|leased|leasing|sell|sells|sold|selling|supply|supplies|supplied|supplying|provide|provides|provided|providing"
    rf"|lend|lends|lent|lending|extend|extends|extended|extending"
    rf"|deliver|delivers|delivered|ship|ships|shipped)\b[^;:!?\n]{{0,60}}?\bto\s+(?:the\s+)?(?P<y9>{_RUN})",
    # "a campus run by Kestrelwood", "a round led by Quarrystone Ventures": the one who runs or leads it
    rf"(?:run|operated|owned|managed|led|co-led|backed|arranged|syndicated)\s+by\s+(?P<y10>{_RUN})",
    # "Cerulean Power and Microsoft signed a 20-year agreement": both named before the verb (the run before "and")
    # ("Hanbit Networks and Amazon will jointly build", "Rheinwerk Energie and Nvidia are to build")
    rf"and\s+(?P<y11>{_RUN})\s+(?:(?:have|has|had|will|would|are\s+to|plan\s+to|jointly)\s+){{0,2}}(?:signed|struck|inked"
    rf"|sealed|agreed|formed|build|develop|invest|launch)\b",
    # "Kairo Compute said it had signed a contract with OpenAI": the subject who says it did
    # ("Tidewater AI said on Monday it had raised", "Saltmarsh Cloud said its contract with Meta")
    r"said\s+(?:on\s+\w+\s+)?(?:that\s+)?(?:it\s+(?:had|has|would|will)\s+(?:signed|struck|inked|sealed|agreed|won|secured"
    r"|raised|closed|bought|acquired|landed|ordered)\b|its\s+(?=(?:[\w-]+\s+){0,2}?(?:contract|deal|agreement|order|lease"
    r"|investment|round|loan|acquisition|purchase)s?\b)"
    # ("Verda said the new money, close to half a billion dollars, will pay for ...": the company that raised it)
    r"|the\s+(?:new|fresh)\s+(?:money|funding|capital|equity|cash)\b)",
    # "Lumenvale has raised US$1.2 billion in a Series D round", "Aldergrove Digital has secured £2.1bn of construction
    # financing": the subject of a round or a loan (the party is the run before the verb)
    # (a headline's present: "Brightwater lines up $2bn-plus in debt")
    r"(?:(?:has|have|had)\s+)?(?:raised|secured|closed|obtained|arranged|lined\s+up|landed|received|won|placed|priced"
    r"|issued|raises|secures|closes|obtains|arranges|lines\s+up|lands|receives|wins|places|prices|issues)\s+" + _AN_AMOUNT
    + r"[^;:!?\n]{0,80}?\b(?=(?:round|funding|financing|equity|loans?|debt"
    # ("Tessellate Labs raised $250 million in a Series B", "Pallas AI raised $900 million, led by Accel", "closed a
    # roughly $600 million raise"; the noun is left to the next phrase: "a $600 million loan from Arcadia Credit")
    r"|facility|notes|bonds?|capital|(?-i:Series)\s+[A-H]|led\s+by|valuation|valuing|valued|raise)\b)",
    # "Halcyon Compute raised $600 million, with Nvidia also taking part", "Halcyon is in talks to raise about $500
    # million": who raises money (the run before the verb)
    r"(?:(?:(?:has|have|had)\s+)?raised|(?:(?:is|was|are)\s+)?(?:in\s+talks|looking|seeking|plans|planning|aims|set)\s+to"
    r"\s+raise)\s+"
    + _AN_AMOUNT + r"[\d.,]*\s*(?:million|billion|trillion|mln|bn|m|b)\b",
    # "Microsoft will invest $750 million in Halvorsen Grid for a minority stake", "putting $2 billion into Lumora, the
    # Paris model developer": the company the money goes into, told by the stake it buys or by what it is (not "invest
    # $10 billion in Bastrop", a town)
    rf"(?:(?:will|would|has|have|had|is|are|was|to|plans\s+to|agreed\s+to)\s+)?"
    rf"(?:invest(?:s|ed|ing)?|put(?:s|ting)?|pour(?:s|ed|ing)?|inject(?:s|ed|ing)?|pump(?:s|ed|ing)?)\s+{_AN_AMOUNT}[\w.,]*"
    rf"(?:\s+(?:million|billion|trillion|bn|mn|m|crore|lakh\s+crore))?(?:\s+(?:[A-Z][a-z]+\s+)?(?:euros|pounds|yen|won"
    rf"|rupees|yuan|dollars|crowns|kronor|kroner|francs|riyals|dirhams|ringgit|reais|rupiah|baht|rand|pesos|lira|zloty"
    rf"|dong|shekels))?\s+(?:in|into)\s+(?:the\s+)?{_KIND_BEFORE}(?P<y27>{_RUN})"
    rf"(?=\s+for\s+(?:an?\s+)?(?:[\w.%-]+\s+){{0,2}}?(?:stake|shares|equity|holding|shareholding)\b"
    rf"|,\s+(?:the|a|an)\s+(?:[\w-]+\s+){{0,4}}?(?:developer|startup|start-up|company|firm|maker|lab|operator|provider"
    rf"|designer|neocloud)\b(?!['’]s)(?!\s+(?:said|says|told|added|announced|confirmed)\b))",
    # ("Pinecrest Capital will invest $1.5 billion in Caldera Digital": a name that says it is a firm, read below)
    rf"(?:(?:has|have|had|will|would|is|was)\s+)?(?:agreed\s+to\s+|plans\s+to\s+)?(?:invest|invests|invested)\s+"
    rf"{_AN_AMOUNT}[^;:!?\n]{{0,30}}?\bin\s+(?P<y30>{_RUN})(?![\w-])(?!['’]s)(?!\s+[A-Z])",
    # "Hanul Datacenter will invest ₩3.2 trillion", "Bluegrass Hyperscale will spend about $4bn": the spender (the run
    # before the verb)
    r"(?:(?:will|would|plans\s+to|planned\s+to|is\s+set\s+to|is\s+to|has\s+pledged\s+to|pledged\s+to|intends\s+to"
    r"|aims\s+to|agreed\s+to)\s+(?:invest|spend|commit)|is\s+investing|is\s+spending|is\s+committing|has\s+invested"
    # ("Ardmore Pension Trust has committed C$2 billion to the buyout")
    r"|has\s+spent|(?:has\s+|have\s+)?committed|commits)\s+" + _AN_AMOUNT,
    # "Ashvale Digital agreed to pay $240 million for a site": the payer (what it pays for is read from "pay" on)
    # ("Orrin has agreed to pay the New Jersey cloud provider up to $2.5 billion": the payee told by what it is)
    r"(?:(?:has|have|had)\s+)?(?:will|would|agreed\s+to|plans\s+to|is\s+to)\s+(?=pay\s+(?:the\s+(?:[\w-]+\s+){1,4}?)?"
    + _AN_AMOUNT + ")",
    # "Rheinwerk Cloud has won a $1.5 billion contract": the winner (the run before the verb)
    # (a headline's bare noun: "Seorin Semiconductor wins 1.1 trillion won HBM order")
    r"(?:(?:has|have|had)\s+)?(?:won|wins|landed|lands|clinched|bagged)\s+(?:(?:a|an)\s+)?(?:[\w$€£¥₹₩.,-]+\s+){0,4}?"
    r"(?<!court\s)(?<!restraining\s)(?<!gag\s)(?:contract|order|award|tender)\b",
    # "Northfield Digital has secured up to 300 MW of power": who secures the capacity (the run before the verb)
    r"(?:(?:has|have|had|will)\s+)?(?:secured|secures|obtained|contracted|locked\s+in|lined\s+up)\s+(?:(?:up\s+to|about"
    r"|roughly|nearly|some|more\s+than)\s+)?\d[\d,.]*\s*(?:MW|GW|megawatts|gigawatts)\b",
    # ("Stratos Grid will supply 350 megawatts to an AI campus": the seller, its buyer told by what it builds)
    r"(?:(?:has|have|had|will|would|is\s+to)\s+)?(?:supply|supplies|supplied|deliver|delivers|delivered|provide|provides"
    r"|provided)\s+(?:(?:up\s+to|about|roughly|nearly|some|more\s+than)\s+)?\d[\d,.]*\s*(?:MW|GW|megawatts|gigawatts)\b",
    # "Marlowe Compute is borrowing $300 million": the borrower (the run before the verb)
    r"(?:(?:has|have|had|is|are|was|will|would|plans\s+to)\s+)?(?:borrowed|borrowing|borrow)\s+" + _AN_AMOUNT,
    # "AMD is paying $1 billion for Corvane", "CoreWeave's purchase of Halden Data": the company bought
    rf"(?:paying|pays|paid|pay)\s+{_AN_AMOUNT}[\w.,]*(?:\s+(?:million|billion|bn|m|mn))?\s+for\s+(?P<y16>{_RUN})",
    rf"(?:purchase|acquisition|takeover|buyout)\s+of\s+(?P<y17>{_RUN})",
    # "Quillon AI is being acquired by AMD", "Ostrava Cloud has been chosen by the Commission": the one the passive
    # tells (the run before the verb) and who acts on it
    rf"(?:is\s+being|has\s+been|have\s+been|had\s+been|was|were|will\s+be|is\s+to\s+be)\s+(?:acquired|bought|purchased|chosen"
    rf"|selected|picked|backed|funded|financed|hired|tapped)\s+by\s+(?:the\s+)?{_KIND_BEFORE}(?P<y25>{_RUN})",
    # "Microsoft will pay Lumora Cloud up to $9 billion": the one paid (the payer is the run before the verb)
    rf"(?:(?:will|would|to|has\s+agreed\s+to|agreed\s+to)\s+)?(?:pay|pays|paid|paying)\s+(?P<y18>{_RUN})\s+{_AN_AMOUNT}",
    # "debt financing from Crestmoor Credit", "a loan from Harbour Bank": the lender or backer (the run before is none)
    # ("a $420 million credit line from Banorte", "in debt and equity from Norfund", "a facility of up to $5 billion
    # from Macquarie")
    rf"(?:loans?|debt|financing|credit\s+(?:facility|lines?)|facility|funding|investment|backing|equity)"
    rf"(?:\s+of\s+{_AN_AMOUNT}[\d.,]*(?:\s?(?:billion|million|trillion|bn|mn|m)\b)?)?\s+from\s+(?:the\s+)?(?!Series\s)(?P<y19>{_RUN})"
    # (not what describes the lenders: "from Nordic banks", "from Gulf investors")
    rf"(?![\w-])(?!\s+(?:banks|lenders|investors|funds|institutions|backers|pension\s+funds)\b)",
    # "existing investors Lightwell Ventures and Nvidia", "backers including Tamar Capital": the backers
    rf"(?:investors|backers|lenders|shareholders)\s+(?:including\s+|such\s+as\s+)?(?P<y20>{_RUN})",
    # "awarded Albion Hypercompute a £410m contract": the one awarded (the run before is the one awarding)
    rf"(?:awarded|awards|handed)\s+(?P<y21>{_RUN})\s+(?:a|an)\s+(?:[\w$€£¥₹₩.,-]+\s+){{0,4}}?"
    rf"(?:contract|deal|grant|order|award|subsidy|loan)\b",
    # "Macquarie lent Halden Compute RM1.2 billion": the one lent to (the run before the verb lends)
    rf"(?:lend|lends|lent|lending)\s+(?P<y29>{_RUN})\s+" + _AN_AMOUNT,
    # "India has picked Vyoma Datacentres to supply": the one picked
    rf"(?:picked|selected|chose|chosen|tapped|hired)\s+(?P<y23>{_RUN})\s+to\s+(?:supply|build|provide|deliver|run"
    rf"|operate|host|develop)\b",
    # "the wind power deal between Talvik and Meta": both sides
    rf"{_DEAL_NOUNS}\s+between\s+(?P<y24>{_RUN})(?=,?\s+and\s+)",
    # "Microsoft's Norwegian lease with Nordvik", "its contract with Halden": a deal told by its noun, and whom it is with
    # (not "its deal with the Redmond group": a company told by its home town)
    rf"{_DEAL_NOUNS}\s+with\s+(?:the\s+)?(?P<y28>{_RUN})(?![\w-]){_TOWN_DESCRIBES}",
    # "..., with the Canada Growth Fund also participating", "with Tamar Capital joining": a backer of the round told
    # ("with sponsor Ironpeak Digital putting in $1.1 billion of equity")
    rf"with\s+(?:the\s+)?(?:(?:[a-z][\w-]*\s+)?(?:sponsor|investor|backer|partner|lender|fund|firm)\s+)?(?P<y26>{_RUN})\s+"
    rf"(?:also\s+)?(?:participating|taking\s+part|joining|investing|contributing|co-investing|putting\s+in"
    rf"|chipping\s+in|providing)\b",
    # "Halvorsen Grid valued at $6.2 billion as Microsoft takes stake": the company valued (the run before the verb)
    r"(?:(?:is|was|has\s+been|being)\s+(?:now\s+)?)?valued\s+at\s+" + _AN_AMOUNT,
    # "Kitaura Digital will receive ¥64 billion from METI": the recipient (the run before the verb)
    r"(?:(?:will|would|is\s+to|has|had|is\s+set\s+to)\s+)?(?:receive|receives|received)\s+" + _AN_AMOUNT,
]
# the lookahead holds the first letters of the verbs above: most positions fail at once
_DEAL_LETTERS = "abcdefhijlmoprstvw"
_DEAL_RE = re.compile(rf"(?<=[ \t])(?=[{_DEAL_LETTERS}])(?:" + "|".join(_DEAL_VERBS) + ")")
_TOWN_AFTER = re.compile(r",[ \t]+(?P<place>[A-Z][\w.]*(?:[ \t][A-Z][\w.]*)?)(?!\w)")
_LOAN_BEFORE = re.compile(r"\b(?:loans?|debt|financing|facility|credit|bonds?|notes)\b", re.I)
_SHARE_OF = re.compile(r"(?:%|\bper\s?cent|\b(?:majority|minority|controlling))\s+(?:[\w-]+\s+)?stakes?\s+in\s+$", re.I)
_HARDWARE = re.compile(r"\b(?:GPUs|chips|accelerators|servers|processors|racks|systems)\b")
_NO_DOER_BEFORE = ("y10", "y12", "y13", "y14", "y17", "y19", "y20", "y24", "y26", "y28")  # the phrasings whose run before the verb is no party
_SENTENCE_STOP = re.compile(r"\.(?!\d)(?=\s)")
# A company's own deal, told with its possessive: "Austral Compute's Microsoft contract", "Kestrel's $650 million
# financing"; or its site, after a preposition: "1.1 gigawatts at Ridgeline Digital's campus", "for Bluegrass
# Hyperscale's planned $4 billion campus" (not a person's or a place's: those fail `_deal_party`)
# (found from its possessive, which few positions hold, then the name that ends right before it)
_POSSESSIVE_DEAL = re.compile(r"(?=['’])['’]s\s+(?:(?:[\w$€£¥₹₩.,-]+\s+){0,3}?"
                              r"(?:contract|deal|agreement|order|lease|loan|financing|funding\s+round|raise|debt\s+package|PPA"
                              r"|credit\s+facility|acquisition|takeover|purchase)s?"
                              r"|(?P<site>(?:[\w$€£¥₹₩.,-]+\s+){0,4}?(?:campus|site|facility|facilities|data\s+cent(?:er|re)s?"
                              r"|plant|cluster)))\b")
_RUN_ENDING = re.compile(rf"{_RUN_START}(?P<x>{_RUN})$")
_SITE_OWNER_AFTER = re.compile(r"\b(?:at|from|for|to)\s+$")  # "at Ridgeline Digital's campus"
_RUN_BEFORE_RE = re.compile(rf"{_RUN_START}(?P<x>{_RUN})[ \t]+$")
# ... or before a clause that tells what it is: "Feldberg AI, which builds models for factories, has raised"
# ... or before what it says it does: "Hanmaru Telecom said on the 14th that it will invest", "Caldera said it had been
# selected by"
_RUN_BEFORE_SAID = re.compile(rf"{_RUN_START}(?P<x>{_RUN})[ \t]+(?:said|says|announced|confirmed)(?:[ \t]+(?:on|in|late"
                              rf"|early|last|this)[ \t]+[^,;:.\n]{{1,25}}?)?,?[ \t]+(?:that[ \t]+)?it[ \t]+$")
# ("Stratos Grid (the utility spun out of Lonestar Energy) will supply": the doer before an aside in brackets)
# (a venture or a site told in apposition is no doer: "Stargate, the joint venture of OpenAI and ...", "Hyperion, the Meta
# campus in Louisiana, has secured")
_RUN_BEFORE_CLAUSE = re.compile(rf"{_RUN_START}(?P<x>{_RUN})(?:,[ \t]+(?:which|a|an"
                                # ("Makara Digital, Indonesia's largest colocation firm, has agreed to buy")
                                rf"|(?-i:[A-Z])[\w-]*['’]s(?=[ \t](?:[a-z][\w-]*[ \t]+){{0,3}}?(?:firm|company|operator|provider"
                                rf"|developer|startup|start-up|utility|lender|builder|neocloud|landlord|group|miner),)"
                                rf"|the(?![^,;:()\n]{{0,60}}\b(?:venture|project|JV|consortium|campus|site|cluster|supercomputer"
                                rf"|facility|data[ \t]cent(?:er|re)|plant)\b))[ \t][^,;:()\n]{{3,80}},"
                                rf"|[ \t]+\((?:the|a|an|which|whose|formerly)[ \t][^;:()\n]{{3,100}}\))[ \t]+$")
# What a company is, right before its name in apposition: "data centre firm EcoDataCenter", "bitcoin miner Cipher".
# the descriptor follows a word of its own: "data centre firm ", "UK neocloud ", "French AI startup "
_DESCRIPTOR_BEFORE = re.compile(r"(?:[a-z]|\b[A-Z]{2,3}) \S+ $")
_DESCRIPTOR_WORDS = tuple(f" {word} " for word in "firm company operator provider developer startup start-up miner maker "
                    "builder specialist neocloud utility cooperative co-op lender landlord designer supplier fund investor "
                    "manufacturer producer hyperscaler lab house integrator".split())


# (the words before such a descriptor describe too: "acquire Ottawa GPU hosting firm NorthPeak Compute")
_DESCRIPTOR_AFTER = re.compile(r"(?:[ \t]+[a-z][\w-]*){0,2}?(?:" + "|".join(_DESCRIPTOR_WORDS)
                               + r")(?-i:[A-Z])")


# ... or right after it, in apposition: "Ridgeline Geothermal, a Reno-based startup," (not a person's "a developer at")
# ("Kestrel Compute, the GPU cloud startup that last month ...": "the" with a relative clause too, not "in Osaka, the
# telecom operator said", an attribution)
_APPOSITION_NOUN = (r"(?:(?!(?:of|at|for|by|with|whose|who|where|that|a|an|the|and|former|veteran|longtime|retired|senior"
                    r"|rival)\b)[\w.'’-]+\s+){0,5}?(?:firm|company|operator|provider|startup|start-up|neocloud|utility"
                    r"|chipmaker|miner|maker|lender|developer|builder|producer|generator|supplier|manufacturer|investor"
                    r"|bank|conglomerate)(?![\w-])")
# ("Serrano AI, one of the few Spanish companies training models,")
_APPOSITION_KIND = (r"(?:(?!(?:of|at|for|by|with|whose|who|where|that|a|an|the|and)\b)[\w.'’-]+\s+){0,5}?(?:firms|companies"
                    r"|operators|providers|startups|start-ups|neoclouds|utilities|chipmakers|developers|builders|labs)\b")
# the words that go on telling what the company is ("a startup based in", "the developer of", "building")
_DESCRIBING_ON = (r"of|based|headquartered|that|which|whose|building|developing|making|running|operating|offering"
                  r"|providing|backed|focused|specialising|specializing|designing|training|selling|renting|supplying")
_APPOSITION_AFTER = re.compile(r",\s+(?:an?\s+" + _APPOSITION_NOUN
                               # (the noun ends the apposition: "a cloud provider, said", not "a provider of ...")
                               + r"(?=\s*[,;.)]|\s+(?:said|says|will|would|has|have|had|is|was|agreed|signed|won|announced"
                               r"|plans|raised|" + _DESCRIBING_ON + r")\b)"
                               # ("Fjordline Cloud, the Bergen-based GPU rental company, has secured", not "in Osaka, the
                               # telecom operator said")
                               r"|the\s+" + _APPOSITION_NOUN + r"(?=\s+(?:" + _DESCRIBING_ON + r")\b|\s*[,;)])"
                               r"|one\s+of\s+the\s+" + _APPOSITION_KIND + ")")


# ... or a relative clause telling what it makes: "Lightlane, which makes optical links for AI clusters,"
_WHICH_MAKES = re.compile(r",\s+which\s+(?:makes|builds|develops|designs)\s+[a-z]"
                          # (or what it owns: "Ridgeway, whose portfolio totals 420MW", "Lumenic, whose shares")
                          r"|,\s+whose\s+(?:[\w-]+\s+)?(?:portfolio|campus|campuses|data\s+cent(?:er|re)s|sites|shares|stock"
                          r"|investors|backers|customers|valuation|revenue|chips|clusters|fleet)\b")
# the next name of a list ("with Commonwealth Bank and National Australia Bank", "Brightline Capital and Orchard
# Ventures joined"): each is a party as the first is
_LIST_NEXT = re.compile(rf",?[ \t]+and[ \t]+(?P<x>{_RUN})|,[ \t]+(?P<z>{_RUN})(?=,|[ \t]+and\b)")
_LIST_BEFORE = re.compile(rf"{_RUN_START}(?P<x>{_RUN})(?:,[ \t]+|,?[ \t]+and[ \t]+)$")


def _bare(token: str) -> str:
    """A token without a possessive or a trailing full stop."""
    if token[-2:] in ("'s", "’s"):
        token = token[:-2]
    elif token[-1:] in ("'", "’"):
        token = token[:-1]
    return token.rstrip(".")


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 4): start].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?\n:"


def _looks_generic(words: list[str]) -> bool:
    """True when every word is a common, generic or place word: not a name."""
    return all(w in _STOP_WORDS or w in _GENERIC_WORDS or w in _PLACE_WORDS for w in words)


def _describes(words: list[str]) -> bool:
    """Whether a run describes a company rather than naming it: "Abu Dhabi-based", "Musk-backed", "We’ve"."""
    return any(_DESCRIBING.search(w) for w in words)


# a hyphenated participle ("-based", "-backed", "-owned") or a contraction ("We’ve", "They’re") is never a name
_DESCRIBING = re.compile(r"-(based|backed|owned|led|controlled|funded|listed|headquartered|focused|run|operated|founded)$"
                         r"|['’](ve|re|ll|d|m)$|n['’]t$", re.I)
# the start of a capitalised run up to a hyphenated participle that describes what comes next ("Abu Dhabi-based ")
_DESCRIBED_RUN = re.compile(r"(?:[A-Z][\w.&'’]*[ \t]+){0,2}[A-Z][\w.&'’]*-(?:based|backed|owned|headquartered|listed"
                            r"|controlled|funded|founded)[ \t]+")
# (not an office, a body of the state or a programme: "Japan's Economy Minister said", "Korea's Fair Trade Commission has")
_OFFICE_WORDS = frozenset("Minister Ministry Secretary General Commission Commissioner Council Office Bureau Treasurer Mission "
                          "Zone Roadmap Authority Agency Department Regulator Court Parliament Assembly Senate Governor Mayor "
                          "President Presidential Premier Chancellor Attorney Police Administration Government Cabinet "
                          "Committee Tribunal Board Strategy Plan Programme Program Initiative".split())
# (what follows a clause's subject: its verb)
_SUBJECT_NEXT = re.compile(r"\s+(?:(?:will|would|has|have|had|said|says|signed|agreed"
                           r"|closed|completed|plans|planned|won|secured|raised|struck|inked|announced|unveiled|took|takes"
                           r"|bought|buys|acquired|formed|led|co-led|committed|invested|picked|chose|selected|ordered"
                           r"|placed|landed|expects|intends|aims|is\s+set)\b)")


def _whole_place(words: str) -> bool:
    """Whether the words are a place's name, whole ("Singapore", "Abu Dhabi", "Britain")."""
    return any(start == 0 and end == len(words) for start, end, _ in load_places().spans(words))


# a capitalised run ending in a weak suffix right before what a company is describes it ("a Munich AI cloud", "the
# San Francisco AI start-up"): a company's name comes before such a noun only in apposition ("French AI startup Mistral")
_COMPANY_NOUN_AFTER = re.compile(r"\s+(?:start-?ups?|compan(?:y|ies)|firms?|labs?|developers?|providers?|operators?"
                                 r"|champions?|players?|sector|industry)\b")
# a capitalised run right before one of these nouns names a project or a site ("the Sines AI hub"), not a company
_SITE_NOUN_AFTER = re.compile(r"\s+(hub|campus|project|cluster|site|zone|park|region|gigafactory|factory|"
                              r"supercomputer|initiative|programme|program|facility|plant|data\s+cent(?:er|re)s?)\b")


# ... or a word or two later ("power from the Comanche Peak nuclear plant", "space at the Redwood data center")
_SITE_AFTER = re.compile(r"(?:\s+[a-z][\w-]*){0,2}\s+(?:plant|station|reactor|dam|farm|campus|site|facility|project|hub"
                         r"|park|cluster|region|data\s+cent(?:er|re)|substation|field)s?\b")


def _single_word_name(word: str, initial: bool) -> bool:
    """Whether one capitalised word on its own can be taken for an organisation's name."""
    if len(word) < 3 or _looks_generic([word]) or re.fullmatch(r"[A-Z]{2,5}s?", word):
        return False
    if initial and word.lower().endswith(("ing", "ed", "ly")):
        return False
    return True


_PLACE_OWNER = re.compile(r"((?:\S+\s+){0,2}?\S+)['’]s\s+(?=\S)")


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of a capitalised run without leading stop words or descriptors, possessives or a trailing dot."""
    words = text[start:end].split()
    for index, word in enumerate(words):
        # (a sentence opening on what the company is: "Neocloud Halcyon raised ...")
        if _bare(word) not in _STOP_WORDS and not (f" {word.lower()} " in _DESCRIPTOR_WORDS and index + 1 < len(words)):
            start = text.index(word, start)
            break
    else:
        return None
    surface = text[start:end]
    place = _PLACE_OWNER.match(surface)
    if place and (all(w in _PLACE_WORDS for w in place.group(1).split()) or load_places().find(place.group(1))
                  == {place.group(1)}):
        # "Australia's Austral Compute", "South Korea's Hanbit Networks": the company, not its country
        start += place.end()
        surface = text[start:end]
    owner = re.search(r"['’]s\s", surface)
    if owner and (" " in surface[:owner.start()] or _SITE_NOUN_AFTER.match(text, end)
                  or load_places().find(surface[owner.end():]) == {surface[owner.end():]}):
        # "Stack Infrastructure's EMEA platform", "Sagebrook's Reno campus": the name ends at its possessive (not
        # "Lowe's Companies")
        end = start + owner.start() + 2
        surface = text[start:end]
    if surface.endswith(("'s", "’s")):
        end -= 2
    elif surface.endswith(("'", "’", ".")) and _bare(surface.split()[-1]) not in _LEGAL_WORDS:
        end -= 1
    elif _bare(surface.split()[-1]) in _LEGAL_WORDS and text[end: end + 1] == ".":
        end += 1
    return start, end


def _organisation_name(surface: str) -> str:
    """The normalised name: blanks collapsed, possessive and legal suffix dropped."""
    words = surface.replace(",", " ").split()
    # (not when common words would be left: "International Finance Corporation" is no "International Finance")
    # ("Rheinhafen Daten GmbH & Co. KG": the ampersand between two legal words goes with them)
    while len(words) > 1 and (_bare(words[-1]) in _LEGAL_WORDS or words[-1] == "&" and _bare(words[-2]) in _LEGAL_WORDS) \
            and not _looks_generic([_bare(w) for w in words[:-1]]):
        words.pop()
    words[-1] = _bare(words[-1])
    if len(words) > 1 and words[0] == "PT":
        words.pop(0)  # Indonesia's prefix of a limited company: "PT Nusantara Digital Raya Tbk"
    return " ".join(words)


def _suffixed(text: str, start: int, end: int) -> bool:
    """Whether a capitalised run ends with a corporate suffix that makes it a company name."""
    words = [_bare(w).rstrip(",") for w in text[start:end].split()]
    if words[-2:] in (["Data", "Centers"], ["Data", "Centres"]):
        head = words[:-2]
    elif words[-1] in _LEGAL_WORDS or words[-1] in _WEAK_SUFFIXES:
        head = words[:-1]
    elif words[-1] == "Services" and len(words) > 2 and words[-2] in _ORG_WORDS:
        head = words[:-1]  # "Kaveri Cloud Services", "Tarn Data Services" (not "Emergency Services")
    else:
        return False
    while head and head[-1] in _LEGAL_WORDS | _WEAK_SUFFIXES:
        head.pop()
    if not head or _looks_generic(head) or _describes(head):
        return False
    if words[-1] in _WEAK_SUFFIXES and (_SITE_NOUN_AFTER.match(text, end) or _COMPANY_NOUN_AFTER.match(text, end)):
        return False  # what describes a site or a company: "the Sines AI hub", "the San Francisco AI start-up"
    if any(w.endswith(("'s", "’s")) for w in text[start:end].split()[:-1]):
        return False  # "Musk's AI" is a possession, not a name
    if words[-1] in _LEGAL_WORDS:
        return True
    if len(head) == 1:
        # (at a sentence's start too, where a name's second word is capitalised and a phrase's is not: "Hoshimi Cloud
        # plans", "Cheap power drew"; but not a compound or a participle: "Behind-the-meter Power", "Cooling Systems")
        initial = _sentence_initial(text, start)
        return _single_word_name(head[0], initial) and not (initial and re.search(r"-[a-z]", head[0]))
    return True


_TECH_ACRONYMS = frozenset("AI GPU HPC IT ML LLM GenAI".split())
_TRADE_NOUN_AFTER = re.compile(r"[ \t]+(?:cloud|lab|start-?up|firm|company|provider|operator|developer|maker|specialist)s?\b")


def _deal_party(text: str, start: int, end: int, described: bool = False) -> bool:
    """Whether a capitalised run next to a deal verb (or after what describes a company) can be taken for an
    organisation."""
    words = [_bare(w) for w in text[start:end].split()]
    if _describes(text[start:end].split()) or all(w in _LEGAL_WORDS for w in words):
        return False  # (nor a legal form alone: the "KGaA" of "Rheinwerk GmbH & Co. KGaA")
    if _looks_generic(words) and not (described and len(words) > 1 and words[-1] in _SUFFIX_ENDINGS):
        return False  # (after "Cork-based", a name of common words: "Atlantic Edge Data Centres")
    if 2 <= len(words) <= 3 and words[0] in _GIVEN_NAMES \
            and words[-1] not in _SUFFIX_ENDINGS and words[-1] not in _ORG_WORDS:
        return False  # "Elon Musk has raised", "Jensen Huang signed": a person (not "Tyler Technologies")
    if any(w in _PRESS_WORDS for w in words):
        return False  # "London-based Daily Telegraph reported": a newspaper, the source
    name = " ".join(words)
    if words[-1] in _PLACE_NOUNS or name in load_places().find(name):
        return False  # a town or a county: "an investment in Richland Parish", "power from Sweetwater"
    if len(words) > 1 and all(w in _TECH_ACRONYMS for w in words[1:]) and _TRADE_NOUN_AFTER.match(text, end):
        return False  # "the Denver GPU cloud", "a Paris AI start-up": a company told by its town and its trade
    if words[-1] in _SITE_ENDINGS or words[0] in _TITLES or words[0] in _NOT_COMPANY_OPENINGS:
        return False  # a plant or a dam, a person by title, a project or a ministry: "power from Hoover Dam"
    if _NAME_OF_BEFORE.search(text, max(0, start - 40), start) or (role := _ROLE_BEFORE.search(text, max(0, start - 30), start)) \
            and words[-1] not in _SUFFIX_ENDINGS and words[-1] not in _ORG_WORDS \
            and not (len(words) == 1 and role.group().lower().startswith("investor") and words[0] not in _GIVEN_NAMES
                     and _FIRM_INVESTOR.search(text, max(0, start - 40), start) is not None):
        # (one word after "investor" is a firm, as people are named in full: "infrastructure investor Altor")
        # the tail of a longer name ("Ministry of Economy"), a person by role ("Sequoia partner Alfred Lin"; not
        # "infrastructure investor Calder Peak Partners", whose last word says it is a firm)
        return False
    if len(words) == 1:
        return _single_word_name(words[0], _sentence_initial(text, start))
    return True


_PLACE_NOUNS = frozenset("County Parish Township Province Prefecture District Borough City Basin".split())
_SITE_ENDINGS = frozenset("Dam Island Center Centre Station Peak Plant Project Projects Act Campus Park Farm Reactor Supercluster "
                          "Supercomputer".split())
_NOT_COMPANY_OPENINGS = frozenset("Project Ministry Department Office Prime Vice Deputy Chancellor Premier Minister".split())
_NAME_OF_BEFORE = re.compile(r"(?-i:[A-Z])[\w.&'’-]*\s+of\s+(?:the\s+)?$")
# (in either case: "Chief Executive Wes Cummins")
# ("infrastructure investor Altor", not "investor Peltz", a person named by surname)
_FIRM_INVESTOR = re.compile(r"\b(?:infrastructure|equity|institutional|financial|strategic|sovereign|pension|venture|growth"
                            r"|state|private[\s-]equity|state-backed|state-owned)\s+investor\s+$", re.I)
_ROLE_BEFORE = re.compile(r"\b(?:partner|star|founder|co-founder|executive|investor|analyst|chief|director|manager|head"
                          r"|officer|president|chairman|chairwoman|ceo|cfo|cto)\s+$", re.I)


def _in_a_place(text: str, end: int) -> bool:
    """Whether the name ending at `end` is followed by the place it lies in ("Guadalajara, Mexico"): a town."""
    after = _TOWN_AFTER.match(text, end)
    return after is not None and bool(load_places().find(after.group("place")))


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the sorted, non-nested spans."""
    i = bisect.bisect_left(spans, (end, end))
    return any(s < end and start < e for s, e in spans[max(0, i - 3): i])


def _sayer_before(text: str, start: int) -> re.Match[str] | None:
    """The run that says "it" does what follows `start` ("Hanmaru Telecom said on the 14th that it will invest"), not a
    person told by a title ("Chief Executive Kari Holm said that it will")."""
    if not text.endswith(" it ", 0, start):
        return None
    said = _RUN_BEFORE_SAID.search(text, max(0, start - 100), start)
    if said is None or any(word in _TITLES or word in ("Executive", "Officer", "Director") for word in said.group("x").split()):
        return None
    return said


def _unknown_organisations(text: str, known: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    known_spans = sorted((m.start, m.end) for m in known)
    known_names = {m.name.lower() for m in known}
    spans: list[tuple[int, int]] = []
    for match in _RUN_RE.finditer(text):
        start, end = match.span()
        if text.endswith(_DESCRIPTOR_WORDS, max(0, start - 12), start) and _DESCRIPTOR_BEFORE.search(text, max(0, start - 15), start):
            # a name in apposition to what the company is: "data centre firm EcoDataCenter"
            if not _overlaps(known_spans, start, end) and (trimmed := _trim(text, start, end)) and _deal_party(text, *trimmed):
                spans.append(trimmed)
            continue
        if text.startswith(",", end) and (_APPOSITION_AFTER.match(text, end) or _WHICH_MAKES.match(text, end)):
            # a name followed by what the company is: "Kestrel Compute, a Denver-based cloud provider, said"
            if not _overlaps(known_spans, start, end) and (trimmed := _trim(text, start, end)) \
                    and _deal_party(text, *trimmed) \
                    and not (" " not in text[trimmed[0]:trimmed[1]] and _sentence_initial(text, trimmed[0])
                             and not _single_word_name(text[trimmed[0]:trimmed[1]], True)):
                spans.append(trimmed)
            continue
        if "s " in text[start:end] and (owner := _PLACE_OWNER.match(text, start, end)) and owner.end() < end \
                and _whole_place(owner.group(1)) and _SUBJECT_NEXT.match(text, end) \
                and not any(_bare(word) in _OFFICE_WORDS for word in text[owner.end():end].split()):
            # a name after its country's or town's possessive, as the subject of its clause, as after "-based":
            # "Singapore's Merlion Edge will rent ...", "Canada's Laurentian Pension Board will take a stake"
            if not _overlaps(known_spans, owner.end(), end) and (trimmed := _trim(text, owner.end(), end)) \
                    and _deal_party(text, *trimmed, described=True) and not _SITE_NOUN_AFTER.match(text, trimmed[1]):
                spans.append(trimmed)
            continue
        described = _DESCRIBED_RUN.match(text, start, end) if "-" in text[start:end] else None
        if described and described.end() < end:
            # a name after what describes it: "Singapore-based Lumenvale", "Abu Dhabi-backed Kaveri Compute"
            # (not a site: "its Brookfield-backed Teesside site")
            if not _overlaps(known_spans, described.end(), end) and (trimmed := _trim(text, described.end(), end)) \
                    and _deal_party(text, *trimmed, described=True) and not _SITE_NOUN_AFTER.match(text, trimmed[1]):
                spans.append(trimmed)
            continue
        run = match.group()
        # (or the name ends at its possessive: "Greyrock Data's Abilene campus")
        named = re.split(r"['’]s\s", run, maxsplit=1)[0] if "s " in run else run
        if _bare(run.rsplit(None, 1)[-1]) not in _SUFFIX_ENDINGS | {"Services"} \
                and _bare(named.rsplit(None, 1)[-1]) not in _SUFFIX_ENDINGS:
            continue
        if _overlaps(known_spans, start, end):
            continue
        trimmed = _trim(text, start, end)
        if trimmed and _suffixed(text, *trimmed):
            spans.append(trimmed)
    for match in _DEAL_RE.finditer(text):
        if _SENTENCE_STOP.search(text, match.start(), match.end()):
            continue  # the phrase ran past the end of a sentence (a full stop that is no decimal point)
        window_start = max(0, match.start() - 100)
        before = _RUN_BEFORE_RE.search(text, window_start, match.start()) \
            or _RUN_BEFORE_CLAUSE.search(text, max(0, match.start() - 140), match.start()) \
            or _sayer_before(text, match.start())
        # (what is "run by" or "led by" someone, what money goes into, a site and a partnership are no parties:
        # "a Series C led by Kleiner Perkins")
        doer_before = before if before is not None and not any(match.group(g) for g in _NO_DOER_BEFORE) \
            and not _PLACE_BEFORE.search(text, max(0, before.start("x") - 12), before.start("x")) else None
        parties = [doer_before.span("x")] if doer_before is not None else []
        parties += [match.span(g) for g in match.groupdict() if match.group(g)
                    # (one word after "from" may be a town, unless hardware is bought: "servers from Pellucid")
                    and (g != "y8" or " " in match.group(g) or _HARDWARE.search(match.group())
                         and not _in_a_place(text, match.end(g)))
                    # (what arranges a sale is a broker: only a loan's arranger lends)
                    and (g != "y10" or not match.group().startswith("arranged")
                         or _LOAN_BEFORE.search(text, max(0, match.start() - 80), match.start()) is not None)
                    # (money goes into a company whose name says it is one: "Albion Compute", not "Greater Manchester")
                    and (g != "y30" or " " in match.group(g) and _bare(match.group(g).split()[-1]) in _COMPANY_ENDINGS)
                    and (g != "y12" or " " in match.group(g) and _bare(match.group(g).split()[-1]) in _COMPANY_ENDINGS
                         # (or a share of it: "a 75% stake in Motivair", "a controlling stake in Tessera")
                         or _SHARE_OF.search(text, max(0, match.start() - 30), match.start(g)) is not None
                         # (or its round: "an investment in Helix Forge's $1.25 billion round")
                         or match.group(g).endswith(("'s", "’s")))]
        for index, (start, end) in enumerate(parties):
            if (described := _DESCRIBED_RUN.match(text, start, end)) and described.end() < end:
                start = described.end()  # "Munich-based Feldberg AI, which ...", "from New York-based Harbor Peak"
            trimmed = _trim(text, start, end)
            if not trimmed or not _deal_party(text, *trimmed) or _SITE_AFTER.match(text, trimmed[1]) \
                    or (index > 0 or doer_before is None) and _DESCRIPTOR_AFTER.match(text, trimmed[1]):
                continue
            spans.append(trimmed)
            # (the other names of its list, each a name of its own: not "Ministry of Economy, Trade and Industry")
            position = end
            while (after := _LIST_NEXT.match(text, position)) is not None \
                    and (listed := _trim(text, *after.span(after.lastgroup or "x"))) and _deal_party(text, *listed):
                spans.append(listed)
                position = after.end()
            if index == 0 and doer_before is not None:
                position = start
                while (earlier := _LIST_BEFORE.search(text, max(0, position - 80), position)) is not None \
                        and (listed := _trim(text, *earlier.span("x"))) and _deal_party(text, *listed) \
                        and not _SOURCE_BEFORE.search(text, max(0, listed[0] - 20), listed[0]):
                    spans.append(listed)
                    position = earlier.start()
    owners: set[tuple[int, int]] = set()
    for match in _POSSESSIVE_DEAL.finditer(text):
        # "Austral Compute's Microsoft contract", "Kestrel's financing": the company whose deal it is
        if (owner := _RUN_ENDING.search(text, max(0, match.start() - 80), match.start())) is None:
            continue
        if match.group("site") and not _SITE_OWNER_AFTER.search(text, max(0, owner.start() - 10), owner.start()):
            continue
        start, end = owner.span("x")
        if (described := _DESCRIBED_RUN.match(text, start, end)) and described.end() < end:
            start = described.end()
        if (trimmed := _trim(text, start, end)) and _deal_party(text, *trimmed) \
                and not _SITE_AFTER.match(text, trimmed[1]):
            spans.append(trimmed)
            owners.add(trimmed)
    found: list[Mention] = []
    last_end = 0
    firsts = {text[s:e].split()[0] for s, e in spans if " " in text[s:e]}
    known_firsts = {m.text.split()[0].lower() for m in known if m.kind == "company" and " " in m.text}
    for start, end in sorted(set(spans), key=lambda s: (s[0], -s[1])):
        if start < last_end or _overlaps(known_spans, start, end):
            continue
        surface = text[start:end]
        if surface in firsts:
            continue  # "Cipherwell Digital ... at Cipherwell's site": the first word of a name found too
        if gazetteer.find_companies(surface) or gazetteer.find_chips(surface) \
                or surface.split()[0].lower().rstrip(",") in known_names or surface.lower() in known_firsts:
            # (a known company's name in another case: "X-Energy Reactor Company" is X-energy; or the first word of a
            # known name the text writes: "Chunghwa Telecom ... at Chunghwa's data centre")
            continue
        if text[end:end + 2] in ("'s", "’s") and any(end + 2 < s <= end + 4 for s, _ in known_spans) \
                and (start, end) not in owners:
            continue  # "Elon Musk's xAI": the owner who describes a known company, not a party
        last_end = end
        found.append(Mention(kind="company", name=_organisation_name(surface), text=surface,
                             start=start, end=end, known=False))
    return sorted(found + _named_again(text, found, known_spans), key=lambda m: m.start) if found else found


_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|outside|around|across|of)\s+$", re.I)
_SOURCE_BEFORE = re.compile(r"\b(?:according\s+to|reported\s+by|told)\s+$", re.I)  # "According to TechSpot, Nvidia and ..."


def _named_again(text: str, found: list[Mention], known_spans: list[tuple[int, int]]) -> list[Mention]:
    """The other places where the text writes an organisation found once ("Kestrel Compute, a Denver-based cloud
    provider, ..." then "Kestrel Compute's chief executive"), by its whole name or by its first word when that word
    is a name of its own and no place ("Kestrel")."""
    forms: dict[str, str] = {}
    for mention in found:
        forms.setdefault(mention.name, mention.name)
        first = mention.name.split()[0]
        if " " in mention.name and _single_word_name(first, False) and not load_places().find(first):
            forms.setdefault(first, mention.name)
    pattern = re.compile(r"(?<![\w&'’-])(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
                         + r")(?![\w-])(?!\s+(?-i:[A-Z]))")
    taken = sorted([*known_spans, *((m.start, m.end) for m in found)])
    again: list[Mention] = []
    for match in pattern.finditer(text):
        if forms[match.group()] != match.group() and _PLACE_BEFORE.search(text, max(0, match.start() - 12), match.start()):
            continue  # ("Clearwater Compute ... a campus in Clearwater": the first word alone may be a place)
        if not _overlaps(taken, match.start(), match.end()):
            again.append(Mention(kind="company", name=forms[match.group()], text=match.group(),
                                 start=match.start(), end=match.end(), known=False))
    return again
