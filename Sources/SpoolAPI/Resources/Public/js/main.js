// Boot and wiring: login, the live event stream, the job list, actions, keyboard and menus.

import * as api from "./api.js";
import * as format from "./format.js";
import { FILTERS, JobList, PROGRESS_SORTS, jobName } from "./jobs.js";
import { LiveEvents } from "./live.js";
import { QueueView } from "./queue-view.js";
import { DetailsDrawer } from "./details.js";
import { setUpAddDialog } from "./add-dialog.js";
import * as ui from "./ui.js";

const $ = (id) => document.getElementById(id);

/** Measurements for the benchmarks (bench/ui_*.py read them); cheap and bounded. */
const metrics = { stateLatencies: [], listLoadedMs: null, firstRenderMs: null, firstRenderRows: 0, readyAt: null };
window.spoolMetrics = metrics;

const state = {
  filter: "all",
  search: "",
  sort: localStorage.getItem("spool.sort") ?? "queue",
  descending: localStorage.getItem("spool.descending") === "true",
};

const jobs = new JobList();
let view = null;
let details = null;
let live = null;
let addDialog = null;
let loaded = false;
let buffered = [];
let orderDirty = false;
let countsDirty = true;
let frame = 0;
let expiryTimer = 0;
const refetch = new Set();
let refetchTimer = 0;
const mediaQueue = [];
let mediaInFlight = 0;

// ---- Login ---------------------------------------------------------------------------------

function showLogin(message = "") {
  $("app-view").hidden = true;
  $("login-view").hidden = false;
  $("login-message").textContent = message;
  $("login-username").focus();
}

async function onLoginSubmit(event) {
  event.preventDefault();
  const name = $("login-username").value.trim();
  const password = $("login-password").value;
  if (!name || !password) {
    $("login-message").textContent = "Enter your username and password.";
    return;
  }
  $("login-submit").disabled = true;
  try {
    const session = await api.login(name, password);
    sessionStorage.setItem("spool.expiresAt", session.expiresAt);
    $("login-password").value = "";
    startApp();
  } catch (error) {
    $("login-message").textContent = error.status === 401 ? "Wrong username or password." : error.message;
  } finally {
    $("login-submit").disabled = false;
  }
}

function endSession(message) {
  live?.stop();
  live = null;
  clearTimeout(expiryTimer);
  details?.close();
  api.clearSession();
  sessionStorage.removeItem("spool.expiresAt");
  loaded = false;
  jobs.replaceAll([]);
  showLogin(message);
}

// ---- App -----------------------------------------------------------------------------------

function startApp() {
  $("login-view").hidden = true;
  $("app-view").hidden = false;
  $("user-name").textContent = `(${api.username() ?? ""})`;
  const expiresAt = Date.parse(sessionStorage.getItem("spool.expiresAt") ?? "");
  if (expiresAt) {
    clearTimeout(expiryTimer);
    expiryTimer = setTimeout(() => endSession("Your session has expired. Please log in again."), Math.min(2 ** 31 - 1, Math.max(0, expiresAt - Date.now())));
  }
  loaded = false;
  buffered = [];
  live = new LiveEvents(api.token, {
    onEvent,
    onStatus(text, connected) {
      $("connection").textContent = text;
      $("connection").classList.toggle("offline", !connected);
    },
    onReady(first) {
      if (first || !loaded) loadJobs();
      refreshQueueStats();
    },
    onAuthFailed() {
      endSession("Your session has expired. Please log in again.");
    },
  });
  live.start();
  view.container.focus({ preventScroll: true });
}

async function loadJobs() {
  const started = performance.now();
  try {
    const list = await api.allJobs();
    jobs.replaceAll(list);
    loaded = true;
    const pending = buffered;
    buffered = [];
    for (const event of pending) applyEvent(event);
    metrics.listLoadedMs = performance.now() - started;
    const renderStart = performance.now();
    orderDirty = true;
    countsDirty = true;
    flush();
    view.render();
    metrics.firstRenderMs = performance.now() - renderStart;
    metrics.firstRenderRows = list.length;
    // The next frame starts once the rows have been painted.
    requestAnimationFrame(() => {
      metrics.readyAt = performance.now();
      document.body.dataset.loaded = "true";
    });
  } catch (error) {
    if (error.status !== 401) ui.toast("Could not load the queue", "error", error.message);
  }
}

async function refreshQueueStats() {
  try {
    const overview = await api.request("GET", "/api/queue");
    $("total-free").textContent = overview.freeBytes == null ? "–" : format.bytes(overview.freeBytes);
  } catch {
    // The status bar keeps its last value.
  }
}

// ---- Events --------------------------------------------------------------------------------

function onEvent(event) {
  if (!loaded) {
    buffered.push(event);
    return;
  }
  applyEvent(event);
}

function applyEvent(event) {
  const change = jobs.apply(event);
  details?.addEvent(event);
  switch (change) {
    case "progress":
      if (PROGRESS_SORTS.has(state.sort)) orderDirty = true;
      break;
    case "state": {
      orderDirty = true;
      countsDirty = true;
      const job = jobs.jobs.get(event.jobId);
      if (job) job._pendingLatency = Date.parse(event.timestamp);
      scheduleRefetch(event.jobId);
      if (format.TERMINAL.has(event.payload.to)) refreshQueueStats();
      break;
    }
    case "added":
    case "removed":
      orderDirty = true;
      countsDirty = true;
      if (change === "added") scheduleRefetch(event.jobId);
      if (change === "removed" && details?.shows(event.jobId)) details.close();
      break;
    default:
      break;
  }
  if (event.type === "notification" && Date.now() - Date.parse(event.timestamp) < 60000) {
    const failed = event.payload.severity === "error";
    ui.toast(event.payload.title, failed ? "error" : event.payload.type === "job_complete" ? "success" : "info", event.payload.message);
    ui.notify(event.payload.title, event.payload.message);
  }
  scheduleFlush();
}

/** Fetches full jobs after state changes (title, output, error), a few at once, coalesced. */
function scheduleRefetch(id) {
  refetch.add(id);
  if (!refetchTimer) refetchTimer = setTimeout(runRefetch, 50);
}

async function runRefetch() {
  refetchTimer = 0;
  // A job removed meanwhile (its job_removed event came first) is not asked for.
  const ids = [...refetch].filter((id) => jobs.jobs.has(id));
  refetch.clear();
  await Promise.all(ids.map(async (id) => {
    try {
      const { job } = await api.request("GET", `/api/jobs/${encodeURIComponent(id)}`);
      if (!jobs.jobs.has(id)) return;
      const previous = jobs.jobs.get(id);
      const next = jobs.upsert(job);
      // A newer live state than the fetched one wins (the fetch may have been answered first).
      if (previous._stateAt > Date.parse(job.updatedAt)) {
        next.status = previous.status;
        next._stateAt = previous._stateAt;
      }
      orderDirty = true;
      countsDirty = true;
    } catch (error) {
      if (error.status === 404) jobs.remove(id);
    }
  }));
  scheduleFlush();
}

/** Loads media metadata (thumbnail) for jobs that became visible, four requests at a time. */
function needMedia(job) {
  job._mediaRequested = true;
  mediaQueue.push(job.id);
  pumpMedia();
}

function pumpMedia() {
  while (mediaInFlight < 4 && mediaQueue.length) {
    const id = mediaQueue.shift();
    mediaInFlight += 1;
    api.request("GET", `/api/jobs/${encodeURIComponent(id)}`).then((detail) => {
      const job = jobs.jobs.get(id);
      if (job && detail.media) {
        job.media = detail.media;
        job._v += 1;
        scheduleFlush();
      }
    }).catch(() => {}).finally(() => {
      mediaInFlight -= 1;
      pumpMedia();
    });
  }
}

function scheduleFlush() {
  if (!frame) frame = requestAnimationFrame(() => {
    frame = 0;
    flush();
  });
}

/** Applies everything that changed since the last frame: order, counts, totals, rows, drawer. */
function flush() {
  if (orderDirty) {
    orderDirty = false;
    view.setList(jobs.view(state.filter, state.search, state.sort, state.descending));
    $("empty-state").hidden = jobs.jobs.size > 0;
  }
  if (countsDirty) {
    countsDirty = false;
    renderFilters();
  }
  const totals = jobs.totals();
  $("total-active").textContent = String(totals.active);
  $("total-queued").textContent = String(totals.queued);
  $("total-speed").textContent = format.speed(totals.speed) || "0 B/s";
  view.render();
  if (details?.jobId) {
    const job = jobs.jobs.get(details.jobId);
    if (job) details.update(job);
  }
  updateToolbar();
}

/** Records server-to-row latency of state changes for rows that are on screen. */
function onRowsRendered() {
  const now = Date.now();
  for (const row of view.rows.values()) {
    const job = jobs.jobs.get(row._jobId);
    if (job?._pendingLatency && row._v === job._v) {
      if (metrics.stateLatencies.length < 100000) metrics.stateLatencies.push(now - job._pendingLatency);
      job._pendingLatency = 0;
    }
  }
}

// ---- Filters and toolbar -------------------------------------------------------------------

function renderFilters() {
  const counts = jobs.counts();
  const list = $("state-filters");
  if (list.childElementCount !== FILTERS.length) {
    list.replaceChildren(...FILTERS.map((filter) => {
      const item = document.createElement("li");
      item.setAttribute("role", "option");
      item.tabIndex = 0;
      item.dataset.filter = filter.id;
      item.innerHTML = `<span class="filter-name"></span><span class="count"></span>`;
      item.querySelector(".filter-name").textContent = filter.label;
      return item;
    }));
  }
  for (const item of list.children) {
    const id = item.dataset.filter;
    item.querySelector(".count").textContent = String(counts[id]);
    item.setAttribute("aria-selected", String(id === state.filter));
    item.setAttribute("aria-label", `${FILTERS.find((f) => f.id === id).label}: ${counts[id]}`);
  }
}

function setFilter(id) {
  state.filter = id;
  orderDirty = true;
  countsDirty = true;
  view.container.scrollTop = 0;
  scheduleFlush();
  document.body.classList.remove("sidebar-open");
  $("sidebar-toggle").setAttribute("aria-expanded", "false");
}

const CAN = {
  pause: (job) => format.RUNNING.has(job.status) || format.WAITING.has(job.status),
  resume: (job) => job.status === "PAUSED",
  start: (job) => format.WAITING.has(job.status) || job.status === "PAUSED",
  cancel: (job) => !format.TERMINAL.has(job.status),
  retry: (job) => format.TERMINAL.has(job.status),
  remove: () => true,
  "remove-files": () => true,
  "move-top": (job) => job.status === "QUEUED" || job.status === "PAUSED",
  "move-up": (job) => job.status === "QUEUED" || job.status === "PAUSED",
  "move-down": (job) => job.status === "QUEUED" || job.status === "PAUSED",
  "move-bottom": (job) => job.status === "QUEUED" || job.status === "PAUSED",
  details: () => true,
};

function selectedJobs() {
  return view.selection().map((id) => jobs.jobs.get(id)).filter(Boolean);
}

function updateToolbar() {
  const selected = selectedJobs();
  for (const button of document.querySelectorAll(".toolbar button[data-action]")) {
    const test = CAN[button.dataset.action];
    button.disabled = selected.length === 0 || !selected.some((job) => test(job));
  }
}

// ---- Actions -------------------------------------------------------------------------------

async function perform(action, ids = view.selection()) {
  const targets = ids.map((id) => jobs.jobs.get(id)).filter(Boolean);
  if (targets.length === 0) return;
  if (action === "details") {
    openDetails(targets[0].id);
    return;
  }
  if (action === "remove" || action === "remove-files") {
    const answer = await ui.confirmRemove(targets.length, action === "remove-files");
    if (!answer) return;
    await each(targets, (job) => api.request("DELETE", `/api/jobs/${encodeURIComponent(job.id)}?deleteFiles=${answer.deleteFiles}`)
      .then(() => {
        jobs.remove(job.id);
        if (details?.shows(job.id)) details.close();
      }), "remove");
    view.clearSelection();
    orderDirty = true;
    countsDirty = true;
    scheduleFlush();
    return;
  }
  const applicable = targets.filter((job) => CAN[action]?.(job));
  if (applicable.length === 0) return;
  if (action.startsWith("move-")) {
    const to = action.slice(5);
    // Moving several: top/down go in reverse so the selection keeps its relative order.
    const ordered = to === "top" || to === "down" ? [...applicable].reverse() : applicable;
    for (const job of ordered) {
      try {
        const { job: moved } = await api.request("POST", `/api/jobs/${encodeURIComponent(job.id)}/move`, { to });
        jobs.upsert(moved);
      } catch (error) {
        ui.toast(`Could not move “${jobName(job)}”`, "error", error.message);
      }
    }
    orderDirty = true;
    scheduleFlush();
    const first = view.index.get(applicable[0].id);
    if (first != null) view.scrollToIndex(first);
    return;
  }
  await each(applicable, (job) => api.control(job.id, action).then(({ job: updated }) => {
    const current = jobs.jobs.get(updated.id);
    if (current && current._stateAt > Date.parse(updated.updatedAt)) return;
    jobs.upsert(updated);
    orderDirty = true;
    countsDirty = true;
  }), action);
  scheduleFlush();
}

async function each(targets, operation, label) {
  const results = await Promise.allSettled(targets.map(operation));
  const failures = results.filter((r) => r.status === "rejected");
  if (failures.length) {
    ui.toast(`${label}: ${failures.length} of ${targets.length} failed`, "error", failures[0].reason.message);
  }
}

function openDetails(id) {
  const job = jobs.jobs.get(id);
  if (!job) return;
  details.open(job);
}

function contextMenu(id, x, y) {
  const selected = selectedJobs();
  const can = (action) => selected.some((job) => CAN[action](job));
  ui.showContextMenu([
    { label: "Details", action: "details", shortcut: "Enter" },
    "-",
    { label: "Resume", action: "resume", disabled: !can("resume"), shortcut: "R" },
    { label: "Pause", action: "pause", disabled: !can("pause"), shortcut: "P" },
    { label: "Start now", action: "start", disabled: !can("start"), shortcut: "S" },
    { label: "Cancel", action: "cancel", disabled: !can("cancel"), shortcut: "C" },
    { label: "Retry", action: "retry", disabled: !can("retry"), shortcut: "T" },
    "-",
    { label: "Move to top", action: "move-top", disabled: !can("move-top"), shortcut: "Alt+Home" },
    { label: "Move up", action: "move-up", disabled: !can("move-up"), shortcut: "Alt+ArrowUp" },
    { label: "Move down", action: "move-down", disabled: !can("move-down"), shortcut: "Alt+ArrowDown" },
    { label: "Move to bottom", action: "move-bottom", disabled: !can("move-bottom"), shortcut: "Alt+End" },
    "-",
    { label: "Remove", action: "remove", shortcut: "Delete" },
    { label: "Remove with files", action: "remove-files", shortcut: "Shift+Delete" },
  ], x, y, (action) => perform(action));
}

// ---- Keyboard ------------------------------------------------------------------------------

function onKeyDown(event) {
  if (document.querySelector("dialog[open]") || $("app-view").hidden) return;
  const target = event.target;
  const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
  if (typing) {
    if (event.key === "Escape" && target === $("search")) {
      target.blur();
      view.container.focus();
    }
    return;
  }
  if (!$("context-menu").hidden) return;
  const key = event.key;
  const inList = target === view.container || target === document.body;
  if (event.altKey && ["ArrowUp", "ArrowDown", "Home", "End"].includes(key)) {
    event.preventDefault();
    perform({ ArrowUp: "move-up", ArrowDown: "move-down", Home: "move-top", End: "move-bottom" }[key]);
    return;
  }
  if ((event.ctrlKey || event.metaKey) && key.toLowerCase() === "a" && inList) {
    event.preventDefault();
    view.selectAll();
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  switch (key) {
    case "ArrowDown":
    case "ArrowUp":
      if (!inList) return;
      event.preventDefault();
      view.moveFocus(key === "ArrowDown" ? 1 : -1, event.shiftKey);
      break;
    case "Home":
    case "End":
      if (!inList) return;
      event.preventDefault();
      view.moveFocus(key === "Home" ? -Infinity : Infinity, event.shiftKey);
      break;
    case " ":
      if (!inList || !view.focusId) return;
      event.preventDefault();
      view.toggle(view.focusId);
      break;
    case "Enter":
      if (!inList || !view.focusId) return;
      event.preventDefault();
      openDetails(view.focusId);
      break;
    case "Escape":
      if (details.jobId) details.close();
      else view.clearSelection();
      break;
    case "Delete":
    case "Backspace":
      if (key === "Backspace" && !event.metaKey) return;
      event.preventDefault();
      perform(event.shiftKey ? "remove-files" : "remove");
      break;
    case "ContextMenu":
    case "F10":
      if (key === "F10" && !event.shiftKey) return;
      if (view.focusId) {
        event.preventDefault();
        const row = view.rows.get(view.focusId);
        const rect = (row ?? view.container).getBoundingClientRect();
        contextMenu(view.focusId, rect.left + 40, rect.top + rect.height / 2);
      }
      break;
    case "/":
      event.preventDefault();
      $("search").focus();
      break;
    case "?":
      $("help-dialog").showModal();
      break;
    default: {
      const action = { n: "add", p: "pause", r: "resume", s: "start", c: "cancel", t: "retry" }[key.toLowerCase()];
      if (!action || event.shiftKey) return;
      event.preventDefault();
      if (action === "add") addDialog.open();
      else perform(action);
    }
  }
}

// ---- Setup ---------------------------------------------------------------------------------

function setUp() {
  view = new QueueView($("job-list"), $("job-list-spacer"), {
    onOpen: openDetails,
    onContextMenu: contextMenu,
    onSelectionChange: updateToolbar,
    onNeedMedia: needMedia,
    onRendered: onRowsRendered,
  });
  details = new DetailsDrawer($("details"), {
    onDetail(detail) {
      const job = jobs.jobs.get(detail.job.id);
      if (!job) return;
      const next = jobs.upsert(detail.job);
      if (job._stateAt > next._stateAt) {
        next.status = job.status;
        next._stateAt = job._stateAt;
      }
      next.media = detail.media;
      next._mediaRequested = true;
      orderDirty = true;
      countsDirty = true;
      scheduleFlush();
    },
    onClosed() {
      view.container.focus();
    },
  });
  addDialog = setUpAddDialog((created) => {
    for (const job of created) if (!jobs.jobs.has(job.id) || jobs.jobs.get(job.id).queuePosition === Number.MAX_SAFE_INTEGER) jobs.upsert(job);
    orderDirty = true;
    countsDirty = true;
    scheduleFlush();
    ui.toast(created.length === 1 ? "Added 1 download" : `Added ${created.length} downloads`, "success");
  });
  api.onUnauthorized(() => endSession("Your session has expired. Please log in again."));

  $("login-form").addEventListener("submit", onLoginSubmit);
  $("add-button").addEventListener("click", () => addDialog.open());
  for (const button of document.querySelectorAll(".toolbar button[data-action]")) {
    button.addEventListener("click", () => perform(button.dataset.action));
  }
  $("state-filters").addEventListener("click", (event) => {
    const item = event.target.closest("[data-filter]");
    if (item) setFilter(item.dataset.filter);
  });
  $("state-filters").addEventListener("keydown", (event) => {
    const item = event.target.closest("[data-filter]");
    if (!item) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      setFilter(item.dataset.filter);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      (event.key === "ArrowDown" ? item.nextElementSibling : item.previousElementSibling)?.focus();
    }
  });
  let searchTimer = 0;
  $("search").addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      state.search = $("search").value;
      orderDirty = true;
      scheduleFlush();
    }, 80);
  });
  $("sort-select").value = state.sort;
  $("sort-select").addEventListener("change", () => {
    state.sort = $("sort-select").value;
    localStorage.setItem("spool.sort", state.sort);
    orderDirty = true;
    scheduleFlush();
  });
  const direction = $("sort-direction");
  const showDirection = () => {
    direction.setAttribute("aria-pressed", String(state.descending));
    direction.textContent = state.descending ? "↓ Descending" : "↑ Ascending";
    direction.setAttribute("aria-label", state.descending ? "Sort descending (press for ascending)" : "Sort ascending (press for descending)");
  };
  showDirection();
  direction.addEventListener("click", () => {
    state.descending = !state.descending;
    localStorage.setItem("spool.descending", String(state.descending));
    showDirection();
    orderDirty = true;
    scheduleFlush();
  });

  const compact = $("compact-toggle");
  compact.checked = localStorage.getItem("spool.compact") === "true";
  document.body.classList.toggle("compact", compact.checked);
  compact.addEventListener("change", () => {
    localStorage.setItem("spool.compact", String(compact.checked));
    document.body.classList.toggle("compact", compact.checked);
    view.measure();
  });
  const notifyToggle = $("notify-toggle");
  notifyToggle.checked = ui.notificationsEnabled();
  notifyToggle.addEventListener("change", async () => {
    notifyToggle.checked = await ui.setNotifications(notifyToggle.checked);
  });
  const menu = $("settings-menu");
  const menuButton = $("menu-button");
  const setMenu = (open) => {
    menu.hidden = !open;
    menuButton.setAttribute("aria-expanded", String(open));
  };
  menuButton.addEventListener("click", () => setMenu(menu.hidden));
  document.addEventListener("pointerdown", (event) => {
    if (!menu.hidden && !menu.contains(event.target) && event.target !== menuButton) setMenu(false);
  });
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      setMenu(false);
      menuButton.focus();
    }
  });
  $("help-button").addEventListener("click", () => {
    setMenu(false);
    $("help-dialog").showModal();
  });
  $("logout-button").addEventListener("click", async () => {
    setMenu(false);
    live?.stop();
    await api.logout();
    endSession("You are logged out.");
  });
  $("sidebar-toggle").addEventListener("click", () => {
    const open = document.body.classList.toggle("sidebar-open");
    $("sidebar-toggle").setAttribute("aria-expanded", String(open));
  });
  document.addEventListener("keydown", onKeyDown);
  renderFilters();
  updateToolbar();

  const expiresAt = Date.parse(sessionStorage.getItem("spool.expiresAt") ?? "");
  if (api.token() && !(expiresAt && expiresAt <= Date.now())) startApp();
  else {
    api.clearSession();
    showLogin();
  }
}

setUp();
