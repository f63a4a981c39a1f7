// The "Add source" / "Edit source" dialog. While adding, a preview lists the link now (debounced,
// POST /api/sources/preview) and shows how many videos the backlog choice and filters would
// download. The API's validation messages are shown under the form, and the field they name is
// marked and focused.

import * as api from "./api.js";
import * as form from "./source-form.js";
import { sourcePath } from "./sources.js";

const $ = (id) => document.getElementById(id);
const PREVIEW_DELAY_MS = 600;
const DECISIONS = { queue: "download", seen: "seen", filtered: "filtered", deferred: "deferred" };
const DECISION_PHASES = { queue: "queued", seen: "seen", filtered: "filtered", deferred: "deferred" };

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

/** Wires the dialog; `onSaved(source, created)` gets the stored source. */
export function setUpSourceDialog(model, onSaved) {
  const dialog = $("source-dialog");
  const formElement = $("source-form");
  const errors = $("source-errors");
  const submit = $("source-submit");
  const preview = $("source-preview");
  let editing = null;
  let previewTimer = 0;
  let previewKey = null;
  let previewAbort = null;

  $("source-cancel").addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => {
    clearTimeout(previewTimer);
    previewAbort?.abort();
    previewAbort = null;
    previewKey = null;
  });
  formElement.addEventListener("input", onChange);
  formElement.addEventListener("change", onChange);
  // Typing in "the newest N" or the date picks that choice.
  $("source-backlog-count").addEventListener("focus", () => pickBacklog("newest"));
  $("source-backlog-since").addEventListener("focus", () => pickBacklog("since"));

  function pickBacklog(value) {
    const radio = document.querySelector(`#source-backlog input[name=backlog][value=${value}]`);
    if (radio && !radio.disabled && !radio.checked) {
      radio.checked = true;
      onChange({ target: radio });
    }
  }

  function onChange(event) {
    if (event.target instanceof HTMLElement && event.target.getAttribute("aria-invalid") === "true") event.target.removeAttribute("aria-invalid");
    form.updateSections();
    if (!editing) schedulePreview();
  }

  // ---- Preview -----------------------------------------------------------------------------

  function setPreview(stateName, nodes) {
    for (const name of ["listed", "wouldQueue", "filtered", "seen"]) delete preview.dataset[name];
    preview.dataset.state = stateName;
    preview.replaceChildren(...nodes);
  }

  function schedulePreview() {
    clearTimeout(previewTimer);
    const { body, problems } = form.read();
    // Only what changes the count asks the server again.
    const key = JSON.stringify([body.url, body.tabs, body.backlog, body.filters, body.feedUrl ?? null]);
    if (key === previewKey) return;
    if (!body.url) {
      previewAbort?.abort();
      previewKey = null;
      setPreview("idle", [element("span", "preview-text muted", "Paste a link to see how many videos it has.")]);
      return;
    }
    if (problems.length) {
      previewAbort?.abort();
      previewKey = null;
      setPreview("error", [element("span", "preview-error", problems[0].message)]);
      return;
    }
    previewTimer = setTimeout(() => runPreview(key, body), PREVIEW_DELAY_MS);
  }

  async function runPreview(key, body) {
    previewAbort?.abort();
    const abort = new AbortController();
    previewAbort = abort;
    previewKey = key;
    const spinner = element("span", "spinner");
    spinner.setAttribute("aria-hidden", "true");
    setPreview("loading", [spinner, element("span", "preview-text muted", "Listing the videos…")]);
    try {
      const result = await api.request("POST", "/api/sources/preview", body, { signal: abort.signal });
      if (previewAbort !== abort) return;
      showPreview(result);
    } catch (error) {
      if (error?.name === "AbortError" || previewAbort !== abort) return;
      // Asking again after an error is allowed (the site may answer this time).
      previewKey = null;
      setPreview("error", [element("span", "preview-error", error.message)]);
    } finally {
      if (previewAbort === abort) previewAbort = null;
    }
  }

  function showPreview(result) {
    const text = element("span", "preview-text");
    const parts = [
      [result.listed, " listed"], [result.wouldQueue, " would be downloaded now"], [result.filtered, " filtered"], [result.seen, " marked seen"],
    ];
    if (result.deferred) parts.push([result.deferred, " deferred (not available yet)"]);
    parts.forEach(([count, label], i) => {
      if (i > 0) text.append(" · ");
      text.append(element("b", null, String(count ?? 0)), label);
    });
    const nodes = [text];
    const entries = result.entries ?? [];
    if (entries.length) {
      const details = element("details", "preview-entries");
      details.append(element("summary", null, entries.length < (result.listed ?? 0) ? `Show the first ${entries.length}` : `Show all ${entries.length}`));
      const list = element("ol");
      for (const entry of entries) {
        const item = element("li");
        const badge = element("span", "badge", DECISIONS[entry.decision] ?? entry.decision);
        badge.dataset.phase = DECISION_PHASES[entry.decision] ?? entry.decision;
        item.append(badge, element("span", "entry-title", entry.title || entry.mediaId));
        if (entry.reason) item.append(element("span", "muted", ` — ${entry.reason}`));
        list.append(item);
      }
      details.append(list);
      nodes.push(details);
    }
    setPreview("ready", nodes);
    for (const name of ["listed", "wouldQueue", "filtered", "seen"]) preview.dataset[name] = String(result[name] ?? 0);
  }

  // ---- Submit ------------------------------------------------------------------------------

  function showErrors(messages, input) {
    errors.replaceChildren(...messages.map((message) => element("li", null, message)));
    for (const marked of formElement.querySelectorAll("[aria-invalid=true]")) marked.removeAttribute("aria-invalid");
    if (input) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-errormessage", "source-errors");
      const section = input.closest("details");
      if (section) section.open = true;
      input.focus();
    }
  }

  formElement.addEventListener("submit", async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    const { body, problems } = form.read();
    if (!editing && !body.url) problems.unshift({ input: $("source-url"), message: "Paste the link of a channel, playlist or feed." });
    if (problems.length) {
      showErrors(problems.map((p) => p.message), problems[0].input);
      return;
    }
    submit.disabled = true;
    const label = submit.textContent;
    submit.textContent = editing ? "Saving…" : "Adding…";
    try {
      let saved;
      if (editing) {
        const patch = form.changes(editing, body);
        saved = Object.keys(patch).length ? await api.request("PATCH", sourcePath(editing.id), patch) : editing;
      } else {
        saved = await api.request("POST", "/api/sources", body);
      }
      const created = !editing;
      dialog.close();
      onSaved(saved, created);
    } catch (error) {
      showErrors([error.message], form.inputForMessage(error.message));
    } finally {
      submit.disabled = false;
      submit.textContent = label;
    }
  });

  // ---- Opening -----------------------------------------------------------------------------

  async function open(source) {
    editing = source;
    errors.replaceChildren();
    for (const marked of formElement.querySelectorAll("[aria-invalid=true]")) marked.removeAttribute("aria-invalid");
    form.fill(source, model.profiles);
    $("source-dialog-title").textContent = source ? `Edit “${source.name}”` : "Add source";
    submit.textContent = source ? "Save" : "Add source";
    $("source-url").readOnly = Boolean(source);
    for (const radio of document.querySelectorAll("#source-backlog input")) radio.disabled = Boolean(source);
    $("source-backlog-fixed").hidden = !source;
    preview.hidden = Boolean(source);
    previewKey = null;
    setPreview("idle", [element("span", "preview-text muted", "Paste a link to see how many videos it has.")]);
    for (const section of formElement.querySelectorAll("details.section")) section.open = false;
    if (source) {
      $("source-filters-section").open = form.describeFilters(source.filters) !== "none";
      $("source-retention-section").open = form.describeRetention(source.retention) !== "keep everything";
    }
    dialog.showModal();
    (source ? $("source-name") : $("source-url")).focus();
    // Profiles may have changed since the page loaded; the list is refreshed behind the open dialog
    // (keeping what is chosen by then).
    await model.loadProfiles();
    if (dialog.open && editing === source) form.fillProfiles(model.profiles, $("source-profile").value || null);
  }

  return {
    /** Opens the dialog to add a source. */
    openAdd: () => open(null),
    /** Opens the dialog to change `source`. */
    openEdit: (source) => open(source),
  };
}
