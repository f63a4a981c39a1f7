// Boot and wiring: login, the live event stream, the job list, actions, keyboard and menus, and the
// pages beside the queue (pages.js).

import * as api from "./api.js";
import * as format from "./format.js";
import { JobList, PROGRESS_SORTS } from "./jobs.js";
import { LiveEvents } from "./live.js";
import { QueueView } from "./queue-view.js";
import { DetailsDrawer } from "./details.js";
import { setUpAddDialog } from "./add-dialog.js";
import * as ui from "./ui.js";
import { createActions } from "./actions.js";
import { keyHandler } from "./keyboard.js";
import { renderFilters, setUpControls } from "./controls.js";
import { setUpPages } from "./pages.js";
import { ProcessingModel } from "./processing.js";

const $ = (id) => document.getElementById(id);

/** Measurements for the benchmarks (bench/ui_*.py read them); cheap and bounded. */
const metrics = { stateLatencies: [], receiveLatencies: [], listLoadedMs: null, firstRenderMs: null, firstRenderRows: 0, readyAt: null };
window.spoolMetrics = metrics;
/** For tests: drop the live connection as a network failure would. */
window.spoolDebug = { dropConnection: () => live?.dropConnection() };

const state = {
  filter: "all",
  search: "",
  sort: localStorage.getItem("spool.sort") ?? "queue",
  descending: localStorage.getItem("spool.descending") === "true",
};

const jobs = new JobList();
const processing = new ProcessingModel();
let pages = null;
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

/** What the other modules (actions, keyboard, controls) act through. */
const app = {
  jobs,
  state,
  get view() {
    return view;
  },
  get details() {
    return details;
  },
  get addDialog() {
    return addDialog;
  },
  get route() {
    return pages.route;
  },
  get sourceDialog() {
    return pages.dialog;
  },
  get processingDialog() {
    return pages.processingDialog;
  },
  markOrder() {
    orderDirty = true;
  },
  markCounts() {
    countsDirty = true;
  },
  schedule: () => scheduleFlush(),
  openDetails: (id) => openDetails(id),
  async logout() {
    live?.stop();
    await api.logout();
    endSession("You are logged out.");
  },
};
const actions = createActions(app);

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
  pages?.clear();
  api.clearSession();
  delete document.documentElement.dataset.role;
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
  // Controls marked data-min-role are offered to that role and above only (app.css).
  document.documentElement.dataset.role = api.role() ?? "";
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
      // Back after a gap: what the page shows may have changed meanwhile.
      if (!first) pages.reload();
      refreshQueueStats();
    },
    onAuthFailed() {
      endSession("Your session has expired. Please log in again.");
    },
  });
  live.start();
  pages.showCurrent();
  if (pages.route.view === "jobs") view.container.focus({ preventScroll: true });
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
    // The download queue pauses on a full disk and goes on by itself once space returns.
    const pause = overview.paused?.["q:download"];
    $("queue-paused").hidden = !pause;
    $("queue-paused-reason").textContent = pause ? `${pause.reason} (waits for ${format.bytes(pause.resumeAtBytes)} free)` : "";
  } catch {
    // The status bar keeps its last value.
  }
}

// ---- Events --------------------------------------------------------------------------------

function onEvent(event) {
  if (pages.onEvent(event)) return;
  if (event.type === "state_change" && metrics.receiveLatencies.length < 100000) {
    metrics.receiveLatencies.push(Date.now() - Date.parse(event.timestamp));
  }
  if (!loaded) {
    buffered.push(event);
    return;
  }
  applyEvent(event);
}

function applyEvent(event) {
  const change = jobs.apply(event);
  details?.addEvent(event);
  pages.onJobEvent(event);
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
  if (event.type === "notification" && ["queue.paused", "queue.resumed"].includes(event.payload.type)) refreshQueueStats();
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
    renderFilters(app);
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
  actions.updateToolbar();
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

function openDetails(id) {
  const job = jobs.jobs.get(id);
  if (job) details.open(job);
}

// ---- Setup ---------------------------------------------------------------------------------

function setUp() {
  view = new QueueView($("job-list"), $("job-list-spacer"), {
    onOpen: openDetails,
    onContextMenu: (id, x, y) => actions.contextMenu(id, x, y),
    onSelectionChange: () => actions.updateToolbar(),
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
  addDialog = setUpAddDialog(processing, (created) => {
    for (const job of created) if (!jobs.jobs.has(job.id) || jobs.jobs.get(job.id).queuePosition === Number.MAX_SAFE_INTEGER) jobs.upsert(job);
    orderDirty = true;
    countsDirty = true;
    scheduleFlush();
    ui.toast(created.length === 1 ? "Added 1 download" : `Added ${created.length} downloads`, "success");
  }, (batch) => {
    ui.toast(`Added the batch ${batch.name ?? ""} (${batch.total} downloads)`, "success");
  });
  pages = setUpPages(() => view.container.focus({ preventScroll: true }), processing);
  api.onUnauthorized(() => endSession("Your session has expired. Please log in again."));
  $("login-form").addEventListener("submit", onLoginSubmit);
  setUpControls(app, actions);
  document.addEventListener("keydown", keyHandler(app, actions));
  renderFilters(app);
  actions.updateToolbar();

  const expiresAt = Date.parse(sessionStorage.getItem("spool.expiresAt") ?? "");
  if (api.token() && !(expiresAt && expiresAt <= Date.now())) startApp();
  else {
    api.clearSession();
    showLogin();
  }
}

setUp();
