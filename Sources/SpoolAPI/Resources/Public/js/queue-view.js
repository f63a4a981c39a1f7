// The job list: a virtualised grid. Only the rows in view (plus a few) exist in the DOM; a row is
// rewritten only when its job's version, position or selection changed. Rendering happens in
// one requestAnimationFrame callback however many events arrived since the last frame.

import * as format from "./format.js";
import { isGroup, withGroups } from "./batches.js";
import { jobName, jobSize } from "./jobs.js";
import { transcodeSpeed } from "./processing-format.js";

const OVERSCAN = 6;

/** The virtualised job grid. */
export class QueueView {
  /**
   * @param {HTMLElement} container the scrolling grid element
   * @param {HTMLElement} spacer the element giving the grid its full height
   * @param {object} callbacks onOpen(id), onContextMenu(id, x, y), onSelectionChange(), onNeedMedia(job), onRendered(rows)
   */
  constructor(container, spacer, callbacks) {
    this.container = container;
    this.spacer = spacer;
    this.callbacks = callbacks;
    this.list = [];
    this.index = new Map();
    this.rows = new Map();
    this.free = [];
    this.selected = new Set();
    this.focusId = null;
    this.anchorId = null;
    this.rowHeight = 60;
    this.frame = 0;
    this.narrow = matchMedia("(max-width: 720px)");
    this.narrow.addEventListener("change", () => this.measure());
    container.addEventListener("scroll", () => this.schedule(), { passive: true });
    new ResizeObserver(() => this.schedule()).observe(container);
    container.addEventListener("click", (event) => this.onClick(event));
    container.addEventListener("dblclick", (event) => {
      const row = event.target.closest(".row");
      if (row && !event.target.closest("input")) callbacks.onOpen(row._jobId);
    });
    container.addEventListener("contextmenu", (event) => {
      const row = event.target.closest(".row");
      if (!row) return;
      event.preventDefault();
      if (!this.selected.has(row._jobId)) this.selectOnly(row._jobId);
      const [first] = this.selection();
      if (first) callbacks.onContextMenu(first, event.clientX, event.clientY);
    });
    this.measure();
  }

  /** Recomputes the row height (compact mode, narrow screens). */
  measure() {
    const compact = document.body.classList.contains("compact");
    this.rowHeight = this.narrow.matches ? 88 : compact ? 36 : 60;
    for (const row of [...this.rows.values(), ...this.free]) row._index = -1;
    this.schedule();
  }

  /** Sets the ordered jobs to show; jobs of one batch get a group row above them. */
  setList(list) {
    list = withGroups(list);
    this.list = list;
    this.index = new Map(list.map((job, i) => [job.id, i]));
    for (const id of [...this.selected]) if (!this.index.has(id)) this.selected.delete(id);
    this.container.setAttribute("aria-rowcount", String(list.length));
    this.schedule();
  }

  /** Renders in the next animation frame (coalesces). */
  schedule() {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.render());
  }

  /** The selected jobs in view order (the focused one when nothing is selected). */
  selection() {
    if (this.selected.size === 0) return this.focusId && this.index.has(this.focusId) && !isGroup(this.focusId) ? [this.focusId] : [];
    return this.list.filter((job) => this.selected.has(job.id) && !job._group).map((job) => job.id);
  }

  /** The ids a click on `id` selects: a group row selects itself and its batch's jobs. */
  expand(id) {
    const entry = this.list[this.index.get(id)];
    return entry?._group ? [id, ...entry._group.members] : [id];
  }

  selectOnly(id) {
    this.selected = new Set(id ? this.expand(id) : []);
    this.focusId = id;
    this.anchorId = id;
    this.changedSelection();
  }

  selectAll() {
    this.selected = new Set(this.list.filter((job) => !job._group).map((job) => job.id));
    this.changedSelection();
  }

  clearSelection() {
    this.selected.clear();
    this.changedSelection();
  }

  toggle(id) {
    const on = !this.selected.has(id);
    for (const each of this.expand(id)) {
      if (on) this.selected.add(each);
      else this.selected.delete(each);
    }
    this.focusId = id;
    this.anchorId = id;
    this.changedSelection();
  }

  selectRange(toId) {
    const from = this.index.get(this.anchorId ?? toId) ?? 0;
    const to = this.index.get(toId) ?? 0;
    this.selected = new Set(this.list.slice(Math.min(from, to), Math.max(from, to) + 1).map((job) => job.id));
    this.focusId = toId;
    this.changedSelection();
  }

  changedSelection() {
    this.callbacks.onSelectionChange();
    this.schedule();
  }

  /** Moves the keyboard focus by `delta` rows; extends the selection with `extend`. */
  moveFocus(delta, extend) {
    if (this.list.length === 0) return;
    const current = this.index.get(this.focusId);
    const next = Math.max(0, Math.min(this.list.length - 1, current == null ? 0 : current + delta));
    const id = this.list[next].id;
    if (extend) this.selectRange(id);
    else this.selectOnly(id);
    this.scrollToIndex(next);
  }

  scrollToIndex(i) {
    const top = i * this.rowHeight;
    const view = this.container;
    if (top < view.scrollTop) view.scrollTop = top;
    else if (top + this.rowHeight > view.scrollTop + view.clientHeight) view.scrollTop = top + this.rowHeight - view.clientHeight;
  }

  onClick(event) {
    const row = event.target.closest(".row");
    if (!row) return;
    const id = row._jobId;
    if (event.target.closest("input.select")) {
      this.toggle(id);
      return;
    }
    if (event.shiftKey) this.selectRange(id);
    else if (event.ctrlKey || event.metaKey) this.toggle(id);
    else {
      this.selectOnly(id);
      if (this.narrow.matches) this.callbacks.onOpen(id);
    }
    this.container.focus({ preventScroll: true });
  }

  render() {
    this.frame = 0;
    const h = this.rowHeight;
    const total = this.list.length;
    this.spacer.style.height = `${total * h}px`;
    const top = this.container.scrollTop;
    const height = this.container.clientHeight || 800;
    const start = Math.max(0, Math.floor(top / h) - OVERSCAN);
    const end = Math.min(total, Math.ceil((top + height) / h) + OVERSCAN);
    const wanted = new Set();
    for (let i = start; i < end; i += 1) wanted.add(this.list[i].id);
    for (const [id, row] of this.rows) {
      if (!wanted.has(id)) {
        this.rows.delete(id);
        row.hidden = true;
        row.removeAttribute("id");
        row._jobId = null;
        this.free.push(row);
      }
    }
    let changed = 0;
    for (let i = start; i < end; i += 1) {
      const job = this.list[i];
      let row = this.rows.get(job.id);
      if (!row) {
        row = this.free.pop() ?? this.createRow();
        this.rows.set(job.id, row);
      }
      if (this.update(row, job, i)) changed += 1;
    }
    const focusRow = this.focusId ? this.rows.get(this.focusId) : null;
    if (focusRow) this.container.setAttribute("aria-activedescendant", focusRow.id);
    else this.container.removeAttribute("aria-activedescendant");
    this.callbacks.onRendered?.(changed);
  }

  createRow() {
    const row = document.createElement("div");
    row.className = "row";
    row.setAttribute("role", "row");
    row.innerHTML = `<span class="col-select" role="gridcell"><input type="checkbox" class="select" tabindex="-1"></span>`
      + `<span class="col-name" role="gridcell"><img class="thumb" alt="" loading="lazy" decoding="async" hidden>`
      + `<span class="name-text"><span class="title"></span><span class="sub"></span></span></span>`
      + `<span class="col-state" role="gridcell"><span class="badge"></span></span>`
      + `<span class="col-progress" role="gridcell"><span class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100">`
      + `<span class="fill"></span></span><span class="pct"></span></span>`
      + `<span class="col-size" role="gridcell"></span><span class="col-speed" role="gridcell"></span>`
      + `<span class="col-eta" role="gridcell"></span><span class="col-added" role="gridcell"></span>`;
    const q = (selector) => row.querySelector(selector);
    row._parts = {
      select: q(".select"), thumb: q(".thumb"), title: q(".title"), sub: q(".sub"), badge: q(".badge"), bar: q(".bar"),
      fill: q(".fill"), pct: q(".pct"), size: q(".col-size"), speed: q(".col-speed"), eta: q(".col-eta"), added: q(".col-added"),
    };
    row._jobId = null;
    row._v = -1;
    row._index = -1;
    this.container.appendChild(row);
    return row;
  }

  /** Writes a row; returns whether anything changed. */
  update(row, job, i) {
    let changed = false;
    row.hidden = false;
    if (row._index !== i) {
      row._index = i;
      row.style.transform = `translateY(${i * this.rowHeight}px)`;
      row.setAttribute("aria-rowindex", String(i + 1));
      changed = true;
    }
    const selected = this.selected.has(job.id);
    const focused = this.focusId === job.id;
    if (row._jobId !== job.id || row._v !== job._v) {
      this.fill(row, job);
      row._jobId = job.id;
      row._v = job._v;
      row.id = `job-${job.id}`;
      row.dataset.id = job.id;
      changed = true;
    }
    if (row._selected !== selected) {
      row._selected = selected;
      row.setAttribute("aria-selected", String(selected));
      row._parts.select.checked = selected;
    }
    if (row._focused !== focused) {
      row._focused = focused;
      row.classList.toggle("focused", focused);
    }
    return changed;
  }

  fill(row, job) {
    const p = row._parts;
    row.classList.toggle("group", Boolean(job._group));
    if (job._group) {
      this.fillGroup(row, job._group);
      return;
    }
    const progress = job.progress ?? {};
    const name = jobName(job);
    p.title.textContent = name;
    p.title.title = job.url;
    p.select.setAttribute("aria-label", `Select ${name}`);
    const sub = [];
    if (job.stage && format.RUNNING.has(job.status)) sub.push(format.STAGE_LABELS[job.stage] ?? job.stage);
    if (job.status === "PAUSED" && job.stage) sub.push(`paused at ${(format.STAGE_LABELS[job.stage] ?? job.stage).toLowerCase()}`);
    if (job.batch) sub.push(`episode ${job.batch.episode}`);
    if (job.requestedDubbing) sub.push(`voice-over ${job.targetLang ?? ""}`.trim());
    if (job.process) sub.push(`→ ${job.process}`);
    if (job.tags?.length) sub.push(job.tags.map((t) => `#${t}`).join(" "));
    if (job.error && job.status === "FAILED") sub.push(job.error.message);
    p.sub.textContent = sub.join(" · ");
    const thumb = job.media?.thumbnailUrl;
    if (thumb) {
      if (p.thumb.getAttribute("src") !== thumb) p.thumb.src = thumb;
      p.thumb.hidden = false;
    } else {
      p.thumb.hidden = true;
    }
    if (job.media === null && job.title && !job._mediaRequested) this.callbacks.onNeedMedia(job);
    if (p.badge.dataset.state !== job.status) {
      p.badge.dataset.state = job.status;
      p.badge.textContent = format.STATE_LABELS[job.status] ?? job.status;
      row.dataset.state = job.status;
    }
    const percent = job.status === "COMPLETE" ? 100 : Math.max(0, Math.min(100, progress.percent ?? 0));
    p.fill.style.transform = `scaleX(${percent / 100})`;
    p.bar.setAttribute("aria-valuenow", String(Math.round(percent)));
    p.bar.setAttribute("aria-label", `${name}: ${Math.round(percent)} percent`);
    p.pct.textContent = progress.percent == null && job.status !== "COMPLETE" ? "" : `${percent.toFixed(percent < 100 ? 1 : 0)}%`;
    p.size.textContent = format.bytes(jobSize(job));
    const running = format.RUNNING.has(job.status);
    // A transcode reports frames per second and its speed against real time, not bytes.
    p.speed.textContent = !running ? "" : progress.stage === "process" ? transcodeSpeed(progress) : format.speed(progress.speed);
    p.speed.title = p.speed.textContent;
    p.eta.textContent = running ? format.duration(progress.eta) : "";
    p.added.textContent = format.added(job._added);
    p.added.title = format.dateTime(job.createdAt);
  }

  /** Writes a batch's group row: its name, counts and overall progress. */
  fillGroup(row, group) {
    const p = row._parts;
    p.title.textContent = group.name;
    p.title.title = `Batch ${group.batchId}`;
    p.sub.textContent = group.sub;
    p.select.setAttribute("aria-label", `Select every job of ${group.name}`);
    p.thumb.hidden = true;
    p.badge.dataset.state = group.status;
    p.badge.textContent = format.STATE_LABELS[group.status] ?? group.status;
    row.dataset.state = group.status;
    p.fill.style.transform = `scaleX(${group.percent / 100})`;
    p.bar.setAttribute("aria-valuenow", String(Math.round(group.percent)));
    p.bar.setAttribute("aria-label", `${group.name}: ${Math.round(group.percent)} percent`);
    p.pct.textContent = `${group.percent.toFixed(group.percent < 100 ? 1 : 0)}%`;
    p.size.textContent = "";
    p.speed.textContent = "";
    p.eta.textContent = "";
    p.added.textContent = "";
  }
}
