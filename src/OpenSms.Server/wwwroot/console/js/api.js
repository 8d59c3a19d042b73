// Every call goes to the public API with the session cookie; state-changing calls echo the CSRF value.

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error_msg ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error_code ?? '';
    this.params = body?.error_param ?? [];
    this.body = body;
  }

  /** The message for each field the API names: "Invalid parameters: a must …; b …" split back per field. */
  fieldMessages() {
    const text = (this.body?.error_msg ?? '').replace(/^Invalid parameters:\s*/, '');
    const parts = text.split(/;\s+/);
    const found = new Map();
    for (const field of this.params) {
      const mine = parts.filter(p => p.startsWith(field + ' ') || p === field);
      found.set(field, mine.length ? mine.join('; ') : text);
    }
    return found;
  }

  describe() {
    if (this.status === 403) return `Not allowed: ${this.body?.details?.[0]?.error_msg ?? this.message}`;
    if (this.status === 401) return 'Your session has ended. Sign in again.';
    return this.code ? `${this.message} (${this.code})` : this.message;
  }
}

function csrf() {
  const m = document.cookie.match(/(?:^|;\s*)opensms_csrf=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : '';
}

let onUnauthorized = () => {};
export function whenUnauthorized(handler) { onUnauthorized = handler; }

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed = null;
  if (text) { try { parsed = JSON.parse(text); } catch { parsed = { error_msg: text }; } }
  if (!response.ok) {
    const error = new ApiError(response.status, parsed);
    if (response.status === 401 && !path.startsWith('/console/session')) onUnauthorized(error);
    throw error;
  }
  return parsed ?? {};
}

export const get = path => api('GET', path);
export const post = (path, body) => api('POST', path, body ?? {});
export const del = path => api('DELETE', path);
