"""Dates as the database stores them: UTC ISO 8601 strings."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

ISO = "%Y-%m-%dT%H:%M:%SZ"


def utc_now() -> str:
    """The current time as UTC ISO 8601."""
    return datetime.now(UTC).strftime(ISO)


def days_ago(days: float) -> str:
    """The time `days` ago as UTC ISO 8601 (comparable with stored dates as a string)."""
    return (datetime.now(UTC) - timedelta(days=days)).strftime(ISO)


def struct_time_iso(stamp: tuple[int, ...]) -> str:
    """A UTC `time.struct_time` (as feedparser gives) as UTC ISO 8601."""
    year, month, day, hour, minute, second = stamp[:6]
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC).strftime(ISO)


def to_utc_iso(value: object) -> str | None:
    """A date in any common form (ISO 8601, RFC 822, date only) as UTC ISO 8601, or None."""
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            try:
                dt = parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError):
                return None
    else:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    try:
        return dt.astimezone(UTC).strftime(ISO)
    except (OverflowError, ValueError):
        return None


# a month as an address or a text writes it ("may", "sept", "october") -> its number
MONTH_NUMBERS = {name: number for number, names in enumerate((
    "jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july", "aug august",
    "sep sept september", "oct october", "nov november", "dec december"), start=1) for name in names.split()}
# "/2025/10/31/", "-2026-09-14/", "/2024-12/05/": a full date between separators; "/2025/10/", "/2025/may/": a month
_URL_DAY = re.compile(r"(?<![\d])(20\d\d|19\d\d)[/_-](\d{1,2})[/_-](\d{1,2})(?![\d])")
_URL_MONTH = re.compile(r"/(20\d\d|19\d\d)/(\d{1,2}|[a-z]{3,9})(?=/|$)", re.I)


def url_date(url: str, now: datetime | None = None) -> str | None:
    """The publication date an article's address states ("/2025/10/31/"; "/2025/10/" gives the 1st), or None."""
    path = urlsplit(url).path
    found = None
    if match := _URL_DAY.search(path):
        found = (int(match.group(1)), int(match.group(2)), int(match.group(3)))
    elif match := _URL_MONTH.search(path):
        month = match.group(2).lower()
        number = int(month) if month.isdigit() else MONTH_NUMBERS.get(month)
        if number is not None:
            found = (int(match.group(1)), number, 1)
    if found is None:
        return None
    try:
        dt = datetime(*found, tzinfo=UTC)
    except ValueError:
        return None  # "/2025/13/40/" is an id, not a date
    if dt > (now or datetime.now(UTC)) + timedelta(days=1):
        return None
    return dt.strftime(ISO)



MONTH_NAME = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?"
              r"|Nov(?:ember)?|Dec(?:ember)?)")  # a month's name, whole or cut short
_MONTH = "(" + MONTH_NAME + ")"
_MONTH_NAMED = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b")
# "Cerebras raised $1.1 billion ... in September", "Anthropic said in November it would ...", "In March, Oracle
# signed ...": a deal done, or told, in a month the text names
_DONE_IN_MONTH = re.compile(r"\b(?:said|announced|agreed|signed|raised|closed|unveiled|struck|secured|committed|pledged"
                            r"|invested|bought|acquired|completed|won|landed|inked|led|disclosed|revealed|took)\b"
                            r"[^;]{0,80}?\b(?:in|on|during|last|back\s+in)\s+" + _MONTH + r"\.?(?:\s+\d{1,2})?(?:,?\s+(20\d\d))?\b"
                            r"|^\W*(?:In|Back\s+in|Last)\s+" + _MONTH + r"(?:\s+(20\d\d))?,")


def stated_before(text: str, published: str | None) -> bool:
    """Whether a sentence tells a deal done in a month before the one its article was published in ("raised $1.1
    billion in September" in a November story); a month without a year is the latest one not after publication."""
    if not published or len(published) < 7 or not _MONTH_NAMED.search(text):
        return False  # (most sentences name no month: one cheap scan before the verbs)
    match = _DONE_IN_MONTH.search(text)
    if match is None:
        return False
    month_name, year = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    month = MONTH_NUMBERS.get(month_name.lower()) or MONTH_NUMBERS.get(month_name.lower()[:3])
    if month is None:
        return False
    pub_year, pub_month = int(published[:4]), int(published[5:7])
    stated_year = int(year) if year else (pub_year if month <= pub_month else pub_year - 1)
    return (stated_year, month) < (pub_year, pub_month)
