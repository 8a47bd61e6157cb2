// A safe subset of Markdown for answers, built as DOM nodes (never innerHTML): paragraphs,
// bulleted and numbered lists, headings (shown as bold lines), fenced code, and inline **bold**,
// *italic* / _italic_, `code` and [n] citation markers. Everything else stays literal text.
//
// Every character keeps its offset in the source text, so that ranges of it (the verified
// sentences, given as [start, end) offsets into the answer) can be wrapped in their own spans.

import { el } from "./dom.js";

const BULLET = /^ {0,3}([-*+])\s+/;
const NUMBERED = /^ {0,3}(\d{1,9})[.)]\s+/;
const HEADING = /^ {0,3}(#{1,6})\s+/;
const FENCE = /^ {0,3}(```|~~~)/;
const ESCAPABLE = /[\\`*_[\]#+\-.!()]/;

/**
 * Renders `text` into a DocumentFragment.
 *
 * @param {string} text
 * @param {object} [options]
 * @param {Array<{start:number,end:number}>} [options.ranges] sorted, non-overlapping ranges whose text is
 *     wrapped by `options.wrap(range, index, text)`
 * @param {(range: object, index: number, text: string) => Node} [options.wrap]
 * @param {(n: number) => Node|null} [options.cite] the node for an [n] marker (null: leave the text)
 */
export function renderMarkdown(text, options = {}) {
  const src = String(text ?? "");
  const ranges = Array.isArray(options.ranges) ? options.ranges : [];
  const fragment = document.createDocumentFragment();

  function rangeAt(p) {
    for (let i = 0; i < ranges.length; i++) {
      if (ranges[i].start <= p && p < ranges[i].end) return i;
      if (ranges[i].start > p) return -1;
    }
    return -1;
  }

  function nextRangeStart(p, limit) {
    for (const r of ranges) if (r.start > p) return Math.min(r.start, limit);
    return limit;
  }

  /** Appends src[a, b) as text, wrapping the parts that fall inside a range. */
  function text_(parent, a, b) {
    let p = a;
    while (p < b) {
      const i = rangeAt(p);
      if (i >= 0 && options.wrap) {
        const e = Math.min(b, ranges[i].end);
        parent.append(options.wrap(ranges[i], i, src.slice(p, e)));
        p = e;
      } else {
        const e = nextRangeStart(p, b);
        parent.append(src.slice(p, e));
        p = e;
      }
    }
  }

  /** Finds the closing delimiter of an emphasis run: not preceded by whitespace. */
  function closing(delim, from, to) {
    let at = src.indexOf(delim, from);
    while (at >= 0 && at + delim.length <= to) {
      const before = src[at - 1];
      const after = src[at + delim.length];
      const single = delim.length === 1;
      const doubled = single && (after === delim || before === delim);
      const wordAfter = delim === "_" && after !== undefined && /[\p{L}\p{N}]/u.test(after);
      if (at > from && !/\s/.test(before) && !doubled && !wordAfter) return at;
      at = src.indexOf(delim, at + delim.length);
    }
    return -1;
  }

  function inline(parent, from, to) {
    let start = from;
    let i = from;
    const flush = (upto) => {
      if (upto > start) text_(parent, start, upto);
    };
    while (i < to) {
      const ch = src[i];
      if (ch === "\\" && i + 1 < to && ESCAPABLE.test(src[i + 1])) {
        flush(i);
        text_(parent, i + 1, i + 2);
        i += 2;
        start = i;
        continue;
      }
      if (ch === "`") {
        const close = src.indexOf("`", i + 1);
        if (close > i + 1 && close < to) {
          flush(i);
          const code = el("code");
          text_(code, i + 1, close);
          parent.append(code);
          i = close + 1;
          start = i;
          continue;
        }
      }
      if (ch === "*" || ch === "_") {
        const next = src[i + 1];
        const prev = src[i - 1];
        const opensWord = !(ch === "_" && prev !== undefined && /[\p{L}\p{N}]/u.test(prev));
        if (next === ch && src[i + 2] !== undefined && !/\s/.test(src[i + 2])) {
          const close = closing(ch + ch, i + 2, to);
          if (close > 0) {
            flush(i);
            const strong = el("strong");
            inline(strong, i + 2, close);
            parent.append(strong);
            i = close + 2;
            start = i;
            continue;
          }
        } else if (next !== undefined && next !== ch && !/\s/.test(next) && opensWord) {
          const close = closing(ch, i + 1, to);
          if (close > 0) {
            flush(i);
            const em = el("em");
            inline(em, i + 1, close);
            parent.append(em);
            i = close + 1;
            start = i;
            continue;
          }
        }
      }
      if (ch === "[" && options.cite) {
        const m = /^\[(\d{1,4})\]/.exec(src.slice(i, Math.min(to, i + 6)));
        const node = m ? options.cite(Number(m[1])) : null;
        if (node) {
          flush(i);
          parent.append(node);
          i += m[0].length;
          start = i;
          continue;
        }
      }
      i++;
    }
    flush(to);
  }

  // Lines with their offsets.
  const lines = [];
  for (let at = 0; at <= src.length;) {
    const nl = src.indexOf("\n", at);
    const end = nl < 0 ? src.length : nl;
    lines.push({ start: at, end, text: src.slice(at, end) });
    if (nl < 0) break;
    at = nl + 1;
  }

  let paragraph = null; // {start, end}
  let list = null; // {node, ordered, item: {start, end}}

  function endParagraph() {
    if (!paragraph) return;
    const p = el("p");
    inline(p, paragraph.start, paragraph.end);
    fragment.append(p);
    paragraph = null;
  }

  function endItem() {
    if (!list || !list.item) return;
    const li = el("li");
    inline(li, list.item.start, list.item.end);
    list.node.append(li);
    list.item = null;
  }

  function endList() {
    if (!list) return;
    endItem();
    fragment.append(list.node);
    list = null;
  }

  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    if (line.text.trim() === "") {
      endParagraph();
      endList();
      continue;
    }
    const fence = FENCE.exec(line.text);
    if (fence) {
      endParagraph();
      endList();
      const code = el("code");
      let m = n + 1;
      while (m < lines.length && !lines[m].text.trimStart().startsWith(fence[1])) m++;
      if (m > n + 1) code.append(src.slice(lines[n + 1].start, lines[m - 1].end));
      fragment.append(el("pre", {}, code));
      n = m;
      continue;
    }
    const heading = HEADING.exec(line.text);
    if (heading) {
      endParagraph();
      endList();
      const p = el("p", { class: "md-heading" });
      const strong = el("strong");
      inline(strong, line.start + heading[0].length, line.end);
      p.append(strong);
      fragment.append(p);
      continue;
    }
    const bullet = BULLET.exec(line.text);
    const numbered = bullet ? null : NUMBERED.exec(line.text);
    const marker = bullet || numbered;
    if (marker) {
      endParagraph();
      const ordered = Boolean(numbered);
      if (list && list.ordered !== ordered) endList();
      if (!list) {
        const node = el(ordered ? "ol" : "ul");
        if (ordered && numbered[1] !== "1") node.setAttribute("start", String(Number(numbered[1])));
        list = { node, ordered, item: null };
      }
      endItem();
      list.item = { start: line.start + marker[0].length, end: line.end };
      continue;
    }
    if (list && list.item) {
      list.item.end = line.end; // a continuation line of the item
      continue;
    }
    if (paragraph) paragraph.end = line.end;
    else paragraph = { start: line.start, end: line.end };
  }
  endParagraph();
  endList();
  return fragment;
}
