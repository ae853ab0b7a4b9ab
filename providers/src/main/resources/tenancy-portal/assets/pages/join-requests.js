// Join requests of the organization: people of its verified domains who asked to join; approve or decline.

import { h, t, button, run, showSuccess, table, row, emptyRow } from '../ui.js';
import * as api from '../api.js';

export async function render(section, ctx) {
  const headers = [t('joinRequests.email'), t('joinRequests.created'), t('actions')];
  const list = table('join-requests-table', t('joinRequests.tableLabel'), headers);
  section.append(h('p', { class: 'tp-help' }, t('joinRequests.help')), list.element);
  await load();

  async function load() {
    const pending = await api.get(api.path`organizations/${ctx.alias}/join-requests`);
    list.tbody.replaceChildren(...(pending.length ? pending.map(requestRow)
      : [emptyRow(headers, t('joinRequests.none'))]));
  }

  function requestRow(request) {
    const decide = (verb, sentence) => (event) => run(event.target, async () => {
      await api.post(api.path`organizations/${ctx.alias}/join-requests/${request.id}/${verb}`);
      await load();
      showSuccess(t(sentence, request.email));
    });
    return row({ 'data-email': request.email }, headers, [
      request.email,
      new Date(request.created).toLocaleString(),
      h('span', { class: 'tp-actions' },
        button(t('joinRequests.approve'), 'primary',
          { 'data-action': 'approve', onclick: decide('approve', 'joinRequests.approved') }),
        button(t('joinRequests.decline'), 'secondary',
          { 'data-action': 'decline', onclick: decide('decline', 'joinRequests.declined') })),
    ]);
  }
}
