// The chat: a conversation's turns, asking the next question with the answer streamed as it is
// written and then replaced by the verified answer (verdict marks per sentence, [n] markers that
// open the cited characters in their document).

import { ApiError, getJson, readEvents, remove, request, sendJson } from "./api.js";
import { $, confirmDialog, el, plural } from "./dom.js";
import { renderMarkdown } from "./markdown.js";
import { openCitation, openSpan } from "./sources.js";

const SUPPORT = {
  SUPPORTED: { label: "Supported", icon: "✓", cls: "supported" },
  PARTIAL: { label: "Partly supported", icon: "◐", cls: "partial" },
  UNSUPPORTED: { label: "Unsupported", icon: "✗", cls: "unsupported" },
};

const NO_ANSWER = "The sources do not contain an answer to this question.";

const titleEl = $("chat-title");
const scopeEl = $("chat-scope");
const messagesEl = $("messages");
const emptyEl = $("chat-empty");
const statusEl = $("chat-status");
const errorEl = $("chat-error");
const form = $("composer");
const input = $("composer-input");
const askBtn = $("ask");
const stopBtn = $("stop");
const deleteBtn = $("delete-conversation");

let hooks = null;
/** The conversation shown, or null for a new one (created on its first question). */
let current = null;
/** Aborts the question being answered. */
let answering = null;
let loading = 0;
let messageIds = 0;

/**
 * @param {object} h
 * @param {() => string} h.collection the collection picked for new conversations ("" for all)
 * @param {() => {policy: string, k: number}} h.settings
 * @param {() => void} h.conversationsChanged
 * @param {(id: number|null) => void} h.conversationShown the conversation now shown (for the sidebar and URL)
 */
export function initChat(h) {
  hooks = h;
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  input.addEventListener("input", autosize);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const question = input.value.trim();
    if (answering) return;
    if (!question) {
      status("Please type a question.");
      input.focus();
      return;
    }
    input.value = "";
    autosize();
    ask(question);
  });
  stopBtn.addEventListener("click", () => {
    if (answering) answering.abort();
    input.focus();
  });
  deleteBtn.addEventListener("click", () => {
    if (current) deleteConversation(current);
  });
  for (const example of document.querySelectorAll("[data-example]")) {
    example.addEventListener("click", () => {
      input.value = example.dataset.example;
      autosize();
      input.focus();
    });
  }
}

/** The id of the conversation shown (null for a new one). */
export function currentConversationId() {
  return current ? current.id : null;
}

/** Shows an empty, new conversation. */
export function newConversation({ focus = true } = {}) {
  stopAnswering();
  loading++;
  current = null;
  messagesEl.replaceChildren(emptyEl);
  emptyEl.hidden = false;
  clearError();
  status("");
  renderHeader();
  hooks.conversationShown(null);
  if (focus) input.focus();
}

/** Shows conversation `id` with all its turns. */
export async function showConversation(id, { focus = false } = {}) {
  if (current && current.id === id && !messagesEl.hasAttribute("aria-busy")) return;
  stopAnswering();
  const token = ++loading;
  clearError();
  messagesEl.replaceChildren();
  messagesEl.setAttribute("aria-busy", "true");
  status("Loading the conversation…");
  try {
    const data = await getJson(`api/conversations/${encodeURIComponent(id)}`);
    if (token !== loading) return;
    current = data.conversation;
    renderHeader();
    const nodes = [];
    for (const turn of Array.isArray(data.turns) ? data.turns : []) {
      nodes.push(userMessage(turn));
      const m = assistantMessage();
      renderAnswer(m, turn);
      nodes.push(m.node);
    }
    emptyEl.hidden = nodes.length > 0;
    messagesEl.replaceChildren(emptyEl, ...nodes);
    status(nodes.length ? `${plural(nodes.length / 2, "question")} in this conversation.` : "");
    hooks.conversationShown(current.id);
    scrollToBottom();
    if (focus) input.focus();
  } catch (err) {
    if (token !== loading) return;
    current = null;
    renderHeader();
    messagesEl.replaceChildren(emptyEl);
    status("");
    showError(err.status === 404 ? "This conversation no longer exists." : err.message);
    hooks.conversationShown(null);
  } finally {
    if (token === loading) messagesEl.removeAttribute("aria-busy");
  }
}

/** Asks to confirm, then deletes the conversation; shows a new one if it was the one shown. */
export async function deleteConversation(conversation) {
  const ok = await confirmDialog({
    title: "Delete this conversation?",
    message: `“${conversation.title}” and all its questions and answers will be deleted. This cannot be undone.`,
  });
  if (!ok) return false;
  try {
    await remove(`api/conversations/${encodeURIComponent(conversation.id)}`);
  } catch (err) {
    if (err.status !== 404) {
      showError(`The conversation could not be deleted: ${err.message}`);
      return false;
    }
  }
  if (current && current.id === conversation.id) newConversation();
  status(`Deleted “${conversation.title}”.`);
  hooks.conversationsChanged();
  return true;
}

/** The collection picker changed: a new conversation will search the new choice. */
export function collectionChanged() {
  if (!current) renderHeader();
}

function renderHeader() {
  titleEl.textContent = current ? current.title : "New conversation";
  const collection = current ? current.collection : hooks.collection();
  scopeEl.textContent = collection ? `Searching the collection “${collection}”` : "Searching all collections";
  deleteBtn.hidden = !current;
  document.title = current ? `${current.title} · Groundwork` : "Groundwork";
}

function stopAnswering() {
  if (answering) answering.abort();
}

function autosize() {
  input.style.height = "auto";
  input.style.height = `${Math.min(input.scrollHeight + 2, 240)}px`;
  input.style.overflowY = input.scrollHeight + 2 > 240 ? "auto" : "hidden";
}

function status(text) {
  statusEl.textContent = text;
}

function showError(message) {
  errorEl.textContent = message;
  errorEl.hidden = false;
}

function clearError() {
  errorEl.hidden = true;
  errorEl.textContent = "";
}

function setBusy(busy) {
  form.setAttribute("aria-busy", String(busy));
  askBtn.disabled = busy;
  stopBtn.hidden = !busy;
  if (!busy && document.activeElement === document.body) input.focus();
}

function nearBottom() {
  const scroller = document.scrollingElement;
  const box = messagesEl.closest(".chat-scroll") || scroller;
  return box.scrollHeight - box.scrollTop - box.clientHeight < 120;
}

function scrollToBottom() {
  const box = messagesEl.closest(".chat-scroll");
  if (box) box.scrollTop = box.scrollHeight;
}

async function ask(question) {
  clearError();
  const controller = new AbortController();
  answering = controller;
  const conversationToken = loading;
  setBusy(true);
  emptyEl.hidden = true;
  const userNode = userMessage({ question });
  const m = assistantMessage();
  m.node.dataset.state = "waiting";
  m.node.setAttribute("aria-busy", "true");
  m.body.append(el("p", { class: "waiting" }, "Searching the documents…"));
  messagesEl.append(userNode, m.node);
  scrollToBottom();
  status("Searching the documents…");
  try {
    if (!current) {
      const collection = hooks.collection();
      current = await sendJson("POST", "api/conversations", collection ? { collection } : {}, {
        signal: controller.signal,
      });
      renderHeader();
      hooks.conversationShown(current.id);
    }
    const turn = await streamTurn(current.id, { question, ...hooks.settings() }, m, userNode, controller.signal);
    renderAnswer(m, turn);
    noteRewrite(userNode, turn);
    status(`Answer ready. ${summary(turn.answer || {})}`);
    if (current && turn.turn === 1) current.title = titleFrom(question);
    renderHeader();
    hooks.conversationsChanged();
  } catch (err) {
    const stopped = err && err.name === "AbortError";
    m.node.dataset.state = stopped ? "stopped" : "error";
    m.node.removeAttribute("aria-busy");
    cancelAnimationFrame(m.frame);
    const note = stopped ? "Stopped." : `No answer: ${err.message}`;
    if (m.buffer) renderDraft(m, false);
    else m.body.replaceChildren();
    m.body.append(el("p", { class: stopped ? "muted" : "message-error" }, note));
    if (conversationToken === loading) status(stopped ? "Stopped." : "");
    if (!stopped && conversationToken === loading) showError(err.message);
  } finally {
    if (answering === controller) answering = null;
    setBusy(false);
  }
}

/**
 * Asks over the streaming endpoint and renders its events; answers the stored turn. A server
 * without the streaming endpoint (404/405) is asked without streaming.
 */
async function streamTurn(id, body, m, userNode, signal) {
  const path = `api/conversations/${encodeURIComponent(id)}/messages`;
  const res = await request(`${path}/stream`, {
    method: "POST",
    json: body,
    accept: "text/event-stream",
    signal,
    allow: [404, 405],
  });
  if (res.status === 404 || res.status === 405) {
    status("Writing the answer…");
    return asTurn(await sendJson("POST", path, body, { signal }));
  }
  if (!(res.headers.get("Content-Type") || "").includes("text/event-stream")) return asTurn(await res.json());
  m.node.dataset.streamed = "true";
  let turn = null;
  for await (const { event, data } of readEvents(res)) {
    let payload;
    try {
      payload = JSON.parse(data);
    } catch {
      payload = { text: data };
    }
    switch (event) {
      case "question":
        noteRewrite(userNode, payload);
        break;
      case "sources": {
        const sources = Array.isArray(payload) ? payload : [];
        const docs = new Set(sources.map((s) => s.documentId)).size;
        m.sourcesSeen = sources.length;
        const found = sources.length
          ? `Found ${plural(sources.length, "passage")} in ${plural(docs, "document")}. Writing the answer…`
          : "No passage matched. Writing the answer…";
        status(found);
        setWaiting(m, found);
        break;
      }
      case "token":
        addToken(m, String(payload.text ?? ""));
        break;
      case "revising": {
        const note = `Some sentences were not supported by the sources: rewriting (round ${payload.round ?? 1})…`;
        status(note);
        m.buffer = "";
        setWaiting(m, note);
        break;
      }
      case "answer":
        turn = asTurn(payload);
        break;
      case "error":
        throw new ApiError(String(payload.detail || "The answer failed."), 500);
      default:
        break;
    }
  }
  if (!turn) {
    throw new ApiError("The answer stream ended before the answer arrived. Reload the conversation to see whether it was kept.", 0);
  }
  return turn;
}

/** The turn, also from a bare answer (as /api/answer returns it). */
function asTurn(payload) {
  if (payload && payload.answer && typeof payload.answer === "object") return payload;
  return { answer: payload || {} };
}

function titleFrom(question) {
  const text = question.replace(/\s+/g, " ").trim();
  return text.length <= 80 ? text : `${text.slice(0, 80)}…`;
}

function setWaiting(m, text) {
  if (m.buffer) return;
  m.node.dataset.state = "waiting";
  m.body.replaceChildren(el("p", { class: "waiting" }, text));
}

function addToken(m, text) {
  m.buffer += text;
  m.tokens++;
  m.node.dataset.tokens = String(m.tokens);
  m.node.dataset.state = "streaming";
  if (!m.frame) {
    m.frame = requestAnimationFrame(() => {
      m.frame = 0;
      renderDraft(m, true);
    });
  }
}

/** The answer as written so far: Markdown, its markers plain text (they are renumbered once verified). */
function renderDraft(m, caret) {
  const stick = nearBottom();
  m.body.replaceChildren(renderMarkdown(m.buffer, {
    cite: (n) => el("span", { class: "cite draft", title: "Source numbers are final once the answer is verified" }, `[${n}]`),
  }));
  if (caret) {
    const last = m.body.lastElementChild || m.body;
    last.append(el("span", { class: "caret", "aria-hidden": "true" }));
  }
  if (stick) scrollToBottom();
}

function userMessage(turn) {
  const node = el("article", { class: "message user", "aria-label": "Question" },
    el("p", { class: "question" }, String(turn.question ?? "")),
    el("p", { class: "rewrite", hidden: true }));
  noteRewrite(node, turn);
  return node;
}

/** Shows what was searched when the question was rewritten from the conversation. */
function noteRewrite(node, turn) {
  const note = node.querySelector(".rewrite");
  const asked = String(turn.question ?? node.querySelector(".question").textContent).trim();
  const standalone = String(turn.standaloneQuestion ?? "").trim();
  if (!note || !standalone || standalone === asked || turn.rewrittenBy === "unchanged") return;
  note.textContent = `Searched for: “${standalone}”`;
  note.title = turn.rewrittenBy === "model"
    ? "Rewritten by the language model from the conversation"
    : "Completed with the words of the previous question";
  note.hidden = false;
}

function assistantMessage() {
  const id = `msg-${++messageIds}`;
  const body = el("div", { class: "answer-body", id: `${id}-body` });
  const meta = el("p", { class: "answer-meta" });
  const evidence = el("section", { class: "evidence", id: `${id}-evidence`, hidden: true, "aria-label": "Evidence" });
  const sources = el("div", { class: "answer-sources" });
  const node = el("article", { class: "message assistant", id, "aria-label": "Answer", "data-tokens": "0" },
    body, meta, evidence, sources);
  return { id, node, body, meta, evidence, sources, buffer: "", tokens: 0, frame: 0, shown: -1 };
}

/** Replaces the streamed draft with the verified answer. */
function renderAnswer(m, turn) {
  cancelAnimationFrame(m.frame);
  m.frame = 0;
  const a = turn.answer || {};
  m.answer = a;
  m.node.dataset.state = "verified";
  m.node.removeAttribute("aria-busy");
  const citations = new Map((Array.isArray(a.citations) ? a.citations : []).map((c) => [Number(c.number), c]));
  m.citations = citations;
  const text = String(a.answer ?? "");
  const sentences = Array.isArray(a.sentences) ? a.sentences : [];
  const cite = (n) => (citations.has(n) ? citeButton(citations.get(n)) : null);
  m.body.replaceChildren();
  m.body.classList.toggle("muted", a.grounded === false);

  if (sentences.length && fitsText(sentences, text)) {
    m.body.append(renderMarkdown(text, {
      ranges: sentences,
      wrap: (s, i, part) => el("span", { class: `sentence support-${support(s).cls}`, "data-sentence": i }, part),
      cite,
    }));
    sentences.forEach((s, i) => placeVerdict(m, s, i));
  } else if (sentences.length) {
    // Offsets that do not fit the text: show the sentences one after another.
    const p = el("p");
    sentences.forEach((s, i) => {
      if (i > 0) p.append(" ");
      p.append(el("span", { class: `sentence support-${support(s).cls}`, "data-sentence": i }, String(s.text ?? "")));
      for (const c of Array.isArray(s.citations) ? s.citations : []) {
        const button = cite(Number(c.citation));
        if (button) p.append("\u00a0", button);
      }
      p.append("\u00a0", verdict(m, s, i));
    });
    m.body.append(p);
  } else {
    m.body.append(renderMarkdown(text || NO_ANSWER, { cite }));
  }

  m.meta.replaceChildren(...metaParts(a));
  m.evidence.hidden = true;
  m.evidence.replaceChildren();
  m.shown = -1;
  m.sources.replaceChildren();
  if (citations.size) {
    const list = el("ol", { class: "source-list" }, ...[...citations.values()].map((c) => el("li", {},
      el("button", {
        type: "button",
        class: "source-link",
        "data-citation": c.number,
        onclick: () => openCitation(c),
      }, el("span", { class: "source-number" }, `[${c.number}]`), " ", c.title || c.source || "Untitled document"),
      el("q", { class: "source-quote" }, clip(String(c.text ?? ""), 220)))));
    m.sources.append(el("h4", { class: "sources-heading" }, "Sources"), list);
  }
}

function fitsText(sentences, text) {
  let previous = 0;
  for (const s of sentences) {
    if (!(Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= previous && s.end > s.start
      && s.end <= text.length)) return false;
    previous = s.end;
  }
  return true;
}

function support(s) {
  return SUPPORT[s.support] || SUPPORT.UNSUPPORTED;
}

/** Puts the sentence's verdict mark after its text and the citation markers that follow it. */
function placeVerdict(m, s, i) {
  const parts = m.body.querySelectorAll(`[data-sentence="${i}"]`);
  if (!parts.length) return;
  let anchor = parts[parts.length - 1];
  while (!anchor.nextSibling && anchor.parentElement !== m.body
    && ["STRONG", "EM", "CODE"].includes(anchor.parentElement.tagName)) {
    anchor = anchor.parentElement;
  }
  for (let next = anchor.nextSibling; next;) {
    const isCite = next.nodeType === Node.ELEMENT_NODE && next.classList.contains("cite");
    const blankBeforeCite = next.nodeType === Node.TEXT_NODE && next.textContent.trim() === ""
      && next.nextSibling && next.nextSibling.nodeType === Node.ELEMENT_NODE
      && next.nextSibling.classList.contains("cite");
    if (!isCite && !blankBeforeCite) break;
    anchor = next;
    next = anchor.nextSibling;
  }
  anchor.after("\u2009", verdict(m, s, i));
}

function verdict(m, s, i) {
  const kind = support(s);
  const tipId = `${m.id}-tip-${i}`;
  const score = Number(s.score);
  const evidence = s.evidence && typeof s.evidence.text === "string" ? s.evidence.text : "";
  const button = el("button", {
    type: "button",
    class: `verdict verdict-${kind.cls}`,
    "aria-expanded": "false",
    "aria-controls": m.evidence.id,
    "aria-describedby": tipId,
    "data-sentence": i,
    "data-support": s.support,
  }, el("span", { class: "verdict-icon", "aria-hidden": "true" }, kind.icon),
  el("span", { class: "visually-hidden" }, `${kind.label}: show the evidence for sentence ${i + 1}`));
  const tip = el("span", { class: "verdict-tip", role: "tooltip", id: tipId },
    el("strong", {}, kind.label),
    Number.isFinite(score) ? ` (score ${score.toFixed(2)})` : "",
    el("span", { class: "tip-evidence" }, evidence ? `“${clip(evidence, 200)}”` : "No passage of the sources supports it."));
  const wrap = el("span", { class: "verdict-wrap" }, button, tip);
  button.addEventListener("click", () => toggleEvidence(m, s, i, button));
  // Escape hides the hover/focus tip without moving focus (WCAG 1.4.13).
  button.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !wrap.classList.contains("tip-dismissed")) {
      wrap.classList.add("tip-dismissed");
      e.stopPropagation();
    }
  });
  const reset = () => wrap.classList.remove("tip-dismissed");
  button.addEventListener("blur", reset);
  wrap.addEventListener("mouseleave", reset);
  return wrap;
}

function toggleEvidence(m, s, i, button) {
  for (const other of m.body.querySelectorAll(".verdict[aria-expanded=true]")) other.setAttribute("aria-expanded", "false");
  if (m.shown === i) {
    m.shown = -1;
    m.evidence.hidden = true;
    return;
  }
  m.shown = i;
  button.setAttribute("aria-expanded", "true");
  const kind = support(s);
  const score = Number(s.score);
  const parts = [
    el("div", { class: "evidence-head" },
      el("h4", {}, el("span", { class: `verdict-icon verdict-${kind.cls}`, "aria-hidden": "true" }, kind.icon),
        ` Sentence ${i + 1}: ${kind.label}`, Number.isFinite(score) ? ` (score ${score.toFixed(2)})` : ""),
      el("button", {
        type: "button",
        class: "icon-button",
        "aria-label": "Close the evidence",
        onclick: () => {
          toggleEvidence(m, s, i, button);
          button.focus();
        },
      }, "×")),
    el("blockquote", { class: "claim" }, String(s.text ?? "")),
  ];
  const ev = s.evidence;
  if (ev && typeof ev.text === "string") {
    const doc = [...(m.citations || new Map()).values()].find((c) => c.documentId === ev.documentId);
    parts.push(el("p", { class: "evidence-label" }, doc ? `Best evidence, from “${doc.title || doc.source}”:` : "Best evidence:"),
      el("blockquote", { class: "evidence-text" }, ev.text),
      el("button", {
        type: "button",
        class: "secondary",
        onclick: () => openSpan({
          documentId: ev.documentId,
          start: ev.start,
          end: ev.end,
          label: `Evidence for sentence ${i + 1}`,
          title: doc ? doc.title : null,
        }),
      }, "Show in the document"));
  } else {
    parts.push(el("p", {}, "No passage of the sources supports this sentence."));
  }
  const signals = signalList(s.signals);
  if (signals) parts.push(signals);
  const cited = Array.isArray(s.citations) ? s.citations : [];
  if (cited.length) {
    parts.push(el("p", { class: "citation-checks" }, "Against each cited passage: ",
      ...cited.flatMap((c, n) => [n ? ", " : "", `[${c.citation}] ${support(c).label.toLowerCase()}`,
        Number.isFinite(Number(c.score)) ? ` (${Number(c.score).toFixed(2)})` : ""])));
  }
  if (s.citationCheck && s.citationCheck !== "KEPT" && s.citationCheck !== "NONE") {
    parts.push(el("p", { class: "muted" }, {
      CORRECTED: "The verifier corrected this sentence's citation.",
      ADDED: "The verifier added this sentence's citation.",
      REMOVED: "The verifier removed this sentence's citations: nothing supports it.",
    }[s.citationCheck] || ""));
  }
  m.evidence.replaceChildren(...parts);
  m.evidence.setAttribute("aria-label", `Evidence for sentence ${i + 1}`);
  m.evidence.hidden = false;
}

function signalList(signals) {
  if (!signals || typeof signals !== "object") return null;
  const items = [];
  const pct = (x) => `${Math.round(Number(x) * 100)}%`;
  if (Number.isFinite(Number(signals.similarity))) items.push(`Meaning similarity ${pct(signals.similarity)}`);
  if (Number.isFinite(Number(signals.coverage))) items.push(`Content words found ${pct(signals.coverage)}`);
  if (signals.numbersAgree === false) items.push("Numbers differ from the source");
  if (signals.negationAgrees === false) items.push("Negation differs from the source");
  if (signals.antonym === true) items.push("Opposite wording found");
  if (signals.unknownName === true) items.push("Names a thing the source does not");
  if (signals.modelSupport != null && Number.isFinite(Number(signals.modelSupport))) {
    items.push(`Language model's judgement ${pct(signals.modelSupport)} yes`);
  }
  return items.length ? el("ul", { class: "signals" }, ...items.map((t) => el("li", {}, t))) : null;
}

function citeButton(c) {
  const title = c.title || c.source || "untitled document";
  return el("button", {
    type: "button",
    class: "cite",
    "aria-label": `Source ${c.number}: ${title}`,
    title: `Open source ${c.number}: ${title}`,
    "data-citation": c.number,
    "data-document-id": c.documentId,
    "data-start": c.start,
    "data-end": c.end,
    onclick: () => openCitation(c),
  }, `[${c.number}]`);
}

function metaParts(a) {
  const parts = [];
  const sentences = Array.isArray(a.sentences) ? a.sentences : [];
  if (a.grounded === false) {
    parts.push(el("span", { class: "badge badge-none" }, "No grounded answer"));
  } else if (sentences.length) {
    const supported = sentences.filter((s) => s.support === "SUPPORTED").length;
    const kind = supported === sentences.length ? SUPPORT.SUPPORTED : supported ? SUPPORT.PARTIAL : SUPPORT.UNSUPPORTED;
    parts.push(el("span", { class: `badge badge-${kind.cls}` },
      el("span", { "aria-hidden": "true" }, `${kind.icon} `),
      `${supported} of ${plural(sentences.length, "sentence")} supported`));
  }
  const policy = a.policy || {};
  const note = policyNote(policy);
  if (note) parts.push(el("span", { class: "policy-note" }, note));
  const n = Array.isArray(a.citations) ? a.citations.length : 0;
  if (n) parts.push(el("span", {}, plural(n, "source")));
  if (Number.isFinite(Number(a.tookMs))) parts.push(el("span", {}, `${Math.round(a.tookMs)} ms`));
  if (a.backend) parts.push(el("span", {}, `${a.backend} backend`));
  return parts.flatMap((p, i) => (i ? [el("span", { class: "sep", "aria-hidden": "true" }, " · "), p] : [p]));
}

function policyNote(policy) {
  switch (policy.action) {
    case "dropped":
      return `${plural(Number(policy.dropped) || 0, "unsupported sentence")} dropped`;
    case "rewritten":
      return `Rewritten after verification (${plural(Number(policy.rounds) || 0, "round")})`;
    case "refused":
      return policy.reason ? `Refused: ${policy.reason}` : "Refused: not enough of the answer was supported";
    default:
      return policy.reason ? String(policy.reason) : "";
  }
}

function summary(a) {
  const sentences = Array.isArray(a.sentences) ? a.sentences : [];
  if (a.grounded === false) return "The sources do not answer this question.";
  const supported = sentences.filter((s) => s.support === "SUPPORTED").length;
  const n = Array.isArray(a.citations) ? a.citations.length : 0;
  return `${supported} of ${plural(sentences.length, "sentence")} supported, ${plural(n, "source")}.`;
}

function clip(text, max) {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}
