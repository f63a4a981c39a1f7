// Words and numbers of post-processing: a processing profile in one line, a transcode's live
// progress ("48 fps · 2.1×"), the report a finished PROCESSING stage leaves on its job (before →
// after, size change, encoder, time, quality) and a hardware encoder's test result. Pure functions:
// no DOM, no requests.

import * as format from "./format.js";

/** The qualities (highest picture height), lowest first, as the API spells them. */
export const QUALITIES = ["480p", "720p", "1080p", "1440p", "2160p"];

/** Video codecs and their names. */
export const CODECS = { h264: "H.264", hevc: "HEVC", av1: "AV1" };

/** Compression presets, fastest (biggest files) first. */
export const PRESETS = ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"];

/** Audio choices and their names. */
export const AUDIO = { copy: "Copy", aac: "AAC", opus: "Opus" };

/** Quality metrics and their names. */
export const METRICS = { ssim: "SSIM", psnr: "PSNR", vmaf: "VMAF" };

/** What a PROCESSING stage did (the report's `mode`). */
export const MODES = {
  skip: "Left as it was (already within the profile)",
  copy: "Streams copied into a new file (no re-encode)",
  encode: "Encoded",
  two_pass: "Encoded in two passes to fit the target size",
};

/** Hardware encoding APIs and their names. */
export const HARDWARE_APIS = {
  nvenc: "NVIDIA NVENC", amf: "AMD AMF", qsv: "Intel Quick Sync", vaapi: "VA-API", videotoolbox: "Apple VideoToolbox", v4l2m2m: "V4L2 M2M",
};

/** "720p HEVC", with what sets a profile apart from the plain one: "720p HEVC · GPU · ≤ 50 MB · MP4". */
export function describeProfile(profile) {
  const parts = [`${profile.quality} ${CODECS[profile.codec] ?? profile.codec}`];
  if (profile.useGPU) parts.push("GPU");
  if (profile.targetSizeMB != null) parts.push(`≤ ${profile.targetSizeMB} MB`);
  if (profile.container) parts.push(profile.container.toUpperCase());
  return parts.join(" · ");
}

/** The text of a profile in a select: "720p-hevc — 720p HEVC". */
export function optionLabel(profile) {
  return `${profile.name} — ${describeProfile(profile)}`;
}

/** Profiles sorted for a list: by quality, then codec, then name (user profiles among the shipped ones). */
export function sortProfiles(profiles) {
  const rank = (list, value) => {
    const index = list.indexOf(value);
    return index < 0 ? list.length : index;
  };
  const codecs = Object.keys(CODECS);
  return [...profiles].sort((a, b) => rank(QUALITIES, a.quality) - rank(QUALITIES, b.quality)
    || rank(codecs, a.codec) - rank(codecs, b.codec) || a.name.localeCompare(b.name));
}

/** Where a profile comes from: "Shipped", "Shipped, changed" or "Yours". */
export function origin(profile) {
  if (!profile.builtIn) return "Yours";
  return profile.stored ? "Shipped, changed" : "Shipped";
}

/** The level a codec uses when a profile sets none, read from the shipped profiles (null when unknown). */
export function defaultLevel(profiles, codec) {
  return profiles.find((profile) => profile.codec === codec && profile.level == null && profile.effectiveLevel != null)?.effectiveLevel ?? null;
}

/** "medium · level 28" (the level the profile uses, "(default)" when it sets none). */
export function describeCompression(profile) {
  const level = profile.level ?? profile.effectiveLevel;
  if (level == null) return profile.preset;
  return `${profile.preset} · level ${level}${profile.level == null ? " (default)" : ""}`;
}

/** "Copy", "AAC 128 kbit/s". */
export function describeAudio(profile) {
  if (profile.audio === "copy") return AUDIO.copy;
  return `${AUDIO[profile.audio] ?? profile.audio} ${profile.audioBitrate} kbit/s`;
}

/** The switches that are on, in words: "GPU · copy when compliant · keep original · SSIM score". */
export function describeOptions(profile) {
  return [
    profile.useGPU ? "GPU" : null,
    profile.copyWhenCompliant ? "copy when compliant" : null,
    profile.targetSizeMB != null ? `fit under ${profile.targetSizeMB} MB` : null,
    profile.container ? profile.container.toUpperCase() : null,
    profile.keepOriginal ? "keep original" : "replace original",
    profile.qualityMetric ? `${METRICS[profile.qualityMetric] ?? profile.qualityMetric} score` : null,
    profile.fullDecodeCheck ? "full decode check" : null,
  ].filter(Boolean).join(" · ");
}

/** "48 fps · 2.1×" for a transcode's progress; empty when neither is known. */
export function transcodeSpeed(progress) {
  const p = progress ?? {};
  return [
    Number.isFinite(p.fps) ? `${Math.round(p.fps)} fps` : null,
    Number.isFinite(p.speedFactor) ? `${p.speedFactor.toFixed(p.speedFactor < 10 ? 1 : 0)}×` : null,
  ].filter(Boolean).join(" · ");
}

/** "48 fps · 2.1× · 0:30 left" for a transcode's progress; empty when nothing is known. */
export function transcodeLine(progress) {
  const left = format.duration(progress?.eta);
  return [transcodeSpeed(progress), left ? `${left} left` : null].filter(Boolean).join(" · ");
}

/** "4.1 Mbit/s", "850 kbit/s"; empty when unknown. */
export function bitRate(bitsPerSecond) {
  if (bitsPerSecond == null || !Number.isFinite(bitsPerSecond) || bitsPerSecond <= 0) return "";
  if (bitsPerSecond >= 1e6) return `${(bitsPerSecond / 1e6).toFixed(bitsPerSecond >= 1e8 ? 0 : 1)} Mbit/s`;
  return `${Math.round(bitsPerSecond / 1e3)} kbit/s`;
}

/** "12.3 MB · h264 · 1920×1080 · 4.1 Mbit/s · 2 audio tracks": one file of a report. */
export function describeFile(summary) {
  if (!summary) return "–";
  const tracks = summary.audioTracks;
  return [
    summary.size != null ? format.bytes(summary.size) : null,
    summary.videoCodec || null,
    summary.width && summary.height ? `${summary.width}×${summary.height}` : null,
    bitRate(summary.bitRate) || null,
    tracks == null ? null : tracks === 1 ? "1 audio track" : `${tracks} audio tracks`,
  ].filter(Boolean).join(" · ") || "–";
}

/** "62.4% smaller", "3.1% larger", "same size"; empty when a size is unknown. */
export function sizeChange(report) {
  const before = report?.input?.size;
  const after = report?.output?.size;
  if (!before || after == null) return "";
  const percent = (after / before - 1) * 100;
  if (Math.abs(percent) < 0.05) return "same size";
  return `${Math.abs(percent).toFixed(1)}% ${percent < 0 ? "smaller" : "larger"}`;
}

/** "libx265 (software)", "hevc_nvenc (hardware)", "stream copy". */
export function describeEncoder(report) {
  if (report.mode === "skip") return "none";
  if (report.encoder === "copy" || report.mode === "copy") return "stream copy";
  return `${report.encoder} (${report.hardware ? "hardware" : "software"})`;
}

/** A wall time in seconds: "0.8 s", "12 s", "4:09". */
export function seconds(value) {
  if (value == null || !Number.isFinite(value) || value < 0) return "";
  if (value < 10) return `${value.toFixed(1)} s`;
  if (value < 60) return `${Math.round(value)} s`;
  return format.duration(value);
}

/** "12 s at 2.3× real time". */
export function describeTime(report) {
  const time = seconds(report.seconds);
  if (!Number.isFinite(report.speed)) return time;
  return `${time} at ${report.speed.toFixed(report.speed < 10 ? 1 : 0)}× real time`;
}

/** "SSIM 0.981", "PSNR 38.2 dB", "VMAF 93.4", each "on 10 s of video"; empty without a score. */
export function describeQuality(quality) {
  if (!quality || !Number.isFinite(quality.value)) return "";
  const name = METRICS[quality.metric] ?? quality.metric;
  const value = quality.metric === "ssim" ? quality.value.toFixed(3) : `${quality.value.toFixed(1)}${quality.metric === "psnr" ? " dB" : ""}`;
  const sample = seconds(quality.sampleSeconds);
  return `${name} ${value}${sample ? ` on ${sample} of video` : ""}`;
}

/** The facts of a processing report, [name, value] in reading order; rows without a value are left out. */
export function reportFacts(report) {
  if (!report) return [];
  return [
    ["Result", MODES[report.mode] ?? report.mode],
    ["Before", describeFile(report.input)],
    ["After", describeFile(report.output)],
    ["Size change", sizeChange(report)],
    ["Encoder", describeEncoder(report)],
    ["Fallback", report.fallbackReason ? `to software: ${report.fallbackReason}` : ""],
    ["Encode time", report.mode === "skip" ? "" : describeTime(report)],
    ["Quality", describeQuality(report.quality)],
    ["Original kept", report.originalPath ?? ""],
  ].filter(([, value]) => value);
}

/** A hardware encoder's test result: "ok" or the reason it does not work. */
export function encoderResult(encoder) {
  return encoder.works ? "ok" : encoder.error || "does not work";
}
