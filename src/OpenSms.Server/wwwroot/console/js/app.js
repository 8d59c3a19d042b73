// The console's shell: session, navigation and a hash router (#/, #/tasks/ID, #/tasks/ID/speed-limit, #/iam/...).
import { api, get, whenUnauthorized, ApiError } from './api.js';
import { h, mount, message } from './dom.js';
import { overviewPage } from './overview.js';
import { taskPage } from './task.js';
import { speedLimitPage } from './speedlimit.js';
import { iamPage } from './iam.js';

const main = document.getElementById('main');
let session = null;
let leave = null;   // the current page's clean-up (timers, streams, charts)

function signInPage(note) {
  document.getElementById('nav').hidden = true;
  document.getElementById('who').hidden = true;
  const error = h('div', { class: 'form-error', id: 'sign-in-error', role: 'alert' }, note ?? '');
  const form = h('form', { class: 'card sign-in', id: 'sign-in' },
    h('h1', {}, 'Sign in'),
    h('label', {}, 'Account', h('input', { name: 'account', value: 'opensms', autocomplete: 'organization', required: true })),
    h('label', {}, 'User name', h('input', { name: 'user', autocomplete: 'username', required: true, autofocus: true })),
    h('label', {}, 'Password', h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
    error,
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const data = new FormData(form);
    error.textContent = '';
    form.querySelector('button').disabled = true;
    try {
      session = await api('POST', '/console/session', {
        auth: { identity: { methods: ['password'], password: { user: {
          name: data.get('user'), password: data.get('password'), domain: { name: data.get('account') || 'opensms' } } } } },
      });
      route();
    } catch (err) {
      error.textContent = err instanceof ApiError && err.status === 401 ? 'The account, user name or password is wrong.' : err.message;
      form.querySelector('button').disabled = false;
    }
  });
  mount(main, form);
}

function showShell() {
  document.getElementById('nav').hidden = false;
  document.getElementById('who').hidden = false;
  document.getElementById('who-name').textContent = `${session.user.name} @ ${session.domain.name}`;
  for (const a of document.querySelectorAll('[data-admin]')) a.hidden = !session.is_admin;
}

async function route() {
  if (leave) { leave(); leave = null; }
  if (!session) {
    try { session = await get('/console/session'); } catch { return signInPage(); }
  }
  showShell();
  const path = location.hash.replace(/^#/, '') || '/';
  const parts = path.split('/').filter(Boolean);
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.getAttribute('href') === '#' + path || (path === '/' && a.dataset.nav === 'overview'));
  const context = { main, session };
  try {
    if (parts.length === 0) leave = await overviewPage(context);
    else if (parts[0] === 'tasks' && parts.length === 2) leave = await taskPage(context, decodeURIComponent(parts[1]));
    else if (parts[0] === 'tasks' && parts[2] === 'speed-limit') leave = await speedLimitPage(context, decodeURIComponent(parts[1]));
    else if (parts[0] === 'iam') leave = await iamPage(context, parts[1] ?? 'users');
    else mount(main, message('error', 'There is no such page.'), h('a', { href: '#/' }, 'Back to the migrations'));
  } catch (err) {
    mount(main, message('error', err instanceof ApiError ? err.describe() : String(err)));
  }
}

whenUnauthorized(() => { session = null; if (leave) { leave(); leave = null; } signInPage('Your session has ended. Sign in again.'); });

document.getElementById('sign-out').addEventListener('click', async () => {
  try { await api('DELETE', '/console/session'); } catch { /* the cookies are cleared either way */ }
  session = null;
  if (leave) { leave(); leave = null; }
  location.hash = '#/';
  signInPage();
});

window.addEventListener('hashchange', route);
route();
