// Small DOM and formatting helpers of the dashboard. Text is always set with textContent, never parsed as HTML.

const SVG = 'http://www.w3.org/2000/svg';

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

export function s(tag, attrs = {}, ...children) {
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

export function badge(value) {
  return value ? h('span', { class: `badge ${value}`, text: value }) : h('span', { class: 'muted', text: '—' });
}

export function table(headers, rows, attrs = {}) {
  return h('table', attrs,
    h('thead', {}, h('tr', {}, headers.map((c) => h('th', { class: c.num ? 'num' : null, text: c.label ?? c })))),
    h('tbody', {}, rows));
}

export function td(value, attrs = {}) {
  return h('td', attrs, value === null || value === undefined || value === '' ? '—' : value);
}

export function num(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return Number(value).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function percent(ratio, digits = 2) {
  return ratio === null || ratio === undefined ? '—' : `${num(ratio * 100, digits)}%`;
}

export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}
