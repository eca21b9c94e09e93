// Text that came from AWS (names, tags, descriptions, error messages) or from people (config values,
// paths, argv), made safe to show. Every output escapes it for the format it lands in; what all
// formats share lives here:
// - control characters (C0, DEL, C1, so every ANSI/OSC escape sequence), Unicode format characters
//   (bidi overrides and isolates, zero-width characters, the tag block), lone surrogates and
//   noncharacters are shown as visible escapes (`\x1b`, `\u202E`, `\uD800`): nothing reaches a
//   terminal or a document that could move the cursor, rewrite the screen, hide text or reorder it,
//   and nothing is silently dropped;
// - line breaks and tabs become one space: one value stays on one line (a table row, a list item);
// - very long values are cut, saying how many characters were left out (the JSON report keeps them).
// Escaping is idempotent: the visible form holds no character it would escape again.

/** Line breaks (with the blanks around them) and tabs: one space. U+0085 (NEL), U+2028, U+2029 break lines too. */
const BREAKS = /\s*[\n\v\f\r\u0085\u2028\u2029]\s*|\t/gu;
/**
 * Controls (Cc), format characters (Cf: bidi, zero-width, BOM, tags), lone surrogates (Cs) and
 * noncharacters (U+FFFE, U+FDD0…: an HTML parse error, never text).
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\p{Noncharacter_Code_Point}]/gu;

/** The visible escape of one unsafe character: `\x1b` below U+0100, `\u202E`, `\u{E0041}` beyond U+FFFF. */
function escapeOne(char: string): string {
  const code = char.codePointAt(0)!;
  const hex = code.toString(16).toUpperCase();
  if (code < 0x100) return `\\x${hex.padStart(2, '0').toLowerCase()}`;
  return code > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, '0')}`;
}

/** Every control, format character and lone surrogate as a visible escape (line breaks included). */
export function showControls(s: string): string {
  return s.replace(UNSAFE, escapeOne);
}

/** One line: line breaks and tabs become a space, every other unsafe character a visible escape. */
export function oneLine(s: string): string {
  return showControls(s.replace(BREAKS, ' '));
}

/**
 * `s` when it has at most `max` UTF-16 code units; else its start and how much was cut:
 * "… (9,600 more characters)". Never splits a surrogate pair. `where` names where the rest is.
 */
export function truncate(s: string, max: number, where?: string): string {
  if (s.length <= max) return s;
  let cut = Math.max(0, max);
  const last = s.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--; // a high surrogate: keep the pair whole
  let rest = 0;
  for (const _ of s.slice(cut)) rest++; // code points, as a person counts characters
  return `${s.slice(0, cut)}… (${rest.toLocaleString('en-US')} more character${rest === 1 ? '' : 's'}${where ? `; ${where}` : ''})`;
}

/** The most of one value a `cmt-audit: …` line shows. */
export const MESSAGE_MAX = 400;

/** One value for a terminal line: cut at `max`, on one line, no control character. */
export function terminalLine(s: string, max = MESSAGE_MAX): string {
  return oneLine(truncate(s, max));
}

/** Several lines for a terminal (a stack trace under --debug): each line made safe, line breaks kept. */
export function terminalLines(s: string): string {
  return s.split(/\r?\n/).map(oneLine).join('\n');
}

/** The most of one value the Markdown and HTML checklists show (an ARN, a message, an attestation's evidence). */
export const DOCUMENT_MAX = 2000;

/** One value for the Markdown or HTML checklist, before that format's own escaping: cut, on one line, no control character. */
export function documentText(s: string): string {
  return oneLine(truncate(s, DOCUMENT_MAX, 'the JSON report has it all'));
}

/**
 * The URL to link to when `s` is an absolute http(s) URL with a host, in its normalised form (the URL
 * parser percent-encodes spaces, quotes, `<` and `>`); undefined for anything else (`javascript:`,
 * `data:`, relative, control characters), which is then shown as text and never linked.
 */
export function httpHref(s: string): string | undefined {
  if (!/^https?:\/\//i.test(s) || /[\s\p{Cc}\p{Cf}\p{Cs}]/u.test(s)) return undefined;
  try {
    const url = new URL(s);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** What JSON.stringify leaves raw that a terminal acts on or that reorders text: DEL, C1, format characters, U+2028/9. */
const JSON_RAW_UNSAFE = /[\u007f-\u009f\p{Cf}\u2028\u2029]/gu;

/**
 * JSON text with those characters written as `\uXXXX` escapes: the same data once parsed, and safe to
 * print raw (`cmt-audit scan --format json` on a terminal, `cat report.json`). JSON.stringify already
 * escapes C0 controls and lone surrogates. Only valid on JSON.stringify's output: outside strings,
 * JSON text is ASCII, so every match is inside a string.
 */
export function escapeJsonText(json: string): string {
  // split(''): UTF-16 code units, so a character beyond U+FFFF becomes its surrogate pair's escapes.
  return json.replace(JSON_RAW_UNSAFE, (c) => c.split('').map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''));
}

/** A copy of plain JSON-like data with every string passed through `fn` (with its property name). */
export function mapStrings<T>(value: T, fn: (s: string, key: string | undefined) => string, key?: string): T {
  if (typeof value === 'string') return fn(value, key) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn, key)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn, k)])) as T;
  }
  return value;
}

/** Lone surrogates (possible in names AWS returns) replaced by U+FFFD, as String.prototype.toWellFormed (ES2024) does: encodeURIComponent throws on them. */
export function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
