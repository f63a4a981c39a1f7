// The "Add downloads" dialog: several URLs at once with shared options (a processing profile
// among them); the API's validation messages are shown per line, and lines that failed stay in
// the box to fix.

import * as api from "./api.js";
import { fillProcessingSelect } from "./processing.js";
import { fillStorageSelect } from "./storage.js";

const $ = (id) => document.getElementById(id);

function list(text) {
  return text.split(",").map((item) => item.trim()).filter(Boolean);
}

/**
 * Wires the dialog; `processing` is the processing model, `onAdded(jobs)` gets the created jobs,
 * `onBatch(batch)` a batch added with a name (its jobs arrive as live events).
 */
export function setUpAddDialog(processing, onAdded, onBatch) {
  const dialog = $("add-dialog");
  const form = $("add-form");
  const dubbing = $("add-dubbing");
  const errors = $("add-errors");
  const submit = $("add-submit");
  dubbing.addEventListener("change", () => {
    $("dubbing-options").hidden = !dubbing.checked;
  });
  $("add-cancel").addEventListener("click", () => dialog.close());

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    const urls = $("add-urls").value.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
    if (urls.length === 0) {
      showErrors([{ line: null, message: "Paste at least one link." }]);
      $("add-urls").focus();
      return;
    }
    const options = {};
    options.formatPreset = $("add-preset").value;
    if ($("add-container").value) options.outputContainer = $("add-container").value;
    options.priority = $("add-priority").value;
    const subtitles = list($("add-subtitles").value);
    if (subtitles.length) options.subtitleLanguages = subtitles;
    const tags = list($("add-tags").value);
    if (tags.length) options.tags = tags;
    options.embedThumbnail = $("add-thumbnail").checked;
    if ($("add-process").value) options.process = $("add-process").value;
    if ($("add-storage").value) options.storage = $("add-storage").value;
    if (dubbing.checked) {
      options.requestedDubbing = true;
      const language = $("add-language").value.trim();
      if (language) options.targetLang = language;
      if ($("add-provider").value) options.dubbingProvider = $("add-provider").value;
      const source = $("add-source-language").value.trim();
      if (source) options.sourceLang = source;
      const file = $("add-dubbing-subtitles").files[0];
      if (file) options.dubbingSubtitles = await file.text();
    }
    submit.disabled = true;
    submit.textContent = `Adding ${urls.length}…`;
    const batchName = $("add-batch").value.trim();
    if (batchName) {
      // One request: every link is checked first, and none is added when one is refused.
      try {
        const { batch } = await api.request("POST", "/api/batches", { urls, name: batchName, options });
        onBatch(batch);
        dialog.close();
        form.reset();
        $("dubbing-options").hidden = true;
      } catch (error) {
        showErrors([{ line: null, message: error.message }]);
      } finally {
        submit.disabled = false;
        submit.textContent = "Add";
      }
      return;
    }
    const failed = [];
    const added = [];
    // A few at a time: keeps order roughly stable and stays under the server's rate limit bursts.
    for (let i = 0; i < urls.length; i += 4) {
      const batch = urls.slice(i, i + 4);
      const results = await Promise.allSettled(batch.map((url) => api.request("POST", "/api/jobs", { url, ...options })));
      results.forEach((result, k) => {
        if (result.status === "fulfilled") added.push(result.value.job);
        else failed.push({ line: i + k + 1, url: batch[k], message: result.reason.message, code: result.reason.code });
      });
      if (failed.some((f) => f.code === "unauthorized")) break;
    }
    submit.disabled = false;
    submit.textContent = "Add";
    if (added.length) onAdded(added);
    if (failed.length === 0) {
      dialog.close();
      form.reset();
      $("dubbing-options").hidden = true;
      return;
    }
    $("add-urls").value = failed.map((f) => f.url).join("\n");
    showErrors(failed);
  });

  function showErrors(failed) {
    errors.replaceChildren(...failed.map((f) => {
      const item = document.createElement("li");
      item.textContent = f.url ? `${f.url}: ${f.message}` : f.message;
      return item;
    }));
  }

  // The processing profiles, listed again whenever they change (keeping the one chosen).
  processing.subscribe((kind) => {
    if (kind === "profiles") fillProcessingSelect($("add-process"), processing.profiles, $("add-process").value || null);
  });

  return {
    open() {
      errors.replaceChildren();
      dialog.showModal();
      $("add-urls").focus();
      // Profiles may have changed elsewhere since: listed again behind the open dialog. Without
      // them the select offers None only.
      processing.load().catch(() => {});
      fillStorageSelect($("add-storage"), $("add-storage-label"), $("add-storage").value || null);
    },
  };
}
