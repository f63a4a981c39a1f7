// The pages beside the job queue: Sources (#sources), one source (#sources/ID), Failed downloads
// (#failed), Processing (#processing), Notifications (#notifications), Users (#users, admins) and
// API tokens (#tokens). They are built once; the location hash says which one
// shows, and source events from the live stream keep them current.

import { FailedPage } from "./failed-page.js";
import { NotificationsPage } from "./notifications-page.js";
import { setUpProcessingDialog } from "./processing-dialog.js";
import { ProcessingPage } from "./processing-page.js";
import { TokensPage } from "./tokens-page.js";
import { UsersPage } from "./users-page.js";
import { setUpProfileDialog } from "./profile-dialog.js";
import { createSourceActions } from "./source-actions.js";
import { SourceDetail } from "./source-detail.js";
import { setUpSourceDialog } from "./source-dialog.js";
import { SourceList, isSourceEvent } from "./sources.js";
import { SourcesPage } from "./sources-page.js";
import * as ui from "./ui.js";
import { parseRoute, showPage } from "./views.js";

const $ = (id) => document.getElementById(id);

/**
 * Builds the pages; `focusJobs()` gives the focus to the job list when the Jobs view is chosen,
 * `processing` is the processing model (processing.js).
 */
export function setUpPages(focusJobs, processing) {
  const sources = new SourceList();
  let route = parseRoute(location.hash);
  const dialog = setUpSourceDialog(sources, (source, created) => {
    sources.upsert(source);
    ui.toast(created ? `Added “${source.name}”` : `Saved “${source.name}”`, "success", created ? "The first index is queued." : "");
    if (created && route.view !== "sources") location.hash = "#sources";
  });
  const actions = createSourceActions(sources, dialog, (id) => {
    if (route.view === "source" && route.sourceId === id) location.hash = "#sources";
  });
  const sourcesPage = new SourcesPage(sources, actions);
  const sourceDetail = new SourceDetail($("source-page"), sources, actions, () => {
    if (route.view === "source") location.hash = "#sources";
  });
  const failedPage = new FailedPage(sources);
  const processingDialog = setUpProcessingDialog(processing, (profile, created) => {
    ui.toast(created ? `Added “${profile.name}”` : `Saved “${profile.name}”`, "success");
  });
  const processingPage = new ProcessingPage(processing, processingDialog);
  const notificationsPage = new NotificationsPage();
  const usersPage = new UsersPage();
  const tokensPage = new TokensPage();
  const profileDialog = setUpProfileDialog(sources, processing);
  $("add-source-button").addEventListener("click", () => dialog.openAdd());
  $("sources-profiles").addEventListener("click", () => profileDialog.open());
  addEventListener("hashchange", () => {
    if (!$("app-view").hidden) show(parseRoute(location.hash), true);
  });

  /** Shows the page of `next` (loading what it lists); `focus` moves the focus to its heading. */
  function show(next, focus) {
    const leaving = route;
    route = next;
    showPage(route);
    if (leaving.view === "source" && (route.view !== "source" || route.sourceId !== leaving.sourceId)) sourceDetail.close();
    if (route.view !== "sources") sourcesPage.hide();
    if (route.view !== "processing") processingPage.hide();
    const shown = {
      sources: () => sourcesPage.show(),
      source: () => sourceDetail.show(route.sourceId),
      failed: () => failedPage.show(),
      processing: () => processingPage.show(),
      notifications: () => notificationsPage.show(),
      users: () => usersPage.show(),
      tokens: () => tokensPage.show(),
    }[route.view]?.();
    if (!focus) return;
    if (route.view === "jobs") {
      focusJobs();
      return;
    }
    const heading = { sources: "sources-heading", failed: "failed-heading", processing: "processing-heading", notifications: "notifications-heading", users: "users-heading", tokens: "tokens-heading" }[route.view];
    if (heading) $(heading).focus();
    else shown?.then(() => $("source-heading")?.focus());
  }

  return {
    /** The page showing: { view, sourceId } (views.js). */
    get route() {
      return route;
    },
    /** The add/edit source dialog. */
    dialog,
    /** The processing profile editor. */
    processingDialog,
    /** Shows the page the location hash names (after login). */
    showCurrent() {
      show(parseRoute(location.hash), false);
    },
    /** Loads the page showing again (after the live stream was away). */
    reload() {
      if (route.view !== "jobs") show(route, false);
    },
    /** Takes a live event about a source; false when it is about a job. */
    onEvent(event) {
      if (!isSourceEvent(event)) return false;
      sources.apply(event);
      return true;
    },
    /** Lets a source's page refresh when one of its downloads changes state. */
    onJobEvent(event) {
      if (route.view === "source") sourceDetail.onJobEvent(event);
    },
    /** Forgets everything (logout). */
    clear() {
      sourceDetail.close();
      sources.clear();
      processing.clear();
    },
  };
}
