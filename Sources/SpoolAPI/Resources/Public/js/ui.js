// Small UI pieces: toasts, browser notifications, the confirm dialog and the context menu.

const toastRoot = () => document.getElementById("toasts");

/** Shows a toast for a few seconds; `kind` is info, success or error. */
export function toast(message, kind = "info", detail = "") {
  const node = document.createElement("div");
  node.className = `toast toast-${kind}`;
  node.setAttribute("role", kind === "error" ? "alert" : "status");
  const text = document.createElement("strong");
  text.textContent = message;
  node.append(text);
  if (detail) {
    const small = document.createElement("span");
    small.textContent = detail;
    node.append(small);
  }
  const close = document.createElement("button");
  close.className = "icon-button";
  close.textContent = "✕";
  close.setAttribute("aria-label", "Dismiss");
  close.addEventListener("click", () => node.remove());
  node.append(close);
  const root = toastRoot();
  root.append(node);
  while (root.childElementCount > 5) root.firstElementChild.remove();
  setTimeout(() => node.remove(), kind === "error" ? 10000 : 5000);
}

const NOTIFY_KEY = "spool.notifications";

/** Whether browser notifications are wanted and allowed. */
export function notificationsEnabled() {
  return localStorage.getItem(NOTIFY_KEY) === "on" && "Notification" in window && Notification.permission === "granted";
}

/** Turns browser notifications on (asking for permission) or off; resolves with the new state. */
export async function setNotifications(on) {
  if (!on || !("Notification" in window)) {
    localStorage.setItem(NOTIFY_KEY, "off");
    return false;
  }
  const permission = Notification.permission === "default" ? await Notification.requestPermission() : Notification.permission;
  localStorage.setItem(NOTIFY_KEY, permission === "granted" ? "on" : "off");
  return permission === "granted";
}

/** Shows a system notification when enabled and the page is hidden. */
export function notify(title, body) {
  if (notificationsEnabled() && document.visibilityState === "hidden") {
    try {
      new Notification(title, { body, icon: "icon.svg" });
    } catch {
      // Some platforms only allow notifications from a service worker.
    }
  }
}

/** Asks to confirm removal; resolves with null (cancelled) or { deleteFiles }. */
export function confirmRemove(count, deleteFiles) {
  return confirmAction({
    title: "Remove",
    text: count === 1 ? "Remove this job from the list?" : `Remove ${count} jobs from the list?`,
    okLabel: "Remove",
    filesLabel: "Also delete downloaded files",
    deleteFiles,
  });
}

/**
 * Asks to confirm a destructive action in the confirm dialog; resolves with null (cancelled) or
 * { deleteFiles }. Without `filesLabel` the "delete files" box is hidden.
 */
export function confirmAction({ title, text, okLabel, filesLabel = null, deleteFiles = false }) {
  const dialog = document.getElementById("confirm-dialog");
  document.getElementById("confirm-title").textContent = title;
  document.getElementById("confirm-text").textContent = text;
  document.getElementById("confirm-ok").textContent = okLabel;
  document.getElementById("confirm-files-label").hidden = !filesLabel;
  if (filesLabel) document.getElementById("confirm-files-text").textContent = filesLabel;
  const files = document.getElementById("confirm-files");
  files.checked = Boolean(filesLabel) && deleteFiles;
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      resolve(dialog.returnValue === "ok" ? { deleteFiles: files.checked } : null);
    }, { once: true });
    dialog.returnValue = "";
    dialog.showModal();
    document.getElementById("confirm-ok").focus();
  });
}

/** A context menu of `items` ({label, action, disabled, shortcut}) at a point; `onPick(action)`. */
export function showContextMenu(items, x, y, onPick) {
  const menu = document.getElementById("context-menu");
  menu.replaceChildren(...items.map((item) => {
    if (item === "-") {
      const sep = document.createElement("div");
      sep.setAttribute("role", "separator");
      sep.className = "separator";
      return sep;
    }
    const button = document.createElement("button");
    button.setAttribute("role", "menuitem");
    button.textContent = item.label;
    button.disabled = Boolean(item.disabled);
    button.dataset.action = item.action;
    if (item.shortcut) {
      const kbd = document.createElement("kbd");
      kbd.textContent = item.shortcut.replace("ArrowUp", "↑").replace("ArrowDown", "↓");
      button.append(kbd);
      button.setAttribute("aria-keyshortcuts", item.shortcut);
    }
    button.addEventListener("click", () => {
      hide();
      onPick(item.action);
    });
    return button;
  }));
  menu.hidden = false;
  const rect = menu.getBoundingClientRect();
  menu.style.left = `${Math.max(4, Math.min(x, innerWidth - rect.width - 4))}px`;
  menu.style.top = `${Math.max(4, Math.min(y, innerHeight - rect.height - 4))}px`;
  const buttons = [...menu.querySelectorAll("button:not(:disabled)")];
  buttons[0]?.focus();
  const previous = document.activeElement;
  function hide() {
    menu.hidden = true;
    document.removeEventListener("pointerdown", outside, true);
    document.removeEventListener("keydown", keys, true);
    if (previous instanceof HTMLElement && previous.isConnected) previous.focus();
  }
  function outside(event) {
    if (!menu.contains(event.target)) hide();
  }
  function keys(event) {
    const i = buttons.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      hide();
    } else if (event.key === "ArrowDown") {
      event.preventDefault();
      buttons[(i + 1) % buttons.length]?.focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      buttons[(i - 1 + buttons.length) % buttons.length]?.focus();
    } else if (event.key === "Tab") {
      hide();
    }
  }
  setTimeout(() => document.addEventListener("pointerdown", outside, true));
  document.addEventListener("keydown", keys, true);
}
