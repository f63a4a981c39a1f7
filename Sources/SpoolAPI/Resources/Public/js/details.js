// The details drawer: metadata, per-stage progress, the live event log (filterable by level),
// the finished file (playable in the browser through a signed link), the error, and what the
// PROCESSING stage did (its report).

import * as api from "./api.js";
import * as format from "./format.js";
import { jobName, jobSize } from "./jobs.js";
import { eventLevel, jobLogLine } from "./job-log.js";
import { reportFacts, transcodeLine } from "./processing-format.js";

const LEVELS = ["debug", "info", "warning", "error"];
const MAX_LOG_LINES = 1000;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

/** The drawer showing one job. */
export class DetailsDrawer {
  constructor(root, callbacks) {
    this.root = root;
    this.callbacks = callbacks;
    this.jobId = null;
    this.minLevel = "info";
    this.lines = [];
    this.fileFor = null;
    this.renderedVersion = -1;
  }

  /** Whether the drawer shows `id`. */
  shows(id) {
    return id != null && this.jobId === id;
  }

  /** Opens the drawer for a job and loads its detail. */
  async open(job) {
    const opener = document.activeElement;
    this.opener = opener instanceof HTMLElement ? opener : null;
    this.jobId = job.id;
    this.lines = [];
    this.fileFor = null;
    this.renderedVersion = -1;
    this.build(job);
    this.root.hidden = false;
    document.body.classList.add("details-open");
    this.root.focus();
    try {
      const detail = await api.request("GET", `/api/jobs/${encodeURIComponent(job.id)}`);
      if (this.jobId !== job.id) return;
      this.callbacks.onDetail(detail);
      this.lines = detail.events.map((event) => ({ ...event }));
      this.renderLog();
    } catch (error) {
      if (this.jobId === job.id) this.log.replaceChildren(element("li", "level-error", error.message));
    }
  }

  /** Closes the drawer and gives focus back. */
  close() {
    if (!this.jobId) return;
    this.jobId = null;
    this.root.hidden = true;
    this.root.replaceChildren();
    document.body.classList.remove("details-open");
    if (this.opener?.isConnected) this.opener.focus();
    else this.callbacks.onClosed();
  }

  build(job) {
    const header = element("header", "details-header");
    this.title = element("h2", "details-title");
    this.title.id = "details-title";
    this.root.setAttribute("aria-labelledby", "details-title");
    const close = element("button", "icon-button", "✕");
    close.setAttribute("aria-label", "Close details");
    close.addEventListener("click", () => this.close());
    header.append(this.title, close);

    this.summary = element("dl", "facts");
    this.summary.id = "job-facts";
    this.stages = element("ol", "stages");
    this.stages.setAttribute("aria-label", "Stages");
    this.errorBox = element("div", "error-box");
    this.errorBox.setAttribute("role", "alert");
    this.fileBox = element("div", "file-box");
    this.mediaBox = element("dl", "facts");
    this.reportBox = element("section", "report-box");
    this.reportBox.setAttribute("aria-labelledby", "processing-report-heading");
    const reportHeading = element("h3", null, "Processing");
    reportHeading.id = "processing-report-heading";
    this.reportFacts = element("dl", "facts");
    this.reportFacts.id = "processing-report";
    this.reportBox.append(reportHeading, this.reportFacts);

    const logHeader = element("div", "log-header");
    const logTitle = element("h3", null, "Log");
    const levelLabel = element("label", null, "Level ");
    const select = element("select");
    select.id = "log-level";
    for (const level of LEVELS) {
      const option = element("option", null, level === "debug" ? "all" : `${level} and above`);
      option.value = level;
      select.append(option);
    }
    select.value = this.minLevel;
    select.addEventListener("change", () => {
      this.minLevel = select.value;
      this.renderLog();
    });
    levelLabel.append(select);
    logHeader.append(logTitle, levelLabel);
    this.log = element("ol", "log");
    this.log.setAttribute("aria-label", "Event log");
    this.log.setAttribute("aria-live", "polite");
    this.log.tabIndex = 0;

    this.root.replaceChildren(header, this.errorBox, this.stages, this.summary, this.reportBox, this.fileBox,
      element("h3", null, "Media"), this.mediaBox, logHeader, this.log);
    this.update(job);
  }

  /** Redraws the facts when the job changed. */
  update(job) {
    if (!this.shows(job.id) || job._v === this.renderedVersion) return;
    this.renderedVersion = job._v;
    this.title.textContent = jobName(job);
    const facts = [
      ["State", `${format.STATE_LABELS[job.status] ?? job.status}${job.status === "PAUSED" && job.stage ? ` at ${(format.STAGE_LABELS[job.stage] ?? job.stage).toLowerCase()}` : ""}`],
      ["URL", job.url, "link"],
      ["Progress", this.progressText(job)],
      ["Priority", job.priority],
      ["Quality", `${job.formatPreset || "best"}, ${job.outputContainer || "default"}`],
      ["Subtitles", job.subtitleLanguages?.length ? job.subtitleLanguages.join(", ") : "none"],
      ["Voice-over", job.requestedDubbing ? [job.targetLang, job.sourceLang ? `from ${job.sourceLang}` : null, job.dubbingProvider].filter(Boolean).join(" · ") : "no"],
      ["Processing", job.process ?? "none"],
      ["Storage", job.storage ? (job.outputPath?.startsWith("s3://") ? job.outputPath : `${job.storage} (after the last stage)`) : "library"],
      ["Tags", job.tags?.length ? job.tags.join(", ") : "none"],
      ["Attempts", String(job.attempts ?? 0)],
      ...(job.artifacts?.length ? [["Stage files", job.artifacts.map((a) => `${a.kind === "voice_track" ? "voice track" : a.kind}${a.language ? ` (${a.language})` : ""}: ${a.name}`).join("\n")]] : []),
      ...(job.hasDubbingSubtitles ? [["Own subtitles", "uploaded for the voice-over"]] : []),
      ["Owner", job.ownerId == null ? "no one (every user sees it)" : `user #${job.ownerId}`],
      ["Added", format.dateTime(job.createdAt)],
      ["Started", format.dateTime(job.startedAt)],
      ["Finished", format.dateTime(job.finishedAt)],
      ["Id", job.id],
    ];
    this.summary.replaceChildren(...facts.flatMap(([name, value, kind]) => {
      const dd = element("dd");
      if (kind === "link" && /^https?:/i.test(value)) {
        const a = element("a", null, value);
        a.href = value;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        dd.append(a);
      } else {
        dd.textContent = value;
      }
      return [element("dt", null, name), dd];
    }));
    this.renderStages(job);
    if (job.error && (job.status === "FAILED" || job.status === "QUEUED")) {
      this.errorBox.replaceChildren(element("strong", null, `${job.error.code}${job.error.stage ? ` in ${job.error.stage}` : ""}`),
        element("pre", null, job.error.message));
      this.errorBox.hidden = false;
    } else {
      this.errorBox.hidden = true;
    }
    this.renderMedia(job.media);
    this.renderFile(job);
    const report = reportFacts(job.processingReport);
    this.reportBox.hidden = report.length === 0;
    this.reportFacts.replaceChildren(...report.flatMap(([name, value]) => [element("dt", null, name), element("dd", null, value)]));
  }

  /** "42.0% of 12 MB at 2.4 MB/s, 0:05 left"; while transcoding "42.0% · 48 fps · 2.1× · 0:30 left". */
  progressText(job) {
    const progress = job.progress ?? {};
    const percent = `${(progress.percent ?? (job.status === "COMPLETE" ? 100 : 0)).toFixed(1)}%`;
    if (!format.RUNNING.has(job.status)) return `${percent} of ${format.bytes(jobSize(job))}`;
    if (progress.stage === "upload" && progress.totalBytes) {
      return [percent, `${format.bytes(progress.downloadedBytes ?? 0)} of ${format.bytes(progress.totalBytes)} stored`, progress.speed ? `${format.bytes(progress.speed)}/s` : null].filter(Boolean).join(" · ");
    }
    if (progress.stage === "process") return [percent, transcodeLine(progress)].filter(Boolean).join(" · ");
    return `${percent} of ${format.bytes(jobSize(job))}`
      + (progress.speed ? ` at ${format.speed(progress.speed)}, ${format.duration(progress.eta)} left` : "");
  }

  /**
   * The server's stage list while the job is still in the state it was listed for (a live state
   * change outdates it until the job is fetched again), with the live percent of the running stage;
   * otherwise stages derived from the live state.
   */
  renderStages(job) {
    const listed = Array.isArray(job.stages) && job.stages.length && job._stagesStatus === job.status;
    const stages = listed
      ? job.stages.map((stage) => stage.status === "running" && job.progress?.stage === stage.name && job.progress.percent != null
        ? { ...stage, percent: job.progress.percent } : stage)
      : this.derivedStages(job);
    this.stages.replaceChildren(...stages.map((stage) => {
      const item = element("li", `stage stage-${stage.status}`);
      const percent = Math.max(0, Math.min(100, stage.percent ?? (stage.status === "done" || stage.status === "complete" ? 100 : 0)));
      const label = element("span", "stage-name", format.STAGE_LABELS[stage.name] ?? stage.name);
      const bar = element("span", "bar");
      bar.setAttribute("role", "progressbar");
      bar.setAttribute("aria-valuemin", "0");
      bar.setAttribute("aria-valuemax", "100");
      bar.setAttribute("aria-valuenow", String(Math.round(percent)));
      bar.setAttribute("aria-label", `${label.textContent} ${stage.status}`);
      const fill = element("span", "fill");
      fill.style.transform = `scaleX(${percent / 100})`;
      bar.append(fill);
      item.append(label, bar, element("span", "stage-status", stage.status));
      return item;
    }));
  }

  /** Stages from the state alone when the server does not list them. */
  derivedStages(job) {
    const order = ["download", ...(job.requestedDubbing ? ["dub", "mux"] : []), ...(job.process ? ["process"] : []), ...(job.storage ? ["upload"] : [])];
    const current = job.stage ?? (job.status === "COMPLETE" ? null : "download");
    const currentIndex = current ? order.indexOf(current) : order.length;
    return order.map((name, i) => {
      let status = i < currentIndex ? "done" : i === currentIndex ? (format.RUNNING.has(job.status) ? "running" : "pending") : "pending";
      if (job.status === "FAILED" && job.error?.stage === name) status = "failed";
      if (job.status === "PAUSED" && i === currentIndex) status = "paused";
      const percent = status === "done" ? 100 : i === currentIndex && job.progress?.stage === name ? job.progress.percent : 0;
      return { name, status, percent };
    });
  }

  renderMedia(media) {
    if (!media) {
      this.mediaBox.replaceChildren(element("dd", "muted", "Not known yet."));
      return;
    }
    const facts = [
      ["Uploader", media.uploader], ["Duration", format.duration(media.duration)], ["Resolution", media.resolution],
      ["Codecs", [media.videoCodec, media.audioCodec].filter(Boolean).join(" / ")], ["Site", media.extractor],
      ["File size", media.filesize ? format.bytes(media.filesize) : null], ["Library path", media.relativePath],
    ].filter(([, value]) => value);
    const nodes = facts.flatMap(([name, value]) => [element("dt", null, name), element("dd", null, value)]);
    if (media.thumbnailUrl) {
      const img = element("img", "details-thumb");
      img.alt = "Thumbnail";
      img.src = media.thumbnailUrl;
      nodes.unshift(img);
    }
    this.mediaBox.replaceChildren(...nodes);
  }

  async renderFile(job) {
    if (job.status !== "COMPLETE" || !job.outputPath) {
      this.fileBox.hidden = true;
      this.fileFor = null;
      return;
    }
    if (this.fileFor === job.outputPath) return;
    this.fileFor = job.outputPath;
    this.fileBox.hidden = false;
    this.fileBox.replaceChildren(element("h3", null, "File"), element("p", "muted", "Preparing link…"));
    try {
      const link = await api.request("GET", `/api/jobs/${encodeURIComponent(job.id)}/file-link`);
      if (!this.shows(job.id)) return;
      const name = element("p", "file-name", `${link.fileName} · ${format.bytes(link.size)}`);
      const download = element("a", "button", "Download");
      download.href = `${link.url}&download=true`;
      download.setAttribute("download", link.fileName);
      const nodes = [element("h3", null, "File"), name, download];
      if (/^(video|audio)\//.test(link.contentType)) {
        const player = element(link.contentType.startsWith("audio/") ? "audio" : "video", "player");
        player.controls = true;
        player.preload = "metadata";
        player.src = link.url;
        player.setAttribute("aria-label", `Preview of ${link.fileName}`);
        nodes.push(player);
      }
      this.fileBox.replaceChildren(...nodes);
    } catch (error) {
      if (this.shows(job.id)) this.fileBox.replaceChildren(element("h3", null, "File"), element("p", "muted", error.message));
    }
  }

  /** Adds a live event to the log when it belongs to the open job. */
  addEvent(event) {
    if (!this.shows(event.jobId) || event.type === "progress") return;
    this.lines.push(event);
    if (this.lines.length > MAX_LOG_LINES) this.lines.splice(0, this.lines.length - MAX_LOG_LINES);
    if (this.passes(event)) {
      const atBottom = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 40;
      this.log.append(jobLogLine(event));
      while (this.log.childElementCount > MAX_LOG_LINES) this.log.firstElementChild.remove();
      if (atBottom) this.log.scrollTop = this.log.scrollHeight;
    }
  }

  passes(event) {
    return LEVELS.indexOf(eventLevel(event)) >= LEVELS.indexOf(this.minLevel);
  }

  renderLog() {
    const lines = this.lines.filter((event) => event.type !== "progress" && this.passes(event)).map((event) => jobLogLine(event));
    this.log.replaceChildren(...lines);
    if (lines.length === 0) this.log.append(element("li", "muted", "No entries at this level."));
    this.log.scrollTop = this.log.scrollHeight;
  }
}
