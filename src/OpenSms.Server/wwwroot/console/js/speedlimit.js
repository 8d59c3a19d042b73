// The speed-limit editor: windows as rows, the API's validation errors beside the field they name,
// and the resolved limits for the next seven days.
import { get, post, ApiError } from './api.js';
import { h, mount, message, speed } from './dom.js';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export async function speedLimitPage({ main }, id) {
  const base = `/v3/tasks/${encodeURIComponent(id)}`;
  const [task, current] = await Promise.all([get(base), get(`${base}/speed-limit`)]);
  let windows = (current.speed_limit ?? []).map(w => ({ ...w }));
  const zone = h('input', { id: 'time-zone', 'data-field': 'time_zone', value: current.time_zone ?? '', placeholder: 'UTC (e.g. Europe/Berlin)' });
  const rows = h('tbody', {});
  const notice = h('div', { id: 'speed-limit-message' });
  const preview = h('div', { class: 'preview', id: 'preview' });

  function field(i, name, attrs) {
    const key = `speed_limit[${i}].${name}`;
    const input = h('input', { ...attrs, 'data-field': key, 'aria-label': `window ${i + 1} ${name.replaceAll('_', ' ')}` });
    input.addEventListener('input', () => { windows[i][name] = attrs.type === 'number' ? (input.value === '' ? undefined : Number(input.value)) : input.value; });
    return h('div', { class: 'field' }, input, h('div', { class: 'field-error', 'data-error-for': key }));
  }

  function renderRows() {
    mount(rows, windows.map((w, i) => {
      const days = h('div', { class: 'days' }, DAYS.map(d => {
        const box = h('input', { type: 'checkbox', value: d, checked: !w.days || w.days.includes(d), 'aria-label': `window ${i + 1} ${d}` });
        box.addEventListener('change', () => {
          const picked = [...days.querySelectorAll('input:checked')].map(b => b.value);
          w.days = picked.length === 7 ? undefined : picked;
        });
        return h('label', { class: 'day' }, box, d);
      }));
      return h('tr', { 'data-window': i },
        h('td', { 'data-label': 'From' }, field(i, 'start', { value: w.start ?? '', placeholder: 'HH:MM', maxlength: 5, class: 'time' })),
        h('td', { 'data-label': 'To' }, field(i, 'end', { value: w.end ?? '', placeholder: 'HH:MM', maxlength: 5, class: 'time' })),
        h('td', { 'data-label': 'Limit (Mbit/s, 0 = none)' }, field(i, 'speed', { type: 'number', min: 0, max: 1000, value: w.speed ?? 0 })),
        h('td', { 'data-label': 'Over-speed threshold (%)' }, field(i, 'over_speed_threshold', { type: 'number', min: 10, max: 100, step: 'any', value: w.over_speed_threshold ?? 10 })),
        h('td', { 'data-label': 'Days' }, days, h('div', { class: 'field-error', 'data-error-for': `speed_limit[${i}].days` })),
        h('td', { class: 'row-actions' },
          h('button', { type: 'button', class: 'link danger', 'data-remove': i, onclick: () => { windows.splice(i, 1); renderRows(); } }, 'Remove'),
          h('div', { class: 'field-error', 'data-error-for': `speed_limit[${i}]` })));
    }));
  }

  function clearErrors() {
    for (const el of main.querySelectorAll('.field-error')) el.textContent = '';
    for (const el of main.querySelectorAll('.invalid')) el.classList.remove('invalid');
  }

  /** Puts each message beside the field it names, or the nearest enclosing one (speed_limit[2].days[0] → …days). */
  function showErrors(err) {
    for (const [name, text] of err.fieldMessages()) {
      let key = name, slot = null;
      while (key) {
        slot = main.querySelector(`[data-error-for="${CSS.escape(key)}"]`);
        if (slot) break;
        const shorter = key.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
        key = shorter === key ? '' : shorter;
      }
      (slot ?? notice).append(h('div', {}, text));
      main.querySelector(`[data-field="${CSS.escape(name)}"]`)?.classList.add('invalid');
      if (/^speed_limit\[\d+\]$/.test(name)) main.querySelector(`tr[data-window="${name.match(/\d+/)[0]}"]`)?.classList.add('invalid');
    }
  }

  async function save(e) {
    e.preventDefault();
    clearErrors();
    notice.replaceChildren();
    const body = { speed_limit: windows.map(w => Object.fromEntries(Object.entries(w).filter(([, v]) => v !== undefined && v !== ''))) };
    if (zone.value.trim()) body.time_zone = zone.value.trim();
    try {
      await post(`${base}/speed-limit`, body);
      mount(notice, message('ok', 'Saved. The new limits apply from the next progress report on.'));
      await renderPreview();
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.params.length) {
        mount(notice, message('error', 'The limits were not saved: fix the fields marked below.'));
        showErrors(err);
      } else mount(notice, message('error', err instanceof ApiError ? err.describe() : String(err)));
    }
  }

  async function renderPreview() {
    const start = new Date(); start.setHours(0, 0, 0, 0);
    const end = new Date(start); end.setDate(end.getDate() + 7);
    const timeline = await get(`/v3/opensms/tasks/${encodeURIComponent(id)}/speed-limit/timeline?from=${start.toISOString()}&to=${end.toISOString()}`);
    const days = [];
    for (let d = 0; d < 7; d++) {
      const from = new Date(start); from.setDate(from.getDate() + d);
      const to = new Date(from); to.setDate(to.getDate() + 1);
      const span = to - from;
      const parts = timeline.segments.filter(s => s.to > from.getTime() && s.from < to.getTime()).map(s => {
        const a = Math.max(s.from, from.getTime()), b = Math.min(s.to, to.getTime());
        return h('span', { class: `segment ${s.window_index === undefined ? 'own' : `w${s.window_index}`} ${s.limit_mbps === 0 ? 'none' : ''}`,
          style: { left: `${(100 * (a - from)) / span}%`, width: `${(100 * (b - a)) / span}%` },
          title: `${new Date(a).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}–${new Date(b).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}: ${s.limit_mbps ? speed(s.limit_mbps) : 'no limit'}${s.window_index === undefined ? ' (task\'s own)' : ` (window ${s.window_index + 1})`}` },
          b - a >= span / 12 ? (s.limit_mbps ? `${s.limit_mbps}` : '∞') : '');
      });
      days.push(h('div', { class: 'preview-day' }, h('span', { class: 'preview-label' }, from.toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short' })),
        h('div', { class: 'preview-track' }, parts)));
    }
    mount(preview,
      h('div', { class: 'preview-scale' }, h('span', {}, ''), h('div', {}, ['00', '06', '12', '18', '24'].map(x => h('span', {}, x)))),
      days,
      h('p', { class: 'muted' }, `Numbers are Mbit/s; ∞ is no limit. Windows are read in ${timeline.time_zone}; the days are shown in your browser's time zone (${Intl.DateTimeFormat().resolvedOptions().timeZone}).`));
  }

  renderRows();
  const form = h('form', { class: 'card', id: 'speed-limit-form', onsubmit: save },
    h('table', { class: 'grid windows' },
      h('thead', {}, h('tr', {}, ['From', 'To', 'Limit (Mbit/s, 0 = none)', 'Over-speed threshold (%)', 'Days', ''].map(t => h('th', { scope: 'col' }, t)))),
      rows),
    h('div', { class: 'form-row' },
      h('button', { type: 'button', id: 'add-window', onclick: () => { if (windows.length >= 5) return; windows.push({ start: '', end: '', speed: 0 }); renderRows(); } }, 'Add window'),
      h('label', { class: 'inline' }, 'Time zone', h('div', { class: 'field' }, zone, h('div', { class: 'field-error', 'data-error-for': 'time_zone' })))),
    h('div', { class: 'form-row' }, h('button', { type: 'submit', class: 'primary', id: 'save-speed-limit' }, 'Save'),
      h('span', { class: 'muted' }, `Up to five windows. Outside them the task's own limit applies (${task.speed_limit ? speed(task.speed_limit) : 'none'}).`)));

  mount(main,
    h('nav', { class: 'crumbs' }, h('a', { href: `#/tasks/${encodeURIComponent(id)}` }, `← ${task.name}`)),
    h('div', { class: 'page-head' }, h('h1', {}, 'Speed limits')),
    notice, form,
    h('section', { class: 'card' }, h('h2', {}, 'The next 7 days'), preview));
  await renderPreview().catch(err => mount(preview, message('error', err.describe ? err.describe() : String(err))));
  return () => {};
}
