// One task: facts, actions, subtasks, charts, over-speed episodes and state changes, kept live.
import { get, post, ApiError } from './api.js';
import { h, mount, bytes, speed, duration, when, ago, message } from './dom.js';
import { live } from './live.js';
import { progressBar, stateBadge, healthBadge, eta } from './tasks.js';
import { taskCharts, sampleRange } from './charts.js';
import { subtaskTimeline, overspeedList, stateChanges } from './taskparts.js';

// Which operations the API allows in which state (docs/api.md, "Actions"); others are not offered.
const ACTIONS = [
  { op: 'start', label: 'Start', states: ['READY', 'ABORT'] },
  { op: 'stop', label: 'Stop', states: ['READY', 'RUNNING', 'SYNCING'] },
  { op: 'restart', label: 'Restart', states: ['MIGRATE_FAIL', 'SYNC_FAIL'] },
  { op: 'migration_test', label: 'Migration test', states: ['RUNNING', 'SYNCING', 'MIGRATE_SUCCESS', 'SYNC_SUCCESS'], needs: t => t.need_migration_test },
];

const iso = ms => new Date(ms).toISOString();

export async function taskPage({ main }, id) {
  const path = `/v3/tasks/${encodeURIComponent(id)}`;
  const observed = [];   // state changes seen while the page is open
  let task, missed = false;
  let onEvent = () => { missed = true; };
  // The stream opens before the task is read, as on the overview: a change between the read and the
  // stream's start would otherwise show only at the task's next event, and a stopped task may send none.
  // Until the page is built an event only marks it for one more read.
  const stop = await live({
    taskId: id,
    onChange: (ids, type, data) => {
      if (ids && !ids.includes(id)) return;
      if (type === 'state' && data?.state) observed.push({ at: data.time ?? Date.now(), text: `→ ${data.state}`, how: 'event' });
      onEvent(type);
    },
  });
  try {
    task = await get(path);
  } catch (err) {
    stop();
    throw err;
  }
  const head = h('div', {});
  const notice = h('div', { id: 'action-message' });
  const subtasks = h('div', { class: 'card' });
  const chartBox = h('div', { class: 'charts', id: 'charts' });
  const episodes = h('div', { class: 'card', id: 'overspeed' });
  const changes = h('div', { class: 'card', id: 'state-changes' });

  mount(main,
    h('nav', { class: 'crumbs' }, h('a', { href: '#/' }, '← Migrations')),
    head, notice,
    h('section', { class: 'card' }, h('h2', {}, 'Subtasks'), subtasks),
    h('section', { class: 'card' }, h('div', { class: 'section-head' }, h('h2', {}, 'Speed and load'),
      h('a', { href: `#/tasks/${encodeURIComponent(id)}/speed-limit`, class: 'button', id: 'edit-speed-limit' }, 'Edit speed limits')), chartBox),
    h('div', { class: 'two' }, episodes, changes));

  const charts = taskCharts(chartBox);

  async function act(op, button) {
    button.disabled = true;
    try {
      await post(`${path}/action`, { operation: op });
      mount(notice, message('ok', `${op.replace('_', ' ')}: done.`));
      await refresh();
    } catch (err) {
      mount(notice, message('error', err instanceof ApiError ? err.describe() : String(err)));
      button.disabled = false;
    }
  }

  function renderHead() {
    const e = task.eta ?? {};
    mount(head,
      h('div', { class: 'page-head' },
        h('h1', {}, task.name), stateBadge(task), healthBadge(task),
        task.bottleneck ? h('span', { class: 'muted' }, `bottleneck: ${task.bottleneck.replaceAll('_', ' ')}`) : null),
      h('div', { class: 'actions', id: 'actions' }, ACTIONS.filter(a => a.states.includes(task.state) && (!a.needs || a.needs(task)))
        .map(a => h('button', { type: 'button', class: a.op === 'stop' ? 'danger' : 'primary', 'data-action': a.op, onclick: ev => act(a.op, ev.currentTarget) }, a.label))),
      task.error_json ? message('error', `Error: ${task.error_json}`) : null,
      h('section', { class: 'card facts' },
        progressBar(task),
        h('dl', {},
          fact('Source server', `${task.source_server?.name ?? '–'} (${task.source_server?.ip ?? ''})`),
          fact('Enterprise project', task.enterprise_project_id ?? '0'),
          fact('Replicated', `${bytes(task.replicatesize)} of ${bytes(task.totalsize)}`),
          fact('Speed', speed(task.migrate_speed)),
          fact('ETA', eta(task), 'eta'),
          fact('ETA range (p10 – p90)', e.seconds === null || e.seconds === undefined ? '–'
            : `${duration(e.p10_seconds)} – ${e.p90_seconds === null ? 'open' : duration(e.p90_seconds)}`),
          fact('ETA basis', e.basis ? e.basis.replaceAll('_', ' ') : '–'),
          fact('Agent\'s remaining time', duration(task.remain_seconds)),
          fact('Last report', task.last_report_time ? `${when(task.last_report_time)} (${ago(task.last_report_time)})` : 'none yet'),
          fact('Started', when(task.start_date)),
          fact('Agent clock skew', task.agent_clock_skew_seconds === undefined ? '–'
            : `${task.agent_clock_skew_seconds.toFixed(1)} s${task.agent_clock_skew_flagged ? ' (flagged)' : ''}`),
          fact('Own speed limit', task.speed_limit ? speed(task.speed_limit) : 'none'))));
  }

  function render() {
    renderHead();
    mount(subtasks, subtaskTimeline(task));
    mount(changes, h('h2', {}, 'State changes'), stateChanges(task, observed));
  }

  async function refresh() {
    const before = task.state;
    task = await get(path);
    if (task.state !== before) observed.push({ at: Date.now(), text: `${before} → ${task.state}`, how: 'seen live' });
    render();
  }

  let lastCharts = 0;
  async function refreshCharts() {
    lastCharts = Date.now();
    const r = sampleRange(task);
    const [samples, timeline, events] = await Promise.all([
      get(`/v3/opensms/tasks/${encodeURIComponent(id)}/samples?from=${r.from}&to=${r.to}&step=${r.step}`),
      get(`/v3/opensms/tasks/${encodeURIComponent(id)}/speed-limit/timeline?from=${iso(r.from)}&to=${iso(r.to)}`).catch(() => null),
      get(`/v3/opensms/tasks/${encodeURIComponent(id)}/overspeed-events`).catch(() => null),
    ]);
    charts.update(samples, timeline);
    mount(episodes, h('h2', {}, 'Over-speed episodes'), events ? overspeedList(events.overspeed_events ?? []) : h('p', { class: 'muted' }, 'Not available.'));
  }

  render();
  await refreshCharts().catch(err => mount(chartBox, message('error', err.describe ? err.describe() : String(err))));

  onEvent = type => {
    refresh().catch(() => {});
    if (Date.now() - lastCharts > 10000 || type === 'overspeed') refreshCharts().catch(() => {});
  };
  if (missed) onEvent('progress');
  return () => { stop(); charts.destroy(); };
}

function fact(label, value, key) {
  return h('div', {}, h('dt', {}, label), h('dd', key ? { 'data-fact': key } : {}, value));
}
