// Keyboard shortcuts (listed in the help dialog, index.html).

import * as api from "./api.js";

const $ = (id) => document.getElementById(id);

/** A keydown handler for the document, acting through `app` and `actions`. */
export function keyHandler(app, actions) {
  /**
   * The pages beside the queue: N adds a source (on Processing: a processing profile; neither for
   * a role that may not), Esc leaves a source's page, ? helps.
   */
  function onPageKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "?") {
      $("help-dialog").showModal();
    } else if (event.key.toLowerCase() === "n" && !event.shiftKey) {
      event.preventDefault();
      if (app.route.view === "processing") {
        if (api.can("admin")) app.processingDialog.openNew();
      } else if (api.can("user")) {
        app.sourceDialog.openAdd();
      }
    } else if (event.key === "Escape" && app.route.view === "source") {
      event.preventDefault();
      location.hash = "#sources";
    }
  }

  return function onKeyDown(event) {
    if (document.querySelector("dialog[open]") || $("app-view").hidden) return;
    const target = event.target;
    const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
    if (app.route.view !== "jobs") {
      if (!typing) onPageKey(event);
      return;
    }
    if (typing) {
      if (event.key === "Escape" && target === $("search")) {
        target.blur();
        app.view.container.focus();
      }
      return;
    }
    if (!$("context-menu").hidden) return;
    const key = event.key;
    const inList = target === app.view.container || target === document.body;
    // Viewers only read: the keys that add, control, move or remove jobs do nothing for them.
    const control = api.can("user");
    if (event.altKey && ["ArrowUp", "ArrowDown", "Home", "End"].includes(key)) {
      event.preventDefault();
      if (control) actions.perform({ ArrowUp: "move-up", ArrowDown: "move-down", Home: "move-top", End: "move-bottom" }[key]);
      return;
    }
    if ((event.ctrlKey || event.metaKey) && key.toLowerCase() === "a" && inList) {
      event.preventDefault();
      app.view.selectAll();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    switch (key) {
      case "ArrowDown":
      case "ArrowUp":
        if (!inList) return;
        event.preventDefault();
        app.view.moveFocus(key === "ArrowDown" ? 1 : -1, event.shiftKey);
        break;
      case "Home":
      case "End":
        if (!inList) return;
        event.preventDefault();
        app.view.moveFocus(key === "Home" ? -Infinity : Infinity, event.shiftKey);
        break;
      case " ":
        if (!inList || !app.view.focusId) return;
        event.preventDefault();
        app.view.toggle(app.view.focusId);
        break;
      case "Enter":
        if (!inList || !app.view.focusId) return;
        event.preventDefault();
        app.openDetails(app.view.focusId);
        break;
      case "Escape":
        if (app.details.jobId) app.details.close();
        else app.view.clearSelection();
        break;
      case "Delete":
      case "Backspace":
        if (key === "Backspace" && !event.metaKey) return;
        event.preventDefault();
        if (control) actions.perform(event.shiftKey ? "remove-files" : "remove");
        break;
      case "ContextMenu":
      case "F10":
        if (key === "F10" && !event.shiftKey) return;
        if (app.view.focusId) {
          event.preventDefault();
          const row = app.view.rows.get(app.view.focusId);
          const rect = (row ?? app.view.container).getBoundingClientRect();
          actions.contextMenu(app.view.focusId, rect.left + 40, rect.top + rect.height / 2);
        }
        break;
      case "/":
        event.preventDefault();
        $("search").focus();
        break;
      case "?":
        $("help-dialog").showModal();
        break;
      default: {
        const action = { n: "add", p: "pause", r: "resume", s: "start", c: "cancel", t: "retry" }[key.toLowerCase()];
        if (!action || event.shiftKey) return;
        event.preventDefault();
        if (!control) return;
        if (action === "add") app.addDialog.open();
        else actions.perform(action);
      }
    }
  };
}
