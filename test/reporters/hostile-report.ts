// A Report whose every string from AWS or from people is hostile: markup that would close an HTML cell
// or add an attribute, Markdown that would open a table cell, a heading, emphasis, a link or an image,
// line breaks of every kind, NUL, ANSI and OSC escape sequences (clear screen, a hidden hyperlink, a
// window title), C1 controls, bidi overrides, zero-width characters, lone surrogates and 100 KB values.
// Built on the sample report, so it has every status, capped findings, attestations and scan errors.
// `hostileStrings(report, fn)` swaps them all at once for the property tests.
import type { Report } from '../../src/model.js';
import { sampleReport } from './sample-report.js';

const ESC = '\x1b';
const BEL = '\x07';

/** One of each kind of trouble, short: the property tests' alphabet draws on these too. */
export const HOSTILE_PIECES = [
  '<script>alert(1)</script>',
  '"onmouseover="alert(1)',
  "' onfocus='alert(2)' autofocus='",
  '</td></tr></table><img src=x onerror=alert(3)>',
  '<!-- comment --><![CDATA[x]]>',
  '&lt;b&gt; &amp; &#60;i&#62; &#x3C;u&#x3E; &copy;',
  '| pipe | in | cells |',
  '\\| escaped pipe \\',
  '`code` ``double`` ```fence',
  '*bold* **strong** _em_ __under__ ~~strike~~',
  '[link](javascript:alert(4)) ![image](http://evil.example/x.png) [ref][1]',
  '<https://evil.example/auto> https://evil.example/bare www.evil.example admin@evil.example',
  '# heading',
  '> quote',
  '- item',
  '1. ordered',
  '---',
  '+ plus',
  '=== setext',
  'line1\nline2\r\nline3\rline4\u2028line5\u0085line6',
  '\n# injected heading\n| fake | row |\n',
  'tab\there\vvertical\fform',
  'nul\u0000byte',
  `${ESC}[2J${ESC}[Hscreen cleared`,
  `${ESC}[31mred${ESC}[0m`,
  `${ESC}]8;;https://evil.example/osc${BEL}click me${ESC}]8;;${BEL}`,
  `${ESC}]0;window title${BEL}`,
  '\u009b2J c1 csi \u009d osc \u0085',
  'evil\u202Etxt.exe',
  '\u2066isolate\u2069 \u200Bzero\u200Cwidth\u200D \uFEFFbom \u00ADsoft',
  'lone \uD800 high \uDFFF low',
  'emoji 😀 tag \u{E0041}\u{E007F}',
];

export const LONG = 'A'.repeat(100_000); // 100 KB without a break: an ARN-like blob
export const LONG_WORDS = 'policy '.repeat(14_300); // ~100 KB of words: a bucket policy in a message

/** All the pieces in one string. */
export const ALL = HOSTILE_PIECES.join(' ');

/**
 * The sample report, with hostile text in every field that holds text from AWS or from people, and
 * 100 KB values in a few places: the not-met finding of 1.16 (an ARN-like blob, a message full of
 * words), the scan-level error and the applied attestation's evidence.
 */
export function hostileReport(): Report {
  // Messages and titles each get one piece in turn, so every piece lands in every format at least once.
  const report = hostileStrings(sampleReport(), (role, n) =>
    role === 'message' || role === 'title' ? `${role} ${n}: ${HOSTILE_PIECES[n % HOSTILE_PIECES.length]}` : STRINGS[role],
  );
  const finding = report.results.find((r) => r.id === '1.16')!.findings.find((f) => f.status === 'not-met')!;
  finding.resource = `arn:aws:s3:::bucket-\`name\`-${LONG}`;
  finding.message = `${ALL} ${LONG_WORDS}`;
  report.errors.find((e) => !e.checkId)!.message = `cannot list regions: ${ALL} ${LONG_WORDS}`;
  report.results.find((r) => r.id === '1.25')!.attestation!.evidence = `Game day GD-7\n> quoted ${LONG}`;
  return report;
}

/** Where a string comes from: each role gets its own value. */
export type Role =
  | 'accountId'
  | 'accountArn'
  | 'region'
  | 'snapshot'
  | 'configFile'
  | 'version'
  | 'title'
  | 'resource'
  | 'message'
  | 'evidence'
  | 'remediation'
  | 'attestationEvidence'
  | 'by'
  | 'date'
  | 'link'
  | 'httpLink'
  | 'note'
  | 'scanError'
  | 'permission';

const STRINGS: Record<Role, string> = {
  accountId: `210987654321${ESC}[2J`,
  accountArn: `arn:aws:iam::210987654321:user/<b>audit</b>|bot\u202E`,
  region: 'us-east-1</td><td>"onmouseover="x',
  snapshot: `snapshots/${ESC}]8;;https://evil.example${BEL}demo${ESC}]8;;${BEL}.json`,
  configFile: 'cmt-audit.config.yaml\n# Injected heading\r| a | b |',
  version: '0.1.0<script>alert(1)</script>',
  title: `Root MFA ${ESC}[31m*enabled*${ESC}[0m | <i>`,
  resource: 'arn:aws:s3:::bucket-`name`-<b>x</b>|y\n# h',
  message: ALL,
  evidence: ALL,
  remediation: `Remove <script>alert(1)</script> and | pipes ${ESC}[2J`,
  attestationEvidence: `Game day GD-7\n> quoted ${ESC}[2J <img src=x onerror=alert(1)> | *x*`,
  by: 'Jane "Doe" <jane@example.com>, CISO\u202E',
  date: `2026-09-14${ESC}[2J`,
  link: 'javascript:alert(document.cookie)',
  httpLink: 'https://wiki.example.com/gd7?q=<script>"x"&y=1#frag',
  note: `expired\u0000 ${ESC}]0;title${BEL}`,
  scanError: `cannot list regions: ${ALL}`,
  permission: `ec2:DescribeRegions${ESC}[2J`,
};

/**
 * A copy of `original` with every field that holds text from AWS or from people replaced by `value(role)`. The
 * checklist item ids, statuses and severities stay: they are the checklist's own, checked on input.
 */
export function hostileStrings(original: Report, value: (role: Role, n: number) => string): Report {
  const report = structuredClone(original); // the sample report shares its findings between calls
  let n = 0;
  const v = (role: Role) => value(role, n++);
  report.tool.version = v('version');
  const scan = report.scan;
  scan.accounts = [{ id: v('accountId'), partition: 'aws', arn: v('accountArn') }];
  scan.regions = [v('region'), 'us-east-1'];
  scan.regionsNotEnabled = [v('region')];
  scan.homeRegion = v('region');
  scan.source = 'snapshot';
  scan.snapshot = v('snapshot');
  scan.snapshotRecordedAt = v('date');
  scan.configFile = v('configFile');
  scan.checksSkipped = [v('title')];
  for (const result of report.results) {
    result.title = v('title');
    if (result.remediation) result.remediation = v('remediation');
    for (const f of result.findings) {
      f.resource = v('resource');
      f.message = v('message');
      if (f.account) f.account = v('accountId');
      if (f.region) f.region = v('region');
      if (f.evidence) f.evidence = { name: v('evidence'), tags: { [v('evidence')]: v('evidence') } };
      if (f.missingPermission) f.missingPermission = v('permission');
    }
  }
  const attested = report.results.find((r) => r.id === '1.25')!;
  attested.attestation = {
    ...attested.attestation!,
    evidence: v('attestationEvidence'),
    by: v('by'),
    date: v('date'),
    expires: v('date'),
    links: [v('link'), v('httpLink')],
  };
  // An expired attestation too: its note is shown.
  const expired = report.results.find((r) => r.id === '2.10')!;
  expired.attestation = { status: 'met', evidence: v('attestationEvidence'), by: v('by'), date: v('date'), state: 'expired', note: v('note'), links: [v('link')] };
  report.errors = report.errors.map((e) => ({
    ...e,
    message: v(e.checkId ? 'message' : 'scanError'),
    region: e.region === undefined ? undefined : v('region'),
    missingPermission: e.missingPermission === undefined ? undefined : v('permission'),
  }));
  return report;
}
