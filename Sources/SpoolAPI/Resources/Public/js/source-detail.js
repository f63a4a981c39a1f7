// The page of one source (#sources/ID): its live progress, the settings, its videos with their
// phase and reason, the retention dry run (and applying it), and the source's log lines seen since
// the page was opened.

import * as api from "./api.js";
import * as format from "./format.js";
import { MediaList } from "./media-list.js";
import * as form from "./source-form.js";
import { renderFacts, renderProgress, statusFacts } from "./sources-page.js";
import { sourcePath } from "./sources.js";
import * as ui from "./ui.js";

const LEVELS = ["debug", "info", "warning", "error"];

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

/** The page of one source inside `root`. */
export class SourceDetail {
  /** `actions` are the source actions; `onGone()` runs when the source shown was deleted. */
  constructor(root, model, actions, onGone) {
    this.root = root;
    this.model = model;
    this.actions = actions;
    this.onGone = onGone;
    this.sourceId = null;
    this.media = null;
    this.lastCounts = "";
    model.subscribe((change) => this.onChange(change));
    root.addEventListener("click", (event) => {
      const button = event.target.closest("[data-source-action]");
      if (button && this.sourceId != null) actions.perform(button.dataset.sourceAction, this.sourceId);
    });
  }

  /** Shows the source `id`, loading it when needed. */
  async show(id) {
    this.close();
    this.sourceId = id;
    this.root.replaceChildren(this.backLink(), element("p", "muted", "Loading…"));
    let source = this.model.sources.get(id);
    try {
      if (!this.model.profiles.length) await this.model.loadProfiles();
      source = await this.model.refresh(id);
    } catch (error) {
      if (this.sourceId !== id) return;
      if (!source) {
        this.root.replaceChildren(this.backLink(), element("h1", null, "Source not found"), element("p", "muted", error.message));
        return;
      }
    }
    if (this.sourceId !== id) return;
    this.build(source);
  }

  /** Leaves the page. */
  close() {
    this.media?.close();
    this.media = null;
    this.sourceId = null;
    this.heading = null;
    this.logList = null;
    this.lastCounts = "";
  }

  backLink() {
    const nav = element("nav", "breadcrumb");
    nav.setAttribute("aria-label", "Back");
    const back = element("a", null, "← All sources");
    back.href = "#sources";
    nav.append(back);
    return nav;
  }

  build(source) {
    const header = element("header", "page-header source-detail-head");
    this.heading = element("h1");
    this.heading.id = "source-heading";
    this.heading.tabIndex = -1;
    this.url = element("a", "source-url");
    this.url.target = "_blank";
    this.url.rel = "noopener noreferrer";
    this.enabled = this.actions.enabledSwitch(source);
    header.append(this.heading, this.enabled, this.url);
    this.progress = element("p", "source-progress");
    const buttons = element("div", "source-actions");
    const retention = element("button", null, "Retention preview");
    retention.type = "button";
    retention.id = "retention-preview";
    retention.title = "List what the retention would delete now, without deleting";
    retention.addEventListener("click", () => this.previewRetention());
    buttons.append(...this.actions.buttons(source), retention);
    this.retentionBox = element("section", "panel retention-box");
    this.retentionBox.id = "retention-box";
    this.retentionBox.setAttribute("aria-live", "polite");
    this.retentionBox.hidden = true;
    const panels = element("div", "detail-panels");
    const status = element("section", "panel");
    this.statusFacts = element("dl", "facts");
    this.statusFacts.id = "source-status";
    status.append(element("h2", null, "Checks"), this.statusFacts);
    const settings = element("section", "panel");
    this.facts = element("dl", "facts");
    this.facts.id = "source-facts";
    settings.append(element("h2", null, "Settings"), this.facts);
    panels.append(status, settings);
    const mediaSection = element("section", "media-section");
    const mediaHeading = element("h2", null, "Videos");
    mediaHeading.id = "media-heading";
    mediaSection.setAttribute("aria-labelledby", "media-heading");
    mediaSection.append(mediaHeading);
    this.media = new MediaList(mediaSection, source.id);
    const logSection = element("section", "log-section");
    const logHeading = element("h2", null, "Log");
    this.logList = element("ol", "log");
    this.logList.id = "source-log";
    this.logList.setAttribute("aria-label", "Source log");
    this.logList.tabIndex = 0;
    logSection.append(logHeading, element("p", "hint", "What this source did since this page was opened."), this.logList);
    this.root.replaceChildren(this.backLink(), header, this.progress, buttons, this.retentionBox, panels, mediaSection, logSection);
    this.update(source);
    this.renderLog();
    this.media.load();
  }

  /** Redraws the header, progress and settings. */
  update(source) {
    this.heading.textContent = source.name;
    document.title = `${source.name} · Spool`;
    this.url.textContent = source.url;
    this.url.href = /^https?:/i.test(source.url) ? source.url : "#sources";
    const input = this.enabled.querySelector("input");
    if (!input.disabled) input.checked = source.enabled;
    renderProgress(this.progress, source);
    this.actions.nameControls(this.root, source);
    const status = source.status ?? {};
    renderFacts(this.statusFacts, [
      ...statusFacts(source),
      ["Last full index", status.lastFullIndexAt ? format.when(status.lastFullIndexAt) : "never"],
    ]);
    renderFacts(this.facts, [
      ["Follows", form.describeTabs(source.tabs)],
      ["Fast check feed", source.feedUrl ?? "none"],
      ["Profile", this.model.profileName(source.profileId)],
      ["Processing", this.model.profiles.find((profile) => profile.id === source.profileId)?.process ?? "none"],
      ["Filters", form.describeFilters(source.filters)],
      ["Retention", form.describeRetention(source.retention)],
      ["Layout", form.describeLayout(source.layout)],
      ["Backlog", form.describeBacklog(source.backlog)],
      ["Added", format.dateTime(source.createdAt)],
      ["Id", String(source.id)],
    ]);
  }

  onChange({ id, kind, event }) {
    if (this.sourceId == null || (id !== this.sourceId && kind !== "list")) return;
    const source = this.model.sources.get(this.sourceId);
    if (kind === "removed" || (kind === "list" && this.model.loaded && !source)) {
      const gone = this.sourceId;
      this.close();
      this.onGone(gone);
      return;
    }
    if (!source || !this.heading) return;
    if (kind === "log") {
      this.addLine(event);
      return;
    }
    this.update(source);
    if (kind === "progress") {
      // New counts mean items changed phase: fetch the page of videos again (throttled).
      const p = source.progress ?? {};
      const counts = [p.listed, p.queued, p.done, p.failed, p.filtered, p.skipped, p.deferred].join();
      if (counts !== this.lastCounts) {
        this.lastCounts = counts;
        this.media?.refreshSoon();
      }
    }
  }

  /** A job event: when one of the videos shown is downloaded by that job, fetch the page again. */
  onJobEvent(event) {
    if (event.type === "state_change" && this.media?.hasJob(event.jobId)) this.media.refreshSoon();
  }

  // ---- Retention -----------------------------------------------------------------------------

  async previewRetention() {
    const id = this.sourceId;
    const box = this.retentionBox;
    box.hidden = false;
    box.replaceChildren(element("h2", null, "Retention preview"), element("p", "muted", "Checking…"));
    try {
      const { items } = await api.request("GET", sourcePath(id, "/retention"));
      if (this.sourceId !== id) return;
      const source = this.model.sources.get(id);
      const nodes = [element("h2", null, "Retention preview"), element("p", "muted", `Retention: ${form.describeRetention(source?.retention)}.`)];
      if (!items.length) {
        nodes.push(element("p", "retention-none", "Nothing would be deleted now."));
      } else {
        nodes.push(element("p", null, items.length === 1 ? "1 video would be deleted:" : `${items.length} videos would be deleted:`));
        const list = element("ul", "retention-list");
        for (const item of items) {
          const line = element("li");
          line.dataset.mediaId = item.mediaId;
          const size = item.bytes == null ? "size unknown" : format.bytes(item.bytes);
          line.append(element("span", null, item.title || item.mediaId), element("span", "muted", ` (${size}) — ${item.reason}`));
          list.append(line);
        }
        nodes.push(list);
      }
      const buttons = element("div", "buttons");
      if (items.length) {
        const apply = api.restrict(element("button", "danger", "Delete them now"), "user");
        apply.type = "button";
        apply.addEventListener("click", () => this.applyRetention(items.length));
        buttons.append(apply);
      }
      const close = element("button", null, "Close");
      close.type = "button";
      close.addEventListener("click", () => {
        box.hidden = true;
        document.getElementById("retention-preview")?.focus();
      });
      buttons.append(close);
      nodes.push(buttons);
      box.replaceChildren(...nodes);
    } catch (error) {
      if (this.sourceId === id) box.replaceChildren(element("h2", null, "Retention preview"), element("p", "preview-error", error.message));
    }
  }

  async applyRetention(count) {
    const id = this.sourceId;
    const answer = await ui.confirmAction({
      title: "Apply retention",
      text: count === 1 ? "Delete the file of 1 video now?" : `Delete the files of ${count} videos now?`,
      okLabel: "Delete",
    });
    if (!answer || this.sourceId !== id) return;
    try {
      const { deleted } = await api.request("POST", sourcePath(id, "/retention"));
      ui.toast(deleted.length === 1 ? "Deleted 1 video" : `Deleted ${deleted.length} videos`, "success");
      this.retentionBox.hidden = true;
      this.media?.load();
    } catch (error) {
      ui.toast("Could not apply the retention", "error", error.message);
    }
  }

  // ---- Log -----------------------------------------------------------------------------------

  line(event) {
    const level = LEVELS.includes(event.payload.level) ? event.payload.level : "info";
    const item = element("li", `level-${level}`);
    const time = element("time", null, format.clock(event.timestamp));
    time.dateTime = event.timestamp;
    item.append(time, element("span", "level", level), element("span", "message", event.payload.message));
    return item;
  }

  renderLog() {
    const lines = this.model.log(this.sourceId).map((event) => this.line(event));
    this.logList.replaceChildren(...lines);
    if (!lines.length) this.logList.append(element("li", "muted log-empty", "Nothing yet."));
    this.logList.scrollTop = this.logList.scrollHeight;
  }

  addLine(event) {
    if (!this.logList) return;
    this.logList.querySelector(".log-empty")?.remove();
    const atBottom = this.logList.scrollHeight - this.logList.scrollTop - this.logList.clientHeight < 40;
    this.logList.append(this.line(event));
    while (this.logList.childElementCount > 500) this.logList.firstElementChild.remove();
    if (atBottom) this.logList.scrollTop = this.logList.scrollHeight;
  }
}
