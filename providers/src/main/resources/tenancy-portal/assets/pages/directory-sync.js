// Directory sync: the organization's SCIM base URL, its tokens (created with the secret shown once, listed with their
// last use, revoked) and how to connect Microsoft Entra ID and Okta.

import { h, t, input, control, button, run, showSuccess, table, row, emptyRow, card, copyText } from '../ui.js';
import * as api from '../api.js';

export async function render(section, ctx) {
  const baseUrl = h('code', { id: 'scim-base-url' }, api.absolute(api.path`scim/v2/${ctx.alias}`));
  const secret = h('div', { id: 'scim-token-created', hidden: true });

  const name = input('scim-token-name', { maxlength: 100, autocomplete: 'off',
    placeholder: t('directorySync.tokenNamePlaceholder') });
  const create = button(t('directorySync.create'), 'primary', { id: 'scim-token-create', type: 'submit' });
  const form = h('form', { class: 'tp-toolbar', novalidate: true },
    h('label', { for: 'scim-token-name', class: 'pf-v5-c-form__label' }, t('directorySync.tokenName')),
    control(name),
    create);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(create, async () => {
      const created = await api.post(api.path`organizations/${ctx.alias}/scim-tokens`, { name: name.value.trim() });
      form.reset();
      showSecret(created);
      await load();
      showSuccess(t('directorySync.created', created.name));
    });
  });

  const headers = [t('directorySync.name'), t('directorySync.createdAt'), t('directorySync.lastUsed'), t('actions')];
  const list = table('scim-tokens-table', t('directorySync.tableLabel'), headers);

  section.append(
    h('p', { class: 'tp-help' }, t('directorySync.intro')),
    h('dl', { class: 'tp-record' },
      h('dt', {}, t('directorySync.baseUrl')),
      h('dd', {}, baseUrl, ' ', button(t('directorySync.copy'), 'link', { 'data-action': 'copy-base-url',
        'aria-label': t('directorySync.copyBaseUrl'), onclick: () => copyText(baseUrl) }))),
    form,
    secret,
    list.element,
    h('p', { class: 'tp-help' }, t('directorySync.rules')),
    card(t('directorySync.entraTitle'), steps('entra')),
    card(t('directorySync.oktaTitle'), steps('okta')));
  await load();

  async function load() {
    const tokens = await api.get(api.path`organizations/${ctx.alias}/scim-tokens`);
    list.tbody.replaceChildren(...(tokens.length ? tokens.map(tokenRow) : [emptyRow(headers, t('directorySync.none'))]));
  }

  /** The secret of a token just created: in this page's memory only, gone when the page changes. */
  function showSecret(created) {
    const value = h('code', { id: 'scim-token-secret' }, created.token);
    secret.replaceChildren(
      h('dl', { class: 'tp-record' },
        h('dt', {}, t('directorySync.secret')),
        h('dd', {}, value, ' ', button(t('directorySync.copy'), 'link', { 'data-action': 'copy-secret',
          'aria-label': t('directorySync.copySecret'), onclick: () => copyText(value) }))),
      h('p', { class: 'tp-help' }, t('directorySync.secretHelp')));
    secret.hidden = false;
  }

  function tokenRow(token) {
    return row({ 'data-token': token.name }, headers, [
      token.name,
      new Date(token.createdTimestamp).toLocaleString(),
      token.lastUsedTimestamp ? new Date(token.lastUsedTimestamp).toLocaleString() : t('directorySync.never'),
      button(t('directorySync.revoke'), 'danger', { 'data-action': 'revoke',
        'aria-label': t('directorySync.revokeNamed', token.name), onclick: (event) => revoke(token, event.currentTarget) }),
    ]);
  }

  function revoke(token, revokeButton) {
    if (!window.confirm(t('directorySync.revokeConfirm', token.name))) return;
    run(revokeButton, async () => {
      await api.del(api.path`organizations/${ctx.alias}/scim-tokens/${token.id}`);
      await load();
      showSuccess(t('directorySync.revoked', token.name));
    });
  }
}

function steps(provider) {
  return h('ol', { class: 'tp-steps' }, [1, 2, 3, 4].map((n) => h('li', {}, t(`directorySync.${provider}${n}`))));
}
