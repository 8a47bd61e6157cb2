// Groundwork front end (plain ES module, no build step).
// Signs in (POST /api/session: username and password, or an API key; the server keeps the session,
// the browser an HttpOnly cookie) and sends the session's CSRF token with every request that
// changes data. Sends the question to POST /api/answer and renders the grounded answer:
// each sentence with a "[n]" citation button, then a "Sources" list of cards
// with the cited span highlighted inside its retrieved passage.
// Security: server data is only ever inserted as text (textContent / text
// nodes), never parsed as HTML.

const $ = (id) => document.getElementById(id);
const form = $("ask-form");
const questionEl = $("question");
const collectionEl = $("collection");
const askBtn = $("ask");
const statusEl = $("status");
const errorEl = $("error");
const resultEl = $("result");
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
const appEl = $("app");
const signInSection = $("sign-in");
const signInForm = $("sign-in-form");
const signInError = $("sign-in-error");
const whoEl = $("who");

/** The session's CSRF token ({header, token}); null when signed out. */
let csrf = null;

/** fetch() for the API: adds the CSRF token to requests that change data; a 401 shows the sign-in form. */
async function api(path, options = {}) {
  const headers = new Headers(options.headers || {});
  const method = (options.method || "GET").toUpperCase();
  if (csrf && method !== "GET" && method !== "HEAD") headers.set(csrf.header, csrf.token);
  const res = await fetch(path, { ...options, headers, credentials: "same-origin" });
  if (res.status === 401) showSignIn("Your session has ended. Please sign in again.");
  return res;
}

function showSignedIn(session) {
  csrf = session.csrfToken ? { header: session.csrfHeader || "X-CSRF-TOKEN", token: session.csrfToken } : null;
  $("who-name").textContent = `${session.name} (${session.role})`;
  whoEl.hidden = false;
  signInSection.hidden = true;
  signInError.hidden = true;
  appEl.hidden = false;
  loadStatus();
}

function showSignIn(message) {
  csrf = null;
  whoEl.hidden = true;
  appEl.hidden = true;
  signInSection.hidden = false;
  $("index-status").textContent = "";
  signInError.hidden = !message;
  signInError.textContent = message || "";
  $("username").focus();
}

signInForm.addEventListener("submit", async (e) => {
  e.preventDefault();
  const apiKey = $("api-key").value.trim();
  const username = $("username").value.trim();
  const password = $("password").value;
  if (!apiKey && !(username && password)) {
    showSignIn("Enter a username and password, or an API key.");
    return;
  }
  const button = $("sign-in-button");
  button.disabled = true;
  try {
    const res = await fetch("api/session", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      credentials: "same-origin",
      body: JSON.stringify(apiKey ? { apiKey } : { username, password }),
    });
    if (!res.ok) throw new Error(await problemMessage(res));
    $("password").value = "";
    $("api-key").value = "";
    showSignedIn(await res.json());
    askLinkedQuestion();
  } catch (err) {
    showSignIn(err instanceof TypeError ? "Could not reach the server. Please try again." : err.message);
  } finally {
    button.disabled = false;
  }
});

$("sign-out").addEventListener("click", async () => {
  try {
    await api("api/session", { method: "DELETE" });
  } finally {
    resultEl.replaceChildren();
    showSignIn();
  }
});

/** Create an element; string children become text nodes (never HTML). */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

function showError(message) {
  errorEl.textContent = message;
  errorEl.hidden = false;
}

/** Read an RFC 9457 problem detail (or anything else) into a message. */
async function problemMessage(res) {
  try {
    const problem = await res.json();
    if (problem && (problem.detail || problem.title)) return String(problem.detail || problem.title);
  } catch { /* body was not JSON */ }
  return `Request failed (HTTP ${res.status}).`;
}

// Enter submits, Shift+Enter inserts a newline (ignore IME composition).
questionEl.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    form.requestSubmit();
  }
});

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  const question = questionEl.value.trim();
  if (askBtn.disabled) return;
  if (!question) {
    questionEl.focus();
    statusEl.textContent = "Please type a question.";
    return;
  }
  const body = { question, k: 8 };
  const collection = collectionEl.value.trim();
  if (collection) body.collection = collection;

  askBtn.disabled = true;
  form.setAttribute("aria-busy", "true");
  statusEl.textContent = "Searching…";
  errorEl.hidden = true;
  resultEl.replaceChildren();
  try {
    const res = await api("api/answer", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(await problemMessage(res));
    const data = await res.json();
    renderResult(data);
    const n = (data.citations || []).length;
    statusEl.textContent = data.grounded
      ? `Answered in ${data.tookMs ?? "?"} ms · ${n} ${n === 1 ? "source" : "sources"}.`
      : "No grounded answer found.";
  } catch (err) {
    statusEl.textContent = "";
    showError(err instanceof TypeError ? "Could not reach the server. Please try again." : err.message);
  } finally {
    askBtn.disabled = false;
    form.removeAttribute("aria-busy");
  }
});

function renderResult(data) {
  const citations = Array.isArray(data.citations) ? data.citations : [];
  const sentences = Array.isArray(data.sentences) ? data.sentences : [];
  const answer = el("p", { class: "answer-text" });

  if (!data.grounded) {
    answer.classList.add("muted");
    answer.textContent = data.answer || "The sources do not contain an answer to this question.";
  } else if (sentences.length) {
    sentences.forEach((s, i) => {
      if (i > 0) answer.append(" ");
      answer.append(verifiedSentence(s));
      for (const c of Array.isArray(s.citations) ? s.citations : []) {
        answer.append("\u00a0", citeButton(c.citation));
      }
    });
  } else {
    answer.textContent = data.answer || "";
  }

  const section = el("section", { class: "answer", "aria-labelledby": "answer-heading" },
    el("h2", { id: "answer-heading", text: "Answer" }), answer);
  resultEl.append(section);

  if (citations.length) {
    const list = el("ol", { class: "sources" }, ...citations.map(sourceCard));
    resultEl.append(el("section", { "aria-labelledby": "sources-heading" },
      el("h2", { id: "sources-heading", text: "Sources" }), list));
  }
}

const SUPPORT_LABELS = { SUPPORTED: "supported", PARTIAL: "partly supported", UNSUPPORTED: "not supported" };

/** A sentence marked with the verifier's verdict; the verdict and score are in its title and for screen readers. */
function verifiedSentence(s) {
  const support = SUPPORT_LABELS[s.support] ? s.support : "UNSUPPORTED";
  const label = SUPPORT_LABELS[support];
  const score = Number(s.score);
  const title = `Verified ${label} by the sources${Number.isFinite(score) ? ` (score ${score.toFixed(2)})` : ""}`;
  return el("span", { class: `sentence support-${support.toLowerCase()}`, title },
    String(s.text ?? ""),
    el("span", { class: "visually-hidden", text: ` (${label})` }));
}

function citeButton(n) {
  const btn = el("button", { type: "button", class: "cite", "aria-label": `Show source ${n}`, text: `[${n}]` });
  btn.addEventListener("click", () => showSource(n));
  return btn;
}

function showSource(n) {
  const card = document.getElementById(`source-${n}`);
  if (!card) return;
  card.scrollIntoView({ behavior: reducedMotion.matches ? "auto" : "smooth", block: "center" });
  card.focus({ preventScroll: true });
  card.classList.remove("flash");
  void card.offsetWidth; // restart the animation if clicked twice
  card.classList.add("flash");
  clearTimeout(card.flashTimer);
  card.flashTimer = setTimeout(() => card.classList.remove("flash"), 1600);
}

function sourceCard(c) {
  return el("li", { class: "source", id: `source-${c.number}`, tabindex: "-1" },
    el("div", { class: "source-head" },
      el("span", { class: "source-num", text: `[${c.number}]` }),
      el("h3", { class: "source-title", text: c.title || "Untitled document" })),
    el("p", { class: "source-meta" },
      el("span", { class: "source-path", text: c.source || "" }),
      el("span", { class: "source-span", text: `chars ${c.start}–${c.end}` })),
    el("blockquote", { class: "passage" }, ...passageNodes(c)));
}

/** Passage text with the cited span wrapped in <mark>; before/after as plain text. */
function passageNodes(c) {
  const passage = typeof c.passageText === "string" ? c.passageText : "";
  const cited = typeof c.text === "string" ? c.text : "";
  let from = c.start - c.passageStart;
  let to = c.end - c.passageStart;
  if (!(from >= 0 && to >= from && to <= passage.length)) {
    // Offsets unusable: fall back to locating the cited text itself.
    from = cited ? passage.indexOf(cited) : -1;
    if (from < 0) return passage ? [passage] : [el("mark", { text: cited })];
    to = from + cited.length;
  }
  return [passage.slice(0, from), el("mark", { text: passage.slice(from, to) }), passage.slice(to)];
}

async function loadStatus() {
  const footer = $("index-status");
  footer.textContent = "Loading index status…";
  try {
    const res = await api("api/status", { headers: { Accept: "application/json" } });
    if (res.status === 403) return loadCollections(footer); // the index status is for admins
    if (!res.ok) throw new Error();
    const s = await res.json();
    const docs = Number(s.documents) || 0;
    const indexed = Number(s.indexedChunks ?? s.chunks) || 0;
    const total = Number(s.chunks) || 0;
    const noun = (total || indexed) === 1 ? "chunk" : "chunks";
    const chunks = total > indexed ? `${indexed} of ${total} ${noun} indexed` : `${indexed} ${noun} indexed`;
    footer.textContent = [`${docs} ${docs === 1 ? "document" : "documents"}`, chunks, s.embeddingModel]
      .filter(Boolean).join(" · ");
  } catch {
    footer.textContent = "Index status unavailable.";
  }
}

/** The footer from the collections this user may read. */
async function loadCollections(footer) {
  try {
    const res = await api("api/collections", { headers: { Accept: "application/json" } });
    if (!res.ok) throw new Error();
    const collections = await res.json();
    const docs = collections.reduce((sum, c) => sum + (Number(c.documents) || 0), 0);
    const n = collections.length;
    footer.textContent = `${docs} ${docs === 1 ? "document" : "documents"} in ${n} ${n === 1 ? "collection" : "collections"}`;
  } catch {
    footer.textContent = "Index status unavailable.";
  }
}

// A link like /?q=How+often+does+the+fog+horn+sound%3F asks its question once signed in.
let linkedAsked = false;
function askLinkedQuestion() {
  const linked = new URLSearchParams(location.search);
  if (linkedAsked || !linked.get("q")) return;
  linkedAsked = true;
  questionEl.value = linked.get("q");
  if (linked.get("collection")) collectionEl.value = linked.get("collection");
  form.requestSubmit();
}

// Signed in already (a session cookie)? Otherwise the sign-in form.
(async () => {
  try {
    const res = await fetch("api/session", { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (!res.ok) return showSignIn();
    showSignedIn(await res.json());
    askLinkedQuestion();
  } catch {
    showSignIn("Could not reach the server. Please reload the page.");
  }
})();
