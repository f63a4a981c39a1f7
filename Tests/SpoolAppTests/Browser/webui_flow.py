"""Drives the Spool web UI in headless Chromium through one download's whole life.

Run by Tests/SpoolAppTests/WebUIEndToEndTests.swift with a started `spool serve` and a slow
media server on 127.0.0.1. Exits 0 and prints "WEBUI OK" when every step passed; any console
error of the page fails the run. Screenshots of the main states go to --screenshots.
"""

import argparse
import json
import os
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys


class Failure(Exception):
    pass


def make_driver(width, height):
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    options.add_argument("--headless=new")
    options.add_argument("--no-sandbox")
    options.add_argument("--disable-dev-shm-usage")
    options.add_argument(f"--window-size={width},{height}")
    options.add_argument("--autoplay-policy=no-user-gesture-required")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


class Flow:
    def __init__(self, args):
        self.args = args
        self.driver = make_driver(1400, 900)
        self.shots = args.screenshots
        os.makedirs(self.shots, exist_ok=True)
        self.console = []

    # -- helpers ---------------------------------------------------------------------------

    def step(self, text):
        print(f"step: {text}", flush=True)

    def shot(self, name):
        path = os.path.join(self.shots, f"{name}.png")
        self.driver.save_screenshot(path)
        print(f"screenshot: {path}", flush=True)

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def wait(self, description, predicate, timeout=30.0, interval=0.05):
        deadline = time.monotonic() + timeout
        last_error = None
        while time.monotonic() < deadline:
            try:
                value = predicate()
                if value:
                    return value
            except StaleElementReferenceException as error:
                last_error = error
            time.sleep(interval)
        self.collect_console()
        raise Failure(f"timed out after {timeout:.0f} s waiting for {description} ({last_error or 'no error'})")

    def rows(self):
        """The rendered rows in list order (rows are positioned, not ordered, in the DOM)."""
        return self.js("""
            return [...document.querySelectorAll('#job-list .row:not([hidden])')]
              .sort((a, b) => a.getAttribute('aria-rowindex') - b.getAttribute('aria-rowindex')).map(r => ({
              id: r.dataset.id, state: r.dataset.state,
              percent: Number(r.querySelector('.bar').getAttribute('aria-valuenow')),
              title: r.querySelector('.title').textContent,
              sub: r.querySelector('.sub').textContent }));
        """)

    def row(self, job_id):
        return next((r for r in self.rows() if r["id"] == job_id), None)

    def click(self, selector):
        self.driver.find_element(By.CSS_SELECTOR, selector).click()

    def collect_console(self):
        for entry in self.driver.get_log("browser"):
            self.console.append(entry)
            print(f"console {entry['level']}: {entry['message']}", flush=True)

    def api(self, method, path, token):
        request = urllib.request.Request(self.args.server + path, method=method, headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"null")

    def api_post(self, path, token, body):
        request = urllib.request.Request(self.args.server + path, method="POST", data=json.dumps(body).encode(),
                                         headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    # -- the flow --------------------------------------------------------------------------

    def run(self):
        d = self.driver
        self.step("open the page and log in")
        d.get(self.args.server + "/")
        self.wait("the login form", lambda: d.find_element(By.ID, "login-view").is_displayed())
        self.shot("01-login")
        d.find_element(By.ID, "login-username").send_keys(self.args.username)
        d.find_element(By.ID, "login-password").send_keys(self.args.password, Keys.ENTER)
        self.wait("the queue", lambda: self.js("return document.body.dataset.loaded === 'true'"))
        self.wait("the live connection", lambda: d.find_element(By.ID, "connection").text.startswith("Live"))
        token = self.js("return sessionStorage.getItem('spool.token')")
        if not token or not token.startswith("spl_"):
            raise Failure("no session token after login")
        if self.js("return localStorage.getItem('spool.token')"):
            raise Failure("the token must not be kept in localStorage")

        self.step("add a job through the dialog, with a validation error first")
        self.click("#add-button")
        self.wait("the add dialog", lambda: d.find_element(By.ID, "add-dialog").is_displayed())
        urls = d.find_element(By.ID, "add-urls")
        urls.send_keys("not a url")
        self.click("#add-submit")
        self.wait("the API's validation message", lambda: d.find_element(By.ID, "add-errors").text.strip())
        message = d.find_element(By.ID, "add-errors").text
        print(f"validation message: {message}", flush=True)
        self.shot("02-add-dialog-error")
        urls.clear()
        urls.send_keys(self.args.media_url)
        d.find_element(By.CSS_SELECTOR, "#add-container option[value='mp4']").click()
        d.find_element(By.ID, "add-tags").send_keys("browser-test")
        self.click("#add-submit")
        self.wait("the dialog to close", lambda: not d.find_element(By.ID, "add-dialog").is_displayed())
        row = self.wait("the new row", lambda: (self.rows() or [None])[0])
        job_id = row["id"]
        print(f"job: {job_id}", flush=True)

        self.step("watch it download, then pause it")
        states, percents = [], []

        def observe():
            current = self.row(job_id)
            if current:
                if not states or states[-1] != current["state"]:
                    states.append(current["state"])
                if not percents or percents[-1] != current["percent"]:
                    percents.append(current["percent"])
            return current

        self.wait("the download to pass 15 %", lambda: (lambda r: r and r["state"] == "DOWNLOADING" and r["percent"] >= 15)(observe()), timeout=60)
        self.shot("03-downloading")

        self.step("queue control while it downloads: move a waiting job to the top, cancel and remove a multi-selection")
        first = self.api_post("/api/jobs", token, {"url": self.args.media_url + "?first", "tags": ["waiting"]})["job"]["id"]
        second = self.api_post("/api/jobs", token, {"url": self.args.media_url + "?second", "tags": ["waiting"]})["job"]["id"]
        order = lambda: [r["id"] for r in self.rows()]
        self.wait("two waiting rows", lambda: all((lambda r: r and r["state"] == "QUEUED" and "#waiting" in r["sub"])(self.row(i)) for i in (first, second)))
        if order().index(second) < order().index(first):
            raise Failure("the later job is listed first")
        d.find_element(By.CSS_SELECTOR, f"#job-{second} .title").click()
        ActionChains(d).key_down(Keys.ALT).send_keys(Keys.HOME).key_up(Keys.ALT).perform()
        self.wait("Alt+Home to move it above the other", lambda: order().index(second) < order().index(first))
        d.find_element(By.CSS_SELECTOR, f"#job-{first} .title").click()
        ActionChains(d).key_down(Keys.CONTROL).click(d.find_element(By.CSS_SELECTOR, f"#job-{second} .title")).key_up(Keys.CONTROL).perform()
        selected = self.js("return [...document.querySelectorAll('#job-list .row[aria-selected=true]')].map(r => r.dataset.id)")
        if sorted(selected) != sorted([first, second]):
            raise Failure(f"Ctrl+click did not select both: {selected}")
        self.click(".toolbar button[data-action='cancel']")
        self.wait("both canceled", lambda: all((self.row(i) or {}).get("state") == "CANCELED" for i in (first, second)))
        self.shot("03b-canceled-selection")
        self.click(".toolbar button[data-action='remove']")
        self.wait("the confirm dialog", lambda: d.find_element(By.ID, "confirm-dialog").is_displayed())
        self.click("#confirm-ok")
        self.wait("both removed", lambda: self.row(first) is None and self.row(second) is None)
        if not self.row(job_id):
            raise Failure("removing the selection removed the downloading job too")
        d.find_element(By.CSS_SELECTOR, f"#job-{job_id}").click()
        self.click(".toolbar button[data-action='pause']")
        self.wait("the Paused badge", lambda: (observe() or {}).get("state") == "PAUSED")
        paused_at = self.row(job_id)["percent"]
        time.sleep(1.0)
        if self.row(job_id)["percent"] != paused_at:
            raise Failure("progress moved while paused")
        self.shot("04-paused")

        self.step("resume it (keyboard: R) and wait for COMPLETE")
        d.find_element(By.ID, "job-list").send_keys("r")
        self.wait("COMPLETE", lambda: (observe() or {}).get("state") == "COMPLETE", timeout=120)
        print(f"states seen: {states}", flush=True)
        print(f"progress seen: {percents}", flush=True)
        if states[0] not in ("QUEUED", "DOWNLOADING") or "PAUSED" not in states or states[-1] != "COMPLETE":
            raise Failure(f"unexpected state sequence {states}")
        moving = [p for p in percents if 0 < p < 100]
        if len(set(moving)) < 3 or percents[-1] != 100:
            raise Failure(f"the progress bar did not move through values: {percents}")
        self.wait("the title instead of the URL", lambda: self.row(job_id)["title"] != self.args.media_url)
        self.shot("05-complete")

        self.step("open the details: log lines, stages and a playable file link")
        ActionChains(d).double_click(d.find_element(By.CSS_SELECTOR, f"#job-{job_id} .title")).perform()
        self.wait("the drawer", lambda: d.find_element(By.ID, "details").is_displayed())
        self.wait("log lines", lambda: len(d.find_elements(By.CSS_SELECTOR, "#details .log li time")) >= 3)
        lines = self.js("return [...document.querySelectorAll('#details .log li')].map(li => [...li.children].map(c => c.textContent).join(' '))")
        print("log lines:\n  " + "\n  ".join(lines[:12]), flush=True)
        if not any("Downloading" in line and "→" in line for line in lines):
            raise Failure("the log lacks the state changes")
        if not any("Paused" in line for line in lines):
            raise Failure("the log lacks the pause")
        video = self.wait("the video preview", lambda: d.find_elements(By.CSS_SELECTOR, "#details video.player"))[0]
        src = video.get_attribute("src")
        if "/api/files/" not in src or "signature=" not in src:
            raise Failure(f"unexpected file link {src}")
        self.wait("the video's metadata to load", lambda: self.js("return arguments[0].readyState >= 1 && arguments[0].duration > 0", video), timeout=20)
        request = urllib.request.Request(src, headers={"Range": "bytes=0-99"})
        with urllib.request.urlopen(request, timeout=10) as response:
            if response.status != 206 or len(response.read()) != 100:
                raise Failure("the file link does not serve byte ranges")
        self.shot("06-details")
        select = d.find_element(By.ID, "log-level")
        select.find_element(By.CSS_SELECTOR, "option[value='error']").click()
        self.wait("the level filter", lambda: len(d.find_elements(By.CSS_SELECTOR, "#details .log li time")) < len(lines))
        select.find_element(By.CSS_SELECTOR, "option[value='debug']").click()
        d.find_element(By.ID, "details").send_keys(Keys.ESCAPE)
        self.wait("the drawer to close", lambda: not d.find_element(By.ID, "details").is_displayed())

        self.step("context menu and the shortcut help")
        ActionChains(d).context_click(d.find_element(By.CSS_SELECTOR, f"#job-{job_id} .title")).perform()
        menu = self.wait("the context menu", lambda: d.find_element(By.ID, "context-menu").is_displayed() and d.find_element(By.ID, "context-menu"))
        labels = [b.text.split("\n")[0] for b in menu.find_elements(By.CSS_SELECTOR, "button")]
        enabled = [b.text.split("\n")[0] for b in menu.find_elements(By.CSS_SELECTOR, "button:not(:disabled)")]
        print(f"context menu: {labels}; enabled for a complete job: {enabled}", flush=True)
        if "Pause" in enabled or "Retry" not in enabled or "Remove" not in enabled:
            raise Failure(f"the context menu offers the wrong actions for a complete job: {enabled}")
        self.shot("07-context-menu")
        d.switch_to.active_element.send_keys(Keys.ESCAPE)
        self.wait("the menu to close", lambda: not d.find_element(By.ID, "context-menu").is_displayed())
        d.find_element(By.ID, "job-list").send_keys("?")
        self.wait("the help dialog", lambda: d.find_element(By.ID, "help-dialog").is_displayed())
        if "Start now" not in d.find_element(By.ID, "help-dialog").text:
            raise Failure("the help dialog does not list the shortcuts")
        d.find_element(By.CSS_SELECTOR, "#help-dialog button").click()
        self.wait("the help dialog to close", lambda: not d.find_element(By.ID, "help-dialog").is_displayed())

        self.step("filter by state and search")
        counts = self.js("return Object.fromEntries([...document.querySelectorAll('#state-filters li')].map(li => [li.dataset.filter, li.querySelector('.count').textContent]))")
        if counts.get("complete") != "1" or counts.get("all") != "1":
            raise Failure(f"unexpected filter counts {counts}")
        self.click("#state-filters li[data-filter='failed']")
        self.wait("no failed rows", lambda: len(self.rows()) == 0)
        self.click("#state-filters li[data-filter='complete']")
        self.wait("the complete row", lambda: len(self.rows()) == 1)
        search = d.find_element(By.ID, "search")
        search.send_keys("no-such-download")
        self.wait("search to hide the row", lambda: len(self.rows()) == 0)
        search.clear()
        search.send_keys("browser-test")
        self.wait("search by tag to find it", lambda: len(self.rows()) == 1)
        self.shot("08-filtered")
        search.clear()
        search.send_keys(Keys.ESCAPE)
        self.click("#state-filters li[data-filter='all']")

        self.step("remove it from the list")
        self.wait("the row", lambda: self.row(job_id))
        d.find_element(By.CSS_SELECTOR, f"#job-{job_id}").click()
        self.click(".toolbar button[data-action='remove']")
        self.wait("the confirm dialog", lambda: d.find_element(By.ID, "confirm-dialog").is_displayed())
        self.shot("09-confirm-remove")
        self.click("#confirm-ok")
        self.wait("the row to go", lambda: not self.rows())
        self.wait("the empty state", lambda: d.find_element(By.ID, "empty-state").is_displayed())
        remaining = self.api("GET", "/api/jobs", token)
        if remaining["total"] != 0:
            raise Failure(f"the server still lists {remaining['total']} jobs")
        self.shot("10-removed")

        self.step("a dropped connection reconnects and replays what happened meanwhile")
        self.js("window.spoolDebug.dropConnection()")
        self.wait("the page to notice", lambda: not d.find_element(By.ID, "connection").text.startswith("Live"))
        missed = self.api_post("/api/jobs", token, {"url": self.args.media_url + "?missed", "tags": ["missed"]})
        missed_id = missed["job"]["id"]
        self.wait("the live connection again", lambda: d.find_element(By.ID, "connection").text.startswith("Live"))
        # The same file is already in the library, so this job may finish at once: any state will do.
        self.wait("the job added while disconnected", lambda: (lambda r: r and "#missed" in r["sub"])(self.row(missed_id)))
        self.api("DELETE", f"/api/jobs/{missed_id}", token)
        self.wait("its removal", lambda: not self.rows())

        self.step("without WebSockets the page falls back to server-sent events")
        d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {
            "source": "window.WebSocket = function () { throw new Error('WebSockets are blocked in this test'); };"})
        d.refresh()
        self.wait("the SSE connection", lambda: d.find_element(By.ID, "connection").text == "Live (SSE)")
        added = self.api_post("/api/jobs", token, {"url": self.args.media_url + "?sse", "tags": ["sse"]})
        sse_id = added["job"]["id"]
        self.wait("the job added while on SSE", lambda: (lambda r: r and "#sse" in r["sub"])(self.row(sse_id)))
        self.api("DELETE", f"/api/jobs/{added['job']['id']}", token)
        self.wait("its removal while on SSE", lambda: not self.rows())

        self.step("narrow screen and logout")
        d.set_window_size(390, 844)
        time.sleep(0.3)
        self.shot("11-phone")
        d.set_window_size(1400, 900)
        self.click("#menu-button")
        self.click("#logout-button")
        self.wait("the login form again", lambda: d.find_element(By.ID, "login-view").is_displayed())
        if self.js("return sessionStorage.getItem('spool.token')"):
            raise Failure("the token survived logout")

        self.collect_console()
        # Chromium logs every 4xx answer to fetch() as a console error. Exactly one is expected:
        # the 400 for "not a url" above, which the page shows as the API's message.
        expected = [e for e in self.console if e["level"] == "SEVERE" and "/api/jobs - Failed to load resource" in e["message"] and " 400 " in e["message"]]
        severe = [e for e in self.console if e["level"] == "SEVERE" and e not in expected[:1]]
        if severe:
            raise Failure(f"{len(severe)} console error(s): {severe[0]['message']}")

    def close(self):
        try:
            self.driver.quit()
        except Exception:  # noqa: BLE001 - the browser may already be gone
            pass


def flow_main(flow_class, name, url_option="--media-url", url_required=True, extra_arguments=(), run=lambda flow: flow.run()):
    """The command line of every browser flow: parses the common arguments (plus `url_option` and
    `extra_arguments`, pairs of positional and keyword arguments of `add_argument`), runs `run(flow)`
    and prints "NAME OK", or "NAME FAILED: why" after a screenshot of the failure; returns the exit
    status. `name` may be a function of the parsed arguments."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--username", default="admin")
    parser.add_argument("--password", required=True)
    parser.add_argument(url_option, required=url_required)
    parser.add_argument("--screenshots", required=True)
    for positional, keywords in extra_arguments:
        parser.add_argument(*positional, **keywords)
    args = parser.parse_args()
    label = name(args) if callable(name) else name
    flow = flow_class(args)
    try:
        run(flow)
    except Failure as failure:
        try:
            flow.shot("failure")
            flow.collect_console()
        except Exception:  # noqa: BLE001 - the browser may already be gone
            pass
        print(f"{label} FAILED: {failure}", flush=True)
        return 1
    finally:
        flow.close()
    print(f"screenshots in {args.screenshots}", flush=True)
    print(f"{label} OK", flush=True)
    return 0


def main():
    return flow_main(Flow, "WEBUI")

if __name__ == "__main__":
    sys.exit(main())
