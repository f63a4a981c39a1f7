// The controls around the list: state filters with counts, search, sort, settings menu, sidebar.

import { FILTERS } from "./jobs.js";
import * as ui from "./ui.js";

const $ = (id) => document.getElementById(id);

/** Draws the state filters with their counts. */
export function renderFilters(app) {
  const counts = app.jobs.counts();
  const list = $("state-filters");
  if (list.childElementCount !== FILTERS.length) {
    list.replaceChildren(...FILTERS.map((filter) => {
      const item = document.createElement("li");
      item.setAttribute("role", "option");
      item.tabIndex = 0;
      item.dataset.filter = filter.id;
      item.innerHTML = `<span class="filter-name"></span><span class="count"></span>`;
      item.querySelector(".filter-name").textContent = filter.label;
      return item;
    }));
  }
  for (const item of list.children) {
    const id = item.dataset.filter;
    item.querySelector(".count").textContent = String(counts[id]);
    item.setAttribute("aria-selected", String(id === app.state.filter));
    item.setAttribute("aria-label", `${FILTERS.find((f) => f.id === id).label}: ${counts[id]}`);
  }
}

function setFilter(app, id) {
  app.state.filter = id;
  app.markOrder();
  app.markCounts();
  app.view.container.scrollTop = 0;
  app.schedule();
  document.body.classList.remove("sidebar-open");
  $("sidebar-toggle").setAttribute("aria-expanded", "false");
}

/** Wires the toolbar, filters, search, sort and settings to `app` and `actions`. */
export function setUpControls(app, actions) {
  $("add-button").addEventListener("click", () => app.addDialog.open());
  for (const button of document.querySelectorAll(".toolbar button[data-action]")) {
    button.addEventListener("click", () => actions.perform(button.dataset.action));
  }
  $("state-filters").addEventListener("click", (event) => {
    const item = event.target.closest("[data-filter]");
    if (item) setFilter(app, item.dataset.filter);
  });
  $("state-filters").addEventListener("keydown", (event) => {
    const item = event.target.closest("[data-filter]");
    if (!item) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      setFilter(app, item.dataset.filter);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      (event.key === "ArrowDown" ? item.nextElementSibling : item.previousElementSibling)?.focus();
    }
  });
  let searchTimer = 0;
  const onSearch = () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      if (app.state.search === $("search").value) return;
      app.state.search = $("search").value;
      app.markOrder();
      app.schedule();
    }, 80);
  };
  // "search" fires when the field's clear button or Escape empties it; "change" after scripted edits.
  for (const type of ["input", "search", "change"]) $("search").addEventListener(type, onSearch);
  $("sort-select").value = app.state.sort;
  $("sort-select").addEventListener("change", () => {
    app.state.sort = $("sort-select").value;
    localStorage.setItem("spool.sort", app.state.sort);
    app.markOrder();
    app.schedule();
  });
  const direction = $("sort-direction");
  const showDirection = () => {
    direction.setAttribute("aria-pressed", String(app.state.descending));
    direction.textContent = app.state.descending ? "↓ Descending" : "↑ Ascending";
    direction.setAttribute("aria-label", app.state.descending ? "Sort descending (press for ascending)" : "Sort ascending (press for descending)");
  };
  showDirection();
  direction.addEventListener("click", () => {
    app.state.descending = !app.state.descending;
    localStorage.setItem("spool.descending", String(app.state.descending));
    showDirection();
    app.markOrder();
    app.schedule();
  });

  const compact = $("compact-toggle");
  compact.checked = localStorage.getItem("spool.compact") === "true";
  document.body.classList.toggle("compact", compact.checked);
  compact.addEventListener("change", () => {
    localStorage.setItem("spool.compact", String(compact.checked));
    document.body.classList.toggle("compact", compact.checked);
    app.view.measure();
  });
  const notifyToggle = $("notify-toggle");
  notifyToggle.checked = ui.notificationsEnabled();
  notifyToggle.addEventListener("change", async () => {
    notifyToggle.checked = await ui.setNotifications(notifyToggle.checked);
  });
  const menu = $("settings-menu");
  const menuButton = $("menu-button");
  const setMenu = (open) => {
    menu.hidden = !open;
    menuButton.setAttribute("aria-expanded", String(open));
  };
  menuButton.addEventListener("click", () => setMenu(menu.hidden));
  document.addEventListener("pointerdown", (event) => {
    if (!menu.hidden && !menu.contains(event.target) && event.target !== menuButton) setMenu(false);
  });
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      setMenu(false);
      menuButton.focus();
    }
  });
  $("help-button").addEventListener("click", () => {
    setMenu(false);
    $("help-dialog").showModal();
  });
  $("logout-button").addEventListener("click", async () => {
    setMenu(false);
    await app.logout();
  });
  $("sidebar-toggle").addEventListener("click", () => {
    const open = document.body.classList.toggle("sidebar-open");
    $("sidebar-toggle").setAttribute("aria-expanded", String(open));
  });
}
