"""The site in a real browser: headless Chromium (Debian's) drives `scraper serve` on loopback.

Chromium and chromedriver are installed with apt-get when missing (as root); the tests skip, saying why,
only where that is impossible. Screenshots go to the test's tmp dir; with UPDATE_SCREENSHOTS=1 the deal
page's is also written to docs/deal-page.png for the README.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, free_port

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SLUG = "amazon-meta-graviton5-2026-04"

pytestmark = pytest.mark.slow


def ensure_chromium() -> str | None:
    """Install Debian's chromium and chromium-driver if missing; the reason they cannot be had, else None."""
    if CHROMIUM.exists() and CHROMEDRIVER.exists():
        return None
    if shutil.which("apt-get") is None:
        return "Chromium is not installed and there is no apt-get to install it"
    if os.geteuid() != 0:
        return "Chromium is not installed and installing it needs root (apt-get install chromium chromium-driver)"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"]):
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            return f"{' '.join(command)} failed: {done.stderr.strip()[-500:]}"
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        return "apt-get ran but /usr/bin/chromium or /usr/bin/chromedriver is still missing"
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A headless Chromium driven by selenium, with a fresh profile."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (test extra)")
    reason = ensure_chromium()
    if reason:
        pytest.skip(reason)
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 "--window-size=1280,1000", f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def server(sample_db, tmp_path_factory):
    """`scraper serve` on a free loopback port over a copy of the seed database."""
    import httpx

    db_path = tmp_path_factory.mktemp("served") / "deals.db"
    shutil.copy(sample_db, db_path)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "scraper", "serve", "--db", str(db_path), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while True:
        try:
            httpx.get(base + "/-/versions.json", timeout=2)
            break
        except httpx.TransportError:
            if time.time() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError(f"scraper serve did not start: {proc.communicate()[0][-2000:]}")
            time.sleep(0.2)
    yield base
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=15)


def wait_for(condition, timeout: float = 15.0):
    """Poll until `condition()` is truthy; return its value or fail."""
    deadline = time.time() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.time() > deadline:
            raise AssertionError("timed out waiting for the page")
        time.sleep(0.1)


def test_home_page(browser, server, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(server + "/")
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "AI infrastructure deals" in browser.title
    assert "Every figure is a claim" in body
    links = {a.text: a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "ul.deals-start a")}
    assert links["new deals"] == server + "/deals/new_deals_feed.atom"
    assert links["figures changed after publication"] == server + "/deals/figure_changes_feed.atom"
    assert links["disputed, side by side"] == server + "/deals/disputed_claims"
    browser.save_screenshot(str(tmp_path / "home.png"))
    assert (tmp_path / "home.png").stat().st_size > 10_000


def test_deal_page(browser, server, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(server + f"/-/deal/{SLUG}")
    assert "/deals/deals/" in browser.current_url
    assert browser.find_element(By.TAG_NAME, "h1").text == "Amazon – Meta deal (Graviton5)"
    assert browser.find_element(By.CSS_SELECTOR, ".deal-parties").text == "Meta (buyer) – Amazon (seller)"
    assert browser.find_element(By.CSS_SELECTOR, ".deal-chips").text == "Graviton5"
    assert "Outlets disagree." in browser.find_element(By.CSS_SELECTOR, ".disputed").text
    claims = browser.find_elements(By.CSS_SELECTOR, "li.claim")
    assert len(claims) == 6
    outlets = [c.find_element(By.CSS_SELECTOR, ".claim-outlet").text for c in claims]
    assert outlets[0] == "Saigon Tech Daily" and outlets.count("Silicon Ledger") == 5
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "blockquote.claim-sentence mark")]
    assert "millions of AWS Graviton chips" in marks and "tens of millions of cores" in marks
    mark = browser.find_element(By.CSS_SELECTOR, "blockquote.claim-sentence mark")
    assert mark.value_of_css_property("background-color") in ("rgba(253, 230, 138, 1)", "rgb(253, 230, 138)")
    article = claims[0].find_element(By.CSS_SELECTOR, "a.claim-article").get_attribute("href")
    assert article.endswith("/saigon-tech/meta-buys-millions-of-amazon-ai-chips.html")
    # The raw row stays one click away.
    assert not browser.find_element(By.CSS_SELECTOR, ".deal-page details.raw-row table").is_displayed()
    browser.find_element(By.CSS_SELECTOR, ".deal-page details.raw-row summary").click()
    assert browser.find_element(By.CSS_SELECTOR, ".deal-page details.raw-row table").is_displayed()
    browser.find_element(By.CSS_SELECTOR, ".deal-page details.raw-row summary").click()
    # Why the reports are one deal: collapsed, then each later report with its probability and reasons.
    reports = browser.find_elements(By.CSS_SELECTOR, "details.deal-evidence li.evidence-report")
    assert reports and not reports[0].is_displayed()
    browser.find_element(By.CSS_SELECTOR, "details.deal-evidence summary").click()
    assert all(r.is_displayed() for r in reports)
    assert all("likely the same deal" in r.text and "For: " in r.text for r in reports)
    browser.save_screenshot(str(tmp_path / "deal-evidence.png"))
    browser.execute_script("window.scrollTo(0, 0)")
    browser.save_screenshot(str(tmp_path / "deal.png"))
    if os.environ.get("UPDATE_SCREENSHOTS"):
        (ROOT / "docs").mkdir(exist_ok=True)
        browser.set_window_size(1100, 1100)  # down to "Why these reports are one deal", opened
        browser.execute_script("window.scrollTo(0, 0)")
        browser.save_screenshot(str(ROOT / "docs" / "deal-page.png"))
        browser.set_window_size(1280, 1000)


def test_charts_render(browser, server, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(server + "/-/charts")
    for name in ("value_by_month", "value_by_company", "value_by_vendor"):
        chart = browser.find_element(By.ID, f"chart-{name}")
        wait_for(lambda: chart.get_attribute("data-rendered") == "1")
        svg = chart.find_element(By.TAG_NAME, "svg")
        assert svg.size["width"] > 200 and svg.size["height"] > 20
    month = browser.find_element(By.ID, "chart-value_by_month")
    labels = [t.text for t in month.find_elements(By.CSS_SELECTOR, "svg text")]
    assert "2026-04" in labels and "USD billions" in labels
    bars = month.find_elements(By.CSS_SELECTOR, "svg .mark-rect path")
    assert len(bars) == 1
    companies = browser.find_element(By.ID, "chart-value_by_company")
    company_labels = [t.text for t in companies.find_elements(By.CSS_SELECTOR, "svg text")]
    assert {"Amazon", "Anthropic", "Meta", "Google"} <= set(company_labels)
    assert len(companies.find_elements(By.CSS_SELECTOR, "svg .mark-rect path")) == 4
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    browser.save_screenshot(str(tmp_path / "charts.png"))
    if os.environ.get("UPDATE_SCREENSHOTS"):
        browser.set_window_size(1100, 900)
        browser.save_screenshot(str(ROOT / "docs" / "charts.png"))
        browser.set_window_size(1280, 1000)


def test_from_home_to_a_deal_a_claim_its_stored_article_and_back(browser, server, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(server + "/")
    browser.find_element(By.LINK_TEXT, "largest").click()
    assert browser.title == "Largest deals: AI infrastructure deals"
    browser.save_screenshot(str(tmp_path / "largest.png"))
    cell = browser.find_element(By.CSS_SELECTOR, "td.col-deal_id a")
    deal_url = cell.get_attribute("href")
    cell.click()
    assert browser.current_url == deal_url and browser.find_elements(By.CSS_SELECTOR, ".deal-page")
    browser.save_screenshot(str(tmp_path / "deal.png"))
    browser.find_element(By.CSS_SELECTOR, "li.claim a.claim-link").click()
    assert "/deals/claims/" in browser.current_url
    assert browser.find_element(By.CSS_SELECTOR, "blockquote.claim-sentence mark").text
    browser.save_screenshot(str(tmp_path / "claim.png"))
    browser.find_element(By.CSS_SELECTOR, "a.claim-stored").click()
    assert "/deals/articles/" in browser.current_url and "claim=" in browser.current_url
    selected = browser.find_element(By.CSS_SELECTOR, ".article-text mark.selected")
    assert selected.text and selected.is_displayed()
    browser.save_screenshot(str(tmp_path / "article.png"))
    browser.back()
    assert "/deals/claims/" in browser.current_url
    browser.find_element(By.CSS_SELECTOR, "a.claim-deal").click()
    assert browser.current_url == deal_url
    for name in ("largest", "deal", "claim", "article"):
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000


def test_tables_read_as_tables_for_people(browser, server, tmp_path):
    from selenium.webdriver.common.by import By

    for path, expected in (("/deals/deal_sheet", ["Id", "Deal", "Type", "Buyer", "Seller", "Chips", "Quantity", "Value"]),
                           ("/deals/deals", ["Id", "Deal", "Type", "Buyer", "Seller", "Chips", "Quantity", "Value"]),
                           ("/deals/largest_deals", ["Id", "Deal", "Type", "Value", "Lowest value"])):
        browser.get(server + path)
        shown = [th.text.strip() for th in browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns th")]
        assert shown[:len(expected)] == expected, (path, shown)
        assert not any("_" in text for text in shown), (path, shown)
        rows = browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns tbody tr")
        assert rows and max(r.size["height"] for r in rows) < 200, (path, [r.size["height"] for r in rows])
        assert "About these columns" not in browser.find_element(By.TAG_NAME, "body").text.split(shown[0])[0]
        browser.save_screenshot(str(tmp_path / (path.rsplit("/", 1)[1] + ".png")))
    browser.get(server + "/deals/deals")
    facet = browser.find_element(By.ID, "facet-disputed").text
    assert facet.startswith("Disputed") and "not disputed" in facet
