// The processing profile editor: a new profile (blank or a copy of another) or a change to one,
// stored with PUT /api/processing/profiles/{name}. The API's validation message is shown under
// the form, and the field it names is marked and focused.

import { CODECS, defaultLevel } from "./processing-format.js";

const $ = (id) => document.getElementById(id);

/** API field names (as error messages name them) and the input that holds each; most specific first. */
const FIELD_INPUTS = [
  [/\baudioBitrate\b|\baudio bit ?rate\b/i, "processing-audio-bitrate"],
  [/\btargetSizeMB\b|\btarget size\b/i, "processing-target-size"],
  [/\bqualityMetric\b/, "processing-metric"],
  [/\blevel\b/i, "processing-level"],
  [/\bpreset\b/i, "processing-preset"],
  [/\bcodec\b/i, "processing-codec"],
  [/\bquality\b/, "processing-quality"],
  [/\bcontainer\b/i, "processing-container"],
  [/\baudio\b/, "processing-audio"],
  [/\bname\b/i, "processing-name"],
];

/** The input an API error message is about, or null. */
export function inputForMessage(message) {
  const found = FIELD_INPUTS.find(([pattern]) => pattern.test(message ?? ""));
  return found ? $(found[1]) : null;
}

/** The names the API accepts (ProcessingProfile.validateName): 1–40 lowercase letters, digits, "-" or "_". */
const NAME = /^[a-z0-9_-]{1,40}$/;

/** A whole number typed in `id`: null when empty, NaN when it is no whole number. */
function wholeNumber(id) {
  const text = $(id).value.trim();
  if (text === "") return null;
  const value = Number(text);
  return Number.isInteger(value) ? value : Number.NaN;
}

/** Puts a profile's fields (Spool's defaults for null) into the form. */
function fill(profile) {
  $("processing-quality").value = profile?.quality ?? "1080p";
  $("processing-codec").value = profile?.codec ?? "h264";
  $("processing-preset").value = profile?.preset ?? "medium";
  $("processing-level").value = profile?.level ?? "";
  $("processing-target-size").value = profile?.targetSizeMB ?? "";
  $("processing-audio").value = profile?.audio ?? "copy";
  $("processing-audio-bitrate").value = profile?.audioBitrate ?? 128;
  $("processing-container").value = profile?.container ?? "";
  $("processing-metric").value = profile?.qualityMetric ?? "";
  $("processing-gpu").checked = profile?.useGPU ?? false;
  $("processing-copy").checked = profile?.copyWhenCompliant ?? true;
  $("processing-keep").checked = profile?.keepOriginal ?? true;
  $("processing-decode").checked = profile?.fullDecodeCheck ?? false;
}

/** Reads the form into the PUT body and the problems found before asking the server: [{ input, message }]. */
export function read() {
  const problems = [];
  const numbers = {};
  for (const [key, id, label] of [["level", "processing-level", "Level"], ["targetSizeMB", "processing-target-size", "Fit under"],
    ["audioBitrate", "processing-audio-bitrate", "Audio bit rate"]]) {
    numbers[key] = wholeNumber(id);
    if (Number.isNaN(numbers[key])) problems.push({ input: $(id), message: `${label}: a whole number.` });
  }
  if (numbers.audioBitrate == null && $("processing-audio").value !== "copy") problems.push({ input: $("processing-audio-bitrate"), message: "Audio bit rate: a whole number of kbit/s." });
  const body = {
    name: $("processing-name").value.trim(),
    quality: $("processing-quality").value,
    codec: $("processing-codec").value,
    preset: $("processing-preset").value,
    level: Number.isInteger(numbers.level) ? numbers.level : null,
    audio: $("processing-audio").value,
    audioBitrate: Number.isInteger(numbers.audioBitrate) ? numbers.audioBitrate : 128,
    container: $("processing-container").value || null,
    useGPU: $("processing-gpu").checked,
    copyWhenCompliant: $("processing-copy").checked,
    targetSizeMB: Number.isInteger(numbers.targetSizeMB) ? numbers.targetSizeMB : null,
    keepOriginal: $("processing-keep").checked,
    qualityMetric: $("processing-metric").value || null,
    fullDecodeCheck: $("processing-decode").checked,
  };
  if (!body.name) {
    problems.unshift({ input: $("processing-name"), message: "Give the profile a name." });
  } else if (!NAME.test(body.name)) {
    // Checked here: the name is also the request's path, where the server would only see it escaped.
    problems.unshift({ input: $("processing-name"), message: `Name: 1–40 lowercase letters, digits, “-” or “_” (“${body.name}” has others).` });
  }
  return { body, problems };
}

/** Wires the dialog on `model` (processing.js); `onSaved(profile, created)` gets the stored profile. */
export function setUpProcessingDialog(model, onSaved) {
  const dialog = $("processing-dialog");
  const form = $("processing-form");
  const errors = $("processing-errors");
  const submit = $("processing-submit");
  let editing = null;

  $("processing-cancel").addEventListener("click", () => dialog.close());
  $("processing-codec").addEventListener("change", showDefaultLevel);
  $("processing-audio").addEventListener("change", showAudio);

  /** The codec's default level in the level field's placeholder and hint. */
  function showDefaultLevel() {
    const codec = $("processing-codec").value;
    const level = defaultLevel(model.profiles, codec);
    $("processing-level").placeholder = level == null ? "default" : `default ${level}`;
    $("processing-level-default").textContent = level == null ? "" : ` (${level} for ${CODECS[codec] ?? codec})`;
  }

  /** The bit rate applies to re-encoded audio only. */
  function showAudio() {
    $("processing-audio-bitrate").disabled = $("processing-audio").value === "copy";
  }

  function showErrors(messages, input) {
    errors.replaceChildren(...messages.map((message) => {
      const item = document.createElement("li");
      item.textContent = message;
      return item;
    }));
    for (const marked of form.querySelectorAll("[aria-invalid=true]")) marked.removeAttribute("aria-invalid");
    if (input) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-errormessage", "processing-errors");
      input.focus();
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    const { body, problems } = read();
    if (!editing && body.name && model.profile(body.name)) {
      problems.unshift({ input: $("processing-name"), message: `A profile named “${body.name}” exists: edit it instead, or choose another name.` });
    }
    if (problems.length) {
      showErrors(problems.map((p) => p.message), problems[0].input);
      return;
    }
    submit.disabled = true;
    submit.textContent = "Saving…";
    try {
      const saved = await model.save(editing?.name ?? body.name, body);
      const created = !editing;
      dialog.close();
      onSaved(saved, created);
    } catch (error) {
      showErrors([error.message], inputForMessage(error.message));
    } finally {
      submit.disabled = false;
      submit.textContent = "Save";
    }
  });

  /** Opens the form on `profile` (null: a new one, starting from `template`'s fields when given). */
  function open(profile, template = null) {
    editing = profile;
    errors.replaceChildren();
    for (const marked of form.querySelectorAll("[aria-invalid=true]")) marked.removeAttribute("aria-invalid");
    fill(profile ?? template);
    $("processing-name").value = profile?.name ?? (template ? `${template.name}-copy`.slice(0, 40) : "");
    $("processing-name").readOnly = Boolean(profile);
    $("processing-dialog-title").textContent = profile ? `Edit “${profile.name}”` : template ? `Copy of “${template.name}”` : "New processing profile";
    $("processing-shipped").hidden = !profile?.builtIn;
    showDefaultLevel();
    showAudio();
    dialog.showModal();
    (profile ? $("processing-quality") : $("processing-name")).focus();
  }

  return {
    /** Opens the dialog for a new profile, blank or copied from `template`. */
    openNew: (template = null) => open(null, template),
    /** Opens the dialog to change `profile`. */
    openEdit: (profile) => open(profile),
  };
}
