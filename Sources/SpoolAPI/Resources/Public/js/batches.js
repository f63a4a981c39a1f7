// Batch group rows in the job list: jobs added together (one batch) get a header row above the
// first of them, with the batch's name, counts and overall progress. Selecting the header selects
// every job of the batch, so the toolbar's pause, resume, cancel and remove act on all of them.

import * as api from "./api.js";
import { RUNNING, TERMINAL } from "./format.js";

/** Batch names by id, fetched once per unknown batch (`GET /api/batches`). */
const names = new Map();
let loading = null;

/** The id a group row has in the list. */
export function groupId(batchId) {
  return `batch:${batchId}`;
}

/** Whether a list entry is a group row. */
export function isGroup(id) {
  return typeof id === "string" && id.startsWith("batch:");
}

/**
 * `list` with a group row before the first job of each batch that has two or more jobs in it.
 * `onNames` is called once names of batches not seen before have arrived.
 */
export function withGroups(list, onNames) {
  const members = new Map();
  for (const job of list) {
    if (!job.batch) continue;
    const ids = members.get(job.batch.id) ?? [];
    ids.push(job);
    members.set(job.batch.id, ids);
  }
  const out = [];
  const started = new Set();
  let unknown = false;
  for (const job of list) {
    const batch = job.batch;
    if (batch && (members.get(batch.id)?.length ?? 0) > 1 && !started.has(batch.id)) {
      started.add(batch.id);
      if (!names.has(batch.id)) unknown = true;
      out.push(group(batch.id, members.get(batch.id)));
    }
    out.push(job);
  }
  if (unknown) loadNames(onNames);
  return out;
}

/** A group row for the batch's jobs in view. */
function group(batchId, jobs) {
  let done = 0;
  let failed = 0;
  let running = 0;
  let percent = 0;
  for (const job of jobs) {
    if (job.status === "COMPLETE") done += 1;
    if (job.status === "FAILED") failed += 1;
    if (RUNNING.has(job.status)) running += 1;
    percent += TERMINAL.has(job.status) ? 100 : Math.max(0, Math.min(100, job.progress?.percent ?? 0)) * (RUNNING.has(job.status) ? 1 : 0);
  }
  const ended = jobs.every((job) => TERMINAL.has(job.status));
  const status = ended ? (done > 0 ? "COMPLETE" : failed > 0 ? "FAILED" : "CANCELED") : running > 0 ? "DOWNLOADING" : "QUEUED";
  const name = names.get(batchId) || `Batch ${batchId.slice(0, 8)}`;
  const counts = [`${jobs.length} episodes`, `${done} done`];
  if (failed) counts.push(`${failed} failed`);
  const entry = {
    id: groupId(batchId),
    _group: { batchId, members: jobs.map((job) => job.id), name, sub: counts.join(" · "), status, percent: percent / jobs.length },
  };
  // Rows are rewritten when this version changes.
  entry._v = `${name}|${entry._group.sub}|${status}|${Math.round(entry._group.percent * 10)}|${jobs.map((job) => job.id).join(",")}`;
  return entry;
}

function loadNames(onNames) {
  if (loading) return;
  loading = api.request("GET", "/api/batches?limit=500")
    .then((page) => {
      for (const batch of page.batches) names.set(batch.id, batch.name ?? "");
      onNames();
    })
    .catch(() => {})
    .finally(() => {
      loading = null;
    });
}
