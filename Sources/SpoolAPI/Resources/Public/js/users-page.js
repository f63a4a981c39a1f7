// The Users page (#users, admins): every user with its role and state; add a user, change a role,
// disable or enable, set a password, delete. Disabling or setting a password ends the user's
// sessions and tokens at once; the server refuses to demote, disable or delete the last enabled
// admin (409), which shows as a toast.

import * as api from "./api.js";
import * as ui from "./ui.js";

const $ = (id) => document.getElementById(id);
const ROLES = ["admin", "user", "viewer"];

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

function button(label, action, className) {
  const node = element("button", className, label);
  node.type = "button";
  node.dataset.userAction = action;
  return node;
}

export class UsersPage {
  constructor() {
    this.body = $("users-body");
    this.users = [];
    $("user-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.add();
    });
    $("user-password-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.setPassword();
    });
    $("user-password-cancel").addEventListener("click", () => this.closePasswordForm());
    this.body.addEventListener("click", (event) => {
      const target = event.target.closest("[data-user-action]");
      const row = event.target.closest("tr");
      if (target && row && target.tagName === "BUTTON") this.perform(target.dataset.userAction, Number(row.dataset.id));
    });
    this.body.addEventListener("change", (event) => {
      const select = event.target.closest("select[data-user-action='role']");
      const row = event.target.closest("tr");
      if (select && row) this.change(Number(row.dataset.id), { role: select.value });
    });
  }

  /** Shows the page and loads the users (admins only: the server refuses others). */
  async show() {
    if (!api.can("admin")) {
      this.users = [];
      this.render();
      this.showStatus("Only admins manage users.");
      return;
    }
    try {
      this.users = (await api.request("GET", "/api/users")).users;
      this.render();
    } catch (error) {
      this.showStatus(`Could not load the users: ${error.message}`);
    }
  }

  showStatus(text) {
    $("users-status").hidden = !text;
    $("users-status").textContent = text;
  }

  render() {
    this.showStatus("");
    this.body.replaceChildren(...this.users.map((user) => {
      const row = element("tr");
      row.dataset.id = user.id;
      row.dataset.username = user.username;
      const role = element("select");
      role.dataset.userAction = "role";
      role.setAttribute("aria-label", `Role of ${user.username}`);
      for (const name of ROLES) {
        const option = element("option", null, name);
        option.value = name;
        option.selected = name === user.role;
        role.append(option);
      }
      const roleCell = element("td");
      roleCell.append(role);
      const actions = element("td", "row-actions");
      actions.append(
        user.disabled ? button("Enable", "enable") : button("Disable", "disable"),
        button("Set password", "password"),
        button("Delete", "delete", "danger"),
      );
      row.append(
        element("td", null, user.username), roleCell, element("td", "user-state", user.disabled ? "disabled" : "enabled"),
        element("td", null, new Date(user.createdAt).toLocaleString()), actions,
      );
      return row;
    }));
  }

  async add() {
    const body = { username: $("user-username").value.trim(), password: $("user-password").value, role: $("user-role").value };
    try {
      const user = await api.request("POST", "/api/users", body);
      $("user-username").value = "";
      $("user-password").value = "";
      ui.toast(`Added ${user.username}`, "success");
      await this.show();
    } catch (error) {
      ui.toast("Could not add the user", "error", error.message);
    }
  }

  async change(id, body) {
    try {
      await api.request("PATCH", `/api/users/${id}`, body);
    } catch (error) {
      ui.toast("Could not change the user", "error", error.message);
    }
    await this.show();
  }

  async perform(action, id) {
    const user = this.users.find((candidate) => candidate.id === id);
    if (!user) return;
    if (action === "enable") return this.change(id, { disabled: false });
    if (action === "disable") {
      const confirmed = await ui.confirmAction({ title: "Disable user", text: `Disable ${user.username}? Its sessions and tokens end now.`, okLabel: "Disable" });
      if (confirmed) await this.change(id, { disabled: true });
      return;
    }
    if (action === "password") {
      this.passwordFor = user;
      $("user-password-name").textContent = user.username;
      $("user-password-form").hidden = false;
      $("user-new-password").value = "";
      $("user-new-password").focus();
      return;
    }
    if (action === "delete") {
      const confirmed = await ui.confirmAction({ title: "Delete user", text: `Delete ${user.username} and its tokens?`, okLabel: "Delete" });
      if (!confirmed) return;
      try {
        await api.request("DELETE", `/api/users/${id}`);
        ui.toast(`Deleted ${user.username}`, "success");
      } catch (error) {
        ui.toast("Could not delete the user", "error", error.message);
      }
      await this.show();
    }
  }

  closePasswordForm() {
    $("user-password-form").hidden = true;
    this.passwordFor = null;
  }

  async setPassword() {
    const user = this.passwordFor;
    if (!user) return;
    try {
      await api.request("POST", `/api/users/${user.id}/password`, { password: $("user-new-password").value });
      ui.toast(`Set the password of ${user.username}`, "success", "Its other sessions and tokens have ended.");
      this.closePasswordForm();
    } catch (error) {
      ui.toast("Could not set the password", "error", error.message);
    }
  }
}
