"""Drives the Sources view of the Spool web UI in headless Chromium.

Run by Tests/SpoolAppTests/WebUISourcesEndToEndTests.swift with a started `spool serve` (MAX_RETRIES=0)
and a media server on 127.0.0.1 publishing an RSS feed of six items "Episode 1" … "Episode 6", newest
first, whose newest item points at a missing file. Adds the feed with the backlog "the newest 3"
(after checking the preview's counts and the API's validation messages), watches the card's live
progress reach 2 done / 1 failed, then works the source's page (phases, keep, retention, retry), the
failed downloads list, a deep link, and deletes the source. Exits 0 and prints "SOURCES OK" when every
step passed; any console error of the page, other than the answers to the invalid inputs it sends on
purpose, fails the run.
"""

import json
import sys
import time
import urllib.request

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from webui_flow import Failure, Flow, flow_main


class SourcesFlow(Flow):
    # -- helpers ---------------------------------------------------------------------------

    def api_json(self, method, path, token, body=None):
        data = None if body is None else json.dumps(body).encode()
        headers = {"Authorization": f"Bearer {token}"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.args.server + path, method=method, data=data, headers=headers)
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")

    def preview(self):
        return self.js("""
            const p = document.getElementById('source-preview');
            return { state: p.dataset.state, text: (p.querySelector('.preview-text, .preview-error') ?? p).textContent, listed: Number(p.dataset.listed ?? -1),
                     wouldQueue: Number(p.dataset.wouldQueue ?? -1), filtered: Number(p.dataset.filtered ?? -1),
                     seen: Number(p.dataset.seen ?? -1) };
        """)

    def card(self):
        return self.js("""
            const card = document.querySelector('#source-list .source-card');
            if (!card) return null;
            const p = card.querySelector('.source-progress');
            return { id: card.dataset.id, name: card.querySelector('.source-name').textContent,
                     line: p.querySelector('.progress-line')?.textContent ?? '', activity: p.dataset.activity,
                     listed: Number(p.dataset.listed), done: Number(p.dataset.done), failed: Number(p.dataset.failed),
                     facts: Object.fromEntries([...card.querySelectorAll('.source-facts dt')].map(dt => [dt.textContent, dt.nextElementSibling.textContent])) };
        """)

    def media_rows(self):
        return self.js("""
            return [...document.querySelectorAll('#media-table tbody tr')].map(r => ({
              id: r.dataset.mediaId, phase: r.dataset.phase, title: r.querySelector('.media-title a').textContent,
              keep: r.querySelector('input.keep').checked, reason: r.querySelector('.media-reason').textContent,
              retry: !r.querySelector('button[data-retry]').hidden }));
        """)

    def media_row(self, title):
        return next((r for r in self.media_rows() if r["title"] == title), None)

    def row_element(self, title, selector):
        for row in self.driver.find_elements(By.CSS_SELECTOR, "#media-table tbody tr"):
            if row.find_element(By.CSS_SELECTOR, ".media-title a").text == title:
                return row.find_element(By.CSS_SELECTOR, selector)
        raise Failure(f"no row for {title}")

    def item(self, token, source_id, title):
        page = self.api_json("GET", f"/api/sources/{source_id}/media?limit=100", token)
        return next((i for i in page["items"] if i["title"] == title), None)

    def toasts(self):
        return self.js("return [...document.querySelectorAll('#toasts .toast strong')].map(t => t.textContent)")

    def visible(self, element_id):
        return self.driver.find_element(By.ID, element_id).is_displayed()

    def set_field(self, element_id, text):
        field = self.driver.find_element(By.ID, element_id)
        field.send_keys(Keys.CONTROL, "a")
        field.send_keys(Keys.DELETE)
        if text:
            field.send_keys(text)

    # -- the flow --------------------------------------------------------------------------

    def run(self):
        d = self.driver
        self.step("open the page and log in")
        d.get(self.args.server + "/")
        self.wait("the login form", lambda: self.visible("login-view"))
        d.find_element(By.ID, "login-username").send_keys(self.args.username)
        d.find_element(By.ID, "login-password").send_keys(self.args.password, Keys.ENTER)
        self.wait("the queue", lambda: self.js("return document.body.dataset.loaded === 'true'"))
        self.wait("the live connection", lambda: d.find_element(By.ID, "connection").text.startswith("Live"))
        token = self.js("return sessionStorage.getItem('spool.token')")

        self.step("switch to the Sources view through the navigation")
        self.click("nav.views a[data-view='sources']")
        self.wait("the Sources page", lambda: self.visible("sources-page") and self.js("return location.hash") == "#sources")
        if self.visible("job-list") or self.visible("add-button"):
            raise Failure("the job list still shows on the Sources page")
        self.wait("the empty state", lambda: self.visible("sources-empty"))
        self.shot("s01-sources-empty")

        self.step("N opens the add dialog; the preview counts the feed before anything is queued")
        ActionChains(d).send_keys("n").perform()
        self.wait("the source dialog", lambda: self.visible("source-dialog"))
        d.find_element(By.ID, "source-url").send_keys(self.args.feed_url)
        first = self.wait("the preview of backlog none", lambda: (lambda p: p["state"] == "ready" and p)(self.preview()), timeout=120)
        print(f"preview, backlog none: {first['text']}", flush=True)
        if (first["listed"], first["wouldQueue"], first["seen"]) != (6, 0, 6):
            raise Failure(f"backlog none should list 6, queue 0, mark 6 seen: {first}")
        self.click("#source-backlog input[value='newest']")
        self.set_field("source-backlog-count", "3")
        newest = self.wait("the preview of the newest 3", lambda: (lambda p: p["state"] == "ready" and p["wouldQueue"] == 3 and p)(self.preview()), timeout=120)
        print(f"preview, newest 3: {newest['text']}", flush=True)
        if "6 listed · 3 would be downloaded now · 0 filtered · 3 marked seen" not in newest["text"]:
            raise Failure(f"unexpected preview text: {newest['text']}")
        self.shot("s02-preview")

        self.step("a title filter that does not compile: the API's message in the preview and next to the form")
        self.click("#source-filters-section summary")
        d.find_element(By.ID, "source-title-regex").send_keys("(")
        broken = self.wait("the preview's error", lambda: (lambda p: p["state"] == "error" and p)(self.preview()), timeout=120)
        print(f"preview error: {broken['text']}", flush=True)
        self.click("#source-submit")
        message = self.wait("the API's validation message", lambda: d.find_element(By.ID, "source-errors").text.strip())
        print(f"validation message: {message}", flush=True)
        if d.find_element(By.ID, "source-title-regex").get_attribute("aria-invalid") != "true":
            raise Failure("the title filter is not marked invalid")
        self.shot("s03-validation")

        self.step("a title filter that matches one item counts it as filtered")
        self.set_field("source-title-regex", "Episode 2$")
        matched = self.wait("the filtered count", lambda: (lambda p: p["state"] == "ready" and p["filtered"] >= 1 and p)(self.preview()), timeout=120)
        print(f"preview with a filter: {matched['text']}", flush=True)
        self.set_field("source-title-regex", "")
        self.wait("the preview without the filter", lambda: (lambda p: p["state"] == "ready" and p["filtered"] == 0 and p["wouldQueue"] == 3)(self.preview()), timeout=120)

        self.step("a schedule under five minutes is refused; nothing is created")
        self.set_field("source-name", "Test feed")
        self.set_field("source-schedule", "every 1m")
        self.click("#source-submit")
        schedule_message = self.wait("the schedule message", lambda: (lambda t: t and t != message and t)(d.find_element(By.ID, "source-errors").text.strip()))
        print(f"schedule message: {schedule_message}", flush=True)
        if not self.visible("source-dialog") or self.api_json("GET", "/api/sources", token)["sources"]:
            raise Failure("an invalid schedule closed the dialog or created a source")
        self.set_field("source-schedule", "every 6h")
        self.click("#source-submit")
        self.wait("the dialog to close", lambda: not self.visible("source-dialog"))

        self.step("the card's progress line follows the first index and the downloads live")
        card = self.wait("the new card", self.card)
        source_id = card["id"]
        self.js("window.spoolNoReload = true")
        lines = []

        def observe():
            current = self.card()
            if current and (not lines or lines[-1] != current["line"]):
                lines.append(current["line"])
            return current

        self.wait("2 done and 1 failed", lambda: (lambda c: c and c["done"] == 2 and c["failed"] == 1)(observe()), timeout=240)
        print("progress lines seen:\n  " + "\n  ".join(lines), flush=True)
        final = self.card()
        if final["listed"] != 6 or len(lines) < 2 or not self.js("return window.spoolNoReload === true"):
            raise Failure(f"the progress line did not move live to 6 listed: {lines}")
        self.wait("the last check on the card", lambda: self.card()["facts"].get("Last check") not in (None, "never"), timeout=60)
        self.shot("s04-card")

        self.step("the source's page: settings and videos by phase")
        self.click(f"#source-{source_id} .source-name a")
        self.wait("the source's page", lambda: self.js("return location.hash") == f"#sources/{source_id}"
                  and self.js("return document.getElementById('source-heading')?.textContent") == "Test feed")
        facts = d.find_element(By.ID, "source-facts").text
        if "the newest 3" not in facts:
            raise Failure(f"the settings do not show the backlog: {facts}")
        self.wait("6 rows", lambda: len(self.media_rows()) == 6, timeout=30)
        phases = sorted(r["phase"] for r in self.media_rows())
        if phases != ["downloaded", "downloaded", "failed", "seen", "seen", "seen"]:
            raise Failure(f"unexpected phases {phases}")
        failed_row = self.media_row("Episode 6")
        if not failed_row or failed_row["phase"] != "failed" or not failed_row["retry"]:
            raise Failure(f"Episode 6 should have failed with a Retry button: {failed_row}")
        self.click(".chips [data-phase-filter='seen']")
        self.wait("only the seen rows", lambda: (lambda rows: len(rows) == 3 and all(r["phase"] == "seen" for r in rows))(self.media_rows()))
        self.click(".chips [data-phase-filter='']")
        self.wait("every row again", lambda: len(self.media_rows()) == 6)
        self.shot("s05-source-page")

        self.step("keep a video; the retention preview respects it")
        self.row_element("Episode 5", "input.keep").click()
        self.wait("keep stored", lambda: (self.item(token, source_id, "Episode 5") or {}).get("keep") is True)
        self.click("#source-page [data-source-action='edit']")
        self.wait("the edit dialog", lambda: self.visible("source-dialog"))
        if not d.find_element(By.ID, "source-url").get_attribute("readonly") or d.find_element(By.CSS_SELECTOR, "#source-backlog input[value='newest']").is_enabled():
            raise Failure("the link and the backlog must be read-only when editing")
        if not d.find_element(By.CSS_SELECTOR, "#source-backlog input[value='newest']").is_selected():
            raise Failure("the edit dialog does not show the backlog chosen")
        if self.visible("source-preview"):
            raise Failure("the preview belongs to adding only")
        self.click("#source-retention-section summary")
        self.set_field("source-keep-newest", "1")
        self.click("#source-submit")
        self.wait("the dialog to close", lambda: not self.visible("source-dialog"))
        self.wait("the new retention in the settings", lambda: "keep the newest 1" in d.find_element(By.ID, "source-facts").text)
        self.click("#retention-preview")
        self.wait("nothing to delete", lambda: "Nothing would be deleted" in d.find_element(By.ID, "retention-box").text, timeout=30)
        self.row_element("Episode 5", "input.keep").click()
        self.wait("keep cleared", lambda: (self.item(token, source_id, "Episode 5") or {}).get("keep") is False)
        self.click("#retention-preview")
        self.wait("Episode 4 listed for deletion", lambda: "Episode 4" in d.find_element(By.ID, "retention-box").text
                  and "Episode 5" not in d.find_element(By.ID, "retention-box").text, timeout=30)
        print(f"retention preview: {d.find_element(By.ID, 'retention-box').text}", flush=True)
        self.shot("s06-retention")
        d.find_element(By.CSS_SELECTOR, "#retention-box button.danger").click()
        self.wait("the confirm dialog", lambda: self.visible("confirm-dialog"))
        if d.find_element(By.ID, "confirm-files-label").is_displayed():
            raise Failure("applying the retention offers a files choice it does not have")
        self.click("#confirm-ok")
        self.wait("Episode 4 deleted", lambda: (self.media_row("Episode 4") or {}).get("phase") == "deleted", timeout=60)

        self.step("retry the failed video from the source's page")
        self.row_element("Episode 6", "button[data-retry]").click()
        self.wait("the retry toast", lambda: any("Queued “Episode 6”" in t for t in self.toasts()))
        self.wait("Episode 6 to fail again", lambda: (self.media_row("Episode 6") or {}).get("phase") == "failed", timeout=120)
        log_lines = self.js("return [...document.querySelectorAll('#source-log li')].filter(li => li.querySelector('time')).map(li => li.textContent)")
        print(f"source log lines: {len(log_lines)}" + "".join(f"\n  {line}" for line in log_lines[:10]), flush=True)

        self.step("sync now and a full re-index are queued")
        self.click("#source-page [data-source-action='sync']")
        self.wait("the sync toast", lambda: any("Check of “Test feed” queued" in t for t in self.toasts()))
        self.click("#source-page [data-source-action='full']")
        self.wait("the re-index toast", lambda: any("Full re-index of “Test feed” queued" in t for t in self.toasts()))

        self.step("the failed downloads list, and retry from it")
        self.click("nav.views a[data-view='failed']")
        self.wait("the failed page", lambda: self.visible("failed-page") and self.js("return location.hash") == "#failed")

        def failed_titles():
            return self.js("return [...document.querySelectorAll('#failed-body tr')].map(r => r.querySelector('.media-title a').textContent + ' | ' + r.children[1].textContent)")

        def refreshed():
            titles = failed_titles()
            if not titles:
                self.click("#failed-refresh")
                time.sleep(0.5)
            return titles

        titles = self.wait("Episode 6 in the list", lambda: any(t.startswith("Episode 6 | Test feed") for t in refreshed()), timeout=120)
        print(f"failed downloads: {failed_titles()}", flush=True)
        self.shot("s07-failed")
        d.find_element(By.CSS_SELECTOR, "#failed-body tr button[data-retry]").click()
        self.wait("the row to go", lambda: not failed_titles())
        self.wait("the retry toast", lambda: any("Queued “Episode 6” again" in t for t in self.toasts()))

        self.step("a source's page is a link: it opens after a reload; Esc goes back to all sources")
        d.get(self.args.server + f"/#sources/{source_id}")
        d.refresh()
        self.wait("the source's page after the reload", lambda: self.js("return document.getElementById('source-heading')?.textContent") == "Test feed")
        self.wait("its videos", lambda: len(self.media_rows()) == 6)
        ActionChains(d).send_keys(Keys.ESCAPE).perform()
        self.wait("all sources", lambda: self.js("return location.hash") == "#sources" and self.card())

        self.step("narrow screen")
        d.set_window_size(390, 844)
        time.sleep(0.3)
        self.shot("s08-phone")
        d.set_window_size(1400, 900)

        self.step("disable it, then delete it with its files")
        d.find_element(By.CSS_SELECTOR, f"#source-{source_id} input.source-enabled").click()
        self.wait("disabled on the server", lambda: self.api_json("GET", f"/api/sources/{source_id}", token)["enabled"] is False)
        self.wait("the card to say so", lambda: self.card()["facts"].get("Next check") == "only when you sync")
        self.click(f"#source-{source_id} [data-source-action='delete']")
        self.wait("the confirm dialog", lambda: self.visible("confirm-dialog"))
        if not d.find_element(By.ID, "confirm-files-label").is_displayed():
            raise Failure("deleting a source offers no choice about its files")
        self.click("#confirm-files")
        self.shot("s09-confirm-delete")
        self.click("#confirm-ok")
        self.wait("the card to go", lambda: self.card() is None)
        self.wait("the empty state", lambda: self.visible("sources-empty"))
        if self.api_json("GET", "/api/sources", token)["sources"]:
            raise Failure("the server still lists the source")

        self.step("back to the jobs view")
        self.click("nav.views a[data-view='jobs']")
        self.wait("the job list", lambda: self.visible("job-list") and self.visible("add-button"))

        self.collect_console()
        # Chromium logs every 4xx answer to fetch() as a console error. Expected: the answers to the
        # invalid title filter (preview and create) and to the invalid schedule.
        expected = [e for e in self.console if e["level"] == "SEVERE" and "Failed to load resource" in e["message"]
                    and ("/api/sources/preview" in e["message"] or "/api/sources -" in e["message"])
                    and (" 400 " in e["message"] or " 422 " in e["message"])]
        severe = [e for e in self.console if e["level"] == "SEVERE" and e not in expected]
        if severe:
            raise Failure(f"{len(severe)} console error(s): {severe[0]['message']}")


def main():
    return flow_main(SourcesFlow, "SOURCES", url_option="--feed-url")

if __name__ == "__main__":
    sys.exit(main())
