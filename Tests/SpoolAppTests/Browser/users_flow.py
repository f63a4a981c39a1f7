"""Drives the Users and API tokens pages of the Spool web UI in headless Chromium.

Run by Tests/SpoolAppTests/WebUIUsersEndToEndTests.swift with a started `spool serve`. Logs in as
the admin, opens Users (#users, shown to admins only), adds the user `carol` as a viewer, makes her
a user with the role menu, disables and enables her through the confirm dialog, sets her password,
and deletes her. Then opens API tokens (#tokens), creates a token (its secret shown once, starting
with `spl_`), checks it authenticates, and revokes it through the confirm dialog. Exits 0 and
prints "USERS OK" when every step passed; any console error of the page fails the run.
"""

import sys
import urllib.error

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from webui_flow import Failure, Flow, flow_main


class UsersFlow(Flow):
    def user_row(self, name):
        rows = self.driver.find_elements(By.CSS_SELECTOR, f"#users-body tr[data-username='{name}']")
        return rows[0] if rows else None

    def confirm(self):
        self.wait("the confirm dialog", lambda: self.driver.find_element(By.ID, "confirm-dialog").is_displayed())
        self.click("#confirm-ok")

    def run(self):
        d = self.driver
        self.step("log in and open Users")
        d.get(self.args.server + "/")
        self.wait("the login form", lambda: d.find_element(By.ID, "login-view").is_displayed())
        d.find_element(By.ID, "login-username").send_keys(self.args.username)
        d.find_element(By.ID, "login-password").send_keys(self.args.password, Keys.ENTER)
        self.wait("the queue", lambda: self.js("return document.body.dataset.loaded === 'true'"))
        self.click("nav.views a[data-view='users']")
        self.wait("the Users page", lambda: d.find_element(By.ID, "users-page").is_displayed())
        self.wait("the admin's row", lambda: self.user_row(self.args.username))
        if d.title != "Users · Spool":
            raise Failure(f"unexpected title {d.title!r}")

        self.step("add carol as a viewer")
        d.find_element(By.ID, "user-username").send_keys("carol")
        d.find_element(By.ID, "user-password").send_keys("carol-password-1")
        Select(d.find_element(By.ID, "user-role")).select_by_value("viewer")
        d.find_element(By.CSS_SELECTOR, "#user-form button[type='submit']").click()
        row = self.wait("carol's row", lambda: self.user_row("carol"))
        if "enabled" not in row.text or Select(row.find_element(By.CSS_SELECTOR, "select")).first_selected_option.text != "viewer":
            raise Failure(f"unexpected row: {row.text!r}")
        self.shot("u01-added")

        self.step("make carol a user")
        Select(self.user_row("carol").find_element(By.CSS_SELECTOR, "select")).select_by_value("user")
        self.wait("the new role", lambda: self.js(
            "return [...document.querySelectorAll('#users-body tr')].some(r => r.dataset.username === 'carol' && r.querySelector('select').value === 'user')"
        ) and self.api_user("carol")["role"] == "user")

        self.step("disable and enable carol")
        self.user_row("carol").find_element(By.CSS_SELECTOR, "[data-user-action='disable']").click()
        self.confirm()
        self.wait("the disabled state", lambda: "disabled" in self.user_row("carol").find_element(By.CSS_SELECTOR, ".user-state").text)
        self.shot("u02-disabled")
        self.user_row("carol").find_element(By.CSS_SELECTOR, "[data-user-action='enable']").click()
        self.wait("the enabled state", lambda: self.user_row("carol").find_element(By.CSS_SELECTOR, ".user-state").text == "enabled")

        self.step("set carol's password")
        self.user_row("carol").find_element(By.CSS_SELECTOR, "[data-user-action='password']").click()
        self.wait("the password form", lambda: d.find_element(By.ID, "user-password-form").is_displayed())
        d.find_element(By.ID, "user-new-password").send_keys("carol-password-2", Keys.ENTER)
        self.wait("the password form to close", lambda: not d.find_element(By.ID, "user-password-form").is_displayed())
        self.api_login("carol", "carol-password-2")

        self.step("delete carol")
        self.user_row("carol").find_element(By.CSS_SELECTOR, "[data-user-action='delete']").click()
        self.confirm()
        self.wait("carol's row to go", lambda: self.user_row("carol") is None)

        self.step("create and revoke an API token")
        self.click("nav.views a[data-view='tokens']")
        self.wait("the API tokens page", lambda: d.find_element(By.ID, "tokens-page").is_displayed())
        self.wait("the session's row", lambda: d.find_elements(By.CSS_SELECTOR, "#tokens-body tr"))
        d.find_element(By.ID, "token-name").send_keys("flow-token")
        d.find_element(By.CSS_SELECTOR, "#token-form button[type='submit']").click()
        secret = self.wait("the secret", lambda: d.find_element(By.ID, "token-secret-value").text.startswith("spl_") and d.find_element(By.ID, "token-secret-value").text)
        self.wait("the token's row", lambda: d.find_elements(By.CSS_SELECTOR, "#tokens-body tr[data-name='flow-token']"))
        self.api("GET", "/api/tokens", secret)
        self.shot("u03-token")
        d.find_element(By.CSS_SELECTOR, "#tokens-body tr[data-name='flow-token'] [data-token-action='revoke']").click()
        self.confirm()
        self.wait("the token's row to go", lambda: not d.find_elements(By.CSS_SELECTOR, "#tokens-body tr[data-name='flow-token']"))
        try:
            self.api("GET", "/api/tokens", secret)
            raise Failure("the revoked token still authenticates")
        except urllib.error.HTTPError as error:
            if error.code != 401:
                raise Failure(f"the revoked token got {error.code}, not 401") from error

        self.collect_console()
        severe = [e for e in self.console if e["level"] == "SEVERE"]
        if severe:
            raise Failure(f"{len(severe)} console error(s): {severe[0]['message']}")

    def api_user(self, name):
        token = self.js("return sessionStorage.getItem('spool.token')")
        return next(u for u in self.api("GET", "/api/users", token)["users"] if u["username"] == name)

    def api_login(self, name, password):
        import json
        import urllib.request
        request = urllib.request.Request(self.args.server + "/api/auth/login", method="POST",
                                         data=json.dumps({"username": name, "password": password}).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            if response.status != 200:
                raise Failure(f"carol could not log in with the new password: {response.status}")


def main():
    return flow_main(UsersFlow, "USERS", url_required=False)

if __name__ == "__main__":
    sys.exit(main())
