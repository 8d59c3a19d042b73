// uPlot charts of a task's sample history (GET /v3/opensms/tasks/{id}/samples) and its speed limits.
import { h } from './dom.js';

const COLORS = { server: '#2563eb', agent: '#d97706', speed: '#059669', limit: '#dc2626' };

// Each chart fills its grid cell; the cell, not the chart, decides the width.
function sized(box) { return Math.max(240, box.clientWidth); }

/** A time chart in <paramref>el</paramref>; returns { update(x, ys), destroy() }. */
function chart(el, title, unit, series) {
  const box = h('div', { class: 'chart', 'data-chart': title });
  el.append(box);
  const opts = {
    title, width: sized(box), height: 200,
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max ?? 1) * 1.1] } },
    series: [{}, ...series.map(s => ({
      label: s.label, stroke: s.color, width: 2, spanGaps: true, points: { show: false },
      value: (u, v) => (v === null || v === undefined ? '–' : `${+v.toFixed(1)} ${unit}`),
      ...(s.stepped ? { paths: window.uPlot.paths.stepped({ align: 1 }), dash: [6, 4] } : {}),
    }))],
    axes: [{}, { size: 60, values: (u, vals) => vals.map(v => `${+v.toFixed(1)}`), label: unit }],
    legend: { live: true },
  };
  const plot = new window.uPlot(opts, [[], ...series.map(() => [])], box);
  const resize = new ResizeObserver(() => plot.setSize({ width: sized(box), height: 200 }));
  resize.observe(box);
  return {
    update: (x, ys) => plot.setData([x, ...ys]),
    destroy: () => { resize.disconnect(); plot.destroy(); },
  };
}

const avg = (b, field) => b[field]?.avg ?? null;

/** The limit in force at each instant, from the timeline's segments; 0 (no limit) is drawn as a gap. */
function limitAt(segments, t) {
  const s = segments.find(seg => seg.from <= t && t < seg.to);
  return s && s.limit_mbps > 0 ? s.limit_mbps : null;
}

export function taskCharts(el) {
  if (!window.uPlot) { el.append(h('p', { class: 'muted' }, 'The chart library did not load.')); return { update() {}, destroy() {} }; }
  const speed = chart(el, 'Speed', 'Mbit/s', [
    { label: 'migrate speed', color: COLORS.speed }, { label: 'speed limit', color: COLORS.limit, stepped: true }]);
  const cpu = chart(el, 'CPU', '%', [{ label: 'server', color: COLORS.server }, { label: 'agent', color: COLORS.agent }]);
  const mem = chart(el, 'Memory', 'MB', [{ label: 'server', color: COLORS.server }, { label: 'agent', color: COLORS.agent }]);
  const disk = chart(el, 'Disk I/O', 'Mbit/s', [{ label: 'server', color: COLORS.server }, { label: 'agent', color: COLORS.agent }]);
  return {
    update(samples, timeline) {
      const buckets = samples.buckets ?? [];
      const segments = timeline?.segments ?? [];
      // The limit steps at segment boundaries, so those instants join the sample times on the x axis.
      const times = [...new Set([...buckets.map(b => b.start), ...segments.map(s => s.from).filter(t => t >= samples.from && t <= samples.to), samples.to])]
        .sort((a, b) => a - b);
      const byStart = new Map(buckets.map(b => [b.start, b]));
      const x = times.map(t => t / 1000);
      const col = field => times.map(t => (byStart.has(t) ? avg(byStart.get(t), field) : null));
      speed.update(x, [col('migrate_speed'), times.map(t => limitAt(segments, t))]);
      cpu.update(x, [col('total_cpu_usage'), col('agent_cpu_usage')]);
      mem.update(x, [col('total_mem_usage'), col('agent_mem_usage')]);
      disk.update(x, [col('total_disk_io'), col('agent_disk_io')]);
    },
    destroy() { for (const c of [speed, cpu, mem, disk]) c.destroy(); },
  };
}

/** The sample range worth showing: the task's run so far, at most the last 24 hours, about 300 points. */
export function sampleRange(t, now = Date.now()) {
  const end = ['RUNNING', 'SYNCING', 'ABORTING', 'SKIPPING'].includes(t.state) ? now : Math.min(now, (t.last_report_time ?? now) + 60000);
  const begin = Math.max(t.start_date ?? t.create_date ?? end - 3600000, end - 86400000);
  const from = Math.min(begin, end - 120000);
  const step = Math.max(5, Math.ceil((end - from) / 1000 / 300));
  return { from, to: end, step };
}
