// The "Failed downloads" page: videos of followed sources whose download failed for good (the
// dead letters, GET /api/archive/failed), each with its source, reason and a Retry button.

import * as api from "./api.js";
import * as format from "./format.js";
import { sourcePath } from "./sources.js";
import * as ui from "./ui.js";

const $ = (id) => document.getElementById(id);

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

/** The dead-letter list. */
export class FailedPage {
  constructor(model) {
    this.model = model;
    this.body = $("failed-body");
    $("failed-refresh").addEventListener("click", () => this.show());
    this.body.addEventListener("click", (event) => {
      const button = event.target.closest("[data-retry]");
      if (button) this.retry(button.closest("tr"), button);
    });
  }

  /** Loads and shows the list. */
  async show() {
    const empty = $("failed-empty");
    try {
      const [{ items }] = await Promise.all([
        api.request("GET", "/api/archive/failed?limit=200"),
        this.model.loaded ? null : this.model.load().catch(() => null),
      ]);
      this.render(items ?? []);
    } catch (error) {
      $("failed-table").hidden = true;
      empty.hidden = false;
      empty.textContent = `Could not load the failed downloads: ${error.message}`;
    }
  }

  render(items) {
    const empty = $("failed-empty");
    empty.hidden = items.length > 0;
    empty.textContent = "No failed downloads.";
    $("failed-table").hidden = items.length === 0;
    this.body.replaceChildren(...items.map((item) => this.row(item)));
  }

  row(item) {
    const row = element("tr");
    row._item = item;
    row.dataset.mediaId = item.mediaId;
    row.dataset.sourceId = String(item.sourceId);
    const name = item.title || item.mediaId;
    const title = element("td", "media-title");
    const link = element("a", null, name);
    link.href = /^https?:/i.test(item.url ?? "") ? item.url : "#failed";
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    title.append(link, element("span", "sub", item.mediaId));
    const sourceCell = element("td");
    const source = element("a", null, this.model.sources.get(item.sourceId)?.name ?? `Source ${item.sourceId}`);
    source.href = `#sources/${item.sourceId}`;
    sourceCell.append(source);
    const reason = element("td", "media-reason", item.reason ?? (item.jobState ? format.STATE_LABELS[item.jobState] ?? item.jobState : ""));
    const action = element("td", "media-action");
    const retry = api.restrict(element("button", null, "Retry"), "user");
    retry.type = "button";
    retry.dataset.retry = "";
    retry.setAttribute("aria-label", `Retry “${name}”`);
    action.append(retry);
    row.append(title, sourceCell, element("td", "media-published", format.day(item.publishedAt)), reason, action);
    return row;
  }

  async retry(row, button) {
    const item = row._item;
    button.disabled = true;
    try {
      await api.request("POST", sourcePath(item.sourceId, `/media/${encodeURIComponent(item.mediaId)}/retry`));
      ui.toast(`Queued “${item.title || item.mediaId}” again`, "success");
      const next = row.nextElementSibling?.querySelector("button") ?? row.previousElementSibling?.querySelector("button") ?? $("failed-refresh");
      row.remove();
      next.focus();
      if (!this.body.childElementCount) this.render([]);
    } catch (error) {
      button.disabled = false;
      ui.toast(`Could not retry “${item.title || item.mediaId}”`, "error", error.message);
    }
  }
}
