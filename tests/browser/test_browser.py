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


# Streamlit's page first asks /<Page>/_stcore/health and /<Page>/_stcore/host-config (in case the app is served
# under that path) and then uses /_stcore/...; those two 404s are Streamlit's, and benchmarks/nginx.conf answers
# them in deployment. Anything else that fails is a defect.
STREAMLIT_PROBES = re.compile(r"/[A-Za-z_]+/_stcore/(health|host-config)$")


def open_sidebar(page) -> None:
    """The filters live in a side panel that starts closed (the page reads at full width on a tablet)."""
    if page.locator('[data-testid="stExpandSidebarButton"]').count():
        page.locator('[data-testid="stExpandSidebarButton"]').click()
        page.wait_for_selector('[data-testid="stSidebar"] [data-testid="stMultiSelect"]', timeout=TIMEOUT)


@pytest.mark.parametrize(("width", "height"), [(1400, 4000), (820, 1180)], ids=["desk", "tablet"])
def test_every_page_opens_at_desk_and_tablet_width_without_errors(server, browser, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    failed: list[str] = []
    try:
        page = context.new_page()
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
        for path, title in PAGES.items():
            page.goto(f"{server}/{path}")
            wait_ready(page)
            assert title in page.locator('[data-testid="stMain"] h1').first.inner_text()
            assert page.locator('[data-testid="stException"]').count() == 0
            assert page.locator('[role="dialog"]').count() == 0
            scroll = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollWidth")
            assert scroll <= width, f"{path} scrolls sideways at {width} px"
            page.screenshot(path=str(ARTIFACTS / f"page-{path or 'overview'}-{width}.png"), full_page=True)
    finally:
        context.close()
    assert [u for u in failed if not STREAMLIT_PROBES.search(u)] == []


def test_filter_then_permalink_in_a_fresh_browser_then_csv_download(server, browser, page, evidence):
    mda5 = Filters(antibodies=("anti_mda5",))
    expected = expected_rows(evidence, mda5)
    assert 0 < len(expected) < len(evidence.arms)

    page.goto(f"{server}/Evidence_table")
    wait_ready(page)
    assert metric(page, "Study arms shown") == str(len(evidence.arms))
    open_sidebar(page)
    choose(page, "Antibody positive", "anti-MDA5")
    page.wait_for_url(re.compile(r"antibodies=anti_mda5"), timeout=TIMEOUT)
    wait_ready(page)
    page.wait_for_function(
        "n => [...document.querySelectorAll('[data-testid=\"stMetricValue\"]')].some(e => e.innerText.trim() === n)",
        arg=str(len(expected)),
        timeout=TIMEOUT,
    )
    shown = {label: metric(page, label) for label in ("Study arms shown", "Studies", "Patients")}
    assert shown["Study arms shown"] == str(len(expected))
    permalink = page.url

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    try:
        other = fresh.new_page()
        other.goto(permalink)
        wait_ready(other)
        assert {label: metric(other, label) for label in shown} == shown
        other.get_by_role("link", name=re.compile("Export")).first.click()
        wait_ready(other)
        other.wait_for_url(re.compile(r"Export\?.*antibodies=anti_mda5"), timeout=TIMEOUT)  # filters follow
        with other.expect_download(timeout=TIMEOUT) as info:
            other.get_by_role("button", name="Evidence table (CSV)").click()
        download = info.value
        assert "anti-mda5" in download.suggested_filename
        rows = list(csv.DictReader(io.StringIO(download.path().read_text(encoding="utf-8-sig"))))
        assert [(r["Study id"], r["Arm id"]) for r in rows] == expected
    finally:
        fresh.close()


def test_a_compare_link_with_a_profile_and_an_antibody_shows_the_same_numbers_in_a_fresh_browser(
    server, browser, evidence
):
    from evidence.profile import parse_request
    from evidence.synthesis.presentation import headline, sections
    from evidence.synthesis.summary import synthesize

    query = "compare=jak_inhibitor,abatacept,anifrolumab&patient=pediatric&patient_antibody=anti_mda5"
    request, notes = parse_request(dict(part.split("=") for part in query.split("&")))
    assert notes == []
    direct = [s for s in sections(list(synthesize(evidence.view(Filters()), request)), request.profile) if s.direct]
    expected = [headline(f) for f in direct[0].findings if f.therapy == "jak_inhibitor"]
    assert expected
    context = browser.new_context(viewport={"width": 1400, "height": 2400})
    try:
        page = context.new_page()
        page.goto(f"{server}/Compare_therapies?{query}")
        wait_ready(page)
        main = page.locator('[data-testid="stMain"]').inner_text()
        assert "What happened to children with JDM, anti-MDA5-positive?" in main
        assert direct[0].heading in main
        card = page.locator('[data-testid="stVerticalBlockBorderWrapper"], [data-testid="stVerticalBlock"]').filter(
            has_text="JAK inhibitors"
        )
        text = card.first.inner_text()
        for number in expected:
            assert number in text
        page.screenshot(path=str(ARTIFACTS / "compare-anti-mda5-fresh.png"), full_page=True)
    finally:
        context.close()


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
        authors=['<a href="http://evil.example/a">Evil</a> A', "B <b>bold</b>"],
        outcomes=[
            *record["outcomes"],
            {**record["outcomes"][0], "measure": "remission", "domain": "remission", "responders": 5, "evaluable": 10},
        ],
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
            for path in [*PAGES, "Study?study=hostile", "Compare_therapies?compare=tofacitinib,abatacept"]:
                sep = "&" if "?" in path else "?"
                page.goto(f"{url}/{path}{sep}{HOSTILE_LINK}")
                page.wait_for_selector('[data-testid="stMain"] h1', timeout=TIMEOUT)
                wait_idle(page)
                assert page.locator('[data-testid="stException"]').count() == 0
                main = page.locator('[data-testid="stMain"]')
                assert main.locator("img[src*='evil'], iframe, script:not([src])").count() == 0
                links = "a[href*='evil']:not([href^='#']), a[href^='javascript']"  # no link built from record text
                assert main.locator(links).count() == 0
                assert main.locator(".js-plotly-plot a, .js-plotly-plot b").count() == 0  # chart text is inert
            page.screenshot(path=str(ARTIFACTS / "hostile-study.png"), full_page=True)
        finally:
            context.close()
    outside = [r for r in requests if not r.startswith(("http://127.0.0.1", "data:", "blob:"))]
    assert outside == []
    assert dialogs == []


def test_a_pasted_abstract_is_completed_in_the_review_form_in_a_real_browser(server, page):
    from tests.conftest import FIXTURES

    page.goto(f"{server}/Add_study")
    wait_ready(page)
    page.get_by_label("Abstract text").fill((FIXTURES / "abstracts" / "pubmed_rct_adults.txt").read_text())
    page.get_by_role("button", name="Draft the record").click()
    page.wait_for_selector("text=Review the draft", timeout=TIMEOUT)
    wait_idle(page)
    assert page.get_by_text("From the text:").count() > 3  # each value beside the text it came from
    fills = {
        "Date checked": "2026-12-06",
        "Summary (in your own words)": "Forty-seven adults with dermatomyositis took part in a randomised trial.",
        "Outcome 1, summary (in your own words)": "The first result, in the curator's own words.",
        "Outcome 2, summary (in your own words)": "The second result, in the curator's own words.",
    }
    for label, text in fills.items():
        page.get_by_label(label, exact=True).fill(text)
        page.keyboard.press("Tab")
        wait_idle(page)
    main = page.locator('[data-testid="stMain"]')
    main.get_by_test_id("stAlertContentSuccess").get_by_text("The record validates.").wait_for(timeout=TIMEOUT)
    wait_idle(page)
    download = main.locator('[data-testid="stDownloadButton"]').filter(has_text="Download the YAML")
    download.wait_for(timeout=TIMEOUT)  # saving is off by default: the record is downloaded for a curator
    assert main.get_by_text("Saving from the browser is turned off").count() == 1
    page.screenshot(path=str(ARTIFACTS / "add-study-completed.png"))
