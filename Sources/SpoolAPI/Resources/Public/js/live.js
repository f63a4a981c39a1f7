// Live events: a WebSocket on /api/ws that authenticates, subscribes to every job and resumes
// from the last durable event id after a reconnect; Server-Sent Events on /api/events when
// WebSockets do not get through (a proxy that refuses upgrades). No polling.

const MAX_BACKOFF_MS = 15000;

/**
 * Keeps a live event stream open.
 *
 * Callbacks: onEvent(envelope), onStatus(text, connected), onReady(isFirst) once per (re)subscribe,
 * onAuthFailed(message).
 */
export class LiveEvents {
  constructor(tokenProvider, callbacks) {
    this.tokenProvider = tokenProvider;
    this.callbacks = callbacks;
    this.lastEventId = null;
    this.socket = null;
    this.source = null;
    this.stopped = true;
    this.attempt = 0;
    this.everOpened = false;
    this.useSSE = false;
    this.retryTimer = null;
  }

  /** Opens the stream. */
  start() {
    this.stopped = false;
    this.connect();
  }

  /** Closes the stream for good. */
  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    if (this.socket) this.socket.close(1000, "logout");
    if (this.source) this.source.close();
    this.socket = null;
    this.source = null;
  }

  /** Drops the current connection as a network failure would (it reconnects and resumes). */
  dropConnection() {
    this.socket?.close(4000, "dropped");
    if (this.source) {
      this.source.close();
      this.source = null;
      this.scheduleReconnect();
    }
  }

  connect() {
    if (this.stopped) return;
    this.callbacks.onStatus(this.attempt === 0 ? "Connecting…" : "Reconnecting…", false);
    if (this.useSSE) this.connectSSE();
    else this.connectWebSocket();
  }

  connectWebSocket() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    let socket;
    try {
      socket = new WebSocket(`${scheme}//${location.host}/api/ws`);
    } catch {
      this.useSSE = true;
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.everOpened = true;
      socket.send(JSON.stringify({ type: "authenticate", token: this.tokenProvider() }));
    };
    socket.onmessage = (message) => {
      let data;
      try {
        data = JSON.parse(message.data);
      } catch {
        return;
      }
      if (data.payload !== undefined) {
        this.deliver(data);
        return;
      }
      switch (data.type) {
        case "authenticated": {
          const subscribe = { type: "subscribe", jobIds: "all" };
          if (this.lastEventId != null) subscribe.lastEventId = this.lastEventId;
          socket.send(JSON.stringify(subscribe));
          break;
        }
        case "subscribed": {
          const first = this.lastEventId == null;
          if (first) this.lastEventId = data.lastEventId;
          this.attempt = 0;
          this.callbacks.onStatus("Live", true);
          this.callbacks.onReady(first);
          break;
        }
        case "error":
          if (data.code === "unauthorized") {
            this.stop();
            this.callbacks.onAuthFailed(data.message);
          }
          break;
        default:
          break;
      }
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (event.code === 1008 && /authentication failed/i.test(event.reason)) {
        this.stop();
        this.callbacks.onAuthFailed(event.reason);
        return;
      }
      // Never opened twice in a row on a fresh page: the upgrade does not get through; use SSE.
      if (!opened && !this.everOpened && this.attempt >= 1) this.useSSE = true;
      this.scheduleReconnect();
    };
  }

  connectSSE() {
    const params = new URLSearchParams({ token: this.tokenProvider() });
    if (this.lastEventId != null) params.set("lastEventId", String(this.lastEventId));
    const source = new EventSource(`/api/events?${params}`);
    this.source = source;
    let ready = false;
    const handle = (message) => {
      let data;
      try {
        data = JSON.parse(message.data);
      } catch {
        return;
      }
      this.deliver(data);
    };
    source.onopen = () => {
      if (ready) return;
      ready = true;
      const first = this.lastEventId == null;
      this.attempt = 0;
      this.callbacks.onStatus("Live (SSE)", true);
      this.callbacks.onReady(first);
    };
    for (const type of ["progress", "state_change", "log", "notification", "job_added", "job_removed", "error", "message"]) {
      source.addEventListener(type, handle);
    }
    source.onerror = () => {
      // EventSource reconnects by itself with Last-Event-ID; a closed one (401) does not.
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        this.source = null;
        this.scheduleReconnect();
      } else {
        this.callbacks.onStatus("Reconnecting…", false);
        ready = false;
      }
    };
  }

  deliver(event) {
    if (event.type !== "progress" && typeof event.id === "number" && event.id > (this.lastEventId ?? 0)) {
      this.lastEventId = event.id;
    }
    this.callbacks.onEvent(event);
  }

  scheduleReconnect() {
    if (this.stopped) return;
    this.attempt += 1;
    const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(this.attempt, 6)) * (0.75 + Math.random() * 0.5);
    this.callbacks.onStatus(`Offline — retrying in ${Math.round(delay / 1000)} s`, false);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }
}
