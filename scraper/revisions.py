"""Revisions: what changed between two versions of an article's claims.

Outlets correct figures after publication; when a re-checked page has new text, its claims are
extracted again and every figure that changed becomes a `claim_changes` row.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from typing import Any


def _key(row: dict[str, Any]) -> tuple[str, str, str]:
    """Claims that speak of the same thing: same field, same role, same deal parties."""
    field = "value" if row["kind"] == "money" else row["kind"]
    parties = json.loads(row["parties"]) if isinstance(row.get("parties"), str) else row.get("parties") or []
    return field, row.get("role") or "", ",".join(sorted(parties))


def _number(row: dict[str, Any]) -> float | None:
    if row["kind"] == "money" and row.get("usd") is not None:
        return row["usd"]
    if row.get("value") is not None:
        return row["value"]
    return row.get("low")


def figure_changes(old: list[dict[str, Any]], new: list[dict[str, Any]], *, article_id: str, outlet: str | None,
                   url: str, changed_at: str) -> list[dict[str, Any]]:
    """`claim_changes` rows for the figures that differ between an article's old and new claims."""
    before: dict[tuple, list[dict]] = defaultdict(list)
    after: dict[tuple, list[dict]] = defaultdict(list)
    for row in old:
        if row.get("role") != "spec":
            before[_key(row)].append(row)
    for row in new:
        if row.get("role") != "spec":
            after[_key(row)].append(row)
    changes = []
    for key in sorted(set(before) | set(after)):
        was, now = before.get(key, []), after.get(key, [])
        said_before = sorted({(_number(r), r["unit"]) for r in was}, key=repr)
        said_after = sorted({(_number(r), r["unit"]) for r in now}, key=repr)
        if said_before == said_after:
            continue
        first_before = next((r for r in was if _number(r) is not None), was[0] if was else None)
        first_after = next((r for r in now if _number(r) is not None), now[0] if now else None)
        field = key[0]
        ident = hashlib.sha1(f"{article_id}:{field}:{key[1]}:{key[2]}:{changed_at}".encode()).hexdigest()[:16]
        changes.append({
            "id": ident,
            "deal_id": next((r.get("deal_id") for r in was if r.get("deal_id")), None),
            "article_id": article_id,
            "outlet": outlet,
            "url": url,
            "field": field,
            "before_text": "; ".join(dict.fromkeys(r["text"] for r in was)) or None,
            "after_text": "; ".join(dict.fromkeys(r["text"] for r in now)) or None,
            "before_value": _number(first_before) if first_before else None,
            "after_value": _number(first_after) if first_after else None,
            "unit": (first_after or first_before or {}).get("unit"),
            "changed_at": changed_at,
        })
    return changes
