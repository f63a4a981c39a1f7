// The Notifications page (#notifications): webhook subscriptions signed per Standard Webhooks —
// list with the last delivery's status, add (the secret is shown once), send a test message,
// delete. Done-scripts and Apprise are configured on the server (DONE_SCRIPT, APPRISE_URLS).

import * as api from "./api.js";
import * as ui from "./ui.js";

const $ = (id) => document.getElementById(id);

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

/** The last delivery of a webhook as short text: "delivered · 204 · 12:03". */
function lastDelivery(delivery) {
  if (!delivery) return "never";
  const when = new Date(delivery.lastAttemptAt ?? delivery.createdAt).toLocaleString();
  const status = delivery.lastStatus ?? delivery.lastError ?? "–";
  return `${delivery.state} · ${status} · ${when}`;
}

export class NotificationsPage {
  constructor() {
    this.body = $("webhooks-body");
    $("webhook-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.add();
    });
    this.body.addEventListener("click", (event) => {
      const button = event.target.closest("[data-webhook-action]");
      const row = event.target.closest("tr");
      if (button && row) this.perform(button.dataset.webhookAction, row.dataset.id);
    });
  }

  /** Shows the page and loads the subscriptions (admins only: the server refuses others). */
  async show() {
    if (!api.can("admin")) {
      this.render([]);
      this.showStatus("Only admins manage webhooks.");
      return;
    }
    try {
      this.render((await api.request("GET", "/api/webhooks")).webhooks);
    } catch (error) {
      this.showStatus(`Could not load the webhooks: ${error.message}`);
    }
  }

  showStatus(text) {
    $("webhooks-status").hidden = !text;
    $("webhooks-status").textContent = text;
  }

  render(webhooks) {
    $("webhooks-table").hidden = webhooks.length === 0;
    this.showStatus(webhooks.length === 0 ? "No webhooks yet." : "");
    this.body.replaceChildren(...webhooks.map((hook) => {
      const row = element("tr");
      row.dataset.id = hook.id;
      const url = element("td", "webhook-url", hook.url);
      if (hook.description) url.title = hook.description;
      const state = element("td", null, hook.enabled ? "enabled" : `disabled: ${hook.disabledReason ?? ""}`);
      const actions = element("td", "row-actions");
      const test = api.restrict(element("button", null, "Send test"), "admin");
      test.type = "button";
      test.dataset.webhookAction = "test";
      const remove = api.restrict(element("button", "danger", "Delete"), "admin");
      remove.type = "button";
      remove.dataset.webhookAction = "delete";
      actions.append(test, remove);
      row.append(url, element("td", null, (hook.events ?? ["all"]).join(", ")), state, element("td", null, lastDelivery(hook.lastDelivery)), actions);
      return row;
    }));
  }

  async add() {
    const url = $("webhook-url").value.trim();
    const names = $("webhook-events").value.split(/[\s,]+/).filter(Boolean);
    const events = names.length === 0 || names.includes("all") ? undefined : names;
    try {
      const created = await api.request("POST", "/api/webhooks", { url, events });
      $("webhook-url").value = "";
      $("webhook-secret").hidden = false;
      $("webhook-secret-value").textContent = created.secret;
      ui.toast("Webhook added", "success", "Copy its secret now: it is shown only once.");
      await this.show();
    } catch (error) {
      ui.toast("Could not add the webhook", "error", error.message);
    }
  }

  async perform(action, id) {
    try {
      if (action === "test") {
        const delivery = await api.request("POST", `/api/webhooks/${encodeURIComponent(id)}/test`);
        const status = delivery.lastStatus ?? delivery.lastError ?? "no answer";
        ui.toast(`Test ${delivery.state}: ${status}`, delivery.state === "delivered" ? "success" : "error");
      } else if (action === "delete") {
        const confirmed = await ui.confirmAction({ title: "Delete webhook", text: "Delete this webhook and its delivery log?", okLabel: "Delete" });
        if (!confirmed) return;
        await api.request("DELETE", `/api/webhooks/${encodeURIComponent(id)}`);
      }
      await this.show();
    } catch (error) {
      ui.toast("The webhook action failed", "error", error.message);
    }
  }
}
