"""The `scraper` command line: each command parses its options, calls the pipeline and prints a summary."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .config import Config
from .errors import DatabaseError, InputError, ScraperError

DEFAULT_DB = Config.db
DEFAULT_SOURCES = "data/sources.toml"
DEFAULT_ARCHIVE = Config.archive
DEFAULT_SAMPLE = "data/sample"
DEMO_PORT = 8765  # the sample site's preferred port, so demo URLs stay the same from run to run

db_option = click.option("--db", "db_path", default=DEFAULT_DB, show_default=True,
                         type=click.Path(dir_okay=False, path_type=Path), help="SQLite database file.")
archive_option = click.option("--archive", "archive_dir", default=DEFAULT_ARCHIVE, show_default=True,
                              type=click.Path(file_okay=False, path_type=Path), help="Folder of WARC files.")
sources_option = click.option("--sources", "sources_path", default=DEFAULT_SOURCES, show_default=True,
                              type=click.Path(dir_okay=False, path_type=Path), help="Sources file (TOML).")


class _Commands(click.Group):
    """Every command's errors (a bad file, database or setting) as one line and the error's exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        import sqlite3

        try:
            return super().invoke(ctx)
        except ScraperError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except sqlite3.Error as exc:  # a query on a database that is not one, or not ours
            click.echo(f"Error: {DatabaseError(f'database: {exc}')}", err=True)
            ctx.exit(DatabaseError.exit_code)


@click.group(cls=_Commands)
@click.version_option(__version__, prog_name="scraper")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def cli(verbose: int) -> None:
    """Track AI-infrastructure deals in the news: who said what, with which figures."""
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(level=max(level, logging.DEBUG), format="%(levelname)s %(name)s: %(message)s")


class _Progress:
    """A progress bar over article fetches on a terminal; plain log lines otherwise (cron, CI)."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.tty = sys.stderr.isatty()
        self.done = 0
        self.total = 0

    def __call__(self, event: str, data: dict[str, Any]) -> None:
        if event == "articles":
            self.total, self.done = data.get("total", 0), 0
            if self.tty and self.total:
                self.close()
                self.bar = click.progressbar(length=self.total, label="articles", file=sys.stderr)
                self.bar.__enter__()
            elif self.total:
                click.echo(f"fetching {self.total} articles", err=True)
        elif event == "article":
            self.done += 1
            if self.bar is not None:
                self.bar.update(1)
            elif not self.tty and data.get("error") and data.get("error") != "robots":
                click.echo(f"failed {data['url']}: {data['error']}", err=True)
            elif not self.tty and self.done % 100 == 0:
                click.echo(f"{self.done}/{self.total} articles", err=True)
        elif event == "feed" and not self.tty:
            click.echo(f"feed {data['source']}: {data['links']} links", err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def crawl_options(func):
    """The options shared by `crawl` and `run`; unset ones come from the sources file's [settings]."""
    for option in reversed([
        click.option("--db", "db_path", default=None, type=click.Path(dir_okay=False, path_type=Path),
                     help=f"SQLite database file [default: {DEFAULT_DB}]."),
        sources_option,
        click.option("--archive", "archive_dir", default=None, type=click.Path(file_okay=False, path_type=Path),
                     help=f"Folder of WARC files [default: {DEFAULT_ARCHIVE}]."),
        click.option("--feed", "feeds", multiple=True, metavar="URL",
                     help="Also crawl this feed (RSS, Atom, JSON Feed or sitemap) for this run; repeatable."),
        click.option("--contact", default=None, help="Contact URL or mailto: sent in the User-Agent."),
        click.option("--delay", type=float, default=None, help="Minimum seconds between requests to one host."),
        click.option("--per-host", type=int, default=None, help="Concurrent requests to one host."),
        click.option("--timeout", type=float, default=None, help="Seconds allowed for one request."),
        click.option("--threshold", type=float, default=None,
                     help="Relevance (0..1) below which an article yields no claims."),
        click.option("--log-format", type=click.Choice(["text", "json"]), default="text", show_default=True,
                     help="text: progress bar and summary; json: one JSON object per event on stderr."),
    ]):
        func = option(func)
    return func


def effective_config(sources_path: Path, **overrides: Any) -> Config:
    """Defaults < the sources file's [settings] < command-line options; a bad value is a ConfigError (exit 2)."""
    from .config import load_config

    return load_config(sources_path, {k: str(v) if isinstance(v, Path) else v for k, v in overrides.items()})


def database_path(sources_path: Path, db_path: Path | None) -> Path:
    """The database of a command: --db, else the sources file's [settings] db, else the default (as for `run`)."""
    return Path(effective_config(sources_path, db=db_path).db)


class _JsonLog:
    """One JSON object per pipeline event on standard error, for machines."""

    def __call__(self, event: str, data: dict[str, Any]) -> None:
        from .dates import utc_now

        sys.stderr.write(json.dumps({"time": utc_now(), "event": event, **data}, default=str) + "\n")
        sys.stderr.flush()

    def close(self) -> None:
        return None


def _do_crawl(command: str, db_path: Path | None, sources_path: Path, archive_dir: Path | None,
              feeds: tuple[str, ...], contact: str | None, delay: float | None, per_host: int | None,
              timeout: float | None, threshold: float | None, log_format: str = "text",
              should_stop=lambda: False) -> int:
    """One crawl; returns the exit code (0 ok, 1 some sources failed or the run was stopped)."""
    from .crawl import crawl
    from .pipeline import Settings
    from .sources import SourcesConfig, feed_source, load_sources

    config = effective_config(sources_path, db=db_path, archive=archive_dir, contact=contact, delay=delay,
                              per_host=per_host, timeout=timeout, relevance_threshold=threshold)
    sources = SourcesConfig() if feeds and not sources_path.exists() else load_sources(sources_path)
    settings = Settings.from_config(config)
    progress = _JsonLog() if log_format == "json" else _Progress()
    try:
        summary = crawl(sources, settings, extra_feeds=[feed_source(u) for u in feeds], command=command,
                        progress=progress, should_stop=should_stop)
    except OSError as exc:  # the archive folder cannot be written
        raise click.ClickException(f"cannot write {exc.filename or config.archive}: {exc.strerror or exc}") from None
    finally:
        progress.close()
    if log_format == "text":
        click.echo(f"{command}: {_totals_line(summary, settings.db_path)}")
        for failure in summary.failed_sources:
            click.echo(f"  source failed: {failure}", err=True)
        for failing in summary.failing_sources:
            click.echo(f"  failing for {config.failing_runs}+ runs: {failing}", err=True)
        if summary.out_of_time:
            click.echo(f"  stopped after max_run_minutes = {config.max_run_minutes:g}; the next run picks up the rest",
                       err=True)
        elif summary.interrupted:
            click.echo("  stopped early on request; the next run picks up the rest", err=True)
    return 1 if summary.failed_sources or summary.interrupted else 0


@cli.command()
@crawl_options
def crawl(**options: Any) -> None:
    """Discover, fetch and archive new articles, extract their claims and link deals.

    SIGINT/SIGTERM finish the current write, end the run's row and link what was stored (exit 1).
    """
    from .schedule import StopSignal

    with StopSignal() as stop:
        code = _do_crawl("crawl", should_stop=stop, **options)
    sys.exit(code)


@cli.command()
@crawl_options
@click.option("--every", default=None, metavar="INTERVAL",
              help="Keep running: one pass, then wait INTERVAL (30m, 2h, 1d) and run again, until stopped.")
def run(every: str | None, **options: Any) -> None:
    """The scheduled job: crawl + extract + link, one run at a time.

    Exit codes: 0 success, 1 partial (some sources failed; listed), 2 configuration or usage
    error, 3 another run holds the lock. SIGINT/SIGTERM finish the current write and stop.
    """
    from .schedule import RunLock, StopSignal, parse_interval

    interval = None
    if every is not None:
        try:
            interval = parse_interval(every)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--every") from None
    config = effective_config(options["sources_path"], db=options["db_path"])
    code = 0
    with RunLock(config.db), StopSignal() as stop:  # LockHeld: exit 3
        while True:
            code = _do_crawl("run", should_stop=stop, **options)
            if interval is None or stop.wait(interval):
                break
    sys.exit(code)


@cli.command("config")
@sources_option
def show_config(sources_path: Path) -> None:
    """Print the effective configuration (defaults < the sources file's [settings])."""
    from .config import render

    config = effective_config(sources_path)
    where = sources_path if sources_path.exists() else "defaults only: no sources file"
    click.echo(f"# effective configuration ({where})")
    click.echo(render(config), nl=False)


settings_db_option = click.option("--db", "db_path", default=None, type=click.Path(dir_okay=False, path_type=Path),
                                  help=f"SQLite database file [default: the sources file's, or {DEFAULT_DB}].")
threshold_option = click.option(
    "--threshold", type=float, default=None,
    help=f"Relevance (0..1) below which an article yields no claims [default: {Config.relevance_threshold}].")


@cli.command()
@settings_db_option
@click.option("--archive", "archive_dir", default=None, type=click.Path(file_okay=False, path_type=Path),
              help=f"Folder of WARC files [default: the sources file's, or {DEFAULT_ARCHIVE}].")
@sources_option
@threshold_option
def reprocess(db_path: Path | None, archive_dir: Path | None, sources_path: Path, threshold: float | None) -> None:
    """Rebuild articles, claims and deals from the WARC archive alone (offline); settings as for `run`."""
    from .pipeline import Settings, reprocess as run_reprocess

    config = effective_config(sources_path, db=db_path, archive=archive_dir, relevance_threshold=threshold)
    settings = Settings.from_config(config)
    if not settings.archive_dir.is_dir():
        raise click.UsageError(f"{settings.archive_dir}: archive folder not found")
    progress = _Progress()
    try:
        summary = run_reprocess(settings, progress=progress)
    finally:
        progress.close()
    click.echo(f"reprocess: {summary.articles} articles, {summary.claims} claims, {summary.deals} deals")


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="WARC_OR_URL...")
@click.option("--workers", type=click.IntRange(1, 1024), default=None,
              help="Worker processes of the local Dask cluster [default: one per CPU]; 1 reads in this process.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Run on an existing Dask cluster (tcp://host:8786) instead of a local one.")
@click.option("--retries", type=click.IntRange(0, 20), default=2, show_default=True,
              help="Attempts after the first for a file that cannot be read; then it is recorded as failed.")
@click.option("--listing-base", default="https://data.commoncrawl.org/", show_default=True,
              help="What the relative paths of a local warc.paths(.gz) listing are relative to.")
@settings_db_option
@sources_option
@threshold_option
def backfill(inputs: tuple[str, ...], workers: int | None, scheduler: str | None, retries: int, listing_base: str,
             db_path: Path | None, sources_path: Path, threshold: float | None) -> None:
    """Read web-archive WARC files (paths, globs, http(s)/s3 URLs, CC-NEWS warc.paths.gz listings) into the database.

    HTML responses pass a cheap prefilter, then the crawl's own extraction; files done by an earlier run are
    skipped, failed ones are recorded and tried again next time. Exit code 1 when a file failed.
    """
    import os

    from .backfill import backfill as run_backfill
    from .pipeline import Settings

    config = effective_config(sources_path, db=db_path, relevance_threshold=threshold)
    settings = Settings.from_config(config)
    workers = workers or os.cpu_count() or 1

    def progress(event: str, data: dict[str, Any]) -> None:
        if event == "plan":
            click.echo(f"backfill: {data['files']} files, {data['skipped']} already done, {data['todo']} to read"
                       + (f" on {scheduler}" if scheduler else f" with {workers} worker(s)"), err=True)
        elif event == "file" and data["status"] == "failed":
            click.echo(f"[{data['done']}/{data['todo']}] {data['name']}: failed: {data['error']}", err=True)
        elif event == "file":
            click.echo(f"[{data['done']}/{data['todo']}] {data['name']}: {data['records']:,} records in "
                       f"{data['seconds']:.1f} s ({data['rate']:,.0f} records/s), {data['candidates']:,} past the "
                       f"prefilter, {data['relevant']:,} relevant, {data['articles']:,} articles, "
                       f"{data['claims']:,} claims" + (f", {data['bad']} damaged records" if data["bad"] else ""),
                       err=True)

    summary = run_backfill(inputs, settings, workers=workers, scheduler=scheduler, retries=retries,
                           listing_base=listing_base, progress=progress)
    click.echo(f"backfill: {summary.line()}")
    for failure in summary.failures:
        click.echo(f"  failed: {failure}", err=True)
    sys.exit(1 if summary.failed else 0)


@cli.command("import")
@click.argument("file", type=click.File("rb"))
@settings_db_option
@sources_option
@threshold_option
def import_(file: Any, db_path: Path | None, sources_path: Path, threshold: float | None) -> None:
    """Run documents from a JSON-lines FILE (url, html or text, title, published, outlet) through the pipeline.

    A bad line is named (line number and reason) and skipped; the totals are what was stored. Settings
    (`relevance_threshold`, `max_claims`, `db`) come from the sources file's [settings], as for `run`.
    """
    from .pipeline import Settings, import_documents

    config = effective_config(sources_path, db=db_path, relevance_threshold=threshold)
    summary = import_documents(file, Settings.from_config(config))
    click.echo(f"import: {summary.articles} articles, {summary.claims} claims, {summary.deals} deals"
               + (f", {summary.failed} bad lines" if summary.failed else ""))
    for failure in summary.failures:
        click.echo(f"  skipped {failure}", err=True)


@cli.command()
@settings_db_option
@sources_option
@click.option("--explain", "explain", metavar="DEAL", help="print why a deal's reports are one deal (id or slug)")
def link(db_path: Path | None, sources_path: Path, explain: str | None) -> None:
    """Rebuild deals from the stored claims (no fetching, no extraction)."""
    from .db import deal_evidence, open_db
    from .pipeline import Settings, relink

    db_path = database_path(sources_path, db_path)
    if not db_path.exists():
        raise click.UsageError(f"{db_path}: database not found")
    if explain:
        deal, rows = deal_evidence(open_db(db_path), explain)
        if deal is None:
            raise click.UsageError(f"--explain: no deal {explain!r} in {db_path}")
        click.echo(f"{deal['title']} ({deal['id']}, {deal['slug']}): {len(rows)} report(s)")
        for row in rows:
            click.echo(_evidence_line(row))
        return
    click.echo(f"link: {relink(Settings(db_path=db_path))} deals")


def _evidence_line(row: dict) -> str:
    """One report of a deal and the evidence that put it there."""
    where = f"{row['outlet'] or '?'} {(row['published'] or 'undated')[:10]} {row['article_url']}#{row['report']}"
    if row["step"] == "first report":
        return f"  first report: {where}"
    top = sorted(row["contributions"].items(), key=lambda kv: -abs(kv[1]))
    because = ", ".join(f"{name} {value:+.2f}" for name, value in top)
    return (f"  {row['step']} with p={row['probability']:.2f} (average over {row['compared_with']} report(s)): "
            f"{where}\n      because {because or 'nothing stood out'}")


@cli.command()
@settings_db_option
@sources_option
def check(db_path: Path | None, sources_path: Path) -> None:
    """Check the database's integrity and rebuild its full-text indexes (exit 1 on problems)."""
    from .db import check as check_db, open_db

    db_path = database_path(sources_path, db_path)
    if not db_path.exists():
        raise click.UsageError(f"{db_path}: database not found")
    db = open_db(db_path)
    problems = check_db(db)
    for problem in problems:
        click.echo(f"problem: {problem}", err=True)
    from .db import counts as row_counts

    counts = ", ".join(f"{n} {t}" for t, n in row_counts(db).items())
    click.echo(f"check: {'ok' if not problems else f'{len(problems)} problem(s)'} ({counts}); full-text indexes rebuilt")
    sys.exit(1 if problems else 0)


@cli.command()
@settings_db_option
@sources_option
def digest(db_path: Path | None, sources_path: Path) -> None:
    """Print a fingerprint of the data (articles, claims, deals), to tell whether a run changed anything."""
    from .db import digest as data_digest, open_db

    db_path = database_path(sources_path, db_path)
    if not db_path.exists():
        click.echo("none")
        return
    click.echo(data_digest(open_db(db_path)))


@cli.command()
@settings_db_option
@sources_option
def vacuum(db_path: Path | None, sources_path: Path) -> None:
    """Optimise the full-text indexes and compact the database file."""
    from .db import open_db, vacuum as vacuum_db

    db_path = database_path(sources_path, db_path)
    if not db_path.exists():
        raise click.UsageError(f"{db_path}: database not found")
    before = db_path.stat().st_size
    vacuum_db(open_db(db_path))
    click.echo(f"vacuum: {before:,} -> {db_path.stat().st_size:,} bytes")


@cli.command()
@settings_db_option
@sources_option
@click.option("--unknown", is_flag=True, required=True, help="List organisations the gazetteer does not know.")
@click.option("--limit", default=50, show_default=True, help="How many to list.")
def entities(db_path: Path | None, sources_path: Path, unknown: bool, limit: int) -> None:
    """List organisations seen in articles but missing from the gazetteer, with counts, so it can grow."""
    from .pipeline import Settings, unknown_organisations

    db_path = database_path(sources_path, db_path)
    if not db_path.exists():
        raise click.UsageError(f"{db_path}: database not found")
    found = unknown_organisations(Settings(db_path=db_path))
    for name, count in found[:limit]:
        click.echo(f"{count:6d}  {name}")
    if not found:
        click.echo("no unknown organisations")


def read_document(file: str) -> str:
    """Read a document for `analyze`, refusing missing, empty and binary input with a clear message."""
    if file == "-":
        data = sys.stdin.buffer.read()
        name = "standard input"
    else:
        path = Path(file)
        if not path.exists():
            raise InputError(f"{file}: no such file")
        if path.is_dir():
            raise InputError(f"{file}: is a directory, not a document")
        data = path.read_bytes()
        name = file
    from .encoding import decode_document

    return decode_document(data, name)


@cli.command()
@click.argument("file")
def analyze(file: str) -> None:
    """Print the companies, chips, figures and deals of FILE (text or HTML; - for standard input) as JSON."""
    from .pipeline import analyze as run_analyze

    click.echo(json.dumps(run_analyze(read_document(file)), indent=2, ensure_ascii=False))


def _port_busy(host: str, port: int) -> str | None:
    """Why nothing can listen on host:port (the port is taken, or the address is not ours), else None."""
    import socket

    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
    except OSError as exc:
        return "the port is already in use" if exc.errno == 98 else (exc.strerror or str(exc))
    return None


def _totals_line(summary: Any, db_path: Path) -> str:
    """A run's summary, saying which counts are this run's and which are the database's totals."""
    from .db import counts, open_db

    db = open_db(db_path)
    try:
        total = counts(db)
    finally:
        db.close()
    ours = f"; {summary.articles} articles, {summary.claims} claims, {summary.deals} deals"
    line = summary.line().replace(ours, f"; {summary.articles} articles and {summary.claims} claims stored")
    return (f"this run: {line}; the database now holds {total['articles']} articles, {total['claims']} claims,"
            f" {total['deals']} deals")


def _serve(db_path: Path, host: str, port: int, metadata: Path | None, public: bool = False) -> None:
    from datasette.cli import cli as datasette_cli

    from .publish import datasette_args

    args = datasette_args(db_path, host, port, metadata, public=public)
    busy = _port_busy(host, port)
    if busy:
        click.echo(f"Error: cannot serve on {host}:{port}: {busy}; choose another port with --port", err=True)
        sys.exit(2)
    click.echo(f"Serving {db_path} at http://{host}:{port}/ (Ctrl-C to stop)")
    try:
        datasette_cli.main(args, prog_name="datasette", standalone_mode=False)
    except KeyboardInterrupt:
        pass
    click.echo("stopped")


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8001, show_default=True, type=int, help="Port to listen on.")
@click.option("--metadata", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Datasette metadata file (default: ./metadata.yml).")
@click.option("--public", is_flag=True,
              help="Settings for the open internet: read-only, no arbitrary SQL, stricter limits (see README).")
def serve(db_path: Path, host: str, port: int, metadata: Path | None, public: bool) -> None:
    """Browse the database with Datasette."""
    if not db_path.exists():
        raise click.UsageError(f"{db_path}: database not found; run `scraper demo --no-serve` or `scraper run` first")
    _serve(db_path, host, port, metadata, public)


@cli.command()
@click.argument("target", type=click.Choice(["serve", "package", "cloudrun", "vercel", "fly", "heroku"]))
@db_option
@click.option("--metadata", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Datasette metadata file (default: ./metadata.yml).")
@click.option("--public", is_flag=True, help="Internet settings for `serve` too (publish targets always use them).")
@click.option("--out", default=Path("build"), show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the generated metadata file.")
@click.option("--run", "run_it", is_flag=True, help="Run the command instead of printing it.")
def publish(target: str, db_path: Path, metadata: Path | None, public: bool, out: Path, run_it: bool) -> None:
    """Print (or --run) the `datasette publish TARGET` command for this site: metadata, templates, plugins, settings."""
    import shlex
    import subprocess

    from .publish import metadata_path, site_command

    meta = metadata_path(metadata)
    if meta is None:
        raise click.UsageError("metadata.yml not found; pass --metadata")
    command = site_command(target, db_path, meta, public=public, out_dir=out)
    if not run_it:
        click.echo(shlex.join(command))
        return
    raise SystemExit(subprocess.call(command))


@cli.command()
@db_option
@archive_option
@click.option("--sample", "sample_dir", default=DEFAULT_SAMPLE, show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder of the sample site.")
@click.option("--serve/--no-serve", default=True, help="Serve the database with Datasette afterwards.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True, type=int)
def demo(db_path: Path, archive_dir: Path, sample_dir: Path, serve: bool, host: str, port: int) -> None:
    """Crawl the bundled sample site over loopback into the database, then serve it."""
    import dataclasses

    from .crawl import crawl
    from .pipeline import Settings
    from .sample_site import SampleSite
    from .sources import SourcesConfig, feed_source

    if not sample_dir.is_dir():
        raise click.UsageError(f"{sample_dir}: sample folder not found (run from the project folder)")
    try:
        site = SampleSite(sample_dir, port=DEMO_PORT).__enter__()
    except OSError:
        site = SampleSite(sample_dir).__enter__()
    try:
        click.echo(f"Sample site at {site.base}/")
        settings = Settings.from_config(Config(db=str(db_path), archive=str(archive_dir), delay=0.05, timeout=10,
                                               retries=1))
        settings.fetch = dataclasses.replace(settings.fetch, backoff_base=0.1)
        summary = crawl(SourcesConfig(), settings, extra_feeds=[feed_source(f"{site.base}/feed.xml")],
                        command="demo")
    finally:
        site.__exit__(None, None, None)
    click.echo(f"demo: {_totals_line(summary, db_path)}")
    click.echo(f"Database: {db_path}")
    if serve:
        _serve(db_path, host, port, None)


def main() -> None:
    """Entry point for `python -m scraper`."""
    cli(prog_name="scraper")
