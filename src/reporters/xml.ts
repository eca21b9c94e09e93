// XML text for the JUnit report: a small escaper rather than an XML builder library (docs/formats.md says
// why). Two steps, each total:
// 1. what XML 1.0 cannot hold at all (C0 controls but tab, LF and CR; lone surrogates; U+FFFE, U+FFFF) is
//    replaced by its visible escape from src/text.ts (`\x00`, `\uD800`), never dropped and never U+FFFD;
// 2. the five markup characters become entities; in attribute values tab, LF and CR become character
//    references too, so a parser's attribute-value normalisation does not turn them into spaces.
// Callers pass AWS text through src/text.ts first (oneLine / showControls), which already leaves none of
// step 1's characters; step 1 is the guarantee for every other string.
import { showControls } from '../text.js';

/** Characters that are not XML 1.0 `Char`s. */
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const TEXT_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const ATTR_ENTITIES: Record<string, string> = { ...TEXT_ENTITIES, '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;' };

/** `s` with every character XML 1.0 cannot hold shown as its visible escape. */
export function xmlChars(s: string): string {
  return s.replace(NOT_XML_CHAR, (c) => showControls(c));
}

/** Character data for an element's content. */
export function xmlText(s: string): string {
  return xmlChars(s).replace(/[&<>\r]/g, (c) => TEXT_ENTITIES[c]);
}

/** An attribute value, for use inside double quotes. */
export function xmlAttr(s: string): string {
  return xmlChars(s).replace(/[&<>"'\t\n\r]/g, (c) => ATTR_ENTITIES[c]);
}

/** `<name a="1" b="2"` … : an element's start tag (without its end), attributes in the order given, undefined ones left out. */
export function startTag(name: string, attributes: Record<string, string | number | undefined>): string {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
  return `<${name}${attrs}`;
}
