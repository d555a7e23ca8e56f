"""Dates as the database stores them: UTC ISO 8601 strings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

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
