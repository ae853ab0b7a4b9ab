// Audit log: who changed what in the organization, newest first, filtered by action, actor and dates, a page at a time.

import { h, t, input, field, button, run, table, row, emptyRow, pager, PAGE_SIZE } from '../ui.js';
import * as api from '../api.js';

// Families of actions (the API takes an action or a family ending in a dot).
const FAMILIES = ['organization.', 'member.', 'role.', 'invitation.', 'domain.', 'join_request.', 'account.',
  'security.', 'sign_in.', 'webhook.'];

export async function render(section, ctx) {
  const state = { first: 0, query: {} };
  const action = h('select', { id: 'audit-action', name: 'audit-action' },
    h('option', { value: '' }, t('audit.anyAction')),
    FAMILIES.map((family) => h('option', { value: family }, t('audit.family', family))));
  const actor = input('audit-actor', { maxlength: 255, autocomplete: 'off' });
  const from = input('audit-from', { type: 'date' });
  const to = input('audit-to', { type: 'date' });
  const apply = button(t('audit.apply'), 'primary', { id: 'audit-apply', type: 'submit' });
  const form = h('form', { class: 'pf-v5-c-form tp-card-form', novalidate: true },
    field(t('audit.action'), action),
    field(t('audit.actor'), actor, t('audit.actorHelp')),
    field(t('audit.from'), from),
    field(t('audit.to'), to, t('audit.datesHelp')),
    h('div', { class: 'pf-v5-c-form__actions' }, apply));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(apply, async () => {
      state.query = {
        action: action.value,
        actor: actor.value.trim(),
        // Local midnight of the first day, and of the day after the last (the API's "to" is exclusive).
        from: from.value ? new Date(`${from.value}T00:00`).toISOString() : '',
        to: to.value ? dayAfter(to.value).toISOString() : '',
      };
      state.first = 0;
      await load();
    });
  });

  const headers = [t('audit.time'), t('audit.action'), t('audit.actor'), t('audit.target'), t('audit.detail')];
  const list = table('audit-table', t('audit.tableLabel'), headers);
  const paging = pager('audit', (first) => {
    state.first = first;
    run(null, load);
  });
  section.append(h('p', { class: 'tp-help' }, t('audit.help')), form, list.element, paging.element);
  await load();

  async function load() {
    const page = await api.get(api.path`organizations/${ctx.alias}/audit`,
      { ...state.query, first: state.first, max: PAGE_SIZE });
    list.tbody.replaceChildren(...(page.length ? page.map(recordRow) : [emptyRow(headers, t('audit.none'))]));
    paging.show(state.first, page.length);
  }

  function recordRow(record) {
    return row({ 'data-action': record.action, 'data-record-id': record.id }, headers, [
      new Date(record.timestamp).toLocaleString(),
      record.action,
      actorText(record.actor),
      record.target || '',
      h('code', { class: 'tp-audit-detail' }, record.detail == null ? '' : JSON.stringify(record.detail)),
    ]);
  }
}

function actorText(actor) {
  if (!actor || actor.type === 'system') return t('audit.system');
  return [actor.userId && t('audit.user', actor.userId), actor.clientId && t('audit.client', actor.clientId)]
    .filter(Boolean).join(', ');
}

function dayAfter(date) {
  const day = new Date(`${date}T00:00`);
  day.setDate(day.getDate() + 1);
  return day;
}
