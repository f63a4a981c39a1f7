// Queue actions on the selected jobs: pause, resume, start now, cancel, retry, remove, move; the
// toolbar's enabled state and the context menu.

import * as api from "./api.js";
import * as format from "./format.js";
import { jobName } from "./jobs.js";
import * as ui from "./ui.js";

/** Which jobs each action applies to. */
export const CAN = {
  pause: (job) => format.RUNNING.has(job.status) || format.WAITING.has(job.status),
  // A failed job resumes at its first unfinished stage (retry starts over).
  resume: (job) => job.status === "PAUSED" || job.status === "FAILED",
  start: (job) => format.WAITING.has(job.status) || job.status === "PAUSED",
  cancel: (job) => !format.TERMINAL.has(job.status),
  retry: (job) => format.TERMINAL.has(job.status),
  remove: () => true,
  "remove-files": () => true,
  "move-top": (job) => format.WAITING.has(job.status),
  "move-up": (job) => format.WAITING.has(job.status),
  "move-down": (job) => format.WAITING.has(job.status),
  "move-bottom": (job) => format.WAITING.has(job.status),
  details: () => true,
};

/**
 * The actions of the page. `app` gives jobs, view, details, markOrder/markCounts/schedule and
 * openDetails.
 */
export function createActions(app) {
  function selectedJobs() {
    return app.view.selection().map((id) => app.jobs.jobs.get(id)).filter(Boolean);
  }

  function updateToolbar() {
    const selected = selectedJobs();
    for (const button of document.querySelectorAll(".toolbar button[data-action]")) {
      const test = CAN[button.dataset.action];
      button.disabled = selected.length === 0 || !selected.some((job) => test(job));
    }
  }

  // ---- Actions -------------------------------------------------------------------------------

  async function perform(action, ids = app.view.selection()) {
    // Viewers only read: every action but "details" changes jobs.
    if (action !== "details" && !api.can("user")) return;
    const targets = ids.map((id) => app.jobs.jobs.get(id)).filter(Boolean);
    if (targets.length === 0) return;
    if (action === "details") {
      app.openDetails(targets[0].id);
      return;
    }
    if (action === "remove" || action === "remove-files") {
      const answer = await ui.confirmRemove(targets.length, action === "remove-files");
      if (!answer) return;
      await each(targets, (job) => api.request("DELETE", `/api/jobs/${encodeURIComponent(job.id)}?deleteFiles=${answer.deleteFiles}`)
        .then(() => {
          app.jobs.remove(job.id);
          if (app.details?.shows(job.id)) app.details.close();
        }), "remove");
      app.view.clearSelection();
      app.markOrder();
      app.markCounts();
      app.schedule();
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
          app.jobs.upsert(moved);
        } catch (error) {
          ui.toast(`Could not move “${jobName(job)}”`, "error", error.message);
        }
      }
      app.markOrder();
      app.schedule();
      const first = app.view.index.get(applicable[0].id);
      if (first != null) app.view.scrollToIndex(first);
      return;
    }
    await each(applicable, (job) => api.control(job.id, action).then(({ job: updated }) => {
      const current = app.jobs.jobs.get(updated.id);
      if (current && current._stateAt > Date.parse(updated.updatedAt)) return;
      app.jobs.upsert(updated);
      app.markOrder();
      app.markCounts();
    }), action);
    app.schedule();
  }

  async function each(targets, operation, label) {
    const results = await Promise.allSettled(targets.map(operation));
    const failures = results.filter((r) => r.status === "rejected");
    if (failures.length) {
      ui.toast(`${label}: ${failures.length} of ${targets.length} failed`, "error", failures[0].reason.message);
    }
  }


  function contextMenu(id, x, y) {
    const details = { label: "Details", action: "details", shortcut: "Enter" };
    if (!api.can("user")) {
      ui.showContextMenu([details], x, y, (action) => perform(action));
      return;
    }
    const selected = selectedJobs();
    const can = (action) => selected.some((job) => CAN[action](job));
    ui.showContextMenu([
      details,
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

  return { perform, contextMenu, updateToolbar };
}
