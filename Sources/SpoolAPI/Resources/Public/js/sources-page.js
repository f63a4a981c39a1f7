// The Sources page: one card per followed source with its link, schedule, next and last check, the
// last error, and the live line "N listed / M new / K queued / J done / F failed"; buttons to
// check now, re-index, edit and delete, and a switch to enable it.

import * as api from "./api.js";
import * as format from "./format.js";
import { progressExtras, progressLine } from "./sources.js";

const $ = (id) => document.getElementById(id);

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

/** Fills a progress paragraph (`.source-progress`) from a source's progress. */
export function renderProgress(node, source) {
  const progress = source.progress ?? {};
  const activity = progress.activity ?? "idle";
  node.dataset.activity = activity;
  for (const key of ["listed", "new", "queued", "done", "failed"]) node.dataset[key] = String(progress[key] ?? 0);
  const badge = node.querySelector(".activity") ?? element("span", "badge activity");
  badge.dataset.activity = activity;
  badge.textContent = format.ACTIVITY_LABELS[activity] ?? activity;
  const line = node.querySelector(".progress-line") ?? element("span", "progress-line");
  line.textContent = progressLine(progress);
  const extras = node.querySelector(".progress-extras") ?? element("span", "progress-extras muted");
  const extraText = progressExtras(progress);
  extras.textContent = extraText ? ` · ${extraText}` : "";
  if (!badge.isConnected) node.append(badge, " ", line, extras);
}

/** The facts shown for a source's schedule and checks: [[name, value, className]]. */
export function statusFacts(source) {
  const status = source.status ?? {};
  return [
    ["Check", `${source.schedule}${source.enabled ? "" : " (disabled)"}`],
    ["Next check", source.enabled ? format.when(status.nextCheckAt) : "only when you sync"],
    ["Last check", status.lastCheckAt ? format.when(status.lastCheckAt) : "never"],
    ...(status.lastError ? [["Last error", status.lastError, "source-error"]] : []),
  ];
}

/** Writes `[name, value, className]` facts into a `<dl>`. */
export function renderFacts(list, facts) {
  list.replaceChildren(...facts.flatMap(([name, value, className]) => [element("dt", null, name), element("dd", className ?? null, value)]));
}

/** The list of source cards. */
export class SourcesPage {
  /** `actions` are the source actions (source-actions.js). */
  constructor(model, actions) {
    this.model = model;
    this.actions = actions;
    this.list = $("source-list");
    this.cards = new Map();
    this.visible = false;
    this.frame = 0;
    this.dirty = new Set();
    this.list.addEventListener("click", (event) => {
      const button = event.target.closest("[data-source-action]");
      const card = event.target.closest(".source-card");
      if (button && card) actions.perform(button.dataset.sourceAction, Number(card.dataset.id));
    });
    model.subscribe((change) => this.onChange(change));
    // Relative times ("in 5 min") age: redraw them while the page shows.
    setInterval(() => {
      if (this.visible) for (const id of this.cards.keys()) this.dirty.add(id);
      this.schedule();
    }, 30000);
  }

  /** Shows the page and loads the sources. */
  async show() {
    this.visible = true;
    this.renderAll();
    try {
      await this.model.load();
    } catch (error) {
      this.showLoadError(error);
    }
  }

  /** Hides the page. */
  hide() {
    this.visible = false;
  }

  showLoadError(error) {
    $("sources-empty").hidden = false;
    $("sources-empty").textContent = `Could not load the sources: ${error.message}`;
  }

  onChange({ id, kind }) {
    if (kind === "list" || kind === "removed") {
      this.renderAll();
    } else if (kind === "source" || kind === "progress") {
      this.dirty.add(id);
      this.schedule();
    }
  }

  schedule() {
    if (!this.frame && this.visible) this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      for (const id of this.dirty) {
        const card = this.cards.get(id);
        const source = this.model.sources.get(id);
        if (card && source) this.update(card, source);
      }
      this.dirty.clear();
    });
  }

  renderAll() {
    const sources = this.model.list();
    const empty = $("sources-empty");
    if (this.model.loaded) {
      empty.hidden = sources.length > 0;
      const hint = api.restrict(element("span", null, " Press "), "user");
      hint.append(element("kbd", null, "N"), " or “+ Add source” and paste a channel, playlist or feed link.");
      empty.replaceChildren("No sources yet.", hint);
    }
    const wanted = new Set(sources.map((source) => source.id));
    for (const [id, card] of this.cards) {
      if (!wanted.has(id)) {
        card.remove();
        this.cards.delete(id);
      }
    }
    sources.forEach((source, index) => {
      let card = this.cards.get(source.id);
      if (!card) {
        card = this.createCard(source);
        this.cards.set(source.id, card);
      }
      this.update(card, source);
      // Only moved cards are re-inserted: moving a node takes the focus from a button inside it.
      if (this.list.children[index] !== card) this.list.insertBefore(card, this.list.children[index] ?? null);
    });
  }

  createCard(source) {
    const card = element("li", "source-card");
    card.dataset.id = String(source.id);
    card.id = `source-${source.id}`;
    const header = element("div", "source-head");
    const title = element("h2", "source-name");
    const link = element("a");
    link.href = `#sources/${source.id}`;
    title.append(link);
    header.append(title, this.actions.enabledSwitch(source));
    const url = element("a", "source-url");
    url.target = "_blank";
    url.rel = "noopener noreferrer";
    const progress = element("p", "source-progress");
    const facts = element("dl", "facts source-facts");
    const buttons = element("div", "source-actions");
    buttons.append(...this.actions.buttons(source));
    card.append(header, url, progress, facts, buttons);
    card._parts = { link, url, progress, facts, enabled: header.querySelector("input") };
    return card;
  }

  update(card, source) {
    const p = card._parts;
    p.link.textContent = source.name;
    p.url.textContent = source.url;
    p.url.href = /^https?:/i.test(source.url) ? source.url : "#sources";
    // Not while its own change is being saved (the answer sets it).
    if (!p.enabled.disabled) p.enabled.checked = source.enabled;
    card.classList.toggle("disabled", !source.enabled);
    card.classList.toggle("has-error", Boolean(source.status?.lastError));
    renderProgress(p.progress, source);
    renderFacts(p.facts, statusFacts(source));
    this.actions.nameControls(card, source);
  }
}
