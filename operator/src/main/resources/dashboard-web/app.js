// Bulkhead dashboard: plain modules, no build step. Everything shown comes from /api/v1alpha1 with the reader's own
// Kubernetes token (kept in sessionStorage, sent as a bearer token, never in a cookie). Text is always set with
// textContent, never parsed as HTML.

const TOKEN_KEY = 'bulkhead.token';
const REFRESH_MS = 10000;
const SVG = 'http://www.w3.org/2000/svg';
const STATE_COLORS = {
  Released: '#2e7d32', Progressing: '#1565c0', RolledBack: '#c62828', Paused: '#ef6c00', Frozen: '#6a1b9a',
  Pending: '#9e9e9e',
};
const VERDICT_COLORS = {
  Pass: '#2e7d32', Fail: '#c62828', Inconclusive: '#5c7cfa', NoData: '#b0b7c3', Error: '#ef6c00',
  EnvironmentIncident: '#6a1b9a',
};
const ACTIONS = [
  { action: 'promote', label: 'Promote', title: 'Enter the next step now (skips the bake, passes a manual gate)' },
  { action: 'promote-full', label: 'Promote fully', title: 'Expose every segment fully and promote', confirm: true },
  { action: 'pause', label: 'Pause', title: 'Hold the rollout' },
  { action: 'resume', label: 'Resume', title: 'Continue the rollout' },
  { action: 'abort', label: 'Abort', title: 'Return every tenant to stable and stop', confirm: true, danger: true },
  { action: 'retry', label: 'Retry', title: 'Release the same revision again after a rollback' },
];

let refreshTimer = null;
// Each route() starts a new view; a fetch that returns after the reader moved on must not draw over the new one.
let generation = 0;

// ---- small DOM helpers ----------------------------------------------------------------------------------------
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'text') el.textContent = value;
    else if (key === 'onclick') el.addEventListener('click', value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'color') el.style.background = value;
    else el.setAttribute(key, value);
  }
}

function append(el, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

function badge(value) {
  return value ? h('span', { class: `badge ${value}`, text: value }) : h('span', { class: 'muted', text: '—' });
}

function table(headers, rows, attrs = {}) {
  return h('table', attrs,
    h('thead', {}, h('tr', {}, headers.map((c) => h('th', { class: c.num ? 'num' : null, text: c.label ?? c })))),
    h('tbody', {}, rows));
}

function td(value, attrs = {}) {
  return h('td', attrs, value === null || value === undefined || value === '' ? '—' : value);
}

function num(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return Number(value).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function percent(ratio, digits = 2) {
  return ratio === null || ratio === undefined ? '—' : `${num(ratio * 100, digits)}%`;
}

function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

// ---- API ----------------------------------------------------------------------------------------------------------
function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

async function api(path, options = {}) {
  const headers = { Accept: 'application/json' };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method: options.method || 'GET', headers, credentials: 'omit', cache: 'no-store',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  let body = null;
  try { body = await response.json(); } catch { body = null; }
  if (!response.ok) {
    const error = new Error(body && body.message ? body.message : response.statusText);
    error.status = response.status;
    error.reason = body && body.reason ? body.reason : response.statusText;
    throw error;
  }
  return body;
}

function describeError(error) {
  return error.status ? `${error.status} ${error.reason}: ${error.message}` : `The dashboard API cannot be reached: ${error.message}`;
}

function showError(error) {
  const banner = document.getElementById('error');
  banner.replaceChildren();
  if (!error) { banner.hidden = true; return; }
  banner.hidden = false;
  banner.append(describeError(error));
  if (error.status === 401) {
    banner.append(h('div', { class: 'muted', text: 'Paste a Kubernetes token above, e.g. from `kubectl create token <service-account>`; the dashboard checks it with a TokenReview and shows what your RBAC lets you list.' }));
  }
}

async function whoami() {
  const el = document.getElementById('whoami');
  try {
    const me = await api('/api/v1alpha1/whoami');
    el.textContent = me.anonymous ? 'anonymous (read-only)' : `signed in as ${me.username}`;
  } catch (error) {
    el.textContent = error.status === 401 ? 'no valid token' : '';
  }
}

// ---- routing --------------------------------------------------------------------------------------------------
function route() {
  clearInterval(refreshTimer);
  const view = ++generation;
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'namespaces' && parts[2] === 'rollouts' && parts[3]) {
    showRollout(view, parts[1], parts[3]);
    refreshTimer = setInterval(() => { if (!document.hidden) refreshRollout(view, parts[1], parts[3]); }, REFRESH_MS);
  } else {
    showList(view);
    refreshTimer = setInterval(() => { if (!document.hidden) showList(view); }, REFRESH_MS);
  }
}

function current(view) {
  return view === generation;
}

function rolloutHash(namespace, name) {
  return `#/namespaces/${encodeURIComponent(namespace)}/rollouts/${encodeURIComponent(name)}`;
}

// ---- the list ---------------------------------------------------------------------------------------------------
async function showList(generationOfView) {
  let rollouts;
  let slos = null;
  let sloError = null;
  try {
    rollouts = await api('/api/v1alpha1/rollouts');
  } catch (error) {
    if (!current(generationOfView)) return;
    showError(error);
    document.getElementById('view').replaceChildren(h('p', { class: 'muted', text: 'No rollouts to show.' }));
    return;
  }
  try {
    slos = await api('/api/v1alpha1/servicelevelobjectives');
  } catch (error) {
    sloError = error;
  }
  if (!current(generationOfView)) return;
  showError(null);
  document.getElementById('view').replaceChildren(
    h('h1', { text: 'Rollouts' }),
    rollouts.items.length === 0
      ? h('p', { class: 'muted', text: 'No Rollout in the namespaces the operator watches.' })
      : table(['Namespace', 'Rollout', 'Phase', 'Segments', 'Exposure', 'Release', 'Revisions'],
        rollouts.items.map((r) => h('tr', { dataset: { rollout: `${r.namespace}/${r.name}` } },
          td(r.namespace),
          td(h('a', { href: rolloutHash(r.namespace, r.name), text: r.name })),
          td(badge(r.phase)),
          td(miniRings(r.segments)),
          td(r.exposure),
          td(r.release),
          td(`${r.stableRevision ?? '—'} → ${r.canaryRevision ?? '—'}`))),
      { id: 'rollouts' }),
    h('h2', { text: 'Service-level objectives' }),
    sloError ? h('p', { class: 'muted', text: describeError(sloError) })
      : slos.items.length === 0 ? h('p', { class: 'muted', text: 'No ServiceLevelObjective in the watched namespaces.' })
        : table(['Namespace', 'SLO', 'Phase', 'Window', 'Frozen', 'Budget remaining by segment'],
          slos.items.map((o) => h('tr', { dataset: { slo: `${o.namespace}/${o.name}` } },
            td(o.namespace), td(o.name), td(badge(o.phase)), td(o.window), td(o.frozenSegments),
            td(o.segments.map((b) => h('span', { class: b.exhausted ? 'hot' : null, text: `${b.name} ${num(b.budgetRemaining, 1)}%  ` }))))),
          { id: 'slos' }));
}

function miniRings(segments) {
  const size = 22;
  const svg = s('svg', { width: segments.length * (size + 4), height: size, class: 'mini-rings' });
  segments.forEach((seg, i) => {
    const g = s('g', { transform: `translate(${i * (size + 4) + size / 2},${size / 2})` });
    g.append(s('title', { text: `${seg.name}: ${seg.state ?? 'Pending'}, ${seg.exposedPercent ?? 0}%` }));
    g.append(track(8, seg.state, 4));
    g.append(arc(8, seg.exposedPercent ?? 0, STATE_COLORS[seg.state] || STATE_COLORS.Pending, 4));
    svg.append(g);
  });
  return svg;
}

/** The whole ring, faintly in the segment's state colour, so a segment rolled back to 0% still reads red. */
function track(radius, state, width) {
  const color = STATE_COLORS[state] || STATE_COLORS.Pending;
  return s('circle', { r: radius, fill: 'none', stroke: color, 'stroke-opacity': state && state !== 'Pending' ? 0.22 : 0.18, 'stroke-width': width, class: 'track' });
}

/** A circle whose stroke covers `percent` of the circumference, starting at twelve o'clock. */
function arc(radius, percent, color, width) {
  const circumference = 2 * Math.PI * radius;
  const length = Math.max(0, Math.min(100, percent)) / 100 * circumference;
  return s('circle', {
    r: radius, fill: 'none', stroke: color, 'stroke-width': width, transform: 'rotate(-90)',
    'stroke-dasharray': `${length} ${circumference}`, class: 'exposure',
  });
}

// ---- one rollout ------------------------------------------------------------------------------------------------
async function showRollout(generationOfView, namespace, name) {
  const view = document.getElementById('view');
  const result = h('div', { id: 'action-result', hidden: true, role: 'status' });
  const body = h('div', { id: 'rollout-body' }, h('p', { class: 'muted', text: 'Loading…' }));
  view.replaceChildren(
    h('p', {}, h('a', { href: '#/', text: '← all rollouts' })),
    h('h1', { id: 'rollout-title', text: `${namespace} / ${name}` }),
    h('section', { class: 'card' },
      h('div', { class: 'actions', id: 'actions' },
        ACTIONS.map((a) => h('button', {
          type: 'button', class: a.danger ? 'danger' : null, title: a.title, dataset: { action: a.action },
          onclick: () => act(generationOfView, namespace, name, a, result),
        }, a.label)),
        h('span', { class: 'muted', text: 'Actions run as the user of your token; the operator applies them on its next reconcile.' })),
      result),
    body);
  await refreshRollout(generationOfView, namespace, name);
}

async function refreshRollout(generationOfView, namespace, name) {
  let detail;
  try {
    detail = await api(`/api/v1alpha1/namespaces/${encodeURIComponent(namespace)}/rollouts/${encodeURIComponent(name)}`);
  } catch (error) {
    if (!current(generationOfView)) return;
    showError(error);
    document.getElementById('rollout-body').replaceChildren();
    return;
  }
  if (!current(generationOfView)) return;
  showError(null);
  document.getElementById('rollout-body').replaceChildren(...renderRollout(detail));
}

async function act(generationOfView, namespace, name, action, result) {
  result.hidden = false;
  result.className = '';
  if (!token()) {
    result.className = 'error';
    result.textContent = 'Enter a Kubernetes token first: actions run as your own identity.';
    return;
  }
  if (action.confirm && !window.confirm(`${action.label} ${namespace}/${name}? ${action.title}.`)) {
    result.hidden = true;
    return;
  }
  result.textContent = `Requesting ${action.action}…`;
  try {
    const accepted = await api(`/api/v1alpha1/namespaces/${encodeURIComponent(namespace)}/rollouts/${encodeURIComponent(name)}/actions`,
      { method: 'POST', body: { action: action.action } });
    result.className = 'ok';
    result.textContent = `${accepted.action} requested as ${accepted.actor}; the operator applies it and records it in the history.`;
  } catch (error) {
    result.className = 'error';
    result.textContent = describeError(error);
  }
  await refreshRollout(generationOfView, namespace, name);
}

function renderRollout(d) {
  const parts = [];
  parts.push(h('section', { class: 'card' },
    h('dl', { class: 'facts' },
      h('dt', { text: 'Phase' }), h('dd', {}, badge(d.phase)),
      h('dt', { text: 'Exposure' }), h('dd', { id: 'exposure', text: d.exposure ?? '—' }),
      h('dt', { text: 'Release' }), h('dd', { text: d.release ?? '—' }),
      h('dt', { text: 'Revisions' }), h('dd', { text: `stable ${d.stableRevision ?? '—'}, releasing ${d.canaryRevision ?? '—'}` }),
      h('dt', { text: 'Generation' }), h('dd', { text: `${d.generation ?? '—'} (status observed ${d.observedGeneration ?? '—'})` }),
      d.pendingAction && h('dt', { text: 'Pending action' }),
      d.pendingAction && h('dd', { id: 'pending-action', text: `${d.pendingAction.action} by ${d.pendingAction.actor ?? 'unknown'} (not applied yet)` }))));
  if (d.notes.length) parts.push(h('div', { class: 'banner', id: 'notes' }, d.notes.map((n) => h('div', { text: n }))));

  parts.push(h('h2', { text: 'Segments' }), h('section', { class: 'card rings', id: 'rings' }, rings(d.segments), segmentTable(d)));
  parts.push(h('h2', { text: 'Burn rates and budgets' }), burnRates(d.segments));
  parts.push(h('h2', { text: 'Verdicts over time' }), verdictTimeline(d), verdictTable(d.verdicts));
  parts.push(h('h2', { text: 'Customer impact' }), impact(d));
  parts.push(h('h2', { text: 'Conditions' }), table(['Type', 'Status', 'Reason', 'Message', 'Since'],
    d.conditions.map((c) => h('tr', { dataset: { condition: c.type } }, td(c.type), td(badge(c.status)), td(c.reason), td(c.message), td(time(c.lastTransitionTime)))),
    { id: 'conditions' }));
  parts.push(h('h2', { text: 'History' }), table(['Time', 'Phase', 'Segment', 'Reason', 'Message', 'Actor'],
    d.history.slice().reverse().map((e) => h('tr', {}, td(time(e.time)), td(badge(e.phase)), td(e.segment), td(e.reason), td(e.message), td(e.actor))),
    { id: 'history' }));
  return parts;
}

/** Concentric rings, the first segment innermost: grey track, coloured arc for the exposed percent. */
function rings(segments) {
  const size = 320;
  const center = size / 2;
  const inner = 34;
  const gap = 5;
  const width = Math.max(8, Math.min(26, (center - inner - 6) / Math.max(1, segments.length) - gap));
  const svg = s('svg', { width: size, height: size, viewBox: `0 0 ${size} ${size}`, role: 'img', 'aria-label': 'Segments as rings, innermost first' });
  const group = s('g', { transform: `translate(${center},${center})` });
  segments.forEach((seg, i) => {
    const radius = inner + i * (width + gap) + width / 2;
    const color = STATE_COLORS[seg.state] || STATE_COLORS.Pending;
    const ring = s('g', { class: 'ring', dataset: { segment: seg.name, state: seg.state ?? 'Pending', exposed: seg.exposedPercent ?? 0 } });
    ring.append(s('title', { text: `${seg.name}: ${seg.state ?? 'Pending'}, ${seg.exposedPercent ?? 0}% of tenants exposed${seg.verdict ? `, last verdict ${seg.verdict}` : ''}` }));
    ring.append(track(radius, seg.state, width));
    ring.append(arc(radius, seg.exposedPercent ?? 0, color, width));
    if (seg.state === 'RolledBack') {
      ring.append(s('circle', { r: radius, fill: 'none', stroke: color, 'stroke-width': 2, 'stroke-dasharray': '4 4' }));
    }
    group.append(ring);
  });
  // Labels last, on top of every ring, at twelve o'clock of their own ring, with a white halo to stay legible.
  segments.forEach((seg, i) => {
    const radius = inner + i * (width + gap) + width / 2;
    group.append(s('text', {
      x: 0, y: -radius, 'text-anchor': 'middle', 'dominant-baseline': 'central', 'font-size': 11, 'font-weight': 600,
      fill: '#1d2330', stroke: '#fff', 'stroke-width': 3, 'paint-order': 'stroke', class: 'ring-label',
      text: `${seg.name} ${seg.exposedPercent ?? 0}%`,
    }));
  });
  group.append(s('text', { 'text-anchor': 'middle', 'dominant-baseline': 'middle', 'font-size': 11, fill: '#667085', text: 'first' }));
  svg.append(group);
  return svg;
}

function segmentTable(d) {
  return table(['Segment', 'State', 'Step', { label: 'Exposed', num: true }, 'Verdict', { label: 'Budget left', num: true }, 'Latest analysis'],
    d.segments.map((seg) => h('tr', { dataset: { segment: seg.name } },
      td(h('span', {}, h('span', { class: 'swatch', color: STATE_COLORS[seg.state] || STATE_COLORS.Pending }), seg.name)),
      td(badge(seg.state)),
      td(seg.step === null || seg.step === undefined || seg.step < 0 ? '—' : `${seg.step + 1}`),
      td(`${seg.exposedPercent ?? 0}%${seg.tenants ? ` (${seg.exposedTenants ?? 0}/${seg.tenants})` : ''}`, { class: 'num' }),
      td(badge(seg.verdict), { title: seg.verdictMessage ?? '' }),
      td(seg.budgetRemaining === null || seg.budgetRemaining === undefined ? '—' : `${num(seg.budgetRemaining, 1)}%`, { class: 'num' }),
      td(seg.verdictMessage ? h('span', { class: 'muted', text: seg.verdictMessage }) : '—'))),
    { id: 'segments' });
}

function burnRates(segments) {
  const rows = segments.flatMap((seg) => seg.burnRates.map((b) => ({ segment: seg.name, ...b })));
  if (!rows.length) return h('p', { class: 'muted', id: 'burn-rates', text: 'No burn rates: the SLOs have not been evaluated yet, or are hidden from you.' });
  const windows = [...new Set(rows.flatMap((r) => Object.keys(r.windows)))].sort(byDuration);
  return table(['Segment', 'SLO', 'Indicator', { label: 'Budget left', num: true }, ...windows.map((w) => ({ label: `burn ${w}`, num: true })), 'Firing'],
    rows.map((r) => h('tr', { dataset: { segment: r.segment } },
      td(r.segment), td(r.slo ?? 'canary'), td(r.indicator),
      td(r.budgetRemaining === null || r.budgetRemaining === undefined ? '—' : `${num(r.budgetRemaining, 1)}%`, { class: 'num' }),
      windows.map((w) => td(num(r.windows[w], 2), { class: r.windows[w] > 1 ? 'num hot' : 'num' })),
      td(r.firing.length ? h('span', { class: 'hot', text: r.firing.join(', ') }) : '—'))),
    { id: 'burn-rates' });
}

function byDuration(a, b) {
  const unit = { s: 1, m: 60, h: 3600, d: 86400 };
  const seconds = (w) => { const m = /^(\d+)([smhd])$/.exec(w); return m ? Number(m[1]) * unit[m[2]] : Number.MAX_VALUE; };
  return seconds(a) - seconds(b);
}

/** One row per segment, a dot per verdict, ticks for the transitions the history names. */
function verdictTimeline(d) {
  const points = d.verdicts.filter((v) => v.time);
  const transitions = d.history.filter((e) => e.time && e.segment);
  if (!points.length) return h('p', { class: 'muted', id: 'verdicts', text: 'No verdict yet.' });
  const times = [...points, ...transitions].map((p) => new Date(p.time).getTime());
  const start = Math.min(...times);
  const end = Math.max(...times);
  const left = 90; const right = 20; const row = 28; const width = 760;
  const names = d.segments.map((x) => x.name);
  const height = names.length * row + 40;
  const x = (t) => left + (end === start ? 0.5 : (new Date(t).getTime() - start) / (end - start)) * (width - left - right);
  const svg = s('svg', { width, height, viewBox: `0 0 ${width} ${height}`, id: 'verdicts', role: 'img', 'aria-label': 'Verdicts over time per segment' });
  names.forEach((name, i) => {
    const y = 20 + i * row;
    svg.append(s('text', { x: 4, y: y + 4, 'font-size': 12, fill: '#1d2330', text: name }));
    svg.append(s('line', { x1: left, x2: width - right, y1: y, y2: y, stroke: '#e4e7ec' }));
  });
  for (const e of transitions) {
    const i = names.indexOf(e.segment);
    if (i < 0) continue;
    const y = 20 + i * row;
    const tick = s('line', { x1: x(e.time), x2: x(e.time), y1: y - 9, y2: y + 9, stroke: '#98a2b3', 'stroke-width': 2 });
    tick.append(s('title', { text: `${time(e.time)} ${e.reason}: ${e.message}` }));
    svg.append(tick);
  }
  for (const v of points) {
    const i = names.indexOf(v.segment);
    if (i < 0) continue;
    const dot = s('circle', { cx: x(v.time), cy: 20 + i * row, r: 6, fill: VERDICT_COLORS[v.verdict] || '#667085', class: 'verdict', dataset: { segment: v.segment, verdict: v.verdict } });
    dot.append(s('title', { text: `${time(v.time)} ${v.segment}: ${v.verdict} on ${v.indicator} (${v.reason}); canary ${percent(v.canaryRate, 3)} vs stable ${percent(v.stableRate, 3)}` }));
    svg.append(dot);
  }
  const axis = height - 8;
  svg.append(s('text', { x: left, y: axis, 'font-size': 11, fill: '#667085', text: time(new Date(start).toISOString()) }));
  svg.append(s('text', { x: width - right, y: axis, 'font-size': 11, fill: '#667085', 'text-anchor': 'end', text: time(new Date(end).toISOString()) }));
  const legend = h('div', { class: 'muted' }, Object.entries(VERDICT_COLORS).map(([k, c]) => h('span', {}, h('span', { class: 'swatch', color: c }), `${k}  `)),
    'grey ticks: transitions (steps, releases, rollbacks)');
  return h('section', { class: 'card timeline' }, svg, legend);
}

function verdictTable(verdicts) {
  if (!verdicts.length) return null;
  return h('details', {},
    h('summary', { text: `The ${verdicts.length} latest verdicts with their numbers` }),
    table(['Time', 'Segment', 'Verdict', 'Indicator', { label: 'Canary bad/events', num: true }, { label: 'Stable bad/events', num: true }, { label: 'Statistic / threshold', num: true }, 'Reason'],
      verdicts.slice().reverse().map((v) => h('tr', {},
        td(time(v.time)), td(v.segment), td(badge(v.verdict)), td(v.indicator),
        td(`${num(v.canaryBad)}/${num(v.canaryEvents)} (${percent(v.canaryRate, 3)})`, { class: 'num' }),
        td(`${num(v.stableBad)}/${num(v.stableEvents)} (${percent(v.stableRate, 3)})`, { class: 'num' }),
        td(`${num(v.statistic, 2)} / ${num(v.threshold, 2)}`, { class: 'num' }),
        td(v.reason)))));
}

/** Impacted tenants grouped by segment (release order), worst first inside each. */
function impact(d) {
  const i = d.impact;
  const summary = h('p', { id: 'impact-summary' },
    `${num(i.tenantsAffected)} of ${num(i.tenantsExposed)} exposed tenants saw bad requests from the new revision: `
    + `${num(i.badRequests)} bad of ${num(i.requests)} requests.`,
    i.complete ? '' : h('span', { class: 'muted', text: ' (Only the most affected tenants are listed.)' }));
  if (!i.tenants.length) return h('section', { class: 'card' }, summary, h('p', { class: 'muted', text: 'No tenant has been served by the new revision.' }));
  const order = d.segments.map((x) => x.name);
  const bySegment = new Map();
  for (const t of i.tenants) {
    if (!bySegment.has(t.segment)) bySegment.set(t.segment, []);
    bySegment.get(t.segment).push(t);
  }
  const segments = [...bySegment.keys()].sort((a, b) => rank(order, a) - rank(order, b));
  const rows = [];
  for (const segment of segments) {
    const tenants = bySegment.get(segment);
    const hurt = tenants.filter((t) => t.badRequests > 0).length;
    rows.push(h('tr', { class: 'group' }, h('td', { colspan: 6, text: `${segment}: ${hurt} of ${tenants.length} exposed tenants impacted` })));
    for (const t of tenants) {
      rows.push(h('tr', { dataset: { tenant: t.tenant, segment } },
        td(t.segment), td(t.tenant), td(num(t.requests), { class: 'num' }),
        td(num(t.badRequests), { class: t.badRequests > 0 ? 'num hot' : 'num' }),
        td(t.requests ? percent(t.badRequests / t.requests, 1) : '—', { class: 'num' }),
        td(t.excessBadRequests === null || t.excessBadRequests === undefined ? '—' : num(t.excessBadRequests, 1), { class: 'num' })));
    }
  }
  return h('section', { class: 'card' }, summary,
    table(['Segment', 'Tenant', { label: 'Requests', num: true }, { label: 'Bad requests', num: true }, { label: 'Bad rate', num: true }, { label: 'Excess over stable', num: true }],
      rows, { id: 'impact' }));
}

function rank(order, name) {
  const i = order.indexOf(name);
  return i < 0 ? order.length : i;
}

// ---- start ------------------------------------------------------------------------------------------------------
function start() {
  const input = document.getElementById('token');
  document.getElementById('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (input.value.trim()) sessionStorage.setItem(TOKEN_KEY, input.value.trim());
    input.value = '';
    whoami();
    route();
  });
  document.getElementById('clear-token').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    whoami();
    route();
  });
  window.addEventListener('hashchange', route);
  whoami();
  route();
}

start();
