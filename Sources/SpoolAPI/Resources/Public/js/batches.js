// Batch group rows in the job list: jobs added together (one batch) get a header row above the
// first of them, with the batch's name, counts and overall progress. Selecting the header selects
// every job of the batch, so the toolbar's pause, resume, cancel and remove act on all of them.

import { RUNNING, TERMINAL } from "./format.js";

/** The id a group row has in the list. */
export function groupId(batchId) {
  return `batch:${batchId}`;
}

/** Whether a list entry is a group row. */
export function isGroup(id) {
  return typeof id === "string" && id.startsWith("batch:");
}

/** `list` with a group row before the first job of each batch that has two or more jobs in it. */
export function withGroups(list) {
  const members = new Map();
  for (const job of list) {
    if (!job.batch) continue;
    const ids = members.get(job.batch.id) ?? [];
    ids.push(job);
    members.set(job.batch.id, ids);
  }
  const out = [];
  const started = new Set();
  for (const job of list) {
    const batch = job.batch;
    if (batch && (members.get(batch.id)?.length ?? 0) > 1 && !started.has(batch.id)) {
      started.add(batch.id);
      out.push(group(batch, members.get(batch.id)));
    }
    out.push(job);
  }
  return out;
}

/** A group row for the batch's jobs in view (`batch` is a job's membership: id, name, episode). */
function group(batch, jobs) {
  const batchId = batch.id;
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
  const name = batch.name || `Batch ${batchId.slice(0, 8)}`;
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
