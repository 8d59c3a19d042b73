// Every task at a glance: counts per state, filters, and rows that update as reports arrive.
import { get } from './api.js';
import { h, mount, tableRow, speed, ago, message } from './dom.js';
import { live } from './live.js';
import { STATES, HEALTHS, progressBar, stateBadge, healthBadge, eta } from './tasks.js';

const PAGE = 200;

async function allTasks() {
  const tasks = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await get(`/v3/tasks?limit=${PAGE}&offset=${offset}`);
    tasks.push(...(page.tasks ?? []));
    if (!page.tasks?.length || tasks.length >= (page.count ?? 0) || offset + PAGE > 65535) return tasks;
  }
}

const columns = [
  { title: 'Task', class: 'col-name', cell: t => h('a', { href: `#/tasks/${encodeURIComponent(t.id)}`, class: 'task-link' }, t.name) },
  { title: 'Source server', cell: t => [t.source_server?.name ?? '–', h('small', { class: 'muted block' }, t.source_server?.ip ?? '')] },
  { title: 'State', cell: stateBadge },
  { title: 'Progress', class: 'col-progress', cell: progressBar },
  { title: 'Speed', class: 'num', cell: t => (['RUNNING', 'SYNCING'].includes(t.state) ? speed(t.migrate_speed) : '–') },
  { title: 'ETA', class: 'num', cell: eta },
  { title: 'Health', cell: healthBadge },
  { title: 'Last report', cell: t => h('span', { title: t.last_report_time ? new Date(t.last_report_time).toLocaleString() : '' }, ago(t.last_report_time)) },
];

// What a row shows; a row is redrawn only when this changes (or its "ago" text would).
const shown = t => JSON.stringify([t.name, t.state, t.replicatesize, t.totalsize, t.migrate_speed, t.eta, t.remain_seconds, t.health,
  t.bottleneck, t.last_report_time, t.sub_tasks?.at(-1), t.source_server?.name, t.enterprise_project_id]);

export async function overviewPage({ main }) {
  const tasks = new Map();
  const filters = { state: '', health: '', project: '', text: '' };
  let projectNames = new Map();
  try {
    const eps = await get('/v1.0/enterprise-projects');
    projectNames = new Map((eps.enterprise_projects ?? []).map(p => [p.id, p.name]));
  } catch { /* not everyone may list enterprise projects; ids are shown then */ }

  const counts = h('div', { class: 'counts', id: 'state-counts' });
  const liveStatus = h('span', { class: 'live-status', id: 'live-status' }, 'connecting…');
  const stateSelect = h('select', { id: 'filter-state', 'aria-label': 'State' }, h('option', { value: '' }, 'All states'), STATES.map(s => h('option', { value: s }, s)));
  const healthSelect = h('select', { id: 'filter-health', 'aria-label': 'Health' }, h('option', { value: '' }, 'Any health'), HEALTHS.map(s => h('option', { value: s }, s)));
  const projectSelect = h('select', { id: 'filter-project', 'aria-label': 'Enterprise project' }, h('option', { value: '' }, 'All enterprise projects'));
  const search = h('input', { type: 'search', id: 'filter-text', placeholder: 'Find by name', 'aria-label': 'Find by name' });
  const body = h('tbody', {});
  const empty = h('p', { class: 'muted empty', hidden: true }, 'No task matches.');
  const tableEl = h('table', { class: 'grid tasks', id: 'tasks' },
    h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col', class: c.class }, c.title)))), body);

  for (const [el, key] of [[stateSelect, 'state'], [healthSelect, 'health'], [projectSelect, 'project'], [search, 'text']])
    el.addEventListener('input', () => { filters[key] = el.value; render(); });

  mount(main,
    h('div', { class: 'page-head' }, h('h1', {}, 'Migrations'), liveStatus),
    counts,
    h('div', { class: 'filters' }, stateSelect, healthSelect, projectSelect, search),
    h('div', { class: 'card flush' }, tableEl, empty));

  const matches = t => (!filters.state || t.state === filters.state) && (!filters.health || t.health === filters.health)
    && (!filters.project || t.enterprise_project_id === filters.project)
    && (!filters.text || t.name.toLowerCase().includes(filters.text.toLowerCase()) || (t.source_server?.name ?? '').toLowerCase().includes(filters.text.toLowerCase()));

  function renderCounts() {
    const per = new Map();
    for (const t of tasks.values()) per.set(t.state, (per.get(t.state) ?? 0) + 1);
    mount(counts,
      h('button', { type: 'button', class: `count ${filters.state === '' ? 'active' : ''}`, 'data-state': 'ALL', onclick: () => pick('') },
        h('strong', {}, tasks.size), h('span', {}, 'all')),
      STATES.filter(s => per.has(s)).map(s => h('button', { type: 'button', class: `count count-${s.toLowerCase()} ${filters.state === s ? 'active' : ''}`, 'data-state': s, onclick: () => pick(s) },
        h('strong', {}, per.get(s)), h('span', {}, s.replace('_', ' ').toLowerCase()))));
  }
  function pick(state) { filters.state = state; stateSelect.value = state; render(); }

  function renderProjects() {
    const ids = [...new Set([...tasks.values()].map(t => t.enterprise_project_id ?? '0'))].sort();
    const current = projectSelect.value;
    mount(projectSelect, h('option', { value: '' }, 'All enterprise projects'),
      ids.map(id => h('option', { value: id }, projectNames.get(id) ?? id)));
    projectSelect.value = ids.includes(current) ? current : '';
  }

  const rows = new Map();   // id -> [fingerprint, tr]
  function rowFor(t) {
    const tr = tableRow(columns, t, { 'data-task-id': t.id, 'data-state': t.state });
    rows.set(t.id, [shown(t) + ago(t.last_report_time), tr]);
    return tr;
  }

  function render() {
    renderCounts();
    const visible = [...tasks.values()].filter(matches).sort((a, b) => b.create_date - a.create_date);
    body.replaceChildren(...visible.map(t => rows.get(t.id)?.[0] === shown(t) + ago(t.last_report_time) ? rows.get(t.id)[1] : rowFor(t)));
    empty.hidden = visible.length > 0;
  }

  /** Redraws only the rows that changed, so a busy list does not flicker. */
  function update(changed) {
    let order = false;
    for (const t of changed) {
      const known = tasks.has(t.id);
      tasks.set(t.id, t);
      const row = rows.get(t.id);
      if (!known || !row) { order = true; continue; }
      if (row[0] === shown(t) + ago(t.last_report_time)) continue;
      const tr = rowFor(t);
      if (row[1].isConnected && matches(t)) row[1].replaceWith(tr); else order = true;
    }
    if (order) render(); else renderCounts();
  }

  async function refreshAll() {
    const list = await allTasks();
    const ids = new Set(list.map(t => t.id));
    let removed = false;
    for (const id of [...tasks.keys()]) if (!ids.has(id)) { tasks.delete(id); rows.delete(id); removed = true; }
    const before = tasks.size;
    update(list);
    if (removed || tasks.size !== before) { renderProjects(); render(); }
  }

  /** A progress event carries the numbers a row shows: patch the row from it, no request needed. */
  function patch(data) {
    const t = tasks.get(data.task_id);
    if (!t) return false;
    const next = { ...t, last_report_time: data.time ?? t.last_report_time };
    for (const k of ['replicatesize', 'totalsize', 'migrate_speed']) if (data[k] !== undefined) next[k] = data[k];
    if (data.subtask_name) {
      const subs = [...(t.sub_tasks ?? [])];
      const last = subs.at(-1);
      if (last?.name === data.subtask_name) subs[subs.length - 1] = { ...last, progress: data.progress ?? last.progress };
      else subs.push({ name: data.subtask_name, progress: data.progress ?? 0 });
      next.sub_tasks = subs;
    }
    if (t.state === 'READY') return false;   // the first report changes the state: fetch the task
    update([next]);
    return true;
  }

  // Events are gathered for a moment, so a busy stream costs a few requests, not one per report;
  // when many tasks changed at once, one list request is cheaper than one per task.
  let pending = new Set(), flushTimer = null;
  async function refreshSome(ids, type, data) {
    if (type === 'progress' && data && patch(data)) return;
    for (const id of ids) pending.add(id);
    if (flushTimer) return;
    flushTimer = setTimeout(async () => {
      const batch = [...pending];
      pending = new Set(); flushTimer = null;
      if (batch.length > 20) { await refreshAll(); return; }
      const found = [];
      for (const id of batch) {
        try { found.push(await get(`/v3/tasks/${encodeURIComponent(id)}`)); }
        catch { await refreshAll(); return; }
      }
      update(found);
    }, 500);
  }

  // The stream opens before the list is read, and what it says meanwhile is applied once the list
  // is in: a task created between the read and the stream's start would otherwise reach no one until
  // the slow refresh.
  const early = [];
  let loaded = false;
  const apply = (ids, type, data) => (ids ? refreshSome(ids, type, data) : refreshAll()).catch(() => {});
  const stop = await live({
    onChange: (ids, type, data) => { if (loaded) apply(ids, type, data); else early.push([ids, type, data]); },
    onStatus: s => { liveStatus.textContent = s === 'live' ? '● live' : '● polling every 3 s'; liveStatus.dataset.mode = s; },
  });
  try {
    await refreshAll();
  } catch (err) {
    stop();
    mount(main, message('error', err.describe ? err.describe() : String(err)));
    return () => {};
  }
  renderProjects();
  render();
  loaded = true;
  for (const [ids, type, data] of early.splice(0)) apply(ids, type, data);
  // New tasks and the "last report" texts, even when the stream is quiet.
  const slow = setInterval(() => refreshAll().catch(() => {}), 15000);
  return () => { stop(); clearInterval(slow); };
}
