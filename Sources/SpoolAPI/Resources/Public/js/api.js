// The REST client. The session token lives in sessionStorage: it survives a reload of this tab,
// is not shared with other tabs, is gone when the tab closes, and is never sent automatically
// (a cookie would be, which would need CSRF protection). The page runs under a strict
// Content-Security-Policy and renders every server string with textContent, so no injected
// script can read it.

const TOKEN_KEY = "spool.token";
const USER_KEY = "spool.user";
const ROLE_KEY = "spool.role";

/** An API error with the server's stable code and message. */
export class APIError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let unauthorizedHandler = () => {};

/** Calls `handler(message)` whenever a request comes back 401 (expired or revoked session). */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

/** The stored session token, or null. */
export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** The logged-in user's name, or null. */
export function username() {
  return sessionStorage.getItem(USER_KEY);
}

/** The logged-in user's role (admin, user, viewer), or null. */
export function role() {
  return sessionStorage.getItem(ROLE_KEY);
}

const RANKS = { viewer: 0, user: 1, admin: 2 };

/**
 * Whether the logged-in user's role is `minimum` ("viewer", "user" or "admin") or above: what the
 * server allows each role is the `x-spool-role` of each operation in openapi.yaml.
 */
export function can(minimum) {
  return (RANKS[role()] ?? -1) >= RANKS[minimum];
}

/**
 * Marks `node` as offered only to `minimum` ("user" or "admin") and above: the rule on
 * `[data-min-role]` in app.css hides it from lesser roles (the root's `data-role`, set at login).
 * Returns `node`.
 */
export function restrict(node, minimum) {
  node.dataset.minRole = minimum;
  return node;
}

/** Forgets the session locally. */
export function clearSession() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(USER_KEY);
  sessionStorage.removeItem(ROLE_KEY);
}

/**
 * Sends a request; resolves with the decoded JSON body (null for 204), throws APIError. An
 * aborted `signal` rejects with the browser's AbortError instead.
 */
export async function request(method, path, body, { signal } = {}) {
  const headers = { Accept: "application/json" };
  const current = token();
  if (current) headers.Authorization = `Bearer ${current}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: "no-store", signal });
  } catch (error) {
    if (error?.name === "AbortError") throw error;
    throw new APIError(0, "network", "The server cannot be reached. Check your connection.");
  }
  if (response.status === 204) return null;
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    const code = data?.error?.code ?? "http_error";
    const message = data?.error?.message ?? `${response.status} ${response.statusText}`;
    if (response.status === 401 && current && path !== "/api/auth/login") unauthorizedHandler(message);
    throw new APIError(response.status, code, message);
  }
  return data;
}

/** Logs in and stores the session. */
export async function login(name, password) {
  const data = await request("POST", "/api/auth/login", { username: name, password });
  sessionStorage.setItem(TOKEN_KEY, data.token);
  sessionStorage.setItem(USER_KEY, data.user?.username ?? name);
  sessionStorage.setItem(ROLE_KEY, data.user?.role ?? "");
  return data;
}

/** Ends the session on the server (best effort) and locally. */
export async function logout() {
  try {
    await request("POST", "/api/auth/logout");
  } catch {
    // The local session ends anyway.
  }
  clearSession();
}

/** Every job, in pages of 500. */
export async function allJobs() {
  const jobs = [];
  for (let offset = 0; ; offset += 500) {
    const page = await request("GET", `/api/jobs?limit=500&offset=${offset}&sort=queue`);
    jobs.push(...page.jobs);
    if (page.jobs.length < 500 || jobs.length >= page.total) return jobs;
  }
}

/** Control actions and their routes. */
export function control(id, action) {
  return request("POST", `/api/jobs/${encodeURIComponent(id)}/${action}`);
}
