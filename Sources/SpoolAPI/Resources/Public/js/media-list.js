// A source's videos (GET /api/sources/{id}/media): a row of phase chips with counts, a page of
// rows (title, published, length, phase, reason, keep, retry) and paging. Rows are updated in place
// when the list is fetched again, so a focused switch or button keeps the focus.

import * as api from "./api.js";
import * as format from "./format.js";
import { sourcePath } from "./sources.js";
import * as ui from "./ui.js";

const PAGE_SIZE = 100;
const PHASES = ["downloaded", "queued", "failed", "deferred", "filtered", "seen", "duplicate", "listed", "removed", "deleted"];
/** Phases an item can be downloaded from again, and the button's label. */
const RETRY_LABELS = { failed: "Retry", filtered: "Retry", deferred: "Retry", seen: "Download", duplicate: "Download", removed: "Download" };
const REFRESH_MS = 2000;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

/** A media table, its chips and pager, built inside `root` for one source. */
export class MediaList {
  constructor(root, sourceId) {
    this.sourceId = sourceId;
    this.phase = "";
    this.offset = 0;
    this.counts = {};
    this.rows = new Map();
    this.loading = null;
    this.again = false;
    this.lastLoad = 0;
    this.refreshTimer = 0;
    this.chips = element("div", "chips");
    this.chips.setAttribute("role", "group");
    this.chips.setAttribute("aria-label", "Show videos by phase");
    this.table = element("table", "media-table");
    this.table.id = "media-table";
    const head = element("thead");
    const headRow = element("tr");
    for (const name of ["Title", "Published", "Length", "Phase", "Reason", "Keep", ""]) {
      const th = element("th", null, name);
      th.scope = "col";
      if (!name) th.append(element("span", "visually-hidden", "Actions"));
      headRow.append(th);
    }
    head.append(headRow);
    this.body = element("tbody");
    this.table.append(head, this.body);
    this.empty = element("p", "page-empty", "No videos listed yet.");
    this.pager = element("div", "pager");
    this.previous = element("button", null, "‹ Previous");
    this.next = element("button", null, "Next ›");
    this.range = element("span", "muted");
    this.range.setAttribute("aria-live", "polite");
    for (const button of [this.previous, this.next]) button.type = "button";
    this.pager.append(this.previous, this.range, this.next);
    const wrap = element("div", "table-wrap");
    wrap.append(this.table);
    root.append(this.chips, wrap, this.empty, this.pager);
    this.previous.addEventListener("click", () => this.go(this.offset - PAGE_SIZE));
    this.next.addEventListener("click", () => this.go(this.offset + PAGE_SIZE));
    this.chips.addEventListener("click", (event) => {
      const chip = event.target.closest("[data-phase-filter]");
      if (!chip) return;
      this.phase = chip.dataset.phaseFilter;
      this.go(0);
    });
    this.body.addEventListener("click", (event) => {
      const button = event.target.closest("[data-retry]");
      if (button) this.retry(button.closest("tr")._item, button);
    });
    this.body.addEventListener("change", (event) => {
      if (event.target.matches("input.keep")) this.setKeep(event.target.closest("tr")._item, event.target);
    });
  }

  /** Loads the page at `offset` of the chosen phase. */
  go(offset) {
    this.offset = Math.max(0, offset);
    return this.load();
  }

  /** Fetches the current page again (coalesces overlapping calls). */
  async load() {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    const params = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(this.offset) });
    if (this.phase) params.set("phase", this.phase);
    this.loading = api.request("GET", sourcePath(this.sourceId, `/media?${params}`)).then((page) => {
      this.counts = page.counts ?? {};
      this.render(page.items ?? []);
    }).catch((error) => {
      this.empty.hidden = false;
      this.empty.textContent = `Could not load the videos: ${error.message}`;
    }).finally(() => {
      this.loading = null;
      this.lastLoad = Date.now();
      if (this.again) {
        this.again = false;
        this.load();
      }
    });
    return this.loading;
  }

  /** Fetches again soon, at most every two seconds (live progress of the source). */
  refreshSoon() {
    if (this.refreshTimer) return;
    const wait = Math.max(0, this.lastLoad + REFRESH_MS - Date.now());
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = 0;
      this.load();
    }, wait);
  }

  /** Whether a row on this page is downloaded by the job `jobId`. */
  hasJob(jobId) {
    return [...this.body.children].some((row) => row._item?.jobId === jobId);
  }

  /** Stops the pending refresh (the page closed). */
  close() {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = 0;
  }

  total() {
    if (this.phase) return this.counts[this.phase] ?? 0;
    return Object.values(this.counts).reduce((sum, n) => sum + (Number(n) || 0), 0);
  }

  render(items) {
    this.renderChips();
    const total = Math.max(this.total(), this.offset + items.length);
    this.empty.hidden = items.length > 0;
    this.empty.textContent = this.phase ? `No ${format.PHASE_LABELS[this.phase]?.toLowerCase() ?? this.phase} videos.` : "No videos listed yet.";
    this.table.hidden = items.length === 0;
    this.pager.hidden = total <= PAGE_SIZE && this.offset === 0;
    this.range.textContent = items.length ? `${this.offset + 1}–${this.offset + items.length} of ${total}` : "";
    this.previous.disabled = this.offset === 0;
    this.next.disabled = this.offset + items.length >= total;
    const ids = items.map((item) => item.mediaId);
    const sameOrder = ids.length === this.body.children.length && ids.every((id, i) => this.body.children[i]._item?.mediaId === id);
    if (sameOrder) {
      items.forEach((item, i) => this.fill(this.body.children[i], item));
      return;
    }
    this.rows.clear();
    this.body.replaceChildren(...items.map((item) => {
      const row = this.createRow();
      this.fill(row, item);
      this.rows.set(item.mediaId, row);
      return row;
    }));
  }

  renderChips() {
    const total = Object.values(this.counts).reduce((sum, n) => sum + (Number(n) || 0), 0);
    const chips = [["", "All", total]];
    for (const phase of PHASES) {
      const count = this.counts[phase] ?? 0;
      if (count > 0 || phase === this.phase) chips.push([phase, format.PHASE_LABELS[phase], count]);
    }
    const focused = document.activeElement?.dataset?.phaseFilter;
    this.chips.replaceChildren(...chips.map(([phase, label, count]) => {
      const chip = element("button", "chip");
      chip.type = "button";
      chip.dataset.phaseFilter = phase;
      chip.setAttribute("aria-pressed", String(phase === this.phase));
      chip.append(element("span", null, label), element("span", "count", String(count)));
      return chip;
    }));
    if (focused != null) this.chips.querySelector(`[data-phase-filter="${focused}"]`)?.focus();
  }

  createRow() {
    const row = element("tr");
    const title = element("td", "media-title");
    const link = element("a");
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    const sub = element("span", "sub");
    title.append(link, sub);
    const keepCell = element("td", "media-keep");
    const keep = element("input", "keep");
    keep.type = "checkbox";
    // Viewers see whether a video is kept but cannot change it.
    keep.disabled = !api.can("user");
    keepCell.append(keep);
    const actionCell = element("td", "media-action");
    const retry = api.restrict(element("button", null, "Retry"), "user");
    retry.type = "button";
    retry.dataset.retry = "";
    actionCell.append(retry);
    const published = element("td", "media-published");
    const length = element("td", "media-duration");
    const phase = element("td", "media-phase");
    const badge = element("span", "badge");
    phase.append(badge);
    const reason = element("td", "media-reason");
    row.append(title, published, length, phase, reason, keepCell, actionCell);
    row._parts = { link, sub, published, length, badge, reason, keep, retry };
    return row;
  }

  fill(row, item) {
    const p = row._parts;
    row._item = item;
    row.dataset.mediaId = item.mediaId;
    row.dataset.phase = item.phase;
    const name = item.title || item.mediaId;
    p.link.textContent = name;
    p.link.href = /^https?:/i.test(item.url ?? "") ? item.url : "#";
    p.sub.textContent = [item.tab && item.tab !== "all" ? item.tab : null, item.isShort ? "Short" : null, item.mediaId].filter(Boolean).join(" · ");
    p.published.textContent = format.day(item.publishedAt);
    p.length.textContent = format.duration(item.duration) || "–";
    p.badge.dataset.phase = item.phase;
    p.badge.textContent = format.PHASE_LABELS[item.phase] ?? item.phase;
    const reason = [item.reason];
    if (item.phase === "queued" && item.jobState) reason.push(format.STATE_LABELS[item.jobState] ?? item.jobState);
    if (item.retryAt && item.phase === "deferred") reason.push(`next look ${format.when(item.retryAt)}`);
    p.reason.textContent = reason.filter(Boolean).join(" · ");
    // Not while its own change is being saved (the answer sets it).
    if (!p.keep._saving) p.keep.checked = Boolean(item.keep);
    p.keep.setAttribute("aria-label", `Keep “${name}” whatever the retention says`);
    const retryLabel = RETRY_LABELS[item.phase];
    p.retry.hidden = !retryLabel;
    if (retryLabel) {
      p.retry.textContent = retryLabel;
      p.retry.setAttribute("aria-label", `${retryLabel} “${name}”`);
    }
  }

  async setKeep(item, input) {
    input.disabled = true;
    input._saving = true;
    try {
      const updated = await api.request("PATCH", sourcePath(this.sourceId, `/media/${encodeURIComponent(item.mediaId)}`), { keep: input.checked });
      input.disabled = false;
      input._saving = false;
      this.update(updated);
    } catch (error) {
      input.disabled = false;
      input._saving = false;
      input.checked = !input.checked;
      ui.toast(`Could not change “keep” of “${item.title || item.mediaId}”`, "error", error.message);
    }
  }

  async retry(item, button) {
    button.disabled = true;
    try {
      const updated = await api.request("POST", sourcePath(this.sourceId, `/media/${encodeURIComponent(item.mediaId)}/retry`));
      this.update(updated);
      ui.toast(`Queued “${item.title || item.mediaId}”`, "success");
      this.refreshSoon();
    } catch (error) {
      ui.toast(`Could not retry “${item.title || item.mediaId}”`, "error", error.message);
    } finally {
      button.disabled = false;
    }
  }

  /** Redraws the row of an item the API returned. */
  update(item) {
    const row = this.rows.get(item.mediaId) ?? [...this.body.children].find((r) => r._item?.mediaId === item.mediaId);
    if (row) this.fill(row, { ...row._item, ...item });
  }
}
