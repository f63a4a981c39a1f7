"""Checks that the Spool web UI offers each role only what the server lets it do, in headless Chromium.

Run by Tests/SpoolAppTests/WebUIRolesEndToEndTests.swift with a started `spool serve` holding one
job, a viewer and a user. Logs in as the viewer: the add buttons, the job toolbar, the source,
processing, hardware, token and webhook controls are not shown, the Users and Notifications links
neither; the context menu of a job offers only its details; N, T and Delete open nothing. Logs
out and in as the user: the add buttons, the toolbar and the token form are shown, N opens the add
dialog, while the processing, hardware, webhook and user controls stay hidden. Exits 0 and prints
"ROLES OK" when every step passed; any console error of the page fails the run.
"""

import sys
import time

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from webui_flow import Failure, Flow, flow_main

# Controls only users and admins are offered (index.html's data-min-role="user").
USER_CONTROLS = ["#add-button", ".toolbar", "#add-source-button", "#sources-profiles", "#token-form"]
# Controls only admins are offered (data-min-role="admin").
ADMIN_CONTROLS = [
    "nav.views a[data-view='users']", "nav.views a[data-view='notifications']", "#processing-new", "#hw-detect",
    "#webhook-form", "#user-form",
]


class RolesFlow(Flow):
    def shown(self, selector):
        """Whether an element of `selector` is rendered (in the layout, whatever page shows)."""
        return self.js("const e = document.querySelector(arguments[0]); return e != null && getComputedStyle(e).display !== 'none';", selector)

    def expect_hidden(self, selectors, who):
        shown = [selector for selector in selectors if self.shown(selector)]
        if shown:
            raise Failure(f"{who} is offered {shown}")

    def expect_shown(self, selectors, who):
        hidden = [selector for selector in selectors if not self.shown(selector)]
        if hidden:
            raise Failure(f"{who} is not offered {hidden}")

    def open_dialogs(self):
        return self.js("return [...document.querySelectorAll('dialog[open]')].map(d => d.id)")

    def press_opens_nothing(self, keys, where):
        ActionChains(self.driver).send_keys(keys).perform()
        time.sleep(0.5)
        if self.open_dialogs():
            raise Failure(f"{keys!r} {where} opened {self.open_dialogs()}")

    def log_in(self, name, password):
        d = self.driver
        self.wait("the login form", lambda: d.find_element(By.ID, "login-view").is_displayed())
        d.find_element(By.ID, "login-username").clear()
        d.find_element(By.ID, "login-username").send_keys(name)
        d.find_element(By.ID, "login-password").send_keys(password, Keys.ENTER)
        self.wait("the queue", lambda: self.js("return document.body.dataset.loaded === 'true'"))

    def log_out(self):
        self.click("#menu-button")
        self.click("#logout-button")
        self.wait("the login form", lambda: self.driver.find_element(By.ID, "login-view").is_displayed())
        if self.js("return document.documentElement.dataset.role") is not None:
            raise Failure("the role outlived the session")

    def go(self, view, ready):
        self.driver.execute_script("location.hash = arguments[0]", f"#{view}")
        self.wait(f"the {view} page", ready)

    def processing_ready(self):
        return self.driver.find_elements(By.CSS_SELECTOR, "#processing-body tr")

    def run(self):
        d = self.driver
        d.get(self.args.server + "/")

        self.step("a viewer sees the queue without controls")
        self.log_in("vera", self.args.viewer_password)
        if self.js("return document.documentElement.dataset.role") != "viewer":
            raise Failure("the root does not carry the viewer's role")
        self.wait("the job's row", lambda: self.rows())
        self.expect_hidden(USER_CONTROLS + ADMIN_CONTROLS, "a viewer")
        self.shot("r01-viewer-jobs")

        self.step("a viewer's N, T and Delete do nothing; the context menu offers the details only")
        d.find_element(By.CSS_SELECTOR, "#job-list .row .title").click()
        self.press_opens_nothing("n", "on the queue")
        self.press_opens_nothing("t", "on the queue")
        self.press_opens_nothing(Keys.DELETE, "on the queue")
        ActionChains(d).context_click(d.find_element(By.CSS_SELECTOR, "#job-list .row .title")).perform()
        self.wait("the context menu", lambda: d.find_element(By.ID, "context-menu").is_displayed())
        items = self.js("return [...document.querySelectorAll('#context-menu [role=menuitem]')].map(b => b.dataset.action)")
        if items != ["details"]:
            raise Failure(f"a viewer's context menu offers {items}")
        ActionChains(d).send_keys(Keys.ESCAPE).perform()
        self.wait("the context menu to close", lambda: not d.find_element(By.ID, "context-menu").is_displayed())

        self.step("a viewer's Sources, Processing, Notifications and API tokens pages")
        self.go("sources", lambda: d.find_element(By.ID, "sources-page").is_displayed())
        self.expect_hidden(["#add-source-button", "#sources-profiles"], "a viewer on Sources")
        self.press_opens_nothing("n", "on Sources")
        self.go("processing", self.processing_ready)
        self.expect_hidden(["#processing-new", "#hw-detect", "#processing-body [data-processing-action]"], "a viewer on Processing")
        self.press_opens_nothing("n", "on Processing")
        self.shot("r02-viewer-processing")
        self.go("notifications", lambda: d.find_element(By.ID, "webhooks-status").is_displayed())
        self.expect_hidden(["#webhook-form"], "a viewer on Notifications")
        self.go("tokens", lambda: d.find_elements(By.CSS_SELECTOR, "#tokens-body tr"))
        self.expect_hidden(["#token-form"], "a viewer on API tokens")
        self.expect_shown(["#tokens-body [data-token-action='revoke']"], "a viewer on API tokens")
        self.go("jobs", lambda: d.find_element(By.ID, "job-list").is_displayed())
        self.log_out()

        self.step("a user is offered the job controls but not the admin's")
        self.log_in("ursula", self.args.user_password)
        if self.js("return document.documentElement.dataset.role") != "user":
            raise Failure("the root does not carry the user's role")
        self.expect_shown(["#add-button", ".toolbar"], "a user")
        self.expect_hidden(ADMIN_CONTROLS, "a user")
        ActionChains(d).send_keys("n").perform()
        self.wait("the add dialog", lambda: self.open_dialogs() == ["add-dialog"])
        ActionChains(d).send_keys(Keys.ESCAPE).perform()
        self.wait("the add dialog to close", lambda: not self.open_dialogs())
        self.shot("r03-user-jobs")
        self.go("sources", lambda: d.find_element(By.ID, "sources-page").is_displayed())
        self.expect_shown(["#add-source-button", "#sources-profiles"], "a user on Sources")
        self.go("processing", self.processing_ready)
        self.expect_hidden(["#processing-new", "#hw-detect", "#processing-body [data-processing-action]"], "a user on Processing")
        self.press_opens_nothing("n", "on Processing")
        self.go("notifications", lambda: d.find_element(By.ID, "webhooks-status").is_displayed())
        self.expect_hidden(["#webhook-form"], "a user on Notifications")
        self.go("users", lambda: d.find_element(By.ID, "users-status").is_displayed())
        self.expect_hidden(["#user-form"], "a user on Users")
        self.go("tokens", lambda: d.find_elements(By.CSS_SELECTOR, "#tokens-body tr"))
        self.expect_shown(["#token-form"], "a user on API tokens")
        self.shot("r04-user-tokens")

        self.collect_console()
        severe = [e for e in self.console if e["level"] == "SEVERE"]
        if severe:
            raise Failure(f"{len(severe)} console error(s): {severe[0]['message']}")


def main():
    return flow_main(RolesFlow, "ROLES", url_required=False, extra_arguments=[
        (["--viewer-password"], {"required": True}),
        (["--user-password"], {"required": True}),
    ])

if __name__ == "__main__":
    sys.exit(main())
