// The processing profiles (GET/PUT/DELETE /api/processing/profiles) and the hardware encoders
// (GET /api/hw, POST /api/hw/detect), loaded once and shared by the add dialog, the download
// profile editor and the Processing page; every change reloads the list and tells the listeners.

import * as api from "./api.js";
import { optionLabel, sortProfiles } from "./processing-format.js";

/** The API path of a processing profile. */
export function profilePath(name) {
  return `/api/processing/profiles/${encodeURIComponent(name)}`;
}

/**
 * Lists `profiles` in `select` after a "None" option and selects `selected` (kept, as a bare name,
 * when it is not listed: a profile removed since it was chosen).
 */
export function fillProcessingSelect(select, profiles, selected) {
  const options = sortProfiles(profiles).map((profile) => new Option(optionLabel(profile), profile.name));
  if (selected && !profiles.some((profile) => profile.name === selected)) options.push(new Option(selected, selected));
  const none = new Option("None", "");
  none.defaultSelected = true;
  select.replaceChildren(none, ...options);
  select.value = selected ?? "";
}

/** The processing profiles and the hardware report. */
export class ProcessingModel {
  constructor() {
    this.profiles = [];
    this.loaded = false;
    this.hardware = null;
    this.listeners = new Set();
    this.loading = null;
  }

  /** Calls `listener(kind)` after a change; kind is "profiles" or "hardware". */
  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(kind) {
    for (const listener of this.listeners) listener(kind);
  }

  /** The profile named `name`, or null. */
  profile(name) {
    return this.profiles.find((profile) => profile.name === name) ?? null;
  }

  /** Loads the profiles (callers arriving meanwhile share the request); throws APIError. */
  load() {
    if (!this.loading) {
      this.loading = api.request("GET", "/api/processing/profiles").then(({ profiles }) => {
        this.profiles = profiles ?? [];
        this.loaded = true;
        this.emit("profiles");
        return this.profiles;
      }).finally(() => {
        this.loading = null;
      });
    }
    return this.loading;
  }

  /** Loads the profiles when they never were; an error leaves the list empty (the selects offer None). */
  async ensure() {
    if (this.loaded) return this.profiles;
    try {
      return await this.load();
    } catch {
      return this.profiles;
    }
  }

  /** Stores `profile` under `name` (PUT: a new name creates one); resolves with the stored profile. */
  async save(name, profile) {
    const saved = await api.request("PUT", profilePath(name), profile);
    await this.load().catch(() => {});
    return saved;
  }

  /** Deletes a user profile, or a stored change of a shipped one (which comes back as shipped). */
  async remove(name) {
    await api.request("DELETE", profilePath(name));
    await this.load().catch(() => {});
  }

  /** Reads the last hardware detection (`refresh` runs a new one); throws APIError. */
  async loadHardware(refresh = false) {
    this.hardware = await api.request(refresh ? "POST" : "GET", refresh ? "/api/hw/detect" : "/api/hw");
    this.emit("hardware");
    return this.hardware;
  }

  /** Forgets everything (logout). */
  clear() {
    this.profiles = [];
    this.loaded = false;
    this.hardware = null;
    this.emit("profiles");
  }
}
