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


# a month as an address writes it ("may", "sept", "october") -> its number
_URL_MONTH_NAMES = {name: number for number, names in enumerate((
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
        number = int(month) if month.isdigit() else _URL_MONTH_NAMES.get(month)
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

