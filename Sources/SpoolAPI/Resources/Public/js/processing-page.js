// The Processing page (#processing): the processing profiles (shipped ones marked; edit, copy,
// reset a changed shipped one to its defaults, delete one of your own, add a new one) and the
// hardware encoders with their test results and a button to detect them again.

import * as api from "./api.js";
import * as format from "./format.js";
import * as pf from "./processing-format.js";
import * as ui from "./ui.js";

const $ = (id) => document.getElementById(id);

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

/** The Processing page on `model` (processing.js), editing through `dialog` (processing-dialog.js). */
export class ProcessingPage {
  constructor(model, dialog) {
    this.model = model;
    this.dialog = dialog;
    this.visible = false;
    this.body = $("processing-body");
    $("processing-new").addEventListener("click", () => dialog.openNew());
    $("hw-detect").addEventListener("click", () => this.detect());
    this.body.addEventListener("click", (event) => {
      const button = event.target.closest("[data-processing-action]");
      const row = event.target.closest("tr");
      if (button && row) this.perform(button.dataset.processingAction, row.dataset.name);
    });
    model.subscribe((kind) => {
      if (kind === "profiles" && this.visible) this.renderProfiles();
      if (kind === "hardware" && this.visible) this.renderHardware();
    });
  }

  /** Shows the page and loads the profiles and the last hardware detection. */
  async show() {
    this.visible = true;
    this.renderProfiles();
    this.renderHardware();
    await Promise.all([
      this.model.load().catch((error) => this.showStatus(`Could not load the processing profiles: ${error.message}`)),
      this.model.loadHardware().catch((error) => this.showHardwareError(`Could not read the hardware encoders: ${error.message}`)),
    ]);
  }

  /** Hides the page. */
  hide() {
    this.visible = false;
  }

  showStatus(text) {
    $("processing-status").hidden = !text;
    $("processing-status").textContent = text;
  }

  // ---- Profiles ----------------------------------------------------------------------------

  renderProfiles() {
    const profiles = pf.sortProfiles(this.model.profiles);
    $("processing-table").hidden = profiles.length === 0;
    if (this.model.loaded) this.showStatus(profiles.length ? "" : "No processing profiles.");
    const focused = document.activeElement?.closest?.("#processing-body tr") ? document.activeElement : null;
    const focus = focused ? [focused.closest("tr").dataset.name, focused.dataset.processingAction] : null;
    this.body.replaceChildren(...profiles.map((profile) => this.row(profile)));
    // A redraw keeps the focus on the same button of the same profile.
    if (focus) this.body.querySelector(`tr[data-name="${CSS.escape(focus[0])}"] [data-processing-action="${focus[1]}"]`)?.focus();
  }

  row(profile) {
    const row = element("tr");
    row.dataset.name = profile.name;
    row.dataset.builtIn = String(Boolean(profile.builtIn));
    row.dataset.stored = String(Boolean(profile.stored));
    const name = element("td", "media-title");
    const badge = element("span", "badge origin", pf.origin(profile));
    badge.dataset.origin = !profile.builtIn ? "user" : profile.stored ? "changed" : "shipped";
    name.append(element("strong", "profile-name", profile.name), " ", badge, element("span", "sub", pf.describeProfile(profile)));
    const cell = element("td", "media-action");
    const actions = element("div", "profile-actions");
    cell.append(actions);
    actions.append(this.button("edit", "Edit", profile.name, "Change this profile"),
      this.button("copy", "Copy", profile.name, "A new profile starting from this one"));
    if (profile.builtIn && profile.stored) actions.append(this.button("reset", "Reset to defaults", profile.name, "Forget your changes: the shipped profile comes back"));
    if (!profile.builtIn) actions.append(this.button("delete", "Delete", profile.name, "Delete this profile", "danger-outline"));
    row.append(name, element("td", null, pf.describeCompression(profile)), element("td", null, pf.describeAudio(profile)),
      element("td", "media-reason", pf.describeOptions(profile)), cell);
    return row;
  }

  button(action, label, name, title, className = null) {
    const button = api.restrict(element("button", className, label), "admin");
    button.type = "button";
    button.dataset.processingAction = action;
    button.title = title;
    button.setAttribute("aria-label", `${label}: ${name}`);
    return button;
  }

  /** Runs `action` (edit, copy, reset, delete) on the profile named `name`. */
  perform(action, name) {
    const profile = this.model.profile(name);
    if (!profile) return;
    if (action === "edit") this.dialog.openEdit(profile);
    else if (action === "copy") this.dialog.openNew(profile);
    else if (action === "reset" || action === "delete") this.remove(profile, action === "reset");
  }

  async remove(profile, reset) {
    const answer = await ui.confirmAction(reset
      ? { title: "Reset to defaults", text: `Forget your changes to “${profile.name}”? The profile shipped with Spool comes back.`, okLabel: "Reset" }
      : { title: "Delete profile", text: `Delete the processing profile “${profile.name}”? Jobs added with it keep their copy.`, okLabel: "Delete" });
    if (!answer) return;
    try {
      await this.model.remove(profile.name);
      ui.toast(reset ? `“${profile.name}” is back to its defaults` : `Deleted “${profile.name}”`, "success");
      const row = this.body.querySelector(`tr[data-name="${CSS.escape(profile.name)}"]`);
      (row?.querySelector("[data-processing-action=edit]") ?? $("processing-new")).focus();
    } catch (error) {
      ui.toast(reset ? `Could not reset “${profile.name}”` : `Could not delete “${profile.name}”`, "error", error.message);
    }
  }

  // ---- Hardware ----------------------------------------------------------------------------

  showHardwareError(text) {
    $("hw-error").hidden = !text;
    $("hw-error").textContent = text;
  }

  renderHardware() {
    const report = this.model.hardware;
    const encoders = report?.encoders ?? [];
    $("hw-checked").textContent = report ? `Checked ${format.when(report.checkedAt)}` : "";
    this.showHardwareError(report?.error ? `Could not test the encoders: ${report.error}` : "");
    $("hw-empty").hidden = !report || report.error != null || encoders.length > 0;
    $("hw-table").hidden = encoders.length === 0;
    $("hw-body").replaceChildren(...encoders.map((encoder) => {
      const row = element("tr");
      row.dataset.encoder = encoder.name;
      row.dataset.works = String(Boolean(encoder.works));
      const result = element("td", encoder.works ? "hw-ok" : "hw-failed");
      result.append(element("span", "badge", encoder.works ? "✓ ok" : "✕ not working"));
      if (!encoder.works) result.append(" ", element("span", "hw-error", pf.encoderResult(encoder)));
      row.append(element("td", "hw-name", encoder.name), element("td", null, pf.CODECS[encoder.codec] ?? encoder.codec),
        element("td", null, pf.HARDWARE_APIS[encoder.api] ?? encoder.api), result,
        element("td", "media-duration", pf.seconds(encoder.seconds)));
      return row;
    }));
  }

  /** Tests the encoders again (POST /api/hw/detect); the button says so while it runs. */
  async detect() {
    const button = $("hw-detect");
    const section = button.closest("section");
    button.disabled = true;
    button.textContent = "Detecting…";
    section.setAttribute("aria-busy", "true");
    $("hw-checked").textContent = "Testing every hardware encoder…";
    try {
      await this.model.loadHardware(true);
      ui.toast("Hardware encoders tested", "success");
    } catch (error) {
      this.renderHardware();
      this.showHardwareError(`Could not detect the hardware encoders: ${error.message}`);
    } finally {
      button.disabled = false;
      button.textContent = "↻ Detect again";
      section.removeAttribute("aria-busy");
      button.focus();
    }
  }
}
