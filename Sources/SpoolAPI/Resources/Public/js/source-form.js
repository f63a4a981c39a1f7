// The fields of the source dialog: filling them from a source, reading them into the API's body
// (POST /api/sources, the preview, PATCH), the one-line summaries of the folded sections, and which
// field an API error names.

import * as format from "./format.js";

const $ = (id) => document.getElementById(id);

/** The fields PATCH accepts, compared one by one to send only what changed. */
export const EDITABLE = ["name", "tabs", "schedule", "feedUrl", "profileId", "filters", "retention", "layout"];

/** API field names (as error messages name them) and the input that holds each; most specific first. */
const FIELD_INPUTS = [
  [/\b(?:filters\.)?titleRegex\b/, "source-title-regex"],
  [/\b(?:filters\.)?minDuration\b/, "source-min-duration"],
  [/\b(?:filters\.)?maxDuration\b/, "source-max-duration"],
  [/\b(?:filters\.)?publishedAfter\b/, "source-published-after"],
  [/\bfilters\.shorts\b/, "source-shorts"],
  [/\bfilters\.streams\b/, "source-streams"],
  [/\b(?:retention\.)?keepNewest\b/, "source-keep-newest"],
  [/\b(?:retention\.)?maxAgeDays\b/, "source-max-age"],
  [/\b(?:retention\.)?maxTotalSizeMB\b/, "source-max-size"],
  [/\bfeedUrl\b/, "source-feed"],
  [/\bprofileId\b/, "source-profile"],
  [/\bschedule\b/, "source-schedule"],
  [/\blayout\b|\btemplate\b/, "source-template"],
  [/\bbacklog\b/, "source-backlog-count"],
  [/\btabs\b/, "source-tab-videos"],
  [/\bname\b/, "source-name"],
  [/\burl\b/, "source-url"],
];

/** The input an API error message is about, or null. */
export function inputForMessage(message) {
  const found = FIELD_INPUTS.find(([pattern]) => pattern.test(message ?? ""));
  return found ? $(found[1]) : null;
}

/** Filters with every key, in one order, so two can be compared as JSON. */
export function normalFilters(filters) {
  const f = filters ?? {};
  return {
    titleRegex: f.titleRegex || null,
    invertTitleRegex: Boolean(f.invertTitleRegex),
    minDuration: f.minDuration ?? null,
    maxDuration: f.maxDuration ?? null,
    publishedAfter: f.publishedAfter ? String(f.publishedAfter).slice(0, 10) : null,
    shorts: f.shorts ?? "include",
    streams: f.streams ?? "include",
  };
}

/** Retention with every key, in one order. */
export function normalRetention(retention) {
  return { keepNewest: retention?.keepNewest ?? null, maxAgeDays: retention?.maxAgeDays ?? null, maxTotalSizeMB: retention?.maxTotalSizeMB ?? null };
}

/** "title /trailer/ · at least 1:00 · no Shorts", "none". */
export function describeFilters(filters) {
  const f = normalFilters(filters);
  const parts = [];
  if (f.titleRegex) parts.push(`${f.invertTitleRegex ? "title not matching" : "title matching"} /${f.titleRegex}/`);
  if (f.minDuration != null) parts.push(`at least ${format.duration(f.minDuration)}`);
  if (f.maxDuration != null) parts.push(`at most ${format.duration(f.maxDuration)}`);
  if (f.publishedAfter) parts.push(`published after ${f.publishedAfter}`);
  if (f.shorts !== "include") parts.push(f.shorts === "only" ? "only Shorts" : "no Shorts");
  if (f.streams !== "include") parts.push(f.streams === "only" ? "only live streams" : "no live streams");
  return parts.join(" · ") || "none";
}

/** "keep the newest 10 · delete after 30 days · at most 5000 MB", "keep everything". */
export function describeRetention(retention) {
  const r = normalRetention(retention);
  const parts = [];
  if (r.keepNewest != null) parts.push(`keep the newest ${r.keepNewest}`);
  if (r.maxAgeDays != null) parts.push(`delete after ${r.maxAgeDays} days`);
  if (r.maxTotalSizeMB != null) parts.push(`at most ${r.maxTotalSizeMB} MB`);
  return parts.join(" · ") || "keep everything";
}

/** "Archive", "Media server" or the custom template. */
export function describeLayout(layout) {
  if (layout === "archive" || !layout) return "Archive";
  if (layout === "media-server") return "Media server";
  return `Custom: ${layout}`;
}

/** "the newest 10", "since 2024-01-01", "all", "none". */
export function describeBacklog(backlog) {
  const [kind, value] = String(backlog ?? "none").split(":");
  if (kind === "newest") return `the newest ${value}`;
  if (kind === "since") return `published since ${value}`;
  return kind === "all" ? "all" : "none";
}

/** "videos, Shorts, live streams". */
export function describeTabs(tabs) {
  const t = tabs ?? {};
  return [t.videos && "videos", t.shorts && "Shorts", t.streams && "live streams"].filter(Boolean).join(", ") || "none";
}

function lengthText(seconds) {
  if (seconds == null) return "";
  return Number.isInteger(seconds) ? format.duration(seconds) : String(seconds);
}

function positive(id) {
  const text = $(id).value.trim();
  return text === "" ? null : Number(text);
}

/**
 * Lists the profiles in the profile field (with the processing each applies) and selects
 * `selectedId` (kept even when it is not listed).
 */
export function fillProfiles(profiles, selectedId) {
  const select = $("source-profile");
  const options = profiles.map((profile) => new Option(profile.process ? `${profile.name} → ${profile.process}` : profile.name, String(profile.id)));
  if (selectedId != null && !profiles.some((profile) => String(profile.id) === String(selectedId))) {
    options.push(new Option(`Profile ${selectedId}`, String(selectedId)));
  }
  select.replaceChildren(new Option("Default", ""), ...options);
  select.value = selectedId == null ? "" : String(selectedId);
}

/** Puts a source's settings (or the defaults, for null) into the fields. */
export function fill(source, profiles) {
  fillProfiles(profiles, source?.profileId ?? null);
  $("source-url").value = source?.url ?? "";
  $("source-name").value = source?.name ?? "";
  $("source-schedule").value = source?.schedule ?? "";
  for (const tab of ["videos", "shorts", "streams"]) $(`source-tab-${tab}`).checked = source ? Boolean(source.tabs?.[tab]) : true;
  const [kind, value] = String(source?.backlog ?? "none").split(":");
  for (const radio of document.querySelectorAll("#source-backlog input[name=backlog]")) radio.checked = radio.value === kind;
  $("source-backlog-count").value = kind === "newest" ? value : "10";
  $("source-backlog-since").value = kind === "since" ? value : "";
  const f = normalFilters(source?.filters);
  $("source-title-regex").value = f.titleRegex ?? "";
  $("source-title-invert").checked = f.invertTitleRegex;
  $("source-min-duration").value = lengthText(f.minDuration);
  $("source-max-duration").value = lengthText(f.maxDuration);
  $("source-published-after").value = f.publishedAfter ?? "";
  $("source-shorts").value = f.shorts;
  $("source-streams").value = f.streams;
  const r = normalRetention(source?.retention);
  $("source-keep-newest").value = r.keepNewest ?? "";
  $("source-max-age").value = r.maxAgeDays ?? "";
  $("source-max-size").value = r.maxTotalSizeMB ?? "";
  const layout = source?.layout ?? "archive";
  $("source-layout").value = layout === "archive" || layout === "media-server" ? layout : "custom";
  $("source-template").value = $("source-layout").value === "custom" ? layout : "";
  $("source-feed").value = source?.feedUrl ?? "";
  updateSections();
}

/** Shows the template field for a custom layout and the summaries of the folded sections. */
export function updateSections() {
  $("source-template-label").hidden = $("source-layout").value !== "custom";
  const { body } = read();
  $("source-filters-summary").textContent = `(${describeFilters(body.filters)})`;
  $("source-retention-summary").textContent = `(${describeRetention(body.retention)})`;
  $("source-layout-summary").textContent = `(${describeLayout(body.layout)})`;
}

/**
 * Reads the fields into a create body (every field; `name`, `schedule`, `feedUrl` and `profileId`
 * only when given) and the problems found before asking the server: [{ input, message }].
 */
export function read() {
  const problems = [];
  const body = { url: $("source-url").value.trim() };
  const name = $("source-name").value.trim();
  if (name) body.name = name;
  body.tabs = { videos: $("source-tab-videos").checked, shorts: $("source-tab-shorts").checked, streams: $("source-tab-streams").checked };
  const schedule = $("source-schedule").value.trim();
  if (schedule) body.schedule = schedule;
  const feed = $("source-feed").value.trim();
  if (feed) body.feedUrl = feed;
  if ($("source-profile").value) body.profileId = Number($("source-profile").value);
  const minDuration = format.parseDuration($("source-min-duration").value);
  const maxDuration = format.parseDuration($("source-max-duration").value);
  if (Number.isNaN(minDuration)) problems.push({ input: $("source-min-duration"), message: "Shortest length: write seconds, m:ss or h:mm:ss." });
  if (Number.isNaN(maxDuration)) problems.push({ input: $("source-max-duration"), message: "Longest length: write seconds, m:ss or h:mm:ss." });
  body.filters = normalFilters({
    titleRegex: $("source-title-regex").value,
    invertTitleRegex: $("source-title-invert").checked,
    minDuration: Number.isNaN(minDuration) ? null : minDuration,
    maxDuration: Number.isNaN(maxDuration) ? null : maxDuration,
    publishedAfter: $("source-published-after").value || null,
    shorts: $("source-shorts").value,
    streams: $("source-streams").value,
  });
  const keepNewest = positive("source-keep-newest");
  const maxAgeDays = positive("source-max-age");
  const maxTotalSizeMB = positive("source-max-size");
  const limits = [[keepNewest, "source-keep-newest", "Keep the newest"], [maxAgeDays, "source-max-age", "Delete after"], [maxTotalSizeMB, "source-max-size", "At most (MB)"]];
  for (const [value, id, label] of limits) {
    if (value != null && !(Number.isInteger(value) && value >= 1)) problems.push({ input: $(id), message: `${label}: a whole number, at least 1.` });
  }
  const whole = (value) => (Number.isInteger(value) ? value : null);
  body.retention = normalRetention({ keepNewest: whole(keepNewest), maxAgeDays: whole(maxAgeDays), maxTotalSizeMB: whole(maxTotalSizeMB) });
  const layout = $("source-layout").value;
  body.layout = layout === "custom" ? $("source-template").value.trim() : layout;
  if (layout === "custom" && !body.layout) problems.push({ input: $("source-template"), message: "Write the output template, or choose a layout." });
  const kind = document.querySelector("#source-backlog input[name=backlog]:checked")?.value ?? "none";
  if (kind === "newest") {
    const count = Number($("source-backlog-count").value);
    if (!Number.isInteger(count) || count < 0 || $("source-backlog-count").value.trim() === "") {
      problems.push({ input: $("source-backlog-count"), message: "The newest: a whole number of videos." });
    }
    body.backlog = `newest:${Number.isInteger(count) && count >= 0 ? count : 0}`;
  } else if (kind === "since") {
    const since = $("source-backlog-since").value;
    if (!since) problems.push({ input: $("source-backlog-since"), message: "Published since: choose a date." });
    body.backlog = since ? `since:${since}` : "none";
  } else {
    body.backlog = kind;
  }
  return { body, problems };
}

/** The PATCH body: the editable fields that differ from `source` (a cleared name or schedule stays). */
export function changes(source, body) {
  const current = {
    name: source.name, tabs: { videos: Boolean(source.tabs?.videos), shorts: Boolean(source.tabs?.shorts), streams: Boolean(source.tabs?.streams) },
    schedule: source.schedule, feedUrl: source.feedUrl ?? null, profileId: source.profileId ?? null,
    filters: normalFilters(source.filters), retention: normalRetention(source.retention), layout: source.layout ?? "archive",
  };
  const wanted = { ...current, ...body, feedUrl: body.feedUrl ?? null, profileId: body.profileId ?? null };
  const patch = {};
  for (const key of EDITABLE) {
    if (JSON.stringify(wanted[key]) !== JSON.stringify(current[key])) patch[key] = wanted[key];
  }
  return patch;
}
