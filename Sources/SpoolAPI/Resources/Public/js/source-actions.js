// What can be done to a source from its card and its page: check now, full re-index, enable or
// disable, edit, delete (optionally with its files).

import * as api from "./api.js";
import { sourcePath } from "./sources.js";
import * as ui from "./ui.js";

/** The source actions, acting on `model` and opening `dialog`; `onDeleted(id)` runs after a delete. */
export function createSourceActions(model, dialog, onDeleted) {
  async function sync(source, mode) {
    try {
      await api.request("POST", sourcePath(source.id, `/sync?mode=${mode}`));
      ui.toast(mode === "full" ? `Full re-index of “${source.name}” queued` : `Check of “${source.name}” queued`, "success");
    } catch (error) {
      ui.toast(`Could not queue the ${mode === "full" ? "re-index" : "check"} of “${source.name}”`, "error", error.message);
    }
  }

  async function setEnabled(source, enabled) {
    try {
      model.upsert(await api.request("PATCH", sourcePath(source.id), { enabled }));
      return true;
    } catch (error) {
      ui.toast(`Could not ${enabled ? "enable" : "disable"} “${source.name}”`, "error", error.message);
      return false;
    }
  }

  async function remove(source) {
    const answer = await ui.confirmAction({
      title: "Delete source",
      text: `Stop following “${source.name}” and forget its list of videos?`,
      okLabel: "Delete",
      filesLabel: "Also delete its downloaded files",
    });
    if (!answer) return;
    try {
      await api.request("DELETE", sourcePath(source.id, `?deleteFiles=${answer.deleteFiles}`));
      model.remove(source.id);
      onDeleted(source.id);
      ui.toast(`Deleted “${source.name}”${answer.deleteFiles ? " and its files" : ""}`, "success");
    } catch (error) {
      ui.toast(`Could not delete “${source.name}”`, "error", error.message);
    }
  }

  /** Runs `action` ("sync", "full", "edit", "delete") on the source with `id`. */
  function perform(action, id) {
    const source = model.sources.get(id);
    if (!source) return;
    switch (action) {
      case "sync": sync(source, "check"); break;
      case "full": sync(source, "full"); break;
      case "edit": dialog.openEdit(source); break;
      case "delete": remove(source); break;
      default: break;
    }
  }

  /** The action buttons of a source, with `data-source-action` for a delegated click handler. */
  function buttons(source) {
    return [
      ["sync", "↻ Sync now", "Check for new videos now"],
      ["full", "⟳ Full re-index", "List every video again (slow on big channels)"],
      ["edit", "✎ Edit", "Change the settings"],
      ["delete", "✕ Delete", "Stop following, optionally delete the files"],
    ].map(([action, label, title]) => {
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.sourceAction = action;
      button.textContent = label;
      button.title = title;
      button.dataset.label = label.slice(2);
      if (action === "delete") button.classList.add("danger-outline");
      return api.restrict(button, "user");
    });
  }

  /** Names the source in the accessible names of the buttons and the switch inside `container` (after a rename too). */
  function nameControls(container, source) {
    for (const button of container.querySelectorAll("[data-source-action]")) button.setAttribute("aria-label", `${button.dataset.label}: ${source.name}`);
    container.querySelector("input.source-enabled")?.setAttribute("aria-label", `Enabled: ${source.name}`);
  }

  /** An "Enabled" switch for a source (users and admins; viewers read "(disabled)" in its facts). */
  function enabledSwitch(source) {
    const label = api.restrict(document.createElement("label"), "user");
    label.className = "switch";
    const input = document.createElement("input");
    input.type = "checkbox";
    input.setAttribute("role", "switch");
    input.className = "source-enabled";
    input.checked = source.enabled;
    label.title = "A disabled source is only checked when you sync it";
    input.addEventListener("change", async () => {
      input.disabled = true;
      const current = model.sources.get(source.id) ?? source;
      if (!(await setEnabled(current, input.checked))) input.checked = !input.checked;
      input.disabled = false;
    });
    label.append(input, " Enabled");
    return label;
  }

  return { perform, buttons, enabledSwitch, nameControls };
}
