// The CLI's half of CloudFormation locations in SARIF (docs/sarif.md): the config maps stack names to
// template files (`sarif.templates`, paths relative to the repository root, read relative to the config
// file's directory); the report's findings name their stack and logical id (`source`, learnt by the scan).
// Here each mapped template is read and the line of every logical id under `Resources` found (YAML or JSON,
// one parser for both), so the reporter can point at that line. What cannot be resolved falls back to the
// default location, and says why once (a note for stderr and for the runs' notifications).
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { LineCounter, isMap, isScalar, parseDocument } from 'yaml';
import type { Report } from './model.js';
import type { SarifOptions } from './reporters/sarif.js';
import { wellFormed } from './text.js';

/** CloudFormation's own limit for a template body is 1 MB (S3 templates); anything far larger is not one. */
const MAX_TEMPLATE_BYTES = 8 * 2 ** 20;

/**
 * A mapped template's text: a regular file inside the repository (the config's directory), of a template's size.
 * A FIFO or a device would hang or never end the read, a symlink could lead outside the repository.
 */
function readTemplate(baseDir: string, file: string): string {
  const path = resolve(baseDir, file);
  const real = realpathSync(path);
  const inside = relative(realpathSync(baseDir), real);
  if (inside.startsWith(`..${sep}`) || inside === '..' || resolve(inside) === inside) throw Object.assign(new Error('it leads outside the repository'), { code: 'outside the repository' });
  const st = statSync(real);
  if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'not a regular file' });
  if (st.size > MAX_TEMPLATE_BYTES) throw Object.assign(new Error('too large'), { code: `${st.size} bytes: too large for a template` });
  return readFileSync(real, 'utf8');
}

/** Line (1-based) of each logical id under the template's `Resources`; throws when the text is not YAML/JSON. */
export function logicalIdLines(text: string): Record<string, number> {
  const lineCounter = new LineCounter();
  // CloudFormation's short forms (!Ref, !Sub, !GetAtt …) are unknown tags to a YAML parser: kept as plain values.
  const doc = parseDocument(text, { lineCounter, logLevel: 'silent', resolveKnownTags: false, uniqueKeys: false });
  if (doc.errors.length) throw new Error(doc.errors[0].message.split('\n')[0]);
  const resources = isMap(doc.contents) ? doc.contents.get('Resources', true) : undefined;
  const lines: Record<string, number> = {};
  if (!isMap(resources)) return lines;
  for (const pair of resources.items) {
    if (!isScalar(pair.key) || !pair.key.range) continue;
    const id = String(pair.key.value);
    if (!Object.hasOwn(lines, id)) lines[id] = lineCounter.linePos(pair.key.range[0]).line;
  }
  return lines;
}

/** A repository-relative path as a SARIF URI: forward slashes, each segment percent-encoded. */
export function templateUri(file: string): string {
  return file
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .map((s) => encodeURIComponent(wellFormed(s)))
    .join('/');
}

/**
 * The templates the report's findings point into, with their lines, and a note for each stack whose findings
 * keep the default location (template unreadable or not a template, logical ids missing from it).
 */
export function resolveTemplates(templates: Record<string, string>, baseDir: string, report: Report): Required<Pick<SarifOptions, 'templates' | 'notes'>> {
  const wanted = new Map<string, Set<string>>();
  for (const item of report.results) {
    for (const f of item.findings) {
      if (f.source && Object.hasOwn(templates, f.source.stack)) {
        if (!wanted.has(f.source.stack)) wanted.set(f.source.stack, new Set());
        wanted.get(f.source.stack)!.add(f.source.logicalId);
      }
    }
  }
  const out: Record<string, { uri: string; lines: Record<string, number> }> = {};
  const notes: string[] = [];
  for (const [stack, ids] of wanted) {
    const file = templates[stack];
    let lines: Record<string, number>;
    try {
      lines = logicalIdLines(readTemplate(baseDir, file));
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      notes.push(`sarif.templates: stack ${stack}: cannot read ${file} (${why}); its findings keep their default location`);
      continue;
    }
    const missing = [...ids].filter((id) => !Object.hasOwn(lines, id)).sort();
    if (missing.length) {
      notes.push(`sarif.templates: stack ${stack}: ${file} has no resource ${missing.join(', ')} under Resources; ${missing.length === 1 ? 'that resource keeps its' : 'those resources keep their'} default location`);
    }
    out[stack] = { uri: templateUri(file), lines };
  }
  return { templates: out, notes };
}
