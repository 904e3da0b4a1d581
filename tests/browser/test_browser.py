"""A clinician's path in a real browser: every page, a filter, a permalink in a fresh browser, an export."""

from __future__ import annotations

import csv
import io
import re

import pytest

from evidence.filters import Filters, apply_filters
from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

PAGES = {  # a non-root page first: the server's very first request must not show "page not found"
    "Evidence_table": "Evidence table",
    "": "Refractory juvenile dermatomyositis",
    "Compare_therapies": "Compare therapies",
    "Study": "Study",
    "Export": "Export",
}
TIMEOUT = 30_000


def wait_ready(page) -> None:
    """Wait until Streamlit has finished running the script (no 'running' status widget)."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=TIMEOUT)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-testid*=\"keleton\"]')"
        " && document.querySelector('[data-testid=\"stMain\"] h1')",
        timeout=TIMEOUT,
    )
    page.wait_for_timeout(500)


def metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def choose(page, widget_label: str, option: str) -> None:
    select = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text=widget_label)
    select.locator("input").click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


def expected_rows(evidence, filters: Filters) -> list[tuple[str, str]]:
    rows = apply_filters(evidence.arms, filters)
    return list(zip(rows["study_id"], rows["arm_id"], strict=True))


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_opens_in_a_real_browser(server, page, path):
    page.goto(f"{server}/{path}")
    wait_ready(page)
    assert PAGES[path] in page.locator('[data-testid="stMain"] h1').first.inner_text()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[role="dialog"]').count() == 0, page.locator('[role="dialog"]').first.inner_text()
    page.screenshot(path=str(ARTIFACTS / f"page-{path or 'overview'}.png"), full_page=True)


def test_filter_then_permalink_in_a_fresh_browser_then_csv_download(server, browser, page, evidence):
    mda5 = Filters(antibodies=("anti_mda5",))
    expected = expected_rows(evidence, mda5)
    assert 0 < len(expected) < len(evidence.arms)

    page.goto(f"{server}/Evidence_table")
    wait_ready(page)
    assert metric(page, "Study arms shown") == str(len(evidence.arms))
    choose(page, "Antibody positive", "anti-MDA5")
    page.wait_for_url(re.compile(r"antibodies=anti_mda5"), timeout=TIMEOUT)
    wait_ready(page)
    page.wait_for_function(
        "n => [...document.querySelectorAll('[data-testid=\"stMetricValue\"]')].some(e => e.innerText.trim() === n)",
        arg=str(len(expected)),
        timeout=TIMEOUT,
    )
    assert metric(page, "Study arms shown") == str(len(expected))
    shown = {
        "arms": metric(page, "Study arms shown"),
        "studies": metric(page, "Studies"),
        "patients": metric(page, "Patients"),
    }
    page.screenshot(path=str(ARTIFACTS / "evidence-anti-mda5.png"), full_page=True)
    permalink = page.url

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    try:
        other = fresh.new_page()
        other.goto(permalink)
        wait_ready(other)
        assert {
            "arms": metric(other, "Study arms shown"),
            "studies": metric(other, "Studies"),
            "patients": metric(other, "Patients"),
        } == shown
        other.screenshot(path=str(ARTIFACTS / "permalink-fresh-context.png"), full_page=True)

        other.get_by_role("link", name=re.compile("Export")).first.click()
        wait_ready(other)
        other.wait_for_url(
            re.compile(r"Export\?.*antibodies=anti_mda5"), timeout=TIMEOUT
        )  # filters follow the clinician
        with other.expect_download(timeout=TIMEOUT) as info:
            other.get_by_role("button", name="Evidence table (CSV)").click()
        download = info.value
        rows = list(csv.DictReader(io.StringIO(download.path().read_text(encoding="utf-8"))))
        assert [(r["study_id"], r["arm_id"]) for r in rows] == expected
        other.screenshot(path=str(ARTIFACTS / "export-anti-mda5.png"), full_page=True)
    finally:
        fresh.close()


def test_selecting_a_table_row_opens_that_study(server, page, evidence):
    first = apply_filters(evidence.arms, Filters(age_groups=("adult_with_jdm",))).iloc[0]
    page.goto(f"{server}/Evidence_table?age_groups=adult_with_jdm")
    wait_ready(page)
    grid = page.locator('[data-testid="stDataFrame"]').first.bounding_box()
    page.mouse.click(grid["x"] + 16, grid["y"] + 35 + 17)  # the selection cell of the first data row
    page.wait_for_url(re.compile(rf"Study\?.*study={re.escape(first['study_id'])}"), timeout=TIMEOUT)
    wait_ready(page)
    assert first["title"] in page.locator('[data-testid="stMain"]').inner_text()
    page.screenshot(path=str(ARTIFACTS / "study-from-row.png"), full_page=True)


@pytest.mark.parametrize("folder", ["missing", "empty"])
def test_every_page_explains_a_missing_or_empty_data_folder_in_a_real_browser(browser, tmp_path, folder):
    from tests.browser.conftest import running_server

    data = tmp_path / "no-such-folder" if folder == "missing" else tmp_path
    with running_server({"JDM_EVIDENCE_DATA": str(data)}, log_name=f"streamlit-{folder}.log") as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            page = context.new_page()
            for path in PAGES:
                page.goto(f"{url}/{path}")
                page.wait_for_selector('[data-testid="stAlert"]', timeout=TIMEOUT)
                wait_idle(page)
                text = page.locator('[data-testid="stMain"]').inner_text()
                assert ("does not exist" if folder == "missing" else "no valid study records") in text.lower()
                assert page.locator('[data-testid="stException"]').count() == 0
            page.screenshot(path=str(ARTIFACTS / f"data-folder-{folder}.png"), full_page=True)
        finally:
            context.close()


def wait_idle(page) -> None:
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT)
    page.wait_for_timeout(300)


HOSTILE_LINK = (
    "text=%21%5Bx%5D%28http%3A%2F%2Fevil.example%2Ft.png%29&year_min=2030&year_max=1900&antibodies=anti_unicorn"
)


def test_a_hostile_record_and_link_fetch_nothing_from_elsewhere_and_execute_nothing(browser, tmp_path, record):
    import yaml

    from tests.browser.conftest import running_server

    studies = tmp_path / "studies"
    studies.mkdir()
    hostile = dict(
        record,
        id="hostile",
        title="Hostile ![x](http://evil.example/title.png) <img src=http://evil.example/i.png onerror=alert(1)>",
        summary="<script>alert(1)</script> :red[alarm] [click](javascript:alert(1)) see https://evil.example/x",
        notes="![n](http://evil.example/notes.png) <iframe src=http://evil.example></iframe>",
        venue='=HYPERLINK("http://evil.example")',
    )
    broken = dict(record, id="broken-url", url="https://ok.example/)![x](http://evil.example/u.png)")
    for item in (hostile, broken):
        (studies / f"{item['id']}.yaml").write_text(yaml.safe_dump(item, allow_unicode=True))
    (studies / "folder.yaml").mkdir()
    with running_server({"JDM_EVIDENCE_DATA": str(tmp_path)}, log_name="streamlit-hostile.log") as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        requests: list[str] = []
        dialogs: list[str] = []
        context.on("request", lambda r: requests.append(r.url))
        try:
            page = context.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            for path in [*PAGES, "Study?study=hostile"]:
                sep = "&" if "?" in path else "?"
                page.goto(f"{url}/{path}{sep}{HOSTILE_LINK}")
                page.wait_for_selector('[data-testid="stMain"] h1', timeout=TIMEOUT)
                wait_idle(page)
                assert page.locator('[data-testid="stException"]').count() == 0
                main = page.locator('[data-testid="stMain"]')
                assert main.locator("img[src*='evil'], iframe, script:not([src])").count() == 0
                links = "a[href*='evil']:not([href^='#']), a[href^='javascript']"  # no link built from record text
                assert main.locator(links).count() == 0
            page.screenshot(path=str(ARTIFACTS / "hostile-study.png"), full_page=True)
        finally:
            context.close()
    outside = [r for r in requests if not r.startswith(("http://127.0.0.1", "data:", "blob:"))]
    assert outside == []
    assert dialogs == []
