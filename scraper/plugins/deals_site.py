"""Datasette plugin of the deals site: the deal page, the charts page, menu links and readable cells.

Loaded with `datasette --plugins-dir scraper/plugins` (as `scraper serve` and `datasette publish` do).
It only reads: it runs the canned queries of metadata.yml and fixed, indexed look-ups.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

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
    """What the deal page shows: the deal, its figures and every claim with outlet, date and article."""
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
        shown = number_text(consensus, unit) if unit else (
            " vs ".join(units) if units else "")
        spread = ""
        if low is not None and high is not None and low != high:
            spread = f"{number_text(low, unit)} to {number_text(high, unit)}" if unit else f"{low:,.0f} to {high:,.0f}"
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
        number = claim["usd"] if claim["usd"] is not None else claim["value"]
        unit = "USD" if claim["usd"] is not None else claim["unit"]
        if number is None and claim["low"] is not None:
            number_shown = f"{number_text(claim['low'], unit)} to {number_text(claim['high'], unit)}"
        else:
            number_shown = number_text(number, unit)
        claims.append({**claim, "field": FIELD_NAMES.get(claim["kind"], claim["kind"]), "number": number_shown,
                       "date": (claim["published"] or "")[:10],
                       "highlighted": highlight(claim["sentence"], claim["text"])})
    return {
        "deal": deal, "figures": figures, "claims": claims,
        "parties": json_list(deal.get("parties")), "chips": json_list(deal.get("chips")),
        "outlet_names": json_list(deal.get("outlet_names")),
        "usd": usd_text(deal.get("usd")), "usd_low": usd_text(deal.get("usd_low")),
        "usd_high": usd_text(deal.get("usd_high")),
        "company_url": lambda name: f"/{quote(database)}/deals_by_company?" + urlencode({"company": name}),
        "chip_url": lambda name: f"/{quote(database)}/deals_by_chip?" + urlencode({"chip_or_vendor": name}),
        "timeline_url": f"/{quote(database)}/deal_timeline_for?" + urlencode({"deal": deal_id}),
        "claims_url": f"/{quote(database)}/claims?" + urlencode({"deal_id": deal_id}),
    }


@hookimpl
def extra_template_vars(template: str, database: str | None, table: str | None, view_name: str,
                        request: Any, datasette: Any) -> Any:
    """Give the row page of a deal (`/deals/deals/<id>`) the deal, its figures and its claims."""
    if view_name != "row" or table != "deals" or request is None:
        return {}

    async def inner() -> dict[str, Any]:
        deal_id = request.url_vars.get("pks", "")
        from datasette.utils import tilde_decode

        context = await deal_context(datasette, database, tilde_decode(deal_id))
        return {"deal_page": context} if context else {}

    return inner


async def charts_page(request: Any, datasette: Any) -> Response:
    """The charts page: deal value over time, by company and by vendor (Vega-Lite, data from canned queries)."""
    database = deals_database(datasette)
    charts = []
    for name, title, description in CHARTS:
        query = await datasette.get_canned_query(database, name, request.actor)
        rows: list[dict[str, Any]] = []
        if query is not None:
            result = await datasette.execute(database, query["sql"])
            rows = [dict(r) for r in result.rows]
        for row in rows:
            row["usd_billions"] = round((row.get("usd") or 0) / 1e9, 3)
            row["usd_text"] = usd_text(row.get("usd"))
        charts.append({"name": name, "title": title, "description": description, "rows": rows,
                       "query_url": f"/{quote(database)}/{name}",
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


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    """The charts page, the JavaScript it needs, and deal pages by slug."""
    return [
        (r"^/-/charts$", charts_page),
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
        {"href": datasette.urls.path(f"/{database}/new_deals_feed.atom"), "label": "Feed: new deals"},
        {"href": datasette.urls.path(f"/{database}/figure_changes_feed.atom"), "label": "Feed: changed figures"},
    ]


@hookimpl
def render_cell(value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """USD amounts as "$13.0 billion" and JSON arrays of names as plain lists, on deal and query pages."""
    if column in MONEY_COLUMNS and isinstance(value, (int, float)) and not isinstance(value, bool):
        return Markup(f'<span title="{value:,.0f} USD">{escape(usd_text(value))}</span>')
    if column in ARRAY_COLUMNS and isinstance(value, str) and value.startswith("["):
        names = json_list(value)
        if not names and value.strip() != "[]":
            return None
        return ", ".join(names)
    return None
