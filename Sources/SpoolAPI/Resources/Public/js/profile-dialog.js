// The download profiles editor, opened from the Sources page: pick a profile (or a new one), change
// its format, container, side files, SponsorBlock, voice-over and the processing profile its new
// videos are transcoded with, and save (POST/PUT /api/profiles) or delete it. It stays open to
// edit the next one; what happened shows inside it, errors with the API's message.

import * as api from "./api.js";
import { fillProcessingSelect } from "./processing.js";
import { fillStorageSelect } from "./storage.js";
import * as ui from "./ui.js";

const $ = (id) => document.getElementById(id);
const NEW = "new";

/** API field names (as error messages name them) and the input that holds each; most specific first. */
const FIELD_INPUTS = [
  [/\bvoiceOver\b|\btargetLang\b/, "profile-voice-language"],
  [/\bsubtitle/i, "profile-subtitles"],
  [/\bsponsorBlock\b/, "profile-sponsorblock"],
  [/\bprocess(ing)?\b/i, "profile-process"],
  [/\bstorage\b/, "profile-storage"],
  [/\bcontainer\b/, "profile-container"],
  [/\bformat\b/, "profile-format"],
  [/\bname\b/, "profile-name"],
];

function list(text) {
  return text.split(",").map((item) => item.trim()).filter(Boolean);
}

/** Puts a download profile's settings (Spool's defaults for null) into the fields. */
function fill(profile, processingProfiles) {
  $("profile-name").value = profile?.name ?? "";
  $("profile-format").value = profile?.format ?? "best";
  $("profile-container").value = profile?.container ?? "mkv";
  $("profile-subtitles").value = (profile?.subtitleLanguages ?? []).join(", ");
  $("profile-sponsorblock").value = profile?.sponsorBlock ?? "";
  $("profile-voice-language").value = profile?.voiceOver?.targetLang ?? "";
  $("profile-voice-engine").value = profile?.voiceOver?.engine ?? "";
  $("profile-auto-subtitles").checked = profile?.autoSubtitles ?? false;
  $("profile-thumbnail").checked = profile?.writeThumbnail ?? true;
  $("profile-info-json").checked = profile?.writeInfoJSON ?? true;
  $("profile-nfo").checked = profile?.writeNFO ?? false;
  fillProcessingSelect($("profile-process"), processingProfiles, profile?.process ?? null);
  fillStorageSelect($("profile-storage"), $("profile-storage-label"), profile?.storage ?? null);
}

/** The request body: the whole profile. Unset choices are left out (they take the defaults: none). */
export function read() {
  const body = {
    name: $("profile-name").value.trim(),
    format: $("profile-format").value.trim() || "best",
    container: $("profile-container").value,
    subtitleLanguages: list($("profile-subtitles").value),
    autoSubtitles: $("profile-auto-subtitles").checked,
    writeThumbnail: $("profile-thumbnail").checked,
    writeInfoJSON: $("profile-info-json").checked,
    writeNFO: $("profile-nfo").checked,
  };
  if ($("profile-sponsorblock").value) body.sponsorBlock = $("profile-sponsorblock").value;
  const language = $("profile-voice-language").value.trim();
  if (language) body.voiceOver = { targetLang: language, engine: $("profile-voice-engine").value || null };
  if ($("profile-process").value) body.process = $("profile-process").value;
  if ($("profile-storage").value) body.storage = $("profile-storage").value;
  return body;
}

/** Wires the dialog on the sources model (its `profiles`) and the processing model. */
export function setUpProfileDialog(sources, processing) {
  const dialog = $("profile-dialog");
  const form = $("profile-form");
  const pick = $("profile-pick");
  const errors = $("profile-errors");
  const status = $("profile-status");
  const submit = $("profile-submit");

  $("profile-cancel").addEventListener("click", () => dialog.close());
  $("profile-delete").addEventListener("click", () => remove());
  pick.addEventListener("change", () => show(pick.value));

  function current() {
    return pick.value === NEW ? null : sources.profiles.find((profile) => String(profile.id) === pick.value) ?? null;
  }

  /** Lists the profiles and "New profile" in the picker and shows `value` (a profile id or NEW). */
  function fillPick(value) {
    const options = sources.profiles.map((profile) => new Option(profile.name, String(profile.id)));
    pick.replaceChildren(...options, new Option("New profile…", NEW));
    pick.value = options.some((option) => option.value === String(value)) ? String(value) : options[0]?.value ?? NEW;
    show(pick.value);
  }

  function show(value) {
    pick.value = value;
    const profile = current();
    clearErrors();
    fill(profile, processing.profiles);
    $("profile-delete").hidden = !profile;
    submit.textContent = profile ? "Save" : "Add profile";
  }

  function clearErrors() {
    errors.replaceChildren();
    for (const marked of form.querySelectorAll("[aria-invalid=true]")) marked.removeAttribute("aria-invalid");
  }

  function showError(message) {
    clearErrors();
    status.textContent = "";
    const item = document.createElement("li");
    item.textContent = message;
    errors.append(item);
    const found = FIELD_INPUTS.find(([pattern]) => pattern.test(message));
    const input = found ? $(found[1]) : null;
    if (input) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-errormessage", "profile-errors");
      input.focus();
    }
  }

  /** Loads the profiles again and tells the Sources pages (their profile names and the source dialog). */
  async function reload(value) {
    await sources.loadProfiles();
    sources.emit(null, "list");
    fillPick(value);
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = read();
    if (!body.name) {
      showError("Give the profile a name.");
      return;
    }
    const profile = current();
    submit.disabled = true;
    try {
      const saved = profile
        ? await api.request("PUT", `/api/profiles/${encodeURIComponent(profile.id)}`, body)
        : await api.request("POST", "/api/profiles", body);
      await reload(saved.id);
      status.textContent = profile ? `Saved “${saved.name}”.` : `Added “${saved.name}”.`;
    } catch (error) {
      showError(error.message);
    } finally {
      submit.disabled = false;
    }
  });

  async function remove() {
    const profile = current();
    if (!profile) return;
    const answer = await ui.confirmAction({ title: "Delete download profile", text: `Delete the download profile “${profile.name}”?`, okLabel: "Delete" });
    if (!answer) return;
    try {
      await api.request("DELETE", `/api/profiles/${encodeURIComponent(profile.id)}`);
      await reload(null);
      status.textContent = `Deleted “${profile.name}”.`;
      pick.focus();
    } catch (error) {
      showError(error.message);
    }
  }

  return {
    /** Opens the editor on the profile with `id` (else the first one, or a new one when there is none). */
    async open(id = null) {
      status.textContent = "";
      clearErrors();
      await Promise.all([sources.loadProfiles(), processing.ensure()]);
      fillPick(id);
      dialog.showModal();
      pick.focus();
    },
  };
}
