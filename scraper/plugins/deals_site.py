"""Datasette plugin of the deals site: the deal page, the charts page, menu links and readable cells.

Loaded with `datasette --plugins-dir scraper/plugins` (as `scraper serve` and `datasette publish` do).
It only reads: it runs the canned queries of metadata.yml and fixed, indexed look-ups.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import math
import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup, escape

HERE = Path(__file__).resolve().parent
ASSETS = {"vega.min.js", "vega-lite.min.js", "vega-embed.min.js"}
FIELD_NAMES = {"money": "value", "quantity": "quantity", "power": "power", "duration": "duration"}
MONEY_COLUMNS = {"usd", "usd_low", "usd_high"}
ARRAY_COLUMNS = {"parties", "chips", "outlet_names", "companies"}
CHARTS = [
    ("value_by_month", "Deal value over time",
     "Total consensus value of the deals first reported each month, in billions of USD."),
    ("value_by_company", "Deal value by company",
     "Total consensus value of the deals each company is party to, in billions of USD."),
    ("value_by_vendor", "Deal value by chip vendor",
     "Total consensus value of the deals about each vendor's chips, in billions of USD."),
]


def usd_text(value: float | None) -> str:
    """A USD amount as a reader says it: $13.0 billion, $250 million, $900,000."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    value = float(value)
    if abs(value) >= 1e12:
        return f"${value / 1e12:,.2f} trillion"
    if abs(value) >= 1e9:
        return f"${value / 1e9:,.1f} billion"
    if abs(value) >= 1e6:
        return f"${value / 1e6:,.0f} million"
    return f"${value:,.0f}"


def number_text(value: float | None, unit: str | None) -> str:
    """A quantity with its unit: 10,000,000 cores, 1.5 GW, 6 years."""
    if value is None:
        return ""
    if unit == "USD":
        return usd_text(value)
    shown = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{shown} {unit or ''}".strip()


def json_list(text: str | None) -> list[str]:
    """A JSON array column as a list of strings (empty when absent or malformed)."""
    try:
        value = json.loads(text or "[]")
    except (TypeError, ValueError):
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def highlight(sentence: str | None, figure: str | None) -> Markup:
    """The sentence with the figure wrapped in <mark> (escaped; unchanged when the figure is not in it)."""
    sentence = sentence or ""
    if not figure:
        return Markup(escape(sentence))
    at = sentence.find(figure)
    if at < 0:
        at = sentence.lower().find(figure.lower())
    if at < 0:
        return Markup(escape(sentence))
    end = at + len(figure)
    return Markup(f"{escape(sentence[:at])}<mark>{escape(sentence[at:end])}</mark>{escape(sentence[end:])}")


def deals_database(datasette: Any) -> str:
    """The name of the database holding the deals table (the file's stem, `deals` by default)."""
    for name, database in datasette.databases.items():
        if name.startswith("_"):
            continue
        if getattr(database, "is_memory", False) and name != "deals":
            continue
        return name
    raise NotFound("No deals database is attached")


async def deal_context(datasette: Any, database: str, deal_id: str) -> dict[str, Any] | None:
    """What the deal page shows: the deal, its roles and figures, and every claim with outlet, date and article."""
    db = datasette.get_database(database)
    row = (await db.execute("select * from deals where id = ?", [deal_id])).first()
    if row is None:
        return None
    deal = dict(row)
    try:
        summary = json.loads(deal.get("summary") or "{}")
    except ValueError:
        summary = {}
    figures = []
    for field in ("value", "quantity", "power", "duration"):
        entry = summary.get(field)
        if not isinstance(entry, dict):
            continue
        units = entry.get("units") or []
        unit = units[0] if len(units) == 1 else None
        low, high, consensus = entry.get("low"), entry.get("high"), entry.get("consensus")
        if field == "value":
            unit = "USD"
        shown = amount(consensus, unit) if unit else (" vs ".join(units) if units else "")
        if field == "value":
            shown = hedged_money(consensus, deal.get("value_qualifier"), said=deal.get("value_text")) or shown
        spread = ""
        if low is not None and high is not None and low != high:
            spread = (f"{amount(low, unit)} to {amount(high, unit)}" if unit
                      else f"{number_short(low)} to {number_short(high)}")
        figures.append({"field": field, "consensus": shown, "range": spread, "units": ", ".join(units),
                        "outlets": ", ".join(entry.get("outlets") or []), "disputed": entry.get("disputed") or ""})
    claims = []
    result = await db.execute(
        "select claims.id, claims.kind, claims.value, claims.low, claims.high, claims.unit, claims.usd,"
        " claims.qualifier, claims.role, claims.text, claims.sentence, claims.outlet, claims.published,"
        " claims.in_passing, articles.url as article_url, articles.title as article_title, claims.article_id"
        " from claims left join articles on articles.id = claims.article_id"
        " where claims.deal_id = ? order by claims.published, claims.outlet, claims.start", [deal_id])
    for claim in result.rows:
        claim = dict(claim)
        claims.append({**claim, "field": FIELD_NAMES.get(claim["kind"], claim["kind"]), "number": claim_number(claim),
                       "date": date_text(claim["published"] or ""),
                       "highlighted": highlight(claim["sentence"], claim["text"]),
                       "url": row_url(datasette, database, "claims", claim["id"]),
                       "stored_url": stored_copy_url(datasette, database, claim["article_id"], claim["id"]),
                       "outlet_url": outlet_url(datasette, database, claim["outlet"]) if claim["outlet"] else None})
    roles = (await db.execute("select company, role from deal_parties where deal_id = ?", [deal_id])).rows
    role_of = {r["company"]: r["role"] for r in roles}
    parties = json_list(deal.get("parties"))
    buyers = [p.strip() for p in (deal.get("buyer") or "").split(",") if p.strip()]
    sellers = [p.strip() for p in (deal.get("seller") or "").split(",") if p.strip()]
    for name in buyers:
        role_of[name] = role_of.get(name) or "buyer"
    for name in sellers:
        role_of[name] = role_of.get(name) or "seller"
    ordered = [p for p in buyers + sellers if p in parties] + [p for p in parties if p not in buyers + sellers]
    return {
        "deal": deal, "figures": figures, "claims": claims,
        "parties": ordered, "roles": {p: role_of.get(p) for p in ordered}, "chips": json_list(deal.get("chips")),
        "outlet_names": json_list(deal.get("outlet_names")),
        "outlet_links": [(name, outlet_url(datasette, database, name)) for name in json_list(deal.get("outlet_names"))],
        "usd": hedged_money(deal.get("usd"), deal.get("value_qualifier"), said=deal.get("value_text")),
        "usd_low": money_short(deal.get("usd_low")), "usd_high": money_short(deal.get("usd_high")),
        "quantity": amount(deal.get("quantity"), deal.get("quantity_unit")),
        "quantity_text": deal.get("quantity_text"),
        "duration": amount(deal.get("duration_years"), "years"),
        "first_reported": date_text(deal.get("first_reported") or ""),
        "last_reported": date_text(deal.get("last_reported") or ""),
        "company_url": lambda name: datasette.urls.table(database, "deals_by_company") + "?" + urlencode(
            {"company": name}),
        "chip_url": lambda name: datasette.urls.table(database, "deals_by_chip") + "?" + urlencode(
            {"chip_or_vendor": name}),
        "timeline_url": datasette.urls.table(database, "deal_timeline_for") + "?" + urlencode({"deal": deal_id}),
        "claims_url": datasette.urls.table(database, "claims") + "?" + urlencode({"deal_id": deal_id}),
        "sheet_url": datasette.urls.table(database, "deal_sheet") + "?" + urlencode({"deal_id": deal_id}),
        "evidence": await evidence_context(datasette, database, deal_id),
        "evidence_url": datasette.urls.table(database, "deal_evidence") + "?" + urlencode({"deal_id": deal_id}),
    }


def claim_number(claim: dict[str, Any]) -> str:
    """A claim's figure as a reader says it ("$14.2B", "200,000 GPUs", "$10B-$20B")."""
    unit = "USD" if claim.get("usd") is not None else claim.get("unit")
    number = claim["usd"] if claim.get("usd") is not None else claim.get("value")
    if number is None and claim.get("low") is not None:
        return f"{amount(claim['low'], unit)}-{amount(claim.get('high'), unit)}"
    if claim.get("qualifier") == "multi" and unit == "USD":
        return hedged_money(number, "multi", said=claim.get("text"))
    return amount(number, unit, claim.get("qualifier"))


def stored_copy_url(datasette: Any, database: str, article_id: str | None, claim_id: str | None = None) -> str | None:
    """The stored copy of an article, with one claim's figure highlighted."""
    if not article_id:
        return None
    url = row_url(datasette, database, "articles", article_id)
    return url + (f"?{urlencode({'claim': claim_id})}#claim-{quote(claim_id)}" if claim_id else "")


def marked_text(text: str, figures: list[dict[str, Any]], selected: str | None) -> Markup:
    """An article's text with each claim's figure in <mark> (by its offsets), the selected one anchored."""
    out, at = [], 0
    for figure in sorted(figures, key=lambda f: (f["start"] or 0, f["end"] or 0)):
        start, end = figure["start"], figure["end"]
        if start is None or end is None or start < at or end > len(text) or start >= end:
            continue
        chosen = figure["id"] == selected
        out.append(str(escape(text[at:start])))
        attrs = f' id="claim-{escape(figure["id"])}" class="selected"' if chosen else ""
        out.append(f'<mark{attrs} title="{escape(figure["kind"] or "")}: {escape(figure["role"] or "")}">'
                   f"{escape(text[start:end])}</mark>")
        at = end
    out.append(str(escape(text[at:])))
    return Markup("".join(out))


async def article_context(datasette: Any, database: str, article_id: str,
                          selected: str | None) -> dict[str, Any] | None:
    """The stored copy of an article: its text as stored with the claims' figures highlighted, and their deals."""
    db = datasette.get_database(database)
    row = (await db.execute("select id, url, outlet, title, author, published, text from articles where id = ?",
                            [article_id])).first()
    if row is None:
        return None
    article = dict(row)
    claims = [dict(r) for r in (await db.execute(
        "select claims.id, claims.kind, claims.role, claims.start, claims.end, claims.text, claims.deal_id,"
        " deals.title as deal from claims left join deals on deals.id = claims.deal_id"
        " where claims.article_id = ? order by claims.start", [article_id])).rows]
    deals = {c["deal_id"]: c["deal"] for c in claims if c["deal_id"]}
    return {"article": article, "text": marked_text(article.get("text") or "", claims, selected),
            "published": date_text(article.get("published") or ""),
            "outlet_url": outlet_url(datasette, database, article["outlet"]) if article.get("outlet") else None,
            "deals": [(title or deal_id, row_url(datasette, database, "deals", deal_id))
                      for deal_id, title in deals.items()],
            "selected": next((c for c in claims if c["id"] == selected), None)}


async def claim_context(datasette: Any, database: str, claim_id: str) -> dict[str, Any] | None:
    """A claim's page: its sentence with the figure highlighted, the figure read out, its article and its deal."""
    db = datasette.get_database(database)
    row = (await db.execute(
        "select claims.*, articles.url as article_url, articles.title as article_title, deals.title as deal"
        " from claims left join articles on articles.id = claims.article_id"
        " left join deals on deals.id = claims.deal_id where claims.id = ?", [claim_id])).first()
    if row is None:
        return None
    claim = dict(row)
    return {"claim": claim, "highlighted": highlight(claim["sentence"], claim["text"]), "number": claim_number(claim),
            "field": FIELD_NAMES.get(claim["kind"], claim["kind"]), "date": date_text(claim["published"] or ""),
            "stored_url": stored_copy_url(datasette, database, claim["article_id"], claim["id"]),
            "deal_url": row_url(datasette, database, "deals", claim["deal_id"]) if claim["deal_id"] else None,
            "outlet_url": outlet_url(datasette, database, claim["outlet"]) if claim["outlet"] else None}


async def outlet_context(datasette: Any, database: str, outlet: str) -> dict[str, Any] | None:
    """An outlet's page: its track record, the deals it reported lately, its outliers and its corrections."""
    db = datasette.get_database(database)
    row = (await db.execute("select * from outlets where outlet = ?", [outlet])).first()
    if row is None:
        return None
    record = dict(row)
    reported = [dict(r) for r in (await db.execute(
        "select deal_id, deal, field, said, unit, published, article_id from deal_claims where outlet = ?"
        " order by published desc limit 60", [outlet])).rows]
    outliers = [dict(r) for r in (await db.execute(
        "select outlier_claims.*, deals.title as deal from outlier_claims left join deals on deals.id ="
        " outlier_claims.deal_id where outlier_claims.outlet = ? order by outlier_claims.published desc limit 50",
        [outlet])).rows]
    changes = [dict(r) for r in (await db.execute(
        "select claim_changes.*, deals.title as deal from claim_changes left join deals on deals.id ="
        " claim_changes.deal_id where claim_changes.outlet = ? order by claim_changes.changed_at desc limit 50",
        [outlet])).rows]
    for item in reported + outliers + changes:
        item["deal_url"] = row_url(datasette, database, "deals", item["deal_id"]) if item.get("deal_id") else None
        item["date"] = date_text(item.get("published") or item.get("changed_at") or "")
        item["stored_url"] = stored_copy_url(datasette, database, item.get("article_id"))
    for item in outliers:
        item["shown"] = amount(item["value"], item["unit"])
        item["consensus_shown"] = amount(item["consensus"], item["unit"])
        item["claim_url"] = row_url(datasette, database, "claims", item["claim_id"])
    delay = record.get("median_delay_hours")
    return {"record": record, "reported": reported, "outliers": outliers, "changes": changes,
            "delay": "" if delay is None else cell_text({}, delay, "median_delay_hours", "outlets", database, datasette),
            "first_report": date_text(record.get("first_report") or ""),
            "last_report": date_text(record.get("last_report") or ""),
            "claims_url": datasette.urls.table(database, "claims") + "?" + urlencode({"outlet": outlet}),
            "outlets_url": datasette.urls.table(database, "outlets")}


# Canned queries that return PAGE_SIZE rows a page, the page chosen by their `page` parameter (1 when blank).
PAGED_QUERIES = {"deals_by_company", "deals_by_chip", "deal_timeline"}
PAGE_SIZE = 100


def page_links(datasette: Any, database: str, name: str, args: Any) -> dict[str, Any]:
    """The previous and next pages of a paged canned query, with its other parameters kept."""
    try:
        page = max(1, int(args.get("page") or 1))
    except ValueError:
        page = 1
    kept = [(k, v) for k in args.keys() if k != "page" and not k.startswith("_") for v in args.getlist(k)]
    url = datasette.urls.table(database, name)

    def at(number: int) -> str:
        return url + "?" + urlencode(kept + ([("page", str(number))] if number > 1 else []))

    return {"site_page": page, "site_page_size": PAGE_SIZE, "site_next_page": at(page + 1),
            "site_previous_page": at(page - 1) if page > 1 else None}


ROW_PAGES = {"deals": ("deal_page", deal_context), "claims": ("claim_page", claim_context),
             "outlets": ("outlet_page", outlet_context)}


@hookimpl
def extra_template_vars(template: str, database: str | None, table: str | None, view_name: str,
                        request: Any, datasette: Any) -> Any:
    """The deal, claim, article and outlet pages' contexts; the columns a table page hides, shows first, explains."""

    async def inner() -> dict[str, Any]:
        out: dict[str, Any] = {}
        try:
            out["site_sources_url"] = datasette.urls.table(deals_database(datasette), "sources")
        except NotFound:
            pass
        if request is None or not database:
            return out
        if view_name == "row" and (table in ROW_PAGES or table == "articles"):
            from datasette.utils import tilde_decode

            key = tilde_decode(request.url_vars.get("pks", ""))
            if table == "articles":
                context = await article_context(datasette, database, key, request.args.get("claim"))
                if context:
                    out["article_page"] = context
            else:
                name, build = ROW_PAGES[table]
                context = await build(datasette, database, key)
                if context:
                    out[name] = context
        if view_name == "table" and table:
            if table in SEARCH_COUNTED_BY_INDEX and request.args.get("_search") and plain_search(request.args.keys()):
                count = await search_count(datasette, database, table, request.args["_search"])
                if count is not None:
                    out["filtered_table_rows_count"] = count
            columns = datasette.metadata("columns", database=database, table=table) or {}
            out["site_hidden_columns"] = HIDDEN_COLUMNS.get(table, set())
            out["site_first_columns"] = FIRST_COLUMNS.get(table, [])
            out["site_about_columns"] = {k: v for k, v in columns.items() if k not in HIDDEN_COLUMNS.get(table, set())}
        name = request.url_vars.get("table")
        if template == "query.html" and name in PAGED_QUERIES:
            out.update(page_links(datasette, database, name, request.args))
        return out

    return inner


CHART_CACHE: dict[tuple[str, tuple[Any, ...]], list[list[dict[str, Any]]]] = {}


def database_stamp(datasette: Any, database: str) -> tuple[Any, ...] | None:
    """What changes when the database file is written (size and time of the file and its WAL); None in memory."""
    path = getattr(datasette.get_database(database), "path", None)
    if not path:
        return None
    stamp: list[tuple[int, int, int] | None] = []
    for name in (path, f"{path}-wal"):
        try:
            info = os.stat(name)
        except OSError:
            stamp.append(None)
            continue
        stamp.append((info.st_mtime_ns, info.st_size, info.st_ino))
    return tuple(stamp)


async def charts_page(request: Any, datasette: Any) -> Response:
    """The charts page: deal value over time, by company and by vendor (Vega-Lite, data from canned queries)."""
    database = deals_database(datasette)
    charts = []

    async def chart_rows(name: str) -> list[dict[str, Any]]:
        query = await datasette.get_canned_query(database, name, request.actor)
        if query is None:
            return []
        return [dict(r) for r in (await datasette.execute(database, query["sql"])).rows]

    # The three aggregates read every deal (about 100 ms at 50,000 deals): they run at once on Datasette's query
    # threads, and their rows are kept until the database file changes (`scraper link` writes the deals).
    stamp = database_stamp(datasette, database)
    results = CHART_CACHE.get((database, stamp)) if stamp else None
    if results is None:
        results = await asyncio.gather(*(chart_rows(name) for name, _, _ in CHARTS))
        if stamp:
            CHART_CACHE.clear()
            CHART_CACHE[(database, stamp)] = results
    results = [[dict(row) for row in rows] for rows in results]
    for (name, title, description), rows in zip(CHARTS, results, strict=True):
        for row in rows:
            row["usd_billions"] = round((row.get("usd") or 0) / 1e9, 3)
            row["usd_text"] = usd_text(row.get("usd"))
        charts.append({"name": name, "title": title, "description": description, "rows": rows,
                       "query_url": datasette.urls.table(database, name),
                       "key": "month" if name == "value_by_month" else ("company" if name == "value_by_company"
                                                                         else "vendor")})
    specs = {chart["name"]: chart_spec(chart) for chart in charts}
    return Response.html(await datasette.render_template(
        "deal_charts.html", {"charts": charts, "specs_json": Markup(json.dumps(specs).replace("</", "<\\/")),
                             "database": database}, request=request))


def chart_spec(chart: dict[str, Any]) -> dict[str, Any]:
    """The Vega-Lite specification of one chart, with its rows inlined."""
    values = [{k: v for k, v in row.items() if k in (chart["key"], "usd_billions", "deals", "usd_text")}
              for row in chart["rows"]]
    tooltip = [{"field": chart["key"], "type": "nominal"},
               {"field": "usd_text", "type": "nominal", "title": "value"},
               {"field": "deals", "type": "quantitative", "title": "deals"}]
    spec: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": chart["description"], "data": {"values": values}, "width": "container", "height": 260,
        "mark": {"type": "bar", "tooltip": True, "color": "#2b6cb0"},
    }
    if chart["key"] == "month":
        spec["encoding"] = {
            "x": {"field": "month", "type": "ordinal", "title": "month first reported", "sort": "ascending"},
            "y": {"field": "usd_billions", "type": "quantitative", "title": "USD billions"},
            "tooltip": [{"field": "month", "type": "nominal"}] + tooltip[1:],
        }
    else:
        spec["height"] = {"step": 22}
        spec["encoding"] = {
            "y": {"field": chart["key"], "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": "usd_billions", "type": "quantitative", "title": "USD billions"},
            "tooltip": tooltip,
        }
    return spec


async def asset(request: Any, datasette: Any) -> Response:
    """Serve the bundled Vega, Vega-Lite and vega-embed builds (no CDN: the site works offline)."""
    name = request.url_vars["name"]
    if name not in ASSETS:
        raise NotFound("No such asset")
    body = (HERE / name).read_bytes()
    return Response(body, content_type="application/javascript; charset=utf-8",
                    headers={"cache-control": "public, max-age=86400"})


async def deal_by_slug(request: Any, datasette: Any) -> Response:
    """`/-/deal/<slug or id>`: redirect to that deal's page."""
    database = deals_database(datasette)
    key = request.url_vars["key"]
    row = (await datasette.get_database(database).execute(
        "select id from deals where slug = ? or id = ? limit 1", [key, key])).first()
    if row is None:
        raise NotFound(f"No deal {key}")
    return Response.redirect(datasette.urls.row(database, "deals", quote(row["id"], safe="")))


# Searching a million claims: Datasette counts the hits by looking each one up in the claims table (about 60 ms
# for 50,000 hits), where the full-text index counts them in a few ms. A claims search skips Datasette's count
# (?_nocount=1) and the page shows the index's count instead (extra_template_vars).
SEARCH_COUNTED_BY_INDEX = {"claims": "claims_fts"}


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """Add ?_nocount=1 to a search of a table whose hits the full-text index counts faster."""

    def wrap(app: Any) -> Any:
        async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
            target = _search_page_for(datasette, scope) if scope.get("type") == "http" else None
            if target is not None:
                await send({"type": "http.response.start", "status": 302,
                            "headers": [(b"location", target.encode()), (b"content-length", b"0")]})
                await send({"type": "http.response.body", "body": b""})
                return
            if scope.get("type") == "http" and _counted_by_index(scope):
                scope = dict(scope, query_string=scope.get("query_string", b"") + b"&_nocount=1")
            await app(scope, receive, send)

        return wrapped

    return wrap


def _search_page_for(datasette: Any, scope: dict[str, Any]) -> str | None:
    """The search page for a plain search of the claims table's HTML page (no filter, sort or facet with it)."""
    path = scope.get("path", "")
    if not path.endswith("/claims"):
        return None
    args = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    if len(args) != 1 or args[0][0] != "_search" or not args[0][1].strip():
        return None
    return datasette.urls.path("/-/search?" + urlencode({"q": args[0][1]}))


# Arguments that do not filter a table's rows: with only these next to _search, the index's count is the count.
NOT_FILTERING = frozenset({"_search", "_size", "_next", "_sort", "_sort_desc", "_nocount", "_facet", "_facet_array",
                           "_facet_date", "_labels", "_shape", "_col", "_nocol", "_json", "_trace", "_nofacet",
                           "_nosuggest", "_extra", "_stream", "_dl"})


def plain_search(keys: Any) -> bool:
    """Whether a table request's arguments are a full-text search and nothing else that filters."""
    keys = set(keys)
    return "_search" in keys and keys <= NOT_FILTERING


def _counted_by_index(scope: dict[str, Any]) -> bool:
    """Whether a request is a plain search of a table in SEARCH_COUNTED_BY_INDEX without ?_nocount."""
    query = scope.get("query_string", b"")
    if b"_search=" not in query or b"_nocount" in query:
        return False
    path = scope.get("path", "").rsplit("/", 1)[-1]
    if path.removesuffix(".json").removesuffix(".csv") not in SEARCH_COUNTED_BY_INDEX:
        return False
    return plain_search(k for k, _ in parse_qsl(query.decode("latin-1"), keep_blank_values=True))


async def search_count(datasette: Any, database: str, table: str, search: str) -> int | None:
    """How many rows of a table match a search, counted by its full-text index."""
    from datasette.utils import escape_fts

    fts = SEARCH_COUNTED_BY_INDEX.get(table)
    if not fts or not search.strip():
        return None
    try:
        result = await datasette.get_database(database).execute(
            f"select count(*) from [{fts}] where [{fts}] match ?", [escape_fts(search)])
    except Exception:  # a search the index cannot parse: Datasette's own page says so
        return None
    return int(result.first()[0])


SEARCH_PAGE_SIZE = 50
SEARCH_SQL = """
select claims.rowid as position, claims.id, claims.text, claims.kind, claims.outlet, claims.published,
  claims.deal_id, claims.sentence, claims.article_id, deals.title as deal_title
from claims_fts join claims on claims.rowid = claims_fts.rowid left join deals on deals.id = claims.deal_id
where claims_fts match :search {before} order by claims_fts.rowid desc limit :limit"""


def _position(value: str) -> int | None:
    """A `before=` position of the search page: a positive 64-bit integer, else None."""
    if not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number < 2 ** 63 else None


async def search_page(request: Any, datasette: Any) -> Response:
    """`/-/search?q=`: claims matching a full-text search, the latest stored first, counted by the index.

    Datasette's table search sorts every hit by date before it shows 50 (about 110 ms for 50,000 hits at a
    million claims); the index gives them in the order they were stored and stops at 50 (under 1 ms).
    """
    from datasette.utils import escape_fts

    database = deals_database(datasette)
    search = request.args.get("q", "").strip()
    before = _position(request.args.get("before", ""))
    rows: list[dict[str, Any]] = []
    count = None
    next_url = None
    problem = None
    found: list[dict[str, Any]] = []
    if search and not escape_fts(search).strip():
        problem = "There are no words to search for in that."
    elif search:
        params: dict[str, Any] = {"search": escape_fts(search), "limit": SEARCH_PAGE_SIZE + 1}
        where = ""
        if before is not None:
            where, params["before"] = "and claims_fts.rowid < :before", before
        db = datasette.get_database(database)
        count = await search_count(datasette, database, "claims", search)
        try:
            found = [dict(r) for r in (await db.execute(SEARCH_SQL.format(before=where), params)).rows]
        except Exception:  # the index cannot read the words: say so rather than fail
            problem, count = "The full-text index cannot search for that.", None
        if len(found) > SEARCH_PAGE_SIZE:
            found = found[:SEARCH_PAGE_SIZE]
            next_url = datasette.urls.path("/-/search?" + urlencode({"q": search, "before": found[-1]["position"]}))
        for row in found:
            rows.append({**row, "sentence_html": highlight(row["sentence"], row["text"]),
                         "date": date_text(row["published"] or ""),
                         "claim_url": row_url(datasette, database, "claims", row["id"]),
                         "article_url": row_url(datasette, database, "articles", row["article_id"]),
                         "deal_url": row_url(datasette, database, "deals", row["deal_id"]) if row["deal_id"] else None,
                         "outlet_url": outlet_url(datasette, database, row["outlet"]) if row["outlet"] else None})
    table_url = datasette.urls.table(database, "claims") + "?" + urlencode({"_search": search, "_size": "20"})
    return Response.html(await datasette.render_template(
        "claim_search.html", {"search": search, "rows": rows, "count": count, "next_url": next_url,
                              "table_url": table_url, "database": database, "paged": before is not None,
                              "problem": problem},
        request=request))


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    """The charts page, the JavaScript it needs, and deal pages by slug."""
    return [
        (r"^/-/charts$", charts_page),
        (r"^/-/search$", search_page),
        (r"^/-/deals-assets/(?P<name>[a-z.-]+\.js)$", asset),
        (r"^/-/deal/(?P<key>[^/]+)$", deal_by_slug),
    ]


@hookimpl
def menu_links(datasette: Any, actor: Any) -> list[dict[str, str]]:
    """Charts and feeds in Datasette's menu."""
    try:
        database = deals_database(datasette)
    except NotFound:
        return []
    return [
        {"href": datasette.urls.path("/-/charts"), "label": "Charts"},
        {"href": datasette.urls.table(database, "deal_sheet"), "label": "Deal sheet"},
        {"href": datasette.urls.table(database, "outlets"), "label": "Outlets' track record"},
        {"href": datasette.urls.table(database, "new_deals_feed", format="atom"), "label": "Feed: new deals"},
        {"href": datasette.urls.table(database, "figure_changes_feed", format="atom"),
         "label": "Feed: changed figures"},
    ]


# ---------------------------------------------------------------------------------------------------------------
# Cells for people: every id a link, money as "$14.2B" with its hedge, counts with their unit, dates as
# "2 Oct 2025", JSON as lists. Only HTML pages call render_cell: the JSON and CSV keep the raw values.
# ---------------------------------------------------------------------------------------------------------------

DATE_COLUMNS = {"first_reported", "last_reported", "published", "modified", "fetched_at", "changed_at", "replaced_at",
                "checked_at", "started", "finished", "first_seen", "last_seen", "last_success", "last_failure",
                "first_report", "last_report"}
LINKS = {"deal_id": "deals", "article_id": "articles", "claim_id": "claims"}
VIEW_IDS = {"disputed_deals": "deals"}  # views whose `id` column is a deal's id
NUMBER_COLUMNS = {"value", "low", "high", "before_value", "after_value", "consensus"}
PERCENT_COLUMNS = {"percent_first", "percent_within_consensus"}
# Stored codes shown in words (qualifier "order_of_magnitude" as "order of magnitude", role "deal_value" as "deal value").
ENUM_COLUMNS = {"qualifier", "qualifiers", "role", "step"}
ENUM_WORDS = {"approx": "approximate"}
# "billions", "tens of millions of cores": an order of magnitude is a floor (1 to 10 times it), never "about" it
HEDGE_PREFIX = {"approx": "~", "order_of_magnitude": "≥ ", "at_least": "≥ ", "up_to": "up to "}
BLANK = Markup("&nbsp;")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Columns the HTML page of a table leaves out (JSON for machines), and the ones it shows first.
HIDDEN_COLUMNS = {"deals": {"summary", "roles", "value_qualifier", "quantity_unit", "headline", "value_text",
                            "quantity_text"},
                  "deal_sheet": {"value_qualifier", "quantity_unit", "quantity_text"},
                  "claims": {"start", "end", "extractor_version"}}
FIRST_COLUMNS = {"claims": ["id", "text", "kind", "value", "unit", "outlet", "published", "deal_id", "sentence",
                            "article_id", "qualifier", "role"],
                 "deals": ["title", "deal_type", "buyer", "seller", "chips", "quantity", "usd", "usd_low", "usd_high",
                           "first_reported", "outlets", "outlet_names", "disputed", "dispute_reason", "status"]}


def money_short(value: float | None) -> str:
    """A USD amount, short: $14.2B, $250M, $1.2T, $900,000."""
    if value is None:
        return ""
    value = float(value)
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if abs(value) >= size:
            shown = f"{value / size:,.1f}".removesuffix(".0")
            return f"${shown}{suffix}"
    return f"${value:,.0f}"


def scale_word(value: float | None, said: str | None) -> str:
    """The order of magnitude of an amount in words (billion), from the number or from how it was written."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if value is not None and abs(value) >= size:
            return word
    for word in ("trillion", "billion", "million"):
        if said and word in said.lower():
            return word
    return "billion"


def hedged_money(value: float | None, qualifier: str | None, low: float | None = None, high: float | None = None,
                 said: str | None = None) -> str:
    """A USD figure with its hedge: "$14.2B", "~$1B", "≥ $10B", "up to $100B", "multi-billion", "$10B-$20B"."""
    if qualifier == "multi":
        return f"multi-{scale_word(value, said)}"
    if qualifier == "range" and low is not None and high is not None and low != high:
        return f"{money_short(low)}-{money_short(high)}"
    if value is None:
        return ""
    return HEDGE_PREFIX.get(qualifier or "", "") + money_short(value)


def number_short(value: float | int) -> str:
    """A number without float noise: 10,000,000 or 1.25."""
    value = float(value)
    if value.is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def amount(value: float | None, unit: str | None, qualifier: str | None = None) -> str:
    """A figure in its unit: "$14.2B" for USD, "200,000 GPUs", "1.2 GW", "5 years"."""
    if value is None:
        return ""
    if unit == "USD":
        return hedged_money(value, qualifier)
    if unit in ("years", "year") and float(value) == 1:
        unit = "year"
    return (HEDGE_PREFIX.get(qualifier or "", "") + f"{number_short(value)} {unit or ''}").strip()


def date_text(value: str) -> str:
    """An ISO 8601 date or time as "2 Oct 2025" (the value itself when it is not one)."""
    try:
        year, month, day = int(value[0:4]), int(value[5:7]), int(value[8:10])
    except (TypeError, ValueError):
        return value
    if len(value) < 10 or value[4] != "-" or not 1 <= month <= 12:
        return value
    return f"{day} {MONTHS[month - 1]} {year}"


def row_value(row: Any, key: str) -> Any:
    """A column of a result row (None when the row has no such column; the raw value of an expanded label)."""
    try:
        value = row[key]
    except (KeyError, IndexError, TypeError):
        return None
    return value.get("value") if isinstance(value, dict) else value


def link(href: str, text: str, title: str | None = None) -> Markup:
    """An <a> element, escaped."""
    extra = f' title="{escape(title)}"' if title else ""
    return Markup(f'<a href="{escape(href)}"{extra}>{escape(text)}</a>')


def outlet_url(datasette: Any, database: str, outlet: str) -> str:
    """The page of an outlet's track record."""
    from datasette.utils import tilde_encode

    return datasette.urls.row(database, "outlets", tilde_encode(outlet))


def row_url(datasette: Any, database: str, table: str, key: str) -> str:
    """The page of one row by its primary key."""
    from datasette.utils import tilde_encode

    return datasette.urls.row(database, table, tilde_encode(str(key)))


def json_cell(value: str, datasette: Any, database: str, column: str) -> Any:
    """A JSON array as a comma list (outlets as links), an object of names as "A (buyer), B (seller)"."""
    try:
        parsed = json.loads(value)
    except ValueError:
        return None
    if isinstance(parsed, list):
        if column == "outlet_names":
            return Markup(", ".join(str(link(outlet_url(datasette, database, str(v)), str(v))) for v in parsed))
        return ", ".join(str(v) for v in parsed)
    if isinstance(parsed, dict):
        if not parsed:
            return ""
        if all(isinstance(v, str) for v in parsed.values()):
            return ", ".join(f"{k} ({v})" for k, v in parsed.items())
    return None


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """Ids as links to their pages and values as people read them, on every HTML table, view and query page."""
    if isinstance(value, dict) or isinstance(value, bytes):
        return None  # an expanded foreign key: Datasette links it with its label
    shown = cell_text(row, value, column, table, database, datasette)
    return BLANK if shown == "" else shown


def cell_text(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """What render_cell shows ("" for a blank cell, None for Datasette's own rendering)."""
    if column == "id" and table in VIEW_IDS and isinstance(value, str) and value:
        return link(row_url(datasette, database, VIEW_IDS[table], value), value)
    if column in LINKS and isinstance(value, str) and value:
        return link(row_url(datasette, database, LINKS[column], value), value)
    if column == "article_url" and isinstance(value, str) and value.startswith(("http://", "https://")):
        # The original may be gone (the demo's sample site is, once the crawl ends): the stored copy is offered too.
        stored = row_value(row, "article_id") or stored_article_id(value)
        return Markup(f"{link(value, 'original', title=value)} · "
                      f"{link(row_url(datasette, database, 'articles', stored), 'stored copy')}")
    if column == "deal" and isinstance(value, str) and row_value(row, "deal_id"):
        return link(row_url(datasette, database, "deals", row_value(row, "deal_id")), value)
    if table == "deal_evidence" and column in ("features", "contributions") and isinstance(value, str):
        return evidence_cell(value, column, row)
    if table == "deal_evidence" and column == "probability" and isinstance(value, (int, float)):
        return percent_text(value)
    if column == "outlet" and isinstance(value, str) and value and table != "outlets":
        return link(outlet_url(datasette, database, value), value)
    if column == "usd" and table in ("deals", "deal_sheet") or (column == "usd" and row_value(row, "value_qualifier")):
        shown = hedged_money(value, row_value(row, "value_qualifier"), row_value(row, "usd_low"),
                             row_value(row, "usd_high"), row_value(row, "value_text"))
        return Markup(f'<span title="{value:,.0f} USD">{escape(shown)}</span>') if value is not None else shown
    if value is None or value == "":
        return None
    if column in MONEY_COLUMNS and isinstance(value, (int, float)):
        return Markup(f'<span title="{value:,.0f} USD">{escape(money_short(value))}</span>')
    if column == "quantity" and isinstance(value, (int, float)):
        shown = amount(value, row_value(row, "quantity_unit"))
        said = row_value(row, "quantity_text")
        if isinstance(said, str) and said and not any(ch.isdigit() for ch in said):
            # "tens of millions of cores" is an order of magnitude, at least 10,000,000: hedged, as written on hover.
            return Markup(f'<span title="{escape(said)}">≥ {escape(shown)}</span>')
        return shown
    if column == "duration_years" and isinstance(value, (int, float)):
        return amount(value, "years")
    if column in NUMBER_COLUMNS and isinstance(value, (int, float)):
        unit = row_value(row, "unit")
        if unit is None and row_value(row, "field") == "value":
            unit = "USD"
        return amount(value, unit)
    if column in PERCENT_COLUMNS and isinstance(value, (int, float)):
        return f"{number_short(value)}%"
    if column == "median_delay_hours" and isinstance(value, (int, float)):
        return f"{number_short(round(value, 1))} h" if value < 48 else f"{number_short(round(value / 24, 1))} days"
    if column == "ratio" and isinstance(value, (int, float)):
        return f"×{number_short(value)}"
    if column in ENUM_COLUMNS and isinstance(value, str):
        return ", ".join(ENUM_WORDS.get(v.strip(), v.strip().replace("_", " ")) for v in value.split(","))
    if column == "disputed" and value in (0, 1) and table in ("deals", None):
        return "disputed" if value == 1 else ""
    if column in DATE_COLUMNS and isinstance(value, str):
        return Markup(f'<time datetime="{escape(value)}" title="{escape(value)}">{escape(date_text(value))}</time>')
    if isinstance(value, str) and value[:1] in "[{" and value[-1:] in "]}":
        return json_cell(value, datasette, database, column)
    if isinstance(value, float):
        return number_short(value)
    return None


# ---------------------------------------------------------------------------------------------------------------
# "Why these reports are one deal": the deal_evidence rows (the same-deal model's probability and what each
# piece of evidence added to its log-odds, deals.py) read out in plain words.
# ---------------------------------------------------------------------------------------------------------------

REASONS = {
    "shared2": "names the same two parties", "jaccard": "names mostly the same parties",
    "subset": "names some of the same parties", "private_both": "each names a company the other does not",
    "no_parties": "one names no party", "money_match": "a compatible amount", "money_conflict": "conflicting amounts",
    "quantity_match": "a compatible chip count", "quantity_conflict": "conflicting chip counts",
    "power_match": "compatible capacity (GW)", "power_conflict": "conflicting capacity (GW)",
    "party_figure": "the same company with the same figure", "distinctive": "the same specific figure",
    "chip_match": "the same chips", "chip_conflict": "different chips", "place_match": "the same place",
    "place_conflict": "different places", "cosine": "similar wording", "undated": "one is undated",
    "family_differs": "one is money put into a company, the other a purchase",
    "expansion_differs": "one reports an expansion, the other does not",
    "in_passing": "one mentions the deal only in passing",
    "object_match": "about the same thing (chips, capacity, power, a build or a round)",
    "object_differs": "about different things (a round and a purchase, power and chips)",
    "role_conflict": "a company on opposite sides (buying in one, selling in the other)",
    "duration_match": "the same term", "duration_conflict": "different terms",
    "valuation_match": "the same valuation of the company raising",
}
STEPS = {"joined": "joined the deal", "merged": "came with a group of reports merged into the deal"}


def reason_text(name: str, features: dict[str, Any]) -> str:
    """One piece of evidence in plain words ("names the same two parties", "published 3 days apart")."""
    if name == "days":
        days = round(float(features.get("days") or 0) * 365)
        return "published the same day" if days == 0 else f"published {days} day{'' if days == 1 else 's'} apart"
    if name == "place_match" and 0 < float(features.get("place_match") or 0) < 1:
        return "a place inside the other's (a region and its country)"
    return REASONS.get(name, name.replace("_", " "))


def reasons(contributions: dict[str, Any], features: dict[str, Any], top: int = 4) -> tuple[list[str], list[str]]:
    """The strongest reasons for (at most `top`) and against (at most 2, conflicts first), strongest first."""
    ranked = sorted(((name, float(value)) for name, value in contributions.items()
                     if isinstance(value, (int, float)) and abs(value) >= 0.05), key=lambda kv: (-abs(kv[1]), kv[0]))
    return ([reason_text(n, features) for n, v in ranked if v > 0][:top],
            [reason_text(n, features) for n, v in ranked if v < 0][:2])


def percent_text(probability: float | None) -> str:
    """A probability as a reader says it: 97%, 99.9%, under 1%."""
    if probability is None:
        return ""
    percent = 100.0 * float(probability)
    if percent >= 99.5 and percent < 100:
        return f"{min(percent, 99.9):.1f}%"
    if 0 < percent < 1:
        return "under 1%"
    return f"{percent:.0f}%"


def stored_article_id(url: str) -> str:
    """The id under which the articles table stores an article's URL (as scraper.db.article_id computes it)."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


async def evidence_context(datasette: Any, database: str, deal_id: str) -> list[dict[str, Any]]:
    """Each report of a deal in the order it joined, with its probability and strongest reasons in plain words."""
    db = datasette.get_database(database)
    rows = [dict(r) for r in (await db.execute(
        "select position, article_url, report, outlet, published, step, compared_with, probability, features,"
        " contributions from deal_evidence where deal_id = ? order by position", [deal_id])).rows]
    if not rows:
        return []
    ids = {row["article_url"]: stored_article_id(row["article_url"]) for row in rows if row["article_url"]}
    found = {r["id"]: r["title"] for r in (await db.execute(
        f"select id, title from articles where id in ({', '.join('?' for _ in ids)})", list(ids.values()))).rows}
    for row in rows:
        features = json_object(row["features"])
        row["for"], row["against"] = reasons(json_object(row["contributions"]), features)
        row["date"] = date_text(row["published"] or "")
        row["percent"] = percent_text(row["probability"])
        row["action"] = STEPS.get(row["step"], row["step"])
        article = ids.get(row["article_url"])
        row["title"] = found.get(article) if article else None
        row["stored_url"] = row_url(datasette, database, "articles", article) if article and article in found else None
        row["outlet_url"] = outlet_url(datasette, database, row["outlet"]) if row["outlet"] else None
    return rows


def json_object(text: str | None) -> dict[str, Any]:
    """A JSON object column as a dict (empty when absent or malformed)."""
    try:
        value = json.loads(text or "{}")
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def evidence_cell(value: str, column: str, row: Any) -> str | None:
    """deal_evidence's JSON as text: contributions as "names the same two parties +1.63", features as "name value"."""
    parsed = json_object(value)
    if not parsed:
        return "" if value in ("{}", "") else None
    if column == "contributions":
        features = json_object(row_value(row, "features"))
        ranked = sorted(parsed.items(), key=lambda kv: -abs(kv[1]) if isinstance(kv[1], (int, float)) else 0)
        return ", ".join(f"{reason_text(k, features)} {v:+.2f}" if isinstance(v, (int, float)) else f"{k} {v}"
                         for k, v in ranked)
    return ", ".join(f"{k} {v:.3g}" if isinstance(v, (int, float)) else f"{k} {v}" for k, v in parsed.items()
                     if v not in (0, 0.0))


# ---------------------------------------------------------------------------------------------------------------
# Column headers for people on HTML pages ("First reported", not `first_reported`); `data-column`, sort links, the
# JSON and the CSV keep the raw names. Datasette 0.65 has no column-label setting: the templates call site_label.
# ---------------------------------------------------------------------------------------------------------------

COLUMN_LABELS = {
    "id": "Id", "deal_id": "Deal", "deal": "Deal", "title": "Deal", "deal_type": "Type", "usd": "Value",
    "usd_low": "Lowest value", "usd_high": "Highest value", "first_reported": "First reported",
    "last_reported": "Last reported", "outlets": "Outlets (count)", "outlet_names": "Reported by",
    "duration_years": "Duration", "dispute_reason": "Why disputed", "quantity_unit": "Quantity unit",
    "value_qualifier": "Value hedge", "article_id": "Article", "claim_id": "Claim", "usd_total": "Total value",
    "in_passing": "In passing", "extractor_version": "Extractor version", "text": "Figure as written",
    "deals_reported": "Deals reported", "deals_first": "Reported first", "first_of_several": "First of several",
    "percent_first": "Share first", "median_delay_hours": "Median delay", "figures_checked": "Figures checked",
    "within_consensus": "Within consensus", "percent_within_consensus": "Share within consensus",
    "first_report": "First report", "last_report": "Last report", "article_url": "Read",
    "before_value": "Before", "after_value": "After", "before_text": "Before (as written)",
    "after_text": "After (as written)", "changed_at": "Changed", "compared_with": "Compared with",
    "chip_or_vendor": "Chip or vendor", "last_success": "Last success", "last_failure": "Last failure",
    "last_error": "Last error", "consecutive_failures": "Failures in a row", "fetched_at": "Fetched",
    "canonical_url": "Canonical URL", "url": "URL", "is_article": "Is an article", "is_deal": "Is a deal",
    "relevance_reasons": "Relevance reasons", "said": "Said", "qualifiers": "Hedges", "qualifier": "Hedge",
}
TABLE_LABELS = {
    "deals": {"id": "Id", "title": "Deal", "claims": "Claims (count)"},
    "disputed_deals": {"id": "Id", "title": "Deal", "claims": "Claims (count)"},
    "claims": {"id": "Claim", "value": "Number", "usd": "USD"},
    "outlets": {"outlet": "Outlet", "figures": "Figures stated", "outliers": "Outliers", "corrections": "Corrections"},
    "deal_evidence": {"id": "Id", "article_url": "Article"},

}


def column_label(column: str, table: str | None = None, columns: Any = ()) -> str:
    """The header people read for a column: "First reported" for `first_reported`, "Lowest value" for `usd_low`.

    `deal_id` next to a `deal` column (the deal's title) is the deal's "Id"; alone it is the "Deal"."""
    column = str(column)
    if column == "deal_id" and "deal" in (columns or ()):
        return "Id"
    label = TABLE_LABELS.get(table or "", {}).get(column) or COLUMN_LABELS.get(column)
    if label:
        return label
    text = column.replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else column


FACET_VALUE_LABELS = {"disputed": {"0": "not disputed", "1": "disputed"},
                      "in_passing": {"0": "no", "1": "in passing"}}


def facet_value_label(column: str, value: Any) -> str:
    """A facet value for people: a 0/1 flag in words ("disputed", "not disputed"), underscores as spaces."""
    text = "" if value is None else str(value)
    return FACET_VALUE_LABELS.get(column, {}).get(text) or text.replace("_", " ")


# Columns a canned query returns for render_cell (the hedge and unit it writes into "~$1B" and "200,000 GPUs"): its
# HTML page leaves them out when the column they explain is there; its JSON and CSV keep them.
HELPER_COLUMNS = {"value_qualifier": "usd", "quantity_unit": "quantity", "value_text": "usd", "quantity_text": "quantity"}


def hidden_query_columns(columns: Any) -> set[str]:
    """The helper columns of a canned query's result that its HTML page does not show."""
    columns = list(columns or ())
    return {name for name, shown_in in HELPER_COLUMNS.items() if name in columns and shown_in in columns}


@hookimpl
def prepare_jinja2_environment(env: Any) -> None:
    """`site_label(column, table)` and `site_facet_value(column, value)` for the table, query and facet templates."""
    env.globals["site_label"] = column_label
    env.globals["site_hidden_query_columns"] = hidden_query_columns
    env.globals["site_facet_value"] = facet_value_label
