"""Publishing: the Datasette configuration the project serves its database with (`scraper serve`, `datasette publish`).

`python -m scraper.publish [--public] [--db PATH] {serve,package,cloudrun,vercel,fly,heroku}` prints the exact
`datasette` command for the same configuration (and writes the metadata file it names).
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE / "templates"
PLUGINS_DIR = PACKAGE / "plugins"
# Plugins from PyPI the site needs wherever it runs (`datasette publish --install ...`).
PLUGIN_PACKAGES = ["datasette-atom"]

# Settings for a server on one's own machine. Table pages stay fast at a million claims: no facet
# suggestions (a full scan per column), facets on indexed columns (db.INDEXES; companies and chips
# through the deal_parties and deal_chips link tables) with a 200 ms budget each.
SETTINGS: dict[str, str] = {
    "sql_time_limit_ms": "3000",
    "max_returned_rows": "1000",
    "suggest_facets": "off",
    "facet_time_limit_ms": "200",
    "default_facet_size": "20",
    "default_page_size": "50",
    "allow_download": "off",
    "default_cache_ttl": "60",
}
# On the open internet: tighter limits, no CSV streaming of whole tables, no download of the file.
PUBLIC_SETTINGS: dict[str, str] = {
    **SETTINGS,
    "sql_time_limit_ms": "1000",
    "max_returned_rows": "1000",
    "allow_csv_stream": "off",
    "max_csv_mb": "10",
    "default_cache_ttl": "300",
}


def metadata_path(metadata: Path | None) -> Path | None:
    """The metadata file to serve with: the one given, ./metadata.yml, or the project's."""
    if metadata is not None:
        return metadata
    for candidate in (Path("metadata.yml"), PACKAGE.parent / "metadata.yml"):
        if candidate.exists():
            return candidate
    return None


def settings(public: bool = False) -> dict[str, str]:
    """Datasette settings for a local server, or for the open internet when `public`."""
    return dict(PUBLIC_SETTINGS if public else SETTINGS)


def setting_args(public: bool = False) -> list[str]:
    """The settings as `--setting NAME VALUE` arguments."""
    args: list[str] = []
    for name, value in settings(public).items():
        args += ["--setting", name, value]
    return args


def datasette_args(db_path: Path, host: str, port: int, metadata: Path | None, *, public: bool = False,
                   templates_dir: Path = TEMPLATES_DIR, plugins_dir: Path = PLUGINS_DIR) -> list[str]:
    """The `datasette serve` arguments for the project's database and configuration."""
    args = ["serve", str(db_path), "--host", host, "--port", str(port),
            "--template-dir", str(templates_dir), "--plugins-dir", str(plugins_dir), *setting_args(public)]
    meta = metadata_path(metadata)
    if meta is not None:
        args += ["--metadata", str(metadata_for(db_path, meta, public=public))]
    return args


def load_metadata(meta: Path, db_name: str = "deals", *, public: bool = False) -> dict[str, Any]:
    """metadata.yml as a dict, for a database named `db_name`; `public` turns arbitrary SQL off."""
    import yaml

    data = yaml.safe_load(meta.read_text(encoding="utf-8")) or {}
    if db_name != "deals":
        databases = data.get("databases") or {}
        if "deals" in databases:
            databases[db_name] = databases.pop("deals")
        if isinstance(data.get("description_html"), str):
            data["description_html"] = data["description_html"].replace('href="deals/', f'href="{db_name}/')
        # The feeds build their entries' links in SQL ('/deals/deals/' || id): to this database's pages.
        for query in ((databases.get(db_name) or {}).get("queries") or {}).values():
            if isinstance(query, dict) and isinstance(query.get("sql"), str):
                query["sql"] = query["sql"].replace("'/deals/", f"'/{db_name}/")
    if public:
        # Canned queries, tables, facets and search stay; the SQL editor and ?sql= are refused.
        data["allow_sql"] = False
    return data


def metadata_for(db_path: Path, meta: Path, *, public: bool = False, out_dir: Path | None = None) -> Path:
    """The metadata file to serve `db_path` with: metadata.yml itself, or a copy adapted to the name and mode."""
    name = Path(db_path).stem
    if name == "deals" and not public:
        return meta
    import yaml

    out = Path(out_dir or tempfile.mkdtemp(prefix="scraper-serve-")) / (
        "metadata-public.yml" if public else "metadata.yml")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(yaml.safe_dump(load_metadata(meta, name, public=public), sort_keys=False, allow_unicode=True),
                   encoding="utf-8")
    return out


def publish_command(target: str, db_path: Path, metadata: Path, *, public: bool = True,
                    name: str = "ai-deals") -> list[str]:
    """`datasette publish TARGET` (or `datasette package`) with the site's templates, plugins and settings."""
    extra = " ".join(shlex.quote(a) for a in setting_args(public))
    args = ["datasette", "package"] if target == "package" else ["datasette", "publish", target]
    args += [shown(db_path), "--metadata", shown(metadata), "--template-dir", shown(TEMPLATES_DIR),
             "--plugins-dir", shown(PLUGINS_DIR), "--extra-options", extra]
    for package in PLUGIN_PACKAGES:
        args += ["--install", package]
    naming = {"package": "--tag", "cloudrun": "--service", "vercel": "--project", "fly": "--app", "heroku": "--name"}
    if target in naming:
        args += [naming[target], name]
    return args


def shown(path: Path) -> str:
    """A path as a command line in the README shows it: relative to the current folder when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


TARGETS = ["serve", "package", "cloudrun", "vercel", "fly", "heroku"]


def site_command(target: str, db_path: Path, metadata: Path, *, public: bool = False,
                 out_dir: Path = Path("build")) -> list[str]:
    """The `datasette` command that serves or publishes the database with the site's configuration."""
    public = public or target != "serve"
    meta = metadata_for(db_path, metadata, public=public, out_dir=out_dir)
    if target == "serve":
        return ["datasette", "serve", shown(db_path), "--metadata", shown(meta), "--template-dir",
                shown(TEMPLATES_DIR), "--plugins-dir", shown(PLUGINS_DIR), *setting_args(public)]
    return publish_command(target, db_path, meta, public=public)


def main(argv: list[str] | None = None) -> int:
    """Print the `datasette` command that serves or publishes the database with the site's configuration."""
    parser = argparse.ArgumentParser(prog="python -m scraper.publish", description=main.__doc__)
    parser.add_argument("target", choices=TARGETS)
    parser.add_argument("--db", default="data/deals.db", type=Path)
    parser.add_argument("--metadata", default=None, type=Path)
    parser.add_argument("--public", action="store_true", help="Read-only internet settings, no arbitrary SQL.")
    parser.add_argument("--out", default="build", type=Path, help="Folder for the generated metadata file.")
    options = parser.parse_args(argv)
    meta = metadata_path(options.metadata)
    if meta is None:
        parser.error("metadata.yml not found")
    print(shlex.join(site_command(options.target, options.db, meta, public=options.public, out_dir=options.out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
