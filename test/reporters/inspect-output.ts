// What each format must hold, whatever strings the report carries, checked by reading the output back
// the way its reader does: HTML with parse5 (the WHATWG parsing algorithm, what a browser builds), the
// Markdown with micromark + GFM (CommonMark and GitHub's tables, autolinks and strikethrough), the
// terminal text and the JSON character by character. Used by the golden tests (a fixed hostile report)
// and the property tests (fast-check's). Each returns what it found, for the caller to compare.
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { toString } from 'mdast-util-to-string';
import { gfm } from 'micromark-extension-gfm';
import { parse, type DefaultTreeAdapterMap, type ParserError } from 'parse5';
import { expect } from 'vitest';
import { CHECKLIST } from '../../src/checklist.js';
import type { Report } from '../../src/model.js';
import { httpHref } from '../../src/text.js';

// ── terminal ─────────────────────────────────────────────────────────────────────────────────────

/** The colour codes chalk emits (SGR): the only escape sequences the table may hold. */
export const SGR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** Controls, format characters (bidi, zero-width) and lone surrogates, except the line feed. */
export const UNSAFE_IN_TERMINAL = /(?!\n)[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/u;

/** Table text: no character a terminal acts on but `\n` and chalk's colours; whitespace-normalised text. */
export function inspectTerminal(text: string): string {
  const plain = text.replace(SGR, '');
  expect(plain).not.toMatch(UNSAFE_IN_TERMINAL);
  return plain.replace(/\s+/g, ' ');
}

// ── JSON ─────────────────────────────────────────────────────────────────────────────────────────

/** The JSON report: the same data once parsed, and nothing raw a terminal would act on. */
export function inspectJson(text: string, report: Report): void {
  expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(report)));
  expect(text).not.toMatch(UNSAFE_IN_TERMINAL);
}

// ── HTML ─────────────────────────────────────────────────────────────────────────────────────────

type HtmlNode = DefaultTreeAdapterMap['node'];
type HtmlElement = DefaultTreeAdapterMap['element'];

/** Every element, attribute, class and id the template writes. */
const HTML_TAGS = new Set([
  'html', 'head', 'meta', 'title', 'style', 'body', 'header', 'main', 'footer', 'section', 'div', 'h1', 'h2', 'h3', 'p', 'strong', 'small',
  'span', 'code', 'a', 'ul', 'li', 'blockquote', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
]);
const HTML_ATTRIBUTES = new Set(['lang', 'charset', 'name', 'content', 'class', 'scope', 'colspan', 'href', 'id', 'role', 'aria-labelledby',
  // an estate's grid (several accounts)
  'rowspan', 'title', 'aria-hidden', 'aria-label', 'tabindex',
]);
const HTML_CLASSES = new Set([
  'facts', 'result', 'note', 'warning', 'num', 'total', 'zero', 'col-id', 'col-met', 'pillar', 'details', 'item', 'item-top', 'item-head',
  'status', 'muted', 'meta', 'sub', 'findings', 'attestation', 'badge', 'met', 'not-met', 'manual', 'not-applicable', 'error', 'not-assessed',
  // an estate (several accounts): the grid, the accounts table, each item's accounts
  'vh', 'legend', 'g', 'grid-box', 'grid', 'pillars', 'ids', 'corner', 'pillar-start', 'fit', 'estate-row', 'acct', 'name', 'scanned', 'rule', 'accounts',
]);
/** The ids the template gives besides the items'. */
const PAGE_IDS = new Set(['how-to-read', 'estate-grid', 'accounts']);
const ITEM_IDS = new Set(CHECKLIST.map((i) => `item-${i.id}`));

function* walk(node: HtmlNode): Generator<HtmlNode> {
  yield node;
  if ('childNodes' in node) for (const child of node.childNodes) yield* walk(child);
}

/** The text a browser shows for a node (its text nodes, in order). */
export function htmlText(node: HtmlNode): string {
  return [...walk(node)].map((n) => (n.nodeName === '#text' ? (n as DefaultTreeAdapterMap['textNode']).value : '')).join('');
}

const attr = (el: HtmlElement, name: string) => el.attrs.find((a) => a.name === name)?.value;

export interface HtmlView {
  elements: HtmlElement[];
  /** The `<section>` of an item, by checklist id. */
  item: (id: string) => HtmlElement;
  /** Where `http(s)` links point, in order. */
  externalLinks: string[];
  /** The facts table: label → text. */
  facts: Map<string, string>;
}

/**
 * The HTML checklist, parsed as a browser would: no parse error, only the template's elements,
 * attributes, classes and ids, no comment, in-page anchors and http(s) links only, and exactly one
 * http(s) link per attestation link that is an http(s) URL.
 */
export function inspectHtml(html: string, report: Report): HtmlView {
  const errors: ParserError[] = [];
  const document = parse(html, { onParseError: (e) => errors.push(e) });
  expect(errors.map((e) => `${e.code} at ${e.startOffset}`)).toEqual([]);
  const elements = [...walk(document)].filter((n): n is HtmlElement => 'tagName' in n);
  expect([...walk(document)].filter((n) => n.nodeName === '#comment')).toEqual([]);
  for (const el of elements) {
    expect(HTML_TAGS, el.tagName).toContain(el.tagName);
    for (const a of el.attrs) expect(HTML_ATTRIBUTES, `${el.tagName} ${a.name}`).toContain(a.name);
    for (const c of (attr(el, 'class') ?? '').split(' ').filter(Boolean)) expect(HTML_CLASSES, `class ${c}`).toContain(c);
    const id = attr(el, 'id');
    if (id !== undefined) expect(PAGE_IDS.has(id) || ITEM_IDS.has(id), `id ${id}`).toBe(true);
  }
  const hrefs = elements.filter((el) => el.tagName === 'a').map((el) => attr(el, 'href') ?? '');
  const inPage = hrefs.filter((h) => h.startsWith('#'));
  const external = hrefs.filter((h) => !h.startsWith('#'));
  for (const h of inPage) expect(ITEM_IDS, h).toContain(h.slice(1));
  const links = report.results.flatMap((r) => r.attestation?.links ?? []).flatMap((l) => httpHref(l) ?? []);
  expect(external).toEqual(links);
  for (const h of external) expect(new URL(h).protocol).toMatch(/^https?:$/);
  expect(elements.filter((el) => el.tagName === 'style')).toHaveLength(1);
  expect(elements.filter((el) => el.tagName === 'section' && attr(el, 'class') === 'item')).toHaveLength(CHECKLIST.length);
  const factsTable = elements.find((el) => el.tagName === 'table' && attr(el, 'class') === 'facts')!;
  const facts = new Map(
    [...walk(factsTable)]
      .filter((n): n is HtmlElement => n.nodeName === 'tr')
      .map((tr) => {
        const [th, td] = tr.childNodes.filter((n): n is HtmlElement => 'tagName' in n);
        return [htmlText(th), htmlText(td)] as [string, string];
      }),
  );
  return {
    elements,
    item: (id) => elements.find((el) => attr(el, 'id') === `item-${id}`)!,
    externalLinks: external,
    facts,
  };
}

/** The list items of an element (e.g. an item's findings), as text. */
export function htmlListItems(el: HtmlElement): string[] {
  return [...walk(el)].filter((n): n is HtmlElement => n.nodeName === 'li').map(htmlText);
}

// ── Markdown ─────────────────────────────────────────────────────────────────────────────────────

type MdNode = ReturnType<typeof fromMarkdown>['children'][number] | ReturnType<typeof fromMarkdown>;

function* walkMd(node: MdNode): Generator<MdNode> {
  yield node;
  if ('children' in node) for (const child of node.children as MdNode[]) yield* walkMd(child);
}

/** The node types the Markdown template writes (links: attestation links and GFM's bare-URL autolinks). */
const MD_TYPES = new Set([
  'root', 'heading', 'paragraph', 'text', 'strong', 'emphasis', 'inlineCode', 'list', 'listItem', 'blockquote', 'thematicBreak', 'table', 'tableRow',
  'tableCell', 'link',
]);

export interface MarkdownView {
  root: ReturnType<typeof fromMarkdown>;
  /** How many nodes of each type (text, links and code spans left out: they depend on the data). */
  shape: Record<string, number>;
  /** Every table's rows, each as its cells' text (see `unescaped`). */
  tables: string[][][];
  /** Every list item's text (see `unescaped`). */
  listItems: string[];
}

/**
 * The Markdown checklist, parsed as GitHub would: only the template's kinds of node (no raw HTML, no
 * image, no code block, no strikethrough, no link reference), every table row with its header's number
 * of cells, and links only to the http(s) attestation links or to what the link itself shows.
 */
export function inspectMarkdown(md: string, report: Report): MarkdownView {
  const root = fromMarkdown(md, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const nodes = [...walkMd(root)];
  for (const n of nodes) expect(MD_TYPES, n.type).toContain(n.type);
  const shape: Record<string, number> = {};
  for (const n of nodes) if (!['text', 'link', 'inlineCode'].includes(n.type)) shape[n.type] = (shape[n.type] ?? 0) + 1;
  const tables = nodes
    .filter((n) => n.type === 'table')
    .map((t) => (t as { children: MdNode[] }).children.map((row) => (row as { children: MdNode[] }).children.map((cell) => unescaped(toString(cell)))));
  for (const rows of tables) for (const row of rows) expect(row).toHaveLength(rows[0].length);
  // GFM links a bare https://…, www.… or e-mail address (GitHub too, after escapes are read): such a
  // link shows its own target. Every other link is an http(s) attestation link of the report.
  const attested = report.results.flatMap((r) => r.attestation?.links ?? []).flatMap((l) => httpHref(l) ?? []);
  const links = nodes.filter((n) => n.type === 'link') as { url: string }[];
  for (const link of links) {
    const shown = toString(link as MdNode);
    // The scheme as written (a GFM autolink such as http://www.<any letter> need not be a valid URL).
    expect(/^[a-z][a-z0-9+.-]*:/i.exec(link.url)?.[0], link.url).toMatch(/^(https?|mailto):$/i);
    expect([shown, `http://${shown}`, `mailto:${shown}`], link.url).toContain(link.url);
  }
  const urls = links.map((l) => l.url);
  for (const href of attested) expect(urls).toContain(href);
  return { root, shape, tables, listItems: nodes.filter((n) => n.type === 'listItem').map((n) => unescaped(toString(n))) };
}

/**
 * Text without a backslash before ASCII punctuation, to compare what the data said with what the
 * Markdown shows. Needed for one quirk: micromark reads a bare URL (`https://x.example/a\_b`) into its
 * autolink with the escape's backslash, where GitHub reads the escape first. Apply to both sides.
 */
export function unescaped(s: string): string {
  return s.replace(/\\(?=[!-/:-@[-`{-~])/g, '');
}
