// Where finished files can go (GET /api/storage): the library (`local`) and any S3-compatible
// bucket the server is configured with. The add dialog and the download profile editor offer the
// choice only when there is a bucket to choose.

import * as api from "./api.js";

let cached = null;

/** The storage targets, fetched once. */
export async function storageTargets() {
  if (!cached) cached = api.request("GET", "/api/storage").catch((error) => { cached = null; throw error; });
  return cached;
}

/**
 * Fills `select` with "Server default (…)" and each target, selects `selected` (a name, or null for
 * the default), and shows `label` only when a bucket is configured.
 */
export async function fillStorageSelect(select, label, selected) {
  let targets;
  try {
    targets = await storageTargets();
  } catch {
    label.hidden = true;
    return;
  }
  const choices = targets.targets.map((target) => new Option(
    target.name === "local" ? "Library (local disk)" : `${target.name} (${target.location})`, target.name,
  ));
  const fallback = new Option(`Server default (${targets.defaultTarget})`, "");
  fallback.defaultSelected = true;
  select.replaceChildren(fallback, ...choices);
  select.value = selected ?? "";
  label.hidden = targets.targets.length < 2;
}
