// The in-memory job list: every job the server knows, updated from events; filtering, sorting
// and counts for the view.

import { RUNNING, STATE_STAGE, TERMINAL, WAITING } from "./format.js";

const PRIORITY_RANK = { high: 0, normal: 1, low: 2 };

/** State filters shown in the sidebar, in order. */
export const FILTERS = [
  { id: "all", label: "All", test: () => true },
  { id: "active", label: "Active", test: (job) => RUNNING.has(job.status) },
  { id: "queued", label: "Queued", test: (job) => WAITING.has(job.status) },
  { id: "paused", label: "Paused", test: (job) => job.status === "PAUSED" },
  { id: "complete", label: "Complete", test: (job) => job.status === "COMPLETE" },
  { id: "failed", label: "Failed", test: (job) => job.status === "FAILED" },
  { id: "canceled", label: "Canceled", test: (job) => job.status === "CANCELED" },
];

/** The size shown for a job: total bytes when known, else bytes so far, else the media size. */
export function jobSize(job) {
  return job.progress?.totalBytes ?? job.media?.filesize ?? job.progress?.downloadedBytes ?? null;
}

/**
 * The stage a job in `state` runs or waits for. DOWNLOADED waits for the voice-over when one was
 * asked for, else for processing; the job fetched after the change has the server's word.
 */
export function stageOf(job, state) {
  if (state === "DOWNLOADED" && !job.requestedDubbing) return job.process ? "process" : null;
  return STATE_STAGE[state] ?? null;
}

/** The name shown for a job: its title once known, else its URL. */
export function jobName(job) {
  return job.title || job.media?.title || job.url;
}

const COMPARATORS = {
  queue: (a, b) => (PRIORITY_RANK[a.priority] ?? 1) - (PRIORITY_RANK[b.priority] ?? 1) || a.queuePosition - b.queuePosition,
  added: (a, b) => a._added - b._added || a.queuePosition - b.queuePosition,
  name: (a, b) => jobName(a).localeCompare(jobName(b)) || a.queuePosition - b.queuePosition,
  progress: (a, b) => (a.progress?.percent ?? -1) - (b.progress?.percent ?? -1) || a.queuePosition - b.queuePosition,
  size: (a, b) => (jobSize(a) ?? -1) - (jobSize(b) ?? -1) || a.queuePosition - b.queuePosition,
};

/** Sort keys that depend on live progress (the order must be recomputed on progress events). */
export const PROGRESS_SORTS = new Set(["progress", "size"]);

/** Every job by id, with the derived fields the view needs. */
export class JobList {
  constructor() {
    this.jobs = new Map();
    this.version = 0;
  }

  /** Replaces the whole list. */
  replaceAll(list) {
    this.jobs.clear();
    for (const dto of list) this.jobs.set(dto.id, this.prepare(dto, null));
    this.version += 1;
  }

  /** Inserts or replaces one job from the API; keeps media and detail already known. */
  upsert(dto) {
    const previous = this.jobs.get(dto.id) ?? null;
    const job = this.prepare(dto, previous);
    this.jobs.set(dto.id, job);
    this.version += 1;
    return job;
  }

  /** Removes a job; true when it was there. */
  remove(id) {
    const removed = this.jobs.delete(id);
    if (removed) this.version += 1;
    return removed;
  }

  prepare(dto, previous) {
    const job = { ...dto };
    job._added = Date.parse(dto.createdAt) || 0;
    job._v = (previous?._v ?? 0) + 1;
    // The state the server's stage list belongs to (live state changes do not update the list).
    job._stagesStatus = dto.status;
    job._stateAt = Math.max(previous?._stateAt ?? 0, Date.parse(dto.updatedAt) || 0);
    // Stored progress lags the live events (it is written less often): while a job stays in the
    // same stage and is not restarted, the further of the two wins, so a bar never jumps back.
    if (previous && !TERMINAL.has(previous.status) && !TERMINAL.has(dto.status)
      && previous.progress?.stage === dto.progress?.stage && (previous.progress?.percent ?? -1) > (dto.progress?.percent ?? -1)) {
      job.progress = previous.progress;
    }
    job.media = previous?.media ?? null;
    job._mediaRequested = previous?._mediaRequested ?? false;
    job._pendingLatency = previous?._pendingLatency ?? 0;
    job._search = `${dto.title ?? ""} ${dto.url} ${dto.tags.join(" ")}`.toLowerCase();
    return job;
  }

  /**
   * Applies a live event; returns what changed: null, "progress" (numbers only),
   * "state" (status), "added" or "removed".
   */
  apply(event) {
    const job = event.jobId ? this.jobs.get(event.jobId) : null;
    const at = Date.parse(event.timestamp) || Date.now();
    switch (event.type) {
      case "progress": {
        if (!job) return null;
        job.progress = { ...job.progress, ...event.payload };
        if (event.payload.stage) job.stage = event.payload.stage;
        job._v += 1;
        return "progress";
      }
      case "state_change": {
        if (!job || at < job._stateAt) return null;
        job.status = event.payload.to;
        if (job.status === "PAUSED") {
          // The stage the job stopped in (the server also reports the state it resumes to).
          job.stage = stageOf(job, event.payload.from) ?? job.stage;
        } else {
          job.pausedFrom = null;
          job.stage = stageOf(job, job.status);
        }
        job._stateAt = at;
        job._stateEventAt = at;
        job._v += 1;
        this.version += 1;
        return "state";
      }
      case "job_added": {
        if (job) return null;
        // A placeholder until the full job arrives.
        this.jobs.set(event.jobId, this.prepare({
          id: event.jobId, url: event.payload.url, status: event.payload.status, pausedFrom: null, stage: null, title: null,
          progress: {}, attempts: 0, error: null, outputPath: null, queuePosition: Number.MAX_SAFE_INTEGER,
          priority: event.payload.priority ?? "normal", tags: [], formatPreset: "", outputContainer: "",
          requestedDubbing: false, process: null, createdAt: event.timestamp, updatedAt: event.timestamp,
        }, null));
        this.version += 1;
        return "added";
      }
      case "job_removed":
        return this.remove(event.jobId) ? "removed" : null;
      default:
        return null;
    }
  }

  /** The jobs passing `filter` and `search`, sorted. */
  view(filterId, search, sortKey, descending) {
    const filter = FILTERS.find((f) => f.id === filterId) ?? FILTERS[0];
    const needle = search.trim().toLowerCase();
    const out = [];
    for (const job of this.jobs.values()) {
      if (!filter.test(job)) continue;
      if (needle && !job._search.includes(needle)) continue;
      out.push(job);
    }
    const compare = COMPARATORS[sortKey] ?? COMPARATORS.queue;
    out.sort(descending ? (a, b) => compare(b, a) : compare);
    return out;
  }

  /** Number of jobs per filter. */
  counts() {
    const counts = Object.fromEntries(FILTERS.map((f) => [f.id, 0]));
    for (const job of this.jobs.values()) {
      for (const filter of FILTERS) if (filter.test(job)) counts[filter.id] += 1;
    }
    return counts;
  }

  /** Totals for the status bar. */
  totals() {
    let active = 0;
    let queued = 0;
    let speed = 0;
    for (const job of this.jobs.values()) {
      if (RUNNING.has(job.status)) {
        active += 1;
        // Download speeds only: a transcode's numbers are frames, not bytes.
        if (job.progress?.stage !== "process") speed += job.progress?.speed ?? 0;
      } else if (WAITING.has(job.status)) {
        queued += 1;
      }
    }
    return { active, queued, speed };
  }
}
