"""Drives the Notifications page of the Spool web UI in headless Chromium.

Run by Tests/SpoolAppTests/WebUINotificationsEndToEndTests.swift with a started `spool serve` and a
loopback webhook receiver. Logs in, opens Notifications (#notifications), adds a webhook for the
receiver (its secret shown once), sends a test message and reads the row's last delivery
("delivered · 204"), then deletes the webhook through the confirm dialog. Exits 0 and prints
"NOTIFICATIONS OK" when every step passed; any console error of the page fails the run.
"""

import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from webui_flow import Failure, Flow, flow_main


class NotificationsFlow(Flow):
    def run(self):
        d = self.driver
        self.step("log in and open Notifications")
        d.get(self.args.server + "/")
        self.wait("the login form", lambda: d.find_element(By.ID, "login-view").is_displayed())
        d.find_element(By.ID, "login-username").send_keys(self.args.username)
        d.find_element(By.ID, "login-password").send_keys(self.args.password, Keys.ENTER)
        self.wait("the queue", lambda: self.js("return document.body.dataset.loaded === 'true'"))
        self.click("nav.views a[data-view='notifications']")
        self.wait("the Notifications page", lambda: d.find_element(By.ID, "notifications-page").is_displayed())
        self.wait("the empty list", lambda: "No webhooks yet" in d.find_element(By.ID, "webhooks-status").text)
        if d.title != "Notifications · Spool":
            raise Failure(f"unexpected title {d.title!r}")

        self.step("add a webhook")
        d.find_element(By.ID, "webhook-url").send_keys(self.args.webhook_url)
        d.find_element(By.ID, "webhook-events").send_keys("job.completed, job.failed")
        d.find_element(By.CSS_SELECTOR, "#webhook-form button[type='submit']").click()
        self.wait("the secret", lambda: d.find_element(By.ID, "webhook-secret-value").text.startswith("whsec_"))
        row = self.wait("the webhook's row", lambda: d.find_elements(By.CSS_SELECTOR, "#webhooks-body tr"))
        text = row[0].text
        if self.args.webhook_url not in text or "job.completed, job.failed" not in text or "never" not in text:
            raise Failure(f"unexpected row: {text!r}")
        self.shot("n01-added")

        self.step("send a test message")
        d.find_element(By.CSS_SELECTOR, "#webhooks-body tr [data-webhook-action='test']").click()
        self.wait("the last delivery", lambda: "delivered · 204" in d.find_element(By.CSS_SELECTOR, "#webhooks-body tr").text)
        self.shot("n02-tested")

        self.step("delete it")
        d.find_element(By.CSS_SELECTOR, "#webhooks-body tr [data-webhook-action='delete']").click()
        self.wait("the confirm dialog", lambda: d.find_element(By.ID, "confirm-dialog").is_displayed())
        self.click("#confirm-ok")
        self.wait("the empty list again", lambda: not d.find_elements(By.CSS_SELECTOR, "#webhooks-body tr"))

        self.collect_console()
        severe = [e for e in self.console if e["level"] == "SEVERE"]
        if severe:
            raise Failure(f"{len(severe)} console error(s): {severe[0]['message']}")



def main():
    return flow_main(NotificationsFlow, "NOTIFICATIONS", url_option="--webhook-url")

if __name__ == "__main__":
    sys.exit(main())
