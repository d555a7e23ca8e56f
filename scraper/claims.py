"""Claims stage: `Article` -> claims (figures with roles, companies and chips) and the deals it states.

A figure belongs to the companies and chips of its sentence; figures of sentences that
name no second party belong to the deal the text is talking about at that point.
"""

from __future__ import annotations

import gc
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from .dates import MONTH_NAME, stated_before
from .figures import AMOUNT_START, SIZE_CHANGE_BEFORE, extract_figures
from .gazetteer import (
    GOVERNMENT_ACTS,
    Places,
    find_unknown_organisations,
    load_gazetteer,
    load_places,
    product_in_brackets,
)
from .models import DEAL_ROLES, NOT_DEAL_ROLES, TERM_UNITS, Article, Claim, Figure, Mention, Report, comparable_unit

# "raised its full-year forecast", "raises concerns": a raise that brings in no money.
_NO_FUNDS = (r"(?!\s+(?:its|their|the|his|her)\s+(?:[\w-]+\s+){0,5}?(?:forecasts?|guidance|outlook|price\s+targets?|estimates?"
             r"|projections?|expectations|prices?|dividends?|spending|capex"
             r"|concerns?|questions?|profile|game)\b|\s+(?:concerns?|questions?|doubts?|eyebrows|alarms?|fears?|prices?"
             r"|awareness|the\s+(?:possibility|prospect|question|bar|stakes))\b)")
# The lookahead holds the first letters of the words: most positions of a text fail at once (2x faster).
DEAL_WORDS = re.compile(
    r"\b(?=[abcdefghijlmnoprstuw])(deals?|agreements?|agreed|contracts?|pacts?|tie-ups?|partnership"
    # "named Microsoft as a customer", "landed Meta as its anchor client": a customer won
    # (not "counts Microsoft and Meta as its biggest customers", "lost Apple as a customer", "is courting Meta as a
    # customer": who buys, bought or might)
    r"|(?:named|names|landed|lands|signed(?:\s+up|\s+on)?|signs(?:\s+up|\s+on)?|added|adds|won|wins|secured|secures"
    r"|unveiled|revealed|announced|announces|disclosed|discloses|confirmed|confirms|identified|tapped|taps|inked"
    r"|brought\s+(?:on|in)|onboarded|lined\s+up|lines\s+up|picked\s+up|with)\s+"
    r"(?:\S+\s+){1,4}?as\s+(?:(?:a|an|its|their|the)\s+)?(?:(?:new|first|second|third|anchor|key|major|marquee"
    r"|launch)\s+)?(?:customer|client)\b|(?:anchor|launch|founding)\s+(?:customer|client)"
    # "would sell Microsoft the output of a reactor", "sells Meta power from the plant"
    # (not "sell GPU compute by the hour": a trade, no buyer named)
    r"|sell(?:s|ing)?\s+(?!(?:GPU|AI|HPC|CPU|TPU|Cloud)\b)(?-i:[A-Z])[\w-]*(?:\s+(?-i:[A-Z])[\w-]*)?\s+(?:the\s+|its\s+)?"
    r"(?:output|power|electricity|energy|capacity|compute)|partner(s|ed|ing)?|invest(s|ed|ing|ment|ments|or|ors)?"
    r"|commit(s|ted|ting|ment|ments)?|buy(s|ing)?|bought|purchas(e|es|ed|ing)|acquir(e|es|ed|ing)|acquisition|takeovers?|mergers?|buyouts?"
    r"|suppl(y|ies|ied|ier)|order(s|ed)?|lease[sd]?|leasing|(?-i:PPAs?)|offtake|pre-?(let|leased?|leasing)|sign(s|ed|ing)?|spend(s|ing)?|spent|deploy(s|ed|ing)?"
    r"|lock(s|ed|ing)?\s+(in|up)|(line[sd]?|lining)\s+up"
    r"|financ(e|es|ed|ing)|funding|rounds?|(?-i:Series\s+[A-H])(?![\w-])(?!\s+(?:\w+\s+)?(?:notes|bonds))|(?:raise[sd]?|raising)" + _NO_FUNDS + r"|stake|backing|build(s|ing)?|capacity|multi-?year"
    r"|expan(d|ds|ded|sion)|pa(y|ys|ying|id)|put(s|ting)?\s+(?:in|(?:\S+\s+){1,4}?into)|pour(s|ed|ing)?|inject(s|ed|ing)?|licens(e|es|ed|ing)|joint venture|projects?|tenants?"
    r"|cloud\s+regions?|cluster(?<!chip\scluster)(?<!GPU\scluster)(?<!node\scluster)s?"  # (not "a 256-chip cluster", a product's size)
    r"|br(oke|oken|eaking) ground|powered by|built|data\s?cent(er|re)s?|campus(es)?|(fresh|new|growth) (capital|equity)|(syndicated|term|bridge|bank|project|construction|delayed-draw) loans?"
    r"|borrow(s|ed|ing)?|lend(s|ing)?|lent|secur(e|es|ed|ing)|(senior|convertible|unsecured|secured)\s+notes|bond\s+(sale|offering|issue)s?"
    r"|(high-yield|junk|corporate|green|investment-grade|convertible)\s+bonds?|debt\s+(package|offering|financing|facility|raise))\b",
    re.I,
)
# "The contract will give researchers access to 20,000 GPUs": one deal, told by its noun (not "orders for 500,000 GPUs
# were placed industry-wide", "a typical lease covers 1,000 GPUs", "analysts expect orders for 2 million chips")
ONE_DEAL_TOLD = re.compile(r"\b(?:[Tt]he|[Tt]his|[Ii]ts|[Aa]n?|\w+['’]s)\s+(?:[\w$.,-]+\s+){0,3}?(?:deal|agreement|contract|order"
                           r"|purchase|lease|package|allocation|PPA)\b(?!s)")
# "another $3.6B loan", "the £410m award": an amount told with its deal's noun after it (a credit facility, not a
# building's "$1 billion facility")
OWN_DEAL_NOUN = re.compile(r"\s*(?:\([^)]{0,30}\)\s*)?(?:[\w-]+\s+){0,2}?(?:loan|contract|deal|award|order|agreement"
                           r"|lease|round|financing|package|(?:credit|loan|debt|revolving)\s+facility)\b", re.I)
NOT_ONE_DEAL = re.compile(r"\b(?:typical(?:ly)?|each|estimat\w*|expect\w*|analysts?|cancel\w*|scrapped|pending|queue"
                          r"|industry-wide)\b", re.I)
STRONG_DEAL_WORDS = re.compile(r"\b(deals?|agreements?|contracts?|invest(s|ed|ing|ment|ments)|acquisition|financing"
                               r"|takeover|merger|buyout|funding|stake|orders?|purchases?|lease|(?:anchor\s+)?tenant"
                               r"|acquir(e|es|ed|ing)|bought\s+by|(?:cash|takeover|buyout|recommended)\s+(?:offer|bid))\b", re.I)
REJECTED_BEFORE = re.compile(r"\b(?:rebuff(?:s|ed)?|reject(?:s|ed)?|turn(?:s|ed)?\s+down|spurn(?:s|ed)?|walk(?:s|ed)?\s+away\s+from"
                             r"|abandon(?:s|ed)?|withdr(?:ew|awn))\s+(?:a|an|the|its|their)?\s*(?:[\w-]+\s+){0,3}$", re.I)
VALUATION_OF = re.compile(r"\s+of\s+(?:about\s+|roughly\s+|around\s+|nearly\s+|some\s+|more\s+than\s+)?(?:[A-Z]{0,3}[$€£¥₹₩]|\d)")
# "The customer is Anthropic", "people familiar identified the customer as Anthropic", "the tenant was named as Meta"
CUSTOMER_NAMED_BEFORE = re.compile(r"\b(?:customer|client|buyer|tenant|counterparty)\s+(?:is|was|will\s+be|(?:was\s+)?(?:named|"
                                   r"identified|confirmed)\s+as|as)\s+$", re.I)
# "The loan, led by Apollo, is backed by ...", "The round was led by Accel": who leads the deal just told
LOAN_OR_ROUND_OPENING = re.compile(r"\W*(?:The|Its|This)\s+(?:[\w$€£.,-]+\s+){0,3}?(?P<noun>loan|facility|debt|financing|notes"
                                   r"|offering|round|raise|funding)\b")
# the verbs of whoever leads or provides a loan or a round ("led by Apollo", "arranged by MUFG")
_LEADS = r"(?:led|co-led|arranged|provided|underwritten|anchored|syndicated|extended)"
LED_BY_BEFORE = re.compile(r"\b" + _LEADS + r"\s+by\s+(?:the\s+)?$", re.I)
# One deal told by its noun, definite: "the Meta order", "its new five-year hyperscale contract", "Quillstone's
# GPU-backed loan", "the lease agreed last week" (not "a contract", any deal, nor "deals", several)
DEAL_TOLD_BY_NOUN = re.compile(r"\b(?:[Tt]he|[Ii]ts|[Tt]heir|[Tt]his|(?-i:[A-Z])[\w&.-]*['’]s)\s+(?:[\w-]+\s+){0,3}?"
                               r"(?P<noun>deal|contract|agreement|order|lease|investment|stake|loan|facility|partnership|pact|accord"
                               r"|acquisition|purchase|takeover|build-?out|joint\s+venture|PPA)(?![\w-])"
                               r"(?!\s+(?:talks|market|partners?|book|backlog|pipeline|process|spree|frenzy|boom|race|rumou?rs?"
                               r"|speculation|review|obligations?|terms|scrutiny|probe)\b)")
# ... not what may happen to it, nor what is said of a rumour: "the Meta order could be delayed", "declined to comment"
NOUN_TOLD_VETO = re.compile(r"\b(?:could|might|may|rumou?rs?|speculation|unfounded|declined\s+to\s+comment|delay(?:s|ed)?"
                            r"|risks?|obligations?|scrutiny|probe|review|lawsuit|sued?|cancel(?:l?ed|s)?|scrapped)\b", re.I)
INVESTMENT_NOUNS = ("investment", "stake", "loan", "facility", "acquisition", "takeover")
# "a recommended cash offer of 412p a share ... that values X at £1.9bn", "a takeover bid valuing X at": a company
# bought whole is worth what its buyer offers
TAKEOVER_OFFER = re.compile(r"\b(?:takeover|cash|all-cash|all-share|all-stock|recommended|buyout|tender|final)\s+(?:offer|bid)"
                            r"|\b(?:offer|bid)\s+(?:to\s+(?:buy|acquire|take\s+over)|for\s+(?:the\s+)?(?-i:[A-Z]))", re.I)
# "a deal valued at $27 billion", "the deal between OpenAI and AMD, valued at roughly $3.5 billion": the size
# of the deal, not what a company is worth (unless a company word comes between).
# (a legal suffix's period, "with Microsoft Corp., valued at", ends no clause)
_NO_STOP = r"(?:[^.;]|(?<=\bInc)\.|(?<=\bCorp)\.|(?<=\bLtd)\.|(?<=\bCo)\.)"
# "a top-up they valued at about $4 billion" (not "after its expansion, Mistral is now valued at", "the add-on round
# left Cohere valued at")
ADDED_VALUED = re.compile(r"\b(?:top-up|add-on|expansion|extension|tranche)s?\b(?!\s+(?:round|of\s+(?:the|its)\s+(?:[\w-]+\s+)?"
                          r"(?:round|Series)))(?:(?!\b(?:company|startup|firm|which|that|is|was|were|been|be|left|leaves"
                          r"|leaving|would|round)\b)[^.;]){0,60}?\bvalued\s+at(\s+\w+){0,3}\s*$", re.I)
DEAL_VALUED = re.compile(r"\b(deal|transaction|agreement|contract|order|package|purchase|acquisition|merger|partnership"
                         r"|joint venture|financing|investment|lease|arrangement|pact|commitment|accord"
                         # (what is built: "the campus, valued at about $12 billion", "the supercomputer is valued at")
                         r"|project|campus|facility|supercomputer|cluster|data cent(?:er|re)|plant|build-?out)s?\b"
                         r"(?:(?:(?!\b(?:company|startup|firm|which|that)\b)" + _NO_STOP + r"){0,60}?"
                         # ("a deal that had been valued at $9 billion": the deal's own relative clause)
                         r"|\s+(?:that|which)\s+(?:(?:is|was|has|had|would|could)\s+(?:been\s+|be\s+)?)?)"
                         r"\bvalued\s+at(\s+\w+){0,3}\s*$", re.I)
# "a five-year agreement that it values at about $9 billion", "a contract Nebius valued at": a party's own statement of
# what a deal is worth (the verb has no object: "a deal that values the company at" is a price for a company)
DEAL_SELF_VALUED = re.compile(r"\b(?:deal|agreement|contract|order|lease|partnership|pact|commitment|accord|arrangement)s?"
                              r"(?:\s+with\s+[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,2}\s+that|,?\s+(?:that|which))?\s+(?:it|they|we|the\s+(?:[\w-]+\s+){0,2}?(?:compan(?:y|ies)|firm|group"
                              r"|start-?up|parties|developer|operator|provider|neocloud|lab)"
                              r"|[A-Z][\w.&-]+(?:\s+[A-Z][\w.&-]+){0,2})\s+(?:valued|values|value|priced|prices)\s+at(?:\s+\w+){0,2}\s*$")
# "..., valued at about $10 billion" closing a clause that states a deal: the deal's size, unless the comma follows a
# company ("Crusoe, valued at $13 billion,", "the startup, valued at").
TRAILING_VALUED = re.compile(r",\s+valued\s+at(\s+\w+){0,3}\s*$", re.I)
CLAUSE_DEAL = re.compile(r"\b(?:deal|agreement|contract|order|lease|partnership|pact|accord)s?\b", re.I)
# "its stake, valued at $135 billion": the worth of a holding, as "a stake worth $135 billion" says.
STAKE_VALUED = re.compile(r"\bstakes?\b(?:(?!\b(?:company|startup|firm|which|that|valuing|values)\b)" + _NO_STOP + r"){0,60}?"
                          r"\bvalued\s+at(\s+\w+){0,3}\s*$", re.I)
# "valued at $5.8 billion over five years": a contract's worth over its term; no company is valued over years.
OVER_A_TERM = re.compile(r"\s*(?:over|across|spanning)\s+(?:the\s+next\s+|its\s+|a\s+)?(?:\d+|[a-z]+)[\s-]+years?\b", re.I)
STAKE_IN_NAMED = re.compile(r"\bstakes?\s+in\s+(?:(?!,)" + _NO_STOP + r"){1,60},\s*(?:\w+\s+){0,2}valued\s+at(\s+\w+){0,3}\s*$", re.I)
# "at an enterprise value of $29 billion", "the takeover values X at $5 billion": what a buyer pays for a whole
# company (a funding round's "values X at" stays a valuation).
# ("Brookfield's purchase of Kao Data, which values the operator at": the purchase of a named company too)
TAKEOVER_VALUE = re.compile(r"(\benterprise\s+value\s+of|\b(acquisition|purchase|takeover|buyout|merger)s?"
                            r"(?:\s+of\s+(?-i:[A-Z])(?![^,;]{0,40}?\b(?:stakes?|shares?|holdings?|interest|equity|chips|GPUs|servers)\b)"
                            r"[^,;%]{0,40}?(?:,?\s+(?:which|that)\b)?)?\s+"
                            r"valu(es|ing)\s+([\w'’.-]+\s+){0,4}?at)(\s+\w+){0,2}\s*$", re.I)
# "a 30% premium that values the miner at", "a 30% premium to Friday's close, valuing the company at": the premium a
# buyer pays over the share price sets the takeover price (not a round's "priced at a premium")
TAKEOVER_CONTEXT = re.compile(r"\b(?:shareholders|holders|per\s+share|a\s+share|each\s+share|takeover|acquir\w*|buyout"
                              r"|merger|tender\s+offer)\b", re.I)
PREMIUM_VALUE = re.compile(r"\bpremium\b[^.;]{0,40}?\bvalu(?:es|ing)\s+(?:[\w'’.-]+\s+){0,4}?at(?:\s+\w+){0,2}\s*$", re.I)
# "agreed to buy the operator in a deal valuing it at $16 billion": the price of what the deal buys
DEAL_VALUING = re.compile(r"\b(deal|transaction|agreement)s?(?:,?\s+(?:which|that))?\s+valu(es|ing)\s+([\w'’.-]+\s+){0,5}?at(\s+\w+){0,2}\s*$",
                          re.I)
BUYING = re.compile(r"\b(acquir\w*|acquisition|takeover|buyout|buy|buys|buying|bought|purchas\w*)\b", re.I)
# The hedge words that may come between a phrase and its amount ("worth about $3 billion", "to more than 1 GW").
_HEDGE = r"(?:(?:about|approximately|around|roughly|nearly|almost|some|up\s+to|more\s+than|over|at\s+least|an\s+estimated)\s+|~\s*)?"
# The separators of a list of names, after an optional ticker in brackets: ", ", " and ", ", or ", " & ".
_LIST_SEP = r"\s*(?:\([^()]{0,30}\))?\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*&\s*)"
# A contrast that names what a deal is not with: "away from Nvidia", "instead of the H100", "rather than AMD".
_CONTRAST = r"away\s+from|instead\s+of|rather\s+than"
# Verbs of a deal, as a clause recalling an earlier one writes them: "after raising $13 billion".
_DEAL_GERUNDS = r"raising|securing|closing|signing|committing|investing|pledging"
# Between a figure and a role word after it: the role word belongs to the next clause.
NEXT_CLAUSE = re.compile(r"\b(and|while|but|whereas)\b|;")
BRACKETED = re.compile(r"\s*\([^()]{1,40}\)")  # an amount's conversion in brackets, "($10 billion)"
AMOUNT_BETWEEN = re.compile(r"(?:US)?[$€£¥₹]\s?\d|\d\s?(?:billion|million|trillion|bn|mn)\b", re.I)
# ", which committed $800 million", ", with Nvidia pledging": a clause with a doer of its own.
OWN_CLAUSE = re.compile(r",\s+(?:which|who|with\s+(?-i:[A-Z])[\w.&'’-]*(?:\s+(?-i:[A-Z])[\w.&'’-]*){0,2}\s+\w+ing)\b"
                        r"|\b(?:and|while|but|whereas)\s+(?-i:[A-Z])|;", re.I)
# ", after it won a $10 billion order": a clause of its own after a company's revenue or market value.
LATER_CLAUSE = re.compile(r",\s+(?:after|as|when|since|because|following|once)\b", re.I)
# "Just a day after X revealed ..., Y unveiled ...": a sentence that opens on what happened before it.
OPENING_SUBJECT = re.compile(r"(?:(?:rival|rivals|competitor|peer|fellow|cloud|chip|chipmaker)\s+){0,2}", re.I)
HAVING_DONE = re.compile(r"\W*Having\s+(?:already\s+|previously\s+|earlier\s+|just\s+)?(?:spent|raised|signed|invested|committed"
                         r"|secured|received|won|struck|landed|agreed|closed|bought|acquired)\b")
# "Following its $17.4 billion Microsoft deal, Nebius signed ...": the subject's own earlier deal, recalled
OWN_OPENING = re.compile(r"\W*(?:(?:Just|Only|Hours|Days|Weeks|Months)\s+)?(?:[Aa]fter|[Ff]ollowing|[Oo]n\s+the\s+heels\s+of"
                         r"|[Bb]uilding\s+on|[Ff]resh\s+off)\s+(?:its|their)\s+")
OPENING_AFTER = re.compile(r"\W*(?:(?:Just|Only|Barely|Coming|Hours|Days|Weeks|Months)\s+)?(?:(?:a|one|two|three|four|"
                           r"five|six|several|a few|\d+)\s+(?:hours?|days?|weeks?|months?)\s+)?(?:after|following|while|whereas)\s+",
                           re.I)
# "... under the deal", "as part of the agreement": a clause that speaks of a deal already told.
THE_DEAL = re.compile(r"\b(?:the|this|that)\s+(?:deal|agreement|contract|partnership|transaction|acquisition)\b",
                      re.I)
# A clause that opens on "The deal" goes on about the deal the last one told.
DEAL_ANAPHOR = re.compile(r"^\W*(?:(?:Under|In)\s+)?(?:The|This|That)\s+(?:deal|agreement|transaction|acquisition|purchase"
                          r"|contract|takeover|buyout|order)\b", re.I)
# "The round totals about $2.5 billion": a sentence about the funding round the text tells
ROUND_ANAPHOR = re.compile(r"\W*(?:The|This|That)\s+(?:[\w-]+\s+){0,2}?(?:round(?!\s+of\b)|raise|fundraising|funding|financing)\b")
# "the chipmaker", "the Amsterdam-based neocloud", "the utility": a company told by its kind (not "the company")
KIND_DESCRIPTION = re.compile(r"\b[Tt]he\s+(?:[\w-]+\s+){0,2}?(?:(?P<chip>chip[\s-]?maker|chip\s+designer|chip\s+giant|chip\s+company"
                              r"|GPU\s+(?:maker|giant|designer))"
                              # (news calls a few giants by their trade: "the search giant", "the software maker")
                              r"|(?P<search>search(?:\s+engine)?\s+(?:giant|company|group))|(?P<software>software\s+(?:giant|maker|company))"
                              r"|(?P<social>social[\s-]media\s+(?:giant|company|group|firm))|(?P<retail>e-?commerce\s+(?:giant|company|group))"
                              r"|(?P<memory>memory(?:[\s-]chip)?\s+(?:maker|supplier|company))|(?P<neocloud>neocloud)"
                              r"|(?P<hyperscaler>hyperscaler|(?:cloud|tech)\s+giant)|(?P<power>utility|power\s+(?:company|producer|provider))"
                              r"|(?P<lab>AI\s+lab|(?:AI\s+)?model\s+(?:maker|developer))|(?P<server>server\s+maker)"
                              r"|(?P<startup>start-?up))"
                              # (the noun ends its phrase: not "the utility commission", "the neocloud market"; not
                              # "the hyperscaler's rival Google")
                              r"(?![\w-])(?!\s+(?:sector|market|business|commission|industry|space|segment|arm|unit"
                              r"|division|world|boom|stocks?|shares|index|giants|peers|rivals|scene|ecosystem|founders?)\b)"
                              r"(?!['’]s\s+(?:\w+\s+)?(?:rival|competitor|peer)s?\b)")
DESCRIBED_KINDS = {"chip": {"chipmaker", "memory"}, "memory": {"memory"}, "neocloud": {"neocloud"},
                   "hyperscaler": {"hyperscaler"}, "power": {"power"}, "lab": {"ai_lab"}, "server": {"server"},
                   "search": {"Google"}, "software": {"Microsoft", "Oracle", "SAP", "Salesforce"}, "social": {"Meta", "ByteDance"},
                   "retail": {"Amazon", "Alibaba"},
                   # "the startup": a lab, a neocloud, a company the gazetteer does not know, or a private one of the
                   # trade (Cerebras, Crusoe); never a listed giant, an investor or a utility
                   "startup": {"ai_lab", "neocloud", "", "chipmaker", "datacenter", "cloud", "server", "network"}}
TRADE_GROUPS = frozenset({"search", "software", "social", "retail"})  # described kinds that list companies, not kinds
VERB_AFTER = re.compile(r"\s+(?:(?:has|have|had|will|would|is|was|also)\s+)?(?:agreed|signed|said|raised|committed|pledged"
                        r"|struck|bought|\w+ed)\b")
# A sentence without figures after the text has told a deal states another one when it tells an event ("Oracle also
# signed with Meta", "Nvidia will supply xAI"), not a state ("is an investor in", "facilities already leased by",
# "build-outs tied to its Meta contract"), nor an event with a negation near its verb ("are not taking part").
STATE_TOLD = re.compile(r"\b(?:already|existing|both\s+of\s+which|(?:is|are)\s+(?:also\s+)?(?:an?\s+)?(?:investors?|backers?"
                        r"|shareholders?|customers?|partners?)\b|leased\s+by|run\s+by|operated\s+by|tied\s+to|sits?\s+"
                        r"(?:alongside|next\s+to)|alongside|came\s+online|in\s+contention)", re.I)
DEAL_EVENT = re.compile(r"\b(?:sign(?:s|ed|ing)?|agree(?:s|d|ing)?|struck|strikes?|ink(?:s|ed)?|seal(?:s|ed)|form(?:s|ed)"
                        r"|announc(?:es|ed)|unveil(?:s|ed)|complet(?:es|ed)|clos(?:es|ed)|acquir(?:es|ed|e|ing)|buy(?:s|ing)?"
                        r"|bought|purchas(?:es|ed|e|ing)|invest(?:s|ed|ing)?|(?:will|would)\s+(?:also\s+)?(?:buy|acquire|supply|provide"
                        r"|build|invest|lease|rent|deploy|develop|host|pay|spend|sign|take|receive|deliver|use"
                        r"|lend|back)|to\s+(?:buy|acquire|supply|provide"
                        r"|build|invest|lease|rent|deploy|develop|host)|select(?:s|ed)|cho(?:se|sen|oses|osing)|picks?|picked|tap(?:s|ped|ping)?"
                        r"|won|wins|landed|lands|award(?:s|ed)|expand(?:s|ed)|extend(?:s|ed)|partner(?:s|ed|ing)|teams?\s+up"
                        r"|teamed\s+up|join(?:s|ed)|order(?:s|ed)|deliver(?:s|ed)|supplies|supplied|provides?|provided"
                        r"|is\s+(?:buying|supplying|providing|leasing|renting|investing|acquiring|building)|led|leads"
                        r"|backstop(?:s|ped)?|guarantee(?:s|d)|financ(?:es|ed)|fund(?:s|ed)|lends?|lent|borrow(?:s|ed)"
                        r"|rais(?:es|ed)|commit(?:s|ted)|pledg(?:es|ed)|backs|backed\s+(?!by)|sells?|sold|took|takes"
                        # ("under a separate agreement between Stack and the utility Lyse": a deal named by its parties)
                        r"|(?:deal|agreement|contract|pact|partnership|accord|lease)s?\s+between"
                        r"|turn(?:s|ed|ing)\s+to|taking|backing|paying|pays|paid|renegotiat\w+|hir(?:es|ed)"
                        r"|contract(?:s|ed)\s+with)(?![\w-])", re.I)
# "a chipmaker whose name was not disclosed", "another server maker": the kind told of a company the text does not name
UNNAMED_KIND = re.compile(r"\b(?:an?|another|a\s+rival|one)\s+(?:[\w-]+\s+){0,2}?(?:chipmaker|chip\s+designer|memory\s+maker"
                          r"|neocloud|hyperscaler|utility|AI\s+lab|model\s+maker|server\s+maker)\b|\bunnamed\b|\bnot\s+named"
                          r"|\bundisclosed\b|\bdid\s+not\s+(?:name|identify)", re.I)
# "the software company", "the London-based start-up's": a company told by what it is
DESCRIBED_PARTY = re.compile(r"\b[Tt]he\s+(?:[\w-]+\s+){0,3}?(?:company|startup|start-up|firm|group|lab|giant|maker"
                             r"|chipmaker|provider|operator|developer|neocloud|hyperscaler|utility|miner|cloud|manufacturer|supplier)\b")
# "Nvidia and AMD still dominate", "Microsoft or Google": two companies listed, not related by the sentence
LISTED_PAIR = re.compile(r"(?-i:[A-Z])[\w.&'’-]*(?:\s+(?-i:[A-Z])[\w.&'’-]*){0,2},?\s+(?:and|or|nor)\s+(?-i:[A-Z])")
# "the company said", "the cloud": no company told by what it is
SAID_OR_CLOUD = re.compile(r"\b[Tt]he\s+(?:company|firm|group)(?:['’]s\s+\w+)?\s+(?:said|says|added)\b|\bthe\s+cloud\b")
# "Meta today announced its newest data center in Kenosha": a sentence about a company's build
BUILD_TOLD = re.compile(r"\b(?:data\s+cent(?:er|re)s?|campus(?:es)?|facilit(?:y|ies)|plants?|fabs?|factor(?:y|ies)"
                        r"|build(?:s|ing)?|construction|break(?:s|ing)?\s+ground|broke\s+ground|plans?|projects?|expansion"
                        r"|efforts?)\b", re.I)
# "The $3.8 billion facility will be optimized for AI": the price of a build, told as its adjective
PRICED_BUILD = re.compile(r"\s+(?:(?!(?:from|at|on|in|of|for|to|the|a|an|its|their)\b)[\w-]+\s+){0,2}?(?:facility|campus|data\s+cent(?:er|re)|plant|complex|factory|fab"
                          r"|supercomputer)\b", re.I)
# "Naver shares rose 6% to 231,000 won": a sentence about a company's stock names the company the text is about.
STOCK_MOVE = re.compile(r"\b(?:shares|stock)\s+(?:\w+\s+){0,2}?(?:rose|fell|jumped|climbed|slid|dropped|surged|soared|gained"
                        r"|rallied|tumbled|sank|plunged|rocketed)\b", re.I)
# "AMD shares rose 4% to $168.20": a share price, never a deal's size.
SHARE_PRICE = re.compile(r"\b(shares?|stock|share price|stock price|per share|a share|trading|traded|closed|opened)\b", re.I)
# "the first step in Brookfield's $100 billion AI infrastructure programme", "part of SoftBank's $500 billion
# initiative": the whole programme a deal belongs to, not the deal
WHOLE_BEFORE = re.compile(r"\b(?:part|(?:first|second|third|next|latest|initial)\s+(?:step|phase|stage|tranche|piece))\s+"
                          r"(?:of|in)\s+(?:(?:a|an|the|its|their)\s+|(?-i:[A-Z])[\w.&-]*(?:\s+(?-i:[A-Z])[\w.&-]*)*['’]s?\s+)"
                          + _HEDGE + "$", re.I)
PROGRAMME_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,4}?(?:programmes?|programs?|initiatives?|plans?|build-?outs?|push"
                             r"|strateg(?:y|ies)|pipeline)\b", re.I)
# Capacities that are no deal's: "a kingdom-wide target of 6.6 gigawatts", "aims to have 1.9 gigawatts", "300MW of
# the site's planned 1GW", "added 3.2 gigawatts of renewables to its backlog".
NOT_THE_DEALS = re.compile(r"\b(?=[agotni])(?:(?:target|goal|ambition)\s+of|aims?\s+to\s+(?:have|reach|hit)"
                           # ("the company now targets 2.5 gigawatts", "the state is targeting 6 GW": its own goal, while
                           # "an agreement ..., targeting 500MW by 2035" is the deal's)
                           r"|(?<=company\s)(?:now\s+|is\s+)?target(?:s|ing)"
                           r"|(?<=state\s)(?:now\s+|is\s+)?target(?:s|ing)|(?<=government\s)(?:now\s+|is\s+)?target(?:s|ing)"
                           r"|of\s+the\s+(?:site|campus|facility|complex|park)['’]s?\s+(?:planned\s+|total\s+|full\s+|eventual\s+)?)"
                           r"\s*" + _HEDGE + "$", re.I)
# "a campus of that size typically costs $15 billion to $20 billion", "each gigawatt usually requires 500,000 GPUs":
# a rule of thumb of the trade, no deal's figure
RULE_OF_THUMB = re.compile(r"\b(?:an?|such\s+an?|each|every|any)\s+(?:[\w-]+\s+){1,6}?"
                           r"(?:typically|usually|generally|normally|often|tends?\s+to)\s+(?:costs?|requires?|runs?|needs?"
                           r"|takes?|draws?|consumes?)(?:\s+(?:between|from))?\s*" + _HEDGE + "$", re.I)
# "The campus will total 300MW when complete, of which Microsoft's contract covers 220MW", "The site has 2GW of grid
# capacity; Google's lease covers the first 750MW": the whole site's size, told beside the part a deal takes.
SITE_SIZE = re.compile(r"\b(?:site|campus|facility|complex|park)\b[^.;]{0,30}?\b(?:will\s+)?(?:total(?:s|ling)?|ha[sv]e?"
                       r"|span(?:s|ning)?|reach(?:es)?|grow\s+to|scale\s+to)\s+" + _HEDGE + "$", re.I)
PART_OF_SITE = re.compile(r"[^.]{0,80}?\b(?:of\s+which|covers?|covering|tak(?:es|ing)|accounts?\s+for)\b[^.;]{0,40}?"
                          r"\d[\d.,]*\s?(?:MW|GW|megawatts?|gigawatts?)\b", re.I)
# "The campus could eventually span 5 gigawatts and will initially host 200 megawatts for CoreWeave", "250 MW at a
# 2-gigawatt campus": the whole site's size, told beside the part a deal takes.
# ("which it plans to expand to 150 MW", "has been permitted for up to 500MW")
WHOLE_SITE_BEFORE = re.compile(r"\b(?:eventually|ultimately|(?:can|could|will)\s+(?:scale|grow|expand)\s+to"
                               r"|(?<=which\s)it\s+plans?\s+to\s+(?:scale|grow|expand)\s+(?:it\s+)?to|permitted\s+for"
                               r"|when\s+(?:complete|completed|fully\s+built)|(?:(?:is|are)\s+)?planned\s+(?:for|to\s+reach|to\s+grow\s+to)"
                               # ("The full campus is planned at 1.6 GW", not "the first phase planned at 200 MW")
                               r"|(?:campus|site|facility|complex|park)\s+(?:is|was|has\s+been)\s+planned\s+at"
                               r"|(?:planned|potential|total|eventual)\s+capacity\s+of"
                               # ("The campus is designed for up to 1 gigawatt", "could eventually host 2 GW")
                               r"|designed\s+(?:for|to\s+(?:hold|host|reach|support))|(?:can|could)\s+(?:eventually\s+)?"
                               r"(?:host|accommodate|support))\b[^.;]{0,25}?" + _HEDGE + "$", re.I)
# "take 300 MW of the 1 GW Project Jupiter site", "1 gigawatt of the 2.2 GW campus": the whole, after its part
# ("650MW from the 900MW Caprock Solar project": the part a deal takes from it)
OF_THE_WHOLE = re.compile(r"\d[\d.,]*\s?-?(?:MW|GW|megawatts?|gigawatts?)\s+(?:of|from)\s+(?:the|a|an|its|their)\s+"
                          r"(?:planned\s+|total\s+)?$", re.I)
# "2,300 of the 4,000 B200 GPUs Kauri is installing": a part of what a company has, which the deal takes (while "16,000
# of the 64,000 chips ordered by OpenAI" is a tranche of the deal's count)
COUNT_OF_THE_WHOLE = re.compile(r"(?<![\w.,$€£¥₩₹])\d[\d.,]*\s+of\s+(?:the|its|their)\s+$")
_STOCK_CLAUSE = (r"\s+(?:that\s+|which\s+)?(?:it|they|(?-i:[A-Z])[\w-]*(?:\s+(?-i:[A-Z])[\w-]*){0,2})\s+(?:is|are|has|have|had)\s+"
                 r"(?:already\s+)?(?:been\s+)?(?:installing|installed|building|deploying|deployed|running|operating|bringing)\b")
STOCK_AFTER = re.compile(_STOCK_CLAUSE)
PART_OF_STOCK_AFTER = re.compile(r"\s+of\s+(?:the|its|their)\s+\d[\d.,]*\s+(?:[\w’'-]+\s+){0,4}?(?:GPUs|chips|accelerators"
                                 r"|servers|processors|racks|systems|wafers|cores|nodes)" + _STOCK_CLAUSE)
PART_OF_AFTER = re.compile(r"\s+of\s+(?:the|its|their)\s+\d")
# ("its 1.4GW Santa Teresa campus, with Oracle taking 900MW": the site's name may come between)
WHOLE_SITE_AFTER = re.compile(r"\s*(?:(?-i:[A-Z])[\w-]*\s+){0,3}(?:campus|site|facility|complex|park|project|farm)\b"
                              r"|\s+of\s+(?:planned|potential|total|eventual)\s+(?:capacity|power)\b", re.I)
POWER_FIGURE = re.compile(r"(?<![\w.,])\d[\d.,]*\s?-?(?:MW|GW|megawatts?|gigawatts?)\b", re.I)
# ("a further 400MW in its development pipeline": capacity planned, no deal)
PIPELINE_AFTER = re.compile(r"\s+(?:\w+\s+){0,2}in\s+(?:its|their|the)\s+(?:development\s+)?pipeline\b", re.I)
# A company's own capacity, not a deal's: a running total a deal takes it to ("takes its contracted capacity to 310MW"),
# what it has or expects to have across its sites ("now has 310 MW of contracted IT load across four sites", "expects to
# have 1.1 GW of capacity under construction by the end of 2026"), its fleet ("its fleet of some 250,000 GPUs"), or what
# an aside says it builds ("YTL, which is building 500 megawatts at Kulai")
CAPACITY_TOTAL_BEFORE = re.compile(r"\b(?:(?:take|takes|took|taking|bring|brings|brought|bringing|lift|lifts|lifted|lifting|raise"
                                   r"|raises|raised|raising|push|pushes|pushed|pushing|boost|boosts|boosted|boosting)\s+"
                                   # (not "takes Oracle's planned AMD fleet to 130,000 GPUs": one partnership's running total)
                                   r"(?:its|their|the\s+(?:company|group|firm)['’]s|(?-i:[A-Z])[\w-]*['’]s?)\s+(?:(?-i:[a-z])[\w-]*\s+|IT\s+){0,3}?"
                                   r"(?:capacity|portfolio|footprint|load|installed\s+base)\s+(?:to|past|above|beyond)"
                                   # ("taking the IndiaAI compute portal past 60,000 units": a pool taken past a mark; not
                                   # "pushing the deal past 6 GW", the deal's own size)
                                   r"|(?:take|takes|took|taking|bring|brings|brought|bringing|lift|lifts|lifted|lifting|push|pushes"
                                   r"|pushed|pushing)\s+(?:the|its|their)\s+(?:(?!(?:deal|contract|agreement|order|commitment"
                                   r"|partnership|lease|back|campus|site|facility|park|project)\b)[\w-]+\s+){0,4}?past"
                                   r"|(?:its|their|(?-i:[A-Z])[\w-]*['’]s?)\s+(?:existing\s+|current\s+|global\s+|total\s+)?fleet\s+of"
                                   r"|,\s+which\s+(?:is\s+(?:already\s+)?(?:building|developing)|already\s+(?:has|operates|runs)))\s+"
                                   + _HEDGE + "$", re.I)
CAPACITY_HELD_BEFORE = re.compile(r"\b(?:now\s+has|has|have|will\s+have|expects?\s+to\s+have|is\s+expected\s+to\s+have"
                                  r"|operates|owns)\s+(?:a\s+(?:total|combined)\s+of\s+)?" + _HEDGE + "$", re.I)
# (not "... under construction for Microsoft in Texas", "..., all leased to Fluidstack")
CUSTOMER_NAMED_AFTER = re.compile(r"[^.;]{0,100}?\b(?:for|to|with|by|under)\s+(?:the\s+|its\s+|an?\s+)?(?-i:[A-Z])")
ASIDE_END = re.compile(r",\s+(?:will|would|has|had|have|is|are|was|were|signed|agreed|said|says|raised|plans|won|secured"
                       r"|announced|struck|landed)\b")
CAPACITY_HELD_AFTER = re.compile(r"(?:\s+of\s+(?:[\w-]+\s+){0,2}?(?:capacity|IT\s+load|load)\b)?[^.;]{0,40}?\b(?:across|under\s+"
                                 r"(?:construction|development)|in\s+(?:operation|service|total)|worldwide|globally)\b", re.I)
# ... or before it: "has a development pipeline of 3.2 gigawatts"
PIPELINE_BEFORE = re.compile(r"\bpipeline\s+of\s+(?:(?:about|around|roughly|nearly|some|more\s+than|over|almost)\s+)?$", re.I)
PART_TAKEN = re.compile(r"\b(?:first|initial(?:ly)?|tak(?:e|es|ing)|leas(?:e|es|ed|ing))\b[^.;]{0,30}?(?<![\d.,])"
                        r"\d[\d.,]*\s?-?(?:MW|GW|megawatts?|gigawatts?)\b", re.I)
# "with the first 200MW due online in 2027": a phase of the build and when it starts, not a part someone takes
# ("with the first 40MW hall due to open in 2027": the phase's building may come between)
PHASE_ONLINE = re.compile(r",?\s+(?:(?:phase|stage|hall|building|block|module)\s+)?(?:(?:is|are|will\s+be|to\s+be)\s+)?"
                          r"(?:(?:due|expected|scheduled|slated|set|planned)\s+)?"
                          r"(?:(?:to\s+)?(?:come|go|be|start|begin)\s+)?(?:online|operational|live|energi[sz]ed|in\s+service"
                          r"|ready|to\s+open|(?<=due\s)(?:in|by)\s+(?:(?:early|mid|late)[\s-]+)?(?:19|20)\d\d)\b", re.I)
# "up to five AI gigafactories, each with around 100,000 chips": the size of each
EACH_WITH_BEFORE = re.compile(r"\beach\s+(?:with|housing|holding|hosting|containing)\s+" + _HEDGE + "$", re.I)
# "its GPU cloud, which already runs 4,000 AMD accelerators": what a company has now, not what a deal trades
ALREADY_HAS_BEFORE = re.compile(r"\b(?:already|currently)\s+(?:runs?|operates?|owns?|hosts?|houses?|deploys?"
                                r"|manages?)\s+(?:about\s+|roughly\s+|some\s+|around\s+|more\s+than\s+|over\s+|nearly\s+)?$",
                                re.I)
# (but "already runs 8,000 H100s for the government's AI programme" is an earlier deal with that customer)
FOR_CUSTOMER_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,3}?(?:for|under|to|from|leased|rented|contracted|on\s+order|as\s+part\s+of)\s",
                                re.I)
# "is expanding the site from 40 MW to 110 MW" (figures.SIZE_CHANGE_BEFORE): the size before the change
SIZE_TO_AFTER = re.compile(r"\s+to\s+(?:about\s+|around\s+|roughly\s+)?\d", re.I)
# a sentence whose subject is a site ("The Kulai site is ultimately planned for 600MW"), and a site a build is part of
SITE_SUBJECT = re.compile(r"\W*(?:The|Its|Their)\s+(?:[\w-]+\s+){0,3}?(?:site|campus|facility|park|complex|project)\b")
DELIVERED_TO_AFTER = re.compile(r"\s+(?:to|for)\s+(?-i:[A-Z][a-z])")  # ("will eventually deliver 300 MW to Microsoft")
SITE_NAMED = re.compile(r"\b(?:site|campus|facility|park|complex)\b", re.I)  # ("the full site could eventually host 1GW")
WITHIN_BEFORE = re.compile(r"\bwithin\s+(?:a|an|the|its)\s+$", re.I)
# "6 gigawatts of AMD GPUs, starting with 1 gigawatt in 2026": the first tranche, after the deal's whole size
STARTING_WITH_BEFORE = re.compile(r"\b(?:starting|beginning)\s+with\s+(?:an?\s+|the\s+)?(?:initial\s+|first\s+)?"
                                  r"(?:about\s+|roughly\s+|some\s+|around\s+)?$", re.I)
QUANTITY_FIGURE = re.compile(r"(?<![\w.,])\d[\d.,]*(?:\s+(?:million|thousand))?\s+(?:[\w-]+\s+){0,3}?(?:GPUs|chips|accelerators"
                             r"|processors|superchips|servers)\b", re.I)
# a debt sale's order book, "drawing orders of more than €3 billion": the demand, no loan
BOOK_OF_BEFORE = re.compile(r"\b(?:orders?|demand|bids|order\s*book|subscriptions?)\s+(?:of|worth)\s+" + _HEDGE + "$", re.I)
DEBT_SALE = re.compile(r"\b(?:bonds?|(?:senior|secured|unsecured|convertible|green|exchangeable)\s+notes|notes\s+(?:due|maturing)"
                       r"|(?:debt|bond|notes)\s+(?:sale|offering|issue)|oversubscribed)\b", re.I)
FIRST_PHASE_BEFORE = re.compile(r"\b(?:first|initial|opening)\s+(?:(?:phase|stage|hall|building|block)\s*(?:,\s+an?|of)?\s+)?"
                                r"(?:about\s+|roughly\s+|some\s+)?$", re.I)
# "expects to open its first 30MW hall in mid-2027": a phase told by its opening
OPENS_FIRST_BEFORE = re.compile(r"\b(?:open|opens|opening|complete|completes|completing|energi[sz]e|energi[sz]es)\s+(?:its|the|a)"
                                r"\s+first\s+$", re.I)
# who takes a part: "agreed to lease the first 200MW", "signed OpenAI to take the initial 400MW"
TAKEN_BEFORE = re.compile(r"\b(?:leas(?:e|es|ed|ing)|tak(?:e|es|ing)|took|rent(?:s|ed|ing)?|reserv(?:e|es|ed|ing)|contract(?:s|ed)?"
                          r"|buy(?:s|ing)?|bought|secur(?:e|es|ed|ing)|signed\s+(?:up\s+)?for|agreed\s+to)\b"
                          r"[^.;]{0,30}$", re.I)
# "will open its first 100 MW site in Finland for Mistral under a $1.2 billion deal": the part a tenant takes
TENANT_AFTER = re.compile(r"[^.;]{0,40}?\b(?:for\s+(?-i:[A-Z][a-z])|under\s+(?:a|an|the|its)\s+(?:[\w$€£.,-]+\s+){0,4}?"
                          r"(?:deal|contract|lease|agreement)s?\b)", re.I)
COUNT_BEFORE = re.compile(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|twelve|\d{1,2})\s+$", re.I)
COUNTED_SITES_AFTER = re.compile(r"[\s-]+(?:[\w-]+\s+){0,2}?(?:data\s+cent(?:er|re)s|campuses|sites|facilities|plants|halls"
                                 r"|buildings|reactors|units|modules)\b", re.I)
# "over $3 billion in state and federal taxes", "$1.2 billion of economic output", "add $5 billion to the state's
# economy": what a project brings a region, not what the deal is worth.
ECONOMIC_IMPACT = re.compile(r"\s+(?:(?:(?:in|of)\s+)?(?:new\s+|annual\s+|additional\s+)?(?:(?:state|local|federal|property|county)"
                             r"(?:\s+(?:and|or)\s+(?:state|local|federal|county))?\s+)?(?:tax(?:es|\s+revenues?|\s+receipts)?"
                             r"|economic\s+(?:output|activity|impact|benefits?|value)|wages|payroll|salaries|gdp)"
                             r"|(?:to|into)\s+(?:the\s+)?(?:(?:state|local|regional|national|[A-Z]\w+)['’]?s?\s+)?(?:economy|gdp))\b", re.I)
# "The $3.85 trillion Redmond company": a company's market value (a trillion-dollar amount names a listed giant).
COMPANY_WORTH = re.compile(r"(?<=trillion)\s+(?:[\w.,’'-]+\s+){0,3}?(?:company|firm|group|giant|chipmaker|maker|business)\b",
                           re.I)
# "Reflection AI is now worth $25 billion", "the startup is worth about $5 billion": what a company is valued at (not
# "the deal is worth")
# (a name of one to four capitalised words, the first may start lower-case: "xAI", "Safe Superintelligence")
_NAME_RUN = r"(?-i:[A-Z]|[a-z]{1,3}[A-Z])[\w.&'’-]*(?:\s+(?-i:[A-Z])[\w.&'’-]*){0,3}"
COMPANY_IS_WORTH = re.compile(r"(?:(?-i:(?!(?:The|This|That|These|Those|Its|Their|Such|Each)\b))" + _NAME_RUN
                              + r"|\b(?:[Tt]he\s+)?(?:company|startup|firm|lab|group))"
                              r"\s+(?:is|was|are|were)\s+(?:(?:now|already|\w+ly)\s+)?worth\s+" + _HEDGE + "$")
CLAUSE_OPENING = re.compile(r"(?:[,;:(]|\b(?:and|but|that|as|while|now))\s+$")
# "Cerebras, which raised $1.1 billion in September, is now worth $8.1 billion": the company before the aside
ASIDE_IS_WORTH = re.compile(r",\s+(?:is|was)\s+(?:(?:now|already)\s+)?worth\s+" + _HEDGE + "$")
COMPANY_THEN_ASIDE = re.compile(_NAME_RUN + r",\s+(?:which|who)\b")
# "a stake worth £520 million as of Thursday's close": a holding priced by the market, not a deal.
AS_OF_CLOSE = re.compile(r"\s+(?:as\s+of|at|based\s+on)\s+(?:\w+['’]s\s+)?(?:the\s+)?(?:market\s+)?clos(?:e|ing)\b", re.I)
# "Orders peaked at more than $125 billion", "demand topped $88 billion", "AI server orders reached $12 billion": how
# much was asked for (a bond sale's order book, a maker's bookings), not the size of one deal
ORDER_BOOK_BEFORE = re.compile(r"\b(?:orders?|order\s+book|demand|bids?|subscriptions?|bookings)\s+(?:[\w-]+\s+){0,2}?"
                               r"(?:peak(?:ed|ing)|top(?:ped|ping)|reach(?:ed|ing)|exceed(?:ed|ing)|hit(?:ting)?"
                               r"|totall?(?:ed|ing)|surpass(?:ed|ing)|c(?:ame|oming)\s+to|stood|standing|swell(?:ed|ing)"
                               r"|rose|rising|climb(?:ed|ing)|grew|growing)\s+(?:(?:at|to)\s+)?" + _HEDGE + "$", re.I)
# "Nvidia expects $500 billion in Blackwell orders through 2026": a forecast of a company's business
FORECAST_BEFORE = re.compile(r"\b(?:expects?|expected|expecting|forecasts?|forecast|projects?|projected|sees|anticipates?"
                             r"|predicts?|guided(?:\s+to)?)\s+" + _HEDGE + "$", re.I)
FORECAST_AFTER = re.compile(r"\s+(?:in|of|worth\s+of)\s+(?:[\w-]+\s+){0,4}?(?:orders|bookings|revenues?|sales|demand"
                            r"|backlog)\b", re.I)
# "roughly $40 billion it has already spent in India since 2010": past spending, not the deal's size
SPENT_SINCE = re.compile(r"\s+(?:that\s+)?(?:it|they|the\s+company)\s+(?:has|have|had)\s+(?:already\s+)?(?:spent|invested)\b"
                         r"[^.;]{0,40}?\bsince\b", re.I)
# "Norway's data centre capacity is expected to reach 1.2 GW by 2030": a forecast of a market or a country, not a deal
# (not a site's own: "the campus's capacity is expected to reach 1.4 GW by 2027")
_MARKET_FORECAST = (r"(?<!campus['’]s\s)(?<!site['’]s\s)(?<!facility['’]s\s)(?<!project['’]s\s)(?<!plant['’]s\s)(?<!\bits\s)"
                    # ("Europe's market for AI compute is expected to reach")
                    r"\b(?:(?:capacity|demand|market|consumption|spending|investments?|load|usage)"
                    r"(?:\s+(?:for|of)(?:\s+[\w-]+){1,3}?)?\s+(?:is|are)\s+(?:now\s+)?"
                    r"(?:expected|forecast|projected|set|poised|likely|estimated)\s+to(?:\s+more\s+than)?"
                    # ("demand will triple to 3GW by 2030", "expects demand for AI compute to top 5GW"; not a company's
                    # "investment will reach $11 billion by 2030")
                    r"|(?:capacity|demand|market|consumption|load|usage)\s+"
                    r"(?:(?!(?:site|campus|facility|project|plant|it|its|under|from|that|which|contract|deal|agreement|lease)\b)"
                    r"(?:(?-i:[a-z])[\w-]*|(?-i:AI|IT|GPU|US|EU|UK))\s+){0,4}?"
                    r"(?:will|could|would|to))"
                    # ("is expected to rise from about 1.3GW today to 4.5GW by 2030": both ends of the forecast)
                    r"\s+(?:reach|hit|double|triple|grow|rise|climb|top|exceed|surpass|increase|swell|cross)"
                    r"(?:\s+in\s+(?:value|size))?(?:\s+from\s+[^;,]{1,40}?\s+to|\s+(?:to|past|from))?\s+")
MARKET_FORECAST_BEFORE = re.compile(_MARKET_FORECAST + _HEDGE + "$", re.I)
# "... as well as on up to one million Google TPUs under a separate deal": a figure the text gives another deal
SEPARATE_DEAL_AFTER = re.compile(r"[^.;]{0,40}?\b(?:under|in|through|via)\s+(?:a|an)\s+(?:separate|different|unrelated|distinct)\s+"
                                 r"(?:[\w-]+\s+)?(?:deal|agreement|contract|arrangement|transaction|pact)\b", re.I)
# (told after this deal's own figure: not "Separately, Nvidia will sell 50,000 GPUs to xAI under a separate agreement")
JOINED_FIGURE_BEFORE = re.compile(r"(?:[$€£¥₹]\s?\d|\d[\d.,]*\s?(?:billion|million|bn|GW|MW|gigawatts?|megawatts?|GPUs|chips"
                                  r"|accelerators)\b)[^;]*?(?:\bas\s+well\s+as|\band\b|\bwhile\b|\bplus\b)[^;]*$", re.I)
# ... the level it starts from ("to cross 4.5 GW by 2030 from around 1.5 GW now")
FROM_NOW_BEFORE = re.compile(r"\bfrom\s+" + _HEDGE + "$", re.I)
FROM_NOW_AFTER = re.compile(r"\s+(?:now|today|currently|at\s+present)\s*(?:[,.;)]|$)", re.I)
# ... and the year it is for ("... 1.2 GW by 2030"): no deal's term
FORECAST_YEAR_BEFORE = re.compile(_MARKET_FORECAST + r"[^;]{1,40}$", re.I)
YEAR_TARGET_AFTER = re.compile(r"(?:[^.;]|(?<=\d)\.(?=\d)){0,30}?\b(?:by|in|before|through)\s+(?:the\s+end\s+of\s+)?(?:19|20)\d\d\b", re.I)
# "Johor has approved more than 5.8 GW since 2021", "has raised $700 million since its founding": a running total
SO_FAR_BEFORE = re.compile(r"\b(?:has|have)\s+(?:so\s+far\s+|already\s+|now\s+)?(?:approved|raised|attracted|deployed|installed"
                           r"|added|signed|committed|pledged|invested|amassed)\s+(?:a\s+(?:total|combined)\s+of\s+)?" + _HEDGE
                           + "$", re.I)
# (in the same clause: not "has raised $1.4 billion, its biggest round since its founding" or "in the past month")
SO_FAR_AFTER = re.compile(r"(?:(?!round|largest|biggest)[^.;,]){0,40}?\b(?:since\s+(?:its\s+)?(?:founding|inception|launch"
                          r"|creation|(?:19|20)\d\d)|to\s+date|so\s+far|in\s+total)\b", re.I)
# "CoreWeave has spent $6 billion on data centers over the last three years": what a company spent to date
SPENT_TO_DATE_BEFORE = re.compile(r"\b(?:has|have|had)\s+(?:already\s+)?spent\s+" + _HEDGE + "$", re.I)
SPENT_TO_DATE_AFTER = re.compile(r"[^.;]{0,50}?(?:\b(?:over|in|during)\s+the\s+(?:last|past)\s|\bsince\s+(?:20\d\d|19\d\d|its|the)\b"
                                 r"|\bto\s+date\b|\bso\s+far\b)", re.I)
# A company's own spending over a period or as a change, not one build: "full-year capital expenditures of",
# "capex jumped to $955 million, up from $172 million".
COMPANY_SPENDING = re.compile(r"\b(?:full-year|annual|fiscal(?:-year)?|quarterly|this\s+year['’]s|(?:first|second|third|fourth)"
                              r"[- ]quarter)\b[^.;]{0,40}$|\b(?:jumped|rose|climbed|grew|increased|fell|dropped|surged)\s+"
                              r"(?:\w+\s+){0,2}?to\s+" + _HEDGE + "$", re.I)
POURED = re.compile(r"\b(?:pour(?:s|ed|ing)?|putting|puts?|pump(?:s|ed|ing)?|funnel(?:l)?(?:s|ed|ing)?|inject(?:s|ed|ing)?)\b"
                    r"[^.;]*$", re.I)
# ("$1 billion of the round's $1.5 billion into Cerebras": the phrase may run on before "into")
INTO_COMPANY = re.compile(r"[^;]{0,60}?\binto\s+(?-i:[A-Z])", re.I)
# "agreed to buy Ampere Computing for $6.5 billion", "to buy the startup for": what a buyer pays for what it names
# (a company, unless goods are named: "buy Nvidia GPUs for $5 billion" is a purchase)
BOUGHT_FOR = re.compile(r"\b(?:buy|buys|buying|bought|purchas(?:e|es|ed|ing))\s+(?P<object>[^.;]{1,90}?)\s+for\s+"
                        + _HEDGE + r"$", re.I)
_COMPANY_NOUNS = (r"(?:startup|start-up|company|firm|business|operator|developer|maker|designer|chipmaker|provider|owner"
                  r"|unit|subsidiary|rival|competitor|group)s?\b")
COMPANY_NOUN = re.compile(r"\b" + _COMPANY_NOUNS, re.I)
# (in lower case, as a name's words are not: "Lumina Data Centers"; not a noun that describes a company: "chip
# designer Ampere", "data center operator AirTrunk")
GOODS = re.compile(r"\b(?:(?-i:chips?|processors?|accelerators?|servers?|systems?|racks?|capacity|compute|power|electricity"
                   r"|energy|equipment|hardware|shares?|stock|stakes?|land|acres|sites?|campus(?:es)?|buildings?|facility"
                   r"|facilities|data\s+cent(?:er|re)s?)|[GTC]PUs?)\b(?![\s-]+" + _COMPANY_NOUNS + ")", re.I)
# "for $40 billion, including debt": the price of a company, counting the debt the buyer takes on
ASSUMED_DEBT = re.compile(r"\b(?:including|plus|and)\s+(?:the\s+|its\s+)?(?:assumed\s+|net\s+)?debt\b", re.I)
WITH_DEBT = re.compile(r"[^.;]{0,40}?" + ASSUMED_DEBT.pattern, re.I)
STAKE_AFTER = re.compile(r"\s+for\s+(?:a|an|its|their|the)\s+(?:[\w.%-]+\s+){0,3}?stakes?\b"
                         # "will buy $3 billion of new Anthropic shares", "$2 billion worth of its stock"
                         r"|\s+(?:worth\s+)?of\s+(?:(?:new|newly[\s-]issued|its|the\s+company['’]s|preferred|common"
                         r"|(?-i:[A-Z])[\w.&'’-]*)\s+){0,4}(?:shares|stock|equity)\b", re.I)
CAPEX_AFTER = re.compile(r"\s+(?:in|of|on)\s+(?:capital\s+(?:expenditures?|spending)|capex)\b", re.I)
# "lifting its valuation to about $4.5 billion from $1.6 billion in 2025": the figure a change starts from
FROM_EARLIER_BEFORE = re.compile(r"\bto\s+" + _HEDGE + r"\S{0,4}\d[\d.,]*(?:\s?(?:billion|million|trillion|bn|mn|m|b|tn|GW|MW"
                                 r"|gigawatts?|megawatts?|GPUs|chips))?\s+from\s+" + _HEDGE + "$", re.I)
# "GPU cloud providers have raised more than $40 billion this year", "German grid operators have received requests for
# 30 GW": a sentence whose subject is a kind of company, in the plural, tells a total of the trade, no deal
# (a kind told by a word of its own, no article: not "The two companies have signed", which refers back to the deal's)
CLASS_SUBJECT = re.compile(r"\W*(?:(?:Many|Most|Other)\s+)?(?!(?:The|These|Those|Both|Two|Three|Its|Their|Such)\s)"
                           r"(?:[A-Z][\w.-]*\s+)(?:(?-i:[a-z])[\w-]*\s+){0,3}?"
                           r"(?-i:providers|companies|startups|start-ups|firms|hyperscalers|developers|operators|neoclouds"
                           r"|labs|utilities|lenders|banks|miners|chipmakers|builders|landlords)\s+(?:(?:have|has|had|will|are"
                           r"|were|could|may|collectively|together|so\s+far|already)\s+){0,2}(?-i:[a-z])")
# "Japan's government has earmarked more than ¥10 trillion through 2030", "the kingdom wants to attract $100 billion of AI
# investment by the end of the decade": a government's or a programme's total over years, when the sentence names no company
PROGRAMME_TOTAL_BEFORE = re.compile(r"^\W*(?:[\w’'.-]+\s+){0,4}?(?:government|programme|program|plan|mission|strategy"
                                    r"|initiative|kingdom|country|ministry|nation|administration|budget|scheme)"
                                    r"(?:,\s+which)?\s+(?:(?:has|have|had|so\s+far|already|now|also)\s+){0,2}"
                                    r"(?:earmark(?:s|ed)?|set(?:s)?\s+aside|allocat(?:es|ed)|budget(?:s|ed)|foresees|envisages"
                                    r"|pledg(?:es|ed)|approved|(?:wants|aims|hopes|seeks|plans|said\s+it\s+wants)\s+to\s+"
                                    r"(?:attract|mobili[sz]e|draw)|has|have)\b[^.;]{0,40}$", re.I)
# ("... is part of the Brazilian AI Plan, which foresees R$23 billion")
PROGRAMME_WHICH_BEFORE = re.compile(r"\b(?:programme|program|plan|mission|strategy|initiative|scheme),\s+which\s+(?:foresees"
                                    r"|envisages|earmarks|allocates|provides)\s+[^.;]{0,20}$", re.I)
PROGRAMME_TOTAL_AFTER = re.compile(r"[^.;]{0,40}?\b(?:(?:by|through|until|till|before)\s+(?:the\s+end\s+of\s+)?"
                                   r"(?:(?:19|20)\d\d|the\s+decade|this\s+decade)"
                                   r"|over\s+(?:the\s+next\s+)?(?:two|three|four|five|six|seven|eight|ten|\d{1,2})\s+years)\b", re.I)
UP_FROM = re.compile(r",?\s+(?:up|down)\s+from\b", re.I)
UP_FROM_BEFORE = re.compile(r"\b(?:up|down)\s+from\s+" + _HEDGE + "$", re.I)
TO_BACKLOG = re.compile(r"(?:\s+of\s+[\w-]+(?:\s+[\w-]+)?)?\s+to\s+(?:its|their|the|a)\s+(?:[\w-]+\s+)?backlog\b", re.I)
# Counts of sites are not deal quantities ("3 data centers").
SITE_UNITS = {"data centers", "sites", "campuses", "facilities", "buildings"}
# A country that receives, buys or signs is a party (sovereign deals): "supply 260,000 GPUs to South Korea",
# "a partnership with the UAE", "Saudi Arabia's government", "the government of India".
GOVERNMENT_BEFORE = re.compile(r"(?:\b(?:suppl(?:y|ies|ied)|sell(?:s|ing)?|sold|deliver(?:s|ed|ing)?|provid(?:e|es|ed|ing)|ship(?:s|ped)?"
                               r")\b[^.;]{0,80}?\bto|\b(?:deal|agreement|partnership|contract|memorandum)s?"
                               r"\s+with|\bgovernment\s+of)\s+(?:the\s+)?$", re.I)
GOVERNMENT_CUE = re.compile(r"\b(suppl|sell|sold|deliver|provid|ship|deal|agreement|partnership|contract|memorandum|sign"
                            r"|award|grant|invest|fund|buy|bought|order|pa(?:y|id)|commit|pledg|select|pick|chose|tapped|subsid|receiv|empanel|tender"
                            r"|loans?\b|lend(?:s|ing)?\b|lent\b|financ(?:e|es|ed|ing)\b|guarantee"
                            r"|government|ministry|sovereign|state fund)", re.I)
POSSESSIVE_NAME = re.compile(r"['’]s\s+(?-i:[A-Z])", re.I)
# (a country that signs, awards, buys or pays is a party, its government: `GOVERNMENT_ACTS`)
# not a subject: "from Japan", "companies from Japan and South Korea", "while Saudi Arabia pledged ..." (another clause)
# "Germany and Nvidia will bring 100,000 GPUs ...": a country that does the deal with a company is a party
CO_SUBJECT = re.compile(r"\s+and\s+(?-i:[A-Z][\w.&’'-]*\s+){1,3}(?:(?:will|plan\s+to|are\s+to)\s+(?:jointly\s+)?(?:build|bring"
                        r"|deploy|develop|invest|create|set\s+up|establish|launch|sign|supply|install|open)|signed|agreed"
                        r"|announced|unveiled|struck|inked|sealed|launched)\b", re.I)
AFTER_PREPOSITION = re.compile(r"(?:\b(?:from|in|of|to|for|by|with|across|at|into|than|on)\s+(?:the\s+)?"
                               r"(?:[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?\s+(?:and|or)\s+)?"
                               r"|\b(?:while|whereas|but)\s+)$", re.I)
GOVERNMENT_AFTER = re.compile(r"(?:['’]s)?\s+(?:government|ministry|state fund|sovereign fund)\b", re.I)
# "CoreWeave, a cloud provider backed by Nvidia", "Nvidia-backed CoreWeave", "a cloud whose clients include Meta
# and Midjourney": a company named only to describe another is not a party of the clause.
# (the last may be owned by a name: "owned by Saudi Arabia's Public Investment Fund")
# (each name of the list may open with "the" or be a person's company: "Microsoft, Elon Musk's xAI, the Kuwait
# Investment Authority and Temasek")
_NAMES_BEFORE = (r"(?:(?:the\s+)?(?-i:[A-Z]|[a-z](?=[A-Z]))[\w.&’'-]*(?:\s+(?-i:[A-Z]|[a-z](?=[A-Z]))[\w.&’'-]*)*"
                 r"(?:,\s+|,?\s+and\s+|,?\s+or\s+))*(?:the\s+)?"
                 r"(?:(?-i:[A-Z])[\w.&-]*(?:\s+(?-i:[A-Z])[\w.&-]*)*['’]s\s+)?$")
DESCRIBED_BEFORE = re.compile(r"\b(?:(?<!joint\sventure\s)(?<!project\s)"
                              # ("a joint venture backed by MGX and Bpifrance": the deal's backers, parties of it)
                              r"(?:backed|owned|supported|controlled)\s+by|spun\s+(?:out|off)\s+(?:of|from)"
                              # ("Humain, the AI company launched this week by the Public Investment Fund": its founder)
                              # (not a venture's founders: "a company formed by OpenAI, SoftBank and Oracle will invest")
                              r"|(?<=,\s)(?:the|an?)\s+(?:[\w-]+\s+){0,3}?(?:company|startup|start-up|firm)\s+"
                              r"(?:launched|founded|created)\s+(?:[\w-]+\s+){0,3}?by"
                              r"|an?\s+(?:unit|subsidiary|division|affiliate)\s+of"
                              # ("Crusoe, the developer behind OpenAI's Abilene campus": the company described built it)
                              r"|(?<=,\s)(?:the|an?)\s+(?:[\w-]+\s+){0,4}?(?:developer|operator|builder|owner|company|firm|startup"
                              r"|group|provider|landlord|contractor)\s+behind"
                              r"|(?:clients|customers)\s+(?:include|including|such\s+as|like)"
                              # ("The AI Infrastructure Partnership, whose backers include Microsoft and Nvidia, said ...")
                              r"|whose\s+(?:[\w-]+\s+)?(?:backers|investors|members|shareholders|owners|partners|founders)\s+"
                              r"(?:include|including|are|such\s+as)"
                              # ("rather than diluting shareholders such as ASML", "rivals like AMD": examples of a kind)
                              r"|(?:shareholders|rivals|competitors|peers)\s+(?:such\s+as|like))\s+" + _NAMES_BEFORE, re.I)
# "Crusoe, the data-center developer building the Abilene campus used by OpenAI, is raising ...": what the subject is,
# told in apposition; the companies it names describe the subject (not a venture's or a unit's owners: "Stargate, the
# joint venture of OpenAI and Oracle, ...")
SUBJECT_APPOSITION = re.compile(r",\s+(?:the|an?)\s+(?![^,;.]*\b(?:venture|consortium|partnership|unit|subsidiary"
                                r"|division|arm|affiliate|owners?|parent)\b)[^,;.]{0,120}?,(?=\s+(?:\w+\s+){0,2}?(?:is|are|was"
                                r"|were|has|have|had|will|would|said|says|signed|agreed|raised|plans|announced|struck|won"
                                r"|secured|closed|landed|inked)\b)", re.I)
_DESCRIBED_CUE = re.compile(r"by\s|of\s|clients|customers|behind\s|such\sas|like\s|whose\s")  # a cheap test before DESCRIBED_BEFORE
# ("Nvidia-backed CoreWeave"; "from Nvidia partner Supermicro", "OpenAI backer Microsoft": a company told by another's
# partner, supplier or backer is that other one)
DESCRIBED_AFTER = re.compile(r"[-‑](?:backed|owned|based|controlled|supported|affiliated|powered|equipped)\b"
                             r"|\s+(?:partner|supplier|backer|investor|customer|client)\s+(?-i:[A-Z])", re.I)
# A clause whose subject is a pronoun or "the company" goes on about the previous sentence's subject.
_PRONOUN_NOUNS = r"company|firm|startup|start-up|group|chipmaker|provider|operator|developer|miner|lab"
_PRONOUN = r"(?:It|They|The (?:" + _PRONOUN_NOUNS + r"))"
_PRONOUN_VERB = (r"\s+(?:\w+\s+){0,2}?(?:announced|signed|agreed|struck|inked|sealed"
                 r"|will|would|has|have|had|plans?|is|are|was|were|won|secured|landed|reached|raised|raises"
                 r"|closed|bought|buys|acquired|acquires|invested|invests|committed|commits|ordered|orders"
                 r"|leased|leases|received|receives|got|gets|took|takes|made|makes|chose|picked|selected"
                 r"|added|adds|expanded|expands|extended|extends)\b")
_TIME_OPENING = (r"(?:On\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|In\s+(?:" + MONTH_NAME
                 + r"|20\d\d|the\s+(?:first|second|third|fourth)\s+quarter)|(?:Last|This|Earlier\s+this|Later\s+this)"
                 r"\s+(?:week|month|year|quarter)|Earlier|Later|Then|Now|Today|Yesterday)")
# (after an opening phrase too: "In March, the company agreed ...", "Beyond its deals with Google, it signed ...",
# and after a short time phrase with no comma: "On Tuesday it committed ...", "Last month the company signed ...")
PRONOUN_SUBJECT = re.compile(r"^\W*(?:" + _PRONOUN + r"|[^,;]{3,120},\s+(?:it|they|the\s+(?:" + _PRONOUN_NOUNS + r"))"
                             r"|" + _TIME_OPENING + r"\s+(?:it|they|the\s+(?:" + _PRONOUN_NOUNS + r"))"
                             # (not a cleft: "In May it was Mistral that raised ...")
                             r"(?!\s+(?:is|was)\s+(?-i:[A-Z])))" + _PRONOUN_VERB)
# "Its shares jumped after the company announced a $7 billion deal with CoreWeave": the pronoun opens a later clause
PRONOUN_LATER = re.compile(r"\b(?:after|when|as|since|because|once)\s+(?i:it|they|the\s+(?:" + _PRONOUN_NOUNS + r"))"
                           r"\s+(?:\w+\s+){0,2}?(?:announced|signed"
                           r"|agreed|struck|inked|sealed|won|secured|landed|reached|raised|closed|bought|acquired|invested"
                           r"|committed|ordered|leased|received|disclosed|unveiled)\b")
# "X signed a deal with Y to supply ...": the infinitive's subject is X, the sentence's subject, not Y.
WITH_BEFORE = re.compile(r"\b(with|and)\s+(?:the\s+)?$", re.I)  # ("a contract with the ChatGPT maker to supply")
# Two facts joined in one sentence: "..., while IREN separately agreed to buy ..." (each clause its own unit).
CLAUSE_BREAK = re.compile(r";\s+|,\s+(?=(?:while|whereas|meanwhile|and separately|separately)\b"
                          # ", and AMD will take a stake ... by investing $650 million": "and" opening a clause with a
                          # subject of its own that puts money into a company (another deal than the one told first)
                          r"|and\s+(?-i:[A-Z])[\w.&'’-]*(?:\s+(?-i:[A-Z])[\w.&'’-]*){0,2}\s+(?:will|would|agreed\s+to|plans\s+to|is)\s+"
                          r"(?:also\s+)?(?=invest(?:ing)?\b|tak(?:e|ing)\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?stake\b)"
                          # ", as rival Amazon agreed to ...": "as" opening a clause with a subject of its own
                          r"|as\s+(?:(?:rival|rivals|competitor|fellow|peer)\s+)?(?-i:[A-Z])[\w.&'’-]*(?:\s+(?-i:[A-Z])[\w.&'’-]*){0,2}"
                          r"\s+(?:agreed|signed|struck|announced|unveiled|committed|raised|won|will|has|had|is|was|plans)\b)",
                          re.I)
SUPPLIES = re.compile(r"\s+(?:will\s+|to\s+|would\s+|has\s+agreed\s+to\s+|agreed\s+to\s+)?"
                      r"(?:supply|supplies|supplied|provide|provides|provided|sell|sells|sold|deliver|delivers)\b", re.I)
# "Alphabet sold €6.5 billion of bonds", "Meta will sell $30 billion of notes": who sells its own debt borrows
SELLS_DEBT = re.compile(r"\s+(?:will\s+|to\s+|would\s+|has\s+|had\s+|plans\s+to\s+)?(?:sell|sells|sold|selling|issue|issues|issued"
                        r"|issuing|price[sd]?|pricing|place[sd]|placing)\s+(?:(?-i:[A-Z]{3})\s+)?(?:(?-i:[a-z\d$€£¥])[\w$€£¥.,-]*\s+){0,5}?(?:(?:senior|unsecured|secured"
                        r"|convertible|green|corporate|high-yield|junk|investment-grade)\s+)*(?:bonds?|notes|debt|debentures)\b"
                        # (not a bank selling a client's: "sold $27 billion of bonds for Meta's campus")
                        r"(?![^.;]{0,40}?\b(?:for|on\s+behalf\s+of)\s+(?-i:[A-Z]))", re.I)
# "to value X at", "could value X at": the verb (the noun, "the value of the contract at", is no valuation).
VALUE_VERB = re.compile(r"\b(?:(?:to|would|could|will|may|might|can)\s+value\s+|value\s+(?!(?:of|for|in|to|the\s+(?:deal|contract|agreement|order))\b))([\w'’.-]+\s+){0,6}?at\b", re.I)
# A funding round's sides: "Mistral raised $2 billion in a round led by ASML and Nvidia", "... from Nvidia".
RAISES = re.compile(r"(?:['’]s)?\s+(?:has\s+|have\s+|had\s+)?(?:raised|raises)\b" + _NO_FUNDS
                    + r"(?!\s+(?:its|their|the)\s+(?:commitment|stake|investment|offer|bid)\b)"
                    r"|(?:['’]s)?\s+(?:has\s+|have\s+|had\s+)?(?:secured|secures|closed|closes|received|receives|landed"
                    r"|lands|lined\s+up|obtained|arranged)\s+(?:[^,;.]|(?<=\d)\.(?=\d)){0,40}?"
                    r"\b(?:funding|round|series\s+[a-h]|equity\s+financing|(?:equity\s+|strategic\s+)?investment(?!\s+in\b)"
                    r"|debt|loans?|credit\s+facility)\b"
                    # (not what it arranged for another: "MUFG arranged a $2 billion loan for Vantage's campus")
                    r"(?!\s+(?:for|to)\s+(?-i:[A-Z]))", re.I)
# ("led by X", "raised $2 billion from X", "secured fresh backing from X", "drew investment from X": X invests)
ROUND_LEADS = re.compile(r"\b(?:(?:co-)?led\s+by|raised\s+[^,;]{0,40}?\bfrom"
                         r"|(?:backing|funding|investments?|capital|commitments?)\s+from)\s+" + _NAMES_BEFORE, re.I)
ROUND_OF = re.compile(r"['’]s?\s+(?:[^,;.]{0,30}?\b)(?:funding\s+)?(?:round|raise|fundraising)\b", re.I)  # "OpenAI's $40B round"
EQUITY_WORDS = re.compile(r"\b(?:equity|round|series\s+[a-h]|stake|shares|valuation|valuing|valued)\b", re.I)
RAISING = re.compile(r"\b(?:rais(?:e|es|ed|ing)\b" + _NO_FUNDS + r"|funding|round|series\s+[a-h]|investment)\b", re.I)
# "Nvidia's share of the round", "Microsoft's portion of the deal": a part the company holds in the deal told.
SHARE_OF = re.compile(r"['’]s?\s+(?:own\s+)?(?:share|part|portion|slice|piece|contribution|participation)\s+(?:of|in|to)\s+"
                      r"(?:the|this|that)\s+(?:\w+\s+){0,2}?(?:round|raise|deal|investment|financing|funding|agreement"
                      r"|contract|package|commitment)\b", re.I)
# Revenue a contract brings in is the contract's value: "$3.7 billion in contracted revenue", "contracted lease
# revenue to $11B", "$7 billion in revenue over the lease term", "expected to generate $830 million".
CONTRACTED_REVENUE = re.compile(r"\bcontracted\s+(?:[\w-]+\s+){0,2}revenues?\s+(?:of\s+|to\s+|at\s+)?"
                                + _HEDGE + "$"
                                r"|^\s*(?:in|of)\s+(?:total\s+)?contracted\s+(?:[\w-]+\s+)?revenues?\b", re.I)
REVENUE_OVER_TERM = re.compile(r"^\s*(?:in|of)\s+(?:[\w-]+\s+){0,2}revenues?\s+(?:over|during|across|from|under)\s+"
                               r"(?:the|its|their|this|that)\s+(?:[\w-]+\s+){0,4}(?:term|lease|leases|contract|contracts"
                               r"|agreement|agreements|deal|life)\b", re.I)
GENERATES = re.compile(r"\b(?:generat(?:e|es|ing)|bring(?:s|ing)?\s+in|produc(?:e|es|ing)|represent(?:s|ing)?|secur(?:e|es|ing)"
                       r"|worth)\s+" + _HEDGE + "$",
                       re.I)
PERIOD_REVENUE = re.compile(r"\b(?:quarterly|annual(?:ized|ised)?|yearly|recurring)\s+(?:[\w-]+\s+)?revenues?\b"
                            r"|^\s*(?:in|of)\s+(?:[\w-]+\s+)?(?:quarterly|annual(?:ized|ised)?|yearly|recurring)\b"
                            r"|^\s*(?:in\s+)?(?:[\w-]+\s+){0,2}revenues?\s+(?:a|per|each)\s+(?:year|quarter)\b", re.I)
COULD_LIFT = re.compile(r"\b(?:could|would|may|might)\s+(?:lift|raise|increase|take|bring|push|elevate|boost)\s+(?:the\s+)?(?:total\s+)?"
                        r"(?:[\w-]+\s+)?revenues?\s+to\s+" + _HEDGE + "$", re.I)
CONTRACT_NOUN = re.compile(r"\b(?:contracts?|leases?|agreements?|deals?)\b", re.I)
# ("$2.75 billion of 9.25% senior unsecured notes": the coupon and the kind of the notes may come between)
DEBT_AFTER = re.compile(r"\s+(?:in|of|through|via)\s+(?:a\s+|an\s+|new\s+)?(?:[\w.%-]+\s+){0,3}?(?:debt|bonds?|bond\s+sale|loans?"
                        r"|notes|convertible|credit)\b", re.I)
DEAL_NOUN_AFTER = re.compile(r"\s*(?:-|\s)?(?:[\w-]+\s+)?(?:deal|contract|agreement|order|lease|commitment)s?\b(?!\s+book)",
                             re.I)
# A company's worth on the stock market: "a market value of $4 trillion", "$3 trillion market cap".
MARKET_VALUE = re.compile(r"(?<!private-)(?<!private\s)\bmarket\s+(?:value|valuation|cap(?:italization|italisation)?)\b"
                          r"(?:\s+(?:\w+\s+){0,2}?(?:of|to|at|by|past|above|over|beyond)\s+"
                          + _HEDGE + ")?$"
                          r"|^\s*(?:(?:in|to|of|from)\s+(?:its|their|the\s+[\w-]+['’]s)\s+|in\s+)?"
                          r"market\s+(?:value|valuation|cap(?:italization|italisation)?)\b", re.I)
# Debt's sides: "a $7.5 billion loan from Blackstone", "a credit facility arranged by JPMorgan".
LENDING = re.compile(r"\b(?:loans?|debt|credit\s+(?:facility|facilities|line)|(?:debt|project|asset-backed)\s+financing|private\s+credit"
                     r"|borrow(?:s|ed|ing)?|lending|(?:lend|lends|lent)(?=\s+(?:[\w-]+\s+){0,3}?(?:(?:about|roughly|nearly|some|up\s+to|as\s+much\s+as|more\s+than)\s+)?" + AMOUNT_START + ")"
                     # ("will lend to Jurong Digital"; not "declined to lend to")
                     r"|(?<!declined\sto\s)(?<!refused\sto\s)(?<!unwilling\sto\s)(?<!reluctant\sto\s)(?<!plans\sto\s)"
                     r"(?<!unlikely\sto\s)(?<!not\sto\s)(?<!n't\s)(?<!not\s)(?:lend|lends|lent)(?=\s+to\b)"
                     # (not "analyst notes seen by Reuters": a note is no debt)
                     r"|financing\s+(?:facility|package)|(?<!analyst\s)(?<!analysts['’]\s)(?<!research\s)(?<!client\s)notes"
                     r"(?!\s+(?:seen|to\s+clients|from\s+analysts))|bonds?)\b", re.I)
# the customer a borrower's build is for ("a loan to build a campus that will serve Anthropic")
SERVED_BEFORE = re.compile(r"\b(?:to\s+serve|serving|(?:that|which)\s+(?:will|would)\s+serve)\s+(?:the\s+)?$", re.I)
LENT_BY = re.compile(r"\b(?:from|" + _LEADS + r"\s+by)\s+" + _NAMES_BEFORE + "$", re.I)
# The next name of a list, after an optional ticker in brackets or a parent's possessive.
LISTED_AFTER = re.compile(r"['’]s\s+|" + _LIST_SEP + r"(?:the\s+)?(?:[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)?['’]s\s+)?")
CLAUSE_SUBJECT = re.compile(r"\s+(?:will|would|has|have|had|is|are|was|were|said|says|plans|also|chose|\w+ed)\b")
NOT_THIS_PARTY_WORDS = ("from", "instead", "rather", "relian", "dependen", "leaving", "switch", "not ", "drift",
                        "over ", "beat", "against", "alongside", "factured", "fabricated", "packaged", "analyst",
                        "note ", "report ", "strategist", "economist", "advised", "similar ", "earlier ", "previous ",
                        "prior ", "comparable ", "beyond ")
# A list of names goes on after this one: ", Microsoft and ..." (not "..., OpenAI turned to AMD").
LIST_GOES_ON = re.compile(_LIST_SEP + r"(?-i:[A-Z])")
# "Supermicro won a $2 billion server order from xAI", "received an order worth $3 billion from xAI": the company an
# order comes from buys.
WON_FROM = re.compile(r"\b(?:won|wins|win|winning|landed|lands|landing|secured|secures|securing|bagged|bags|booked|books"
                      r"|clinched|received|receives|got|gets|snagged|scored)\b[^;]{0,60}?\b(?:orders?|contracts?|deals?"
                      r"|business|commitments?)\s+from\s+$"
                      r"|\b(?:won|wins|win|winning|landed|lands|booked|books|received|receives|got|gets|scored)\b[^;]{0,60}?"
                      r"\b(?:orders?|contracts?)\s+(?:worth|valued\s+at|totall?ing|of)\s+[^;]{0,40}?\s+from\s+$", re.I)
# "Blue Owl will provide a $15 billion loan to OpenAI", "lent $18 billion to Vantage": who lends and who borrows.
LENDS = re.compile(r"\s+(?:will\s+|would\s+|has\s+|have\s+|agreed\s+to\s+)?(?:(?:provide[sd]?|extend(?:s|ed)?|arrange[sd]?"
                   # (an amount's decimal point ends no clause: "provided a $2.3 billion loan")
                   r"|underwrite|underwrote)\b(?:[^.;]|(?<=\d)\.(?=\d)){0,60}?\b(?:loans?|credit|financing|debt|facility)\b"
                   r"|(?:lend|lends|lent)\b(?=\s+(?:[\w-]+\s+){0,3}?(?:(?:about|roughly|nearly|some|up\s+to|as\s+much\s+as|more\s+than)\s+)?" + AMOUNT_START + ")"
                   r"|(?:lend|lends|lent)\s+to\b)", re.I)
# (not a tenant in a clause of its own: "debt to build a campus that will be leased to Oracle")
LENT_TO = re.compile(r"\b(?:(?:loans?|credit|financing|debt|facility|lending)\b"
                     r"(?:(?!\b(?:which|that|who|leased|leases|rented|sold|supplied)\b)(?:[^.;]|(?<=\d)\.(?=\d))){0,60}?"
                     r"|(?:lend|lent|lends)\s+[^.;]{0,30}?" + AMOUNT_START + r"(?:[^.;]|(?<=\d)\.(?=\d)){0,30}?)"
                     r"\bto\s+(?:the\s+)?$", re.I)
# "arranged $6 billion of debt financing for xAI", "a $2 billion loan for Lambda": who the loan is for borrows, and who
# arranges or provides it lends
LENT_FOR = re.compile(r"\b(?:loans?|credit|financing|debt|facility|facilities)\s+(?:package\s+)?for\s+(?:the\s+)?$", re.I)
# (but one that names its lenders arranges its own: "Crusoe arranged $11.6 billion of debt for OpenAI's campus from Blue
# Owl"; and "for OpenAI's Abilene campus" names a site)
LOAN_FROM = re.compile(r"\bfrom\s+(?:the\s+)?(?-i:[A-Z])")
POSSESSIVE_AFTER = re.compile(r"['’]s?\s")
# "banks are lending Lambda about $2 billion", "will lend to Jurong Digital": the object of "lend" borrows
LENT_OBJECT = re.compile(r"\b(?:lend|lends|lending|lent)\s+(?:to\s+)?(?:the\s+)?$")
# Companies joined by "and" or a comma share their part in the sentence: "from Blackstone and Magnetar".
JOINED = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)(?:the\s+)?$")
# The company right after a supply verb is the one supplied: "... to supply Microsoft with GPUs".
SUPPLY_OBJECT = re.compile(r"\b(?:suppl(?:y|ies|ying)|provid(?:e|es|ing)|equip(?:s|ping)?)\s+(?:the\s+)?$", re.I)  # ("supply the ChatGPT maker with")
# Words near a money figure that say what the money is; checked closest-first. ("Invest" with a capital is part of
# a name, "CPP Investments"; an "investment-grade" tenant is who rents, not an investment.)
ROLE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # ("priced Crusoe at about $13 billion": what the round values the company at; not shares or notes priced)
    ("valuation", re.compile(r"\b(valuations?|valu(ed|ing|es) ([\w'’.-]+\s+){0,6}?at|valuing|market (value|cap(italization)?)"
                             r"|(equity|enterprise) value|worth of the company"
                             r"|pric(ed|ing|es) (?!(the |its )?(shares|stock|notes|bonds|offering|debt|ipo|deal)\b)([\w'’.-]+\s+){1,4}?at)\b",
                             re.I)),
    # a backlog sums every contract a company holds: not one deal's size
    # (not what one contract will bring: "about $4 billion in expected lease revenue", "$3.7 billion of contracted revenue")
    ("revenue", re.compile(r"\b(revenue(?<!contracted\srevenue)(?<!lease\srevenue)s?|sales|earnings|profit|income|quarterly|annual(ized)? run rate|backlog"
                           r"|remaining performance obligations?|RPO|bookings|(?<=order\s)book)\b", re.I)),
    ("capex", re.compile(r"\b(capex|capital expenditures?|capital spending)\b", re.I)),
    ("acquisition", re.compile(r"\b(acquir(e|es|ed|ing)|acquisition|takeover|buyout|take private"
                               r"|(was|were|is|being)\s+(bought|purchased)\s+by)\b", re.I)),
    ("financing", re.compile(r"\b(loans?|debt|bonds?|credit (facility|line)|private credit|financing|financed|notes offering"
                             r"|lenders?|borrow(s|ed|ing)?|lend(s|ing)?|lent|backstop(s|ped|ping)?|loan guarantees?)\b", re.I)),
    ("investment", re.compile(r"\b((?-i:i)nvest(s|ed|ing|ment|ments)?(?!-grade)|(?<=from\s)investors|stake|funding(?:\s+rounds?)?|rounds?|(?-i:Series\s+[A-H])(?![\w-])(?!\s+(?:\w+\s+)?(?:notes|bonds))|(?:raise[sd]?|raising)" + _NO_FUNDS
                              + r"|backing|backed\s+([\w-]+\s+){0,3}?with|put\s+in(?!\s+(?:place|an?|orders?|bids?)\b)|equity|(fresh|new) capital|pour(s|ed|ing)?|putting|inject(s|ed|ing)?"
                              r"|injection|cheques?|checks?)\b"
                              # ("will put $1.5 billion into Lumentum", "pumped $5 billion into": the verb right before)
                              r"|\b(?:put|puts|pump(?:s|ed|ing)?|funnel(?:l)?(?:s|ed|ing)?)\s+(?:(?:about|roughly|around|nearly"
                              r"|some|up\s+to|as\s+much\s+as|more\s+than|over|another|an\s+additional)\s+)?$",
                              re.I)),
    # "agreed to buy $300 billion of computing power": a purchase verb right before the amount sizes the deal,
    # whatever the sentence said earlier ("The financing comes a month after ...")
    ("deal_value", re.compile(r"\b(buy|buys|buying|bought|purchas(e|es|ed|ing)|pay|pays|paying|paid|spend(s|ing)?|spent"
                              r"|rent(s|ing)?|leas(e|es|ing))\s+(?:(?:about|roughly|around|nearly|almost|some|up to"
                              r"|as much as|more than|over|at least)\s+)?$", re.I)),
]
# ", a startup that recently secured $4 billion from Amazon": another deal, recalled in a relative clause.
# (", which Amazon has backed with $8 billion,": the doer may be named)
# (", the startup that last month agreed to buy 60,000 of the chipmaker's GPUs,": the antecedent's own earlier deal,
# told as past, with no other company named)
_WHEN_BEFORE = (r"(?:last\s+(?:week|month|year|spring|summer|fall|autumn|winter)|earlier\s+this\s+(?:year|month)"
                r"|in\s+(?:(?-i:[A-Z])[a-z]+|\d{4}))")
RELATIVE_DEAL = re.compile(r",\s+(?:(?:a|an|the|its)\s[^,;]{0,80}?\s)?(?:that|which|who)\s+(?:(?-i:[A-Z])[\w.&'’-]*\s+){0,3}?"
                           r"(?:\w+ly\s+|" + _WHEN_BEFORE + r"\s+)?(?:has\s+|had\s+|have\s+)?"
                           r"(?:(?:\w+ly|earlier|already|once)\s+)?"
                           r"(?:raised|secured|received|signed|agreed|invested|bought|acquired|won|landed|struck|took|joined"
                           r"|led|backed|funded|financed"
                           # ("OpenAI, which last month committed $250 billion to Azure": told as before)
                           r"|(?:(?<=month\s)|(?<=year\s)|(?<=week\s)|(?<=earlier\s)|(?<=previously\s)|(?<=already\s))"
                           r"(?:committed|pledged|ordered))"
                           r"\b(?:[^,;]|(?<=\d),(?=\d{3}\b))*",
                           re.I)
RELATIVE_TOLD_PAST = re.compile(r"^,\s+(?:(?:a|an|the|its)\s[^,;]{0,80}?\s)?(?:that|which|who)\s+(?:" + _WHEN_BEFORE
                                + r"|(?:had|has)\s+(?:already|previously|earlier)|previously|already)\b"
                                # (or timed at its end: ", which led its €1.7bn round in 2025")
                                r"|\s(?:last\s+(?:week|month|year)|in\s+(?:(?-i:[A-Z])[a-z]+\s+)?\d{4}|a\s+year\s+ago)\W*$")
# ", which signed a $20 billion contract with Meta on Friday,": an aside timed in the days of the story tells its news,
# not an earlier deal ("earlier this week" is a recall)
NEWS_TIME = re.compile(r"(?<!earlier )\b(?:on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|today|yesterday"
                       r"|this\s+week)\b", re.I)
# ", which raised $9.2 billion last year,": an aside that tells what a company did before (a verb in the past).
PAST_ASIDE = re.compile(r",\s+(?:which|who)\s+(?:\w+ly\s+)?(?:(?:last|earlier\s+this)\s+(?:year|month|week|spring|summer|fall|autumn"
                        r"|winter)\s+|in\s+(?:(?-i:[A-Z])[a-z]+|\d{4})\s+(?:\d{4}\s+)?)?"
                        r"(?:(?:has|had|was|were)\s+(?:(?:\w+ly|earlier|already|once)\s+)?)?"
                        r"(?:\w+ed|got|won|sold|bought|took|made|paid|spent|led|lost|raised|struck|inked)\b"
                        # ", whose $5 billion stake in Intel closed in December,": the company's deal done before
                        # ", which has a $6.3 billion capacity agreement with Nvidia,": a deal the company holds already
                        r"|,\s+(?:which|who)\s+(?:already\s+)?(?:has|have|had|holds|held)\s+(?:a|an)\s+[^,;]{0,60}?\b(?:deal|agreement"
                        r"|contract|lease|stake|order|commitment|partnership)s?\b"
                        r"|,\s+whose\s+[^,;]{0,80}?\s(?:(?:was|were|has\s+been|had\s+been)\s+)?(?:closed|completed|finalized"
                        r"|finalised|announced|agreed|signed|struck|approved|cleared)\b", re.I)

# ", weeks after unveiling Stargate Norway with OpenAI.": a closing clause that tells what came before.
# (with amounts of its own, only a clause with its own subject: "following a $1.4 billion pact with Microsoft" is
# the subject's deal, told by RECALL_BEFORE)
# The rest of a closing clause: no comma, but those inside a deal's description ("a five-year, $9.7 billion contract",
# "their $300 billion, five-year agreement").
_CLAUSE_REST = r"(?:[^,;]|,(?=\s+(?:(?:US)?[$€£]\d|[\w]+-(?:year|month)\b))){0,120}"
# (a time between, "three months after leading a $300 million round", makes it an earlier deal even without a
# subject of its own)
TRAILING_AFTER = re.compile(r",\s+(?:(?:just|only|barely|a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+|several|few)\s+"
                            r"|(?P<span>(?:shortly|hours?|days?|weeks?|months?|years?)\s+)){0,3}"
                            # (", a deal that follows Microsoft's agreement with Constellation": the same, told by a
                            # relative clause)
                            r"(?P<after>after|following|(?:(?:a|the)\s+(?:[\w-]+\s+){0,2}?(?:deal|agreement|contract|move)\s+)?"
                            r"(?:that|which)\s+(?:follows|followed|comes\s+after|came\s+after))\s+" + _CLAUSE_REST + "$")
# "The Xcel contract is Google's third this spring, following a 150 MW geothermal agreement with Fervo": the closing
# clause names earlier deals by their figures (the main clause may state none)
DEALS_NAMED_AFTER = re.compile(r"\s*(?:a|an|its|their)\s+(?:[\w-]+\s+){0,2}?(?:(?:US)?[$€£]\s?\d|\d[\d.,]*\s?(?:MW|GW|megawatts?"
                               r"|gigawatts?|billion|million|bn)\b)[^,;]{0,60}?\b(?:deals?|agreements?|contracts?|orders?"
                               r"|rounds?|investments?|leases?|purchases?|acquisitions?|pacts?|commitments?)\b", re.I)
# ("..., after CoreWeave committed to the campus's first 800 MW last year": a closing clause with a subject of its own,
# told as done at a time before the story's, names an earlier deal too)
PAST_TIME = re.compile(r"\b(?:last\s+(?:year|spring|summer|fall|autumn|winter)|earlier\s+this\s+year|in\s+20\d\d"
                       r"|(?:a|one|two|three|several)\s+(?:years?|months?)\s+ago)\b", re.I)
# "... to help fund its commitments to OpenAI": what the money is for, another deal (its companies are that deal's)
# (the subject's own: "to help fund OpenAI's buildout" names whom the money goes to, the deal's own party)
# ("... to deliver capacity under its contract with Meta": the deal the purchase serves; a closing attribution,
# ", people familiar with the matter said", ends the sentence, not the clause)
_SAID_TAIL = r"(?:,\s+[^,;]{0,60}?\b(?:said|says|reported|according\s+to\s+[^,;]{1,60})[.!]?)?"
PURPOSE_AFTER = re.compile(r",?\s+(?:in\s+order\s+)?to\s+(?:help\s+)?(?:(?P<purpose>fund|finance|refinance|pay\s+for|cover)\s+"
                           r"|(?P<serve>deliver|serve(?!\s+as\b)|fulfil|fulfill|meet|service)\s+(?:(?:[^,;]{0,60}?\s)?(?:under|for|on)\s+)?)"
                           r"(?:its|their)\s+[^,;]{0,120}(?:,\s+(?:which|where|whose)\b[^,;]{0,80})?"
                           r"(?:,\s+(?:adding\s+to|on\s+top\s+of|after|following)\s[^;]{0,120})?" + _SAID_TAIL + "$", re.I)
# ", expanding the partnership it started in January with a $1.2 billion order": the partnership's earlier deal
EXPANDING_AFTER = re.compile(r",\s+(?:expanding|extending|deepening|broadening|building\s+on|adding\s+to|on\s+top\s+of)\s+"
                             r"(?:on\s+)?(?:a|an|the|its|their)\s+(?:[\w-]+\s+){0,3}?(?:partnership|relationship|deal|agreement"
                             r"|contract|collaboration|alliance|commitment|equity|round|funding|investment|loan)s?\b(?![^,;]*\bby\s+(?:US)?[$€£])(?:[^,;]|,\s+(?-i:[A-Z]))"
                             r"{0,120}$", re.I)  # (the comma of a list of names: "with Nebius, IREN and Lambda")
OWN_SUBJECT = re.compile(r"\s*(?:(?:rival|rivals|competitor|fellow|peer)\s+)?(?-i:[A-Z])[\w.&'’-]*(?:\s+(?-i:[A-Z])[\w.&'’-]*){0,2}"
                         r"\s+(?:\w+ed|took|won|made|got|struck|bought|sold|led|paid|spent|raised|agreed|signed|had|has|was)\b")
# "after raising ...", "after it agreed ...": a clause whose doer is the sentence's subject
DOER_IS_SUBJECT = re.compile(r"\s+(?:[a-z]+ing\b|(?:it|the\s+company|the\s+firm|the\s+group)\s+(?!was\b|were\b)[a-z]+ed\b)")
# "more in the company", "expand it": the main clause naming again, as its object, a company its aside named (not
# "said it will", the subject)
BACK_REFERENCE = re.compile(r"\b(?:in|into|to|with|from|expand|extend)\s+(?:the\s+(?:company|startup|start-up|firm|lab|group"
                            r"|neocloud|chipmaker)|it|them)\b(?!['’])")
# "the startup", "the neocloud", "it": a company told before, named again (after the clause's own subject)
_TOLD_COMPANY = r"the\s+(?:[\w-]+\s+){0,2}?(?:" + _PRONOUN_NOUNS + r"|neocloud|utility|business)"
POINTS_BACK = re.compile(r"\b(?:in|into|to|with|from|for|supply|provide|give|grant|lend|sell|expand|extend|buy|back"
                         r"|said(?:\s+that)?)\s+(?:" + _TOLD_COMPANY + r"|it|them)\b(?!['’])", re.I)
POINTER_SUBJECT = re.compile(r"\s*(?:it|they|" + _TOLD_COMPANY + r")\b", re.I)
IDENTIFIED_AS = re.compile(r"\b(?:identified|named|revealed|confirmed)\s+(?:it\s+|them\s+)?as\s+(?-i:[A-Z])[\w.&-]*"
                           r"(?:\s+(?-i:[A-Z])[\w.&-]*){0,3},$", re.I)  # (the aside ends on the bare name)
# ", which previously partnered with Nvidia,": an aside between commas.
ASIDE = re.compile(r",\s+(?:which|who|whose)\b(?:[^,;]|(?<=\d),(?=\d{3}\b)){0,120},(?!\d{3}\b)", re.I)  # ("10,000" goes on)
# "Beyond its long-standing arrangements with Google and Amazon, the company ...": an opening that sets the
# subject's other dealings aside before the one the sentence tells.
OTHERS_OPENING = re.compile(r"\W*(?:Beyond|Besides|Apart\s+from|Aside\s+from|Other\s+than|Outside(?:\s+of)?)\s+"
                            r"(?:its|their)\s+[^,;]{0,120},")
# Benchmarks and model training runs name GPU counts that nobody bought.
NOT_A_DEAL = re.compile(r"\b(?=[bmst])((?-i:benchmarks?|Benchmarks)|MLPerf|submissions?|trained (the|its|a) (\w+ )?model"
                        r"|training runs?)\b", re.I)
# A lawsuit or a qualification test is no deal, unless the sentence also names one ("signed a $16.5 billion deal
# with Tesla, after its chips passed qualification tests", "who sued OpenAI last year, said xAI had raised $10 billion").
LEGAL_OR_TEST = re.compile(r"\b(?=[flqs])(lawsuits?|(?:law)?suit\s+(?:filed|against)|filed\s+(?:a\s+)?suit|sued|sues|suing"
                           r"|settle(?:s|d|ment)?"
                           r"|qualification\s+tests?)\b", re.I)
BREACHED_BEFORE = re.compile(r"\b(?:breach(?:ed|es|ing)?|breach\s+of|violat(?:ed|es|ing)|violation\s+of|repudiat(?:ed|es|ing)"
                             r"|wrongful(?:ly)?\s+terminat(?:ed|ing)|wrongful\s+termination\s+of"
                             r"|fail(?:ed|s|ing)?\s+to\s+(?:honou?r|perform|meet)|reneg(?:ed|ing)\s+on)\s+"
                             r"(?:(?:the\s+)?(?:terms|obligations)\s+(?:of|under)\s+)?(?:a|an|the|its|their)?\s*"
                             r"(?:[\w$€£.,-]+\s+){0,3}$", re.I)
# "The takeover talks collapsed", "the merger was called off": a deal that did not happen (told without figures); "Meta
# no longer rents capacity from Lambda", "it stopped buying from Dell": one that ended
FELL_THROUGH = re.compile(r"\b(?:collapsed|fell\s+(?:apart|through)|broke\s+down|(?:was|were|has\s+been|had\s+been)\s+"
                          r"(?:called\s+off|abandoned|scrapped|terminated|blocked)"
                          # (not a relative clause's: "Microsoft, which stopped buying from Dell, signed ...")
                          r"|(?<!which\s)(?<!who\s)(?<!that\s)(?:(?:has|had)\s+)?(?:no\s+longer\s+(?:buys|uses|rents|leases|relies\s+on|works\s+with"
                          r"|sources)|(?:stopped|stops|ceased)\s+(?:buying|using|renting|leasing|sourcing)))\b", re.I)
# "Equinix has ended talks to buy Polderdata for about €1.8 billion", "Quillon scrapped its plan for a 1.2 GW campus": a
# deal the sentence's subject called off, as its first verb (not "Meta, which scrapped plans for ..., has agreed")
CALLED_OFF = re.compile(r"^\W*(?!(?:Having|After|Despite|Following|While|Since|Before|Although|Though|Once|When|If)\b)"
                        r"(?:(?-i:[A-Z])[\w.&'’-]*\s+){1,5}(?:(?:on|this|last|late|early)\s+\w+\s+)?(?:has\s+|have\s+|had\s+)?"
                        r"(?:ended|abandoned|terminated|broke\s+off|called\s+off|walked\s+away\s+from|pulled\s+out\s+of"
                        r"|scrapped|shelved|dropped|cancell?ed)\s+(?:(?:its|the|their|a|an)\s+(?:[\w$€£¥₹₩.,%-]+\s+){0,3}?)?"
                        r"(?:talks|plans?|bid|offer|deal|agreement|negotiations|pursuit|project|contract|order|purchase"
                        r"|acquisition|takeover|merger|partnership)s?\b", re.I)
# (a deal the sentence tells besides: "Microsoft has terminated its agreement with Corvane and signed one with Nebius",
# "... ended its talks with Aldgate after signing a PPA with NextEra")
ANOTHER_DEAL_DONE = re.compile(r"\b(?:signed|signing|agreed|struck|striking|inked|sealed|won|winning|bought|buying|ordered"
                               r"|raised|invested|awarded|chose|picked|selected|turned\s+to)\b", re.I)
# A sentence that reports a deal as denied or untrue states no deal.
DENIAL = re.compile(r"\b(?=[bdfgnru])(denie[sd]|deny(ing)?|disapprov(ed|es)|refut(ed|es)|(dismiss|reject)(ed|es|ing) (the |a )?"
                    r"(reports?|rumou?rs?|speculation|suggestions?)"
                    # ("dismissed as 'pure speculation' a report that ...", "called a report that ... 'not true'": said of
                    # the report)
                    r"|(dismiss(ed|es|ing) as|not true|baseless|groundless|unfounded)\W{1,3}(\w+\W+){0,3}?(the |a )?"
                    r"(media )?(reports?|rumou?rs?)\b"
                    r"|(reports?|rumou?rs?) (that|of) [^.;]{1,160}?(not true|untrue|baseless|groundless|unfounded)"
                    r"|(report|rumou?r)s? (were|was|are|is) (false|untrue|inaccurate)|fake news"
                    # ("said 'no agreement exists' with Amazon, rebutting a newsletter report that ...": as "denied")
                    r"|rebut(s|ted|ting)? (a |the )?(\w+ )?(reports?|rumou?rs?))\b", re.I)
# "The Korea Times reported ...", "according to the report": a sentence that retells a media report
RUMOUR_TOLD = re.compile(r"\b(?:people\s+(?:familiar|close|with\s+knowledge)|sources?\s+(?:said|say|close|familiar)"
                         r"|according\s+to\s+(?:the\s+|a\s+)?(?:report|people|sources|media)|(?:newspaper|magazine|outlet"
                         r"|[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})\s+reported(?:\s+earlier)?|media\s+reports?)\b")
# A company's possessive before what it owns: "Meta's", "Microsoft Corp.'s".
_OWNER = r"(?-i:[A-Z])[\w.&-]*(?:\s+(?-i:[A-Z])[\w.&-]*)?['’]s"
# ", comparing it to CoreWeave's failed bid for Core Scientific", ", similar to Meta's deal with Oracle": another deal,
# named to compare (with or without figures of its own); ", complementing a larger Dell order", ", supporting the
# investment plan Google announced": one named beside
_DEAL_NOUNS = r"(?:deal|agreement|contract|takeover|acquisition|purchase|order|round|investment|lease|partnership|plan)s?"
OTHER_DEAL_AFTER = re.compile(r",\s+(?:(?:comparing|likening)\s+(?:it|them|the\s+(?:[\w-]+\s+){0,2}?" + _DEAL_NOUNS
                              + r")\s+(?:to|with)|(?:similar|akin|comparable)\s+to|(?:much|just)\s+like|mirroring|echoing"
                              r"|unlike|in\s+contrast\s+to"
                              r"|(?:complementing|besides|separate\s+from|supporting)(?=\s+(?:a|an|the|its|their|" + _OWNER
                              + r")\s+(?:[^,;]{0,60}?\s)?" + _DEAL_NOUNS + r"\b)"
                              # (", financed partly by a $15 billion bridge loan from Mizuho": the loan is a deal of its own)
                              r"|(?:financed|funded|paid\s+for)\s+(?:\w+ly\s+|in\s+part\s+)?(?:by|with|through)(?=\s+(?:a|an)\s+"
                              r"[^,;]{0,60}?\b(?:loans?|bonds?|debt|facility|financing|credit|notes)\b))\s+[^;]{0,160}$", re.I)
# "last month's", "earlier this year's": a deal owned by a time before the story's
_TIME_OWNER = (r"(?:(?:last|earlier\s+this|this\s+past)\s+(?:week|month|year|quarter|spring|summer|fall|autumn|winter)"
               r"|(?-i:" + MONTH_NAME + r"))['’]s")
# "The first contract, worth $2.8 billion, ran on Blackwell": the deal an expansion grew from
_FIRST_DEAL = r"(?:the|its|their)\s+(?:first|earlier|previous|prior|initial|original)\b"
# Words that recall an earlier deal, shared by the two patterns below.
_RECALLS = (r"(?<!as )previously(?!\s+(?:reported|announced|disclosed|said|stated))"
            r"|" + _FIRST_DEAL + r"\s+(?:[\w-]+\s+)?(?:contract|deal|agreement|order|round|lease|commitment)"
            # "Intel had earlier received $8.9 billion", "having already spent $4bn with the cloud company"
            r"|(?:had|having)\s+(?:already\s+|earlier\s+|previously\s+)?(?:raised|signed|agreed|invested|committed|secured"
            r"|received|won|landed|struck|spent|borrowed|obtained)"
            r"|follow(?:s|ed|ing)?\s+(?:on\s+from\s+)?(?:a|an|its|their|the|" + _OWNER + r")"
            r"|c(?:omes?|ame)\s+(?:(?:just|only|barely|some|about|nearly)\s+)?(?:(?:a|an|one|two|three|four|five|six|seven"
            r"|eight|nine|ten|eleven|twelve|eighteen|several|a\s+few|\d+)\s+)?(?:days?|weeks?|months?|years?)\s+after"
            r"|earlier\s+this\s+year|last\s+year")
# "Nebius said on Tuesday it had signed ...", "The company said Macquarie had agreed ...": speech told in the past,
# not an earlier deal (read by the recall patterns as "has")
REPORTED_HAD = re.compile(r"\b(?:said|says|announced|disclosed|confirmed|added)\s+(?:on\s+\w+\s+)?(?:that\s+)?"
                          r"(?:it|they|the\s+(?:company|companies|two|firm|startup|group)"
                          r"|(?-i:[A-Z])[\w.&'’-]*(?:\s+(?-i:[A-Z])[\w.&'’-]*){0,3})\s+had\b", re.I)


def _unreported(text: str) -> str:
    """The text with the "had" of speech told in the past read as "has" (the same length: offsets hold)."""
    return REPORTED_HAD.sub(lambda m: m.group(0)[:-3] + "has", text) if "had" in text else text


# ", which last year lost its anchor tenant,": what a relative clause between commas tells of a company dates no deal
RELATIVE_ASIDE = re.compile(r",\s+(?:which|who|whose)\b[^,;.\d$€£¥₹₩]*,")  # (an aside with a figure tells a deal)
# Background phrasing: a deal recalled to explain another one is reported in passing.
BACKGROUND = re.compile(r"\b(?:" + _RECALLS + r"|earlier\s+(?:this|last)\s+(?:month|week)|last\s+month|prior\s+to"
                        r"|in\s+a\s+separate\s+deal"
                        # "Talen has signed similar deals with Amazon": others' deals, named to compare
                        r"|(?:similar|comparable)\s+(?:[\w-]+\s+){0,3}?(?:deals?|agreements?|contracts?|arrangements?|pacts?))\b", re.I)
# A clause going on about the current deal's parties that recalls their earlier deal: "The new contract follows an
# $11.9 billion agreement signed in March", "Lambda previously raised $480 million". Its figures are that deal's
# (not "last week", which is often when the deal itself was told).
RECALLED = re.compile(r"\b(?:" + _RECALLS + r"|on\s+top\s+of\s+(?:a|an|its|their|the)|adds?\s+to\s+(?:a|an|its|their|the)"
                      r"|builds?\s+on\s+(?:a|an|its|their|the|" + _TIME_OWNER + r")|a\s+year\s+ago"
                      r"|after\s+(?:" + _DEAL_GERUNDS + r"|agreeing\s+to))\b", re.I)
# "..., its second win after a $10 billion order from Meta": an amount the clause names as an earlier deal.
# ("weeks after Meta's $14.2 billion deal with CoreWeave": another company's deal; "part of Microsoft's broader $15.2
# billion commitment": the programme a deal belongs to)
RECALL_BEFORE = re.compile(r"\b(?:(?:after|following|follow(?:s|ed)|on\s+top\s+of|in\s+addition\s+to|add(?:s|ed|ing)?\s+to"
                           r"|expand(?:s|ed|ing)?\s+(?:on|upon)|build(?:s|ing)?\s+on)\s+(?:a|an|its|their|the|" + _OWNER + r"|"
                           + _TIME_OWNER + r")\s+"
                           r"|part\s+of\s+(?:a|an|its|their|the|" + _OWNER + r")\s+(?:broader|wider|larger|bigger|overall)\s+"
                           # ("as part of a broader Korean deal for 260,000 Blackwell chips": the whole, told by its size)
                           r"(?P<named>(?:[\w-]+\s+){0,3}?(?:deal|agreement|pact|programme|program|plan|package|commitment)\s+"
                           r"(?:for|of|worth|covering|totall?ing)\s+)?"
                           # ("a smaller deal than the $7.4 billion contract it struck with Microsoft": another deal)
                           r"|(?P<than>smaller|larger|bigger|less|greater)\s+(?:[\w-]+\s+){0,2}?than\s+(?:a|an|its|their|the|"
                           + _OWNER + r"|" + _TIME_OWNER + r")\s+"
                           r"|follow(?:s|ed)\s+)"  # ("Google's $40bn Texas commitment follows $9 billion pledges for ...")
                           r"(?:(?:two\s+)?(?:companies|firms|partners)['’]\s+)?"  # "after the companies' initial $4 billion deal"
                           r"(?:(?:earlier|previous|prior|first|initial|separate)\s+)?(?:(?:about|roughly|nearly|some|up\s+to"
                           r"|more\s+than)\s+)?$", re.I)
RECALL_DOING = re.compile(r"\b(?:(?:(?:days?|weeks?|months?|a\s+year)\s+)?after\s+(?:" + _DEAL_GERUNDS
                          + r"|striking|landing|winning|spending)(?:\s+(?:a|an))?"
                          # "weeks after the start-up agreed to spend $21bn": a clause of its own, told as before
                          r"|(?:days?|weeks?|months?|a\s+year)\s+after\s+(?:[\w’'-]+\s+){1,4}?(?:agreed\s+to\s+(?:spend|pay|invest|buy)"
                          r"|committed|pledged|raised|invested|secured|(?:signed|closed|completed|struck|landed|won|announced)"
                          r"\s+(?:a|an|its))"
                          r")\s+(?:(?:about|roughly|nearly|some|up\s+to|more\s+than|another|an\s+additional)\s+)?$", re.I)
# "comes days after OpenAI expanded its contracts with the neocloud by as much as $6.5 billion": an earlier expansion
RECALL_EXPANDED = re.compile(r"\b(?:days?|weeks?|months?|a\s+year)\s+after\s+(?:[\w’'-]+\s+){1,4}?(?:expanded|extended"
                             r"|increased|upsized|enlarged|boosted)\s+(?:its|their|the)\s+(?:[\w’'-]+\s+){0,6}?by\s+"
                             r"(?:(?:about|roughly|nearly|some|up\s+to|as\s+much\s+as|more\s+than|another)\s+)?$", re.I)
TOLD_EARLIER = re.compile(r"\b(?:its|their|the|an?)\s+(?:(?:two\s+)?(?:companies|firms|partners)['’]\s+)?"
                          r"(?:earlier|previous|prior|initial|original|first)\s+" + _HEDGE + "$", re.I)
# "$1.1 billion Series B last year", "the $19.4 billion agreed earlier": an amount whose phrase says it was told before
TOLD_AS_PAST = re.compile(r"[^,;]{0,40}?\b(?:last\s+(?:year|month|spring|summer|fall|autumn|winter)"
                          r"|(?:a|one|two|three|several)\s+(?:years?|months?)\s+ago)\b"
                          r"|\s+(?:agreed|signed|struck|committed|pledged|announced)\s+(?:earlier|previously|before)\b"
                          r"(?!\s+(?:this|on|today|in\s+the)\b)", re.I)
EARLIER_DEAL = re.compile(r"\b(?:earlier|previous|prior|initial|original)\b", re.I)
# "the $4 billion it invested", "the $2 billion it had already put in": the doer of an earlier deal
_DOER = (r"(?:it|they|the\s+(?:company|two(?:\s+(?:companies|firms|sides))?|pair))\s+(?:(?:had|has|have)\s+)?(?:(?:already|previously|earlier)\s+)?"
         r"(?:\w+(?:ed|id|ent|ook|ade|uck)|put)")
# What an earlier deal's phrase names after its amount: a deal, or its doer ("the $4 billion it invested").
RECALLED_DEAL = re.compile(r"\s+(?:agreed|signed|struck|committed|pledged|announced)\s+(?:earlier|previously|before)\b"
                           # (after the comma of a term: "the $9.4 billion, five-year deal")
                           r"|(?:,\s*(?:[\w-]+[- ](?:year|month)|multi-?year)\b)?[^,;]{0,30}?\b(?:deals?|agreements?"
                           r"|contracts?|rounds?|investments?|orders?|purchases?"
                           r"|acquisitions?|expansions?|financing|commitments?|pledges?|stakes?|loans?|funding|raise|pacts?"
                           r"|tie-ups?|accords?|partnerships?|leases?|facility|facilities|sites?|campus(?:es)?|data\s+cent(?:er|re)s?|series\s+[a-h]"
                           r"|(?:cloud\s+)?regions?|clusters?|hubs?|projects?"
                           r"|" + _DOER + r")\b", re.I)
# "the $4 billion it invested", "weeks after the start-up agreed to spend $21bn": the clause's own parties did it
SAME_DOER = re.compile(r"\b" + _DOER + r"\b"
                       r"|\bafter\s+(?:[\w’'-]+\s+){1,4}?(?:agreed|committed|pledged|raised|invested|secured|signed)\b"
                       r"|\b(?:the\s+(?:two\s+)?companies['’]|their)\s", re.I)
GIVER_BEFORE = re.compile(r"\b(?:from|by)\s+$", re.I)  # "an investment from SoftBank", "a round led by Nvidia"
# ", which follows the $1.1bn Series G": an amount the clause names as the deal before the one it tells
# (the rest of a list may come first: "with SoftBank, Nvidia and Lightspeed among the investors")
AS_ROLE_AFTER = re.compile(r"(?:(?:,|,?\s+and)\s+(?-i:[A-Z])[\w.&'’-]*(?:\s+(?-i:[A-Z])[\w.&'’-]*){0,3})*"
                           r"\s+(?:as|(?:(?:were|are|was|is)\s+)?among)\s+"
                           r"(?:(?:the|its|their|a|an|lead|joint|co-|anchor|main|sole|key|new|existing)\s+)*(?P<as>lenders?"
                           r"|arrangers?|investors?|backers?|buyers?|customers?|tenants?|suppliers?)\b", re.I)
AS_ROLES = {"lend": "lender", "arra": "lender", "inve": "investor", "back": "investor", "buye": "buyer",
            "cust": "buyer", "tena": "buyer", "supp": "seller"}
# "buy ... from server maker Supermicro", "from Nvidia partner Supermicro": who sells, told by its trade
# (not "away from market leader Nvidia", "from new investor Nvidia")
FROM_SELLER_BEFORE = re.compile(r"(?<!away\s)\bfrom\s+(?:(?:[a-z][\w-]*|[A-Z][\w.-]*)\s+){0,2}?(?:maker|manufacturer|supplier"
                                r"|vendor|provider|designer|builder|partner)\s+$")
# "an order from xAI" (a noun: who orders buys), not "ordered servers from Dell" or "buy ... from" (who sells)
ORDER_FROM = re.compile(r"\borders?\s+(?:[\w-]+\s+){0,3}?from\s+$", re.I)
BUYING_VERB = re.compile(r"\b(?:buy|buys|bought|buying|purchas\w*|ordered|ordering|leas\w*|rent\w*)\b", re.I)
# "placed an order worth ₹8,500 crore with Dell": the one the order is placed with sells
ORDER_PLACED_WITH = re.compile(r"\b(?:placed|places|placing|put\s+in|puts\s+in)\s+(?:an?\s+|its\s+)?(?:[\w$€£₹¥.,-]+\s+){0,5}?"
                               r"orders?\b[^.;]{0,60}?\bwith\s+$", re.I)
# "will be made available to Anthropic by Amazon Web Services", "supplied by Nvidia": the passive's doer supplies
SUPPLIED_BY = re.compile(r"\b(?:(?:provided|supplied|delivered|sold|made\s+available|offered|shipped)\s+(?:to\s+[^.;]{1,60}?\s+)?"
                         r"|(?:leased|rented)\s+(?:out\s+(?:to\s+[^.;]{1,60}?\s+)?|to\s+[^.;]{1,60}?\s+))by\s+$", re.I)
# "200 MW at Switchcore's campus has been leased by AWS", "space rented by Meta": the tenant (leased out, or leased to
# someone, by its landlord is `SUPPLIED_BY`)
# "has been selected by Orbitex to supply", "was tapped by the utility to build": who chooses a supplier buys from it
CHOSEN_BY = re.compile(r"\b(?:selected|chosen|picked|tapped|hired|engaged|appointed|commissioned|contracted)\s+by\s+$",
                       re.I)
CHOSEN_TO = re.compile(r"\s+to\s+(?:supply|provide|deliver|build|develop|construct|run|operate|host|install)\b", re.I)
RENTED_BY = re.compile(r"\b(?:leased|rented)\s+(?:from\s+[^.;,]{1,40}?\s+)?by\s+$", re.I)
# "will acquire", "agreed to buy", "the takeover of": a company bought is named next (after a few words telling what
# it is: "chip designer Corvid Silicon"), then ends its phrase ("for $2.3 billion", ",", "in an all-stock deal")
BOUGHT_BEFORE = re.compile(r"\b(?:acquir(?:e|es|ed|ing)|acquisition\s+of|takeover\s+of|buyout\s+of|purchase\s+of"
                           r"|take\s+over|took\s+over|to\s+buy|(?:has|had|have|will)\s+buy|bought|buys)\s+"
                           r"(?:(?!(?:from|with|to|for|in|at|on|by|of|a|an|its|their|stakes?)\b)[\w-]+\s+){0,3}?$", re.I)
BOUGHT_AFTER = re.compile(r"(?:\s*[,.;)]|\s*$|\s+(?:for|in|from|which|that|and|with|at|valued|worth)\b)")
# the company a passive says is bought: "Quillon AI is being acquired by AMD", "Halden, which was bought by Oracle"
BOUGHT_BY = re.compile(r"(?:,\s+which)?\s+(?:is\s+being|has\s+been|had\s+been|was|were|will\s+be|is\s+to\s+be|is\s+set\s+to\s+be)"
                       r"\s+(?:acquired|bought|purchased|taken\s+over)\s+by\b", re.I)
OTHER_PARTY = re.compile(r"\b(?:with|from|to|by)\s+(?-i:[A-Z])")  # a deal with someone named: another deal
WHICH_FOLLOWS = re.compile(r"\b(?:which|that)\s+(?:follows|comes\s+after|builds\s+on)\s+(?:the|a|an|its|their)\s+"
                           r"(?:[\w-]+\s+){0,2}$", re.I)
# "The first contract, worth $2.8 billion, ...": the earlier deal sized in apposition
FIRST_DEAL = re.compile(_FIRST_DEAL, re.I)
WORTH_GAP = re.compile(r",?\s*(?:worth|valued\s+at|of)\s+(?:(?:about|roughly|nearly|some|around|up\s+to|more\s+than)\s+)?",
                       re.I)
GAP_BREAK = re.compile(r"\b(?:is|are|was|were|be|worth|valued|and|total(?:s|ling|ing)?)\b|[,;]", re.I)
# (not the comma between an amount and its term: "the $9.4 billion, five-year deal")
# (the next amount's owner ends the phrase too: "... after Microsoft's $9.7 billion deal with IREN and Amazon's $38
# billion pact with OpenAI")
_NEXT_OWNER = r"(?-i:[A-Z])[\w.&-]*(?:\s+(?-i:[A-Z])[\w.&-]*)?['’]s"
PHRASE_END = re.compile(r";|,(?!\s*(?:[\w-]+[- ](?:year|month)|multi-?year)\b)"
                        r"|\s+and\s+(?:a|an|its|their|the|" + _NEXT_OWNER + r")\s+[^,;]{0,20}$", re.I)
LISTED_NEXT = re.compile(r"\band\s+(?:a|an|its|their|the|" + _NEXT_OWNER + r")\s+"
                         r"(?:(?:about|roughly|nearly|some|up\s+to|more\s+than)\s+)?$", re.I)
# "The startup previously raised money from Sequoia", "Anthropic's other investors include Amazon": backers of
# other rounds, not of the one just told.
PAST_BACKERS = re.compile(r"\b(?:previously|earlier|before|already|other\s+(?:investors|backers|shareholders)|had\s+(?:raised|backed))\b",
                          re.I)
# "The company also agreed with AMD ...", "It has also signed ...": a clause whose subject is the company told before,
# doing a deal with another
# the one paid, right after the verb or its owner ("will pay Nebius", "will pay Australia's Austral Compute")
# (read in lower case)
PAID_BEFORE = re.compile(r"\b(?:pay|pays|paying|paid)\s+(?:[a-z][\w.-]*(?:\s+[a-z][\w.-]*)?['’]s\s+)?$")
ANAPHOR_OPENING = re.compile(r"\W*(?:" + _TIME_OPENING + r",?\s+(?=it\b|the\s))?"  # ("On Monday it agreed to pay Lambda")
                             # (an aside between: "The Reno company, which lost a tenant last year, will fund")
                             r"(?:[Ii]t|[Tt]he\s+(?:[\w-]+\s+){0,2}(?:" + _PRONOUN_NOUNS + r"))(?:,\s+(?:which|who)\b[^,;.]{0,80},)?"
                             r"\s+(?:(?:has|have)\s+)?"
                             r"(?:also\s+|separately\s+)?(?:agreed|signed|struck|inked|ordered|bought|added"
                             # (money it took in: "The company also landed $400 million in debt from Harrowgate")
                             r"|landed|secured|raised|closed|received|obtained|arranged|borrowed|lined\s+up"
                             r"|will\s+(?:also\s+)?(?:buy|supply|provide|lease|rent|deploy|invest|pay|borrow|raise"
                             r"|receive))\b")
# The other side of a two-party deal, by the role of one side.
OTHER_SIDE = {"lender": "borrower", "borrower": "lender", "investor": "investee", "investee": "investor",
              "seller": "buyer", "buyer": "seller", "target": "acquirer", "acquirer": "target"}
# "it", "the company", "the four-year-old startup": a subject that names the company told before.
ANAPHOR_SUBJECT = re.compile(r"\b(?:[Ii]t|[Tt]he\s+(?:[\w-]+\s+){0,3}(?:company|startup|start-up|firm|group|lab"
                             r"|business|developer|maker|provider|operator))\s+(?:\w+\s+){0,3}?(?:is|was|will|would|has"
                             r"|had|could|plans?|expects?|aims?|raised|raises|secured|agreed)\b")
# "Its deal with Oklo ...", "The social media group's agreement with Oklo ...": a sentence that opens on the deal of
# the company just told, with another company
_ITS = (r"\W*(?:(?:Its|Their)|The\s+(?:[\w-]+\s+){0,3}(?:company|startup|start-up|firm|group|lab|giant|business|developer"
        r"|maker|provider|operator|hyperscaler|neocloud)['’]s?)\s+")
_ITS_DEAL_NOUNS = r"(?:deal|agreement|contract|pact|partnership|lease|accord)"
ITS_DEAL_WITH = re.compile(_ITS + r"(?:[\w-]+\s+){0,3}?" + _ITS_DEAL_NOUNS + r"\s+with\s+$")
# "Its new Microsoft contract ...": the same, the other company named before the deal's noun
ITS_NAMED_DEAL = re.compile(_ITS + r"(?:[\w$.,-]+\s+){0,3}?$")
NAMED_DEAL_NOUN = re.compile(r"(?:['’]s)?\s+(?:[\w-]+\s+)?" + _ITS_DEAL_NOUNS + r"\b")
COUNTERPARTY_AFTER = re.compile(r"\s+(?:(?:in\s+)?(?:deals?|contracts?|agreements?|commitments?)\s+)?(?:with|from|to|for)\s+"
                                r"|\s+(?=[A-Z])"  # "its $17.4 billion Microsoft contract and a $3 billion Meta deal"
                                r"|\s+in\s+(?=[A-Z])"  # "invested $2 billion in Synopsys and $1 billion in Nokia"
                                # "its $1 billion stake in Nokia and its $5 billion investment in Intel"
                                r"|\s+(?:equity\s+)?(?:stake|investment|holding)\s+in\s+(?=[A-Z])")
# "a $4.1 billion expansion with Mistral and a $5 billion cloud contract with Meta": an amount's deal, named with its side
NAMED_DEAL_WITH = re.compile(r"\s+(?:(?:cloud|computing|compute|capacity|supply|hosting|leasing|power|chip|GPU)\s+)?"
                             r"(?:pacts?|expansions?|extensions?|orders?|leases?|partnerships?|tie-ups?|deals?|contracts?"
                             r"|agreements?)\s+with\s+")
# "$26 billion of cloud agreements, including its lease with Lambda", "more than $60bn to the likes of Nscale and
# IREN": a total of several deals
# (not one counterparty's, "$300 billion in contracts with OpenAI, including", nor a round's or a loan's parts, "$13
# billion in new investments, including", "$20 billion of financing commitments, including")
_DEALS_PLURAL = r"(?:agreements|contracts|deals|orders|leases|pacts)"
AGGREGATE_AFTER = re.compile(r"\s+(?:worth\s+)?(?:of|in)\s+(?:(?!financing\b)[\w-]+\s+){0,4}?" + _DEALS_PLURAL
                             + r"\b(?!\s+with\b)(?:[^.;]|\.(?=\d)){0,100}?,\s+"
                             r"(?:including|among\s+them)\b"
                             r"|[^.;,]{0,20}?\s+(?:to|with)\s+(?:the\s+likes\s+of|(?:companies|firms|providers|neoclouds)\s+"
                             r"(?:such\s+as|like|including))\b", re.I)
# "has committed to more than $1 trillion of infrastructure deals in total", "$30 billion of such loans arranged over
# the past 18 months": a sum of many deals
TOTAL_OF_DEALS_AFTER = re.compile(r"\s+(?:worth\s+)?of\s+(?:such\s+(?:[\w-]+\s+){0,2}?(?:loans|deals|contracts|agreements)\b"
                                  r"|(?:[\w-]+\s+){0,3}?(?:" + _DEALS_PLURAL + r"|commitments|transactions|projects)\b"
                                  r"[^.;]{0,40}?\b(?:in\s+total|so\s+far|to\s+date|over\s+the\s+(?:past|last)|since|in\s+the\s+"
                                  r"(?:past|last)|this\s+year|last\s+year))", re.I)
# "Intel, which lost $18.8 billion last year", "xAI is spending about $1 billion a month", "expects to save $500 million
# a year": a company's results, burn or savings, no deal
RESULT_BEFORE = re.compile(r"\b(?:lost|net\s+loss\s+of|(?:operating\s+)?losses\s+of|a\s+loss\s+of)\s+" + _HEDGE + "$", re.I)
RATE_SPENT_BEFORE = re.compile(r"\b(?:spending|burning|burns|spends|save|saves|saving|savings\s+of)\s+" + _HEDGE + "$", re.I)
PER_PERIOD_AFTER = re.compile(r"\s+(?:a|per|each|every)\s+(?:month|year|quarter|week)\b|\s+annually\b", re.I)
# "the ₹10,372 crore IndiaAI Mission": a programme, no deal
NAMED_PROGRAMME_AFTER = re.compile(r"\s+(?:(?-i:[A-Z])[\w-]*\s+){1,3}(?:Mission|Programme|Program|Scheme|Initiative)\b")
# "committed more than $60 billion to neoclouds", "has put $2 billion into three start-ups": money spread over
# several companies of a kind, no one deal's size
# (the kind in lower case: not "in Quillon Labs"; and not "to cloud providers CoreWeave and Lambda", who are named)
TO_MANY_AFTER = re.compile(r"\s+(?:to|with|in|into|across|among|from)\s+(?:(?:several|various|multiple|other|smaller|dozens\s+of"
                           r"|a\s+(?:handful|string|series|slew|clutch)\s+of|two|three|four|five|six|\d+)\s+)?"
                           r"(?:(?:AI|[a-z][\w-]*)\s+)?(?:neoclouds|start-?ups|cloud\s+providers|companies|firms|labs|suppliers"
                           r"|vendors|developers|partners)\b(?!\s+[A-Z])")
RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
INCLUDING_PARTS = re.compile(r"[^.;]{0,40}?,\s+(?:including|among\s+them|with)\s+(?:about\s+|roughly\s+|some\s+)?(?:US)?[$€£]"
                             # "more than $9 billion of new work this month: a $4.1 billion expansion with ..."
                             r"|[^.;:]{0,60}?:\s+(?:an?\s+|its\s+)?(?:(?:about|roughly|some|nearly|up\s+to)\s+|up-to-)?(?:US)?[$€£]"
                             r"[\d.,]+\s*(?:[mb]n|billion|million)?\s+(?:[\w-]+\s+)?(?:deal|contract|expansion|lease|order"
                             r"|agreement|pact|extension)s?\s+with\b",
                             re.I)
# "... after its pacts with Nvidia and AMD": the company's other deals, when the clause names its own deal before
# ("OpenAI's tie-up with Broadcom ..."; not "Oracle shares soared after its contracts with OpenAI and Meta lifted ...")
OTHER_DEALS_BEFORE = re.compile(r"\b(?:after|following|on\s+top\s+of|in\s+addition\s+to)\s+(?:its|their)\s+"
                                r"(?:(?:earlier|previous|prior|existing|recent|similar)\s+)?(?:pacts|deals|agreements"
                                r"|contracts|partnerships|tie-ups|orders)\s+with\s+$", re.I)
OWN_DEAL_NAMED = re.compile(r"\b(?:deal|pact|tie-up|agreement|contract|partnership|order|lease)\s+with\s+(?-i:[A-Z])", re.I)
# "Microsoft's $9.7 billion contract with IREN includes a $5.8 billion order with Dell": a part of the deal before it,
# when the words between name no other subject ("its backlog, which includes a $20 billion deal with Meta")
INCLUDES_BEFORE = re.compile(r"\b(?:includ(?:es|ing|ed)|cover(?:s|ing|ed)|compris(?:es|ing))\s+(?:an?\s+|the\s+)?"
                             r"(?:(?:about|roughly|some|nearly)\s+)?$", re.I)
OTHER_SUBJECT_BETWEEN = re.compile(r"[,;]|\b(?:which|that|its|their)\b")
# "Both Dell and Supermicro stand to gain from ...", "Neither Nebius nor Nscale was involved in ...": no deal of theirs
BOTH_OR_NEITHER = re.compile(r"\b(?:[Nn]either|[Bb]oth)\b")
# "IREN and OpenAI's $38 billion pact": the next name owns the next amount, no list goes on
OWNS_NEXT_AMOUNT = re.compile(r"['’]s\s+(?:(?:about|roughly|nearly|some|around|almost)\s+)?(?:US)?[$€£]")
# "Microsoft's $9.7 billion contract with IREN": the company whose deal an amount is, right before it
OWNER_OF_AMOUNT = re.compile(r"['’]s\s+(?:(?:about|roughly|nearly|some|around|almost)\s+)?$", re.I)
# what follows a company named after "in" for it to be a side: the end of the phrase, not a noun ("in Nvidia chips")
IN_COMPANY_END = re.compile(r"\s*(?:[,.;)]|\s+and\b|\s+(?:last|this|next|earlier|on|in)\b|$"
                            # (a verb after it: "its $2 billion stake in Synopsys were both announced")
                            r"|\s+(?:were|was|is|are|will|would|could|has|have|had|came|comes|follow(?:s|ed)?|dwarf(?:s|ed)?"
                            r"|lift(?:s|ed)?|help(?:s|ed)?|mark(?:s|ed)?)\b)")
# what must follow a company named right after a figure for it to be the figure's side (a noun adjunct)
ADJUNCT_DEAL = re.compile(r"(?:\s+(?:cloud|computing|compute|AI|GPU|chip|capacity|supply|infrastructure))?"
                          r"\s+(?:deals?|contracts?|agreements?|orders?|commitments?|investments?|leases?|stakes?|expansions?"
                          r"|pacts?|tie-ups?|partnerships?)\b")
CHIP_COUNTS = ("chips", "GPUs", "TPUs", "processors", "accelerators")  # units of figures that count chips
# "with Nvidia supplying 110,000 of its GPUs, AMD 60,000 MI450s": the company whose part a count is.
PART_OWNER_BETWEEN = re.compile(r"\s+(?:(?:is\s+|will\s+be\s+)?(?:supplying|providing|delivering|contributing|selling"
                                r"|shipping|getting|taking|receiving|with|for)\s+)?(?:(?:about|roughly|some|nearly|up\s+to"
                                r"|more\s+than|around)\s+)?", re.I)
# Who else took part in a funding round stated in the previous sentence.
ROUND_MEMBERS = re.compile(r"\b(?=[abcfijloprt])((?:round|financing|raise)\s+(?:also\s+)?(?:includ\w+|drew|attracted|featured)|led by|co-led|(?:led|leads|leading|lead) (the|a|its|this) (round|transaction|financing|deal|investment|raise)|participat(e|ed|ion|ing)|investors?,? (includ\w+|such as|were|are)|backed by"
                           r"|joined by|other (investors|backers|participants)|also (invested|investing|took part|taking part)"
                           r"|(took|take|takes|taking) part in (the|this|that|its) ([\w-]+ ){0,2}(round|raise|financing|funding)"
                           # ("Greenoaks also joined the round", "Coatue returned for the round", "existing investors
                           # also put in money", "buyers included Thrive")
                           r"|(joined|joins|join|joining|returned\s+for|returned\s+to|returning\s+for) (the|this|that|its)"
                           r" ([\w-]+ ){0,2}(round|raise|financing|funding)|(put|puts|putting) (in|up) (money|cash|capital|funds)"
                           r"|(buyers|backers|participants|lenders|banks) (includ\w+|were|are)"
                           # ("Apollo and Diameter are among the lenders")
                           r"|among the (lenders|investors|backers|banks|participants))\b",
                           re.I)
LENDERS_TOLD = re.compile(r"\b(?:lenders?|banks)\b", re.I)  # ("The lenders include JPMorgan and Goldman Sachs")
# "Nvidia declined to take part", "Neither Nvidia nor AMD participated": companies that stayed out of the round
STAYED_OUT = re.compile(r"\b(?:not|never|neither|nor|declined|refused|n['’]t)\b", re.I)
# The role patterns as one regex, in priority order: a named group per role.
# The lookahead holds the first letters of the role words: most positions fail at once (1.6x faster).
ROLE_LETTERS = "abcdefilmnpqrstvw"
ROLE_WORDS = re.compile(f"(?=[{ROLE_LETTERS}])(?:"
                        + "|".join(f"(?P<{role}>{pattern.pattern})" for role, pattern in ROLE_PATTERNS) + ")", re.I)
SPEC_CONTEXT = re.compile(r"^\s*(per|each|a|an|in each|in a|in one|on each|on a|inside each)\s+(rack|chip|server|node|system|tray|board|socket|package|die|card|pod|cluster|instance|CPU|GPU)\b", re.I)
UNIT_RATING = re.compile(r"\b(units?|reactors?|modules?|turbines?|each)\s+(rated|sized)\s+(at\s+|from\s+|of\s+)?$", re.I)
SPEC_BEFORE = re.compile(r"\b(each|every|one|single)\s+(\w+\s+){0,3}$", re.I)
# "each of which will generate 600 MW", "each site to contribute 300 MW", "600 MW each": what one of several
# sites or units holds, not the deal's total (but "Samsung and SK will each install 50,000 GPUs" is each party's part)
SITE_NOUN = r"(sites?|campus(es)?|facilit(y|ies)|plants?|reactors?|units?|modules?|buildings?|locations?|projects?|data\s+cent(er|re)s?)"
EACH_UNIT_BEFORE = re.compile(rf"(\beach\s+(of\s+(which|the|these|those|them)\b|(\w+\s+)?{SITE_NOUN}\b)"
                              rf"|\b{SITE_NOUN}\s+(\w+\s+){{0,3}}each\b)(?P<rest>[^.;]{{0,70}})$", re.I)
EACH_UNIT_AFTER = re.compile(rf"^\s*(each|apiece|(per|at\s+each|for\s+each|in\s+each)\s+{SITE_NOUN})\b", re.I)
ELAPSED_BEFORE = re.compile(r"\b(?:biggest|largest|highest|lowest|best|worst|first|strongest|steepest|sharpest|most|record"
                            r"|fastest)\b[^.;,]{0,50}?\b(?:in|since|for)\s+(?:(?:nearly|almost|more\s+than|over|about"
                            r"|roughly|at\s+least)\s+)?(?:the\s+(?:past|last)\s+)?$"
                            r"|\b(?:in|over|during|for)\s+the\s+(?:past|last|previous)\s+$"
                            # ("a relationship that dates back eight years", "have worked together for a decade")
                            r"|\b(?:(?:dates?|dating|goes|going|stretch(?:es|ing)?)\s+back|(?:worked|partnered|collaborated)"
                            r"\s+(?:together\s+|closely\s+)?for)\s+(?:(?:nearly|almost|more\s+than|over|about|roughly|some)\s+)?$",
                            re.I)
BUYBACK_BEFORE = re.compile(r"\b(?:buy(?:s|ing)?\s+back|bought\s+back|buybacks?|share\s+repurchases?|repurchas\w*)\s+"
                            r"(?:(?:up\s+to|about|roughly|another|an\s+additional)\s+)?$", re.I)
BUYBACK_AFTER = re.compile(r"\s+(?:share\s+)?(?:buyback|repurchase)s?\b|\s+of\s+its\s+own\s+(?:shares|stock)\b", re.I)
# "racks of 72 Nvidia GB200 GPUs": what one piece of hardware holds, not how many were bought
# "Each rack in the order holds 72 GPUs", "every server will carry eight accelerators": what one unit holds
EACH_CONTAINER_BEFORE = re.compile(r"\b(?:each|every|a\s+single)\s+(?:[a-z][\w-]*\s+)?(?:racks?|servers?|nodes?|trays?"
                                   r"|boards?|chassis|blades?|systems?|pods?|cabinets?|cards?)\b[^.;\d]{0,40}?\b"
                                   r"(?:holds?|contains?|carr(?:y|ies)|houses?|packs?|has|includes?|fits?|draws?|consumes?"
                                   r"|uses?)\s+(?:(?:up\s+to|about|roughly|around|some)\s+)?$", re.I)
CONTAINER_BEFORE = re.compile(r"\b(racks?|servers?|nodes?|trays?|boards?|chassis|blades?|systems?)\s+(of|with|holding"
                              r"|containing|housing|packing)\s+$", re.I)
# after "ahead of X": X's own deal or event ("ahead of Meta, which signed ...", "ahead of OpenAI signing ...")
AHEAD_OWN_DEAL = re.compile(r"['’]s\b|,?\s+(?:which|who)\b|(?:\s+(?:and|&)\s+(?-i:[A-Z])[\w.&-]*(?:\s+(?-i:[A-Z])[\w.&-]*){0,2})?"
                            r"\s+(?:(?-i:[a-z])\w+ing|(?:has|had|have|will|would)\s+(?-i:[a-z])\w+)\b")
# a sentence's closing attribution: "..., Morgan Stanley wrote in a note"
SOURCE_AT_END = re.compile(r"\s+(?:said|says|wrote|writes|noted|notes|estimated|estimates|added|reported|reports|told\s+"
                           r"(?:clients|investors|reporters))\b[^.;!?]{0,60}[.!?]?[\"”’']?\s*$")
# "The Cipher agreement mirrors the structure Fluidstack used with TeraWulf", "is modelled on Meta's deal with Blue Owl":
# the companies of the deal a deal is compared with (up to the end of that clause)
# (what is compared is a deal's make: "the structure", "its lease terms", "Meta's financing", not a rally or demand)
_COMPARED_NOUN = (r"(?:structure|arrangement|deal|agreement|contract|terms|model|financing|partnership|lease|template"
                  r"|approach|blueprint|playbook|pact)s?\b")
_MIRROR_VERB = (r"(?-i:mirror(?:s|ed|ing)?|echo(?:es|ed|ing)?|resembl(?:es|ed|ing)|(?:is|are|was|were)\s+similar\s+to"
                r"|modell?ed\s+(?:on|after))")
# (or owns what is compared: "is modelled on Meta's financing with Blue Owl")
MIRRORED_OWNER = re.compile(r"\b" + _MIRROR_VERB + r"\s+(?:the\s+)?$", re.I)
OWNED_COMPARED_AFTER = re.compile(r"['’]s\s+(?:[\w-]+\s+){0,2}?" + _COMPARED_NOUN, re.I)
_COMPARED_STOP = r"\b(?:and|but|while|whereas|which|after|when|as|because|since)\b"  # (the compared phrase ends there)
MIRROR_CUE = re.compile(r"\b" + _MIRROR_VERB + r"\s+(?P<what>(?:the\s+|a\s+|an\s+)?(?:[\w’'-]+\s+){0,3}?"
                        + _COMPARED_NOUN + ")", re.I)
MIRRORED_BEFORE = re.compile(MIRROR_CUE.pattern + r"(?:(?!" + _COMPARED_STOP + r")[^,;.:]){0,60}$", re.I)
COMPARED_END = re.compile(r"[,;.:]|" + _COMPARED_STOP)
# ("strengthening its lead over Samsung and Micron", "back in contention against SK hynix": rivals too)
RIVAL_CONTEXT = re.compile(r"\b(rivals?|competitors?|compet(e|es|ing|ition) (with|against)|challeng(e|es|ed|ing)|take on"
                           r"|(?:lead|edge)\s+over|in\s+contention\s+(?:against|with)|rac(?:es|ed|ing)|vies\s+with|vying\s+with"
                           r"|catch\s+up\s+with|keep\s+pace\s+with|(?-i:chas(?:e|es|ed|ing))"
                           r"|aimed at|unlike|other cloud"
                           # ("moving away from market leader Nvidia": the supplier it leaves)
                           r"|(?:mov(?:e|es|ed|ing)|shift(?:s|ed|ing)?|diversif(?:y|ies|ied|ying)|turn(?:s|ed|ing)?)\s+away\s+from"
                           # ("its largest customer, ahead of Crusoe and Vultr": the ones it outranks)
                           r"|(?:ahead\s+of|outpac(?:es|ed|ing)|overtak(?:es|en|ing)|overtook)(?=\s+$)"
                           r"|(?!(?:names|investors|backers|participants)\b)\w+s like)\b", re.I)
# "Dell servers", "HPE systems": a server maker sells what it names, unlike a chip's vendor.
SERVER_NOUN_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:servers?|systems?|hardware|racks?)\b", re.I)
CLOUD_UNIT = re.compile(r"\b(?:Cloud|Web\s+Services|Azure|AWS|OCI)\b")
# "a shift away from Nvidia's Blackwell GPUs", "faster than the H100": a chip named to compare, not the deal's.
CONTRAST_BEFORE = re.compile(r"\b(?:" + _CONTRAST + r"|(?:\w+er|more\s+\w+)\s+than|compared\s+(?:with|to)"
                             r"|versus|vs\.?|rivals?|competitors?\s+(?:to|of)|compet(?:e|es|ing)\s+(?:with|against)"
                             r"|alternatives?\s+to|replac(?:e|es|ed|ing))\s+(?:(?:the|its|their|[\w-]+['’]s?)\s+){0,3}$", re.I)
# "Morgan Stanley estimates ...", "made on TSMC's 3nm process": a source of an estimate or a chip's foundry.
# "next to Talen Energy's Susquehanna plant", "near Entergy's existing power infrastructure": the company's site says
# where the deal is, not who is in it
LANDMARK_BEFORE = re.compile(r"\b(?:next\s+to|near|nearby|adjacent\s+to|beside|close\s+to)\s+(?:the\s+)?$", re.I)
LANDMARK_AFTER = re.compile(r"['’]s?\s+(?:[\w-]+\s+){0,3}?(?:plants?|stations?|reactors?|sites?|campus(?:es)?|facility|facilities"
                            r"|infrastructure|substations?|dams?|mines?|headquarters|fabs?|refinery|factory|factories)\b", re.I)
NOT_A_PARTY_AFTER = re.compile(r"\s+(?:analysts?|strategists?|economists?)\s+[A-Z][a-z]+\s+[A-Z]"  # "Mizuho analyst Jo Lee"
                               # "BofA Securities analysts called the arrangement ...", "Jefferies analysts said": a bank's
                               # research, the source
                               r"|(?:\s+(?:Securities|Global\s+Research|Research))?\s+(?:analysts|strategists|economists)"
                               r"\s+(?:said|say|says|called|wrote|estimated|estimate|estimates|noted|note|calculated|expect"
                               r"|expects|expected|believe|believes|argued|argue|see|sees|told)\b"
                               # "after Barclays downgraded the company's debt": a bank or an agency rating, no party
                               r"|\s+(?:downgraded|upgraded|downgrades|upgrades)\s+(?:the\s+(?:company['’]s\s+|group['’]s\s+)?|its\s+"
                               r"|their\s+|(?-i:[A-Z])[\w.&-]*(?:['’]s)?\s+)?(?:(?:stock|shares|debt|bonds?|credit\s+rating|rating)\b"
                               r"|(?:[\w-]+\s+){0,2}?to\s+(?:underweight|overweight|neutral|buy|sell|hold|outperform|underperform"
                               r"|junk|equal[\s-]weight)\b)"
                               # "TikTok owner ByteDance", "Facebook parent Meta": a product or a unit that tells its owner
                               r"|\s+(?:owner|parent|parent\s+company)\s+(?-i:[A-Z])(?![^.;]{0,80}\b(?:sell|sells|selling|sold"
                               r"|divest\w*|offload\w*)\b)"
                               # "counts OpenAI as a prospective tenant": a customer that may come, no party yet
                               r"|\s+as\s+(?:a\s+|an\s+|its\s+)?(?:prospective|potential|possible)\s+(?:[\w-]+\s+)?"
                               r"(?:tenants?|customers?|clients?|buyers?|partners?|investors?|backers?|offtakers?)\b"
                               # "Crusoe was also in the running": a bidder that lost
                               r"|\s+(?:was|were|had\s+been|is|are)\s+(?:also\s+)?(?:in\s+the\s+running|in\s+contention)\b"
                               r"|\s+(?:had|has|have)\s+(?:also\s+)?bid\s+for\b"
                               # "Telefónica was outbid", "Iliad lost out": the bidder that lost
                               # (not a bidder that went on to win another: "was outbid for the site but agreed to buy")
                               r"|\s+(?:(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:narrowly\s+)?outbid"
                               r"|(?:lost|loses|losing)\s+out)\b(?![^.;]{0,100}\b(?:but|yet|before|then|later|instead|now)\b)"
                               # "Nvidia shares fell after reports that Meta ...": a stock told moving on others' news
                               r"|(?:['’]s?)?\s+(?:shares|stock)\b[^.;]{0,50}?\b(?:after|on|following)\s+(?:\w+\s+){0,2}?"
                               r"(?:reports?|news|word)\s+that\b(?!\s+(?:it|its|the\s+(?:company|firm|group|startup|business)"
                               r"|the\s+\w+\s+(?:maker|giant|company|firm)|the\s+chipmaker)\b)"  # (not "that the company had landed")
                               # "Lazard advised Nebius on the deal", "Evercore acted as financial adviser": an adviser
                               r"|\s+(?:(?:also\s+)?(?:advised|advises|is\s+advising|was\s+advising|were\s+advising)"
                               r"|(?:acted|acts|is\s+acting|was\s+acting|served|serves)\s+as\s+(?:(?:the\s+)?[\w-]+\s+){0,2}?"
                               r"(?:advis[eo]rs?|counsel))\b"
                               r"|\s+(?:analysts?\s+)?(?:estimates?|estimated|forecasts?|predicts?|predicted|reckons?|calculates?)\b"
                               # (not its own deal: "AMD estimates the OpenAI deal will bring in ...")
                               r"(?!\s+(?:that\s+)?(?:it|its|the\s+(?:[\w-]+\s+)?(?:deal|contract|agreement|investment|partnership"
                               r"|order)s?)\b)"
                               r"|['’]s?\s+(?:\d+\s?-?(?:nm|nanometer|nanometre)\s+|N\d\w*\s+|leading-edge\s+)?"
                               r"(?:process|node|foundry\s+process)\b"
                               # ("a chip to be made by TSMC on its 3-nanometer process": the foundry)
                               r"|\s+on\s+(?:its|their|a)\s+(?:[\w-]+\s+){0,2}?(?:process|node)\b"
                               # "even as Google and Microsoft vie for its business": companies competing for a deal
                               r"|(?:\s*,?\s+(?:and\s+)?(?-i:[A-Z])[\w.&'’-]*(?:\s+(?-i:[A-Z])[\w.&'’-]*){0,2}){0,3}"
                               r"\s+(?:(?:is|are|was|were|has\s+been|have\s+been|had\s+been|also|still)\s+){0,2}"
                               r"(?:(?:compet|vie\b|vies|vying|jostl|battl|scrambl|fight|fought)\w*\s+(?:for|over)"
                               r"|compet\w*\s+to\s+(?:win|host|supply|land|serve))\b", re.I)
# "its former exclusive partner Microsoft", "one-time supplier Dunmore": a company the deal is no longer with
FORMER_PARTNER = re.compile(r"\b(?:former|ex-|onetime|one-time|erstwhile|previous)\s*(?:[a-z][\w-]*\s+){0,2}?"
                            r"(?:partners?|suppliers?|backers?|providers?|landlords?|tenants?|allies|ally|customers?)\s+$",
                            re.I)
# "re-signed its onetime customer Anthropic", "a new lease with previous tenant Meta": the former partner is back
RESIGNED = re.compile(r"\bre-?(?:sign|new|turn)\w*|\bnew\s+(?:[\w$.,-]+\s+){0,4}?(?:lease|contract|deal|agreement)\b", re.I)
FORMER_EMPLOYER = re.compile(r"\b(?:former|ex-|onetime|one-time)\s*$", re.I)
PERSON_AFTER = re.compile(r"\s+(?:[a-z][\w-]*\s+){0,2}(?:chief|executives?|engineers?|researchers?|scientists?|employees?"
                          r"|staff(?:ers)?|founders?|co-founders?|president|head|leaders?|officials?|managers?"
                          r"|directors?|veterans?|CEO|CTO|CFO|COO)\b")
# "..., the companies said": a statement of the two companies a text names, so both are parties.
JOINT_STATEMENT = re.compile(r"\b(?:the\s+(?:two\s+)?companies\s+(?:said|say|announced|confirmed|disclosed|added)"
                             r"|(?:said|announced)\s+the\s+(?:two\s+)?companies)\b", re.I)
# "moving the work away from Marvell", "its reliance on Samsung", "leaving Supermicro to ...", "not an Nvidia
# part in sight": a company the deal is not with.
NOT_THIS_PARTY = re.compile(r"\b(?=[abcdefhiklmnoprst])(?:" + _CONTRAST +
                            r"|(?:reduc\w*|cut\w*|lessen\w*|eas\w*|lower\w*|concerns?\s+about)\s+(?:[\w’'-]+\s+){0,3}?"
                            r"(?:relian(?:ce|t)|dependen(?:ce|t|cy))\s+on"
                            r"|(?:(?:too|heavily|overly|so)\s+)(?:relian(?:ce|t)|dependen(?:ce|t|cy))\s+on"
                            # "won the contract over bids from Crusoe", "beating out CoreWeave": a losing bidder
                            r"|over\s+(?:(?:rival|competing)\s+)?(?:bids?|offers?)\s+from|beat(?:ing|s)?(?:\s+out)?"
                            r"|against"  # "a rare win against Dell and Supermicro": a competitor (or a litigant)
                            # "alongside pledges from Google and Nvidia": other companies' deals told beside this one
                            r"|alongside\s+(?:(?:similar|separate|other|rival|smaller|larger)\s+)?(?:pledges?|investments?"
                            r"|commitments?|deals?|announcements?|plans?)\s+(?:from|by|with)"
                            # "a foothold beyond Anthropic", "diversify beyond Nvidia": the ones this deal is not with
                            r"|beyond"
                            # "follows similar bets on CoreWeave and Nebius": the backer's other deals
                            # (not "an expansion of previous agreements with Microsoft": the same deal's partner)
                            r"|(?:(?:similar|comparable)\s+(?:bets|investments|deals|stakes|wagers|agreements|contracts|orders)"
                            r"|(?:earlier|previous|prior)\s+(?:bets|wagers))\s+(?:on|in|with|into|from)"

                            # "advised by Goldman Sachs": an adviser
                            r"|advised\s+by"
                            # "to keep up with demand from OpenAI": the customer of the buyer, no party to its purchase
                            # (but "to serve demand from Microsoft under a $17 billion contract" is the customer's deal)
                            r"|(?:meet|meeting|keep\s+up\s+with|keeping\s+up\s+with|cope\s+with|satisfy|match)\s+(?:the\s+)?"
                            r"(?:[\w-]+\s+)?demand\s+from"
                            # "according to analysts at Morgan Stanley": a source of the news or of an estimate
                            # (not "according to IREN": a company may speak of its own deal)
                            r"|(?:(?:according\s+to\s+)?(?:analysts?|strategists?|economists?)\s+(?:at|from|with)"
                            r"|according\s+to\s+a\s+(?:note|report|research\s+note)\s+(?:from|by))"
                            # "Dell, not Supermicro, will supply": the one the deal is not with
                            r"|(?<=,\s)not"
                            # "chose Qualcomm's chips over Nvidia and AMD": the ones not chosen
                            r"|(?:chose|chos(?:en|ing)|picked|picking|selected|selecting|preferred|preferring|favou?r(?:ed|ing))"
                            r"\b[^.;]{0,60}?\bover"
                            # "chips manufactured at TSMC": the maker of what the deal buys or funds
                            r"|(?:manufactured|fabricated|packaged)\s+(?:by|at)"
                            r"|leaving|switch(?:es|ed|ing)?\s+from|not\s+an?|drift(?:s|ed|ing)?\s+(?:to|towards?))\s+"
                            r"(?:the\s+)?$", re.I)
# "forecast $65 billion for the current quarter", "expects about $9 billion in the fourth quarter": guidance
GUIDED_BEFORE = re.compile(r"\b(?:forecast(?:s|ed|ing)?|guided|guidance\s+of|expects?|expected|projects?|projected)\s+"
                           + _HEDGE + r"$", re.I)
FOR_A_PERIOD = re.compile(r"\s+(?:for|in)\s+(?:the\s+|its\s+)?(?:current|next|coming|first|second|third|fourth|fiscal|full)"
                          r"(?:[\s-]+(?:fiscal|year|quarter|half))*[\s-]+(?:quarter|half|year)\b", re.I)
# "shareholders voted against CoreWeave's acquisition": the deal voted on, whose acquirer is its party
VOTED_AGAINST = re.compile(r"\b(?:voted|votes|vote|voting|ruled|decided|recommended|advised|lobbied|warned"
                           r"|c(?:ame|ome|omes)\s+out)\s+against\s+"
                           r"(?:the\s+)?$", re.I)
# "its biggest customer after G42", "its largest win outside OpenAI", "the only cloud besides Microsoft": the one it
# is compared with (not "its biggest gain after OpenAI signed ...", where "after" opens a clause)
SECOND_TO = re.compile(r"\b(?:largest|biggest|top|only)\b[^.;,]{0,60}?\s(?:after|outside(?:\s+of)?|behind|other\s+than"
                       r"|besides|apart\s+from|excluding|beyond|since)\s+(?:(?:a|an|its|the|their)\s+(?:[\w-]+\s+){0,2}?"
                       r"(?:deal|contract|agreement|order|partnership|lease)\s+with\s+)?(?:the\s+|its\s+|their\s+)?$", re.I)
SUPPLIED_FOR = re.compile(r"\b(?:suppl(?:y|ies|ied|ying)|provid(?:e|es|ed|ing)|deliver(?:s|ed|ing)?|ship(?:s|ped|ping)?"
                          r"|sell(?:s|ing)?|sold)\b[^.;]{0,60}?\bfor\s+$", re.I)
# "..., joining Naver and SK Telecom in a domestic build-out race", "joins Meta and Google in the rush to ...":
# companies doing the same thing on their own, named to place the deal in a trend
JOINING_BEFORE = re.compile(r"\bjoin(?:s|ed|ing)?\s+(?:(?:rivals?|peers?|fellow|the\s+likes\s+of)\s+)?$", re.I)
PEER_RACE_AFTER = re.compile(r"(?:" + _LIST_SEP + r"[\w.&'’ -]{1,40}?){0,4}\s+(?:in\s+(?:a|an|the|its|[A-Z][\w-]*['’]s)\s+"
                             r"(?!(?:[\w-]+\s+){0,3}?(?:funding|fundraising|financing|investment|capital)\b)(?:[\w-]+\s+){0,4}?"
                             r"(?:race|rush|scramble|push|frenzy|spree|battle|contest|competition|wave|boom|drive|stampede)"
                             r"|(?:as|among)\s+(?:\w+\s+){0,3}?(?:rivals|peers|competitors))\b", re.I)
PEER_CUSTOMERS_AFTER = re.compile(r"(?:" + _LIST_SEP + r"[\w.&'’ -]{1,40}?){0,4}\s+(?:among|as\s+one\s+of)"
                                  r"\s*(?:[\w.&'’-]+\s+){0,4}?(?:customers|clients|buyers|users|rivals|peers)\b", re.I)
# "Anthropic, OpenAI's close rival, ...": the company named in the apposition is not a party.
# "OpenAI rival Anthropic", "Nvidia competitor AMD": a name before "rival" and another name describes that other.
# ("Nvidia-rival AMD", "OpenAI rivals Anthropic and xAI"; "xAI, Elon Musk's OpenAI rival, raised", "Nebius, a CoreWeave
# competitor, signed": the name before "rival" is no party either way)
RIVAL_AFTER = re.compile(r"^(?:['’]s\s+(\w+\s+){0,2}(rival|competitor|peer)s?\b|(?:\s+|-)(?:rival|competitor|challenger)s?\s+(?=[A-Z])"
                         r"|\s+(?:rival|competitor|challenger)s?(?=\s*[,;)—–])"
                         # ("said Supermicro and Dell had also competed for the business": the ones that lost it)
                         r"|(?:\s+(?:and|or)\s+(?-i:[A-Z])[\w.&-]*(?:\s+(?-i:[A-Z])[\w.&-]*)?)?\s+(?:(?:had|have|has)\s+)?"
                         r"(?:also\s+)?(?:competed|vied|lost\s+out)\s+(?:for|on)\b)")
# "Its rival Amazon signed ...", "Samsung and rival Micron agreed ...": the rival is the clause's subject
RIVAL_SUBJECT = re.compile(r"\s+(?:(?-i:[A-Z])[\w.&'’-]*\s+){1,3}?(?:will|would|has|have|had|is|are|was|were|said|says|plans"
                           r"|also|agreed|signed|struck|won|raised)\b")
NAMED_RIVAL = re.compile(r"(?<![\w'’-])(?!(?:Like|Unlike|The|Its|Their|A|An)\b)[A-Z][\w.&'’-]*\s+$")  # before "rival"
_RENTED_OUT = r"(?:capacity|cloud|instances|rentals?|hosting)"  # what a cloud rents out of the chips it names
# "Nvidia's Blackwell GPUs", "AMD Instinct accelerators", "50,000 Nvidia graphics processing units": the
# company named right before its chips is their maker, not (by that mention) a party to the deal.
# (a capitalised "Systems" right after a name goes on with it: "Crusoe Energy Systems", "Cerebras Systems")
CHIP_NOUN_AFTER = re.compile(r"(?!\s+(?-i:Systems|Hardware|Servers)\b)(?:['’]s?)?\s+(?:(?:(?-i:[A-Z0-9][\w./+-]*)|latest|newest|new|next-generation|current"
                             r"|advanced|fastest|cutting-edge|AI)\s+){0,6}?(?:GPUs?|chips?|processors?|accelerators?"
                             r"|superchips?|CPUs?|TPUs?|graphics?\s+(?:processing\s+units?|processors?|cards?)"
                             r"|hardware|servers?|systems?|supercomputers?|(?:computing|compute)\s+resources)\b"
                             # ("an xAI server order": the company orders, it is a party; "CoreWeave's GPU capacity":
                             # the company rents out what it names)
                             r"(?!\s+(?:orders?|contracts?|deals?|purchases?|agreements?|commitments?|partnerships?"
                             r"|collaborations?|alliances?|pacts?|tie-ups?|" + _RENTED_OUT + r")\b)",
                             re.I)
# "rent Nvidia GPU capacity": capacity of a chipmaker's GPUs, which a cloud rents out (not "CoreWeave GPU capacity")
# "Nvidia capacity", "the largest AMD cluster": a chipmaker's name before the goods built on its chips says whose
# chips, as before its chips (a cloud's, "Oracle capacity", is what it sells)
MAKER_GOODS_AFTER = re.compile(r"\s+(?:capacity|clusters?|racks?|gear|kit|infrastructure|instances)\b")
VENDOR_CHIPS_RENTED = re.compile(r"\s+(?:GPUs?|chips?|TPUs?|accelerators?)\s+" + _RENTED_OUT + r"\b", re.I)
ABBREVIATIONS = {
    "inc", "corp", "co", "ltd", "llc", "plc", "mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "no", "approx",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "u.s",
    "u.k", "u.n", "e.u", "etc", "est", "fig", "gov", "dept", "mt", "ft", "bros", "nos", "mrd", "mio", "mln", "bn",
}
SENTENCE_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9\u00C0-\u024F])|\n+")
INITIALS = re.compile(r"[a-z](?:\.[a-z])+")
ENDING_INITIALS = {"d.c", "a.m", "p.m"}  # (a company's "N.V.", "S.A." is mostly followed by its verb)
HEADLINE_WORD = re.compile(r"[A-Z0-9$€£][\w$€£.,'’-]*")


@dataclass
class Extraction:
    """Everything the claims stage finds in one article."""

    article: Article
    mentions: list[Mention]
    figures: list[Figure]
    claims: list[Claim]
    reports: list[Report]
    companies: list[str] = field(default_factory=list)
    chips: list[str] = field(default_factory=list)
    is_deal: bool = False
    relevance: float = 0.0
    relevance_reasons: list[str] = field(default_factory=list)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of a text, aware of abbreviations like Inc. and U.S."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        end = match.end()
        if match.group(0)[0] == ".":
            word = re.search(r"([\w.]+)\.$", text[max(start, match.start() - 12): match.start() + 1])
            token = word.group(1).lower() if word else ""
            # initials ("H.C. Wainwright", "J.P. Morgan", "ASML Holding N.V.") end no sentence, like a lone "B. Riley"
            # (but "Washington, D.C." and "10 a.m." often do)
            if token in ABBREVIATIONS or len(token) == 1 and token.isalpha() \
                    or INITIALS.fullmatch(token) and word and word.group(1).isupper() and token not in ENDING_INITIALS:
                continue
        _add_span(text, start, end, spans)
        start = end
    _add_span(text, start, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


# The common words a title-case headline capitalises ("Brindle Compute Signs $3.1 Billion Deal With Meta"): read in
# lower case, the headline reads as the sentence it stands for.
_HEADLINE_COMMON = frozenset("""
a an the and or of to in into for on with at by from as over after amid its their up out via vs
sign signs signed ink inks inked agree agrees agreed buy buys bought acquire acquires acquired raise raises raised secure
secures secured win wins won land lands landed strike strikes struck seal seals sealed expand expands expanded invest
invests invested plan plans planned tap taps tapped pick picks picked partner partners partnered team teams teamed commit
commits committed order orders ordered lease leases leased supply supplies supplied sell sells sold build builds deploy
deploys pay pays paid take takes took close closes closed near nears eye eyes unveil unveils announce announces launch
launches boost boosts add adds book books rent rents borrow borrows lend lends lent get gets fund funds back backs
deal deals agreement agreements contract contracts pact partnership lease loan loans stake round funding financing
investment order capacity campus site sites acquisition takeover supply chips chip
servers facility project bond bonds debt equity valuation purchase
billion million trillion gigawatt gigawatts megawatt megawatts year years month months decade
new first second third largest biggest major more worth valued multiyear multibillion billion-dollar led
one two three four five six seven eight nine ten twenty fifteen
""".split())
# what a company is, told before its name ("Cooling Specialist Frostline")
_HEADLINE_KINDS = frozenset("maker specialist operator developer startup provider firm giant designer supplier".split())
_HEADLINE_COMMON |= _HEADLINE_KINDS
_TITLE_BEFORE = re.compile(r"\b([A-Z][a-z]+(?:-[A-Za-z][a-z]*)*)\s+$")
_TITLE_WORD = re.compile(r"(?<![\w'’$])[A-Z][a-z]+(?:-[A-Za-z][a-z]*)*(?![\w'’])")


def sentence_case(text: str, sentences: list[tuple[int, int]]) -> str:
    """The text with its title-case headlines' common words in lower case (`_HEADLINE_COMMON`), at the same offsets;
    other sentences are left as they are."""
    out = None
    for start, end in sentences:
        words = [w for w in text[start:end].split() if len(w) >= 4]
        if not 3 <= len(words) <= 20:
            continue
        if sum(1 for w in words if w[:1].isupper() or w[:1] in "$€£¥₹₩" or w[:1].isdigit()) < 0.85 * len(words):
            continue  # (a sentence, not a headline in title case)
        common = [m for m in _TITLE_WORD.finditer(text, start, end) if m.start() != start
                  and all(part.lower() in _HEADLINE_COMMON for part in m.group().split("-"))]
        if len(common) < 2:
            continue  # (names in a row: "Nvidia, AMD and Intel Report Earnings" has one)
        if out is None:
            out = list(text)
        for match in common:
            out[match.start():match.end()] = match.group().lower()
            if match.group().lower() in _HEADLINE_KINDS:
                # what the company is, before the name: "Cooling Specialist Frostline", "Optical-Interconnect Maker"
                position = match.start()
                while (before := _TITLE_BEFORE.search(text, max(start, position - 40), position)) is not None \
                        and before.start() > start and not load_gazetteer().find_companies(before.group(1)):
                    out[before.start(1):before.end(1)] = before.group(1).lower()
                    position = before.start(1)
    return "".join(out) if out is not None else text


def teaser_spans(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Headline-like lines trailing a plain-text article: read-next teasers, not claims of this article.

    A line after the body counts when it is short and in title case ("Google Injects $40B
    into Anthropic to Supercharge AI Infrastructure."); lines like "Source: Amazon" are skipped
    over while looking back from the end.
    """
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    if len(lines) < 3:
        return []
    teasers = []
    for start, end in reversed(lines[2:]):
        line = text[start:end].strip()
        if not line or re.match(r"^(source|photo|image|credit|via|tags?)\s*:", line, re.I):
            continue
        words = line.rstrip(".").split()
        if not 3 <= len(words) <= 20:
            break
        capitalised = sum(1 for w in words if HEADLINE_WORD.match(w))
        small = sum(1 for w in words if w.lower() in {"a", "an", "the", "and", "or", "of", "to", "in", "into", "for", "on", "with", "at", "by", "from", "as", "vs"})
        if capitalised + small >= len(words) and capitalised >= 0.6 * len(words):
            teasers.append((start, end))
        else:
            break
    return teasers


def extract_claims(article: Article) -> Extraction:
    """Find companies, chips and figures in an article and turn them into claims and deal reports."""
    # A long text makes tens of thousands of small objects and no reference cycles: the cyclic
    # collector would only rescan them over and over (about 10% of the time on 5 MB).
    paused = gc.isenabled()
    gc.disable()
    try:
        return _extract_claims(article)
    finally:
        if paused:
            gc.enable()


@dataclass
class _Unit:
    """One clause being read: its span, what it names and states, and what the reading made of it."""

    start: int
    end: int
    mentions: list[Mention]
    figures: list[Figure]
    relative: str  # the text of a relative clause recalling another deal, or ""
    sentence: str = ""
    parties: list[str] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)
    chips: list[str] = field(default_factory=list)
    dealish: bool = False
    background: bool | None = None  # None: _report_for looks for background phrasing if it needs to
    vendors: set[str] = field(default_factory=set)
    subject: str | None = None  # the one company the previous figure-less sentence named
    pair: list[str] | None = None  # the two companies it named
    told_before: bool = False  # it tells a deal done in a month before the article's
    own: str = ""  # a main clause's words without the relative clauses recalling other deals ("" when it has none)


@dataclass
class _Reading:
    """What reading an article's clauses in order has found so far."""

    text: str
    gazetteer: Any
    chip_names: list[str]
    makers: set[str]
    places: Places
    countries: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, name) in the text
    reports: list[Report] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    current: Report | None = None  # the deal the text is talking about at this point
    orphans: list[Claim] = field(default_factory=list)  # figures with no deal yet
    last_pair: list[str] | None = None  # the two companies the last figure-less sentence named, told of no deal
    last_sole: str | None = None  # the one company a figure-less sentence named: the subject of the next
    last_build: bool = False  # that sentence told of a build ("Meta announced its newest data center")
    recalled: dict[int, Report] = field(default_factory=dict)  # clause start -> the earlier deal it recalls
    named: dict[str, str] = field(default_factory=dict)  # the companies named so far, in order -> their kind
    denied: list[frozenset[str]] = field(default_factory=list)  # each denied report's companies (first words)
    published: str | None = None  # the article's date
    told_by_noun: set[int] = field(default_factory=set)  # (ids of) one company's deals told only by their noun


def _extract_claims(article: Article) -> Extraction:
    written = article.text or ""
    gazetteer = load_gazetteer()
    sentences = split_sentences(written)
    skip = teaser_spans(written, sentences)
    text = sentence_case(written, sentences)  # (read a title-case headline as a sentence; the text keeps its case)
    companies = gazetteer.find_companies(text)
    chips = gazetteer.find_chips(text)
    unknown = find_unknown_organisations(text, companies + chips)
    mentions = sorted(companies + chips + unknown, key=lambda m: m.start)
    mentions = [m for m in mentions if not _inside(m.start, skip)]
    figures = [f for f in extract_figures(text) if not _inside(f.start, skip)]
    compared = _compared_only(text, mentions)
    chip_names = _refine_chips(_unique(m.name for m in mentions if m.kind == "chip" and m.name not in compared),
                               gazetteer, keep=_bracketed_families(text, mentions, gazetteer))
    places = load_places()
    named_places = places.spans(text)
    reading = _Reading(text=text, gazetteer=gazetteer, chip_names=chip_names, places=places,
                       published=article.published, makers=_chip_makers_only(text, mentions, gazetteer),
                       countries=_outside_names(sorted([span for span in named_places if span[2] in places.countries]
                                                       + places.regional_governments(text, named_places)
                                                       + places.government_spans(text)), mentions))
    for unit in _units(text, sentences, mentions, figures):
        _read(reading, unit)
    _place_orphans(reading)
    _add_valued_round(reading)
    _add_compared(reading, mentions, sentences)
    _add_statements(reading)
    _number_reports(reading)
    if text is not written:
        _as_written(reading.claims, reading.reports, figures, mentions, text, written, sentences)
    reports = reading.reports
    is_deal = any(len(r.parties) >= 2 or any(c.figure.kind != "duration" for c in r.claims) for r in reports)
    # the gazetteer's companies the text names, and the companies it does not know that a deal makes parties
    unknown_names = {m.name for m in unknown}
    named = {m.name for m in mentions if m.kind == "company" and m.known} \
        | {p for r in reports for p in r.parties if p in unknown_names}
    extraction = Extraction(
        article=article, mentions=mentions, figures=figures, claims=reading.claims, reports=reports,
        companies=sorted(named), chips=sorted(chip_names), is_deal=is_deal,
    )
    extraction.relevance, extraction.relevance_reasons = score_relevance(article, extraction)
    return extraction


def _as_written(claims: list[Claim], reports: list[Report], figures: list[Figure], mentions: list[Mention], text: str,
                written: str, sentences: list[tuple[int, int]]) -> None:
    """Give back the text's own case to what was read from its sentence-cased headlines (`sentence_case`)."""
    changed = [(start, end) for start, end in sentences if text[start:end] != written[start:end]]
    items: list[Figure | Mention] = [*figures, *(claim.figure for claim in claims), *mentions]
    for item in items:
        if item.text == text[item.start:item.end]:
            item.text = written[item.start:item.end]

    def as_written(sentence: str) -> str:
        for start, end in changed:
            if (at := text.find(sentence, start, end)) >= 0:
                return written[at:at + len(sentence)]
        return sentence

    for claim in claims:
        claim.sentence = as_written(claim.sentence)
    for report in reports:
        report.sentence = as_written(report.sentence)


def _units(text: str, sentences: list[tuple[int, int]], mentions: list[Mention], figures: list[Figure]) -> list[_Unit]:
    """The clauses of the text in order, each with the mentions and figures inside it."""
    starts = [s for s, _ in sentences]
    by_sentence: dict[int, list[Figure]] = {}
    for fig in figures:
        by_sentence.setdefault(max(0, bisect_right(starts, fig.start) - 1), []).append(fig)
    mentions_by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        mentions_by_sentence.setdefault(max(0, bisect_right(starts, mention.start) - 1), []).append(mention)
    units = []
    for index, (s_start, s_end) in enumerate(sentences):
        clauses = _clauses(text, s_start, s_end, mentions_by_sentence.get(index, []), by_sentence.get(index, []))
        relatives = [relative for *_, relative in clauses if relative]
        for start, end, s_mentions, s_figures, relative in clauses:
            unit = _Unit(start, end, s_mentions, s_figures, relative, sentence=text[start:end])
            if not relative and relatives:
                # ("Humain, which signed up xAI as a 500MW tenant, is courting model developers": the deal words of a
                # relative clause that recalls a deal are that deal's, not the main clause's)
                own = unit.sentence
                for other in relatives:
                    own = own.replace(other, " " * len(other))
                unit.own = own if own != unit.sentence else ""
            units.append(unit)
    return units


def _read(reading: _Reading, unit: _Unit) -> None:
    """Read one clause: name its parties, make its claims and put them in a deal report."""
    gazetteer = reading.gazetteer
    unit.pair, reading.last_pair = reading.last_pair, None
    if not unit.figures and not unit.mentions:
        reading.last_sole, reading.last_build = None, False
        return  # nothing to claim or to name: most sentences of a long text
    # (a company described as a kind's example is still the doer of the deal a relative clause recalls: "shareholders
    # such as ASML, which led its round in 2025")
    described = _described_only(reading.text, unit.start, unit.mentions) if not unit.relative else set()
    unit.parties, unit.roles = _parties(unit.sentence, unit.start,
                                        [m for m in unit.mentions if m.name not in reading.makers | described], gazetteer,
                                        _countries_in(reading.countries, unit.start, unit.end))
    current = reading.current
    for mention in unit.mentions:
        if mention.kind == "company" and mention.name not in reading.named:
            reading.named[mention.name] = company.kind if (company := gazetteer.company(mention.name)) else ""
    if len(unit.parties) <= 1 and "the " in unit.sentence.lower() and (told := _told_by_kind(reading, unit)):
        # "The chipmaker will supply the neocloud", "50,000 AMD GPUs under a purchase agreement with the chipmaker":
        # a company named before, told by what it is (the one company of that kind the text has named)
        unit.parties = sorted({*unit.parties, *told})
        unit.roles = _other_side(unit.roles, unit.parties)
    if len(unit.parties) == 1 and current is not None and ANAPHOR_OPENING.match(reading.text, unit.start, unit.end) \
            and (subject := _subject(reading, current)) and subject not in unit.parties:
        # "Humain will buy 18,000 GB300s. The company also agreed with AMD to build 500 MW": the subject told before
        # (the other side of the one the sentence names: "... landed $400 million from Harrowgate", it borrows)
        unit.parties = sorted([subject, *unit.parties])
        unit.roles = _other_side(unit.roles, unit.parties)
    if current is not None and len(unit.parties) == 1 and unit.parties[0] not in current.parties and not unit.relative \
            and (side := _named_side(unit, current)) is not None:
        # "The customer is Anthropic, according to ...", "The loan, led by Apollo, is backed by the GPUs": the other
        # side of the deal just told, named in a sentence of its own
        current.parties = sorted([*current.parties, unit.parties[0]])
        current.roles.setdefault(unit.parties[0], side)
        for name in current.parties:
            if name != unit.parties[0] and OTHER_SIDE.get(side):
                current.roles.setdefault(name, OTHER_SIDE[side])
        unit.roles = {**unit.roles, unit.parties[0]: side}
    if not unit.figures and len(unit.parties) == 2 and current is None and not LISTED_PAIR.search(unit.sentence):
        reading.last_pair = list(unit.parties)  # ("Microsoft is doubling down on Nscale.", not "Nvidia and AMD ...")
    if not unit.figures and len(unit.parties) < 2 and (current is None or len(current.parties) != 1):
        reading.last_sole = unit.parties[0] if len(unit.parties) == 1 else None
        reading.last_build = bool(reading.last_sole and BUILD_TOLD.search(unit.sentence))
        if (by_noun := _one_deal_by_noun(reading, unit)) is not None and not FELL_THROUGH.search(unit.sentence):
            # "Halvorsen said the first 200 megawatts for its new five-year contract would be energised by 2027": a
            # follow-up on one company's deal, told by its noun alone (a statement of its outlet, no figure)
            _told_by_noun(reading, unit, by_noun)
        return
    if all(f.kind == "duration" and TERM_TOLD_BEFORE.search(reading.text, max(unit.start, f.start - 25), f.start)
           for f in unit.figures) and (by_noun := _one_deal_by_noun(reading, unit)) is not None:
        # "The Amazon pact, which runs for seven years, ...": a follow-up telling one company's deal by its noun, and
        # its term
        _told_by_noun(reading, unit, by_noun)
    unit.chips = _refine_chips(_unique(m.name for m in unit.mentions if m.kind == "chip"
                                       and not CONTRAST_BEFORE.search(reading.text, max(unit.start, m.start - 50),
                                                                      m.start)),
                               gazetteer, reading.chip_names)
    clause = unit.relative or unit.sentence
    unit.dealish = (bool(DEAL_WORDS.search(unit.own or clause)) or _deploys_chips(unit.figures, unit.chips)
                    or not unit.parties and reading.last_build
                    and any(f.kind == "money" and PRICED_BUILD.match(reading.text, f.end) for f in unit.figures)) \
        and not DENIAL.search(unit.sentence) and not _no_deal(unit.sentence) \
        and not (not unit.figures and FELL_THROUGH.search(clause))
    # (a deal told, after another, as done in a month before the article's: "Cerebras raised $1.1 billion in September")
    unit.told_before = bool(reading.reports) and stated_before(unit.own or unit.sentence, reading.published)
    unit.background = True if unit.relative or unit.told_before else None
    unit.vendors = {c.vendor for name in unit.chips if (c := gazetteer.chip(name)) and c.vendor}
    unit.subject = reading.last_sole
    if DENIAL.search(unit.sentence):
        reading.denied.append(frozenset(name.split()[0] for name in
                                        {m.name for m in unit.mentions if m.kind == "company"} | set(unit.parties)))
    elif unit.parties and reading.denied and RUMOUR_TOLD.search(unit.sentence) \
            and any({p.split()[0] for p in unit.parties} <= denied for denied in reading.denied):
        return  # "Samsung denied a media report ... The Korea Times reported Samsung's interest in ...": the rumour
    # (a share price says who the text is about, as a sentence without figures does: "X shares rose to $10.14")
    reading.last_build = False
    reading.last_sole = unit.parties[0] if len(unit.parties) == 1 and (
        all(f.kind == "price" for f in unit.figures) or STOCK_MOVE.search(unit.sentence)) else None
    if unit.relative and len(unit.parties) >= 2:
        _read_recalled_deal(reading, unit)
    elif _read_round_members(reading, unit):
        return
    elif len(unit.parties) >= 2 and unit.dealish and not unit.figures:
        event = DEAL_EVENT.search(clause) if reading.reports else None
        if reading.reports and (event is None and STATE_TOLD.search(clause)
                                or event is not None and STAYED_OUT.search(clause, max(0, event.start() - 30), event.end())):
            # ("Anthropic already rents compute from Amazon and Google": what is, not a deal the text tells; "Thrive
            # and Khosla are not taking part": what was not done)
            return
        reading.current = _report_for(reading.reports, unit.parties, "deal", unit.sentence, unit.chips, unit.roles,
                                      unit.background)
    else:
        _read_figures(reading, unit, clause)


def _named_side(unit: _Unit, current: Report) -> str | None:
    """The side of the deal just told that the clause's one company takes when the clause names it as that deal's
    customer ("the customer is Anthropic") or as the leader of its loan or round ("The loan, led by Apollo, ...")."""
    mention = next((m for m in unit.mentions if m.kind == "company"), None)
    if mention is None:
        return None
    before = unit.sentence[max(0, mention.start - unit.start - 70): mention.start - unit.start]
    if CUSTOMER_NAMED_BEFORE.search(before) and len(current.parties) == 1:
        return "buyer"
    if (opening := LOAN_OR_ROUND_OPENING.match(unit.sentence)) and LED_BY_BEFORE.search(before) \
            and current.family == "investment":
        return "investor" if opening.group("noun").lower() in ("round", "raise", "funding") else "lender"
    return None


def _told_by_kind(reading: _Reading, unit: _Unit) -> list[str]:
    """The companies named earlier in the text that the clause tells only by their kind ("the chipmaker"), each the
    one company of that kind named so far."""
    told: list[str] = []
    matches = list(KIND_DESCRIPTION.finditer(unit.sentence))
    if not matches or UNNAMED_KIND.search(reading.text, max(0, unit.start - 300), unit.end):
        return told
    for match in matches:
        group = next(group for group in DESCRIBED_KINDS if match.group(group))
        if group in TRADE_GROUPS and not unit.sentence[:match.start()].strip(" \"“‘'"):
            continue  # ("Snap, a rival of Meta, is cutting costs. The social-media company signed ...": Snap)
        if group == "startup" and VERB_AFTER.match(unit.sentence, match.end()):
            continue  # ("weeks after the start-up agreed to spend $30bn on its chips": the doer of a clause of its own)
        here = {m.name for m in unit.mentions if m.kind == "company" and _of_kind(reading, m.name, group)}
        # (a company of that kind named in the clause is the one told: "Nebius, the Amsterdam-based neocloud, raised",
        # "40,000 AMD GPUs under a purchase agreement with the chipmaker")
        found = sorted(here) if here else [name for name in reading.named if _of_kind(reading, name, group)]
        found = [name for name in found if name not in unit.parties] if len(found) == 1 else []
        if len(found) == 1 and found[0] not in told:
            told.append(found[0])
    return told


# "runs for seven years", "a term of 15 years": the length of the deal itself (not "took 18 months to negotiate")
_TERM_HEDGE = r"(?:about\s+|roughly\s+|some\s+|nearly\s+|up\s+to\s+|at\s+least\s+)?$"
TERM_TOLD_BEFORE = re.compile(r"\b(?:(?:runs?|running|ran|lasts?|lasting|spans?|spanning|extends?|covers?|covering)\s+(?:for\s+)?"
                              r"|(?:term|life|length|duration)\s+of\s+)" + _TERM_HEDGE, re.I)


# "Microsoft has agreed to buy the unit's output for two decades": a purchase, a supply or a lease for a time
# (not what it has done for years: "has leased space in Ashburn for 15 years")
BOUGHT_FOR_BEFORE = re.compile(r"(?<!has\s)(?<!have\s)(?<!had\s)(?<!been\s)"
                               r"\b(?:buy|buys|bought|purchase[sd]?|supply|supplies|supplied|sell|sells|sold|lease[sd]?"
                               r"|leases|rent|rents|rented|provide[sd]?|provides|host|hosts|hosted)\b"
                               r"[^,;.]{0,60}?\bfor\s+" + _TERM_HEDGE, re.I)


def _bought_for_a_term(text: str, unit: _Unit, fig: Figure) -> bool:
    """Whether a duration is the term of a purchase, a supply or a lease the clause tells ("agreed to buy ... for two
    decades"), which a one-company report holds like a figure."""
    if fig.unit not in TERM_UNITS or unit.relative:
        return False
    verb = BOUGHT_FOR_BEFORE.search(text, max(unit.start, fig.start - 90), fig.start)
    # (the company is the one that buys, sells or leases: named before the verb)
    return verb is not None and any(m.kind == "company" and unit.start <= m.start < verb.start() for m in unit.mentions)


def _one_deal_by_noun(reading: _Reading, unit: _Unit) -> re.Match[str] | None:
    """The noun by which a clause naming one company, in a text that has told no deal yet, tells that company's deal
    ("its new five-year contract", "the Meta order"), unless it is denied, vetoed or told as before."""
    if len(unit.parties) != 1 or reading.reports or unit.relative:
        return None
    by_noun = DEAL_TOLD_BY_NOUN.search(unit.own or unit.sentence)
    if by_noun is None or NOUN_TOLD_VETO.search(unit.sentence) or DENIAL.search(unit.sentence) \
            or _no_deal(unit.sentence) or stated_before(unit.sentence, reading.published):
        return None
    return by_noun


def _told_by_noun(reading: _Reading, unit: _Unit, by_noun: re.Match[str]) -> None:
    """Start the report of one company's deal that a clause tells by its noun alone ("its new five-year contract")."""
    family = "investment" if by_noun.group("noun").lower().startswith(INVESTMENT_NOUNS) else "deal"
    reading.current = _report_for(reading.reports, unit.parties, family, unit.sentence, [], unit.roles)
    reading.told_by_noun.add(id(reading.current))


def _of_kind(reading: _Reading, name: str, group: str) -> bool:
    """Whether a company named in the text is of the kind a description tells ("the chipmaker", "the startup")."""
    kind = reading.named.get(name)
    if group in TRADE_GROUPS:
        return name in DESCRIBED_KINDS[group]
    if kind not in DESCRIBED_KINDS[group]:
        return False
    if group != "startup" or kind in ("ai_lab", "neocloud", ""):
        return True
    company = reading.gazetteer.company(name)
    return company is not None and not company.ticker


# a recalled deal that names the site of the one just told ("for the same site", "at the same campus")
SAME_OBJECT = re.compile(r"\b(?:the\s+same|that|this)\s+(?:site|campus|facility|data\s+cent(?:er|re)|project|location|cluster)\b",
                         re.I)


def _read_recalled_deal(reading: _Reading, unit: _Unit) -> None:
    """A deal recalled in a relative clause is its own report, even in an article's first sentence."""
    text, gazetteer = reading.text, reading.gazetteer
    roles = _roles(unit.figures, text, unit.start, unit.end, gazetteer, _named(unit))
    family = "investment" if any(r in ("investment", "financing") for r in roles) else "deal"
    recalled = not (unit.relative.startswith(",") and NEWS_TIME.search(unit.relative))
    report = _report_for(reading.reports, unit.parties, family, unit.sentence, unit.chips, unit.roles, recalled)
    report.in_passing = recalled
    for fig, role in zip(unit.figures, roles, strict=True):
        claim = Claim(figure=fig, role=role, sentence=unit.sentence, companies=list(unit.parties),
                      chips=list(unit.chips))
        reading.claims.append(claim)
        if claim.role not in NOT_DEAL_ROLES:
            _attach(report, claim, unit.chips)


def _read_round_members(reading: _Reading, unit: _Unit) -> bool:
    """ "The round was led by Sequoia, with a16z participating": the investors of the round just stated."""
    current = reading.current
    investee = next((name for name, role in current.roles.items() if role == "investee"), None) if current else None
    if current is None or not ROUND_MEMBERS.search(unit.sentence) or PAST_BACKERS.search(unit.sentence):
        return False
    if len(current.parties) != 1 and not (investee and current.family == "investment"
                                          and RAISING.search(current.sentence)):
        return False  # the backers of a funding round, not of one company's investment in another
    cut = re.search(r",\s*(which|who|whose)\b|\b(to|and) help\b", unit.sentence)
    # the companies of each part of the sentence that tells taking part without a negation ("ASML is leading the
    # round, but Microsoft is not participating"; "..., although individual contributions were not detailed")
    taking_part = [(start, end) for start, end in _sentence_parts(unit.sentence)
                   if ROUND_MEMBERS.search(unit.sentence, start, end) and not STAYED_OUT.search(unit.sentence, start, end)]
    named = {m.name for m in unit.mentions if m.kind == "company" and (not cut or m.start - unit.start < cut.start())
             and any(start <= m.start - unit.start < end for start, end in taking_part)}
    backers = [p for p in unit.parties if p not in current.parties and p in named]
    # (figures of a relative clause about the round are read as usual: "..., which values the company at $4 billion")
    if not backers or unit.figures and not (cut and all(f.start - unit.start >= cut.start() for f in unit.figures)):
        return False
    current.roles.setdefault(investee or current.parties[0], "investee")
    # (the lenders of a loan: "xAI raised $12.5 billion in debt. Apollo and Diameter are among the lenders")
    role = "lender" if "borrower" in current.roles.values() or LENDERS_TOLD.search(unit.sentence) else "investor"
    if role == "lender":
        current.roles.update((name, "borrower") for name, taken in list(current.roles.items()) if taken == "investee")
    for name in backers:
        current.parties.append(name)
        current.roles.setdefault(name, role)
    current.parties.sort()
    return not unit.figures


SENTENCE_PART = re.compile(r";|,?\s+(?:but|while|whereas|although|though)\b|,\s+and\s+(?=(?-i:[A-Z])[\w.&'’-]*"
                           r"(?:\s+(?-i:[A-Z])[\w.&'’-]*){0,2}\s+(?:is|are|was|were|will|has|have|had|did|does|declined)\b)",
                           re.I)  # (not a list's last ", and Sequoia Capital")


def _sentence_parts(sentence: str) -> list[tuple[int, int]]:
    """The parts of a sentence its contrasts and semicolons divide, as (start, end) offsets."""
    parts, start = [], 0
    for match in SENTENCE_PART.finditer(sentence):
        parts.append((start, match.start()))
        start = match.end()
    return parts + [(start, len(sentence))]


def _read_figures(reading: _Reading, unit: _Unit, clause: str) -> None:
    """Make a claim of each figure of the clause and put it in the deal it belongs to."""
    text, gazetteer = reading.text, reading.gazetteer
    fig_roles = _roles(unit.figures, text, unit.start, unit.end, gazetteer, _named(unit))
    current = reading.current
    if current is not None and "seller" in current.roles.values() and _continues(current, unit):
        # "X agreed to buy Z from W. The deal values Z at $40 billion": the price of the purchase just told
        fig_roles = ["acquisition" if role == "valuation"
                     and DEAL_VALUING.search(text, max(unit.start, fig.start - 90), fig.start) else role
                     for fig, role in zip(unit.figures, fig_roles, strict=True)]
    # one sentence, one deal: its quantities go with its money ("invest $100 billion ... 10 gigawatts")
    money_families = {"investment" if r in ("investment", "financing", "acquisition") else "deal"
                      for f, r in zip(unit.figures, fig_roles, strict=True) if f.kind == "money" and r not in NOT_DEAL_ROLES}
    if len(unit.parties) >= 2 and unit.dealish and STRONG_DEAL_WORDS.search(clause) \
            and all(r in NOT_DEAL_ROLES for r in fig_roles) and not _continues(reading.current, unit):
        # "Microsoft will hold a 27% stake, valued at $135 billion": a deal whose only figure sizes something else
        reading.current = _report_for(reading.reports, unit.parties, "deal", unit.sentence, unit.chips, unit.roles,
                                      unit.background)
    listed = _places_listed(reading, unit, fig_roles)
    earlier = _recalled_in_clause(reading, unit, fig_roles)
    named_outside = _outside_recalled(reading, unit, earlier)
    if (len(unit.parties) >= 2 and unit.dealish and named_outside and any(earlier)
            and all(p or r in NOT_DEAL_ROLES for p, r in zip(earlier, fig_roles, strict=True))):
        # "X's expansion with Y comes after their initial $3 billion deal": the clause's deal, stated without a figure
        reading.current = _report_for(reading.reports, unit.parties, "deal", unit.sentence, unit.chips, unit.roles,
                                      unit.background)
    # (an earlier deal's amount is no part of the clause's list: "after striking a $10 billion deal with Broadcom")
    counterparties = _counterparties_listed(reading, unit, ["other" if recalled else role
                                                            for role, recalled in zip(fig_roles, earlier, strict=True)])
    if unit.dealish and len(aside := _owned_deals_aside(reading, unit, counterparties)) >= 2:
        # the clause's own deal, told without a figure, beside the other companies' deals it names
        reading.current = _report_for(reading.reports, aside, "deal", unit.sentence, unit.chips,
                                      {n: r for n, r in unit.roles.items() if n in aside}, unit.background)
    told_earlier: dict[tuple[int, int], Report] = {}  # (a recalled phrase's term goes with its amount)
    for fig, role, place, recalled, other in zip(unit.figures, fig_roles, listed, earlier, counterparties, strict=True):
        claim = Claim(figure=fig, role=role, sentence=unit.sentence, companies=list(unit.parties),
                      chips=list(unit.chips))
        reading.claims.append(claim)
        if role in NOT_DEAL_ROLES:
            continue
        if recalled:
            report = told_earlier.get(recalled) if fig.kind != "money" else None
            if report is None:
                report = told_earlier[recalled] = _earlier_deal(reading, unit, recalled, role)
            claim.companies = list(report.parties)
            _attach(report, claim, [])
            continue
        family = "investment" if role in ("investment", "financing", "acquisition") else "deal"
        if other:
            _part_deal(reading, unit, claim, other, counterparties, family)
            continue
        if fig.kind != "money" and len(money_families) == 1:
            family = next(iter(money_families))
        source = _place_claim(reading, unit, claim, family)
        if place is not None and source is not None:
            _by_place(reading, unit, claim, place, source)


def _part_deal(reading: _Reading, unit: _Unit, claim: Claim, other: str, counterparties: list[str | None],
               family: str) -> None:
    """Put a figure that names its own company in a deal of its own ("$300 billion with Oracle and $22.4 billion with
    CoreWeave"; "with Nvidia supplying 110,000 GPUs, AMD 60,000"): that company and the side named before the
    clause's first figure, not the other companies of a list ("200,000 chips from Nvidia, AMD and Qualcomm"), with
    the chips named from its figure to the next one."""
    gazetteer, fig = reading.gazetteer, claim.figure
    named = {_party_name(m.name, gazetteer) for m in unit.mentions if m.kind == "company"}
    before = {_party_name(m.name, gazetteer) for m in unit.mentions
              if m.kind == "company" and m.end <= unit.figures[0].start}
    listed = {c for c in counterparties if c}
    respectively = RESPECTIVELY.search(reading.text, unit.start, unit.end) is not None  # (the side named after them)
    parties = sorted({p for p in unit.parties if p not in listed and (p in before or p not in named or respectively)}
                     | {other})
    owner = _owner_of(reading, unit, fig)
    roles = {n: r for n, r in unit.roles.items() if n in parties}
    background = unit.background
    if owner is not None and (name := _party_name(owner.name, gazetteer)) != other:
        # "Microsoft's $9.7 billion contract with IREN and OpenAI's $38 billion pact with Amazon": the owner's deal
        # (whose sides the clause's roles, read for its own subject, do not tell), in passing beside a deal the
        # clause tells of its own
        parties, roles = sorted({name, other}), {}
        background = True if reading.current is not None and reading.current.sentence == unit.sentence \
            and not reading.current.claims else background
    following = next((f.start for f in unit.figures if f.start > fig.start), unit.end)
    chips = _unique(m.name for m in unit.mentions if m.kind == "chip" and fig.start <= m.start < following)
    if not any(m.kind == "chip" and m.start >= unit.figures[0].start for m in unit.mentions):
        chips = list(unit.chips)  # "... and $6 billion with OpenAI, for GB300 GPUs" names them for every part
    claim.companies = parties
    report = _report_for(reading.reports, parties, family, unit.sentence, chips, roles, background)
    _attach(report, claim, chips)
    reading.current = reading.current or report


def _owner_of(reading: _Reading, unit: _Unit, fig: Figure) -> Mention | None:
    """The company whose deal an amount is, by the possessive right before it ("Microsoft's $9.7 billion contract")."""
    return next((m for m in unit.mentions if m.kind == "company" and unit.start <= m.end <= fig.start
                 and OWNER_OF_AMOUNT.match(reading.text, m.end, fig.start)), None)


def _owned_deals_aside(reading: _Reading, unit: _Unit, counterparties: list[str | None]) -> list[str]:
    """The parties the clause names outside the deals it tells as other companies' ("after the company landed AWS
    as a tenant, on a day when Microsoft's $9.7 billion contract with IREN ... lifted stocks"), when every amount
    with a counterparty is such a deal; else []."""
    spans = []
    for fig, other in zip(unit.figures, counterparties, strict=True):
        if other is None:
            continue
        owner = _owner_of(reading, unit, fig)
        side = next((m for m in unit.mentions if m.kind == "company" and m.start >= fig.end
                     and _party_name(m.name, reading.gazetteer) == other), None)
        if owner is None or side is None:
            return []
        spans.append((owner.start, side.end))
    if not spans:
        return []
    rest = list(reading.text[unit.start:unit.end])
    for start, end in spans:
        rest[start - unit.start: end - unit.start] = " " * (end - start)
    outside = "".join(rest)
    if not DEAL_WORDS.search(outside) or LISTED_PAIR.search(outside) or BOTH_OR_NEITHER.search(outside):
        return []  # ("Both Dell and Supermicro stand to gain from Microsoft's ... and Meta's ...": no deal of theirs)
    return _unique(_party_name(m.name, reading.gazetteer) for m in unit.mentions
                   if m.kind == "company" and not _inside(m.start, spans)
                   and _party_name(m.name, reading.gazetteer) in unit.parties)


def _by_place(reading: _Reading, unit: _Unit, claim: Claim, place: str, source: Report) -> None:
    """Move a claim from the report it joined to that report's deal in `place` ("$20 billion in Pennsylvania and
    $10 billion in North Carolina" are two deals); a report the clause started and left empty is dropped."""
    if source.sentence != unit.sentence and THE_DEAL.search(unit.sentence):
        return  # "... under the deal": the amounts are parts of a deal told before
    source.claims = [c for c in source.claims if c is not claim]
    # the clause's own parties ("Oracle said it would also spend ..."), or the deal's when it names none
    parties, roles = (unit.parties, unit.roles) if unit.parties else (source.parties, source.roles)
    target = _report_for(reading.reports, parties, source.family, unit.sentence, unit.chips, roles,
                         source.in_passing, place)
    _attach(target, claim, unit.chips)
    if not source.claims and source.place is None:
        reading.reports.remove(source)
    if reading.current is source:
        reading.current = target


def _places_listed(reading: _Reading, unit: _Unit, roles: list[str]) -> list[str | None]:
    """The place right after each deal figure, when the clause lists figures in two places or more; else None.

    Not when the clause also states their total ("$50 billion, starting with $30 billion in Texas and $20
    billion in New York"): the placed amounts are then parts of one deal.
    """
    none: list[str | None] = [None] * len(roles)
    if sum(role not in NOT_DEAL_ROLES for role in roles) < 2:
        return none  # most clauses: one deal figure or none, nothing to list
    places = [None if role in NOT_DEAL_ROLES else reading.places.after(reading.text, fig.end)
              for fig, role in zip(unit.figures, roles, strict=True)]
    if len({p for p in places if p}) < 2:
        return none
    for kind in {f.kind for f, p in zip(unit.figures, places, strict=True) if p}:
        placed = sum(_amount(f) for f, p in zip(unit.figures, places, strict=True) if p and f.kind == kind)
        if any(not p and f.kind == kind and role not in NOT_DEAL_ROLES and _amount(f) >= 0.97 * placed
               for f, p, role in zip(unit.figures, places, roles, strict=True)):
            return none
    return places


def _counterparties_listed(reading: _Reading, unit: _Unit, roles: list[str]) -> list[str | None]:
    """The company each deal figure names as its side ("$300 billion with Oracle and $22.4 billion with CoreWeave",
    "with Nvidia supplying 110,000 GPUs, AMD 60,000"), when the clause lists figures with two companies or more;
    else None. A figure naming none is left to the clause's deal only when it is their total ("200,000 chips from
    Nvidia, AMD and Qualcomm, with Nvidia supplying 110,000 ..."): the parts are deals of their own."""
    none: list[str | None] = [None] * len(roles)
    if sum(role not in NOT_DEAL_ROLES for role in roles) < 2:
        return none
    companies = sorted((m for m in unit.mentions if m.kind == "company"), key=lambda m: m.start)
    if (respectively := RESPECTIVELY.search(reading.text, unit.start, unit.end)) \
            and (paired := _respectively(reading, unit, roles, companies, respectively.start())):
        return paired
    starts, ends = [m.start for m in companies], sorted((m.end, i) for i, m in enumerate(companies))
    found: list[str | None] = []
    owned = False  # a count named after its company ("Nvidia supplying 110,000"): the parts of a stated total
    for fig, role in zip(unit.figures, roles, strict=True):
        mention = None
        if role not in NOT_DEAL_ROLES:
            if lead := COUNTERPARTY_AFTER.match(reading.text, fig.end) or fig.kind == "money" \
                    and NAMED_DEAL_WITH.match(reading.text, fig.end):
                at = bisect_right(starts, lead.end()) - 1
                words = lead.group(0).split()  # [] before a noun adjunct, ["in"], or "with", "in deals with"...
                if at >= 0 and starts[at] == lead.end() and (
                        words not in ([], ["in"]) and words[-1] != "in"
                        or not words and ADJUNCT_DEAL.match(reading.text, companies[at].end)
                        or words and words[-1] == "in" and IN_COMPANY_END.match(reading.text, companies[at].end)):
                    mention = companies[at]
                    following = companies[at + 1] if at + 1 < len(companies) else None
                    if following is not None and _listed_next(reading.text, mention.end, following.start, following.end,
                                                              JOINED) \
                            and not OWNS_NEXT_AMOUNT.match(reading.text, following.end):
                        mention = None  # "200,000 chips from Nvidia, AMD and Qualcomm": every listed company's
            if mention is None and fig.kind in ("quantity", "power"):
                # the company named last before the count: "with Nvidia supplying 110,000 ..."
                before = bisect_right(ends, (fig.start, len(companies))) - 1
                owner = companies[ends[before][1]] if before >= 0 else None
                if owner is not None and PART_OWNER_BETWEEN.fullmatch(reading.text, owner.end, fig.start):
                    mention, owned = owner, True
        found.append(_party_name(mention.name, reading.gazetteer) if mention else None)
    owners = {o.name for f, c in zip(unit.figures, found, strict=True) if c and (o := _owner_of(reading, unit, f))}
    if len({c for c in found if c}) < 2 and len(owners) < 2:
        return none  # (one side: "Microsoft's $17.4 billion deal with Nebius and Meta's $3 billion deal with Nebius")
    if found[0] and any(c and (inc := INCLUDES_BEFORE.search(reading.text, max(unit.start, f.start - 25), f.start))
                        and inc.start() - unit.figures[0].end < 60
                        and not OTHER_SUBJECT_BETWEEN.search(reading.text, unit.figures[0].end, inc.start())
                        for f, c in zip(unit.figures[1:], found[1:], strict=True)):
        # "Microsoft's $9.7 billion contract with IREN includes a $5.8 billion order with Dell": one deal (not "its
        # backlog, which includes a $20 billion deal with Meta")
        return none
    unnamed = [(f, r) for f, r, c in zip(unit.figures, roles, found, strict=True) if not c and r not in NOT_DEAL_ROLES]
    # (a rounded total may fall a little short of its parts: "more than $20 billion: $6.5 billion ... and $14.2 billion")
    totals = [f for f, _ in unnamed if f.kind != "duration" and _amount(f) >= (0.97 if f.qualifier == "exact" else 0.9)
              * sum(_amount(p) for p, c in zip(unit.figures, found, strict=True) if c and _counts_alike(p, f)) > 0]
    # ("more than $40bn, including $17.4bn with Nebius, $14bn with Nscale ...": the parts of a total, each a deal)
    owned = owned or bool(totals) and INCLUDING_PARTS.match(reading.text, totals[0].end, unit.end) is not None
    if any(f.kind != "duration" and f not in totals or f.kind == "duration" and not totals for f, _ in unnamed) \
            or totals and not owned:
        return none  # a term, count or amount the listed figures share: one deal
    return found


def _respectively(reading: _Reading, unit: _Unit, roles: list[str], companies: list[Mention],
                  at: int) -> list[str | None] | None:
    """The company of each amount in "Microsoft and Nvidia will invest $5 billion and $10 billion in Anthropic
    respectively": the list of names before the amounts, in order, when it has as many names as there are amounts."""
    amounts = [i for i, (f, r) in enumerate(zip(unit.figures, roles, strict=True))
               if r not in NOT_DEAL_ROLES and f.kind == "money" and f.start < at]
    first = unit.figures[amounts[0]].start if amounts else unit.end
    names = [m for m in companies if m.end <= first]
    listed: list[Mention] = []
    for mention in reversed(names):  # (the list that ends nearest the amounts)
        if listed and not re.fullmatch(_LIST_SEP, reading.text[mention.end:listed[0].start]):
            break
        listed.insert(0, mention)
    found = [_party_name(m.name, reading.gazetteer) for m in listed]
    if len(amounts) < 2 or len(found) != len(amounts) or len(set(found)) != len(found):
        return None
    result: list[str | None] = [None] * len(roles)
    for i, name in zip(amounts, found, strict=True):
        result[i] = name
    return result


def _left_out(sentence: str, start: int, end: int, left_out: int) -> bool:
    """Whether the company named at start..end of a sentence is no party of it: a rival, a company the deal is not
    with ("rather than Nvidia"), a source of an estimate or a foundry ("TSMC's 3nm process"), or the next of a
    list of such companies (the last of which ends at `left_out`, or -1)."""
    base = max(0, start - 40)
    before = sentence[base: start]
    if before[-4:].lower() == "non-":
        return True  # "a non-Nvidia inference chip": the company the thing is not from
    rival = RIVAL_CONTEXT.search(before)
    if rival and "," in before[rival.end():] and CLAUSE_SUBJECT.match(sentence, end):
        rival = None  # "Competing with CoreWeave and Lambda, Nebius signed ...": the clause's own subject
    if rival and rival.group(0).lower().startswith(("ahead", "outpac", "overt")) and AHEAD_OWN_DEAL.match(sentence, end):
        # "ahead of Microsoft's €9.5bn commitment", "ahead of Meta, which signed ...", "ahead of OpenAI signing its own
        # deal": a deal or an event of its own, not a rival left behind
        rival = None
    if rival and (rival.group(0).lower() in ("rival", "competitor", "rivals", "competitors")
                  and NAMED_RIVAL.search(before, 0, rival.start())
                  and sentence[base + rival.end(): base + rival.end() + 3].lstrip()[:1].isupper()
                  or rival.group(0).lower() in ("rival", "rivals", "competitor", "competitors")
                  and RIVAL_SUBJECT.match(sentence, base + rival.end())):
        rival = None  # "OpenAI rival Anthropic raised ...": the rival word describes Anthropic, not a later name
    if rival or RIVAL_AFTER.match(sentence[end: end + 40]):
        return True
    lowered = before.lower()  # (cheap tests of the words the patterns need first)
    if any(word in lowered for word in NOT_THIS_PARTY_WORDS) and NOT_THIS_PARTY.search(before) \
            and not VOTED_AGAINST.search(before):
        return True
    wider = sentence[max(0, start - 90): start]
    if ("est " in wider or "only " in wider or "top " in wider) and SECOND_TO.search(wider) \
            and not CLAUSE_SUBJECT.match(sentence, end) and not re.match(r",?\s+(?:where|when|in\s+which)\b", sentence[end:]):
        return True
    if sentence[end: end + 1] in ("", " ", "'", "’", ",") and NOT_A_PARTY_AFTER.match(sentence, end):
        return True
    if ("ear" in before or "ext" in before or "side" in before or "close" in before) and LANDMARK_BEFORE.search(before) \
            and LANDMARK_AFTER.match(sentence, end):
        return True  # "next to Talen Energy's Susquehanna nuclear plant": a company's site that places the deal
    if "serv" in before and SERVED_BEFORE.search(before) and LENDING.search(sentence, 0, start):
        return True  # "sold $18 billion of bonds to fund data centers to serve OpenAI": who the build serves lends nothing
    if ("irror" in wider or "echo" in wider or "esembl" in wider or "imilar" in wider or "odel" in wider) \
            and (MIRRORED_BEFORE.search(wider) or MIRRORED_OWNER.search(before) and OWNED_COMPARED_AFTER.match(sentence, end)):
        return True  # "mirrors the structure Fluidstack used with TeraWulf": the deal it is compared with
    if "s with" in before and (others := OTHER_DEALS_BEFORE.search(before)) \
            and OWN_DEAL_NAMED.search(sentence, 0, base + others.start()):
        return True  # "OpenAI's tie-up with Broadcom gives it a third source after its pacts with Nvidia and AMD"
    if "alongside" in before and before.endswith("alongside ") and PEER_CUSTOMERS_AFTER.match(sentence, end):
        return True  # "putting Oracle alongside Meta and OpenAI among AMD's largest customers": other customers
    if "join" in before and JOINING_BEFORE.search(before) and PEER_RACE_AFTER.match(sentence, end):
        return True  # "joining Naver and SK Telecom in a build-out race": peers doing the same, not parties
    if "ormer" in before or "ex-" in before or "one" in before or "while" in before or "vious" in before:
        if FORMER_EMPLOYER.search(before) and PERSON_AFTER.match(sentence, end):
            return True  # "founded by former OpenAI technology chief Mira Murati": a person's past employer
        if FORMER_PARTNER.search(before) and not RESIGNED.search(sentence, 0, start):
            return True
    return left_out >= 0 and _listed_next(sentence, left_out, start, end, LISTED_AFTER)


def _listed_next(text: str, previous_end: int, start: int, end: int, joins: re.Pattern[str],
                 subject: bool = False) -> bool:
    """Whether the name at start..end is the next of a list after the name ending at `previous_end`: joined by
    "and", "or" or a possessive, or by a comma when the list goes on after it, and, unless the list is the
    `subject` of its clause ("Blue Owl and Crusoe will provide"), not the subject of a clause of its own
    ("Rather than Nvidia, OpenAI turned to AMD"; "... in Anthropic and Google has invested $3 billion")."""
    between = text[previous_end:start]
    if not joins.fullmatch(between) or not subject and CLAUSE_SUBJECT.match(text, end):
        return False
    return bool(re.search(r"\b(?:and|or)\b|&|['’]s\s+$", between)) or bool(LIST_GOES_ON.match(text, end))


def _counts_alike(a: Figure, b: Figure) -> bool:
    """Whether two figures count the same thing (chips, GPUs and accelerators are all chips)."""
    return a.kind == b.kind and (a.unit == b.unit or a.unit in CHIP_COUNTS and b.unit in CHIP_COUNTS)


def _amount(fig: Figure) -> float:
    """A figure's amount to compare with others of its kind (USD for money when known)."""
    return next((a for a in (fig.usd, fig.value, fig.high, fig.low) if a is not None), 0.0)


def _no_deal(sentence: str) -> bool:
    """Whether a sentence is about something that is no deal: a benchmark, a model's training, a lawsuit, a deal called
    off."""
    if NOT_A_DEAL.search(sentence) or _called_off(sentence):
        return True
    if not ("sue" in sentence or "suit" in sentence or "ettle" in sentence or "ualification" in sentence):
        return False  # most sentences: no lawsuit or test to look for
    if not LEGAL_OR_TEST.search(sentence) or RAISING.search(sentence):
        return False
    # (a deal the suit says was breached is what the dispute is about, not a deal the sentence tells)
    return not any(not BREACHED_BEFORE.search(sentence, max(0, m.start() - 60), m.start())
                   for m in STRONG_DEAL_WORDS.finditer(sentence))


def _called_off(sentence: str) -> bool:
    """Whether a sentence opens on a deal its subject called off ("ended talks to buy ..."), and tells no other after."""
    called = CALLED_OFF.search(sentence) if "ed " in sentence else None
    return called is not None and not ANOTHER_DEAL_DONE.search(sentence, called.end())


def _other_side(roles: dict[str, str], parties: list[str]) -> dict[str, str]:
    """The roles of a two-party deal with the side left unnamed filled in: a lender's counterparty borrows."""
    if len(parties) == 2 and len(roles) == 1 and (other := OTHER_SIDE.get(next(iter(roles.values())))):
        return {**roles, next(p for p in parties if p not in roles): other}
    return roles


def _subject(reading: _Reading, report: Report) -> str | None:
    """The first party a report's sentence names: the company it is about."""
    at: dict[str, int] = {}
    for mention in reading.gazetteer.find_companies(report.sentence):
        if (name := _party_name(mention.name, reading.gazetteer)) in report.parties:
            at.setdefault(name, mention.start)
    for name in report.parties:
        if name not in at and (start := report.sentence.find(name)) >= 0:
            at[name] = start  # a company the gazetteer does not know, named as found ("Talvik Compute")
    return min(at, key=lambda name: at[name]) if at else None


def _continues(current: Report | None, unit: _Unit) -> bool:
    """Whether a clause opening on "The deal" goes on about the current report (naming none but its parties)."""
    return (current is not None and bool(unit.parties) and set(unit.parties) <= set(current.parties)
            and bool(DEAL_ANAPHOR.match(unit.sentence)))


def _place_claim(reading: _Reading, unit: _Unit, claim: Claim, family: str) -> Report | None:
    """Attach a deal figure's claim to its report: the clause's parties' deal, the deal being talked about, or
    none yet (an orphan, placed when the article is read)."""
    current, parties, fig = reading.current, unit.parties, claim.figure
    sentence = unit.sentence
    if (not parties and current is not None and current.claims and family == "investment" != current.family
            and sentence.startswith(("It ", "The company ", "The firm ", "The group ")) and ANAPHOR_SUBJECT.match(sentence)
            and RAISING.search(sentence) and (named := reading.gazetteer.find_companies(current.sentence))):
        # "Nebius signed a $6.1 billion contract with Meta. The company will raise $3 billion": the contract's
        # first-named company raises money, a deal of its own
        parties = unit.parties = [_party_name(named[0].name, reading.gazetteer)]
    if current is not None and _continues(current, unit):
        # "X and Y agreed to buy Z from W. The deal values Z at $29 billion, X and Y said": the deal just told
        # (but "The deal follows a $2.4 billion round that Mistral closed in May" recalls an earlier one)
        target = _recalled(reading, unit, claim, family) or current
        _attach(target, claim, unit.chips)
        return target
    elif current is None and unit.pair and set(parties) < set(unit.pair) and claim.role in DEAL_ROLES \
            and (len(DESCRIBED_PARTY.findall(SAID_OR_CLOUD.sub("", sentence))) >= 2
                 or len(parties) == 1 and DESCRIBED_PARTY.match(sentence.lstrip(" \"“‘'")) is not None):
        # "Microsoft is doubling down on Nscale. The software company will take another 40,000 GPUs from the
        # London-based start-up": both companies just named, each told by what it is (or the subject told so,
        # the other named: "Cerebras has landed Meta. The social media giant will rent capacity from Cerebras")
        reading.current = _report_for(reading.reports, unit.pair, family, sentence, unit.chips, {}, unit.background)
        _attach(reading.current, claim, unit.chips)
        return reading.current
    elif len(parties) >= 2 and (unit.dealish or fig.kind != "duration" and not _no_deal(sentence)
                              and not DENIAL.search(sentence)):
        if unit.subject and unit.subject not in parties and family == "investment" \
                and ANAPHOR_SUBJECT.match(sentence) and RAISING.search(sentence):
            # "Anthropic opened a London office. The company raised $3bn, with Alphabet and Nvidia participating":
            # the pronoun is the last subject, whose round the companies the sentence names join
            parties = unit.parties = sorted([unit.subject, *parties])
        reading.current = _report_for(reading.reports, parties, family, sentence, unit.chips, unit.roles,
                                      unit.background)
        # ("Fidelity is leading Cerebras's latest raise, which follows the $1.1bn Series G": the clause's only amount
        # is the earlier round's)
        target = (_recalled(reading, unit, claim, family) if not reading.current.claims and not unit.told_before
                  and not unit.relative and WHICH_FOLLOWS.search(reading.text, max(unit.start, fig.start - 60), fig.start)
                  else None) or reading.current
        _attach(target, claim, unit.chips)
        return target
    elif len(parties) == 1 and (owner := _deal_owner(reading, unit, parties[0])):
        # "Oklo has no revenue yet. Its deal with Meta covers 1.2GW": a deal of the company just told, with another
        # one (a report of its own: the sentence before may have told another deal of that company); "... adds to
        # a $600 million contract the pair signed" recalls their earlier one
        unit.parties = sorted([owner, parties[0]])
        told = next((r for r in reading.reports if not r.in_passing and set(unit.parties) <= set(r.parties)), None)
        reading.current = told or _report_for(reading.reports, unit.parties, family, sentence, unit.chips, unit.roles,
                                              unit.background)  # (the deal of the two already told, if it was)
        target = _recalled(reading, unit, claim, family) or reading.current
        _attach(target, claim, unit.chips)
        return target
    elif current is not None and not parties and unit.relative and (earlier := _recalled(reading, unit, claim, family)):
        # "Broadcom agreed to buy Ayar Labs, three months after leading a $300 million round in the startup": the
        # closing clause recalls an earlier deal of the companies told
        _attach(earlier, claim, unit.chips)
        return earlier
    elif (current is not None and len(parties) == 1 and len(current.parties) == 2 and parties[0] in current.parties
          and family == "investment" != current.family and current.claims and not unit.relative
          and _invests_in_the_other(sentence, unit, parties[0])):
        # "Nebius will buy $9 billion of chips from Nvidia, while Nvidia will invest $1 billion in the company": the
        # seller's stake in its buyer is a deal of its own, between the same two (the purchase stays the one told)
        other = next(p for p in current.parties if p != parties[0])
        unit.parties = sorted(current.parties)
        invested = _report_for(reading.reports, unit.parties, family, sentence, unit.chips,
                               {parties[0]: "investor", other: "investee"}, unit.background)
        _attach(invested, claim, unit.chips)
        return invested
    elif current is not None and not unit.relative and (not parties or set(parties) <= set(current.parties)) \
            and not (len(parties) == 1 and family == "investment" != current.family and current.claims
                     and RAISING.search(sentence)):
        # (one party of a priced contract raising money is a deal of its own: "Nebius will raise $3 billion")
        target = _recalled(reading, unit, claim, family) or current
        _attach(target, claim, unit.chips)
        return target
    elif (current is not None and len(current.parties) == 1 and len(parties) == 1
          and parties[0] in unit.vendors and current.parties[0] not in unit.vendors):
        # "Meta will field 600,000 GPUs. They include 340,000 Nvidia H100s": Nvidia sells to Meta.
        current.parties = sorted(current.parties + parties)
        _attach(current, claim, unit.chips)
        return current
    elif (current is not None and len(parties) == 1 and current.claims and not unit.relative
          and _share_of_deal(sentence, unit.start, unit.mentions, parties[0])):
        # "Anthropic raised $13 billion. Nvidia's share of the round was $2 billion": Nvidia took part
        current.parties = sorted(current.parties + parties)
        if current.family == "investment" and "investee" in current.roles.values():
            current.roles.setdefault(parties[0], "investor")
        claim.role = current.claims[0].role
        _attach(current, claim, unit.chips)
        return current
    elif (current is not None and len(current.parties) == 1 and len(parties) == 1
          and _counterparty(sentence, unit.start, unit.mentions, parties[0])):
        # "Nvidia is paying $20 billion. $13 billion has been transferred to Groq."
        current.parties = sorted(current.parties + parties)
        _attach(current, claim, unit.chips)
        return current
    elif len(parties) == 1 and unit.dealish and (fig.kind != "duration" or _bought_for_a_term(reading.text, unit, fig)):
        # "Amazon will invest $11 billion in Indiana": a deal with one named party.
        if parties[0] in unit.vendors and unit.subject and unit.subject not in unit.vendors:
            unit.parties = sorted([unit.subject, parties[0]])  # "xAI built Colossus. It runs 100,000 Nvidia H100s"
        elif unit.subject and unit.subject != parties[0] and (PRONOUN_SUBJECT.match(sentence)
                                                                or PRONOUN_LATER.search(sentence)):
            # "Nebius listed in 2024. It signed a $3 billion deal with Meta": the pronoun is the last subject
            unit.parties = sorted([unit.subject, parties[0]])
            subject_role = _single_party_role(sentence, unit.start, unit.subject, unit.mentions, claim.role)
            if subject_role and unit.subject not in unit.roles:  # "It raised $2 billion in a round led by X": X invested
                other = OTHER_SIDE[subject_role[unit.subject]]
                unit.roles = {**subject_role, parties[0]: unit.roles.get(parties[0], other)}
        unit.roles = unit.roles or _single_party_role(sentence, unit.start, unit.parties[0], unit.mentions, claim.role)
        if unit.background and current is not None and family == current.family == "deal" \
                and unit.parties[0] in current.parties and SAME_OBJECT.search(reading.text, unit.start, unit.end) \
                and CLAUSE_DEAL.search(reading.text, unit.start, unit.end):
            # "..., months after Microsoft signed a $4.1 billion deal for the same site": the same two's earlier deal
            unit.parties = list(current.parties)
        reading.current = _report_for(reading.reports, unit.parties, family, sentence, unit.chips, unit.roles,
                                      unit.background)
        _attach(reading.current, claim, unit.chips)
        return reading.current
    elif not parties and unit.subject and unit.dealish and fig.kind != "duration" and current is None:
        # "xAI has built Colossus. Powered by 200,000 Nvidia H100 GPUs, ...": the last sentence's subject
        reading.current = _report_for(reading.reports, [unit.subject], family, sentence, unit.chips, {},
                                      unit.background)
        _attach(reading.current, claim, unit.chips)
        return reading.current
    elif not parties or len(parties) == 1:
        reading.orphans.append(claim)
    return None


def _recalled_in_clause(reading: _Reading, unit: _Unit, roles: list[str]) -> list[tuple[int, int] | None]:
    """The phrase of each amount the clause names as an earlier deal ("after a $10 billion order from Meta"), when
    the clause states a figure of its own; else None. The phrase must name a deal ("order", "round") or its
    doer ("the $4 billion it invested"): "after a $2.5 billion down payment" is a part of the clause's deal."""
    text = reading.text
    phrases: list[tuple[int, int] | None] = []
    timed: set[tuple[int, int]] = set()
    if not _recall_cue(text, unit.start, unit.end):
        return [None] * len(unit.figures)  # most clauses recall nothing
    for fig, role in zip(unit.figures, roles, strict=True):
        lead = None
        if fig.kind != "money" and (inside := next((p for p in phrases if p and p[0] <= fig.start < p[1]), None)):
            # "comes on top of the $11.9 billion five-year contract they signed in March": the recalled deal's term
            phrases.append(inside)
            continue
        if fig is not unit.figures[0] and (told := TOLD_EARLIER.search(text, max(unit.start, fig.start - 30), fig.start)) \
                and RECALLED_DEAL.match(text, fig.end, _phrase_end(text, unit, fig)):
            # "another 100,000 chips, expanding its earlier 18,000-chip order": a figure its phrase calls earlier
            phrases.append((told.start(), _phrase_end(text, unit, fig)))
            continue
        if fig.kind == "money" and role not in NOT_DEAL_ROLES:
            lead = RECALL_BEFORE.search(text, max(unit.start, fig.start - 50), fig.start)
            if lead is not None and lead.group(0)[:6].lower() == "follow" and fig is unit.figures[0]:
                lead = None  # "The expansion follows a $6 billion contract": a sentence of its own about that deal
            if lead is None and (done := RECALL_DOING.search(text, max(unit.start, fig.start - 50), fig.start)
                                 or "after" in text[max(unit.start, fig.start - 120): fig.start]
                                 and RECALL_EXPANDED.search(text, max(unit.start, fig.start - 120), fig.start)):
                # "weeks after committing $9 billion to a Texas campus": the verb names the earlier deal
                phrase = (done.start(), _phrase_end(text, unit, fig))
                phrases.append(phrase)
                if done.re is RECALL_EXPANDED and unit.parties:
                    timed.add(phrase)  # ("days after X expanded ...": an earlier deal, even in a clause without a figure)
                continue
            if lead is None and phrases and phrases[-1]:
                lead = LISTED_NEXT.search(text, max(unit.start, fig.start - 30), fig.start)  # "... and a $4 billion"
            if lead is None and fig is not unit.figures[0] and (past := TOLD_AS_PAST.match(text, fig.end, unit.end)) \
                    and RECALLED_DEAL.match(text, fig.end, past.end()):
                # "after it took part in the company's $1.1 billion Series B last year": a deal told as past
                start = text.rfind(",", max(unit.start, fig.start - 60), fig.start) + 1 or fig.start
                phrases.append((max(start, unit.start), past.end()))
                continue
        elif fig.kind in ("power", "quantity") and role not in NOT_DEAL_ROLES and fig is not unit.figures[0]:
            # "Meta's 1.1-gigawatt arrangement with Williams follows its 300 MW contract with Fervo": an earlier deal
            # told by its capacity or count
            lead = RECALL_BEFORE.search(text, max(unit.start, fig.start - 50), fig.start)
        if lead is None:
            phrases.append(None)
            continue
        end = _phrase_end(text, unit, fig)
        if not _recalls_a_deal(lead, text, fig.end, end):
            phrases.append(None)
            continue
        # (the phrase names its deal after the amount, or before it: "part of a broader deal for 260,000 chips")
        phrases.append((lead.start(), end) if lead.groupdict().get("named") or RECALLED_DEAL.match(text, fig.end, end)
                       else None)
    # the clause's own fact: any other figure, a deal's or not ("its backlog reached $55 billion, after a ..."),
    # but a valuation, which a round sets ("xAI is now valued at $200 billion after a $10 billion round")
    own = any(f.kind != "duration" and role != "valuation" and phrase is None
              for f, role, phrase in zip(unit.figures, roles, phrases, strict=True))
    if own:
        return phrases
    # without a figure of its own, only a deal told as earlier ("after the companies' initial $4 billion agreement")
    return [p if p and (p in timed or EARLIER_DEAL.search(text, p[0], p[1])) else None for p in phrases]


def _recalls_a_deal(lead: re.Match[str], text: str, end: int, phrase_end: int) -> bool:
    """Whether the words before an amount recall a deal of its own: a comparison does only when the phrase names
    someone the deal is with ("smaller than the $7.4 billion contract it struck with Microsoft"; "bigger than the
    roughly $1 billion first discussed" is the same round's earlier size)."""
    return not lead.groupdict().get("than") or bool(OTHER_PARTY.search(text, end, phrase_end))


def _phrase_end(text: str, unit: _Unit, fig: Figure) -> int:
    """Where the phrase of an amount ends: a comma, "and a ...", the clause's next amount or its end."""
    following = next((f.start for f in unit.figures if f.start > fig.end and f.kind == "money"), unit.end)
    stop = PHRASE_END.search(text, fig.end, following)
    return stop.start() if stop else following


def _recall_cue(text: str, start: int, end: int) -> bool:
    """A cheap test before RECALL_BEFORE: the words it needs ("after", "follows", "on top of", "in addition"), or
    TOLD_AS_PAST's ("last year", "a year ago")."""
    window = text[start:end]
    return "fter" in window or "ollow" in window or "top of" in window or "dd" in window or "last " in window \
        or " on " in window or " upon " in window or "art of" in window \
        or " ago" in window or "arlier" in window or "rior " in window or "revious" in window or "nitial" in window \
        or "riginal" in window or "first " in window or " than " in window  # (addition, adds to)


def _outside_recalled(reading: _Reading, unit: _Unit, phrases: list[tuple[int, int] | None]) -> bool:
    """Leave out of the clause's parties the companies it names only inside its recalled deals' phrases; whether
    any party is named outside them."""
    spans = [p for p in phrases if p]
    if not spans:
        return True
    inside: set[str] = set()
    outside: set[str] = set()
    for m in unit.mentions:
        if m.kind == "company":
            (inside if any(a <= m.start < b for a, b in spans) else outside).add(_party_name(m.name, reading.gazetteer))
    named = inside | outside
    # a government the clause makes a party is named by its country, not by a company mention: it stays
    kept = [p for p in unit.parties if p in outside or p not in named and p not in inside]
    if kept:
        unit.parties = kept
        unit.roles = {name: role for name, role in unit.roles.items() if name in kept}
    return bool(kept)


def _earlier_deal(reading: _Reading, unit: _Unit, phrase: tuple[int, int], role: str) -> Report:
    """A report, in passing, for an earlier deal a clause names. Its parties: the companies its phrase names with
    the side they deal with ("an investment from SoftBank": the clause's investee; "a contract with Meta": the
    clause's subject), or, for "the $4 billion it invested", the clause's own parties; else its subject."""
    text = reading.text
    named, givers, owner = [], False, False
    for m in unit.mentions:
        if m.kind == "company" and phrase[0] <= m.start < phrase[1]:
            named.append(_party_name(m.name, reading.gazetteer))
            givers = givers or bool(GIVER_BEFORE.search(text, max(phrase[0], m.start - 20), m.start))
            owner = owner or text[m.end: m.end + 2] in ("'s", "’s")
    subject = unit.parties[:1]
    if named and owner and not givers:
        parties = sorted(set(named))  # "weeks after Google's $4 billion deal with Nebius": the owner's deal
    elif named and givers:
        receiver = [p for p, r in unit.roles.items() if r in ("investee", "buyer")] or subject
        parties = sorted(set(named) | set(receiver[:1]))
    elif named:
        # ("after OpenAI expanded its contracts with the neocloud": the clause's company of the kind the phrase tells)
        told = {p for match in KIND_DESCRIPTION.finditer(text, phrase[0], phrase[1])
                for group in DESCRIBED_KINDS if match.group(group)
                for p in unit.parties if p not in named and _of_kind(reading, p, group)}
        parties = sorted(set(named) | (told if len(told) == 1 else set(subject)))
    elif SAME_DOER.search(text, phrase[0], phrase[1]):
        parties = sorted(unit.parties)
    else:
        parties = list(subject)
    report = Report(parties=parties, chips=[], sentence=unit.sentence, in_passing=True,
                    family="investment" if role in ("investment", "financing", "acquisition") else "deal")
    reading.reports.append(report)
    return report


def _recalled(reading: _Reading, unit: _Unit, claim: Claim, family: str) -> Report | None:
    """The earlier deal that a clause going on about the current report recalls with this figure, if it does
    ("The new contract follows a $9 billion agreement", "Nebius had already raised $1 billion"): the recall must
    govern the amount, a few words before it, not open a clause that goes on to state the deal's own size."""
    current, fig = reading.current, claim.figure
    if current is None or current.sentence == unit.sentence and current.claims:
        return None
    text = reading.text
    window = _unreported(text[max(unit.start, fig.start - 100): fig.start])
    lead = next(reversed(list(RECALLED.finditer(window))), None)
    listed = unit.start in reading.recalled and LISTED_NEXT.search(text, max(unit.start, fig.start - 30), fig.start)
    if not listed and (lead is None or not (_governs(window[lead.end():]) or FIRST_DEAL.match(lead.group())
                                            and WORTH_GAP.fullmatch(window[lead.end():]))) and not unit.told_before \
            and not (unit.relative and not unit.parties):
        return None
    if any(c.figure.kind == fig.kind and c.figure.value == fig.value for c in current.claims):
        return None  # the deal's own figure told again
    recalled = reading.recalled.get(unit.start)
    if recalled is None or fig.kind == "money" and any(c.figure.kind == "money" for c in recalled.claims):
        # one earlier deal per amount: "follows an $11.9 billion contract ... and a $4 billion expansion"; the
        # same parties' deal, but for money put into the company the clause names ("Nebius had already raised $1
        # billion"): that company's round
        own = bool(unit.parties) and family == "investment"
        recalled = Report(parties=sorted(unit.parties if own else current.parties), chips=list(unit.chips),
                          sentence=unit.sentence, roles=dict(unit.roles) if own else dict(current.roles),
                          in_passing=True, family=family)
        reading.reports.append(recalled)
        reading.recalled[unit.start] = recalled
    return recalled


def _governs(gap: str) -> bool:
    """Whether the words between a recall ("follows", "previously") and an amount keep it the recalled deal's."""
    return len(gap.split()) <= 10 and not GAP_BREAK.search(gap)


def _place_orphans(reading: _Reading) -> None:
    """Figures read before the text named their deal's parties belong to its first deal; with no deal at all,
    stated amounts make a deal ("the investment will total $10 billion"), of the one company the text's figures
    name if there is one ("Anthropic is in talks at a $150 billion valuation. It could raise $5 billion")."""
    orphans, reports = reading.orphans, reading.reports
    if orphans and reports:
        first = next((r for r in reports if not r.in_passing), None)
        owners = set(first.parties if first else reports[0].parties)
        placed = [c for c in orphans if not c.companies or set(c.companies) <= owners]
        if placed:
            if first is None:
                # ("AWS's $6 billion Johor cluster, announced a week after its $9 billion Busan region": the one deal
                # told is recalled; the other figure is the news, a deal of the same company)
                first = Report(parties=list(reports[0].parties), chips=[], sentence=placed[0].sentence,
                               roles={} if len(reports[0].parties) != 1 else dict(reports[0].roles))
                reports.insert(0, first)
            for claim in placed:
                _attach(first, claim, claim.chips)
    elif orphans:
        text = reading.text
        denied: dict[str, bool] = {}  # one search per sentence, not per figure
        for claim in orphans:
            if claim.sentence not in denied:
                denied[claim.sentence] = bool(DENIAL.search(claim.sentence))
        money = [c for c in orphans if c.figure.kind == "money" and c.figure.qualifier not in ("multi", "order_of_magnitude")
                 and not c.companies and not denied[c.sentence]]
        # ("the investment will total $10 billion"; "another $3.6B loan", "the £410m award to Albion": a deal's own noun)
        stated = [c for c in money if STRONG_DEAL_WORDS.search(text[max(0, c.figure.start - 60): c.figure.start])
                  or OWN_DEAL_NOUN.match(text, c.figure.end) and not NOT_ONE_DEAL.search(c.sentence)]
        # "... the company was expected to raise $3 billion": a round of the one company the text's figures name
        named = {name for claim in reading.claims for name in claim.companies}
        raised = [c for c in money if len(named) == 1 and c.role in ("investment", "financing")
                  and RAISING.search(c.sentence)
                  and (ANAPHOR_SUBJECT.search(text, max(0, c.figure.start - 120), c.figure.start)
                       or ROUND_ANAPHOR.match(c.sentence))]
        # "The contract will give researchers access to 20,000 Blackwell processors": counted goods a deal trades,
        # the deal's companies not named
        counted = [c for c in orphans if c.figure.kind in ("quantity", "power") and c.role in DEAL_ROLES
                   and c.figure.qualifier != "multi" and not denied[c.sentence] and ONE_DEAL_TOLD.search(c.sentence)
                   and not NOT_ONE_DEAL.search(c.sentence)]
        if stated or raised or counted:
            parties = sorted(named) if raised else []
            report = Report(parties=parties, chips=[], sentence=(raised or stated or counted)[0].sentence,
                            roles={parties[0]: "investee"} if parties else {})
            reports.append(report)
            for claim in orphans:
                if not claim.companies:
                    _attach(report, claim, claim.chips)


def _add_valued_round(reading: _Reading) -> None:
    """ "Cohere is now valued at $7 billion after its latest round": a text that tells a round only by the valuation
    it set states that round, of the one company valued (the valuation stays what it is, no deal's size)."""
    if reading.reports:
        return
    for claim in reading.claims:
        if claim.role == "valuation" and len(set(claim.companies)) == 1 and RAISING.search(claim.sentence) \
                and not DENIAL.search(claim.sentence):
            company = _party_name(claim.companies[0], reading.gazetteer)
            word = re.escape(claim.companies[0].split()[0])
            if re.search(rf"\b(?:led|co-led|backed|anchored)\s+by\s+(?:the\s+)?{word}\b|\b{word}\b[\w\s.&-]{{0,20}}?\s+"
                         rf"(?:takes|took|is\s+taking|will\s+take)\s+(?:an?\s+)?(?:[\w-]+\s+)?stake\b", claim.sentence):
                continue  # "the round, led by Microsoft, values it at $6.2 billion": the one named backs the round
            report = Report(parties=[company], chips=[], sentence=claim.sentence, family="investment",
                            roles={company: "investee"})
            reading.reports.append(report)
            for orphan in reading.orphans:  # ("The company secured $30 billion, which doubled its valuation")
                if orphan.role == "investment" and set(orphan.companies) <= {company}:
                    _attach(report, orphan, orphan.chips)
            return


def _add_compared(reading: _Reading, mentions: list[Mention], sentences: list[tuple[int, int]]) -> None:
    """ "The Cipher agreement mirrors the structure Fluidstack used with TeraWulf": the deal a deal is compared with,
    whose companies are no parties of it (`MIRRORED_BEFORE`), is a deal of its own, told in passing."""
    if not reading.reports:
        return
    for cue in MIRROR_CUE.finditer(reading.text):
        end = COMPARED_END.search(reading.text, cue.end(), cue.end() + 90)
        names = _unique(_party_name(m.name, reading.gazetteer) for m in mentions
                        if m.kind == "company" and cue.start("what") <= m.start < (end.start() if end else cue.end() + 90)
                        and m.name not in reading.makers)
        if names and not any(set(r.parties) == set(names) for r in reading.reports):
            sentence = next((reading.text[a:b] for a, b in sentences if a <= cue.start() < b), "")
            reading.reports.append(Report(parties=sorted(names), chips=[], sentence=sentence, in_passing=True))


def _add_statements(reading: _Reading) -> None:
    """ "Blackstone agreed to acquire AirTrunk": a deal without a figure still counts for its outlet."""
    if any(report.claims and not report.in_passing for report in reading.reports):
        # (a deal told by its noun alone stands only when the text tells no other deal with figures: "Oracle's
        # build-out partners have been raising money. Vantage lined up $5.5 billion ..." is Vantage's loan)
        reading.reports = [r for r in reading.reports if r.claims or id(r) not in reading.told_by_noun]
    for report in reading.reports:
        if not report.claims and (len(report.parties) >= 2 or id(report) in reading.told_by_noun
                                  or report.parties and report.roles.get(report.parties[0]) == "investee"):
            start = max(0, reading.text.find(report.sentence))
            statement = Figure(kind="statement", unit="", text=report.sentence[:200], start=start,
                               end=start + min(len(report.sentence), 200), qualifier="")
            claim = Claim(figure=statement, role="statement", sentence=report.sentence,
                          companies=list(report.parties), chips=list(report.chips))
            reading.claims.append(claim)
            report.claims.append(claim)


def _number_reports(reading: _Reading) -> None:
    """Give every claim its report's number, parties, chips, roles and in-passing mark."""
    # the deals the text states first, then those it recalls in passing (even when a sentence opens on one)
    reading.reports.sort(key=lambda r: r.in_passing)
    for number, report in enumerate(reading.reports):
        report.chips = _refine_chips(report.chips, reading.gazetteer, reading.chip_names)
        for claim in report.claims:
            claim.report = number
            claim.parties = list(report.parties)
            claim.chips = list(report.chips)
            claim.roles = dict(report.roles)
            claim.in_passing = report.in_passing


def _clauses(text: str, s_start: int, s_end: int, mentions: list[Mention], figures: list[Figure]):
    """A sentence as (start, end, mentions, figures, relative clause text or "") units.

    "Microsoft gets 76,000 GPUs, while IREN agreed to buy $5.8 billion of servers from Dell" states two
    facts: a clause after ", while" or ";" that opens with a company of its own is a unit of its own.
    """
    spans = []
    start = s_start
    recalled = None
    opening = OPENING_AFTER.match(text, s_start, s_end)
    subject = next((m for m in mentions if m.kind == "company" and m.start >= opening.end()), None) if opening else None
    if opening and subject and OPENING_SUBJECT.fullmatch(text, opening.end(), subject.start):
        # "A day after Microsoft revealed a $17.5 billion plan, Amazon unveiled $35 billion": the opening clause,
        # with a subject of its own, recalls another deal; the main clause, after the comma that opens on a
        # company, states this one. ("Weeks after signing ...", "Following its acquisition ...": one unit.)
        # ("While Meta agreed to buy TPUs from Google, xAI signed a $12 billion lease": a contrast, with or without
        # figures of its own)
        recalled = _opening_end(text, opening.end(), s_end, mentions, figures, 40,
                                figures_before=not opening.group(0).rstrip().lower().endswith(("while", "whereas")))
    elif having := HAVING_DONE.match(text, s_start, s_end) or OWN_OPENING.match(text, s_start, s_end):
        # "Having already spent $13 billion on OpenAI, Microsoft agreed to ...", "Following its $17.4 billion
        # Microsoft deal, Nebius ...": the opening recalls what the subject did before with a company it names
        recalled = _opening_end(text, having.end(), s_end, mentions, figures, 1)
        if recalled and not any(m.kind == "company" and m.start < recalled[0] for m in mentions):
            recalled = None
    if recalled:
        spans.append((s_start, recalled[0]))
        start = recalled[1]
    for match in CLAUSE_BREAK.finditer(text, start, s_end):
        opens = [m for m in mentions if m.kind == "company" and match.end() <= m.start < match.end() + 40]
        figures_before = any(start <= f.start < match.start() for f in figures)
        figures_after = any(match.end() <= f.start < s_end for f in figures)
        named_before = {m.name for m in mentions if m.kind == "company" and start <= m.start < match.start()}
        # a first clause without figures is a fact of its own when it names two companies ("X signed with Y,
        # while Z ..."), not when it names one side of the deal the second clause sizes
        if opens and figures_after and (figures_before or len(named_before) >= 2):
            spans.append((start, match.start()))
            start = match.end()
    rest = text[start:s_end]  # (cheap word tests before the patterns)
    trailing = TRAILING_AFTER.search(text, start, s_end) if "after" in rest or "follow" in rest else None
    if trailing is None and " to " in rest and ("fund" in rest or "financ" in rest or "pay for" in rest or "cover" in rest
                                                 or "deliver" in rest or "serv" in rest or "fulfil" in rest or "meet" in rest):
        trailing = PURPOSE_AFTER.search(text, start, s_end)
    if trailing is None and ("xpanding" in rest or "xtending" in rest or "adding to" in rest or "building on" in rest
                             or "eepening" in rest or "roadening" in rest or "on top of" in rest):
        trailing = EXPANDING_AFTER.search(text, start, s_end)
    if trailing is None and ("compar" in rest or "like" in rest or "imilar" in rest or "echoing" in rest
                             or "mirroring" in rest or "contrast" in rest or "kin to" in rest or "plementing" in rest
                             or "besides" in rest or "separate from" in rest or "upporting" in rest
                             or "inanced" in rest or "unded" in rest or "paid for" in rest):
        trailing = OTHER_DEAL_AFTER.search(text, start, s_end)
    spanned = trailing is not None and trailing.re is TRAILING_AFTER and trailing.group("span")
    # ("Microsoft shares rose 2%, pushing its market value past $4 trillion, after OpenAI agreed to buy ...": a share
    # price or a market value is no deal of the main clause; the closing clause tells the news)
    told = [f for f in figures if not (start <= f.start < trailing.start() and _market_figure(text, f, start))] \
        if trailing else figures
    # (a main clause without figures that states a deal, and a closing clause naming earlier deals by their figures
    # with another company: not "finalised its deal with Microsoft, following a $1.6 billion agreement between ...")
    named_after = trailing is not None and trailing.re is TRAILING_AFTER \
        and not any(start <= f.start < trailing.start() for f in told) \
        and bool(DEALS_NAMED_AFTER.match(text, trailing.end("after"), s_end)
                 or OWN_SUBJECT.match(text, trailing.end("after"), s_end)
                 and PAST_TIME.search(text, trailing.end("after"), s_end)) \
        and bool(DEAL_WORDS.search(text, start, trailing.start())) \
        and bool({m.name for m in mentions if m.kind == "company" and trailing.start() <= m.start < s_end}
                 - {m.name for m in mentions if m.kind == "company" and start <= m.start < trailing.start()})
    if trailing and trailing.re is OTHER_DEAL_AFTER:
        # (the main clause keeps the sentence's figures when the compared deal names none of its own)
        if any(trailing.start() <= m.start < s_end for m in mentions if m.kind == "company"):
            spans += [(start, trailing.start()), (trailing.start(), s_end)]
        else:
            spans.append((start, s_end))
    elif trailing and (any(start <= f.start < trailing.start() for f in told) or named_after) \
            and (any(m.kind == "company" and trailing.start() <= m.start for m in mentions if m.start < s_end)
                 or trailing.re is EXPANDING_AFTER
                 or spanned and (DEAL_WORDS.search(text, start, trailing.start())
                                 or len({m.name for m in mentions if m.kind == "company"
                                         and start <= m.start < trailing.start()}) >= 2)) \
            and (not any(trailing.start() <= f.start < s_end and f.kind == "money" for f in figures)
                 or trailing.lastgroup != "after" or spanned or named_after
                 or OWN_SUBJECT.match(text, trailing.end("after"), s_end)):
        # "Nscale raised $1.1 billion, weeks after unveiling Stargate Norway with OpenAI.", "..., six months after
        # ASML took a stake as part of a €1.7bn round": the closing clause recalls another deal
        spans += [(start, trailing.start()), (trailing.start(), s_end)]
    else:
        spans.append((start, s_end))
    # ("Mistral raised €2 billion, months after raising $600 million from Nvidia": who raised it is the subject told;
    # a clause with a subject of its own that names no company, "after the two companies struck", recalls a deal of
    # the companies told)
    doer = next((m for m in mentions if m.kind == "company" and start <= m.start), None) \
        if trailing is not None and (trailing.re is EXPANDING_AFTER
                                     or spanned and DOER_IS_SUBJECT.match(text, trailing.end("after"), s_end)) else None
    units = []
    for lo, hi in spans:
        own = [m for m in mentions if lo <= m.start < hi]
        if doer and trailing and lo == trailing.start() and doer.name not in {m.name for m in own} \
                and any(lo <= f.start < hi for f in figures):
            own.insert(0, doer)
        found = _relative_clauses(text, lo, hi, own, [f for f in figures if lo <= f.start < hi])
        if recalled and (lo, hi) == (s_start, recalled[0]) or trailing and lo == trailing.start():
            # recalled as background, as a relative clause is (its deal words: the sentence's)
            found = [(a, b, m, f, relative or text[s_start:s_end]) for a, b, m, f, relative in found]
        units += found
    return units


MARKET_AFTER = re.compile(r"\s+(?:(?:to|in|of|from)\s+(?:its|their|the\s+[\w-]+['’]s)\s+)?market\s+(?:value|valuation"
                          r"|cap(?:italization|italisation)?)\b", re.I)  # "adding $60 billion to its market value"


def _market_figure(text: str, fig: Figure, start: int) -> bool:
    """Whether a figure is a share price or a company's market value ("shares rose to $310", "market value past $4
    trillion"), no deal's."""
    before = text[max(start, fig.start - 60): fig.start]
    return fig.kind == "price" or fig.kind == "money" and (
        bool(MARKET_VALUE.search(before)) or bool(MARKET_AFTER.match(text, fig.end))
        or (fig.value or 0) < 100_000 and bool(SHARE_PRICE.search(before[-40:])))


def _opening_end(text: str, after: int, s_end: int, mentions: list[Mention], figures: list[Figure],
                 reach: int, figures_before: bool = True) -> tuple[int, int] | None:
    """Where an opening clause that recalls an earlier deal ends: (comma, main clause start) at the first comma
    after `after` with figures on both sides (or after it only, unless `figures_before`) and a company starting
    within `reach` characters after it."""
    for comma in re.finditer(r",\s+", text[after:s_end]):
        lo, hi = after + comma.start(), after + comma.end()
        if (any(m.kind == "company" and hi <= m.start < hi + reach for m in mentions)
                and (not figures_before or any(f.start < lo for f in figures))
                and any(hi <= f.start < s_end for f in figures)):
            return lo, hi
    return None


def _relative_clauses(text: str, s_start: int, s_end: int, mentions: list[Mention], figures: list[Figure]):
    """A clause as units: itself, and each relative clause that recalls another deal.

    "Google will invest $2 billion in Anthropic, a startup that recently secured $4 billion from
    Amazon" states two deals: the relative clause, with its antecedent, is a unit of its own.
    """
    sentence = text[s_start:s_end]
    units = []
    rest_mentions, rest_figures = list(mentions), list(figures)
    opening = OTHERS_OPENING.match(sentence)
    for match in [*([opening] if opening else []), *ASIDE.finditer(sentence)]:
        # "Amazon, which previously partnered with Nvidia, will invest ...": a company named only in an aside
        # without figures is background, not a party of the clause
        lo, hi = s_start + match.start(), s_start + match.end()
        if not any(lo <= f.start < hi for f in figures):
            # (so are the chips it names: "Together AI, which rents out Nvidia Blackwell clusters, raised $1 billion")
            inside = {m.name for m in mentions if lo <= m.start < hi}
            outside = {m.name for m in mentions if not lo <= m.start < hi}
            if (match is not opening or not _points_back(text, hi, s_end)) and not IDENTIFIED_AS.search(match.group(0)):
                # ("Beyond its stake in Anthropic, Google agreed to supply the startup": the main clause names it; "a
                # customer, which two sources identified as Microsoft,": the aside names who the customer is)
                rest_mentions = [m for m in rest_mentions if not (lo <= m.start < hi and m.name in inside - outside)]
            continue
        if match is opening:
            continue
        inner_figures = [f for f in figures if lo <= f.start < hi]
        antecedent = [m for m in mentions if m.kind == "company" and 0 <= lo - m.end <= 2]
        named = [m for m in mentions if lo <= m.start < hi and m.kind == "company"]
        if antecedent and inner_figures and len(inner_figures) < len(figures) and PAST_ASIDE.match(match.group(0)):
            # "Vantage, which raised $9.2 billion in equity last year, declined to comment", "Oracle, which last
            # year signed a $300 billion contract with OpenAI, will supply Meta ...": the aside recalls the
            # company's own earlier deal (with the companies it names), not a figure of the deal the sentence states
            units.append((s_start, s_end, antecedent + named, inner_figures, match.group(0)))
            rest_figures = [f for f in rest_figures if f not in inner_figures]
            outside = {m.name for m in mentions if not lo <= m.start < hi}
            if not BACK_REFERENCE.search(text, hi, s_end):  # ("... agreed to invest $4 billion more in the company")
                rest_mentions = [m for m in rest_mentions if m not in named or m.name in outside]
    for match in RELATIVE_DEAL.finditer(sentence):
        lo, hi = s_start + match.start(), s_start + match.end()
        inner_figures = [f for f in rest_figures if lo <= f.start < hi]  # (not those an aside above took)
        inner = [m for m in mentions if lo <= m.start < hi and m.kind == "company"]
        antecedent = [m for m in mentions if m.kind == "company" and 0 <= lo - m.end <= 2]
        if not inner_figures or not antecedent or not inner and not RELATIVE_TOLD_PAST.search(match.group(0)):
            continue
        inner_all = [m for m in mentions if lo <= m.start < hi]
        units.append((s_start, s_end, antecedent + inner_all, inner_figures, match.group(0)))
        rest_mentions = [m for m in rest_mentions if m not in inner_all]
        rest_figures = [f for f in rest_figures if f not in inner_figures]
        others = {m.name for m in rest_mentions if m.kind == "company" and m not in antecedent}
        if len(others) >= 2 and antecedent[-1].name not in others \
                and ANTECEDENT_RELATED.search(text, max(s_start, antecedent[-1].start - 40), antecedent[-1].start):
            # "landing Anthropic's $30 billion commitment hedges its exposure to OpenAI, which last month committed
            # $250 billion": a deal told between two others; the company the relative clause tells is its own deal's
            rest_mentions = [m for m in rest_mentions if m not in antecedent]
    return [(s_start, s_end, rest_mentions, rest_figures, "")] + units


# the antecedent of a relative clause that the main clause names only by how another company relates to it ("hedges
# its exposure to OpenAI, which ...", "reduces its reliance on Microsoft, which ..."): no side of the main deal
ANTECEDENT_RELATED = re.compile(r"\b(?:exposure|reliance|dependence|dependency|ties|relationship|rivalry|competition"
                                r"|lead|edge)\s+(?:to|on|with|over)\s+$", re.I)


def _points_back(text: str, start: int, end: int) -> bool:
    """Whether a main clause (after its subject) names a company told before by a noun or pronoun ("supply the
    startup", "invest more in it")."""
    subject = POINTER_SUBJECT.match(text, start, end)
    return bool(POINTS_BACK.search(text, subject.end() if subject else start, end))


def _compared_only(text: str, mentions: list[Mention]) -> set[str]:
    """Chips the text names only to compare ("up to 50 times faster than the H100", "away from Nvidia's GPUs")."""
    compared: dict[str, bool] = {}
    for mention in mentions:
        if mention.kind == "chip" and compared.get(mention.name) is not False:
            compared[mention.name] = bool(CONTRAST_BEFORE.search(text, max(0, mention.start - 50), mention.start))
    return {name for name, only in compared.items() if only}


def _owns_the_deal(text: str, maker_end: int, chip_start: int, chip_end: int) -> bool:
    """Whether a chip's maker owns the deal its chip names ("Amazon's Trainium3 deal with Anthropic"): it is a party."""
    return text[maker_end:chip_start].strip() in ("'s", "’s") and DEAL_NOUN_AFTER.match(text, chip_end) is not None


def _chip_makers_only(text: str, mentions: list[Mention], gazetteer) -> set[str]:
    """Companies the text names only as the maker of chips ("Samsung will deploy 50,000 Nvidia GPUs").

    Such a company is not a party: its name says whose chips they are, not who signed. One mention
    anywhere else in the text ("bought from Nvidia", "Nvidia said") makes it a candidate party again.
    """
    as_maker: dict[str, bool] = {}
    listed_maker: Mention | None = None  # (the maker named next, when the list goes on to its chips)
    for index in range(len(mentions) - 1, -1, -1):
        mention = mentions[index]
        if mention.kind != "company" or as_maker.get(mention.name) is False:
            listed_maker = None if mention.kind == "company" else listed_maker
            continue  # one mention as a party is enough: the rest need no look
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        own_chip = (following is not None and following.kind == "chip" and 0 <= following.start - mention.end <= 3
                    and (chip := gazetteer.chip(following.name)) is not None and chip.vendor == mention.name)
        maker = own_chip or bool(CHIP_NOUN_AFTER.match(text, mention.end, mention.end + 60)) \
            or mention.name in gazetteer.chip_vendors and (
                bool(VENDOR_CHIPS_RENTED.match(text, mention.end))
                or bool(MAKER_GOODS_AFTER.match(text, mention.end))
                and (company := gazetteer.company(mention.name)) is not None and company.kind == "chipmaker")
        if not maker and listed_maker is not None and mention.name in gazetteer.chip_vendors \
                and re.fullmatch(_LIST_SEP, text[mention.end:listed_maker.start]):
            maker = True  # "Nvidia and AMD chips", "Nvidia, AMD and Intel processors": each name makes the chips
        if maker and not own_chip and SERVER_NOUN_AFTER.match(text, mention.end) \
                and (company := gazetteer.company(mention.name)) is not None and company.kind == "server":
            maker = False  # "150 billion yen on HPE servers": a server maker sells the servers its name is on
        listed_maker = mention if maker else None
        if CLOUD_UNIT.search(mention.text):
            maker = False  # "Google Cloud TPUs", "AWS Trainium chips": the cloud rents them out, it is the seller
        elif own_chip and following is not None and _owns_the_deal(text, mention.end, following.start, following.end):
            maker = False
        elif maker and SUPPLIED_FOR.search(text, max(0, mention.start - 80), mention.start):
            maker = False  # "to supply memory for Google's next TPUs": the chips' maker buys what goes into them
        as_maker[mention.name] = as_maker.get(mention.name, True) and maker
    if len(as_maker) == 2 and "ompanies" in text and JOINT_STATEMENT.search(text):
        return set()  # "Humain will buy 18,000 Nvidia chips, the companies said": both announce the deal
    return {name for name, only in as_maker.items() if only}


def _described_only(text: str, start: int, mentions: list[Mention]) -> set[str]:
    """Companies a clause names only to describe another ("backed by Nvidia", "Nvidia-backed", "clients include"),
    or to describe it and to say whose chips ("a neocloud backed by Nvidia ... 80,000 Nvidia GPUs")."""
    describing: dict[str, bool] = {}
    described_once: set[str] = set()
    # (the subject opens the clause, or the statement after a colon: "Dell's backlog is growing: Lumenvault, the
    # neocloud that hosts Microsoft workloads, has ordered ...")
    subjects = [m for i, m in enumerate(mentions) if m.kind == "company" and (
        not text[start:m.start].strip(" \"'“‘") and all(n.kind != "company" for n in mentions[:i])
        or text[max(start, m.start - 3):m.start].rstrip().endswith(":"))]
    appositions = [a for m in subjects if (a := SUBJECT_APPOSITION.match(text, m.end))]
    for mention in mentions:
        if mention.kind != "company" or describing.get(mention.name) is False:
            continue
        before = max(start, mention.start - 120)
        described = bool(DESCRIBED_AFTER.match(text, mention.end) or (
            _DESCRIBED_CUE.search(text, before, mention.start) and DESCRIBED_BEFORE.search(text, before, mention.start))
            or any(a.start() < mention.start < a.end() for a in appositions))
        if described:
            described_once.add(mention.name)
        describing[mention.name] = described or bool(CHIP_NOUN_AFTER.match(text, mention.end))
    return {name for name, only in describing.items() if only and name in described_once}


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)


def _unique(items) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def _parties(sentence: str, s_start: int, mentions: list[Mention], gazetteer,
             countries: list[tuple[int, int, str]] | None = None) -> tuple[list[str], dict[str, str]]:
    """The companies a sentence makes parties, with buyer/seller or investor/investee roles where it says so
    (and the countries, given by offsets in the article, that it makes parties)."""
    parties: list[str] = []
    left_out = -1  # where the last company left out ends: one listed right after it is left out too
    for mention in mentions:
        if mention.kind != "company":
            continue
        if _left_out(sentence, mention.start - s_start, mention.end - s_start, left_out):
            left_out = mention.end - s_start  # "rivals like Amazon (NASDAQ: AMZN) and Alphabet's Google"
            continue
        name = _party_name(mention.name, gazetteer)
        if name not in parties:
            parties.append(name)
    if len(parties) >= 3:
        # "Amazon's deal with Anthropic is the largest yet, Morgan Stanley wrote": a company named only to say who
        # says so, after the sentence has told a deal of two others, is a source
        last = next((m for m in reversed(mentions) if m.kind == "company"), None)
        if last is not None and re.search(r",\s*(?:the\s+)?$", sentence[:last.start - s_start]) \
                and SOURCE_AT_END.match(sentence, last.end - s_start) \
                and sum(1 for m in mentions if m.kind == "company" and m.name == last.name) == 1:
            parties = [p for p in parties if p != _party_name(last.name, gazetteer)]
    if len(parties) >= 3:
        # "a deal with IREN for Nvidia GB300 capacity", "a supercomputer with 23,000 Nvidia GPUs built with
        # Nscale": the vendor names the chips, it is not a third party
        for index, mention in enumerate(mentions):
            following = mentions[index + 1] if index + 1 < len(mentions) else None
            own_chip = (following is not None and following.kind == "chip" and 0 <= following.start - mention.end <= 3
                        and (chip := gazetteer.chip(following.name)) is not None and chip.vendor == mention.name
                        and not _owns_the_deal(sentence, mention.end - s_start, following.start - s_start,
                                               following.end - s_start))
            if (mention.kind == "company" and not CLOUD_UNIT.search(mention.text)
                    and (own_chip or CHIP_NOUN_AFTER.match(sentence, mention.end - s_start)
                         and not SERVER_NOUN_AFTER.match(sentence, mention.end - s_start))
                    and sum(1 for m in mentions if m.kind == "company" and m.name == mention.name) == 1
                    and _party_name(mention.name, gazetteer) in parties):
                parties.remove(_party_name(mention.name, gazetteer))
    for name in _governments(sentence, s_start, countries or []):
        if name not in parties:
            parties.append(name)
    companies = [m for m in mentions if m.kind == "company" and _party_name(m.name, gazetteer) in parties]
    roles: dict[str, str] = {}
    # cheap tests of the words the role patterns need, once per sentence
    raising = "aise" in sentence or "ecure" in sentence or "lose" in sentence or "ound" in sentence \
        or "ined up" in sentence or "btain" in sentence or "eceiv" in sentence or "anded" in sentence or "rrang" in sentence
    supplying = "uppl" in sentence or "rovid" in sentence or "quip" in sentence
    lending = ("oan" in sentence or "ebt" in sentence or "redit" in sentence or "inanc" in sentence or "notes" in sentence
               or "bond" in sentence or "orrow" in sentence or "lent" in sentence or "lend" in sentence) \
        and LENDING.search(ASSUMED_DEBT.sub("", sentence) if "debt" in sentence else sentence) is not None
    previous: Mention | None = None
    for mention in companies:
        before = sentence[max(0, mention.start - s_start - 25): mention.start - s_start].lower()
        name = _party_name(mention.name, gazetteer)
        if (previous is not None and name not in roles and (shared := roles.get(_party_name(previous.name, gazetteer)))
                and _listed_next(sentence, previous.end - s_start, mention.start - s_start, mention.end - s_start, JOINED)):
            roles[name] = shared  # "from Blackstone and Magnetar": both lend
        elif re.search(r"\bin\s+$", before) and re.search(r"invest|stake|fund|round", sentence, re.I):
            roles[_party_name(mention.name, gazetteer)] = "investee"
        elif before.endswith("into ") and re.search(r"\b(?:pour|inject|pump|putting|puts?\b|funnel)", sentence, re.I):
            roles[name] = "investee"  # "Nvidia will pour up to $100 billion into OpenAI"
        elif lending and LENDS.match(sentence, mention.end - s_start) and any(
                LENT_FOR.search(sentence, max(0, other.start - s_start - 40), other.start - s_start)
                and not POSSESSIVE_AFTER.match(sentence, other.end - s_start)
                for other in companies if other.start > mention.end) \
                and not LOAN_FROM.search(sentence, mention.end - s_start):
            roles[name] = "lender"  # "Ironvale has arranged $6 billion of debt financing for xAI"
        elif lending and LENT_FOR.search(sentence, max(0, mention.start - s_start - 40), mention.start - s_start) \
                and LENDS.search(sentence, 0, mention.start - s_start) \
                and not POSSESSIVE_AFTER.match(sentence, mention.end - s_start) and not LOAN_FROM.search(sentence):
            roles[name] = "borrower"
        elif raising and (RAISES.match(sentence, mention.end - s_start) or ROUND_OF.match(sentence, mention.end - s_start)):
            roles[_party_name(mention.name, gazetteer)] = "investee"  # "Mistral raised ... led by ASML"
        elif lending and LENT_BY.search(sentence, max(0, mention.start - s_start - 40), mention.start - s_start):
            roles[name] = "lender"  # "raised $12.5 billion in debt from Apollo": a loan's, before a round's
        elif lending and LENDS.match(sentence, mention.end - s_start):
            roles[name] = "lender"  # "Blue Owl will provide a $15 billion loan to OpenAI"
        elif lending and (LENT_TO.search(sentence, max(0, mention.start - s_start - 80), mention.start - s_start)
                          or LENT_OBJECT.search(before)):
            roles[name] = "borrower"  # "a $2 billion loan to Lambda", "banks are lending Lambda $2 billion"
        elif ("by " in (lead := sentence[max(0, mention.start - s_start - 80): mention.start - s_start])
              or "from " in lead) and ROUND_LEADS.search(lead) and RAISING.search(sentence):
            roles[_party_name(mention.name, gazetteer)] = "investor"
        elif before.endswith("from ") and WON_FROM.search(sentence, max(0, mention.start - s_start - 90),
                                                          mention.start - s_start):
            roles[name] = "buyer"  # "won a $2 billion order from xAI": who orders buys
        elif (told_as := AS_ROLE_AFTER.match(sentence, mention.end - s_start)) is not None:
            # "with Blue Owl and Ares as lenders", "landed Oracle as its anchor tenant": the role the text gives it
            roles[name] = AS_ROLES[told_as.group("as")[:4].lower()]
        elif before.endswith("from ") and ORDER_FROM.search(sentence, max(0, mention.start - s_start - 60),
                                                            mention.start - s_start) \
                and not BUYING_VERB.search(sentence):
            roles[name] = "buyer"  # "Supermicro announced a $2 billion order from xAI": an order comes from its buyer
        elif (before.endswith("from ") or FROM_SELLER_BEFORE.search(sentence, max(0, mention.start - s_start - 50),
                                                                     mention.start - s_start)) \
                and re.search(r"\b(buy|bought|purchas|order|lease|rent)", sentence, re.I):
            roles[_party_name(mention.name, gazetteer)] = "seller"
        elif before.endswith("with ") and ORDER_PLACED_WITH.search(sentence, max(0, mention.start - s_start - 90),
                                                                   mention.start - s_start):
            roles[name] = "seller"  # "Jamnagar AI Infra placed an order worth ₹8,500 crore with Dell": Dell sells
        elif before.endswith("by ") and SUPPLIED_BY.search(sentence, max(0, mention.start - s_start - 80),
                                                           mention.start - s_start):
            roles[name] = "seller"  # "100,000 chips will be made available to Anthropic by AWS": AWS supplies
        elif before.endswith("by ") and RENTED_BY.search(sentence, max(0, mention.start - s_start - 60),
                                                         mention.start - s_start):
            roles[name] = "buyer"  # "200 MW at Switchcore's campus has been leased by AWS": AWS rents it
        elif before.endswith("by ") and CHOSEN_BY.search(before) and CHOSEN_TO.match(sentence, mention.end - s_start):
            roles[name] = "buyer"  # "Caldera has been selected by Orbitex to supply 2,400 servers": Orbitex buys
        elif supplying and SUPPLY_OBJECT.search(before) and (supplier := _supplier(sentence, s_start, companies, mention)) \
                and not any(role in ("investor", "investee") for role in roles.values()):
            # "Nscale signed a contract to supply Microsoft with 104,000 GPUs": the subject supplies
            roles.setdefault(_party_name(supplier.name, gazetteer), "seller")
            roles.setdefault(_party_name(mention.name, gazetteer), "buyer")
        elif PAID_BEFORE.search(before):
            roles[_party_name(mention.name, gazetteer)] = "seller"  # "Microsoft agreed to pay Nebius up to $19.4 billion"
        elif lending and SELLS_DEBT.match(sentence, mention.end - s_start):
            roles[name] = "borrower"  # "Alphabet sold €6.5 billion of bonds": it borrows
        elif SUPPLIES.match(sentence, mention.end - s_start):
            if WITH_BEFORE.search(before) and companies and companies[0].name != mention.name \
                    and not (previous is not None and JOINED.fullmatch(sentence, previous.end - s_start, mention.start - s_start)):
                # (not a list of subjects: "Nvidia and AMD will supply OpenAI" are both sellers)
                # "Nscale signed a contract with Microsoft to supply GPUs": the subject supplies
                roles[_party_name(companies[0].name, gazetteer)] = "seller"
                roles[_party_name(mention.name, gazetteer)] = "buyer"
            else:
                roles[_party_name(mention.name, gazetteer)] = "seller"  # "AMD will supply OpenAI with 6 gigawatts of GPUs"
        previous = mention
    for first, second in reversed(list(zip(companies, companies[1:], strict=False))):
        # "Blue Owl and Crusoe will provide a loan": the name before a listed one shares its part
        shared = roles.get(_party_name(second.name, gazetteer))
        if shared in ("lender", "seller", "investor") and _party_name(first.name, gazetteer) not in roles \
                and _listed_next(sentence, first.end - s_start, second.start - s_start, second.end - s_start, JOINED,
                                 subject=True):
            roles[_party_name(first.name, gazetteer)] = shared
    if not roles and len(companies) >= 2 and ("cqui" in sentence or "buy" in sentence or "bought" in sentence
                                             or "urchase of" in sentence or "akeover" in sentence
                                             or "ke over" in sentence or "ok over" in sentence):
        # "CoreWeave will acquire Core Scientific for $9 billion", "Oracle's purchase of Tallis Data": the company
        # bought (named as the object: not "buy Nvidia chips")
        # (the first company when a buying verb comes before it, else the second)
        target = next((m for m in companies[:2] if BOUGHT_BEFORE.search(sentence, max(0, m.start - s_start - 50),
                                                                        m.start - s_start)), None)
        if target is not None and BOUGHT_AFTER.match(sentence, target.end - s_start):
            roles[_party_name(target.name, gazetteer)] = "target"
        elif (bought := next((m for m in companies if BOUGHT_BY.match(sentence, m.end - s_start)), None)) is not None:
            roles[_party_name(bought.name, gazetteer)] = "target"  # "Quillon AI is being acquired by AMD"
    if roles:
        if "lender" in roles.values() or lending and not EQUITY_WORDS.search(sentence):
            # "xAI raised $12.5 billion in debt from Apollo", "Crusoe has lined up $7 billion of debt": it borrows
            roles.update((name, "borrower") for name, role in list(roles.items()) if role == "investee")
        known = set(roles.values())
        unknown = [name for name in parties if name not in roles]
        if "investee" in known:
            other: str | None = "investor"
        elif "lender" in known:
            # (one borrower: "a loan from Blue Owl to Lambda to build a campus leased to Oracle")
            other = "borrower" if len(unknown) == 1 and "borrower" not in known else None
        elif "borrower" in known:
            other = "lender" if len(unknown) == 1 else None  # "Blue Owl lent $18 billion to Vantage"
        elif "investor" in known:
            # the backers are named: the company raising is the one other party, if there is only one
            other = "investee" if len(unknown) == 1 else None
        elif "target" in known:
            other = "acquirer" if len(unknown) == 1 else None
        else:
            other = "seller" if known == {"buyer"} else "buyer"
        if other is not None:
            roles.update((name, other) for name in unknown)
    return parties, roles


def _supplier(sentence: str, s_start: int, companies: list[Mention], supplied: Mention) -> Mention | None:
    """The company that supplies the one named right after a supply verb: the closest before it that is not
    named after a preposition ("Like its deal with Meta, Google will provide Anthropic with ...": Google)."""
    for mention in reversed([m for m in companies if m.start < supplied.start and m.name != supplied.name]):
        if not re.search(r"\b(?:with|to|for|like|from|of|than|by)\s+$",
                         sentence[max(0, mention.start - s_start - 12): mention.start - s_start], re.I):
            return mention
    return None


def _party_name(name: str, gazetteer) -> str:
    """The name a company deals under: its group's for a subsidiary with a key of its own (SK Telecom: SK Group)."""
    company = gazetteer.company(name)
    return company.parent if company is not None and company.parent else name


def _outside_names(countries: list[tuple[int, int, str]], mentions: list[Mention]) -> list[tuple[int, int, str]]:
    """The countries not named inside a company's name ("Bell Canada", "Saudi Aramco", "SoftBank Japan")."""
    starts, ends = [], []
    for m in sorted((m for m in mentions if m.kind == "company"), key=lambda m: m.start):
        starts.append(m.start)
        ends.append(m.end)
    kept = []
    for span in countries:
        i = bisect_right(starts, span[0]) - 1  # the last name starting at or before the country
        if i < 0 or span[0] >= ends[i]:
            kept.append(span)
    return kept


def _countries_in(countries: list[tuple[int, int, str]], start: int, end: int) -> list[tuple[int, int, str]]:
    """The countries named between two offsets of the text."""
    first = bisect_right(countries, (start, -1, ""))
    out = []
    for span in countries[first:]:
        if span[0] >= end:
            break
        out.append(span)
    return out


KIND_NOUN_AFTER = re.compile(r"\s+(?:(?:AI|chip|cloud|tech|data[\s-]cent(?:er|re)|energy|power)\s+)?(?:start-?ups?|compan(?:y|ies)"
                             r"|firms?|chipmakers?|developers?|operators?|labs?|neoclouds?|conglomerates?|miners?)\b", re.I)


def _governments(sentence: str, s_start: int, countries: list[tuple[int, int, str]]) -> list[str]:
    """Countries the sentence makes parties: what is supplied to them, what they sign, their governments."""
    if not countries:
        return []
    cue = GOVERNMENT_CUE.search(sentence) is not None
    found: list[str] = []
    for start, end, name in countries:
        start, end = start - s_start, end - s_start
        if name in found or sentence[end:end + 1] in ("-", "‑") or KIND_NOUN_AFTER.match(sentence, end):
            continue  # "U.K.-based Fluidstack", "the Saudi start-up": where a company is, not a party
        subject = not AFTER_PREPOSITION.search(sentence, max(0, start - 40), start)
        if subject and CO_SUBJECT.match(sentence, end):
            found.append(name)
            continue
        if not cue:
            continue
        signs = subject and GOVERNMENT_ACTS.match(sentence, end)
        if GOVERNMENT_AFTER.match(sentence, end) or signs or _agency_deals(sentence, start, end) or (
                GOVERNMENT_BEFORE.search(sentence, max(0, start - 120), start)
                and not POSSESSIVE_NAME.match(sentence, end)):  # "to Saudi Arabia's Humain": Humain's deal
            found.append(name)
    return found


# ("¥48 billion from METI", "a contract with MeitY", "The IndiaAI Mission has empanelled ...": an agency that deals;
# not "under the IndiaAI Mission", "for the government's IndiaAI Mission", the programme a deal falls in)
AGENCY_DEALS_BEFORE = re.compile(r"\b(?:from|with|by)\s+(?:the\s+)?$", re.I)


def _agency_deals(sentence: str, start: int, end: int) -> bool:
    """Whether a government agency named in the sentence is a side of its deal: the subject, or whom money comes from."""
    if sentence[start:end] not in load_places().agencies:
        return False
    before = sentence[max(0, start - 40):start]
    return not AFTER_PREPOSITION.search(before) and not PROGRAMME_BEFORE.search(before) \
        or bool(AGENCY_DEALS_BEFORE.search(before))


PROGRAMME_BEFORE = re.compile(r"(?:['’]s|\b(?:under|through|via|within|part\s+of)\s+(?:the\s+)?)\s*$", re.I)
# "$29.1 billion (A$24 billion)", "€5bn (about $5.4bn)": the same amount in another currency, right after it
CONVERSION_BETWEEN = re.compile(r"\s*[(\[]\s*(?:(?:about|approximately|roughly|around|nearly|some|or|US)\s+)?$", re.I)
# "valued at $14 billion and could reach $18 billion": the conditional cap of the amount just told
CAP_OF_PREVIOUS = re.compile(r"(?:,\s*)?\s+(?:and|but)\s+$", re.I)
CONDITIONAL = re.compile(r"(?:could|may|might|potential|option)\b", re.I)
# "a $3 billion round at $60 billion", "raised $2bn at about $30bn": the second amount is what the company is valued at
ROUND_AT = re.compile(r"\s+(?:(?:funding\s+)?round\s+|in\s+(?:new\s+)?(?:funding|equity)\s+)?at\s+" + _HEDGE + "$", re.I)


def _named(unit: _Unit) -> frozenset[str]:
    """The companies a clause names, known to the gazetteer or not."""
    return frozenset(m.name for m in unit.mentions if m.kind == "company")


def _roles(figures: list[Figure], text: str, s_start: int, s_end: int, gazetteer,
           in_clause: frozenset[str] = frozenset()) -> list[str]:
    """The role of each figure of a clause (`in_clause`: the companies it names); an amount converted in brackets, or a
    conditional cap joined to an amount ("and could reach $18 billion"), has the role of that amount."""
    roles = [_role(fig, text, s_start, s_end, gazetteer, in_clause) for fig in figures]
    for i in range(1, len(figures)):
        previous, fig = figures[i - 1], figures[i]
        if fig.kind == previous.kind == "money" and fig.currency != previous.currency \
                and CONVERSION_BETWEEN.fullmatch(text, previous.end, fig.start):
            roles[i] = roles[i - 1]
        elif fig.kind == previous.kind == "money" and CONDITIONAL.match(fig.text) \
                and CAP_OF_PREVIOUS.fullmatch(text, previous.end, fig.start):
            roles[i] = roles[i - 1]
        elif fig.kind == previous.kind == "money" and roles[i - 1] in ("investment", "deal_value") \
                and fig.currency == previous.currency and (fig.value or 0) > (previous.value or 0) \
                and ROUND_AT.fullmatch(text, previous.end, fig.start) \
                and RAISING.search(text, s_start, s_end):
            roles[i - 1], roles[i] = "investment", "valuation"
    return roles


def _company_worth(text: str, s_start: int, at: int) -> bool:
    """Whether the amount at `at` is what a company is worth: the company is the clause's subject ("xAI is now worth",
    "Cerebras, which raised ..., is now worth"), not "a contract with Meta is worth"."""
    worth = COMPANY_IS_WORTH.search(text, max(s_start, at - 80), at)
    if worth and (worth.start() == s_start or CLAUSE_OPENING.search(text, max(s_start, worth.start() - 8), worth.start())):
        return True
    return bool(ASIDE_IS_WORTH.search(text, max(s_start, at - 40), at) and COMPANY_THEN_ASIDE.match(text, s_start, at))


# (not what a company has, told in an aside: "CoreWeave, which has more than 250,000 GPUs, ...")
ASIDE_BEFORE = re.compile(r"(?:\bwhich|\bwho|,\s+with)\b[^,;]{0,40}$", re.I)
_SITE_NOUN_NEXT = re.compile(r"\s*-?\s*(?:[\w-]+\s+){0,2}?(?:campus|site|park|facility|complex|hall)\b", re.I)


def _tranche_of(fig: Figure, text: str, s_start: int) -> bool:
    """Whether a figure after "starting with" is the first tranche of a larger figure of its kind told before it in
    the clause ("6 gigawatts ..., starting with 1 gigawatt"), not of a site's size or of what a company already has."""
    pattern = POWER_FIGURE if fig.kind == "power" else QUANTITY_FIGURE
    found = list(pattern.finditer(text, s_start, fig.start))
    whole = found[-1] if found else None
    if whole is None or ";" in text[whole.end():fig.start] or _SITE_NOUN_NEXT.match(text, whole.end()) \
            or ALREADY_HAS_BEFORE.search(text, max(s_start, whole.start() - 30), whole.start()) \
            or ASIDE_BEFORE.search(text, max(s_start, whole.start() - 40), whole.start()):
        return False
    parsed = [f for f in extract_figures(whole.group()) if f.kind == fig.kind and f.value]
    if not parsed:
        return False
    (_, scale), (_, mine) = comparable_unit(fig.kind, parsed[0].unit), comparable_unit(fig.kind, fig.unit)
    return (parsed[0].value or 0) * scale > (fig.value or 0) * mine


def _phase_only(text: str, s_start: int, part: re.Match[str]) -> bool:
    """Whether a part of a site (`PART_TAKEN`) is only its first phase coming online ("with the first 200MW due online
    in 2027"), not a part someone takes ("Microsoft will lease the first 200MW due online in 2027")."""
    return bool(re.match(r"(?:first|initial)", part.group(0), re.I)) and bool(PHASE_ONLINE.match(text, part.end())) \
        and not TAKEN_BEFORE.search(text, max(s_start, part.start() - 60), part.start())


def _forecast_cue(before: str) -> bool:
    """A cheap test before MARKET_FORECAST_BEFORE and FORECAST_YEAR_BEFORE: the nouns they need."""
    return "apacity" in before or "emand" in before or "arket" in before or "onsumption" in before \
        or "pending" in before or "nvestment" in before or "load" in before or "sage" in before


def _demand_cue(before: str) -> bool:
    """A cheap test before ORDER_BOOK_BEFORE and FORECAST_BEFORE: the words they need."""
    return "rder" in before or "emand" in before or "ids " in before or "ookings" in before or "ubscri" in before \
        or "xpect" in before or "orecast" in before or "roject" in before or "sees " in before \
        or "nticipat" in before or "redict" in before or "uided" in before


def _own_capacity(fig: Figure, text: str, s_start: int, s_end: int, before: str, in_clause: frozenset[str]) -> bool:
    """Whether a power or count figure is a company's own capacity (`CAPACITY_TOTAL_BEFORE`, `CAPACITY_HELD_BEFORE`):
    what a deal takes it to, or what it has, builds or runs when the sentence names no customer for it."""
    total = CAPACITY_TOTAL_BEFORE.search(text, max(s_start, fig.start - 90), fig.start)
    if total is None and not (CAPACITY_HELD_AFTER.match(text, fig.end, s_end) and CAPACITY_HELD_BEFORE.search(before)):
        return False
    end = s_end
    if total is not None and total.group(0).lstrip().startswith(","):
        # (an aside ends where the main clause goes on: "Solvik, which is building 600 MW at Porsgrunn, will host ...")
        main = ASIDE_END.search(text, fig.end, s_end)
        end = main.start() if main else s_end
    if CUSTOMER_NAMED_AFTER.match(text, fig.end, end):
        return False
    # (a running total the sentence's own deal takes it to, its fleet, what an aside says it builds; what it has or
    # builds, with no other company in the clause: not "For Meta, Blue Owl has 2 GW under construction")
    return total is not None or len(in_clause) <= 1


def _aggregate_told(fig: Figure, text: str, s_start: int, s_end: int, in_clause: frozenset[str]) -> bool:
    """Whether an amount is a total of the trade ("GPU cloud providers have raised more than $40 billion") or a
    government's or programme's total over years ("has earmarked ¥10 trillion through 2030"), in a sentence naming no company."""
    programme = (fig.start - s_start <= 160 and PROGRAMME_TOTAL_BEFORE.search(text[s_start: fig.start])
                 or PROGRAMME_WHICH_BEFORE.search(text, max(s_start, fig.start - 110), fig.start))
    if not (CLASS_SUBJECT.match(text, s_start, fig.start)
            or programme and PROGRAMME_TOTAL_AFTER.match(text, fig.end, s_end)):
        return False
    return not in_clause


DEAL_DONE = re.compile(r"\b(?:sign|finali[sz]|struck|strike|agree|ink|seal|clinch|land|won\b|win\b)\w*", re.I)
OWN_AMOUNT_BEFORE = re.compile(r"\d[\d.,]*\s*(?:[mb]n|billion|million|trillion)?\s+(?:in|of)\s+(?:[\w-]+\s+){0,2}$", re.I)


def _role(fig: Figure, text: str, s_start: int, s_end: int, gazetteer, in_clause: frozenset[str] = frozenset()) -> str:
    """What a figure is: deal value, investment, valuation, a per-unit spec..."""
    if "ly " in text[max(s_start, fig.start - 40): fig.start] and RULE_OF_THUMB.search(text, max(s_start, fig.start - 90),
                                                                                    fig.start):
        return "other"
    if fig.kind in ("money", "quantity", "power") and _forecast_cue(near := text[max(s_start, fig.start - 70): fig.start]) \
            and MARKET_FORECAST_BEFORE.search(near) and YEAR_TARGET_AFTER.match(text, fig.end, s_end):
        return "other"  # "Norway's data centre capacity is expected to reach 1.2 GW by 2030": a market's forecast
    if fig.kind in ("money", "quantity", "power") and " from " in text[max(s_start, fig.start - 12): fig.start] \
            and FROM_EARLIER_BEFORE.search(text, max(s_start, fig.start - 60), fig.start):
        return "other"  # "lifting its valuation to $4.5 billion from $1.6 billion", "to 300 MW from 100 MW": where it was
    if "separate" in text[fig.end: fig.end + 80] and SEPARATE_DEAL_AFTER.match(text, fig.end, s_end) \
            and JOINED_FIGURE_BEFORE.search(text, s_start, fig.start):
        return "other"  # "... as well as on up to one million Google TPUs under a separate deal": another deal's figure
    if fig.kind in ("money", "quantity", "power") and FROM_NOW_AFTER.match(text, fig.end) \
            and FROM_NOW_BEFORE.search(text, max(s_start, fig.start - 30), fig.start):
        return "other"  # "... from around 1.5 GW now": where a change starts
    if fig.kind in ("money", "quantity", "power") and "ha" in (near := text[max(s_start, fig.start - 50): fig.start]) \
            and SO_FAR_BEFORE.search(near) and SO_FAR_AFTER.match(text, fig.end, s_end):
        return "other"  # "Johor has approved more than 5.8 GW since 2021", "has raised $700 million since its founding"
    if fig.kind in ("quantity", "power"):
        after = text[fig.end: min(s_end, fig.end + 40)]
        before = text[max(s_start, fig.start - 30): fig.start]
        if fig.kind == "power" and UNIT_RATING.search(before):
            return "spec"  # "reactors with units rated from 50 MW to 75 MW"
        window = max(s_start, fig.start - 100)
        each = EACH_UNIT_BEFORE.search(text, window, fig.start) if "ach" in text[window:fig.start] else None
        if each and not re.search(r"\d|\btotal", each.group("rest")) or EACH_UNIT_AFTER.match(after) \
                or "each" in before and EACH_WITH_BEFORE.search(before):
            return "spec"
        if SPEC_CONTEXT.match(after) or SPEC_BEFORE.search(before) and fig.kind == "quantity" and (fig.value or 0) < 10000:
            return "spec"
        if fig.kind == "quantity" and (fig.value or 0) < 1000 and CONTAINER_BEFORE.search(before):
            return "spec"
        if ("ach " in (near := text[window:fig.start].lower()) or "very " in near or "single " in near) \
                and EACH_CONTAINER_BEFORE.search(text, window, fig.start):
            return "spec"
        if fig.unit in SITE_UNITS:
            return "other"  # "three data centers": where a deal is built, not what it is
        if TO_MANY_AFTER.match(text, fig.end, s_end) and text.startswith("from", fig.end + 1):
            # "committed to lease roughly 1.2GW from neoclouds": a total bought from several companies (but "260,000
            # GPUs to Korean companies" is one umbrella deal)
            return "other"
        if NOT_THE_DEALS.search(text, max(s_start, fig.start - 60), fig.start) or TO_BACKLOG.match(text, fig.end):
            return "other"  # a programme's target, a whole site's size, a backlog
        if SITE_SIZE.search(text, max(s_start, fig.start - 60), fig.start) and PART_OF_SITE.match(text, fig.end, fig.end + 130):
            return "other"
        if fig.kind == "power" and (OF_THE_WHOLE.search(text, max(s_start, fig.start - 40), fig.start)
                                    or PIPELINE_AFTER.match(text, fig.end) or PIPELINE_BEFORE.search(before)):
            return "other"
        if fig.kind == "quantity" and " of " in before[-12:] and COUNT_OF_THE_WHOLE.search(before) \
                and STOCK_AFTER.match(text, fig.end):
            return "other"  # the whole the deal takes a part of
        if fig.kind == "quantity" and PART_OF_AFTER.match(text, fig.end) and not PART_OF_STOCK_AFTER.match(text, fig.end):
            return "other"  # a part of the deal's own count
        if fig.kind == "power" and (WHOLE_SITE_BEFORE.search(text, max(s_start, fig.start - 60), fig.start)
                                    or WHOLE_SITE_AFTER.match(text, fig.end)) \
                and any(not (m.start() < fig.end and fig.start < m.end()) and not _phase_only(text, s_start, m)
                        for m in PART_TAKEN.finditer(text, s_start, s_end)):
            return "other"
        if fig.kind == "power" and (FIRST_PHASE_BEFORE.search(text, max(s_start, fig.start - 40), fig.start)
                                    and PHASE_ONLINE.match(text, fig.end) or OPENS_FIRST_BEFORE.search(before)) \
                and not TAKEN_BEFORE.search(text, max(s_start, fig.start - 60), fig.start) \
                and not TENANT_AFTER.match(text, fig.end) \
                and POWER_FIGURE.search(text, max(0, fig.start - 600), fig.start):
            # "a 500MW campus, with the first 200MW due online in 2027": the build's first phase, after its whole size
            return "other"
        if _own_capacity(fig, text, s_start, s_end, before, in_clause):
            return "other"  # "takes its contracted capacity to 310MW", "now has 310 MW of IT load across four sites"
        if ("eady " in before or "ntly " in before) and ALREADY_HAS_BEFORE.search(before) \
                and not FOR_CUSTOMER_AFTER.match(text, fig.end):
            return "other"  # "which already runs 4,000 AMD accelerators": what the company has
        if "with" in before and STARTING_WITH_BEFORE.search(before) and _tranche_of(fig, text, s_start):
            return "other"  # "6 gigawatts ..., starting with 1 gigawatt in 2026": the first tranche of the whole
        if fig.kind == "power" and "from" in before \
                and SIZE_CHANGE_BEFORE.search(text, max(s_start, fig.start - 90), fig.start) \
                and SIZE_TO_AFTER.match(after):
            return "other"  # "expanding from 40 MW to 110 MW": the size it had
        if fig.kind == "power" and COUNT_BEFORE.search(before) and COUNTED_SITES_AFTER.match(text, fig.end):
            return "spec"  # "four 250-megawatt data centers": the size of each
        if fig.kind == "power" and WHOLE_SITE_BEFORE.search(text, max(s_start, fig.start - 75), fig.start) \
                and POWER_FIGURE.search(text, max(0, fig.start - 600) if SITE_SUBJECT.match(text, s_start)
                                        or SITE_NAMED.search(text, max(s_start, fig.start - 60), fig.start) else s_start,
                                        fig.start) \
                and not TENANT_AFTER.match(text, fig.end) and not DELIVERED_TO_AFTER.match(text, fig.end):
            # "200MW at its new campus, which is planned to reach 500MW", "... The Kulai site is ultimately planned for
            # 600MW": the part, then the whole (in a sentence of its own when the site is its subject)
            return "other"
        if fig.kind == "power" and "ithin" in before and WITHIN_BEFORE.search(before) \
                and _SITE_NOUN_NEXT.match(text, fig.end) and POWER_FIGURE.search(text, max(0, fig.start - 600), fig.start):
            return "other"  # "... a 1-gigawatt cluster. It will sit within a 5-gigawatt campus": the site it is part of
        return "deal_value"
    if fig.kind == "duration":
        if fig.unit == "until" and _forecast_cue(near := text[max(s_start, fig.start - 120): fig.start]) \
                and FORECAST_YEAR_BEFORE.search(near):
            return "other"  # "... is expected to reach 1.2 GW by 2030": the year of a market's forecast
        if ELAPSED_BEFORE.search(text, max(s_start, fig.start - 70), fig.start):
            return "other"  # "their biggest one-day gain in nearly a decade": time gone by, not a deal's term
        return "deal_value"
    if fig.kind == "price":
        return "other" if fig.unit.endswith("/share") else "spec"
    if fig.kind == "money" and not _sized_amount(fig):
        return "other"  # "$2,399", "$29.99 at Walmart": the price of a product, never the size of a deal of the field
    if fig.kind == "money" and ("back" in (near := text[max(s_start, fig.start - 40): min(s_end, fig.end + 40)])
                                or "urchase" in near or "own shares" in near or "own stock" in near) \
            and (BUYBACK_BEFORE.search(text, max(s_start, fig.start - 40), fig.start)
                 or BUYBACK_AFTER.match(text, fig.end, s_end)):
        return "other"  # "buy back $10 billion of its own shares": a company returning cash, no deal
    if fig.kind == "money" and _demand_cue(text[max(s_start, fig.start - 50): fig.start]) \
            and (ORDER_BOOK_BEFORE.search(text, max(s_start, fig.start - 50), fig.start)
                 or BOOK_OF_BEFORE.search(text, max(s_start, fig.start - 50), fig.start)
                 and DEBT_SALE.search(text, max(s_start, fig.start - 160), fig.start)
                 or FORECAST_BEFORE.search(text, max(s_start, fig.start - 40), fig.start)
                 and FORECAST_AFTER.match(text, fig.end, s_end)):
        return "other"  # "orders peaked at $125 billion", "expects $500 billion in orders": demand, no deal
    if fig.kind == "money" and ("art " in (whole := text[max(s_start, fig.start - 70): fig.start]) or "tep " in whole
                                or "hase " in whole or "tage " in whole or "ranche " in whole or "iece " in whole) \
            and WHOLE_BEFORE.search(whole) and PROGRAMME_AFTER.match(text, fig.end, s_end):
        return "other"  # "the first step in Brookfield's $100 billion programme": the whole a deal is part of
    if fig.kind == "money" and "spent" in text[max(s_start, fig.start - 40): fig.start] \
            and SPENT_TO_DATE_BEFORE.search(text, max(s_start, fig.start - 40), fig.start) \
            and SPENT_TO_DATE_AFTER.match(text, fig.end, s_end):
        return "other"  # "has spent $6 billion on data centers over the last three years": spending to date
    if fig.kind == "money" and (ECONOMIC_IMPACT.match(text, fig.end, s_end) or COMPANY_WORTH.match(text, fig.end, s_end)
                                or AS_OF_CLOSE.match(text, fig.end, s_end) or SPENT_SINCE.match(text, fig.end, s_end)):
        return "other"
    if fig.kind == "money" and "worth" in text[max(s_start, fig.start - 30): fig.start] \
            and _company_worth(text, s_start, fig.start):
        return "valuation"
    window_start = max(s_start, fig.start - 90)
    if "," in text[window_start:fig.start]:
        for aside in ASIDE.finditer(text, window_start, fig.start):
            window_start = aside.end()  # ", which raised $7.5 billion in debt," names what the company did before
    if _recall_cue(text, max(window_start, fig.start - 50), fig.start) and (
            lead := RECALL_BEFORE.search(text, max(window_start, fig.start - 50), fig.start)) \
            and _recalls_a_deal(lead, text, fig.end, min(s_end, fig.end + 80)):
        window_start = lead.start()  # "backlog of $55 billion, after a $14 billion deal": the earlier deal's own words
    before = text[window_start: fig.start]
    after = text[fig.end: min(s_end, fig.end + 50)]
    if (bracket := BRACKETED.match(after)) and AMOUNT_BETWEEN.search(bracket.group(0)):
        after = " " * bracket.end() + after[bracket.end():]  # "1.5 trillion yen ($10 billion) bridge loan": the noun's
    # (a share price in won or yen runs to six digits: "a record 412,000 won")
    if " from " in before[-30:] and UP_FROM_BEFORE.search(before[-30:]):
        return "other"  # "valued at $9 billion, up from about $3 billion": an earlier figure, compared
    if fig.kind == "money" and _aggregate_told(fig, text, s_start, s_end, in_clause):
        return "other"
    if (fig.value or fig.high or 0) < (100_000 if fig.currency in (None, "USD", "EUR", "GBP", "CHF") else 10_000_000) \
            and (SHARE_PRICE.search(before[-50:]) or SHARE_PRICE.match(after, 0, 30)
                                                   or SHARE_PRICE.search(after[:30])):
        return "other"  # "shares rose 4% to $168.20": a price, not a deal
    if fig.kind == "money" and ("includ" in text[fig.end:s_end] or "like" in text[fig.end:s_end]) \
            and AGGREGATE_AFTER.match(text, fig.end, s_end):
        return "other"  # "$26 billion of cloud agreements, including ...": a total of several deals, no deal's size
    if fig.kind == "money" and TO_MANY_AFTER.match(text, fig.end, s_end):
        return "other"  # "committed more than $60 billion to neoclouds": a total over several companies
    if fig.kind == "money" and (TOTAL_OF_DEALS_AFTER.match(text, fig.end, s_end) or RESULT_BEFORE.search(before[-40:])
                                or RATE_SPENT_BEFORE.search(before[-40:]) and PER_PERIOD_AFTER.match(text, fig.end, s_end)
                                or NAMED_PROGRAMME_AFTER.match(text, fig.end, s_end)):
        return "other"  # a sum of many deals, a loss, a monthly burn, a programme
    best: tuple[int, str] | None = None
    last: re.Match[str] | None = None
    for last in ROLE_WORDS.finditer(before):  # the closest role word before the figure...
        best = (len(before) - last.end(), last.lastgroup or "deal_value")
    if best and last is not None and best[1] == "revenue" and OWN_AMOUNT_BEFORE.search(before, 0, last.start()) \
            and (DEAL_WORDS.search(before, last.end()) or DEAL_DONE.search(before, last.end())):
        best = None  # "reported $455 billion in remaining performance obligations, has since finalized a $20 billion
        # deal": the revenue word is the amount's right before it
    if "value " in before and (verb := VALUE_VERB.search(before)) and (best is None or len(before) - verb.end() < best[0]):
        best = (len(before) - verb.end(), "valuation")  # "willing to value the business at $150 billion"
    if best and (best[1] == "revenue" or best[1] == "valuation" and MARKET_VALUE.search(before, 0, len(before) - best[0])) \
            and (NEXT_CLAUSE.search(before, len(before) - best[0]) or LATER_CLAUSE.search(before, len(before) - best[0])
                                          or DEAL_WORDS.search(before, len(before) - best[0])):
        # "backlog grew as Meta signed a $14 billion deal": the deal words between speak of the amount
        best = None  # "adds to a growing backlog and is worth $14 billion": the backlog is another clause's
    if best and best[1] == "valuation" and (OWN_CLAUSE.search(before, len(before) - best[0])
                                             or AMOUNT_BETWEEN.search(before, len(before) - best[0])):
        # "raised $2 billion at an $8 billion valuation, led by Nvidia, which committed $800 million", "values
        # OpenAI at $500 billion and brings in $6.6 billion": the valuation is another amount's; in a round, a
        # backer's amount is its investment
        best = (len(before), "investment") if RAISING.search(text, s_start, s_end) else None
    following = ROLE_WORDS.search(after, 0, 25 + 30)  # ...or just after it ("$2 billion investment")
    if following and following.lastgroup == "valuation" and (re.match(r"valu\w*\s.*\bat$", following.group(0), re.I)
                                                             or VALUATION_OF.match(after, following.end())):
        # "a $600 million cheque values Nscale at $9 billion", "which contributed $2 billion, at a valuation of $30
        # billion": the valuation's amount comes after it
        following = None
    if following and following.start() < 25 and (best is None or following.start() < best[0]) \
            and not NEXT_CLAUSE.search(after, 0, following.start()) \
            and not re.search(r"\b(?:after|following|since|before|when)\b", after[:following.start()], re.I) \
            and not AMOUNT_BETWEEN.search(after, 0, following.start()):  # "totals $14 billion and values X at"
        # ("a sale of $6.6 billion at a $500 billion valuation": the word after the next amount is that amount's)
        best = (following.start(), following.lastgroup or "deal_value")
    role = best[1] if best else "deal_value"
    if role == "financing" and following and best and best[0] == following.start() and WITH_DEBT.match(after):
        role = "deal_value"  # "for $4.75 billion plus assumed debt": the debt is part of the price
    if role in ("deal_value", "acquisition") and ("uy" in before or "ought" in before or "urchas" in before) \
            and (bought := BOUGHT_FOR.search(before)):
        named = bought.group("object")
        companies = gazetteer.find_companies(named)
        for mention in companies:  # (a company's name is no goods: "Aligned Data Centers", "Intersect Power")
            named = named[:mention.start] + "X" * (mention.end - mention.start) + named[mention.end:]
        if GOODS.search(named) or gazetteer.find_chips(named) or any(c.isdigit() for c in named):
            role = "deal_value"  # (an object told with a number, "1 GW from Constellation", is goods)
        elif companies or COMPANY_NOUN.search(named) or re.match(r"(?:(?-i:[a-z])[\w-]*\s+){0,3}(?-i:[A-Z])", named):
            role = "acquisition"
    if role == "valuation" and (offer := TAKEOVER_OFFER.search(text, max(s_start, fig.start - 140), fig.start)) \
            and not REJECTED_BEFORE.search(text, max(s_start, offer.start() - 40), offer.start()) \
            and not AMOUNT_BETWEEN.search(text, offer.end(), fig.start) and not RAISING.search(text, offer.end(), fig.start):
        role = "acquisition"  # "a cash offer of 412p a share that values the operator at £1.9bn": the price offered
    if role == "investment" and POURED.search(before[-60:]) and not INTO_COMPANY.match(after):
        role = "deal_value"  # "pour $80 billion into data centers": its own build, not money put into a company
    if role == "deal_value" and STAKE_AFTER.match(after):
        role = "investment"  # "will pay $1 billion for a 10% stake": an equity investment
    if CAPEX_AFTER.match(after):
        role = "capex"  # "plans to spend more than $200 billion in capital expenditures": what the money is, not a purchase
    if role == "capex" and (COMPANY_SPENDING.search(before[-70:]) or UP_FROM.match(after) or UP_FROM_BEFORE.search(before[-20:])):
        return "other"  # "full-year capital expenditures of $125 billion", "capex jumped to $955 million": a company's
    if role in ("investment", "deal_value") and DEBT_AFTER.match(after):
        role = "financing"  # "raised $18 billion in a bond sale", "priced $1.75 billion of senior notes"
    if role in ("revenue", "valuation", "financing") and DEAL_NOUN_AFTER.match(after) and best and best[0] > 3:
        role = "deal_value"  # "a backlog of $55.6 billion, boosted by a $14 billion deal with Meta"
    if role == "revenue" and _contract_revenue(text, before, text[fig.end: min(s_end, fig.end + 90)], s_start, s_end,
                                               len(before) - best[0] if best else 0, fig.start):
        role = "deal_value"  # "$3.7 billion in contracted revenue": what a contract brings in is its value
    if role == "valuation" and (MARKET_VALUE.search(before, max(0, len(before) - 60)) or MARKET_VALUE.match(after)):
        return "other"  # "added $90 billion to its market value": what the stock market says, no deal or round
    if role == "valuation" and (TAKEOVER_VALUE.search(before) or DEAL_VALUING.search(before) and BUYING.search(before)
                                or "premium" in before and PREMIUM_VALUE.search(before)
                                and TAKEOVER_CONTEXT.search(text, s_start, s_end) and not RAISING.search(text, s_start, s_end)):
        role = "acquisition"
    elif role == "valuation" and STAKE_VALUED.search(before) and not STAKE_IN_NAMED.search(before):
        role = "investment"  # "Microsoft's stake in OpenAI is valued at $135 billion": what the stake is worth
    elif role == "valuation" and (DEAL_VALUED.search(before) or ADDED_VALUED.search(before)
                                  or DEAL_SELF_VALUED.search(before) and not RAISING.search(before)
                                  or OVER_A_TERM.match(after)
                                  or _deal_valued_after(text[s_start:fig.start], gazetteer)):
        # "a deal valued at $27 billion" is the deal's size, not a company's valuation
        role = "acquisition" if re.search(r"\b(acquir\w*|acquisition|takeover|buyout)\b", before, re.I) else "deal_value"
    if role == "deal_value" and ("forecast" in (tail := before[-50:]) or "guid" in tail or "expect" in tail):
        if GUIDED_BEFORE.search(tail) and FOR_A_PERIOD.match(after):
            return "revenue"  # "forecast $65 billion for the current quarter": a company's guidance, no deal
    if role == "investment" and _invests_in_product(before + text[fig.start:fig.end] + after, gazetteer):
        role = "deal_value"  # "an investment of billions in Graviton" is spending on a product, not equity
    return role


def _deal_valued_after(before: str, gazetteer) -> bool:
    """Whether ", valued at" closes a clause that states a deal, not a round ("signed an agreement with AMD to build
    500 MW ..., valued at about $10 billion"), after no company ("Crusoe, valued at", "the startup, valued at")."""
    trailing = TRAILING_VALUED.search(before)
    if not trailing or not CLAUSE_DEAL.search(before, 0, trailing.start()) or RAISING.search(before):
        return False
    head = before[max(0, trailing.start() - 60): trailing.start()]
    if COMPANY_NOUN.search(head.rsplit(None, 1)[-1] if head.strip() else ""):
        return False
    return not any(m.end == len(head) for m in gazetteer.find_companies(head))


def _contract_revenue(text: str, before: str, after: str, s_start: int, s_end: int, word_end: int,
                      fig_start: int) -> bool:
    """Whether the revenue a figure states is what a contract or lease brings in ("contracted revenue", "revenue
    over the lease term", "agreements projected to generate $7 billion in revenue"), not a company's; `word_end`
    is where the revenue word before the figure ends."""
    if PERIOD_REVENUE.search(before[-40:]) or PERIOD_REVENUE.match(after):
        return False  # "$1.94 billion in annual revenue": a year's income, not the contract's value
    if CONTRACTED_REVENUE.search(before[-60:]) or CONTRACTED_REVENUE.match(after) or REVENUE_OVER_TERM.match(after):
        return True
    if word_end and re.search(r"\bcontracted\s+(?:[\w-]+\s+){0,2}revenues?$", before[max(0, word_end - 40): word_end], re.I):
        return True  # "$6.7 billion in contracted revenue with potential to reach $16 billion"
    if COULD_LIFT.search(before[-60:]):
        return CONTRACT_NOUN.search(text, s_start, s_end) is not None  # "options could lift total revenue to"
    lead = GENERATES.search(before, max(0, len(before) - 60))
    if lead is None:
        return False
    # the contract is what generates it: "the leases are projected to generate", not "CoreWeave, which generates"
    told = text[s_start: fig_start - len(before) + lead.start()]
    return bool(CONTRACT_NOUN.search(told)) and not re.search(r"\b(?:which|who)\s+$", told)


def _invests_in_product(window: str, gazetteer) -> bool:
    match = re.search(r"\binvest\w*\b.*?\bin\s+(\w[\w-]*)", window, re.I)
    if not match:
        return False
    target = match.group(1)
    return bool(gazetteer.find_chips(target)) and not gazetteer.find_companies(target)


def _report_for(reports: list[Report], parties: list[str], family: str, sentence: str,
                chips: list[str], roles: dict[str, str], background: bool | None = False,
                place: str | None = None) -> Report:
    """The article's report of the deal between these parties (in `place`, when a sentence lists deals by place),
    started if this is its first sentence."""
    key = frozenset(parties)
    for report in reports:
        if frozenset(report.parties) == key and report.family == family and report.place == place \
                and (background is not True or report.in_passing):  # (an earlier deal is not the one told)
            for chip in chips:
                if chip not in report.chips:
                    report.chips.append(chip)
            for name, role in roles.items():
                report.roles.setdefault(name, role)
            return report
    report = Report(parties=sorted(parties), chips=list(chips), sentence=sentence, roles=dict(roles), family=family,
                    in_passing=background is True or bool(reports) and background is None
                    and bool(BACKGROUND.search(_unreported(RELATIVE_ASIDE.sub(" ", sentence)))),
                    place=place)
    reports.append(report)
    return report


def _invests_in_the_other(sentence: str, unit: _Unit, name: str) -> bool:
    """Whether the clause's company invests "in the company" (or "in it"): the other side of the deal just told."""
    return any(m.name == name and INVESTS_AFTER.match(sentence, m.end - unit.start)
               and INVESTS_IN_ANAPHOR.search(sentence, m.end - unit.start) for m in unit.mentions)


def _counterparty(sentence: str, s_start: int, mentions: list[Mention], name: str) -> bool:
    """Whether the company is named as the other side of a payment or transfer ("transferred to Groq")."""
    for mention in mentions:
        if mention.name == name:
            before = sentence[max(0, mention.start - s_start - 30): mention.start - s_start]
            if re.search(r"\b(paid|pays|paying|transferred|sent|wired|owed|due|goes|went)\s+(\w+\s+){0,2}(to|from)\s+$", before, re.I):
                return True
    return False


def _deal_owner(reading: _Reading, unit: _Unit, name: str) -> str | None:
    """The company just told whose deal with `name` the clause opens on ("Its deal with Oklo ...", "The group's
    agreement with Oklo ..."): the one company of the sentence before, or of the report being read."""
    mention = next((m for m in unit.mentions
                    if m.kind == "company" and _party_name(m.name, reading.gazetteer) == name), None)
    if mention is None or not (ITS_DEAL_WITH.match(reading.text, unit.start, mention.start)
                               or ITS_NAMED_DEAL.match(reading.text, unit.start, mention.start)
                               and NAMED_DEAL_NOUN.match(reading.text, mention.end)):
        return None
    current = reading.current
    owner = unit.subject or (current.parties[0] if current is not None and len(current.parties) == 1 else None)
    return owner if owner and owner != name else None


def _share_of_deal(sentence: str, s_start: int, mentions: list[Mention], name: str) -> bool:
    """Whether the company is named as holding a part of the deal just told ("Nvidia's share of the round")."""
    return any(mention.name == name and SHARE_OF.match(sentence, mention.end - s_start) for mention in mentions)


def _deploys_chips(figures: list[Figure], chips: list[str]) -> bool:
    """Whether a sentence puts a fleet of named chips to use ("powered by 100,000 Nvidia H100 GPUs")."""
    return any(
        f.kind == "quantity" and f.unit in CHIP_COUNTS
        and (f.value or f.high or 0) >= (1000 if chips else 10000) for f in figures)


# "Kakao will invest", "Amazon plans to pour": the company puts the money in.
INVESTS_AFTER = re.compile(r"(?:\s+(?:Inc|Corp|Co|Ltd)\.?)?,?\s+(?:\w+\s+){0,3}?(?:invest(?:s|ed|ing)?|pour(?:s|ed|ing)?"
                           r"|pump(?:s|ed|ing)?|put(?:s|ting)?)\b(?!\s+(?:the\s+|its\s+)?(?:proceeds|money|funds|cash)\b)", re.I)


INVESTS_IN_ANAPHOR = re.compile(r"\b(?:in|into)\s+(?:it|them|the\s+(?:[\w-]+\s+){0,2}(?:company|startup|start-up"
                                r"|firm|group|lab|neocloud|business|operator|provider|developer|chipmaker))\b"
                                r"(?!\s+(?:it|that|which|who|they|he|she|we)\b)", re.I)


def _single_party_role(sentence: str, s_start: int, party: str, mentions: list[Mention], role: str) -> dict[str, str]:
    """Investor or investee for the one named party of an investment ("xAI raised", "Amazon will invest")."""
    if role not in ("investment", "financing"):
        return {}
    for mention in mentions:
        if mention.name == party and mention.kind == "company" and INVESTS_AFTER.match(sentence, mention.end - s_start):
            return {party: "investor"}  # "Kakao will invest 2 trillion won ..., in a bid to secure capacity"
    if re.search(r"\b(rais(e|es|ed|ing)|secur(e|es|ed|ing)|clos(e|es|ed|ing) (a|its)|funding round|series [a-h]\b|backed)", sentence, re.I):
        return {party: "investee"}
    if re.search(r"\binvest", sentence, re.I):
        return {party: "investor"}
    return {}


def _attach(report: Report, claim: Claim, chips: list[str]) -> None:
    report.claims.append(claim)
    for chip in chips:
        if chip not in report.chips:
            report.chips.append(chip)


def _refine_chips(names: list[str], gazetteer, article_chips: list[str] | None = None,
                  keep: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Replace a family name ("Graviton") by the specific chip of that family the article names ("Graviton5"),
    unless the text names both side by side (`keep`)."""
    pool = article_chips if article_chips is not None else names
    out: list[str] = []
    specific: dict[str, set[str]] | None = None
    for name in names:
        chip = gazetteer.chip(name)
        replacement = name
        if chip and chip.kind == "family" and name not in keep:
            if specific is None:
                specific = {}
                for other in set(pool):
                    if (o := gazetteer.chip(other)) and o.kind != "family" and o.family:
                        specific.setdefault(o.family, set()).add(other)
            members = specific.get(chip.family, set()) - {name}
            if len(members) == 1:
                replacement = next(iter(members))
        if replacement not in out:
            out.append(replacement)
    return out


def _bracketed_families(text: str, mentions: list[Mention], gazetteer) -> set[str]:
    """Families the text names together with a product in brackets ("Blackwell (GB200)"): it names both."""
    chips = [m for m in mentions if m.kind == "chip"]
    found = set()
    for first, second in zip(chips, chips[1:], strict=False):
        a, b = gazetteer.chip(first.name), gazetteer.chip(second.name)
        if a and b and a.kind == "family" and b.kind != "family" and a.family == b.family \
                and product_in_brackets(text, first, second):
            found.add(first.name)
    return found


def duration_years(fig: Figure, published: str | None) -> float | None:
    """A duration figure in years ("through 2030" counts from the article's year)."""
    if fig.kind != "duration" or fig.value is None:
        return None
    if fig.unit == "years":
        return fig.value
    if fig.unit == "months":
        return round(fig.value / 12, 2)
    if fig.unit == "until" and published:
        years = fig.value - int(published[:4])
        return years if years > 0 else None
    return None


# The words of the domain: a whole article that uses none of them (and names no chip, no AI lab or data-center
# company) is about other deals, however many companies and amounts it names (jet orders,
# mergers of newspapers, a retailer's listing).
AI_DOMAIN = re.compile(
    r"\b(?:AI|GenAI)\b|(?<!\w)A\.I\.(?!\w)|(?i:\b(?:artificial[- ]intelligence|machine learning|GPUs?|TPUs?|data[- ]?cent(?:er|re)s?"
    r"|accelerators?|supercomput\w*|gigawatts?|megawatts?|hyperscal\w*|neoclouds?|cloud (?:computing|capacity|services?"
    r"|infrastructure|contracts?|deals?)|comput(?:e|ing) (?:capacity|power|clusters?|infrastructure)|(?:AI |custom )?chips?"
    r"|chipmakers?|semiconductors?|(?:large )?language models?|LLMs?|colocation"
    # the same words in the other languages the crawl reads (as the backfill prefilter lists them)
    r"|künstliche intelligenz|intelligence artificielle|inteligencia artificial|intelig[eê]ncia artificial"
    r"|intelligenza artificiale|rechenzent\w*|centres? de donn[ée]es|centros? de dados|centros? de datos|data ?cent\w*"
    r"|halbleiter\w*|semi-?conducteurs?|semiconductores?)\b)|\b(?:KI|IA)\b"
    r"|データセンター|人工知能|半導体|데이터센터|인공지능|반도체|数据中心|人工智能|半导体")
# Companies whose deals are of the field whatever the words (not hyperscalers or chipmakers: Amazon also sells
# groceries, Samsung televisions).
DOMAIN_KINDS = {"ai_lab", "neocloud", "datacenter"}
# A whole article about the field uses its words; a passage cut from one (a paragraph or two) may not.
WHOLE_ARTICLE = 1200  # characters


def _sized_amount(fig: Figure) -> bool:
    """Whether an amount of money could size a deal of the field: $100,000 or more (or "multibillion"); a
    smaller one is the price of a product ("$2,399", "$29.99 at Walmart")."""
    amounts = [a for a in (fig.usd, fig.value, fig.high, fig.low) if a is not None]
    return not amounts or max(amounts) >= 1e5 or fig.qualifier == "multi"


def _sized(claim: Claim) -> bool:
    """Whether a deal figure has the size of the domain: money of a million or more, a count, a capacity."""
    fig = claim.figure
    return _sized_amount(fig) if fig.kind == "money" else fig.kind in ("quantity", "power")


def _on_domain(article: Article, extraction: Extraction) -> bool:
    """Whether the article speaks of AI infrastructure: its words, a chip or a company of the field (a figure in
    gigawatts alone does not: solar farms and grid plans state them too)."""
    if extraction.chips:
        return True
    if AI_DOMAIN.search(article.title or "") or AI_DOMAIN.search(article.text or ""):
        return True
    gazetteer = load_gazetteer()
    return any((c := gazetteer.company(name)) is not None and c.kind in DOMAIN_KINDS for name in extraction.companies)


def score_relevance(article: Article, extraction: Extraction) -> tuple[float, list[str]]:
    """How much an article is about AI-infrastructure deals (0..1), with the reasons."""
    reasons: list[str] = []
    score = 0.0
    companies = extraction.companies
    if companies:
        score += min(0.3, 0.1 * len(companies))
        reasons.append(f"companies: {', '.join(companies[:6])}")
    if extraction.chips:
        score += 0.15
        reasons.append(f"chips: {', '.join(extraction.chips[:6])}")
    deal_words = sum(1 for _ in islice(DEAL_WORDS.finditer(article.text or ""), 5))  # 5 already score the most
    if deal_words:
        score += min(0.2, 0.04 * deal_words)
        reasons.append(f"deal words: {deal_words}")
    deal_figures = [c for c in extraction.claims if c.role not in ("spec", "other", "statement") and _sized(c)]
    if deal_figures:
        score += min(0.2, 0.07 * len(deal_figures))
        reasons.append(f"figures: {len(deal_figures)}")
    if extraction.is_deal:
        score += 0.15
        reasons.append("states a deal between named parties")
    if article.title:
        gazetteer = load_gazetteer()
        in_title = _unique(m.name for m in gazetteer.find_companies(article.title) + gazetteer.find_chips(article.title))
        if in_title:
            score += 0.1
            reasons.append(f"title names: {', '.join(in_title[:4])}")
    if len(article.text or "") >= WHOLE_ARTICLE:  # a passage may leave its subject and its deal to the rest
        if not _on_domain(article, extraction):
            score = min(score, 0.2)
            reasons.append("no word of AI infrastructure")
        elif not extraction.is_deal:
            score = min(score, 0.25)  # a review, a price list, an earnings story: the field, but no deal in it
            reasons.append("states no deal")
    return round(min(score, 1.0), 3), reasons + article.notes


def bound_claims(extraction: Extraction, max_claims: int = 500, window: int = 400) -> int:
    """Keep at most `max_claims` claims (deal claims first) with sentences cut to `window` characters around
    their figure; returns how many claims were dropped.

    Storage and output stay linear in the text: a paragraph of figures without sentence breaks is one sentence,
    which every one of its claims would otherwise repeat whole. A cut sentence is still a substring of the
    article text that contains the figure, whose `start`/`end` keep indexing the article text.
    """
    text = extraction.article.text or ""
    claims = extraction.claims
    dropped = 0
    if len(claims) > max_claims:
        order = sorted(range(len(claims)), key=lambda i: (claims[i].report is None, claims[i].role == "spec", i))
        keep_ids = {id(claims[i]) for i in order[:max_claims]}
        dropped = len(claims) - max_claims
        extraction.claims = [c for c in claims if id(c) in keep_ids]
        for report in extraction.reports:
            report.claims = [c for c in report.claims if id(c) in keep_ids]
    starts: dict[int, tuple[str, int]] = {}  # id(sentence) -> (sentence, its offset): claims share the string

    def cut(sentence: str, fig_start: int, fig_end: int) -> str:
        """The window of the sentence around [fig_start, fig_end) (article offsets), at word boundaries."""
        if len(sentence) <= window:
            return sentence
        known = starts.get(id(sentence))
        s_start = known[1] if known is not None and known[0] is sentence else None
        if s_start is None:
            lo = max(0, fig_end - len(sentence))
            s_start = text.find(sentence, lo, fig_start + len(sentence))
            if s_start < 0 or not s_start <= fig_start < s_start + len(sentence):
                s_start = -1
            starts[id(sentence)] = (sentence, s_start)
        if s_start < 0:  # the sentence is not where the figure is (a statement claim): keep its start
            return sentence[:window]
        rel, rel_end = fig_start - s_start, min(fig_end, s_start + len(sentence)) - s_start
        room = max(0, window - (rel_end - rel))
        lo = max(0, rel - room // 2)
        hi = min(len(sentence), max(rel_end, lo + window))
        lo = max(0, min(lo, hi - window, rel))
        if lo > 0:
            space = sentence.find(" ", lo, min(rel, lo + 40))
            lo = space + 1 if space >= 0 else lo
        if hi < len(sentence):
            space = sentence.rfind(" ", max(rel_end, hi - 40), hi)
            hi = space if space >= 0 else hi
        return sentence[lo:hi]

    for claim in extraction.claims:
        claim.sentence = cut(claim.sentence, claim.figure.start, claim.figure.end)
    for report in extraction.reports:
        if len(report.sentence) > window:
            first = report.claims[0].figure if report.claims else None
            report.sentence = (cut(report.sentence, first.start, first.end) if first and first.kind != "statement"
                               else report.sentence[:window])
    return dropped
