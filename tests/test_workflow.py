"""The GitHub Actions workflow is valid, calls commands that exist, and its steps work on the sample."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import sqlite_utils
import yaml
from click.testing import CliRunner

from conftest import ROOT, SAMPLE
from scraper.cli import cli
from scraper.sample_site import SampleSite

WORKFLOW = ROOT / ".github" / "workflows" / "scrape.yml"


def steps() -> list[dict]:
    data = yaml.safe_load(WORKFLOW.read_text())
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["schedule"][0]["cron"] and "workflow_dispatch" in triggers
    (job,) = data["jobs"].values()
    return job["steps"]


def test_workflow_steps_call_commands_that_exist():
    makefile = (ROOT / "Makefile").read_text()
    readme = (ROOT / "README.md").read_text()
    commands = cli.list_commands(None)
    seen = set()
    for step in steps():
        for make_target in re.findall(r"\bmake (\w+)", step.get("run", "")):
            assert re.search(rf"^{make_target}:", makefile, re.M), make_target
        for sub in re.findall(r"\.venv/bin/scraper (\w+)", step.get("run", "")):
            assert sub in commands, sub
            seen.add(sub)
    assert {"run", "check", "digest", "vacuum"} <= seen
    # The workflow runs the README's scheduled command.
    assert ".venv/bin/scraper run" in readme


def run_step(step: dict, workdir: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=workdir, env=env, capture_output=True, text=True,
                          timeout=120)


def test_workflow_steps_run_on_the_sample(tmp_path):
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", str(origin)], check=True)
    work = tmp_path / "work"
    (work / "data").mkdir(parents=True)
    # The workflow calls .venv/bin/scraper: a shim runs this interpreter's scraper, wherever it is installed.
    shim = work / ".venv" / "bin" / "scraper"
    shim.parent.mkdir(parents=True)
    shim.write_text(f"#!/bin/sh\nexec {shlex.quote(sys.executable)} -m scraper \"$@\"\n")
    shim.chmod(0o755)
    subprocess.run(["git", "init", "-q", str(work)], check=True)
    subprocess.run(["git", "-C", str(work), "remote", "add", "origin", str(origin)], check=True)
    env = dict(os.environ, GITHUB_WORKSPACE=str(work), GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    wanted = [s for s in steps() if "run" in s and s.get("name") not in ("Install", "Publish with Datasette (optional)")]
    assert [s["name"] for s in wanted] == ["Restore the previous database", "Run the scheduled job",
                                           "Check the database", "Commit the database when its data changed"]
    with SampleSite(SAMPLE) as site:
        (work / "data" / "sources.toml").write_text(
            f'[settings]\ndelay = 0\n\n[[source]]\nname = "Sample"\nurl = "{site.base}/feed.xml"\nkind = "rss"\ntopical = true\n')
        outputs = []
        for _ in range(2):
            for step in wanted:
                done = run_step(step, work, env)
                assert done.returncode == 0, (step["name"], done.stdout, done.stderr)
                outputs.append(done.stdout + done.stderr)
    assert "no data branch yet" in outputs[0]
    assert "no new data" in outputs[-1]  # the second pass changed nothing: nothing committed
    shown = subprocess.run(["git", "--git-dir", str(origin), "show", "data:deals.db"], capture_output=True, check=True)
    restored = tmp_path / "restored.db"
    restored.write_bytes(shown.stdout)
    db = sqlite_utils.Database(restored)
    assert db["articles"].count == 2
    assert any("Graviton5" in d["chips"] for d in db.query("select chips from deals"))
    log = subprocess.run(["git", "--git-dir", str(origin), "log", "--oneline", "data"], capture_output=True,
                         text=True, check=True)
    assert len(log.stdout.splitlines()) == 1
    assert CliRunner().invoke(cli, ["digest", "--db", str(restored)]).output.strip() == \
        (work / "data" / "deals.digest").read_text().strip()
