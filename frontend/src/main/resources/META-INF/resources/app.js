// Groundwork web chat (plain ES modules, no build step): the page's frame — sign-in, the sidebar
// with the collection picker and the conversations, the views (chat, documents), the answer
// settings and the index status.
// Security: server data is only ever inserted as text (textContent / text nodes), never parsed
// as HTML; see dom.js and markdown.js.

import { getJson, loadSession, onSignInNeeded, session, signIn, signOut } from "./api.js";
import { $, el, formatDate, openDialog, plural } from "./dom.js";
import {
  collectionChanged,
  currentConversationId,
  deleteConversation,
  initChat,
  newConversation,
  showConversation,
} from "./chat.js";
import { initDocuments, setCollections, showDocuments } from "./documents.js";

const SETTINGS_KEY = "groundwork.settings";
const COLLECTION_KEY = "groundwork.collection";
const POLICIES = ["annotate", "drop", "rewrite", "refuse"];
const CONVERSATION_PAGE = 50;
const narrow = window.matchMedia("(max-width: 50rem)");

const app = $("app");
const picker = $("collection-picker");
const conversationList = $("conversation-list");
const conversationsStatus = $("conversations-status");
const moreConversations = $("more-conversations");
const menuToggle = $("menu-toggle");
const sidebar = $("sidebar");
const backdrop = $("backdrop");

let conversationsShown = CONVERSATION_PAGE;

// ---- Settings (localStorage) -------------------------------------------------------------

function storage(key, value) {
  try {
    if (value === undefined) return localStorage.getItem(key);
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch { /* storage disabled: settings last for the page only */ }
  return null;
}

let settings = readSettings();

function readSettings() {
  try {
    const s = JSON.parse(storage(SETTINGS_KEY) || "{}") || {};
    const k = Number(s.k);
    return {
      policy: POLICIES.includes(s.policy) ? s.policy : "",
      k: Number.isInteger(k) && k >= 1 && k <= 50 ? k : null,
    };
  } catch {
    return { policy: "", k: null };
  }
}

/** What each question sends besides the question: only what the user chose. */
function questionSettings() {
  const body = {};
  if (settings.policy) body.policy = settings.policy;
  if (settings.k) body.k = settings.k;
  return body;
}

function openSettings() {
  const form = $("settings-form");
  for (const radio of form.elements.policy) radio.checked = radio.value === settings.policy;
  $("settings-k").value = settings.k ?? "";
  $("settings-error").hidden = true;
  const dialog = $("settings-dialog");
  dialog.returnValue = "";
  openDialog(dialog, form.querySelector("input[name=policy]:checked"));
}

$("settings-dialog").addEventListener("close", () => {
  const dialog = $("settings-dialog");
  if (dialog.returnValue !== "save") return;
  const form = $("settings-form");
  const policy = form.elements.policy.value;
  const k = $("settings-k").value.trim();
  settings = { policy: POLICIES.includes(policy) ? policy : "", k: k ? Number(k) : null };
  storage(SETTINGS_KEY, JSON.stringify(settings));
  $("chat-status").textContent = `Settings saved: ${settings.policy || "the server's"} policy, `
    + `${settings.k ? `${settings.k} passages` : "the server's number of passages"}.`;
});

// ---- Sign-in -------------------------------------------------------------------------------

/** Shows the sign-in screen; resolves once signed in. */
function showSignIn() {
  const dialog = $("signin-dialog");
  const form = $("signin-form");
  const error = $("signin-error");
  return new Promise((resolve) => {
    const onSubmit = async (e) => {
      e.preventDefault();
      const mode = form.elements["signin-mode"].value;
      const credentials = mode === "key"
        ? { apiKey: $("signin-key").value.trim() }
        : { username: $("signin-username").value.trim(), password: $("signin-password").value };
      if (mode === "key" ? !credentials.apiKey : !credentials.username || !credentials.password) {
        error.textContent = mode === "key" ? "Enter an API key." : "Enter your user name and password.";
        error.hidden = false;
        (mode === "key" ? $("signin-key") : credentials.username ? $("signin-password") : $("signin-username")).focus();
        return;
      }
      const submit = $("signin-submit");
      submit.disabled = true;
      error.hidden = true;
      try {
        await signIn(credentials);
        form.removeEventListener("submit", onSubmit);
        $("signin-password").value = "";
        $("signin-key").value = "";
        dialog.close();
        renderUser();
        resolve();
      } catch (err) {
        error.textContent = err.message;
        error.hidden = false;
        (mode === "key" ? $("signin-key") : $("signin-password")).focus();
      } finally {
        submit.disabled = false;
      }
    };
    form.addEventListener("submit", onSubmit);
    error.hidden = true;
    openDialog(dialog, form.elements["signin-mode"].value === "key" ? $("signin-key") : $("signin-username"));
  });
}

$("signin-dialog").addEventListener("cancel", (e) => e.preventDefault()); // nothing works signed out
for (const radio of document.querySelectorAll("input[name=signin-mode]")) {
  radio.addEventListener("change", () => {
    const key = radio.value === "key" && radio.checked;
    if (!radio.checked) return;
    $("signin-password-fields").hidden = key;
    $("signin-key-fields").hidden = !key;
  });
}

function renderUser() {
  const signedIn = session.required && session.name;
  $("user-name").hidden = !signedIn;
  $("user-name").textContent = signedIn ? `${session.name}${session.role ? ` (${session.role})` : ""}` : "";
  $("sign-out").hidden = !session.required;
}

$("sign-out").addEventListener("click", async () => {
  await signOut();
  location.reload();
});

// ---- Sidebar, views and routing ---------------------------------------------------------

function setSidebar(open, { focus = true } = {}) {
  app.classList.toggle("sidebar-open", open);
  menuToggle.setAttribute("aria-expanded", String(open));
  backdrop.hidden = !open;
  if (!focus) return;
  if (open) (sidebar.querySelector("[aria-current=page]") || $("new-conversation")).focus();
  else menuToggle.focus();
}

menuToggle.addEventListener("click", () => setSidebar(!app.classList.contains("sidebar-open")));
backdrop.addEventListener("click", () => setSidebar(false));
sidebar.addEventListener("keydown", (e) => {
  if (e.key === "Escape" && narrow.matches && app.classList.contains("sidebar-open")) setSidebar(false);
});
narrow.addEventListener("change", () => setSidebar(false, { focus: false }));

/** Moves focus to a view's heading after the user navigated there (not on page load). */
let userNavigated = false;

function showView(name) {
  const documents = name === "documents";
  $("chat-view").hidden = documents;
  $("documents-view").hidden = !documents;
  const link = $("documents-link");
  if (documents) link.setAttribute("aria-current", "page");
  else link.removeAttribute("aria-current");
  if (narrow.matches && app.classList.contains("sidebar-open")) setSidebar(false, { focus: false });
}

function route() {
  const hash = location.hash;
  const conversation = /^#\/c\/(\d+)$/.exec(hash);
  if (hash === "#/documents") {
    showView("documents");
    showDocuments();
    if (userNavigated) $("documents-title").focus();
  } else if (conversation) {
    showView("chat");
    showConversation(Number(conversation[1]), { focus: userNavigated });
  } else {
    showView("chat");
    newConversation({ focus: userNavigated });
  }
  userNavigated = true;
}

window.addEventListener("hashchange", route);

$("new-conversation").addEventListener("click", () => {
  if (location.hash === "#/" || location.hash === "") route();
  else location.hash = "#/";
});

/** The chat shows conversation `id` (or a new one): mark it in the list and the address. */
function conversationShown(id) {
  const hash = id == null ? "#/" : `#/c/${id}`;
  if (location.hash !== hash && !$("chat-view").hidden) history.replaceState(null, "", hash);
  for (const link of conversationList.querySelectorAll("a")) {
    if (link.dataset.id === String(id)) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

async function loadConversations() {
  try {
    const list = await getJson(`api/conversations?offset=0&limit=${conversationsShown + 1}`);
    const shown = list.slice(0, conversationsShown);
    const current = currentConversationId();
    conversationList.replaceChildren(...shown.map((c) => el("li", { class: "conversation", "data-conversation-id": c.id },
      el("a", {
        href: `#/c/${c.id}`,
        "data-id": c.id,
        "aria-current": c.id === current ? "page" : null,
      }, el("span", { class: "conversation-title" }, c.title || "Untitled"),
      el("span", { class: "conversation-meta" }, `${formatDate(c.updatedAt)} · ${plural(Number(c.turns) || 0, "question")}`)),
      el("button", {
        type: "button",
        class: "icon-button conversation-delete",
        "aria-label": `Delete conversation “${c.title}”`,
        title: "Delete conversation",
        onclick: () => deleteConversation(c),
      }, el("span", { "aria-hidden": "true" }, "×")))));
    conversationsStatus.textContent = shown.length ? "" : "No conversations yet.";
    moreConversations.hidden = list.length <= conversationsShown;
  } catch (err) {
    conversationsStatus.textContent = `Conversations unavailable: ${err.message}`;
  }
}

moreConversations.addEventListener("click", () => {
  conversationsShown += CONVERSATION_PAGE;
  loadConversations();
});

// ---- Collections and index status ---------------------------------------------------------

function pickedCollection() {
  return picker.value;
}

async function loadCollections() {
  try {
    const collections = await getJson("api/collections");
    const wanted = picker.value || storage(COLLECTION_KEY) || "";
    picker.replaceChildren(el("option", { value: "" }, "All collections"),
      ...collections.map((c) => el("option", { value: c.name },
        `${c.name} (${plural(Number(c.documents) || 0, "document")})`)));
    picker.value = collections.some((c) => c.name === wanted) ? wanted : "";
    setCollections(collections);
    collectionChanged();
  } catch (err) {
    $("collection-hint").textContent = `Collections unavailable: ${err.message}`;
  }
}

picker.addEventListener("change", () => {
  storage(COLLECTION_KEY, picker.value || null);
  collectionChanged();
  if (!$("documents-view").hidden) showDocuments();
});

let statusTimer = 0;

async function loadStatus() {
  const footer = $("index-status");
  try {
    const s = await getJson("api/status");
    const docs = Number(s.documents) || 0;
    const indexed = Number(s.indexedChunks ?? s.chunks) || 0;
    const total = Number(s.chunks) || 0;
    const noun = (total || indexed) === 1 ? "chunk" : "chunks";
    const chunks = total > indexed ? `${indexed} of ${total} ${noun} indexed` : `${indexed} ${noun} indexed`;
    footer.textContent = [plural(docs, "document"), chunks, s.embeddingModel].filter(Boolean).join(" · ");
    // Chunks reach the index shortly after they are stored: look again until it has caught up.
    clearTimeout(statusTimer);
    if (total > indexed) statusTimer = setTimeout(loadStatus, 2000);
  } catch {
    footer.textContent = "Index status unavailable.";
  }
}

// ---- Start ---------------------------------------------------------------------------------

initChat({
  collection: pickedCollection,
  settings: questionSettings,
  conversationsChanged: loadConversations,
  conversationShown,
});
initDocuments({
  collection: pickedCollection,
  changed: () => {
    loadCollections();
    loadStatus();
  },
});
onSignInNeeded(showSignIn);
$("open-settings").addEventListener("click", openSettings);

async function start() {
  try {
    const s = await loadSession();
    if (s === null) await showSignIn();
  } catch (err) {
    $("chat-error").textContent = `Could not start: ${err.message}`;
    $("chat-error").hidden = false;
  }
  renderUser();
  await loadCollections();
  route();
  loadConversations();
  loadStatus();

  // A link like /?q=How+often+does+the+fog+horn+sound%3F asks its question on load.
  const linked = new URLSearchParams(location.search);
  if (linked.get("q") && !location.hash.startsWith("#/c/")) {
    if (linked.get("collection") && [...picker.options].some((o) => o.value === linked.get("collection"))) {
      picker.value = linked.get("collection");
      collectionChanged();
    }
    $("composer-input").value = linked.get("q");
    $("composer").requestSubmit();
  }
  document.body.dataset.ready = "true";
}

start();
