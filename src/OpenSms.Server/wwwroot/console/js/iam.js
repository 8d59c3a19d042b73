// The administrator's pages: users, policies, access keys and decoding a refusal.
import { get, post, del, ApiError } from './api.js';
import { h, mount, table, message, when } from './dom.js';

const describe = err => (err instanceof ApiError ? err.describe() : String(err));
const PAGES = { users, policies, keys, decode };

export async function iamPage({ main, session }, which) {
  const page = PAGES[which];
  if (!page) { mount(main, message('error', 'There is no such page.')); return () => {}; }
  const notice = h('div', { id: 'iam-message' });
  const body = h('div', {});
  const say = (kind, text) => mount(notice, text ? message(kind, text) : '');
  mount(main, h('div', { class: 'page-head' }, h('h1', {}, { users: 'Users', policies: 'Policies', keys: 'Access keys', decode: 'Decode a refusal' }[which])), notice, body);
  await page(body, say, session);
  return () => {};
}

function form(id, fields, label, submit) {
  const f = h('form', { class: 'card form-grid', id }, fields, h('div', { class: 'form-row' }, h('button', { type: 'submit', class: 'primary' }, label)));
  f.addEventListener('submit', async e => { e.preventDefault(); await submit(new FormData(f), f); });
  return f;
}

async function users(body, say) {
  const list = h('div', { class: 'card flush' });
  async function load() {
    const { users: all = [] } = await get('/v3/users');
    mount(list, table([
      { title: 'Name', cell: u => u.name },
      { title: 'Id', cell: u => h('code', {}, u.id) },
      { title: 'Enabled', cell: u => (u.enabled ? 'yes' : 'no') },
      { title: '', class: 'row-actions', cell: u => h('button', { type: 'button', class: 'link danger', onclick: () => remove(u) }, 'Delete') },
    ], all, u => ({ 'data-user': u.name })));
  }
  async function remove(u) {
    if (!confirm(`Delete user ${u.name}? Its access keys go with it.`)) return;
    try { await del(`/v3/users/${encodeURIComponent(u.id)}`); say('ok', `Deleted ${u.name}.`); await load(); } catch (err) { say('error', describe(err)); }
  }
  mount(body, form('new-user', [
    h('label', {}, 'Name', h('input', { name: 'name', required: true, autocomplete: 'off' })),
    h('label', {}, 'Password', h('input', { name: 'password', type: 'password', required: true, autocomplete: 'new-password' })),
    h('label', { class: 'check' }, h('input', { name: 'enabled', type: 'checkbox', checked: true }), 'Enabled'),
  ], 'Create user', async (data, f) => {
    try {
      await post('/v3/users', { user: { name: data.get('name'), password: data.get('password'), enabled: data.get('enabled') === 'on' } });
      say('ok', `Created ${data.get('name')}. It may do nothing until a policy is attached.`);
      f.reset(); await load();
    } catch (err) { say('error', describe(err)); }
  }), list);
  await load();
}

const EXAMPLE = JSON.stringify({ Version: '5.0', Statement: [{ Effect: 'Allow', Action: ['sms:server:getTask'], Resource: ['sms:*:*:server:*'] }] }, null, 2);

async function policies(body, say, session) {
  const list = h('div', { class: 'card flush' });
  const docError = h('div', { class: 'field-error', id: 'policy-document-error', 'data-error-for': 'policy_document' });
  let userList = [];
  async function load() {
    const [{ policies: all = [] }, { users: people = [] }] = await Promise.all([get('/v5/policies'), get('/v3/users')]);
    userList = people;
    mount(list, table([
      { title: 'Name', cell: p => p.policy_name },
      { title: 'Description', cell: p => p.description ?? '' },
      { title: 'Attached to', class: 'num', cell: p => `${p.attachment_count ?? 0} user(s)` },
      { title: 'Attach', cell: p => attach(p) },
      { title: '', class: 'row-actions', cell: p => h('button', { type: 'button', class: 'link danger', onclick: () => remove(p) }, 'Delete') },
    ], all, p => ({ 'data-policy': p.policy_name })));
  }
  function attach(p) {
    const pick = h('select', { 'aria-label': `user for ${p.policy_name}` }, userList.filter(u => u.id !== session.user.id).map(u => h('option', { value: u.id }, u.name)));
    const go = verb => async () => {
      try { await post(`/v5/policies/${encodeURIComponent(p.policy_id)}/${verb}-user`, { user_id: pick.value }); say('ok', `${verb === 'attach' ? 'Attached' : 'Detached'} ${p.policy_name}.`); await load(); }
      catch (err) { say('error', describe(err)); }
    };
    return h('div', { class: 'inline-controls' }, pick, h('button', { type: 'button', class: 'link', onclick: go('attach') }, 'attach'), h('button', { type: 'button', class: 'link', onclick: go('detach') }, 'detach'));
  }
  async function remove(p) {
    if (!confirm(`Delete policy ${p.policy_name}?`)) return;
    try { await del(`/v5/policies/${encodeURIComponent(p.policy_id)}`); say('ok', `Deleted ${p.policy_name}.`); await load(); } catch (err) { say('error', describe(err)); }
  }
  mount(body, form('new-policy', [
    h('label', {}, 'Name', h('input', { name: 'policy_name', required: true })),
    h('label', {}, 'Description', h('input', { name: 'description' })),
    h('label', { class: 'wide' }, 'Policy document (JSON)', h('textarea', { name: 'policy_document', rows: 10, spellcheck: 'false', class: 'code' }, EXAMPLE), docError),
  ], 'Create policy', async (data, f) => {
    docError.textContent = '';
    const doc = data.get('policy_document');
    try { JSON.parse(doc); } catch (e) { docError.textContent = `Not JSON: ${e.message}`; return; }
    try {
      await post('/v5/policies', { policy_name: data.get('policy_name'), description: data.get('description') || undefined, policy_document: doc });
      say('ok', `Created ${data.get('policy_name')}.`); f.reset(); await load();
    } catch (err) {
      if (err instanceof ApiError && err.params.some(p => p.startsWith('policy_document'))) {
        docError.replaceChildren(...[...err.fieldMessages()].filter(([k]) => k.startsWith('policy_document')).map(([, m]) => h('div', {}, m)));
        say('error', 'The policy was not saved: the document has errors.');
      } else say('error', describe(err));
    }
  }), list);
  await load();
}

async function keys(body, say) {
  const { users: people = [] } = await get('/v3/users');
  const pick = h('select', { id: 'key-user', name: 'user_id', 'aria-label': 'User' }, people.map(u => h('option', { value: u.id }, u.name)));
  const list = h('div', { class: 'card flush' });
  const secret = h('div', { id: 'new-secret' });
  async function load() {
    if (!pick.value) { mount(list, h('p', { class: 'muted' }, 'No user.')); return; }
    const { credentials = [] } = await get(`/v3.0/OS-CREDENTIAL/credentials?user_id=${encodeURIComponent(pick.value)}`);
    mount(list, credentials.length ? table([
      { title: 'Access key', cell: c => h('code', {}, c.access) },
      { title: 'Description', cell: c => c.description ?? '' },
      { title: 'Status', cell: c => c.status },
      { title: 'Created', cell: c => when(Date.parse(c.create_time)) },
      { title: '', class: 'row-actions', cell: c => h('button', { type: 'button', class: 'link danger', onclick: () => remove(c) }, 'Delete') },
    ], credentials) : h('p', { class: 'muted pad' }, 'This user has no access key.'));
  }
  async function remove(c) {
    if (!confirm(`Delete access key ${c.access}? Requests signed with it are refused at once.`)) return;
    try { await del(`/v3.0/OS-CREDENTIAL/credentials/${encodeURIComponent(c.access)}`); say('ok', `Deleted ${c.access}.`); await load(); } catch (err) { say('error', describe(err)); }
  }
  pick.addEventListener('change', () => { secret.replaceChildren(); load().catch(err => say('error', describe(err))); });
  mount(body, form('new-key', [
    h('label', {}, 'User', pick),
    h('label', {}, 'Description', h('input', { name: 'description' })),
  ], 'Create access key', async data => {
    try {
      const { credential } = await post('/v3.0/OS-CREDENTIAL/credentials', { credential: { user_id: pick.value, description: data.get('description') || undefined } });
      mount(secret, h('div', { class: 'card secret', role: 'status' },
        h('strong', {}, 'Copy the secret now: it is shown only this once.'),
        h('dl', {}, h('dt', {}, 'Access key'), h('dd', {}, h('code', {}, credential.access)), h('dt', {}, 'Secret key'), h('dd', {}, h('code', { id: 'secret-value' }, credential.secret))),
        h('button', { type: 'button', onclick: () => secret.replaceChildren() }, 'I have kept it')));
      say('', ''); await load();
    } catch (err) { say('error', describe(err)); }
  }), secret, list);
  await load();
}

async function decode(body, say) {
  const out = h('pre', { class: 'card code', id: 'decoded', hidden: true });
  mount(body, form('decode', [
    h('label', { class: 'wide' }, 'encoded_authorization_message from a 403 answer', h('textarea', { name: 'message', rows: 4, required: true, spellcheck: 'false', class: 'code' })),
  ], 'Decode', async data => {
    try {
      const result = await post('/v5/authorization-messages/decode', { encoded_authorization_message: data.get('message').trim() });
      out.textContent = JSON.stringify(result.decoded_message ?? result, null, 2); out.hidden = false; say('', '');
    } catch (err) { out.hidden = true; say('error', describe(err)); }
  }), out);
}
