// Property-based tests (fast-check) of each reporter's escaping: whatever strings AWS or people put in
// a report (any code point, lone surrogates, markup, Markdown, escape sequences, long runs), the table
// holds no control character but line feeds and chalk's colours, the JSON parses back to the same data
// and prints raw safely, the Markdown has the template's structure (no heading, table cell, raw HTML
// or link from data) and the HTML only the template's elements, attributes and links; and in every
// format the text the data said can still be read.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';
import { render } from '../../src/reporters/index.js';
import { TABLE_NAME_MAX, TABLE_TEXT_MAX } from '../../src/reporters/table.js';
import { documentText, oneLine, truncate } from '../../src/text.js';
import { HOSTILE_PIECES, hostileStrings, type Role } from './hostile-report.js';
import { htmlListItems, inspectHtml, inspectJson, inspectMarkdown, inspectTerminal, unescaped } from './inspect-output.js';
import { sampleReport } from './sample-report.js';

/** One unit of a hostile string: Markdown/HTML punctuation, a known-bad piece, a control, or any code point. */
const unit = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...'<>&"\'`|*_[]()#!~-+=.:;@\\/ 1aZ'.split('')) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_PIECES) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '\n', '\r', '\r\n', '\t', '\v', '\f', '\u0085', '\u2028', '\u2029', '\x00', '\x07', '\x1b', '\x1b[', '\x1b]8;;', '\x7f', '\x9b', '\x9d',
      '\u00ad', '\u061c', '\u200b', '\u200d', '\u200e', '\u202a', '\u202e', '\u2066', '\u2069', '\ufeff', '\ud800', '\udbff', '\udc00', '\udfff',
      '\u{e0041}', '\ufffe', '\ufdd0', '\u{10ffff}', '\u00a0', '\u3000', 'http', 'https://', 'www.', 'javascript:', 'mailto:', '@', '&amp;', '&#x3c;', '&lt;', '1.', '1)', '```', '~~~',
      '    ', '<!--', '-->', '<![CDATA[', ']]>', '</td>', '<td>', '</li>', '</code>', '</style>', '</title>', '<svg/onload=alert(1)>',
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 2 }) },
);

/** A hostile value: never empty (an empty value leaves a row out, which changes the document's shape). */
const hostile = fc.oneof(
  { weight: 12, arbitrary: fc.array(unit, { minLength: 1, maxLength: 12 }).map((parts) => parts.join('')) },
  // Longer than the table's and the documents' limits (500, 2000): cut, with the count.
  { weight: 1, arbitrary: fc.array(unit, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('').repeat(Math.ceil(2500 / parts.join('').length))) },
);

/** An attestation link: a real http(s) URL (with hostile bits where a URL allows them), or anything. */
const link = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.tuple(fc.webUrl(), hostile).map(([url, tail]) => `${url}?q=${tail}`),
  fc.constantFrom('javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', '//evil.example/', 'https://x.example/"onmouseover="alert(1)'),
  hostile,
);

/** The sample report with a hostile value in every field that holds text from AWS or people. */
const hostileReport = fc
  .record({ values: fc.array(hostile, { minLength: 1, maxLength: 40 }), links: fc.array(link, { minLength: 1, maxLength: 4 }) })
  .map(({ values, links }) =>
    hostileStrings(sampleReport(), (role: Role, n: number) => (role === 'link' || role === 'httpLink' ? links[n % links.length] : values[n % values.length])),
  );

const RUNS = { numRuns: 40 };
const notMet116 = (r: Report) => r.results.find((x) => x.id === '1.16')!.findings.find((f) => f.status === 'not-met')!;
const scanError = (r: Report) => r.errors.find((e) => !e.checkId)!;

// Rendering and parsing 2,500-character hostile reports is slow on a loaded machine: generous time, few runs.
describe('escaping, for any report (fast-check)', { timeout: 180_000 }, () => {
  it('table: no control character but line feeds (and chalk colours when on), and the data still reads', () => {
    fc.assert(
      fc.property(hostileReport, fc.boolean(), fc.integer({ min: 60, max: 140 }), (report, color, width) => {
        const flat = inspectTerminal(render('table', report, { color, width }));
        const f = notMet116(report);
        const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
        expect(flat).toContain(squash(oneLine(truncate(f.resource, TABLE_NAME_MAX))));
        expect(flat).toContain(squash(oneLine(truncate(f.message, TABLE_TEXT_MAX))));
        expect(flat).toContain(squash(oneLine(truncate(scanError(report).message, TABLE_TEXT_MAX))));
      }),
      RUNS,
    );
  });

  it('json: parses back to the same data, and prints raw without a control or format character', () => {
    fc.assert(
      fc.property(hostileReport, (report) => inspectJson(render('json', report), report)),
      RUNS,
    );
  });

  it('markdown: the template’s structure, table rows of the right width, no raw HTML or foreign link, and the attestation source still reads', () => {
    const plain = hostileStrings(sampleReport(), () => 'x');
    const expected = inspectMarkdown(render('markdown', plain), plain);
    fc.assert(
      fc.property(hostileReport, (report) => {
        const view = inspectMarkdown(render('markdown', report), report);
        expect(view.shape).toEqual(expected.shape);
        expect(view.tables.map((t) => t.length)).toEqual(expected.tables.map((t) => t.length));
        const md = (s: string) => unescaped(documentText(s).trim());
        expect(new Map(view.tables[0].map(([k, v]) => [k, v])).get('Attestations from')).toBe(md(report.scan.configFile!));
      }),
      // The Markdown parser the inspection uses is slow on 2,500-character values: fewer runs.
      { numRuns: 10 },
    );
  });

  it('html: only the template’s elements, attributes, classes and ids, links only http(s) or in-page, and the text round-trips', () => {
    fc.assert(
      fc.property(hostileReport, (report) => {
        const html = render('html', report);
        const view = inspectHtml(html, report);
        expect(html.replace(/\n/g, '')).not.toMatch(/[\p{Cc}\p{Cf}\p{Cs}]/u);
        const f = notMet116(report);
        expect(htmlListItems(view.item('1.16'))[0]).toBe(`Not met ${documentText(f.resource)} (${documentText(f.region!)}) — ${documentText(f.message)}`);
        expect(view.facts.get('Attestations from')).toBe(documentText(report.scan.configFile!));
      }),
      RUNS,
    );
  });
});
