// The detail page's timeline and lists.
import { h, when, duration, speed, message } from './dom.js';

/** Subtasks as bars along the task's run, each with its progress. */
export function subtaskTimeline(t) {
  const subs = t.sub_tasks ?? [];
  if (!subs.length) return h('p', { class: 'muted' }, 'No subtask has started yet.');
  const now = Date.now();
  const begin = Math.min(...subs.map(s => s.start_date ?? now));
  const end = Math.max(begin + 1000, ...subs.map(s => s.end_date ?? (['RUNNING', 'SYNCING', 'ABORTING'].includes(t.state) ? now : s.start_date ?? now)));
  const span = end - begin;
  return h('ol', { class: 'timeline', id: 'subtasks' }, subs.map(s => {
    const from = s.start_date ?? begin;
    const to = s.end_date ?? (['RUNNING', 'SYNCING', 'ABORTING'].includes(t.state) ? now : from);
    const left = (100 * (from - begin)) / span;
    const width = Math.max(0.8, (100 * (to - from)) / span);
    return h('li', { 'data-subtask': s.name },
      h('div', { class: 'timeline-label' }, h('strong', {}, s.name), h('small', { class: 'muted' }, `${when(s.start_date)}${s.end_date ? ` · ${duration((s.end_date - s.start_date) / 1000)}` : ' · running'}`)),
      h('div', { class: 'timeline-track' },
        h('span', { class: `timeline-bar ${s.end_date ? 'done' : 'open'}`, style: { left: `${left}%`, width: `${Math.min(width, 100 - left)}%` } },
          h('span', { class: 'timeline-fill', style: { width: `${s.progress}%` } }))),
      h('span', { class: 'timeline-pct' }, `${s.progress}%`),
      s.process_trace ? h('small', { class: 'muted timeline-trace' }, s.process_trace) : null);
  }));
}

export function overspeedList(events) {
  if (!events.length) return h('p', { class: 'muted' }, 'No over-speed episode.');
  return h('ul', { class: 'events' }, events.map(e => h('li', {},
    h('div', {}, h('strong', {}, e.stopped ? 'Stopped the task' : 'Near miss'), ' · ', when(e.started_at), ' – ', when(e.ended_at)),
    h('small', { class: 'muted' },
      `peak ${speed(e.peak_mbps)} over a limit of ${speed(e.limit_mbps)} (+${e.over_speed_threshold} %), ${e.report_count} reports`,
      e.window ? ` · window ${e.window.start}–${e.window.end}` : ' · the task\'s own limit'))));
}

/** Milestones the task records, and the changes seen while the page was open. */
export function stateChanges(t, observed) {
  const items = [
    { at: t.create_date, text: 'created (READY)' },
    t.start_date ? { at: t.start_date, text: 'started (RUNNING)' } : null,
    ...(t.sub_tasks ?? []).filter(s => s.name.startsWith('SYNC_')).slice(0, 1).map(s => ({ at: s.start_date, text: 'synchronising (SYNCING)' })),
    t.finish_date ? { at: t.finish_date, text: `finished (${t.state})` } : null,
    ...observed,
  ].filter(Boolean).sort((a, b) => b.at - a.at);
  return [
    h('p', {}, 'Now: ', h('strong', {}, t.state)),
    t.error_json ? message('error', t.error_json) : null,
    h('ul', { class: 'events' }, items.map(i => h('li', {}, h('span', {}, i.text), ' ', h('small', { class: 'muted' }, when(i.at), i.how ? ` · ${i.how}` : '')))),
  ];
}
