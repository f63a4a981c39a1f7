// Formatting helpers: sizes, speeds, durations, dates, state names.

const UNITS = ["B", "KB", "MB", "GB", "TB"];

/** "1.5 MB" for a byte count; "–" when unknown. */
export function bytes(value) {
  if (value == null || !Number.isFinite(value)) return "–";
  let n = value;
  let unit = 0;
  while (n >= 1000 && unit < UNITS.length - 1) {
    n /= 1000;
    unit += 1;
  }
  return `${n >= 100 || unit === 0 ? Math.round(n) : n.toFixed(1)} ${UNITS[unit]}`;
}

/** "2.4 MB/s"; empty when there is no speed. */
export function speed(value) {
  return value ? `${bytes(value)}/s` : "";
}

/** "1:05:03", "4:09", "12s"; empty when unknown. */
export function duration(seconds) {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return "";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h > 0) return `${h}:${String(m).padStart(2, "0")}:${String(r).padStart(2, "0")}`;
  if (m > 0) return `${m}:${String(r).padStart(2, "0")}`;
  return `${r}s`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dateFormat = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

/** Short "added" time: the clock today, else the date. */
export function added(ms) {
  if (!ms) return "";
  const date = new Date(ms);
  return new Date().toDateString() === date.toDateString() ? timeFormat.format(date) : dateFormat.format(date);
}

/** A full local date and time. */
export function dateTime(iso) {
  return iso ? fullFormat.format(new Date(iso)) : "–";
}

/** Log line time "12:03:04.120". */
export function clock(iso) {
  const d = new Date(iso);
  return `${d.toLocaleTimeString(undefined, { hour12: false })}.${String(d.getMilliseconds()).padStart(3, "0")}`;
}

/** Human names of job states. */
export const STATE_LABELS = {
  QUEUED: "Queued",
  DOWNLOADING: "Downloading",
  DOWNLOADED: "Downloaded",
  DUBBING: "Dubbing",
  DUBBED: "Dubbed",
  MUXING: "Muxing",
  PROCESSING: "Processing",
  UPLOADING: "Uploading",
  COMPLETE: "Complete",
  FAILED: "Failed",
  CANCELED: "Canceled",
  PAUSED: "Paused",
};

/** Human names of stages. */
export const STAGE_LABELS = { download: "Download", dub: "Dub", mux: "Mux", process: "Process", upload: "Upload" };

/** The stage a state runs or waits for. */
export const STATE_STAGE = {
  QUEUED: "download", DOWNLOADING: "download", DOWNLOADED: "dub", DUBBING: "dub", DUBBED: "mux", MUXING: "mux", PROCESSING: "process",
  UPLOADING: "upload",
};

/** States in which a job's tool is running. */
export const RUNNING = new Set(["DOWNLOADING", "DUBBING", "MUXING", "PROCESSING", "UPLOADING"]);
/** States in which a job waits for a stage. */
export const WAITING = new Set(["QUEUED", "DOWNLOADED", "DUBBED"]);
/** Terminal states. */
export const TERMINAL = new Set(["COMPLETE", "FAILED", "CANCELED"]);

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: "auto", style: "short" });

/** A local date without the time ("Nov 14, 2023"); "–" when unknown. */
export function day(iso) {
  return iso ? dayFormat.format(new Date(iso)) : "–";
}

/** "in 5 min", "3 hr. ago"; empty when unknown. */
export function relative(iso, now = Date.now()) {
  if (!iso) return "";
  const seconds = (Date.parse(iso) - now) / 1000;
  const size = Math.abs(seconds);
  if (size < 45) return relativeFormat.format(Math.round(seconds), "second");
  if (size < 2700) return relativeFormat.format(Math.round(seconds / 60), "minute");
  if (size < 36 * 3600) return relativeFormat.format(Math.round(seconds / 3600), "hour");
  return relativeFormat.format(Math.round(seconds / 86400), "day");
}

/** A date and time with how far it is from now: "Nov 22, 10:30 (in 5 hr.)"; "–" when unknown. */
export function when(iso) {
  return iso ? `${dateFormat.format(new Date(iso))} (${relative(iso)})` : "–";
}

/** Parses a length typed as seconds ("90", "90s"), minutes ("5m"), "m:ss" or "h:mm:ss"; NaN when malformed, null when empty. */
export function parseDuration(text) {
  const value = text.trim().toLowerCase();
  if (!value) return null;
  let match = /^(\d+(?:\.\d+)?)\s*(s|m|h)?$/.exec(value);
  if (match) return Number(match[1]) * ({ s: 1, m: 60, h: 3600 }[match[2] ?? "s"]);
  match = /^(?:(\d+):)?(\d{1,2}):(\d{1,2})$/.exec(value);
  if (match && Number(match[3]) < 60 && (match[1] == null || Number(match[2]) < 60)) {
    return Number(match[1] ?? 0) * 3600 + Number(match[2]) * 60 + Number(match[3]);
  }
  return Number.NaN;
}

/** Human names of what a user sees of a source's video (the API's `phase`). */
export const PHASE_LABELS = {
  listed: "Listed",
  seen: "Seen",
  filtered: "Filtered",
  duplicate: "Duplicate",
  deferred: "Deferred",
  queued: "Queued",
  downloaded: "Downloaded",
  failed: "Failed",
  removed: "Removed",
  deleted: "Deleted",
};

/** Human names of what a source is doing. */
export const ACTIVITY_LABELS = {
  idle: "Idle",
  indexing: "Indexing",
  checking: "Checking",
  polling: "Checking the feed",
  "cooling-down": "Cooling down",
};
