// Tiny DOM and formatting helpers shared by every page. Text always goes in as text nodes, never as markup.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'style') for (const [p, val] of Object.entries(v)) el.style.setProperty(p, val);
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function mount(target, ...children) {
  target.replaceChildren();
  append(target, children);
}

export function bytes(n) {
  if (n === null || n === undefined) return '–';
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0, v = n;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return `${v.toFixed(v >= 100 || i === 0 ? 0 : 1)} ${units[i]}`;
}

export function speed(mbps) {
  if (mbps === null || mbps === undefined) return '–';
  return mbps >= 1000 ? `${(mbps / 1000).toFixed(2)} Gbit/s` : `${Number(mbps).toFixed(mbps >= 100 ? 0 : 1)} Mbit/s`;
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const hrs = Math.floor(m / 60);
  if (hrs < 48) return `${hrs}h ${m % 60}m`;
  return `${Math.floor(hrs / 24)}d ${hrs % 24}h`;
}

export function when(ms) {
  if (!ms) return '–';
  const d = new Date(ms);
  const today = new Date();
  const sameDay = d.toDateString() === today.toDateString();
  return sameDay ? d.toLocaleTimeString() : d.toLocaleString();
}

export function ago(ms) {
  if (!ms) return 'never';
  const s = Math.round((Date.now() - ms) / 1000);
  if (s < 5) return 'just now';
  return `${duration(s)} ago`;
}

export function badge(text, kind) {
  return h('span', { class: `badge badge-${String(kind ?? text).toLowerCase().replace(/[^a-z0-9]+/g, '-')}` }, text);
}

export function message(kind, text) {
  return h('div', { class: `message message-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

/** A table that turns into labelled cards on narrow screens (each cell carries its column's name). */
export function table(columns, rows, rowAttrs = () => ({})) {
  return h('table', { class: 'grid' },
    h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col', class: c.class }, c.title)))),
    h('tbody', {}, rows.map(r => tableRow(columns, r, rowAttrs(r)))));
}

export function tableRow(columns, row, attrs = {}) {
  // One wrapper per cell: on narrow screens the cell is a two-column grid of its label and this.
  return h('tr', attrs, columns.map(c => h('td', { 'data-label': c.title, class: c.class }, h('div', { class: 'cell' }, c.cell(row)))));
}
