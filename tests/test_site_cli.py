"""The site's command-line edges: a busy port, and summaries that say which counts are this run's."""

from __future__ import annotations

import re
import socket

from click.testing import CliRunner

from conftest import ROOT
from scraper.cli import cli


def test_busy_port_is_an_error_that_suggests_another(sample_db, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--db", str(sample_db), "--port", str(port)])
    assert result.exit_code == 2, result.output
    assert f"127.0.0.1:{port}" in result.output and "already in use" in result.output and "--port" in result.output
    assert "Serving" not in result.output


def test_demo_says_which_counts_are_this_runs_and_which_are_totals(tmp_path):
    args = ["demo", "--no-serve", "--db", str(tmp_path / "demo.db"), "--archive", str(tmp_path / "archive"),
            "--sample", str(ROOT / "data" / "sample")]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "this run:" in first.output and "2 articles and" in first.output
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0, again.output
    line = next(l for l in again.output.splitlines() if l.startswith("demo:"))
    totals = re.search(r"the database now holds (\d+) articles, (\d+) claims, (\d+) deals", line)
    assert totals and totals.group(1) == "2" and int(totals.group(3)) >= 3, line
    assert "this run:" in line and "0 articles and 0 claims stored" in line
