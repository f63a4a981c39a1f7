// Which page shows: the job queue (#jobs, the default), the sources (#sources), one source
// (#sources/ID), the failed downloads (#failed) or the processing settings (#processing). The
// location hash holds it, so every page can be linked to, reloaded, and reached with the
// browser's back button.

/** The page a location hash names: { view: "jobs" | "sources" | "source" | "failed" | "processing" | "notifications" | "users" | "tokens", sourceId }. */
export function parseRoute(hash) {
  const path = hash.replace(/^#\/?/, "");
  const source = /^sources\/(\d+)$/.exec(path);
  if (source) return { view: "source", sourceId: Number(source[1]) };
  if (path === "sources") return { view: "sources", sourceId: null };
  if (path === "failed") return { view: "failed", sourceId: null };
  if (path === "processing") return { view: "processing", sourceId: null };
  if (path === "notifications") return { view: "notifications", sourceId: null };
  if (path === "users") return { view: "users", sourceId: null };
  if (path === "tokens") return { view: "tokens", sourceId: null };
  return { view: "jobs", sourceId: null };
}

/** The navigation entry a view belongs to (a source's page is under Sources). */
export function navView(view) {
  return view === "source" ? "sources" : view;
}

const TITLES = { jobs: "Spool", sources: "Sources · Spool", source: "Source · Spool", failed: "Failed downloads · Spool", processing: "Processing · Spool", notifications: "Notifications · Spool", users: "Users · Spool", tokens: "API tokens · Spool" };

/** Shows the page of `route`: the pages' `hidden`, the navigation's `aria-current`, the title. */
export function showPage(route) {
  const page = { jobs: null, sources: "sources-page", source: "source-page", failed: "failed-page", processing: "processing-page", notifications: "notifications-page", users: "users-page", tokens: "tokens-page" }[route.view];
  document.body.classList.toggle("page-mode", page != null);
  document.body.dataset.view = route.view;
  for (const section of document.querySelectorAll(".page")) section.hidden = section.id !== page;
  for (const link of document.querySelectorAll("nav.views a[data-view]")) {
    if (link.dataset.view === navView(route.view)) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  document.title = TITLES[route.view];
}
