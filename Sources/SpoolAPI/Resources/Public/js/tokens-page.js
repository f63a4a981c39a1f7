// The API tokens page (#tokens): the caller's sessions and API tokens (never their secrets);
// create a named API token (its secret is shown only once) and revoke any of them.

import * as api from "./api.js";
import * as ui from "./ui.js";

const $ = (id) => document.getElementById(id);

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

function when(date) {
  return date ? new Date(date).toLocaleString() : "never";
}

export class TokensPage {
  constructor() {
    this.body = $("tokens-body");
    $("token-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.create();
    });
    this.body.addEventListener("click", (event) => {
      const target = event.target.closest("[data-token-action='revoke']");
      const row = event.target.closest("tr");
      if (target && row) this.revoke(row.dataset.id, row.dataset.name);
    });
  }

  /** Shows the page and loads the tokens. */
  async show() {
    try {
      this.render((await api.request("GET", "/api/tokens")).tokens);
    } catch (error) {
      this.showStatus(`Could not load the tokens: ${error.message}`);
    }
  }

  showStatus(text) {
    $("tokens-status").hidden = !text;
    $("tokens-status").textContent = text;
  }

  render(tokens) {
    this.showStatus(tokens.length === 0 ? "No tokens." : "");
    this.body.replaceChildren(...tokens.map((token) => {
      const row = element("tr");
      row.dataset.id = token.id;
      row.dataset.name = token.name;
      const actions = element("td", "row-actions");
      const revoke = element("button", "danger", "Revoke");
      revoke.type = "button";
      revoke.dataset.tokenAction = "revoke";
      actions.append(revoke);
      row.append(
        element("td", null, token.name), element("td", null, token.kind === "api" ? "API token" : "session"),
        element("td", null, when(token.createdAt)), element("td", null, when(token.lastUsedAt)),
        element("td", null, token.expiresAt ? when(token.expiresAt) : "never"), actions,
      );
      return row;
    }));
  }

  async create() {
    const name = $("token-name").value.trim();
    try {
      const created = await api.request("POST", "/api/tokens", { name });
      $("token-name").value = "";
      $("token-secret").hidden = false;
      $("token-secret-value").textContent = created.token;
      ui.toast(`Created the token ${created.name}`, "success", "Copy it now: it is shown only once.");
      await this.show();
    } catch (error) {
      ui.toast("Could not create the token", "error", error.message);
    }
  }

  async revoke(id, name) {
    const confirmed = await ui.confirmAction({ title: "Revoke token", text: `Revoke “${name}”? Whatever uses it stops working.`, okLabel: "Revoke" });
    if (!confirmed) return;
    try {
      await api.request("DELETE", `/api/tokens/${encodeURIComponent(id)}`);
      ui.toast(`Revoked ${name}`, "success");
    } catch (error) {
      ui.toast("Could not revoke the token", "error", error.message);
    }
    await this.show();
  }
}
