// The source panel: a document's stored text with a span [start, end) marked (a citation, or the
// evidence for a sentence), or a whole document from the document browser.

import { getJson } from "./api.js";
import { $, el, openDialog, plural } from "./dom.js";

/** Characters of context shown on each side of a marked span in a long document. */
const CONTEXT = 1500;
/** Documents up to this length are shown whole. */
const WHOLE = 12000;

const dialog = $("source-dialog");
const titleEl = $("source-title");
const metaEl = $("source-meta");
const noteEl = $("source-note");
const textEl = $("source-text");
const moreEl = $("source-more");

const documents = new Map();

/** GET /api/documents/{id}, remembered for the page's lifetime (a document's text never changes under its id). */
export function loadDocument(id) {
  if (!documents.has(id)) {
    const pending = getJson(`api/documents/${encodeURIComponent(id)}`);
    pending.catch(() => documents.delete(id));
    documents.set(id, pending);
  }
  return documents.get(id);
}

export function forgetDocument(id) {
  documents.delete(id);
}

/**
 * Opens a citation: its span marked in the document's text. Falls back to the retrieved passage
 * the answer carried when the document cannot be read (e.g. it was deleted since).
 */
export async function openCitation(citation) {
  const label = `Source [${citation.number}]`;
  await openSpan({
    documentId: citation.documentId,
    start: citation.start,
    end: citation.end,
    label,
    title: citation.title,
    fallback: { text: citation.passageText, start: citation.passageStart, source: citation.source },
  });
}

/** Opens a document with the span [start, end) marked (omit start/end for the whole document). */
export async function openSpan({ documentId, start, end, label, title, fallback }) {
  titleEl.textContent = title || "Loading…";
  metaEl.replaceChildren();
  noteEl.textContent = label ? `${label}: loading the document…` : "Loading the document…";
  textEl.replaceChildren();
  textEl.setAttribute("aria-busy", "true");
  moreEl.hidden = true;
  openDialog(dialog, textEl);
  try {
    const doc = await loadDocument(documentId);
    show(doc, start, end, label);
  } catch (err) {
    if (fallback && typeof fallback.text === "string") {
      showText({ title, source: fallback.source }, fallback.text, fallback.start, start, end, label,
        `The document could not be read (${err.message}); showing the passage the answer was built from.`);
    } else {
      noteEl.textContent = `The document could not be read: ${err.message}`;
    }
  } finally {
    textEl.removeAttribute("aria-busy");
  }
}

function show(doc, start, end, label) {
  const text = typeof doc.text === "string" ? doc.text : "";
  const marked = Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start && end <= text.length;
  if (!marked || text.length <= WHOLE) {
    showText(doc, text, 0, marked ? start : null, marked ? end : null, label);
    return;
  }
  let from = Math.max(0, start - CONTEXT);
  let to = Math.min(text.length, end + CONTEXT);
  // Start and stop at a word boundary rather than inside a word.
  if (from > 0) from = nextSpace(text, from, start);
  if (to < text.length) to = previousSpace(text, to, end);
  showText(doc, text.slice(from, to), from, start, end, label, null, { before: from > 0, after: to < text.length });
  moreEl.hidden = false;
  moreEl.onclick = () => {
    showText(doc, text, 0, start, end, label);
    moreEl.hidden = true;
  };
}

/**
 * Shows `text`, which starts at document offset `offset`, with [start, end) (document offsets)
 * marked and scrolled into view.
 */
function showText(doc, text, offset, start, end, label, note = null, cut = {}) {
  titleEl.textContent = doc.title || doc.source || "Untitled document";
  const meta = [];
  if (doc.source) meta.push(el("span", { class: "mono" }, doc.source));
  if (doc.collection) meta.push(el("span", {}, `collection ${doc.collection}`));
  if (doc.mediaType) meta.push(el("span", {}, doc.mediaType));
  if (start != null) meta.push(el("span", {}, `characters ${start}–${end}`));
  else if (typeof doc.text === "string") meta.push(el("span", {}, plural(doc.text.length, "character")));
  metaEl.replaceChildren(...meta);

  const from = start == null ? -1 : start - offset;
  const to = end == null ? -1 : end - offset;
  const nodes = [];
  if (cut.before) nodes.push(el("span", { class: "elided" }, "… ", el("span", { class: "visually-hidden" }, "(earlier text omitted) ")));
  let mark = null;
  if (from >= 0 && to > from && to <= text.length) {
    mark = el("mark", { id: "source-mark" }, text.slice(from, to));
    nodes.push(text.slice(0, from), mark, text.slice(to));
  } else {
    nodes.push(text);
  }
  if (cut.after) nodes.push(el("span", { class: "elided" }, " …", el("span", { class: "visually-hidden" }, " (later text omitted)")));
  textEl.replaceChildren(...nodes);
  noteEl.textContent = note || (mark
    ? `${label ? `${label}: the` : "The"} cited characters are highlighted.`
    : "");
  if (mark) {
    // "auto": the panel has just opened; a smooth scroll would animate from the top.
    requestAnimationFrame(() => mark.scrollIntoView({ block: "center", behavior: "auto" }));
  } else {
    textEl.scrollTop = 0;
  }
}

function nextSpace(text, at, limit) {
  const i = text.slice(at, limit).search(/\s/);
  return i < 0 ? at : at + i + 1;
}

function previousSpace(text, at, limit) {
  const i = text.slice(limit, at).search(/\s\S*$/);
  return i < 0 ? at : limit + i;
}
