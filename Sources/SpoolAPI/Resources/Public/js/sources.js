// The followed sources (channels, playlists, feeds) the Sources pages show: loaded when a page
// needs them, kept current from the live stream (source progress and log events carry no job id
// and name the source in `payload.sourceId`).

import * as api from "./api.js";

const MAX_LOG_LINES = 500;
const PROGRESS_KEYS = ["activity", "listed", "new", "queued", "done", "failed", "filtered", "skipped", "deferred"];

/** The API path of a source, or of something below it. */
export function sourcePath(id, rest = "") {
  return `/api/sources/${encodeURIComponent(id)}${rest}`;
}

/** Whether a live event is about a source rather than a job. */
export function isSourceEvent(event) {
  return event.jobId == null && event.payload != null && event.payload.sourceId != null;
}

/** "5 listed / 0 new / 0 queued / 2 done / 0 failed", the line the Sources pages show. */
export function progressLine(progress) {
  const p = progress ?? {};
  return `${p.listed ?? 0} listed / ${p.new ?? 0} new / ${p.queued ?? 0} queued / ${p.done ?? 0} done / ${p.failed ?? 0} failed`;
}

/** The counts beside the main line that are not zero: "1 filtered · 3 seen or duplicate · 1 deferred". */
export function progressExtras(progress) {
  const p = progress ?? {};
  return [
    p.filtered ? `${p.filtered} filtered` : null,
    p.skipped ? `${p.skipped} seen or duplicate` : null,
    p.deferred ? `${p.deferred} deferred` : null,
  ].filter(Boolean).join(" · ");
}

/** Every source by id, the download profiles, and the source log lines seen since the page opened. */
export class SourceList {
  constructor() {
    this.sources = new Map();
    this.profiles = [];
    this.logs = new Map();
    this.loaded = false;
    this.listeners = new Set();
    this.refreshTimers = new Map();
    this.reloadTimer = 0;
  }

  /** Calls `listener({ id, kind })` after a change; kind is list, source, progress, log or removed. */
  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(id, kind, extra = {}) {
    for (const listener of this.listeners) listener({ id, kind, ...extra });
  }

  /** The sources sorted by name. */
  list() {
    return [...this.sources.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
  }

  /** Loads every source (and, once, the profiles). */
  async load() {
    const [{ sources }] = await Promise.all([api.request("GET", "/api/sources"), this.loadProfiles()]);
    const live = new Map([...this.sources].map(([id, source]) => [id, source.progress]));
    this.sources = new Map(sources.map((source) => [source.id, this.keepLiveProgress(source, live.get(source.id))]));
    this.loaded = true;
    this.emit(null, "list");
    return this.list();
  }

  /** Loads the download profiles; an error leaves the list as it was (the default still works). */
  async loadProfiles() {
    try {
      const { profiles } = await api.request("GET", "/api/profiles");
      this.profiles = profiles ?? [];
    } catch {
      // Without profiles a source downloads with the defaults; the dialog offers only those.
    }
    return this.profiles;
  }

  /** The name of a profile id, or "Default". */
  profileName(id) {
    if (id == null) return "Default";
    return this.profiles.find((profile) => profile.id === id)?.name ?? `Profile ${id}`;
  }

  /** Fetches one source again; a 404 removes it. */
  async refresh(id) {
    try {
      const source = await api.request("GET", sourcePath(id));
      return this.upsert(source);
    } catch (error) {
      if (error.status === 404) this.remove(id);
      throw error;
    }
  }

  /** Inserts or replaces a source from the API. */
  upsert(source) {
    const previous = this.sources.get(source.id);
    const next = this.keepLiveProgress(source, previous?.progress);
    this.sources.set(source.id, next);
    this.emit(source.id, previous ? "source" : "list");
    return next;
  }

  /** A live activity other than idle wins over a stored one that says idle (it was read earlier). */
  keepLiveProgress(source, live) {
    if (live && live.activity && live.activity !== "idle" && source.progress?.activity === "idle" && live._at > Date.now() - 5000) {
      return { ...source, progress: live };
    }
    return source;
  }

  /** Forgets a source. */
  remove(id) {
    clearTimeout(this.refreshTimers.get(id));
    this.refreshTimers.delete(id);
    if (this.sources.delete(id)) this.emit(id, "removed");
  }

  /** The log lines of a source seen since the page opened. */
  log(id) {
    return this.logs.get(id) ?? [];
  }

  /** Applies a source event from the live stream. */
  apply(event) {
    const id = event.payload.sourceId;
    if (event.type === "log") {
      const lines = this.logs.get(id) ?? [];
      lines.push(event);
      if (lines.length > MAX_LOG_LINES) lines.splice(0, lines.length - MAX_LOG_LINES);
      this.logs.set(id, lines);
      this.emit(id, "log", { event });
      // A removal or a change made elsewhere (the CLI) shows up in the log: catch up, at most
      // every two seconds however busy the log is.
      if (this.loaded && this.sources.has(id)) this.scheduleRefresh(id, 2000);
      return;
    }
    if (event.type !== "progress") return;
    const source = this.sources.get(id);
    if (!source) {
      // A source added elsewhere (another tab, the CLI) starts reporting: load the list again.
      if (this.loaded && !this.reloadTimer) {
        this.reloadTimer = setTimeout(() => {
          this.reloadTimer = 0;
          this.load().catch(() => {});
        }, 500);
      }
      return;
    }
    const before = source.progress?.activity;
    const progress = { _at: Date.now() };
    for (const key of PROGRESS_KEYS) progress[key] = event.payload[key] ?? source.progress?.[key] ?? 0;
    source.progress = progress;
    this.emit(id, "progress");
    // A check that ended changed the status (last check, next check, error): fetch it.
    if (before && before !== "idle" && progress.activity === "idle") this.scheduleRefresh(id, 200);
  }

  scheduleRefresh(id, delay) {
    if (this.refreshTimers.has(id)) return;
    this.refreshTimers.set(id, setTimeout(() => {
      this.refreshTimers.delete(id);
      if (this.sources.has(id)) this.refresh(id).catch(() => {});
    }, delay));
  }

  /** Forgets everything (logout). */
  clear() {
    for (const timer of this.refreshTimers.values()) clearTimeout(timer);
    this.refreshTimers.clear();
    clearTimeout(this.reloadTimer);
    this.reloadTimer = 0;
    this.sources.clear();
    this.logs.clear();
    this.profiles = [];
    this.loaded = false;
    this.emit(null, "list");
  }
}
