// Live updates: the server's event stream when it is there, else GET polling every 3 s.
// Either way the page is told which tasks changed (or null: "anything may have changed").

const POLL_MS = 3000;
const SETTLE_MS = 3000;

// Resolves, to the function that stops it, once the stream is open or polling has taken over (or
// after a few seconds). The server fixes where a stream starts before it answers, so a page that
// reads its data only then misses no change in between; events that come before the page is built
// are the page's to hold.
export async function live({ taskId, onChange, onStatus }) {
  let source = null, timer = null, stopped = false, settle;
  const settled = new Promise(resolve => { settle = resolve; });
  const status = s => { settle(); onStatus?.(s); };

  function poll() {
    if (timer || stopped) return;
    status('polling');
    timer = setInterval(() => onChange(null), POLL_MS);
  }
  function unpoll() { clearInterval(timer); timer = null; }

  if ('EventSource' in window) {
    source = new EventSource('/v3/opensms/events' + (taskId ? `?task_id=${encodeURIComponent(taskId)}` : ''), { withCredentials: true });
    source.addEventListener('open', () => { unpoll(); status('live'); });
    source.addEventListener('error', () => {
      // A server without the stream answers 404 and the browser gives up (CLOSED); a dropped stream
      // reconnects by itself. Poll meanwhile, in both cases.
      poll();
      if (source.readyState === EventSource.CLOSED) source = null;
    });
    for (const type of ['progress', 'state', 'health', 'overspeed']) {
      source.addEventListener(type, e => {
        let data = null;
        try { data = JSON.parse(e.data); } catch { return; }
        if (data?.task_id) onChange([data.task_id], type, data);
      });
    }
  } else {
    poll();
  }

  await Promise.race([settled, new Promise(resolve => setTimeout(resolve, SETTLE_MS))]);
  return () => { stopped = true; unpoll(); source?.close(); };
}
