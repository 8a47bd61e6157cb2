// The documents view: upload files as an ingest job with its live progress, and browse, open and
// delete the documents of a collection.

import { getJson, remove, request } from "./api.js";
import { $, confirmDialog, el, formatDate, formatSeconds, plural } from "./dom.js";
import { forgetDocument, openSpan } from "./sources.js";

const PAGE = 20;
const COLLECTION = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const uploadForm = $("upload-form");
const fileInput = $("upload-files");
const collectionInput = $("upload-collection");
const tagsInput = $("upload-tags");
const uploadBtn = $("upload-submit");
const uploadError = $("upload-error");
const jobsEl = $("upload-jobs");
const browseSelect = $("browse-collection");
const tableBody = $("documents-rows");
const table = $("documents-table");
const caption = $("documents-caption");
const listStatus = $("documents-status");
const prevBtn = $("documents-prev");
const nextBtn = $("documents-next");
const pageEl = $("documents-page");

let hooks = null;
let page = 0;
let loadToken = 0;
/** Said before the list's status the next time the list is shown (e.g. what was just deleted). */
let notice = "";

/**
 * @param {object} h
 * @param {() => string} h.collection the collection picked in the sidebar ("" for all)
 * @param {() => void} h.changed documents were added or removed (collections and status change)
 */
export function initDocuments(h) {
  hooks = h;
  uploadForm.addEventListener("submit", (e) => {
    e.preventDefault();
    upload();
  });
  browseSelect.addEventListener("change", () => {
    page = 0;
    loadPage();
  });
  prevBtn.addEventListener("click", () => {
    if (page > 0) {
      page--;
      loadPage();
    }
  });
  nextBtn.addEventListener("click", () => {
    page++;
    loadPage();
  });
}

/** The collections changed: refresh the choices (keeping the current ones when they still exist). */
export function setCollections(collections) {
  const names = collections.map((c) => c.name);
  const chosen = browseSelect.value;
  browseSelect.replaceChildren(...collections.map((c) => el("option", { value: c.name },
    `${c.name} (${plural(Number(c.documents) || 0, "document")})`)));
  if (names.includes(chosen)) browseSelect.value = chosen;
  else if (names.includes(hooks.collection())) browseSelect.value = hooks.collection();
  $("collection-names").replaceChildren(...names.map((n) => el("option", { value: n })));
  if (!collectionInput.value) collectionInput.value = hooks.collection() || names[0] || "default";
  if (!$("documents-view").hidden) loadPage();
}

/** The view is shown: list the picked collection's documents. */
export function showDocuments() {
  const picked = hooks.collection();
  if (picked && [...browseSelect.options].some((o) => o.value === picked) && browseSelect.value !== picked) {
    browseSelect.value = picked;
    page = 0;
  }
  if (picked) collectionInput.value = picked;
  loadPage();
}

async function upload() {
  uploadError.hidden = true;
  const files = [...fileInput.files];
  if (!files.length) {
    showUploadError("Choose at least one file to upload.");
    fileInput.focus();
    return;
  }
  const collection = collectionInput.value.trim() || "default";
  if (!COLLECTION.test(collection) || collection.length > 200) {
    showUploadError("The collection name must start with a letter or digit and contain only letters, digits, '.', '_' or '-'.");
    collectionInput.focus();
    return;
  }
  const form = new FormData();
  for (const file of files) form.append("files", file, file.name);
  form.append("collection", collection);
  for (const tag of tagsInput.value.split(",").map((t) => t.trim()).filter(Boolean)) form.append("tags", tag);
  uploadBtn.disabled = true;
  uploadForm.setAttribute("aria-busy", "true");
  try {
    const res = await request("api/jobs", { method: "POST", body: form });
    const job = await res.json();
    fileInput.value = "";
    track(job, files.length);
  } catch (err) {
    showUploadError(`The upload failed: ${err.message}`);
  } finally {
    uploadBtn.disabled = false;
    uploadForm.removeAttribute("aria-busy");
  }
}

function showUploadError(message) {
  uploadError.textContent = message;
  uploadError.hidden = false;
}

/** Shows a job's progress from its event stream until it ends. */
function track(job, fileCount) {
  const progress = el("progress", { max: Math.max(1, job.files || fileCount), value: 0, "aria-label": `Job ${job.id} progress` });
  const line = el("p", { class: "job-line" });
  const current = el("p", { class: "job-current" });
  const announce = el("p", { class: "visually-hidden", role: "status" });
  const failures = el("ul", { class: "job-failures", "aria-label": "Files that failed" });
  const state = el("span", { class: "job-state" });
  const cancel = el("button", { type: "button", class: "secondary small" }, "Cancel");
  const card = el("li", { class: "job", "data-job-id": job.id, "data-status": job.status },
    el("div", { class: "job-head" },
      el("strong", {}, `${plural(job.files || fileCount, "file")} → “${job.collection}”`), state, cancel),
    progress, line, current, failures, announce);
  jobsEl.prepend(card);
  const failed = new Set();
  let ended = false;
  announce.textContent = `Upload started: ${plural(job.files || fileCount, "file")}.`;

  const update = (summary) => {
    const finished = (summary.done || 0) + (summary.skipped || 0) + (summary.failed || 0) + (summary.cancelled || 0);
    progress.max = Math.max(1, summary.files || 0);
    progress.value = Math.min(progress.max, finished);
    card.dataset.status = summary.status;
    const running = summary.status === "running";
    state.textContent = running ? "Running" : summary.status === "cancelled" ? "Cancelled"
      : summary.failed ? "Finished with failures" : "Finished";
    state.className = `job-state job-${running ? "running" : summary.status === "cancelled" ? "cancelled" : summary.failed ? "failed" : "done"}`;
    const parts = [`${summary.done || 0} of ${plural(summary.files || 0, "file")} done`];
    if (summary.skipped) parts.push(`${summary.skipped} unchanged or unsupported, skipped`);
    parts.push(`${summary.failed || 0} failed`);
    if (summary.cancelled) parts.push(`${summary.cancelled} cancelled`);
    parts.push(plural(Number(summary.chunks) || 0, "chunk"));
    if (running && summary.etaSeconds != null && Number.isFinite(Number(summary.etaSeconds))) {
      parts.push(`about ${formatSeconds(summary.etaSeconds)} left`);
    }
    if (!running && Number.isFinite(Number(summary.elapsedSeconds))) parts.push(`took ${formatSeconds(summary.elapsedSeconds)}`);
    line.textContent = parts.join(" · ");
    current.textContent = running && summary.current ? `Reading ${summary.current}` : "";
    cancel.hidden = !running;
  };

  const addFailure = (item) => {
    if (failed.has(item.id)) return;
    failed.add(item.id);
    failures.append(el("li", {}, el("span", { class: "mono" }, item.source || "a file"), `: ${item.message || "failed"}`));
  };

  const finish = (summary) => {
    if (ended) return;
    ended = true;
    update(summary);
    announce.textContent = `Upload ${summary.status === "cancelled" ? "cancelled" : "finished"}: ${line.textContent}.`;
    hooks.changed(); // the collections are read again, and with them the list below
  };

  cancel.addEventListener("click", async () => {
    cancel.disabled = true;
    try {
      update(await (await request(`api/jobs/${job.id}/cancel`, { method: "POST" })).json());
    } catch (err) {
      line.textContent = `Could not cancel: ${err.message}`;
    } finally {
      cancel.disabled = false;
    }
  });

  update(job);
  const events = new EventSource(`api/jobs/${encodeURIComponent(job.id)}/events`);
  events.addEventListener("progress", (e) => update(JSON.parse(e.data)));
  events.addEventListener("failed", (e) => addFailure(JSON.parse(e.data)));
  events.addEventListener("end", (e) => {
    events.close();
    finish(JSON.parse(e.data));
  });
  events.addEventListener("error", () => {
    // The browser reconnects by itself after a dropped connection; a closed stream (an HTTP
    // error, e.g. after signing out) is followed by reading the job until it ends.
    if (events.readyState === EventSource.CLOSED && !ended) poll();
  });

  async function poll() {
    while (!ended) {
      try {
        const detail = await getJson(`api/jobs/${encodeURIComponent(job.id)}?status=failed&limit=1000`);
        for (const item of detail.items || []) addFailure(item);
        if (detail.job.status !== "running") finish(detail.job);
        else update(detail.job);
      } catch (err) {
        line.textContent = `Progress unavailable: ${err.message}`;
      }
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

async function loadPage() {
  const token = ++loadToken;
  const name = browseSelect.value;
  if (!name) {
    tableBody.replaceChildren();
    table.hidden = true;
    listStatus.textContent = "No collections yet: upload documents above.";
    prevBtn.disabled = nextBtn.disabled = true;
    pageEl.textContent = "";
    return;
  }
  table.setAttribute("aria-busy", "true");
  try {
    const docs = await getJson(`api/collections/${encodeURIComponent(name)}/documents?offset=${page * PAGE}&limit=${PAGE + 1}`);
    if (token !== loadToken) return;
    if (!docs.length && page > 0) {
      page--;
      loadPage();
      return;
    }
    const shown = docs.slice(0, PAGE);
    tableBody.replaceChildren(...shown.map(row));
    table.hidden = shown.length === 0;
    const first = page * PAGE + 1;
    caption.textContent = `Documents in “${name}”, page ${page + 1}`;
    listStatus.textContent = (notice ? `${notice} ` : "") + (shown.length
      ? `Showing documents ${first}–${first + shown.length - 1} of “${name}”.`
      : `The collection “${name}” has no documents.`);
    notice = "";
    pageEl.textContent = `Page ${page + 1}`;
    prevBtn.disabled = page === 0;
    nextBtn.disabled = docs.length <= PAGE;
  } catch (err) {
    if (token !== loadToken) return;
    listStatus.textContent = `The documents could not be listed: ${err.message}`;
  } finally {
    if (token === loadToken) table.removeAttribute("aria-busy");
  }
}

function row(d) {
  const title = d.title || d.source || `Document ${d.id}`;
  return el("tr", { "data-document-id": d.id },
    el("td", {},
      el("button", {
        type: "button",
        class: "link",
        onclick: () => openSpan({ documentId: d.id, title }),
      }, title),
      el("div", { class: "mono small muted" }, d.source || "")),
    el("td", {}, d.mediaType || ""),
    el("td", { class: "num" }, String(d.chunks ?? "")),
    el("td", {}, formatDate(d.updatedAt)),
    el("td", {},
      el("button", {
        type: "button",
        class: "secondary small danger",
        "aria-label": `Delete “${title}”`,
        onclick: () => deleteDocument(d, title),
      }, "Delete")));
}

async function deleteDocument(d, title) {
  const ok = await confirmDialog({
    title: "Delete this document?",
    message: `“${title}” will be deleted and its passages removed from the index. Answers will no longer cite it.`,
  });
  if (!ok) return;
  try {
    await remove(`api/documents/${encodeURIComponent(d.id)}`);
    forgetDocument(d.id);
    notice = `Deleted “${title}”.`;
    listStatus.textContent = notice;
    browseSelect.focus();
    hooks.changed(); // reads the collections again, and with them this list
  } catch (err) {
    listStatus.textContent = `“${title}” could not be deleted: ${err.message}`;
  }
}
