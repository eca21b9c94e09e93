// `--format html`: the completed checklist as one self-contained HTML file (inline CSS, no scripts,
// no external assets), laid out to print (each pillar's details start a page, long ARNs wrap, colours
// kept), with every status shown in words as well as colour.
//
// Every value from the report goes through esc(): cut when very long, on one line, control and bidi
// characters shown as visible escapes (src/text.ts), then HTML-escaped (`& < > " '`), so it is text in
// an element or a quoted attribute and never markup. Links are the template's own: in-page `#item-…`
// anchors, and attestation links only when they are http(s) URLs (anything else is shown as text).
// Class names are the template's own too: a status the template does not know gets none.
import type { Report } from '../model.js';
import { documentText, httpHref } from '../text.js';
import type { ReporterOptions } from './index.js';
import {
  ACCOUNT_COLUMNS,
  ACCOUNT_STATUS_WORDS,
  attestationLine,
  buildChecklistDocument,
  STATUS_WORDS,
  SUMMARY_COLUMNS,
  type ChecklistDocument,
  type DocEstate,
  type DocFinding,
  type DocItem,
  type DocStatus,
  type EvidenceGroup,
} from './checklist-document.js';

const CSS = `
:root{--line:#d0d7de;--muted:#57606a;--soft:#f6f8fa}
*{box-sizing:border-box}
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1b1f24;max-width:1100px;margin:2rem auto;padding:0 1.2rem;overflow-wrap:break-word}
li,p,blockquote,td,h1,h3{overflow-wrap:anywhere}.item-head h3{min-width:0}
h1{font-size:1.6rem;line-height:1.25;margin:0 0 1rem}
h2{font-size:1.25rem;margin:2.2rem 0 .8rem;border-bottom:2px solid var(--line);padding-bottom:.3rem}
h3{font-size:1.05rem;margin:0;line-height:1.35}
a{color:#0550ae}
table{border-collapse:collapse;width:100%;margin:.8rem 0}
th,td{border:1px solid var(--line);padding:.35rem .55rem;text-align:left;vertical-align:top}td{overflow-wrap:anywhere}
thead th{background:var(--soft)}
.facts{width:auto;min-width:60%}.facts th{background:var(--soft);width:13rem;font-weight:600}
.pillar td{background:#eef1f4;font-weight:600}
.num td,.num th{text-align:right}.num td:first-child,.num th:first-child{text-align:left}.num tr.total td{font-weight:700;background:var(--soft)}
.num td.zero{color:#8c959f}
.result{font-size:1.02rem}
.note{border:1px solid var(--line);border-left:4px solid #0969da;background:#f6f8fa;border-radius:6px;padding:.6rem 1rem;margin:1rem 0}
.note h2{border:0;margin:0 0 .3rem;padding:0;font-size:1.05rem}.note ul{margin:.2rem 0;padding-left:1.2rem}
.note.warning{border-left-color:#9a6700;background:#fff8c5}
.col-id{width:4.2rem}.col-met{width:7.5rem}td .badge{white-space:normal;overflow-wrap:normal;text-align:center}
.item{border:1px solid var(--line);border-radius:6px;padding:.9rem 1.2rem;margin:1rem 0}
.item-head{display:flex;gap:.8rem;align-items:baseline;justify-content:space-between}.item-head .status{white-space:nowrap}
blockquote{margin:.6rem 0;padding:.1rem .8rem;border-left:4px solid var(--line);color:var(--muted);font-size:.92rem}
.meta{width:auto;margin:.5rem 0}.meta th,.meta td{border:0;padding:.1rem 1rem .1rem 0}.meta th{font-weight:600;white-space:nowrap}
.sub{font-weight:600;margin:.8rem 0 .2rem}
ul.findings{margin:.2rem 0;padding-left:1.2rem}ul.findings li{margin:.2rem 0}
.attestation{background:var(--soft);border-radius:6px;padding:.5rem .9rem;margin:.6rem 0}.attestation ul{margin:.2rem 0;padding-left:1.2rem}
.badge{display:inline-block;padding:0 .5rem;border-radius:1rem;font-weight:600;font-size:.85rem;border:1px solid;white-space:nowrap;line-height:1.5}
.met{color:#116329;border-color:#1a7f37;background:#dafbe1}.not-met{color:#a40e26;border-color:#cf222e;background:#ffebe9}
.manual{color:#7d4e00;border-color:#9a6700;background:#fff8c5}.error,.not-assessed{color:#6639ba;border-color:#8250df;background:#fbefff}
.not-applicable{color:#424a53;border-color:#8c959f;background:#f6f8fa}
code{font-size:.85em;overflow-wrap:anywhere;word-break:break-all;background:var(--soft);padding:0 .2em;border-radius:3px}
small,.muted{color:var(--muted)}
footer{margin-top:3rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line);padding-top:.5rem}
@page{margin:14mm 12mm}
@media print{
body{max-width:none;margin:0;padding:0 1px;font-size:10pt}
a{color:inherit;text-decoration:none}
h2{break-after:avoid}h2.details{break-before:page}
.item{border:0;border-top:1px solid #8c959f;border-radius:0;padding:.6rem 0 .2rem;margin:.6rem 0}
.item-top,blockquote,.meta,tr,li,.attestation{break-inside:avoid}.sub{break-after:avoid}
.badge,.pillar td,thead th,.note,.attestation,.num tr.total td{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;

/** Only in a report of several accounts, so a one-account document is what it always was. */
const ESTATE_CSS = `
/* an estate: the accounts × items grid, the accounts table, each item's accounts */
.vh{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;margin:.4rem 0;padding:0;list-style:none;font-size:.85rem}.legend .g{display:inline-block;width:1.5rem;text-align:center;border:1px solid;border-radius:3px;margin-right:.3rem}
.grid-box{position:relative;overflow:auto;max-height:80vh;border:1px solid var(--line);border-radius:6px;margin:.6rem 0 1rem}
@media screen{.grid-box{width:max-content;max-width:calc(100vw - 2.4rem);left:50%;transform:translateX(-50%)}}
table.grid{border-collapse:separate;border-spacing:0;width:auto;margin:0;font-size:.78rem;line-height:1.2}
.grid th,.grid td{border:0;border-right:1px solid #fff;border-bottom:1px solid #fff;padding:0;text-align:center;vertical-align:middle}
.grid thead th{position:sticky;background:#fff;z-index:2;font-weight:600}
.grid thead tr.pillars th{top:0;height:1.5rem;border-bottom:1px solid var(--line);padding:0 .3rem;white-space:nowrap;text-align:left;color:var(--muted)}
.grid thead tr.ids th{top:1.5rem;height:1.6rem;border-bottom:1px solid var(--line)}
.grid thead th.corner{left:0;z-index:3;text-align:left;padding:0 .5rem;vertical-align:bottom;border-right:1px solid var(--line)}
.grid thead tr.ids th{font-size:.72rem}.grid thead tr.ids th a{display:block;min-width:1.3rem;padding:0 .1rem;text-decoration:none}
.grid .fit{width:0;min-width:100%;overflow:hidden;text-overflow:ellipsis}
.grid th.pillar-start,.grid td.pillar-start{border-left:2px solid #8c959f}
.grid tbody th{position:sticky;left:0;z-index:1;background:#fff;text-align:left;font-weight:400;padding:.15rem .5rem;white-space:nowrap;border-right:1px solid var(--line);max-width:20rem;overflow:hidden;text-overflow:ellipsis}
.grid tbody th .acct{font-variant-numeric:tabular-nums}.grid tbody th .name{color:var(--muted);margin-left:.4rem}.grid tbody th .badge{margin-left:.4rem;font-size:.7rem;padding:0 .35rem}
.grid tbody tr.estate-row th,.grid tbody tr.estate-row td{border-bottom:2px solid #57606a;font-weight:700;position:sticky;top:3.1rem;z-index:2}.grid tbody tr.estate-row th{z-index:3}
.grid td{height:1.45rem;min-width:1.3rem;font-weight:600}
.grid td.met,.legend .met{background:#aceebb;color:#116329}.grid td.not-met,.legend .not-met{background:#ff8182;color:#6e011a}
.grid td.manual,.legend .manual{background:#f5e0a3;color:#6b4400}.grid td.error,.legend .error{background:#d8b9ff;color:#3e1f79}
.grid td.not-applicable,.legend .not-applicable{background:#eaeef2;color:#57606a}.grid td.not-assessed,.legend .not-assessed{background:#fff;color:#57606a}
.badge.scanned{color:#116329;border-color:#1a7f37;background:#fff}
small.rule{display:block;color:var(--muted)}.accounts td:first-child{white-space:nowrap}.accounts td:nth-child(2),.accounts td:nth-child(3),.accounts th:nth-child(2),.accounts th:nth-child(3){text-align:left}
ul.accounts{margin:.1rem 0;padding-left:1.1rem}ul.accounts li{margin:.1rem 0}
@media print{
.grid td,.legend .g{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.grid-box{overflow:visible;max-height:none;border:0}table.grid,.grid thead tr.ids th,.grid tbody th .badge{font-size:6pt}.grid td,.grid thead tr.ids th a{min-width:0}.grid th,.grid tbody tr.estate-row td{position:static}
}
`;

export function renderHtml(report: Report, _options?: ReporterOptions): string {
  const doc = buildChecklistDocument(report);
  const facts = doc.facts.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('');
  const limitations = doc.limitations.length
    ? `<div class="note warning" role="note"><strong>Scan limitations</strong><ul>${doc.limitations.map((l) => `<li>${esc(l)}</li>`).join('')}</ul></div>`
    : '';
  const howTo = `<section class="note" aria-labelledby="how-to-read"><h2 id="how-to-read">How to read this document</h2><ul>${doc.howToRead
    .map((p) => `<li>${esc(p)}</li>`)
    .join('')}</ul></section>`;
  const result = `<p class="result"><strong>Result:</strong> ${esc(doc.summary)}</p>${limitations}`;
  // An estate opens with its picture (look before read): the result, the accounts × items grid, then the facts.
  const header = doc.estate ? `${result}\n${estateGrid(doc)}\n<table class="facts">${facts}</table>` : `<table class="facts">${facts}</table>\n${result}`;
  const summaryHead = `<tr><th scope="col">Pillar</th><th scope="col">Items</th>${SUMMARY_COLUMNS.map(([, h]) => `<th scope="col">${esc(h)}</th>`).join('')}</tr>`;
  const summaryRows = doc.pillarSummary
    .map((row, n) => {
      const total = n === doc.pillarSummary.length - 1;
      const cells = SUMMARY_COLUMNS.map(([k]) => `<td${row.counts[k] ? '' : ' class="zero"'}>${row.counts[k]}</td>`).join('');
      return `<tr${total ? ' class="total"' : ''}><td>${esc(row.title)}</td><td>${row.total}</td>${cells}</tr>`;
    })
    .join('');
  const estate = doc.estate !== undefined;
  const accountsHead = estate ? '<th scope="col">Accounts</th>' : '';
  const actions = doc.actions.length
    ? `<table><thead><tr><th class="col-id" scope="col">Item</th><th scope="col">Title</th><th class="col-met" scope="col">Met Y/N</th><th scope="col">Reason</th>${accountsHead}</tr></thead><tbody>${doc.actions
        .map(
          (i) =>
            `<tr><td><a href="#item-${i.id}">${i.id}</a></td><td>${esc(i.title)}</td><td>${badge(i.statusClass, i.met)}</td><td>${esc(i.action ?? '')}</td>` +
            `${estate ? `<td>${esc(i.accountsBrief ?? '')}</td>` : ''}</tr>`,
        )
        .join('')}</tbody></table>`
    : '<p>None: every item that applies is met.</p>';
  const rows = doc.sections
    .map(
      (s) =>
        `<tr class="pillar"><td colspan="${estate ? 6 : 5}">${esc(s.title)}</td></tr>` +
        s.items
          .map(
            (i) =>
              `<tr><td><a href="#item-${i.id}">${i.id}</a></td><td>${esc(i.title)}</td><td>${esc(i.applies)}</td>` +
              `<td>${badge(i.statusClass, i.met)}</td><td>${esc(i.decidedBy)}</td>${estate ? `<td>${esc(i.accountsCount ?? '')}</td>` : ''}</tr>`,
          )
          .join(''),
    )
    .join('');
  const sections = doc.sections.map((s) => `<h2 class="details">${esc(s.title)}</h2>${s.items.map(renderItem).join('')}`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(doc.title)}</title><style>${CSS}${doc.estate ? ESTATE_CSS : ''}</style></head>
<body><header><h1>${esc(doc.title)}</h1>
${header}</header>
<main>${howTo}
<h2>Summary by pillar</h2>
<table class="num"><thead>${summaryHead}</thead><tbody>${summaryRows}</tbody></table>
${doc.estate ? `${accountsTable(doc.estate)}\n` : ''}<h2>Items needing action (${doc.actions.length})</h2>
${actions}
<h2>Checklist</h2>
<table><thead><tr><th class="col-id" scope="col">Item</th><th scope="col">Title</th><th scope="col">Applies</th><th class="col-met" scope="col">Met Y/N</th><th scope="col">Decided by</th>${accountsHead}</tr></thead><tbody>${rows}</tbody></table>
${sections}</main>
<footer>Generated by cmt-audit from the JSON report; the report holds every finding and its evidence.</footer>
</body></html>
`;
}

function renderItem(i: DocItem): string {
  const word = i.met === 'Y' || i.met === 'N' ? ` <span class="muted">(${esc(i.statusWord.toLowerCase())})</span>` : '';
  const meta = [`<tr><th scope="row">Applies to this deployment model</th><td>${esc(i.applies)}</td></tr>`];
  if (i.selected) meta.unshift(`<tr><th scope="row">Decided by</th><td>${esc(i.decidedBy)}</td></tr>`);
  if (i.selected && i.status !== 'not-applicable') meta.push(`<tr><th scope="row">Assessed by</th><td>${esc(i.assessedBy)}</td></tr>`);
  if (i.selected && i.status !== 'not-applicable' && i.accountGroups) {
    const total = i.cells?.length ?? 0;
    const groups = i.accountGroups.map((g) => `<li>${badge(g.statusClass, g.word)} in ${g.accounts.length} of ${total}: ${esc(g.accounts.join(', '))}</li>`).join('');
    const rule = i.accountsRule ? `<small class="rule">${esc(i.accountsRule)}</small>` : '';
    meta.push(`<tr><th scope="row">In each account</th><td>${rule}<ul class="accounts">${groups}</ul></td></tr>`);
  }
  const parts = [
    `<section class="item" id="item-${i.id}"><div class="item-top"><div class="item-head"><h3>${i.id} ${esc(i.title)}</h3><span class="status"><span class="muted">Met Y/N</span> ${badge(i.statusClass, i.met)}${word}</span></div>`,
    `<blockquote>${esc(i.requirement)}</blockquote>`,
    `<table class="meta">${meta.join('')}</table></div>`,
  ];
  if (!i.selected) parts.push('<p>Not assessed in this scan (excluded by --checks / --skip-checks).</p>');
  else if (i.status !== 'not-applicable') {
    if (i.evidence.length) parts.push(`<p class="sub">Automated evidence</p><ul class="findings">${i.evidence.map((g) => renderGroup(g, true)).join('')}</ul>`);
    if (i.toConfirm) {
      parts.push(`<p class="sub">For people to confirm <small>(the attestation answers these)</small></p><ul class="findings">${renderGroup(i.toConfirm, false)}</ul>`);
    }
    if (i.attestation) {
      const a = i.attestation;
      const links = (a.links ?? [])
        .map((l) => {
          const href = httpHref(l);
          return href ? `<li>Link: <a href="${html(href)}">${esc(l)}</a></li>` : `<li>Link (not an http(s) URL, not linked): ${esc(l)}</li>`;
        })
        .join('');
      const state = a.state === 'applied' ? '' : a.state === 'expired' ? ' <span class="badge manual">Expired</span>' : ' <span class="badge not-applicable">Not used</span>';
      parts.push(
        `<div class="attestation"><p class="sub">Attestation${state}</p><ul><li>${esc(attestationLine(a))}</li><li>Evidence: ${esc(a.evidence)}</li>${links}</ul></div>`,
      );
    } else if (i.status === 'manual') {
      parts.push('<p><strong>Attestation:</strong> none yet — add one to the config file (<code>cmt-audit init</code> lists the items).</p>');
    }
    if (i.remediation) parts.push(`<p><strong>Remediation:</strong> ${esc(i.remediation)}</p>`);
  }
  parts.push('</section>');
  return parts.join('');
}

function renderGroup(g: EvidenceGroup, withStatus: boolean): string {
  if (g.count) return `<li>${badge(g.status, STATUS_WORDS[g.status])} ${esc(g.count)}, listed in the JSON report</li>`;
  const lis = g.findings.map((f) => `<li>${withStatus ? `${badge(f.status, STATUS_WORDS[f.status])} ` : ''}${finding(f)}</li>`).join('');
  return lis + (g.more ? `<li>… and ${g.more} more (see the JSON report)</li>` : '');
}

function finding(f: DocFinding): string {
  return `<code>${esc(f.resource)}</code>${f.where ? ` (${esc(f.where)})` : ''} — ${esc(f.message)}${f.ownView ? ` <small>(${esc(f.ownView)})</small>` : ''}${f.suppressed ? ` <strong>(${esc(f.suppressed)})</strong>` : ''}`;
}

/** What each cell of the estate's grid shows besides its colour (the legend says it in words). */
const GRID_MARKS: Record<DocStatus, string> = {
  met: 'Y',
  'not-met': 'N',
  manual: 'P',
  'not-applicable': '–',
  error: '!',
  'not-assessed': '·',
};

/**
 * The picture of an estate: accounts × items, the estate's row on top, items grouped by pillar. Each cell is
 * coloured by the item's status in that account and says it: a mark (Y, N, P, –, !) for the eye, the words
 * for a screen reader (visually hidden), and a title naming account, item and status for the pointer. The
 * table scrolls inside its own box, the account column and the item ids staying in view.
 */
function estateGrid(doc: ChecklistDocument): string {
  const estate = doc.estate!;
  const statuses = new Set<DocStatus>(['met', 'not-met', 'manual', 'not-applicable', 'error']);
  for (const i of doc.sections.flatMap((s) => s.items)) if (!i.selected) statuses.add('not-assessed');
  const legend = [...statuses]
    .map((st) => `<li><span class="g ${st}" aria-hidden="true">${GRID_MARKS[st]}</span>${esc(ACCOUNT_STATUS_WORDS[st])}</li>`)
    .join('');
  const pillars = doc.sections
    .map((s) => `<th scope="colgroup" colspan="${s.items.length}" class="pillar-start" title="${esc(s.title)}"><div class="fit">${esc(s.title)}</div></th>`)
    .join('');
  // Under its pillar, an item shows the number after the dot (25 for 1.25); the pillar's is there for screen readers.
  const ids = doc.sections
    .flatMap((s) =>
      s.items.map((i, n) => {
        const [pillar, number] = i.id.split('.');
        return `<th scope="col"${n === 0 ? ' class="pillar-start"' : ''}><a href="#item-${i.id}" title="${esc(`${i.id} ${i.title}`)}"><span class="vh">${pillar}.</span>${number}</a></th>`;
      }),
    )
    .join('');
  const cell = (i: DocItem, n: number, who: string, status: DocStatus, word: string) =>
    `<td class="${n === 0 ? 'pillar-start ' : ''}${STATUS_CLASSES.has(status) ? status : ''}" title="${esc(`${who} · ${i.id}: ${word}`)}">` +
    `<span aria-hidden="true">${GRID_MARKS[status] ?? '?'}</span><span class="vh">${esc(word)}</span></td>`;
  const estateCells = doc.sections
    .flatMap((s) => s.items.map((i, n) => cell(i, n, 'Estate', i.statusClass, i.selected ? ACCOUNT_STATUS_WORDS[i.statusClass] : ACCOUNT_STATUS_WORDS['not-assessed'])))
    .join('');
  const rows = estate.accounts
    .map((a, k) => {
      const cells = doc.sections.flatMap((s) => s.items.map((i, n) => cell(i, n, a.label, i.cells![k].statusClass, i.cells![k].word))).join('');
      const name = a.name ? `<span class="name">${esc(a.name)}</span>` : '';
      const failed = a.scanned ? '' : `<span class="badge error">not scanned</span>`;
      return `<tr><th scope="row" title="${esc(a.label)}${a.scanned ? '' : ' (not scanned)'}"><span class="acct">${esc(a.id)}</span>${failed}${name}</th>${cells}</tr>`;
    })
    .join('');
  const failed = estate.accounts.filter((a) => !a.scanned).length;
  return (
    `<section aria-labelledby="estate-grid"><h2 id="estate-grid">The estate at a glance: ${estate.accounts.length} accounts × ${doc.sections.reduce((n, s) => n + s.items.length, 0)} items</h2>` +
    `<p>Each row is an account (the estate on top), each column a checklist item; a cell is the item's status in that account. ` +
    `The estate's is N when any account's is, except for 2.13 and 3.3 (see those items)` +
    `${failed ? `. ${failed} account${failed === 1 ? '' : 's'} could not be scanned: every item it could not check is not assessed` : ''}.</p>` +
    `<ul class="legend" aria-label="Legend">${legend}</ul>` +
    `<div class="grid-box" role="region" aria-labelledby="estate-grid" tabindex="0"><table class="grid">` +
    `<thead><tr class="pillars"><th scope="col" rowspan="2" class="corner">Account</th>${pillars}</tr><tr class="ids">${ids}</tr></thead>` +
    `<tbody><tr class="estate-row"><th scope="row">Estate (${estate.accounts.length} accounts)</th>${estateCells}</tr>${rows}</tbody></table></div></section>`
  );
}

/** The per-account summary: scanned or not (and why), and the items each account has met, not met, pending, not assessed. */
function accountsTable(estate: DocEstate): string {
  const head = `<tr><th scope="col">Account</th><th scope="col">Name</th><th scope="col">Scan</th>${ACCOUNT_COLUMNS.map(([, h]) => `<th scope="col">${esc(h)}</th>`).join('')}</tr>`;
  const rows = estate.accounts
    .map((a) => {
      const scan = a.scanned ? '<span class="badge scanned">Scanned</span>' : `<span class="badge error">Not scanned</span> ${esc(a.error ?? 'no reason recorded')}`;
      const counts = ACCOUNT_COLUMNS.map(([k]) => `<td${a.counts[k] ? '' : ' class="zero"'}>${a.counts[k]}</td>`).join('');
      return `<tr><td>${esc(a.id)}</td><td>${esc(a.name ?? '')}</td><td>${scan}</td>${counts}</tr>`;
    })
    .join('');
  const note = estate.attestedNote ? `<p class="muted">${esc(estate.attestedNote)}</p>` : '';
  return `<h2 id="accounts">Accounts (${estate.accounts.length})</h2>\n<table class="num accounts"><thead>${head}</thead><tbody>${rows}</tbody></table>${note}`;
}

/** The status classes the stylesheet knows. */
const STATUS_CLASSES = new Set<string>(['met', 'not-met', 'manual', 'not-applicable', 'error', 'not-assessed']);

function badge(status: DocStatus | DocFinding['status'], label: string): string {
  return `<span class="badge${STATUS_CLASSES.has(status) ? ` ${status}` : ''}">${esc(label)}</span>`;
}

/** A value as HTML text or a quoted attribute value: cut, one line, no control character, escaped. */
export function esc(s: string): string {
  return html(documentText(s));
}

function html(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
