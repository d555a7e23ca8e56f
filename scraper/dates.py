"""Dates as the database stores them: UTC ISO 8601 strings."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

ISO = "%Y-%m-%dT%H:%M:%SZ"


def utc_now() -> str:
    """The current time as UTC ISO 8601."""
    return datetime.now(UTC).strftime(ISO)


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
