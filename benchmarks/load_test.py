"""Load test: several app replicas behind Debian's nginx, driven by 20 concurrent sessions for 2 minutes.

    .venv/bin/python benchmarks/load_test.py                      # 2 replicas, 20 sessions, 120 s, 1,000 studies
    .venv/bin/python benchmarks/load_test.py --replicas 2 --sessions 20 --duration 120 --studies 1000
    .venv/bin/python benchmarks/load_test.py --data data          # the repository's real records instead

What it does, all on 127.0.0.1 only:

1. Checks for nginx (Debian's package: `apt-get install -y nginx`; with --install-nginx, as root, it runs that
   itself) and for Debian's Chromium at /usr/bin/chromium (`apt-get install -y chromium`), and says what is missing.
2. Writes (or reuses) a seeded synthetic corpus (benchmarks/synth.py) and, when evidence.snapshot exists, builds
   the snapshot first, as a deployment would.
3. Starts --replicas `streamlit run app.py --server.address 127.0.0.1 --server.headless true
   --server.fileWatcherType none` processes on free ports (no file watcher, as in production: see --file-watcher),
   then nginx with benchmarks/nginx.conf (ports filled in; websocket upgrade; sticky sessions by a cookie that
   nginx hands out, hashed consistently, see the comments there) on a free port.
4. Drives --sessions concurrent sessions for --duration seconds (and at most --max-actions each) that switch pages
   and add or remove sidebar filter values, with a seeded random think time (--think, default 2–8 s) between
   actions. The first --browser-sessions (default 2) are real Chromium pages (one browser process, one context,
   i.e. one cookie jar, per session; every request not for 127.0.0.1 is aborted and counted); the others are
   Streamlit websocket clients that speak the frontend's protocol (a first GET for the sticky cookie, then
   /_stcore/stream: rerun messages with the page and widget values, reading until script_finished). Why not 20
   pages: on a 2-core machine, 20 Chromium renderers drawing Streamlit pages use more CPU than the replicas they
   test (tried: every page timed out while opening, load average 30); their users' browsers run on their own
   machines, which websocket clients model. --browser-sessions 20 still runs them all in Chromium.
5. Reports errors (target 0: exceptions or error messages shown by the app, timeouts, lost connections, nginx
   5xx), p50/p95 of the interaction latency (websocket clients: rerun sent to script_finished received; browser
   pages: click to the end of the rerun in the page's data-test-script-state), the sessions each replica served,
   and each replica's RSS (from /proc) idle, warm before the load, after it and at its peak; appends them to
   benchmarks/results.md. It stops everything it started, by process id.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import importlib
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
for _path in (ROOT, BENCH):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import synth  # noqa: E402

RESULTS = BENCH / "results.md"
NGINX_CONF = BENCH / "nginx.conf"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]  # fmt: skip
LOOPBACK = {"127.0.0.1", "localhost"}
SEED = 20261129
ACTION_TIMEOUT_MS = 90_000
THINK = [2.0, 8.0]  # seconds between actions (set from --think)
SHOTS: Path | None = None  # where browser sessions save a screenshot of a failed interaction (set in main)
FILTER_OPTIONS = {  # sidebar multiselect label -> options a clinician would pick (labels as shown)
    "Therapy class": ["JAK inhibitors", "T-cell co-stimulation modulators", "Anti-CD20 (B-cell depletion)",
                      "Immunoglobulin (IVIG/SCIG)", "Calcineurin inhibitors"],
    "Drug": ["Tofacitinib", "Baricitinib", "Rituximab", "Abatacept", "Intravenous immunoglobulin"],
    "Antibody positive": ["anti-MDA5", "anti-NXP2", "anti-TIF1γ"],
    "Age group": ["Paediatric JDM", "Adult-onset DM (indirect evidence)"],
}  # fmt: skip

# Counts reruns in the page: each change of stApp's data-test-script-state away from "running" is one finished run.
INIT_SCRIPT = """
window.__runs = 0;
new MutationObserver((records) => {
  for (const r of records) {
    if (r.oldValue === 'running' && r.target.getAttribute('data-test-script-state') !== 'running') window.__runs++;
  }
}).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                      attributeFilter: ['data-test-script-state']});
"""
OPENED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app && app.getAttribute('data-test-script-state') === 'notRunning'
    && document.querySelector('[data-testid="stMain"] h1')
    && !document.querySelector('[data-testid="stStatusWidget"]');
}"""
IDLE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app && app.getAttribute('data-test-script-state') !== 'running'
    && !document.querySelector('[data-testid="stStatusWidget"]');
}"""
DONE = """([before, origin]) => {
  // a click may load the page anew (a real navigation): then its first finished run counts
  const runs = performance.timeOrigin === origin ? before : 0;
  const app = document.querySelector('[data-testid="stApp"]');
  return window.__runs > runs && app && app.getAttribute('data-test-script-state') !== 'running'
    && !document.querySelector('[data-testid="stStatusWidget"]');
}"""


# --- processes -----------------------------------------------------------------------------------------------------


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do: TIME_WAIT leftovers are fine
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def pick_ports(base: int, count: int) -> tuple[list[int], bool]:
    """nginx on base, replicas on base+1...: fixed ports make nginx's consistent hash (which hashes the server
    addresses) put the same seeded cookies on the same replicas in every run. Free ports if any is taken."""
    wanted = list(range(base, base + count + 1))
    if base and all(port_is_free(p) for p in wanted):
        return wanted, True
    return [free_port() for _ in wanted], False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> dict:
    """Current and peak resident set size of one process, from /proc/PID/status (VmRSS, VmHWM)."""
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                out[line.split(":")[0]] = int(line.split()[1]) / 1024
    except OSError:
        pass
    return {"rss": out.get("VmRSS"), "peak": out.get("VmHWM")}


def wait_http(url: str, expect: bytes | None, timeout: float) -> None:
    assert urlsplit(url).hostname in LOOPBACK, url
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=3) as response:
                body = response.read()
                if expect is None or body == expect:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def stop(proc: subprocess.Popen | None, name: str) -> None:
    """Stop one process this script started (by its pid only)."""
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        print(f"{name} (pid {proc.pid}) did not stop on SIGTERM; killing it")
        proc.kill()
        proc.wait(timeout=5)


def find_nginx() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def preflight(install: bool) -> str:
    nginx = find_nginx()
    if nginx is None and install and os.geteuid() == 0 and shutil.which("apt-get"):
        print("nginx is missing: installing Debian's nginx package (apt-get install -y nginx)...")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "nginx"], check=False, env=env)
        nginx = find_nginx()
    if nginx is None:
        raise SystemExit(
            "nginx is not installed. This load test puts Debian's nginx in front of the app replicas (websocket "
            "upgrade, sticky sessions). Install it with `apt-get install -y nginx` (as root), or rerun with "
            "--install-nginx to let this script do it. Only its binary is used: no system service is started."
        )
    if not Path(CHROMIUM).exists():
        raise SystemExit(
            f"No Chromium at {CHROMIUM}: install Debian's package with `apt-get install -y chromium` (Playwright's own "
            "browser download does not work here), or set CHROMIUM_PATH."
        )
    try:
        importlib.import_module("playwright.async_api")
    except ModuleNotFoundError as exc:
        raise SystemExit("Playwright is missing: `.venv/bin/pip install -r requirements-dev.txt`.") from exc
    return nginx


def render_nginx_conf(replica_ports: list[int], listen_port: int) -> str:
    """benchmarks/nginx.conf with this run's replica ports and listen port (nothing else changes)."""
    lines = NGINX_CONF.read_text().splitlines(keepends=True)
    servers = [i for i, line in enumerate(lines) if re.match(r"[ \t]*server 127\.0\.0\.1:\d+", line)]
    if not servers:
        raise SystemExit(f"{NGINX_CONF}: no 'server 127.0.0.1:PORT;' line in the upstream block")
    first = lines[servers[0]]
    indent = re.match(r"[ \t]*", first).group(0)
    options = re.search(r"127\.0\.0\.1:\d+([^;]*);", first).group(1)
    for i in servers:
        lines[i] = ""
    lines[servers[0]] = "".join(
        f"{indent}server 127.0.0.1:{port}{options};  # replica {n}\n" for n, port in enumerate(replica_ports, 1)
    )
    text, listens = re.subn(r"listen 127\.0\.0\.1:\d+;", f"listen 127.0.0.1:{listen_port};", "".join(lines))
    if listens != 1:
        raise SystemExit(f"{NGINX_CONF}: expected one 'listen 127.0.0.1:PORT;' line, found {listens}")
    return text


# --- browser sessions ----------------------------------------------------------------------------------------------


class Session:
    def __init__(self, index: int, seed: int, client: str) -> None:
        self.index = index
        self.client = client  # "browser" (Chromium page) or "ws" (Streamlit websocket client)
        self.seed = seed
        self.rng = random.Random(seed * 1_000 + index)
        self.latencies: list[tuple[str, float]] = []
        self.errors: Counter = Counter()
        self.error_examples: list[str] = []
        self.blocked: list[str] = []
        self.actions = 0
        self.page_name = "Overview"
        self.selected: dict[str, str | None] = dict.fromkeys(FILTER_OPTIONS)
        self.finished: list[float] = []  # when each script_finished message arrived over the websocket
        self.server: list[tuple[str, float]] = []  # click -> script_finished: server time plus transport
        self.received = 0  # bytes of ForwardMsgs (websocket clients)
        self.by_page: list[tuple[str, float]] = []  # (page shown after the action, latency), opening left out

    def on_frame(self, payload: bytes | str) -> None:
        """Note Streamlit's script_finished messages (small frames only: big ones are page content)."""
        if isinstance(payload, bytes) and len(payload) < 512:
            from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

            msg = ForwardMsg()
            with contextlib.suppress(Exception):
                msg.ParseFromString(payload)
                if msg.WhichOneof("type") == "script_finished":
                    self.finished.append(time.perf_counter())

    def error(self, kind: str, detail: str) -> None:
        self.errors[kind] += 1
        if len(self.error_examples) < 3:
            self.error_examples.append(f"session {self.index} ({self.client}): {kind}: {detail[:200]}")


async def _route(route, session: Session) -> None:
    host = urlsplit(route.request.url).hostname
    if route.request.url.startswith(("data:", "blob:")) or host in LOOPBACK:
        await route.continue_()
    else:
        session.blocked.append(route.request.url[:120])
        await route.abort()


async def _rerun(page, session: Session, kind: str, action, opening: bool = False, what: str = "") -> None:
    """Do one action and time it until the rerun it caused has finished; record errors the page shows.

    Opening the app waits for the first finished run with a title; every later action for one more finished run."""
    before = [0, 0] if opening else await page.evaluate("[window.__runs, performance.timeOrigin]")
    start = time.perf_counter()
    try:
        await action()
        if opening:
            await page.wait_for_function(OPENED, timeout=ACTION_TIMEOUT_MS, polling="raf")
        else:
            # Finished: the page's websocket brought a script_finished message after the click, or the page's
            # script state went through "running" (React may batch a fast run away, hence both), ...
            deadline = start + ACTION_TIMEOUT_MS / 1000
            while not any(t >= start for t in session.finished) and not await page.evaluate(DONE, before):
                if time.perf_counter() > deadline:
                    raise TimeoutError(f"no rerun finished within {ACTION_TIMEOUT_MS / 1000:.0f} s")
                await asyncio.sleep(0.05)
            # ... and the page has drawn it (no longer running, no status widget).
            remaining = max(1.0, deadline - time.perf_counter()) * 1000
            await page.wait_for_function(IDLE, timeout=remaining, polling="raf")
    except Exception as exc:  # Playwright's TimeoutError and friends: the interaction failed
        where = f"{what} (on {session.page_name})" if what else f"on {session.page_name}"
        with contextlib.suppress(Exception):
            where += " state " + str(await page.evaluate(
                "() => [document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state'),"
                " document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-connection-state'),"
                " window.__runs]"
            ))  # fmt: skip
            if SHOTS:
                shot = SHOTS / f"error-session{session.index}-{sum(session.errors.values())}.png"
                await page.screenshot(path=str(shot))
                where += f", screenshot {shot}"
        session.error(f"{kind}: {type(exc).__name__}", f"{where}: {str(exc).splitlines()[0] if str(exc) else ''}")
        with contextlib.suppress(Exception):
            await page.keyboard.press("Escape")
        return
    session.latencies.append((kind, time.perf_counter() - start))
    if not opening:
        session.by_page.append((session.page_name, session.latencies[-1][1]))
    server = next((t - start for t in session.finished if t >= start), None)
    if server is not None:
        session.server.append((kind, server))
    state = await page.evaluate(
        """() => ({
            connection: document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-connection-state'),
            exceptions: document.querySelectorAll('[data-testid="stException"]').length,
            boundary: document.body.innerText.includes('Something went wrong while showing this page'),
        })"""
    )
    if state["exceptions"]:
        session.error("exception shown", f"{kind} on {session.page_name}")
    if state["boundary"]:
        session.error("error message shown", f"{kind} on {session.page_name}")
    if state["connection"] not in (None, "CONNECTED"):
        session.error("connection lost", f"state {state['connection']}")


async def _nav_names(page) -> list[str]:
    """The sidebar's page links, by name (each link's text is its icon's name, then the page name)."""
    texts = await page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
    return [text.strip().split("\n")[-1].strip() for text in texts]


async def _switch_page(page, session: Session) -> None:
    names = await _nav_names(page)
    target = session.rng.choice(sorted(n for n in names if n != session.page_name))
    link = page.locator('[data-testid="stSidebarNav"] a').nth(names.index(target))
    previous, session.page_name = session.page_name, target
    await _rerun(page, session, "switch page", link.click, what=f"from {previous}")


async def _change_filter(page, session: Session) -> None:
    label = session.rng.choice(list(FILTER_OPTIONS))
    widget = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text=label).first
    current = session.selected[label]
    if current is not None:  # remove the one value this session chose before: filters stay small, as in real use

        async def remove() -> None:
            await widget.get_by_role("button", name=f"Remove {current}", exact=True).first.click()

        await _rerun(page, session, "remove filter", remove, what=f"{label}: {current}")
        session.selected[label] = None
        return
    option = session.rng.choice(FILTER_OPTIONS[label])

    async def add() -> None:
        box = widget.locator("input")
        await box.click()
        await box.fill(option)  # narrow the list first: clicking an option at the edge of a scrolled list can miss
        await page.get_by_role("option", name=option, exact=True).click()

    await _rerun(page, session, "add filter", add, what=f"{label}: {option}")
    with contextlib.suppress(Exception):
        await page.keyboard.press("Escape")
    session.selected[label] = option


async def run_session(browser, url: str, session: Session, start_at: float, deadline: float, max_actions: int):
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    try:
        await context.route("**/*", lambda route: _route(route, session))
        await context.add_init_script(INIT_SCRIPT)
        page = await context.new_page()
        page.on("websocket", lambda ws: ws.on("framereceived", session.on_frame))
        await _rerun(page, session, "open app", lambda: page.goto(url, wait_until="commit"), opening=True)
        while time.monotonic() < deadline and session.actions < max_actions:
            if session.rng.random() < 0.45:
                await _switch_page(page, session)
            else:
                await _change_filter(page, session)
            session.actions += 1
            think = session.rng.uniform(*THINK)  # a clinician reads the page before the next click
            await asyncio.sleep(min(think, max(0.0, deadline - time.monotonic())))
    except Exception as exc:
        session.error(f"session: {type(exc).__name__}", str(exc).splitlines()[0] if str(exc) else "")
    finally:
        with contextlib.suppress(Exception):
            await context.close()


# --- websocket sessions (what the browser's Streamlit frontend sends and receives, without a browser) ---------------


def _first_visit(base: str, cookie: str) -> str:
    """GET the app's page through nginx, as a browser's first request; returns the cookies to send back.

    The websocket clients bring a seeded sticky cookie (as a returning browser would), so that nginx's hash puts
    each on the same replica in every run; the browser pages get theirs from nginx (its random $request_id)."""
    assert urlsplit(base).hostname in LOOPBACK, base
    request = urllib.request.Request(base, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
        cookies = [c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie") or []]
    return "; ".join([cookie, *cookies])


class WsState:
    """What the frontend keeps between reruns: the page, the query string and the widget ids of the sidebar."""

    def __init__(self) -> None:
        self.page_hash = ""
        self.query = ""
        self.pages: dict[str, str] = {}  # page name -> page_script_hash
        self.page_name = "Overview"
        self.widgets: dict[str, str] = {}  # multiselect label -> widget id (ids differ per page)


async def _ws_rerun(ws, session: Session, state: WsState, kind: str, page: str | None = None, widget=None) -> None:
    """Send one rerun (a page switch or a widget value) and read until its script_finished message."""
    from streamlit.proto.Alert_pb2 import Alert
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = BackMsg()
    rerun = msg.rerun_script
    rerun.query_string = state.query
    rerun.page_script_hash = state.pages.get(page, "") if page else state.page_hash
    if widget is not None:
        value = rerun.widget_states.widgets.add()
        value.id = widget[0]
        value.string_array_value.data.extend(widget[1])
    start = time.perf_counter()
    deadline = start + ACTION_TIMEOUT_MS / 1000
    await ws.send(msg.SerializeToString())
    widgets: dict[str, str] = {}
    shown: list[str] = []
    while True:
        raw = await asyncio.wait_for(ws.recv(), timeout=max(0.1, deadline - time.perf_counter()))
        session.received += len(raw)
        fwd = ForwardMsg()
        fwd.ParseFromString(raw)
        kind_of = fwd.WhichOneof("type")
        if kind_of == "navigation":
            state.pages = {p.page_name: p.page_script_hash for p in fwd.navigation.app_pages}
            state.page_hash = fwd.navigation.page_script_hash
            names = {h: n for n, h in state.pages.items()}
            state.page_name = names.get(state.page_hash, state.page_name)
        elif kind_of == "page_info_changed":
            state.query = fwd.page_info_changed.query_string
        elif kind_of == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            element = fwd.delta.new_element
            what = element.WhichOneof("type")
            if what == "multiselect":
                widgets[element.multiselect.label] = element.multiselect.id
            elif what == "exception":
                shown.append(f"exception {element.exception.type}: {element.exception.message[:120]}")
            elif what == "alert" and element.alert.format == Alert.ERROR:
                shown.append(f"error message: {element.alert.body[:120]}")
        elif kind_of == "script_finished":
            status = fwd.script_finished
            if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue  # the script asked for a rerun (switch_page, st.rerun): wait for that one
            if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                shown.append("script compile error")
            break
    latency = time.perf_counter() - start
    session.latencies.append((kind, latency))
    session.server.append((kind, latency))
    if kind != "open app":
        session.by_page.append((state.page_name, latency))
    state.widgets.update(widgets)
    for text in shown:
        session.error("error shown" if not text.startswith("exception") else "exception shown", text)


async def run_ws_session(base: str, session: Session, start_at: float, deadline: float, max_actions: int):
    from websockets.asyncio.client import connect

    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    parts = urlsplit(base)
    assert parts.hostname in LOOPBACK, base
    try:
        start = time.perf_counter()
        seeded = f"jdm_replica=load-{session.seed}-{session.index}"
        cookie = await asyncio.to_thread(_first_visit, base, seeded)
        async with connect(
            f"ws://{parts.netloc}/_stcore/stream",
            subprotocols=["streamlit"],
            additional_headers={"Cookie": cookie},
            max_size=None,
            open_timeout=60,
        ) as ws:
            state = WsState()
            await _ws_rerun(ws, session, state, "open app")
            session.latencies[-1] = ("open app", time.perf_counter() - start)  # include the page's first GET
            while time.monotonic() < deadline and session.actions < max_actions:
                if session.rng.random() < 0.45:
                    target = session.rng.choice([p for p in state.pages if p != state.page_name])
                    await _ws_rerun(ws, session, state, "switch page", page=target)
                else:
                    label = session.rng.choice(list(FILTER_OPTIONS))
                    current = session.selected[label]
                    if label not in state.widgets:
                        session.error("filter widget missing", f"{label} on {state.page_name}")
                    elif current is not None:
                        await _ws_rerun(ws, session, state, "remove filter", widget=(state.widgets[label], []))
                        session.selected[label] = None
                    else:
                        option = session.rng.choice(FILTER_OPTIONS[label])
                        await _ws_rerun(ws, session, state, "add filter", widget=(state.widgets[label], [option]))
                        session.selected[label] = option
                session.actions += 1
                think = session.rng.uniform(*THINK)
                await asyncio.sleep(min(think, max(0.0, deadline - time.monotonic())))
    except Exception as exc:  # a timeout, a closed connection: the session failed
        session.error(f"session: {type(exc).__name__}", str(exc).splitlines()[0] if str(exc) else "")


async def warm_up(browser, ports: list[int]) -> dict[int, float]:
    """Open the app once on each replica directly (as a deployment's health check would), so that the measured
    sessions meet warm replicas: Python modules imported and the evidence loaded. Returns seconds per replica."""
    took = {}
    for port in ports:
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = await context.new_page()
            start = time.perf_counter()
            await page.goto(f"http://127.0.0.1:{port}/", wait_until="commit")
            await page.wait_for_function(OPENED, timeout=ACTION_TIMEOUT_MS * 2, polling="raf")
            took[port] = time.perf_counter() - start
        finally:
            await context.close()
    return took


async def drive(url: str, args, warm: tuple) -> list:
    """Run the sessions: the first --browser-sessions in Chromium, the others as websocket clients."""
    from playwright.async_api import async_playwright

    browsers = min(args.browsers, args.browser_sessions) if args.browser_sessions else 0
    all_sessions = [
        Session(i, args.seed, "browser" if i < args.browser_sessions else "ws") for i in range(args.sessions)
    ]
    async with async_playwright() as p:
        launched = [
            await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            for _ in range(max(browsers, 1))
        ]
        try:
            ports, pids, out = warm
            out["warm_up_s"] = await warm_up(launched[0], ports)
            out["rss_warm"] = [rss_mb(pid) for pid in pids]
            begin = time.monotonic()
            deadline = begin + args.duration
            tasks = []
            for s in all_sessions:
                start_at = begin + 0.25 * s.index  # arrivals spread over the first seconds
                if s.client == "browser":
                    browser = launched[s.index % len(launched)]
                    tasks.append(run_session(browser, url, s, start_at, deadline, args.max_actions))
                else:
                    tasks.append(run_ws_session(url, s, start_at, deadline, args.max_actions))
            # Hard bound: the sessions end at the deadline; whatever still waits then is cut off.
            await asyncio.wait_for(asyncio.gather(*tasks), timeout=args.duration + ACTION_TIMEOUT_MS / 1000 + 60)
        finally:
            for b in launched:
                with contextlib.suppress(Exception):
                    await b.close()
    return all_sessions


# --- report --------------------------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def ms(value: float | None) -> str:
    return "—" if value is None else f"{value * 1000:,.0f} ms"


def parse_access_log(path: Path, replica_ports: list[int]) -> dict:
    statuses: Counter = Counter()
    streams: Counter = Counter()
    keys_per_replica: dict[str, set] = {}
    pattern = re.compile(
        r'"(?P<method>\S+) (?P<path>\S+) [^"]*" (?P<status>\d{3}) .* upstream=(?P<up>\S+) key=(?P<key>\S+)'
    )
    for line in path.read_text(errors="replace").splitlines() if path.exists() else []:
        m = pattern.search(line)
        if not m:
            continue
        statuses[m["status"]] += 1
        if m["path"].startswith("/_stcore/stream"):  # one websocket per browser session (more after a reconnect)
            streams[m["up"]] += 1
            keys_per_replica.setdefault(m["up"], set()).add(m["key"])
    by_port = {f"127.0.0.1:{p}": p for p in replica_ports}
    return {
        "statuses": dict(sorted(statuses.items())),
        "websockets_per_replica": {str(by_port.get(k, k)): v for k, v in streams.items()},
        "browsers_per_replica": {str(by_port.get(k, k)): len(v) for k, v in keys_per_replica.items()},
        "server_errors": sum(v for k, v in statuses.items() if k.startswith("5")),
    }


def commit() -> str:
    git = ["git", "-C", str(ROOT)]
    head = subprocess.run([*git, "log", "-1", "--format=%h"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run([*git, "status", "--porcelain", "--", "evidence", "ui", "app.py", "app_pages"],
                           capture_output=True, text=True).stdout.split("\n")  # fmt: skip
    changed = [line[3:] for line in dirty if line.strip()]
    return head + (f" + uncommitted: {', '.join(changed[:6])}" if changed else "")


def machine_line() -> str:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), "unknown")  # fmt: skip
    mem = next(int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal"))
    return f"{len(os.sched_getaffinity(0))} cores ({cpu}), {mem / 1024 / 1024:.1f} GiB memory"


def report(run: dict) -> str:
    lat = run["latencies"]  # (client, kind, seconds)
    server = run["server_latencies"]
    kinds_of_errors = (": " + ", ".join(f"{k} {v}" for k, v in run["errors"].items())) if run["errors"] else ""
    n_browser = run["browser_sessions"]
    lines = [
        "",
        f"## Load test (benchmarks/load_test.py), {run['date']}",
        "",
        f"Command: `.venv/bin/python benchmarks/load_test.py {' '.join(run['argv'])}`.  ",
        f"Commit measured: `{run['commit']}`. Machine: {run['machine']}; load average (1/5/15 min) at the start "
        f"{run['loadavg']}, at the end {run['loadavg_end']} (other work on the machine adds to the latencies).  ",
        f"Setup: {run['replicas']} replicas (`streamlit run app.py`, 127.0.0.1, "
        f"{'fixed' if run['fixed_ports'] else 'free'} ports) behind nginx {run['nginx_version']} "
        f"(benchmarks/nginx.conf: websocket upgrade, sticky cookie hashed consistently); data: {run['data']}"
        + (f"; snapshot built in {run['snapshot_s']:.1f} s" if run.get("snapshot_s") is not None else "")
        + ".  ",
        f"Load: {run['sessions']} concurrent sessions for {run['duration']:.0f} s (wall {run['wall']:.0f} s): "
        f"{n_browser} in real Chromium pages ({run['browsers']} browser process), {run['sessions'] - n_browser} as "
        "Streamlit websocket clients (the frontend's protocol: first GET for the sticky cookie, then /_stcore/stream "
        "with rerun messages carrying the page and the widget values). Seeded "
        f"({run['seed']}) actions: switch page (45%) or add/remove one value of a sidebar filter (55%), then "
        f"{run['think'][0]:g}–{run['think'][1]:g} s of think time. Replicas run with server.fileWatcherType "
        f"{run['file_watcher']}. {run['received_mb']:.0f} MB of Streamlit messages received by the websocket clients.",
        "",
        f"**Errors: {run['errors_total']}** (target 0){kinds_of_errors}. "
        f"Interactions completed: {len(lat)}. Requests to other hosts blocked: {run['blocked']}. "
        f"nginx 5xx responses: {run['nginx']['server_errors']}.",
        "",
        "Latency: websocket clients, from sending the rerun to receiving its script_finished message (the replica's "
        "work plus transport; what a user's browser waits for before drawing). Browser pages, from the click to "
        "the rerun's end as the page shows it (rendering on this machine's cores included) and, in brackets, to "
        "the script_finished message on the page's websocket.",
        "",
        "| client | interaction | count | p50 | p95 | max | (browser: server p50) | (server p95) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for client in ("ws", "browser"):
        mine = [(k, v) for c, k, v in lat if c == client]
        if not mine:
            continue
        srv = [(k, v) for c, k, v in server if c == client]
        for kind in ["all", *sorted({k for k, _ in mine})]:
            values = [v for k, v in mine if kind in ("all", k)]
            extra = ("| | |" if client == "ws" else
                     f"| ({ms(percentile([v for k, v in srv if kind in ('all', k)], 0.5))}) | "
                     f"({ms(percentile([v for k, v in srv if kind in ('all', k)], 0.95))}) |")  # fmt: skip
            lines.append(
                f"| {'websocket' if client == 'ws' else 'browser'} | {kind} | {len(values)} | "
                f"{ms(percentile(values, 0.5))} | {ms(percentile(values, 0.95))} | {ms(max(values))} {extra}"
            )
    pages = sorted({p for _, p, _ in run["by_page"]})
    if pages:
        lines += ["", "By the page shown after the action (page switches and filter changes; opening left out):", "",
                  "| page | websocket: count | p50 | p95 | browser: count | p50 | p95 |",
                  "| --- | --- | --- | --- | --- | --- | --- |"]  # fmt: skip
        for name in pages:
            cells = []
            for client in ("ws", "browser"):
                values = [v for c, p, v in run["by_page"] if c == client and p == name]
                cells.append(f"{len(values)} | {ms(percentile(values, 0.5))} | {ms(percentile(values, 0.95))}")
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "| replica | browsers (sticky cookies) | websockets | warm-up | RSS idle | RSS warm (before the load) | "
        "RSS after | peak RSS |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in run["replica_stats"]:
        port = str(r["port"])

        def mb(v):
            return "—" if v is None else f"{v:,.0f} MB"

        lines.append(
            f"| 127.0.0.1:{port} | {run['nginx']['browsers_per_replica'].get(port, 0)} | "
            f"{run['nginx']['websockets_per_replica'].get(port, 0)} | {r['warm_up_s'] or 0:.1f} s | "
            f"{mb(r['before']['rss'])} | {mb(r['warm']['rss'])} | {mb(r['after']['rss'])} | {mb(r['after']['peak'])} |"
        )
    lines += [
        "",
        f"nginx status counts: {run['nginx']['statuses']}. RSS from /proc/PID/status (VmRSS; peak = VmHWM) of each "
        "replica's process: idle = started and healthy, no session yet; warm = after one page load straight to the "
        "replica (imports done, evidence loaded), which is the state the measured load starts from.",
    ]
    if run["error_examples"]:
        lines += ["", "First errors seen:", *[f"- {e}" for e in run["error_examples"]]]
    return "\n".join(lines) + "\n"


# --- main ----------------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2, help="app processes behind nginx (about one per core)")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent browser sessions")
    parser.add_argument(
        "--browser-sessions",
        type=int,
        default=2,
        help="how many of the sessions run in real Chromium pages (the others are websocket clients); "
        "20 pages on 2 cores starve the replicas",
    )
    parser.add_argument("--browsers", type=int, default=1, choices=(1, 2), help="Chromium processes for them")
    parser.add_argument("--duration", type=float, default=120.0, help="seconds of load (at most 600)")
    parser.add_argument("--max-actions", type=int, default=300, help="actions per session at most")
    parser.add_argument("--studies", type=int, default=1_000, help="synthetic studies (ignored with --data)")
    parser.add_argument("--data", type=Path, help="serve this records folder instead of a synthetic corpus")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--base-port", type=int, default=18500, help="nginx here, replicas on the next ports (0: any free ports)"
    )
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(2.0, 8.0),
        metavar=("MIN", "MAX"),
        help="seconds a user reads a page before the next action (uniform; default 2 8)",
    )
    parser.add_argument(
        "--file-watcher",
        default="none",
        choices=("none", "auto", "watchdog", "poll"),
        help="the replicas' server.fileWatcherType (default none, as in production: with a watcher, a source file "
        "edited during the run makes Streamlit unload modules while other sessions import them: KeyError 'ui')",
    )
    parser.add_argument("--install-nginx", action="store_true", help="apt-get install nginx when it is missing")
    parser.add_argument("--no-write", action="store_true", help="print only; leave benchmarks/results.md alone")
    args = parser.parse_args(argv)
    if not 1 <= args.replicas <= 8 or not 1 <= args.sessions <= 50 or not 1 <= args.duration <= 600:
        parser.error("bounds: 1-8 replicas, 1-50 sessions, 1-600 s")
    args.browser_sessions = max(0, min(args.browser_sessions, args.sessions))
    if not 0 <= args.think[0] <= args.think[1] <= 60:
        parser.error("--think: 0 <= MIN <= MAX <= 60")
    THINK[:] = args.think
    nginx = preflight(args.install_nginx)
    nginx_version = subprocess.run([nginx, "-v"], capture_output=True, text=True).stderr.strip().split("/")[-1]

    if args.data:
        folder, data_note = args.data.resolve(), f"records folder {args.data}"
    else:
        folder, made = synth.ensure_corpus(args.studies, seed=args.seed)
        data_note = f"{args.studies:,} synthetic studies (benchmarks/synth.py, seed {args.seed})"
        print(f"corpus {folder} ({'reused' if made['reused'] else 'written'})")
    snapshot_s = None
    with contextlib.suppress(ModuleNotFoundError):
        snap = importlib.import_module("evidence.snapshot")
        if hasattr(snap, "build_snapshot"):  # what a deployment does before starting the replicas
            start = time.perf_counter()
            snap.build_snapshot(folder)
            snapshot_s = time.perf_counter() - start
            print(f"snapshot built in {snapshot_s:.1f} s")

    global SHOTS
    work = Path(tempfile.mkdtemp(prefix="jdm-load-"))
    SHOTS = work
    (work / "logs").mkdir()
    (work / "temp").mkdir()
    os.chmod(work, 0o755)  # nginx's workers (user nobody) create their temp folders under it
    env = {**os.environ, "JDM_EVIDENCE_DATA": str(folder), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    ports_all, fixed = pick_ports(args.base_port, args.replicas)
    if not fixed:
        print(f"ports {args.base_port}-{args.base_port + args.replicas} are not all free: using free ports (the split "
              "of sessions over replicas then differs from run to run)")  # fmt: skip
    replicas: list[tuple[int, subprocess.Popen]] = []
    nginx_proc: subprocess.Popen | None = None
    logs = []
    try:
        for i in range(args.replicas):
            port = ports_all[i + 1]
            log = (work / "logs" / f"replica-{i + 1}.log").open("w")
            logs.append(log)
            cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
                   "--server.address", "127.0.0.1", "--server.headless", "true",
                   "--server.fileWatcherType", args.file_watcher]  # fmt: skip
            replicas.append((port, subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)))
        for port, _ in replicas:
            wait_http(f"http://127.0.0.1:{port}/_stcore/health", b"ok", timeout=120)
        listen = ports_all[0]
        conf = work / "nginx.conf"
        conf.write_text(render_nginx_conf([p for p, _ in replicas], listen))
        test = subprocess.run([nginx, "-t", "-p", str(work), "-c", str(conf)], capture_output=True, text=True)
        if test.returncode != 0:
            raise SystemExit(f"nginx -t failed:\n{test.stderr}")
        nginx_proc = subprocess.Popen([nginx, "-p", str(work), "-c", str(conf), "-g", "daemon off;"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)  # fmt: skip
        url = f"http://127.0.0.1:{listen}/"
        wait_http(f"{url}_stcore/health", b"ok", timeout=30)
        before = [rss_mb(proc.pid) for _, proc in replicas]
        print(f"{args.replicas} replicas on {[p for p, _ in replicas]} behind nginx at {url}; RSS before: "
              + ", ".join(f"{b['rss']:.0f} MB" for b in before))  # fmt: skip
        loadavg = " ".join(Path("/proc/loadavg").read_text().split()[:3])
        began = time.monotonic()
        warm: dict = {}
        ports, pids = [p for p, _ in replicas], [proc.pid for _, proc in replicas]
        sessions = asyncio.run(drive(url, args, (ports, pids, warm)))
        wall = time.monotonic() - began - sum(warm.get("warm_up_s", {}).values())
        loadavg_end = " ".join(Path("/proc/loadavg").read_text().split()[:3])
        after = [rss_mb(proc.pid) for _, proc in replicas]
        for port, proc in replicas:
            if proc.poll() is not None:
                print(f"replica on {port} exited with {proc.returncode} during the load")
        stop(nginx_proc, "nginx")
        nginx_stats = parse_access_log(work / "logs" / "access.log", [p for p, _ in replicas])
    finally:
        stop(nginx_proc, "nginx")
        for port, proc in replicas:
            stop(proc, f"replica on {port}")
        for log in logs:
            log.close()

    errors: Counter = Counter()
    for s in sessions:
        errors.update(s.errors)
    if nginx_stats["server_errors"]:
        errors["nginx 5xx"] += nginx_stats["server_errors"]
    dead = [port for port, proc in replicas if proc.returncode not in (0, -signal.SIGTERM, None)]
    run = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "argv": argv,
        "commit": commit(),
        "machine": machine_line(),
        "loadavg": loadavg,
        "loadavg_end": loadavg_end,
        "replicas": args.replicas,
        "nginx_version": nginx_version,
        "data": data_note,
        "snapshot_s": snapshot_s,
        "sessions": args.sessions,
        "browsers": args.browsers,
        "browser_sessions": args.browser_sessions,
        "think": args.think,
        "file_watcher": args.file_watcher,
        "fixed_ports": fixed,
        "clients": {s.index: s.client for s in sessions},
        "received_mb": sum(s.received for s in sessions) / 1e6,
        "duration": args.duration,
        "wall": wall,
        "seed": args.seed,
        "latencies": [(s.client, *lat) for s in sessions for lat in s.latencies],
        "server_latencies": [(s.client, *lat) for s in sessions for lat in s.server],
        "by_page": [(s.client, *lat) for s in sessions for lat in s.by_page],
        "errors": dict(errors),
        "errors_total": sum(errors.values()),
        "error_examples": [e for s in sessions for e in s.error_examples][:8],
        "blocked": sum(len(s.blocked) for s in sessions),
        "nginx": nginx_stats,
        "replica_stats": [
            {"port": port, "before": b, "warm": w, "after": a, "warm_up_s": warm["warm_up_s"].get(port)}
            for (port, _), b, w, a in zip(replicas, before, warm["rss_warm"], after, strict=True)
        ],
        "dead_replicas": dead,
        "work": str(work),
    }
    text = report(run)
    print(text)
    (work / "result.json").write_text(json.dumps(run, default=str, indent=1))
    print(f"logs and raw results: {work}")
    if not args.no_write:
        with RESULTS.open("a") as handle:
            if RESULTS.stat().st_size == 0:
                handle.write("# Benchmark results\n")
            handle.write(text)
        print(f"appended to {RESULTS}")
    return 0 if run["errors_total"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
