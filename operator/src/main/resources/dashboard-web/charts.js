// The dashboard's drawings, in SVG: segments as rings (small in the list, concentric on a rollout's page) and the
// verdicts over time.

import { h, s, percent, time } from '/dashboard/dom.js';

export const STATE_COLORS = {
  Released: '#2e7d32', Progressing: '#1565c0', RolledBack: '#c62828', Paused: '#ef6c00', Frozen: '#6a1b9a',
  Pending: '#9e9e9e',
};
export const VERDICT_COLORS = {
  Pass: '#2e7d32', Fail: '#c62828', Inconclusive: '#5c7cfa', NoData: '#b0b7c3', Error: '#ef6c00',
  EnvironmentIncident: '#6a1b9a',
};
export function miniRings(segments) {
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
export function rings(segments) {
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
export function verdictTimeline(d) {
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
