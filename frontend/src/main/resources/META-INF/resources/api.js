// Talks to Groundwork's REST API: JSON requests, problem details as errors, the sign-in session
// (a cookie, plus a CSRF token sent on every non-GET request), and server-sent events read from a
// fetch() response (EventSource cannot POST).

/** An API call that failed: the problem detail's message, and the HTTP status (0: no answer). */
export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }
}

/**
 * The signed-in user, when the server asks for sign-in. `required` stays false on a server
 * without sign-in (GET /api/session answers 404 there).
 */
export const session = { required: false, name: null, role: null };

let csrf = null;
let signInHandler = null;
let signingIn = null;

/** Registers what runs when a call answers 401: it resolves once the user has signed in again. */
export function onSignInNeeded(handler) {
  signInHandler = handler;
}

function csrfHeaders() {
  return csrf ? { [csrf.headerName]: csrf.token } : {};
}

function signInAgain() {
  if (!signInHandler) return Promise.reject(new ApiError("Please sign in.", 401));
  if (!signingIn) signingIn = Promise.resolve(signInHandler()).finally(() => { signingIn = null; });
  return signingIn;
}

/** Reads an RFC 9457 problem detail (or anything else) into a message. */
export async function problemMessage(res) {
  try {
    const problem = await res.json();
    if (problem && (problem.detail || problem.title)) return String(problem.detail || problem.title);
  } catch { /* the body was not JSON */ }
  return `Request failed (HTTP ${res.status}).`;
}

/**
 * Sends a request and returns the response once it is OK (or its status is in `allow`).
 * A 401 shows the sign-in screen and then repeats the request once.
 */
export async function request(path, options = {}) {
  const { method = "GET", json, body, accept = "application/json", signal, allow = [], retried = false } = options;
  const headers = { Accept: accept };
  let payload = body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(json);
  }
  if (method !== "GET" && method !== "HEAD") Object.assign(headers, csrfHeaders());
  let res;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: "same-origin", signal });
  } catch (err) {
    if (err && err.name === "AbortError") throw err;
    throw new ApiError("Could not reach the server. Check the connection and try again.", 0);
  }
  if (res.status === 401 && !retried) {
    await signInAgain();
    return request(path, { ...options, retried: true });
  }
  if (res.status === 403 && csrf && !retried && method !== "GET") {
    // The CSRF token may have changed (a new session): fetch it again and retry once.
    await loadSession().catch(() => {});
    return request(path, { ...options, retried: true });
  }
  if (!res.ok && !allow.includes(res.status)) throw new ApiError(await problemMessage(res), res.status);
  return res;
}

export async function getJson(path, options) {
  const res = await request(path, options);
  return res.json();
}

export async function sendJson(method, path, json, options = {}) {
  const res = await request(path, { ...options, method, json });
  return res.status === 204 ? null : res.json();
}

export async function remove(path) {
  await request(path, { method: "DELETE" });
}

/**
 * Reads GET /api/session. Answers the session (null when sign-in is needed); on a server without
 * sign-in (404) answers { required: false }.
 */
export async function loadSession() {
  let res;
  try {
    res = await fetch("api/session", { headers: { Accept: "application/json" }, credentials: "same-origin" });
  } catch {
    throw new ApiError("Could not reach the server. Check the connection and try again.", 0);
  }
  if (res.status === 404) {
    Object.assign(session, { required: false, name: null, role: null });
    csrf = null;
    return { required: false };
  }
  session.required = true;
  if (res.status === 401 || res.status === 403) {
    session.name = null;
    return null;
  }
  if (!res.ok) throw new ApiError(await problemMessage(res), res.status);
  const s = await res.json();
  session.name = String(s.name ?? "");
  session.role = s.role ? String(s.role) : null;
  // Groundwork's session: {kind, name, role, collections, csrfToken, csrfHeader, timeoutSeconds}.
  csrf = s.csrfHeader && s.csrfToken
    ? { headerName: String(s.csrfHeader), token: String(s.csrfToken) }
    : null;
  return s;
}

/** POST /api/session with {username, password} or {apiKey}; resolves with the new session. */
export async function signIn(credentials) {
  let res;
  try {
    res = await fetch("api/session", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", ...csrfHeaders() },
      body: JSON.stringify(credentials),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError("Could not reach the server. Check the connection and try again.", 0);
  }
  if (res.status === 401 || res.status === 403) {
    throw new ApiError(credentials.apiKey
      ? "That API key was not accepted."
      : "That user name and password were not accepted.", res.status);
  }
  if (!res.ok) throw new ApiError(await problemMessage(res), res.status);
  const s = await loadSession();
  if (!s) throw new ApiError("Signed in, but the server did not keep the session. Are cookies allowed?", 401);
  return s;
}

export async function signOut() {
  try {
    await fetch("api/session", { method: "DELETE", headers: csrfHeaders(), credentials: "same-origin" });
  } finally {
    csrf = null;
    session.name = null;
  }
}

/**
 * The server-sent events of a fetch() response, as {event, data} with data as text, following the
 * event-stream format: "field: value" lines, events separated by a blank line.
 */
export async function* readEvents(res) {
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let event = "message";
  let data = [];
  const take = (line) => {
    if (line === "") {
      const done = data.length ? { event, data: data.join("\n") } : null;
      event = "message";
      data = [];
      return done;
    }
    if (line.startsWith(":")) return null;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
    return null;
  };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      for (;;) {
        const at = buffer.search(/[\r\n]/);
        // A "\r" at the end of the buffer may be the first half of "\r\n": wait for more.
        if (at < 0 || (buffer[at] === "\r" && at === buffer.length - 1)) break;
        const width = buffer[at] === "\r" && buffer[at + 1] === "\n" ? 2 : 1;
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + width);
        const ready = take(line);
        if (ready) yield ready;
      }
    }
    for (const line of buffer.split(/\r\n|\r|\n/)) {
      const ready = take(line);
      if (ready) yield ready;
    }
    const last = take("");
    if (last) yield last;
  } finally {
    // Stops the download when the reader gives up early; harmless once the stream has ended.
    reader.cancel().catch(() => {});
  }
}
