// One line of a job's event log in the details drawer: its level and its text.

import * as format from "./format.js";

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

/** The level of an event: a log line's own, "error" for errors, a notification's severity, else "info". */
export function eventLevel(event) {
  if (event.type === "log") return event.payload.level ?? "info";
  if (event.type === "error") return "error";
  if (event.type === "notification") return event.payload.severity ?? "info";
  return "info";
}

/** The `<li>` of an event: time, level and what happened. */
export function jobLogLine(event) {
  const level = eventLevel(event);
  const item = element("li", `level-${level}`);
  let text;
  switch (event.type) {
    case "state_change":
      text = `${format.STATE_LABELS[event.payload.from] ?? event.payload.from} → ${format.STATE_LABELS[event.payload.to] ?? event.payload.to}${event.payload.reason ? ` (${event.payload.reason})` : ""}`;
      break;
    case "log":
      text = `${event.payload.stage ? `[${event.payload.stage}] ` : ""}${event.payload.message}`;
      break;
    case "error":
      text = `${event.payload.code}: ${event.payload.message}`;
      break;
    case "notification":
      text = `${event.payload.title}: ${event.payload.message}`;
      break;
    case "job_added":
      text = "Added";
      break;
    default:
      text = event.type;
  }
  item.append(element("time", null, format.clock(event.timestamp)), element("span", "level", level), element("span", "message", text));
  item.querySelector("time").dateTime = event.timestamp;
  return item;
}
