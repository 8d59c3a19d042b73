// What the overview and the detail page both say about a task.
import { h, badge, duration } from './dom.js';

export const STATES = ['READY', 'RUNNING', 'SYNCING', 'ABORTING', 'ABORT', 'MIGRATE_SUCCESS', 'MIGRATE_FAIL', 'SYNC_SUCCESS', 'SYNC_FAIL', 'SKIPPING', 'DELETING'];
export const HEALTHS = ['OK', 'SLOW', 'NO_PROGRESS', 'NO_REPORT'];

export function percent(t) {
  if (t.state === 'MIGRATE_SUCCESS' || t.state === 'SYNC_SUCCESS') return 100;
  if (t.totalsize > 0) return Math.min(100, (100 * (t.replicatesize ?? 0)) / t.totalsize);
  return 0;
}

export function currentSubtask(t) {
  const subs = t.sub_tasks ?? [];
  return subs.length ? subs[subs.length - 1] : null;
}

export function progressBar(t) {
  const p = percent(t);
  const sub = currentSubtask(t);
  return h('div', { class: 'progress-cell' },
    h('div', { class: 'bar', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': p.toFixed(1), 'aria-label': `${t.name} progress` },
      h('span', { class: `fill fill-${t.state.toLowerCase()}`, style: { width: `${p}%` } })),
    h('small', {}, `${p.toFixed(1)} %`, sub ? ` · ${sub.name} ${sub.progress}%` : ''));
}

export function stateBadge(t) { return badge(t.state, `state-${t.state}`); }

export function healthBadge(t) {
  if (!t.health) return h('span', { class: 'muted' }, '–');
  const b = badge(t.health.replace('_', ' '), `health-${t.health}`);
  if (t.bottleneck) b.title = `bottleneck: ${t.bottleneck}`;
  return b;
}

/** The ETA: OpenSms's own estimate with its band when there is one, else the agent's remain time. */
export function eta(t) {
  const e = t.eta;
  if (e && e.seconds !== null && e.seconds !== undefined) {
    const band = e.p10_seconds !== null && e.p10_seconds !== undefined
      ? ` (${duration(e.p10_seconds)} – ${e.p90_seconds === null || e.p90_seconds === undefined ? 'open' : duration(e.p90_seconds)})` : '';
    return `${duration(e.seconds)}${band}`;
  }
  if (t.remain_seconds !== null && t.remain_seconds !== undefined && ['RUNNING', 'SYNCING'].includes(t.state)) return duration(t.remain_seconds);
  return '–';
}
