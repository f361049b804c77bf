// Bulkhead dashboard: plain modules, no build step. Everything shown comes from /api/v1alpha1 with the reader's own
// Kubernetes token (kept in sessionStorage, sent as a bearer token, never in a cookie). Text is always set with
// textContent, never parsed as HTML.

import { h, badge, table, td, num, percent, time } from '/dashboard/dom.js';
import { STATE_COLORS, miniRings, rings, verdictTimeline } from '/dashboard/charts.js';

const TOKEN_KEY = 'bulkhead.token';
const REFRESH_MS = 10000;

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

/** Concentric rings, the first segment innermost: grey track, coloured arc for the exposed percent. */function segmentTable(d) {
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
      td(r.segment), td(r.slo ?? '—'), td(r.indicator),
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

/** One row per segment, a dot per verdict, ticks for the transitions the history names. */function verdictTable(verdicts) {
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
