// Invitations: invite by email with roles, list (paged), resend, revoke.

import { h, t, input, field, button, run, showSuccess, label, labels, table, row, emptyRow, pager, checkbox,
  checkboxGroup, checkedValues, formatDate, PAGE_SIZE } from '../ui.js';
import * as api from '../api.js';

export async function render(section, ctx) {
  // Listing roles needs org:members:read; without it the invitee simply gets the default roles.
  const roles = ctx.can('org:members:read') ? await api.get(api.path`organizations/${ctx.alias}/roles`) : [];
  const state = { first: 0 };

  const email = input('invite-email', { type: 'email', maxlength: 254, autocomplete: 'off' });
  const firstName = input('invite-first-name', { maxlength: 255, autocomplete: 'off' });
  const lastName = input('invite-last-name', { maxlength: 255, autocomplete: 'off' });
  const send = button(t('invitations.send'), 'primary', { id: 'invite-send', type: 'submit' });
  const form = h('form', { class: 'pf-v5-c-form tp-card-form', novalidate: true },
    h('h2', { class: 'tp-subtitle' }, t('invitations.new')),
    field(t('invitations.email'), email),
    field(t('invitations.firstName'), firstName),
    field(t('invitations.lastName'), lastName),
    roles.length > 0 && checkboxGroup(t('invitations.roles'),
      roles.map((role, i) => checkbox(`invite-role-${i}`, 'invite-role', role.name, role.name, false, role.description,
        role.grantable === false && t('roles.notGrantable')))),
    h('p', { class: 'tp-help' }, t('invitations.defaultRolesHelp')),
    h('div', { class: 'pf-v5-c-form__actions' }, send));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(send, async () => {
      const address = email.value.trim();
      await api.post(api.path`organizations/${ctx.alias}/invitations`, {
        email: address,
        firstName: firstName.value.trim() || undefined,
        lastName: lastName.value.trim() || undefined,
        roles: checkedValues(form, 'invite-role'),
      });
      form.reset();
      state.first = 0;
      await load();
      showSuccess(t('invitations.sent', address));
    });
  });

  const headers = [t('invitations.email'), t('invitations.roles'), t('invitations.status'), t('invitations.created'),
    t('invitations.expires'), t('actions')];
  const list = table('invitations-table', t('invitations.tableLabel'), headers);
  const paging = pager('invitations', (first) => {
    state.first = first;
    run(null, load);
  });
  section.append(form, h('h2', { class: 'tp-subtitle' }, t('invitations.pending')), list.element, paging.element);
  await load();

  async function load() {
    const page = await api.get(api.path`organizations/${ctx.alias}/invitations`, { first: state.first, max: PAGE_SIZE });
    list.tbody.replaceChildren(...(page.length ? page.map(invitationRow) : [emptyRow(headers, t('invitations.none'))]));
    paging.show(state.first, page.length);
  }

  function invitationRow(invitation) {
    const expired = invitation.status === 'EXPIRED' || invitation.expiresAt * 1000 < Date.now();
    return row({ 'data-invitation-id': invitation.id, 'data-email': invitation.email }, headers, [
      invitation.email,
      labels(invitation.roles),
      expired ? label(t('invitations.expired'), 'orange') : label(t('invitations.statusPending'), 'blue'),
      formatDate(invitation.createdAt),
      formatDate(invitation.expiresAt),
      h('div', { class: 'tp-row-actions' },
        button(t('invitations.resend'), 'secondary', { 'data-action': 'resend',
          'aria-label': t('invitations.resendTo', invitation.email),
          onclick: (event) => resend(invitation, event.currentTarget) }),
        button(t('invitations.revoke'), 'danger', { 'data-action': 'revoke',
          'aria-label': t('invitations.revokeFor', invitation.email),
          onclick: (event) => revoke(invitation, event.currentTarget) })),
    ]);
  }

  function resend(invitation, resendButton) {
    run(resendButton, async () => {
      await api.post(api.path`organizations/${ctx.alias}/invitations/${invitation.id}/resend`);
      await load();
      showSuccess(t('invitations.resent', invitation.email));
    });
  }

  function revoke(invitation, revokeButton) {
    if (!window.confirm(t('invitations.revokeConfirm', invitation.email))) return;
    run(revokeButton, async () => {
      await api.del(api.path`organizations/${ctx.alias}/invitations/${invitation.id}`);
      await load();
      showSuccess(t('invitations.revoked', invitation.email));
    });
  }
}
