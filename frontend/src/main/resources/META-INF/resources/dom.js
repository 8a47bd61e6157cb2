// DOM helpers shared by the page's modules.
// Security: server data only ever becomes text nodes or attribute values, never parsed HTML.

/** Create an element; string children become text nodes (never HTML). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export const $ = (id) => document.getElementById(id);

export const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

export function scrollBehavior() {
  return reducedMotion.matches ? "auto" : "smooth";
}

/** "1 source", "2 sources". */
export function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

export function formatDate(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** A duration in seconds as "42 s", "3 min 5 s", "1 h 2 min". */
export function formatSeconds(seconds) {
  const s = Math.max(0, Math.round(Number(seconds) || 0));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/**
 * Opens a modal <dialog> and gives focus back to what had it when the dialog closes
 * (the browser traps focus and handles Escape for modal dialogs).
 */
export function openDialog(dialog, focusTarget) {
  const opener = document.activeElement;
  if (!dialog.open) dialog.showModal();
  dialog.addEventListener("close", () => {
    if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
  }, { once: true });
  const target = focusTarget || dialog.querySelector("[autofocus]") || dialog.querySelector(
    "input:not([type=hidden]), select, textarea, button:not(.dialog-close)") || dialog.querySelector("button");
  if (target) target.focus();
}

/** Asks the user to confirm with a modal dialog; resolves true when they do. */
export function confirmDialog({ title, message, confirmLabel = "Delete" }) {
  const dialog = $("confirm-dialog");
  $("confirm-title").textContent = title;
  $("confirm-message").textContent = message;
  const ok = $("confirm-ok");
  ok.textContent = confirmLabel;
  return new Promise((resolve) => {
    dialog.returnValue = "";
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "confirm"), { once: true });
    openDialog(dialog, $("confirm-cancel"));
  });
}
