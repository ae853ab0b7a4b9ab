// Domains: claim, publish the DNS TXT record, verify, remove.

import { h, t, input, control, button, run, showSuccess, showError, label, table, row, emptyRow, copyText } from '../ui.js';
import * as api from '../api.js';

export async function render(section, ctx) {
  const name = input('domain-name', { maxlength: 253, autocomplete: 'off', placeholder: 'example.com' });
  const claim = button(t('domains.claim'), 'primary', { id: 'domain-claim', type: 'submit' });
  const form = h('form', { class: 'tp-toolbar', novalidate: true },
    h('label', { for: 'domain-name', class: 'pf-v5-c-form__label' }, t('domains.name')),
    control(name),
    claim);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(claim, async () => {
      const domain = await api.post(api.path`organizations/${ctx.alias}/domains`, { name: name.value.trim() });
      form.reset();
      await load();
      showSuccess(t('domains.claimed', domain.name));
    });
  });

  const headers = [t('domains.name'), t('domains.status'), t('domains.record'), t('actions')];
  const list = table('domains-table', t('domains.tableLabel'), headers);
  section.append(h('p', { class: 'tp-help' }, t('domains.intro')), form, list.element);
  await load();

  async function load() {
    const domains = await api.get(api.path`organizations/${ctx.alias}/domains`);
    list.tbody.replaceChildren(...(domains.length ? domains.map(domainRow) : [emptyRow(headers, t('domains.none'))]));
  }

  function domainRow(domain) {
    const record = !domain.verified && domain.verification;
    return row({ 'data-domain': domain.name }, headers, [
      domain.name,
      domain.verified ? label(t('domain.verified'), 'green') : label(t('domain.pending'), 'orange'),
      record ? txtRecord(record) : '',
      h('div', { class: 'tp-row-actions' },
        !domain.verified && button(t('domains.verify'), 'secondary', { 'data-action': 'verify',
          'aria-label': t('domains.verifyNamed', domain.name), onclick: (event) => verify(domain, event.currentTarget) }),
        button(t('domains.remove'), 'danger', { 'data-action': 'remove', 'aria-label': t('domains.removeNamed', domain.name),
          onclick: (event) => remove(domain, event.currentTarget) })),
    ]);
  }

  function txtRecord(record) {
    const recordName = h('code', { class: 'txt-name' }, record.name);
    const recordValue = h('code', { class: 'txt-value' }, record.value);
    return h('dl', { class: 'tp-record' },
      h('dt', {}, t('domains.recordType')), h('dd', {}, record.type || 'TXT'),
      h('dt', {}, t('domains.recordName')), h('dd', {}, recordName, ' ',
        button(t('domains.copy'), 'link', { 'data-action': 'copy-name', 'aria-label': t('domains.copyName'),
          onclick: () => copyText(recordName) })),
      h('dt', {}, t('domains.recordValue')), h('dd', {}, recordValue, ' ',
        button(t('domains.copy'), 'link', { 'data-action': 'copy-value', 'aria-label': t('domains.copyValue'),
          onclick: () => copyText(recordValue) })));
  }

  function verify(domain, verifyButton) {
    run(verifyButton, async () => {
      const answer = await api.post(api.path`organizations/${ctx.alias}/domains/${domain.name}/verify`);
      await load();
      if (answer?.verified) showSuccess(t('domains.verified', domain.name));
      else showError(t('domains.notYetVerified', domain.name));
    });
  }

  function remove(domain, removeButton) {
    if (!window.confirm(t('domains.removeConfirm', domain.name))) return;
    run(removeButton, async () => {
      await api.del(api.path`organizations/${ctx.alias}/domains/${domain.name}`);
      await load();
      showSuccess(t('domains.removed', domain.name));
    });
  }
}
