// Webhooks: the organization's subscriptions (create, showing the secret once; edit; turn on or off; delete), and
// each one's delivery log with redelivery.

import { h, t, input, field, button, run, showSuccess, label, labels, table, row, emptyRow, pager, checkbox,
  checkboxGroup, checkedValues, card, copyText, PAGE_SIZE } from '../ui.js';
import * as api from '../api.js';

// The event types an organization's webhook may hear (organization.created and .deleted reach realm webhooks only).
const EVENTS = ['organization.updated', 'member.added', 'member.removed', 'member.roles.updated',
  'invitation.created', 'invitation.accepted', 'invitation.revoked', 'domain.verified', 'domain.removed',
  'security.updated', 'account.signed_out', 'account.suspended', 'account.restored'];

export async function render(section, ctx) {
  const base = api.path`organizations/${ctx.alias}/webhooks`;
  let editing = null; // the webhook whose changes the form holds, or null for a new one
  let shown = null; // the webhook whose delivery log is shown
  const deliveryState = { first: 0 };

  const url = input('webhook-url', { type: 'url', maxlength: 2048, autocomplete: 'off', placeholder: 'https://' });
  const formTitle = h('h2', { class: 'tp-subtitle' }, t('webhooks.new'));
  const save = button(t('webhooks.create'), 'primary', { id: 'webhook-save', type: 'submit' });
  const cancel = button(t('webhooks.cancel'), 'secondary', { id: 'webhook-cancel', hidden: true,
    onclick: () => edit(null) });
  const secretBox = h('div', { id: 'webhook-secret-box' });
  const form = h('form', { class: 'pf-v5-c-form tp-card-form', novalidate: true },
    formTitle,
    field(t('webhooks.url'), url, t('webhooks.urlHelp')),
    checkboxGroup(t('webhooks.events'),
      EVENTS.map((type, i) => checkbox(`webhook-event-${i}`, 'webhook-event', type, type, false))),
    h('div', { class: 'pf-v5-c-form__actions' }, save, cancel));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(save, async () => {
      const body = { url: url.value.trim(), events: checkedValues(form, 'webhook-event') };
      if (editing) {
        await api.put(api.path`organizations/${ctx.alias}/webhooks/${editing.id}`,
          { ...body, enabled: editing.enabled });
        edit(null);
        await load();
        showSuccess(t('webhooks.saved', body.url));
        return;
      }
      const created = await api.post(base, body);
      form.reset();
      await load();
      showSecret(created);
      showSuccess(t('webhooks.created', created.url));
    });
  });

  const headers = [t('webhooks.url'), t('webhooks.events'), t('webhooks.status'), t('actions')];
  const list = table('webhooks-table', t('webhooks.tableLabel'), headers);
  const deliveries = h('div', { id: 'webhook-deliveries' });
  section.append(h('p', { class: 'tp-help' }, t('webhooks.help')), secretBox, form,
    h('h2', { class: 'tp-subtitle' }, t('webhooks.list')), list.element, deliveries);
  await load();

  async function load() {
    const webhooks = await api.get(base);
    list.tbody.replaceChildren(...(webhooks.length ? webhooks.map(webhookRow) : [emptyRow(headers, t('webhooks.none'))]));
    if (shown && !webhooks.some((webhook) => webhook.id === shown.id)) {
      shown = null;
      deliveries.replaceChildren();
    }
  }

  function showSecret(created) {
    const secret = h('code', { id: 'webhook-secret', class: 'tp-secret' }, created.secret);
    secretBox.replaceChildren(card(t('webhooks.secretTitle'),
      h('p', {}, t('webhooks.secretHelp', created.url)),
      secret,
      h('div', { class: 'pf-v5-c-form__actions' },
        button(t('webhooks.secretCopy'), 'secondary', { id: 'webhook-secret-copy', onclick: () => copyText(secret) }),
        button(t('webhooks.secretDone'), 'secondary', { id: 'webhook-secret-done',
          onclick: () => secretBox.replaceChildren() }))));
  }

  function edit(webhook) {
    editing = webhook;
    secretBox.replaceChildren();
    formTitle.textContent = webhook ? t('webhooks.editing', webhook.url) : t('webhooks.new');
    save.textContent = webhook ? t('webhooks.save') : t('webhooks.create');
    cancel.hidden = !webhook;
    url.value = webhook ? webhook.url : '';
    form.querySelectorAll('input[name="webhook-event"]').forEach((box) => {
      box.checked = Boolean(webhook && webhook.events.includes(box.value));
    });
    if (webhook) url.focus();
  }

  function webhookRow(webhook) {
    const status = webhook.enabled ? label(t('webhooks.on'), 'green')
      : h('span', {}, label(t('webhooks.off'), 'orange'),
        webhook.disabledReason && h('span', { class: 'tp-help' }, ` ${webhook.disabledReason}`));
    return row({ 'data-webhook-id': webhook.id, 'data-url': webhook.url }, headers, [
      webhook.url,
      labels(webhook.events),
      status,
      h('div', { class: 'tp-row-actions' },
        button(t('webhooks.edit'), 'secondary', { 'data-action': 'edit', onclick: () => edit(webhook) }),
        button(webhook.enabled ? t('webhooks.turnOff') : t('webhooks.turnOn'), 'secondary', {
          'data-action': webhook.enabled ? 'disable' : 'enable',
          onclick: (event) => run(event.currentTarget, async () => {
            await api.patch(api.path`organizations/${ctx.alias}/webhooks/${webhook.id}`, { enabled: !webhook.enabled });
            await load();
            showSuccess(t(webhook.enabled ? 'webhooks.turnedOff' : 'webhooks.turnedOn', webhook.url));
          }) }),
        button(t('webhooks.deliveries'), 'secondary', { 'data-action': 'deliveries',
          onclick: (event) => run(event.currentTarget, () => showDeliveries(webhook, 0)) }),
        button(t('webhooks.delete'), 'danger', { 'data-action': 'delete',
          onclick: (event) => remove(webhook, event.currentTarget) })),
    ]);
  }

  function remove(webhook, deleteButton) {
    if (!window.confirm(t('webhooks.deleteConfirm', webhook.url))) return;
    run(deleteButton, async () => {
      await api.del(api.path`organizations/${ctx.alias}/webhooks/${webhook.id}`);
      if (editing && editing.id === webhook.id) edit(null);
      await load();
      showSuccess(t('webhooks.deleted', webhook.url));
    });
  }

  async function showDeliveries(webhook, first) {
    shown = webhook;
    deliveryState.first = first;
    const logHeaders = [t('webhooks.message'), t('webhooks.type'), t('webhooks.state'), t('webhooks.attempts'),
      t('webhooks.lastAnswer'), t('actions')];
    const log = table('deliveries-table', t('webhooks.deliveriesOf', webhook.url), logHeaders);
    const paging = pager('deliveries', (next) => run(null, () => showDeliveries(webhook, next)));
    const page = await api.get(api.path`organizations/${ctx.alias}/webhooks/${webhook.id}/deliveries`,
      { first, max: PAGE_SIZE });
    log.tbody.replaceChildren(...(page.length ? page.map((delivery) => deliveryRow(webhook, delivery, logHeaders))
      : [emptyRow(logHeaders, t('webhooks.noDeliveries'))]));
    paging.show(first, page.length);
    deliveries.replaceChildren(h('h2', { class: 'tp-subtitle' }, t('webhooks.deliveriesOf', webhook.url)),
      log.element, paging.element);
  }

  function deliveryRow(webhook, delivery, logHeaders) {
    const color = { delivered: 'green', pending: 'blue', failed: 'red' }[delivery.state];
    const answer = delivery.lastStatus ? `${delivery.lastStatus} ${delivery.lastAnswer || ''}` : delivery.lastAnswer;
    return row({ 'data-delivery-id': delivery.id, 'data-state': delivery.state }, logHeaders, [
      h('span', {}, h('code', {}, delivery.id), h('br'), new Date(delivery.createdAt).toLocaleString()),
      delivery.type,
      label(t(`webhooks.state.${delivery.state}`), color),
      String(delivery.attempts),
      h('span', { class: 'tp-answer' }, answer || ''),
      button(t('webhooks.redeliver'), 'secondary', { 'data-action': 'redeliver',
        onclick: (event) => run(event.currentTarget, async () => {
          await api.post(api.path`organizations/${ctx.alias}/webhooks/${webhook.id}/deliveries/${delivery.id}/redeliver`);
          await showDeliveries(webhook, deliveryState.first);
          showSuccess(t('webhooks.redelivering', delivery.id));
        }) }),
    ]);
  }
}
