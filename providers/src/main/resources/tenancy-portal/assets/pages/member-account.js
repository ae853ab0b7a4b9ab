// The account actions of the Members page, on accounts the organization owns: each action the API would refuse for
// this member is shown disabled, with the API's own sentence as the reason.

import { h, t, button, run, clearAlerts, showSuccess } from '../ui.js';
import * as api from '../api.js';

/** Shows the account panel of a member in slot; opener gets the focus back when it closes. */
export async function openAccount(slot, ctx, member, opener) {
  clearAlerts();
  const base = api.path`organizations/${ctx.alias}/members/${member.id}`;
  let view = await api.get(`${base}/account`);
  const state = h('p', { id: 'account-state' });
  const actions = h('div', { class: 'tp-account-actions' });
  const close = button(t('cancel'), 'link', { id: 'account-close', onclick: () => {
    slot.replaceChildren();
    opener.focus();
  } });
  const panel = h('section', { id: 'member-account', class: 'tp-editor', 'aria-labelledby': 'member-account-title' },
    h('h2', { id: 'member-account-title', class: 'tp-subtitle' }, t('members.accountOf', member.username)),
    state, actions, h('div', { class: 'pf-v5-c-form__actions' }, close));
  slot.replaceChildren(panel);
  draw();
  panel.querySelector('button:not([disabled])')?.focus();

  function draw() {
    state.textContent = view.enabled ? t('members.accountEnabled') : t('members.accountSuspended');
    const suspended = !view.enabled;
    actions.replaceChildren(
      action('sign-out', t('members.signOut'), 'secondary', null, async () => {
        await api.post(`${base}/sign-out`);
        return t('members.signedOut', member.username);
      }),
      action('reset-password', t('members.resetPassword'), 'secondary', null, async () => {
        await api.post(`${base}/reset-password`);
        return t('members.passwordResetSent', member.username);
      }),
      action('reset-mfa', t('members.resetMfa'), 'secondary', t('members.resetMfaConfirm', member.username), async () => {
        await api.post(`${base}/reset-mfa`);
        return t('members.mfaRemoved', member.username);
      }),
      suspended
        ? action('restore', t('members.restore'), 'primary', null, async () => {
          await api.put(`${base}/account`, { enabled: true });
          return t('members.restored', member.username);
        })
        : action('suspend', t('members.suspend'), 'danger', t('members.suspendConfirm', member.username), async () => {
          await api.put(`${base}/account`, { enabled: false });
          return t('members.suspended', member.username);
        }));
  }

  /** One action: a button, disabled with the reason below it when the API would refuse it. */
  function action(control, text, variant, confirmText, perform) {
    // restoring is refused only where the organization does not own the account
    const reason = view.refusals[control] || (control === 'restore' && !view.owned ? view.refusals['sign-out'] : null);
    const reasonId = `account-reason-${control}`;
    const actionButton = button(text, variant, { 'data-action': control, disabled: Boolean(reason),
      'aria-describedby': reason ? reasonId : null,
      onclick: () => {
        if (confirmText && !window.confirm(confirmText)) return;
        run(actionButton, async () => {
          const done = await perform();
          view = await api.get(`${base}/account`);
          draw();
          showSuccess(done);
        });
      } });
    return h('div', { class: 'tp-account-action', 'data-control': control }, actionButton,
      reason && h('p', { class: 'pf-v5-c-form__helper-text tp-help', id: reasonId }, reason));
  }
}
