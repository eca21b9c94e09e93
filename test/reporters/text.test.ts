// src/text.ts: the escaping every output shares. Controls and format characters become visible escapes
// (never dropped silently), values stay on one line, long values are cut saying how much, JSON text is
// made safe to print raw without changing its data, and only http(s) URLs become links.
import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_MAX,
  MESSAGE_MAX,
  documentText,
  escapeJsonText,
  httpHref,
  mapStrings,
  oneLine,
  showControls,
  terminalLine,
  terminalLines,
  truncate,
} from '../../src/text.js';

const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}]/u;

describe('showControls', () => {
  it('shows C0, DEL and C1 controls as \\xHH', () => {
    expect(showControls('a\x00b\x07c\x1b[2Jd\x7fe\x85f\x9bg')).toBe('a\\x00b\\x07c\\x1b[2Jd\\x7fe\\x85f\\x9bg');
    expect(showControls('\n\t\r')).toBe('\\x0a\\x09\\x0d');
  });

  it('shows bidi, zero-width and other format characters as \\uHHHH, beyond the BMP as \\u{…}', () => {
    expect(showControls('evil\u202Etxt.exe')).toBe('evil\\u202Etxt.exe');
    expect(showControls('\u2066a\u2069\u200B\u200C\u200D\uFEFF\u00AD\u061C')).toBe('\\u2066a\\u2069\\u200B\\u200C\\u200D\\uFEFF\\xad\\u061C');
    expect(showControls('tag\u{E0041}\u{E007F}')).toBe('tag\\u{E0041}\\u{E007F}');
  });

  it('shows lone surrogates and noncharacters, and keeps pairs (emoji) and every other character', () => {
    expect(showControls('a\uD800b\uDFFFc')).toBe('a\\uD800b\\uDFFFc');
    expect(showControls('\uFFFE\uFDD0\u{10FFFF}')).toBe('\\uFFFE\\uFDD0\\u{10FFFF}');
    expect(showControls('😀 é ü 中文 <b> | `x` \\ \u00a0')).toBe('😀 é ü 中文 <b> | `x` \\ \u00a0');
  });

  it('is idempotent: its output holds nothing it would escape', () => {
    const once = showControls('\x1b\u202E\uD800\u{E0041}\x00');
    expect(once).not.toMatch(UNSAFE);
    expect(showControls(once)).toBe(once);
  });
});

describe('oneLine', () => {
  it('turns every line break, with the blanks around it, and each tab into one space', () => {
    expect(oneLine('a\nb\r\nc\rd\u2028e\u2029f\u0085g\vh\fi')).toBe('a b c d e f g h i');
    expect(oneLine('a  \n\n  b')).toBe('a b');
    expect(oneLine('a\tb\t\tc')).toBe('a b  c');
    expect(oneLine('  lead and trail  ')).toBe('  lead and trail  ');
  });

  it('shows the other controls', () => {
    expect(oneLine('x\n\x1b[31my')).toBe('x \\x1b[31my');
  });
});

describe('truncate', () => {
  it('keeps a value up to the limit as it is', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('', 0)).toBe('');
  });

  it('cuts a longer one and says how many characters were left out', () => {
    expect(truncate('abcdef', 3)).toBe('abc… (3 more characters)');
    expect(truncate('abcd', 3)).toBe('abc… (1 more character)');
    expect(truncate('x'.repeat(10_003), 3)).toBe('xxx… (10,000 more characters)');
    expect(truncate('abcdef', 3, 'see the JSON report')).toBe('abc… (3 more characters; see the JSON report)');
  });

  it('never splits a surrogate pair, and counts characters, not UTF-16 units', () => {
    expect(truncate('ab😀cd', 3)).toBe('ab… (3 more characters)');
    expect(truncate('ab😀😀', 4)).toBe('ab😀… (1 more character)');
  });
});

describe('terminalLine, terminalLines, documentText', () => {
  it('a message line: cut at MESSAGE_MAX, one line, no control', () => {
    const policy = `{"Statement":[${'{"Effect":"Allow","Principal":"*"}\n,'.repeat(300)}]}\x1b[2J`;
    const line = terminalLine(policy);
    expect(line.startsWith(oneLine(policy.slice(0, MESSAGE_MAX)))).toBe(true);
    expect(line).toMatch(/… \([\d,]+ more characters\)$/);
    expect(line.length).toBeLessThan(MESSAGE_MAX + 40);
    expect(line).not.toMatch(UNSAFE);
    expect(terminalLine('short\x1b]8;;x\x07', 100)).toBe('short\\x1b]8;;x\\x07');
  });

  it('a stack trace keeps its lines, each made safe', () => {
    expect(terminalLines('Error: a\x1b[2J\n    at f (x.js:1:1)\r\n    at g\t(y.js:2:2)')).toBe('Error: a\\x1b[2J\n    at f (x.js:1:1)\n    at g (y.js:2:2)');
  });

  it('a document value: cut at DOCUMENT_MAX, naming the JSON report', () => {
    expect(documentText('a\nb\x00')).toBe('a b\\x00');
    const cut = documentText('z'.repeat(DOCUMENT_MAX + 5));
    expect(cut).toBe(`${'z'.repeat(DOCUMENT_MAX)}… (5 more characters; the JSON report has it all)`);
  });
});

describe('escapeJsonText', () => {
  const nasty = { a: 'del\x7f c1\x85\x9b bidi\u202E zw\u200B bom\uFEFF ls\u2028 ps\u2029 tag\u{E0041}', b: ['\x1b[2J\x00', '\uD800'], 'k\u202E': 1 };

  it('writes DEL, C1, format characters and U+2028/9 as \\u escapes', () => {
    const text = escapeJsonText(JSON.stringify(nasty));
    expect(text).toContain('del\\u007f c1\\u0085\\u009b bidi\\u202e zw\\u200b bom\\ufeff ls\\u2028 ps\\u2029 tag\\udb40\\udc41');
    expect(text).not.toMatch(UNSAFE);
    expect(text).not.toMatch(/[\u2028\u2029]/);
  });

  it('leaves the data as it was: it parses back to the same value', () => {
    expect(JSON.parse(escapeJsonText(JSON.stringify(nasty, null, 2)))).toEqual(nasty);
    expect(escapeJsonText('{"plain":"text é 😀"}')).toBe('{"plain":"text é 😀"}');
  });
});

describe('httpHref', () => {
  it('gives the normalised URL of an absolute http(s) URL', () => {
    expect(httpHref('https://wiki.example.com/gd7')).toBe('https://wiki.example.com/gd7');
    expect(httpHref('HTTP://Example.COM')).toBe('http://example.com/');
    expect(httpHref('https://x.example/a?q=<script>"x"&y=1#f')).toBe('https://x.example/a?q=%3Cscript%3E%22x%22&y=1#f');
  });

  it('refuses every other scheme, relative links, blanks and controls', () => {
    for (const bad of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:x',
      'file:///etc/passwd',
      '//evil.example/x',
      '/relative',
      'https:evil.example',
      'https://',
      'https://a b.example/',
      'https://x.example/\n',
      'https://x.example/\u202E',
      'https://x.example/\x1b',
      '',
    ]) {
      expect(httpHref(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });
});

describe('mapStrings', () => {
  it('maps every string, deep, with its property name, and leaves the rest', () => {
    const seen: (string | undefined)[] = [];
    const out = mapStrings({ a: 'x', b: [{ c: 'y' }, 'z'], n: 1, t: true, u: null }, (s, key) => {
      seen.push(key);
      return s.toUpperCase();
    });
    expect(out).toEqual({ a: 'X', b: [{ c: 'Y' }, 'Z'], n: 1, t: true, u: null });
    expect(seen).toEqual(['a', 'c', 'b']);
    expect(mapStrings('top', (s) => `${s}!`)).toBe('top!');
  });
});
