"""Adds a batch from the Spool web UI in headless Chromium and works its group row.

Run by Tests/SpoolAppTests/WebUIEndToEndTests.swift with a started `spool serve` and a media
server on 127.0.0.1. Pastes three links (the second missing on the server) with a batch name into
the add dialog, waits for the batch's group row to show "3 episodes · 2 done · 1 failed" above its
three jobs in episode order, then clicks the group row, which selects the three jobs, and retries
them from the toolbar (the failed one is queued again). Exits 0 and prints "BATCH OK" when every
step passed; a console error other than the missing file's fails the run.
"""

import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from webui_flow import Failure, Flow, flow_main


class BatchFlow(Flow):
    def run(self):
        d = self.driver
        self.step("log in")
        d.get(self.args.server + "/")
        self.wait("the login form", lambda: d.find_element(By.ID, "login-view").is_displayed())
        d.find_element(By.ID, "login-username").send_keys(self.args.username)
        d.find_element(By.ID, "login-password").send_keys(self.args.password, Keys.ENTER)
        self.wait("the live connection", lambda: d.find_element(By.ID, "connection").text.startswith("Live"))

        self.step("add three links as one batch")
        self.click("#add-button")
        self.wait("the add dialog", lambda: d.find_element(By.ID, "add-dialog").is_displayed())
        links = [self.args.media_url, self.args.media_url.rsplit("/", 1)[0] + "/missing.mp4", self.args.media_url + "?second"]
        d.find_element(By.ID, "add-urls").send_keys("\n".join(links))
        d.find_element(By.ID, "add-batch").send_keys("Season 1")
        self.click("#add-submit")
        self.wait("the dialog to close", lambda: not d.find_element(By.ID, "add-dialog").is_displayed())

        self.step("the group row sums up the batch above its jobs")
        def settled():
            rows = self.rows()
            group = next((r for r in rows if (r["id"] or "").startswith("batch:")), None)
            return rows if group and group["title"] == "Season 1" and group["sub"] == "3 episodes · 2 done · 1 failed" else None
        rows = self.wait("the batch to finish", settled, timeout=90)
        print("rows: " + " | ".join(f"{r['title']} ({r['sub']}, {r['state']})" for r in rows), flush=True)
        start = next(i for i, r in enumerate(rows) if (r["id"] or "").startswith("batch:"))
        items = rows[start + 1:start + 4]
        if [r["sub"].split(" · ")[0] for r in items] != ["episode 1", "episode 2", "episode 3"]:
            raise Failure(f"the batch's jobs are not below its group row in episode order: {items}")
        if [r["state"] for r in items] != ["COMPLETE", "FAILED", "COMPLETE"] or rows[start]["state"] != "COMPLETE":
            raise Failure(f"unexpected states: {rows[start]} {items}")
        self.shot("batch-done")

        self.step("clicking the group row selects every job of the batch; Retry queues the failed one again")
        d.find_element(By.CSS_SELECTOR, f'#job-list .row[data-id="{rows[start]["id"]}"] .title').click()
        expected = sorted([rows[start]["id"]] + [r["id"] for r in items])
        def selection():
            return sorted(self.js("return [...document.querySelectorAll('#job-list .row[aria-selected=\"true\"]')].map(r => r.dataset.id)"))
        # Rows are rewritten in the next animation frame.
        self.wait(f"the group row to select {expected}", lambda: selection() == expected, timeout=10)
        self.click('button[data-action="retry"]')
        failed = items[1]["id"]
        self.wait("the failed episode to run again", lambda: (self.row(failed) or {}).get("state") != "FAILED" or self.retried(failed))
        self.shot("batch-retried")

        self.collect_console()
        severe = [e for e in self.console if e["level"] == "SEVERE" and "missing.mp4" not in e["message"]]
        if severe:
            raise Failure(f"{len(severe)} console error(s): {severe[0]['message']}")

    def retried(self, job_id):
        """Whether the job's log says it was retried (it may have failed again already)."""
        token = self.js("return sessionStorage.getItem('spool.token')")
        events = self.api("GET", f"/api/jobs/{job_id}/logs?limit=200", token)["events"]
        return any("retry" in (e.get("payload", {}).get("reason") or "") for e in events if e["type"] == "state_change")


def main():
    return flow_main(BatchFlow, "BATCH")

if __name__ == "__main__":
    sys.exit(main())
