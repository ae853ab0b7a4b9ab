// Security: the organization's MFA policy, what it means for members, and the methods the realm lets it choose.

import { h, t, button, run, showSuccess, card, checkbox, checkboxGroup, checkedValues } from '../ui.js';
import * as api from '../api.js';

const METHODS = ['otp', 'webauthn'];

export async function render(section, ctx) {
  const policy = await api.get(api.path`organizations/${ctx.alias}/security`);
  let shown = policy;

  const required = h('input', { class: 'pf-v5-c-switch__input', type: 'checkbox', id: 'mfa-required', name: 'mfa-required',
    role: 'switch', 'aria-describedby': 'mfa-required-help' });
  const methods = h('div', { id: 'mfa-methods' });
  const effect = h('div', { id: 'mfa-effect', class: 'tp-help', 'aria-live': 'polite' });
  const save = button(t('save'), 'primary', { id: 'security-save', type: 'submit' });
  const form = h('form', { class: 'pf-v5-c-form', novalidate: true },
    h('div', { class: 'pf-v5-c-form__group' },
      h('label', { class: 'pf-v5-c-switch', for: 'mfa-required' },
        required,
        h('span', { class: 'pf-v5-c-switch__toggle' }),
        h('span', { class: 'pf-v5-c-switch__label' }, t('security.mfaRequired'))),
      h('p', { class: 'pf-v5-c-form__helper-text tp-help', id: 'mfa-required-help' }, t('security.mfaRequiredHelp'))),
    methods, effect, h('div', { class: 'pf-v5-c-form__actions' }, save));
  required.addEventListener('change', explain);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(save, async () => {
      // ssoRequired as shown: it belongs to the sign-in settings, and an unchanged value needs no other permission
      show(await api.put(api.path`organizations/${ctx.alias}/security`, { mfa: required.checked ? 'required' : 'off',
        mfaMethods: checkedValues(form, 'mfa-method'), ssoRequired: shown.ssoRequired }));
      showSuccess(t('security.saved'));
    });
  });

  section.append(h('div', { class: 'tp-columns' },
    h('div', {}, card(t('security.title'), form)),
    card(t('security.howItWorks'),
      h('p', {}, t('security.explainStrictest')),
      h('p', {}, t('security.explainIdentityProvider')),
      h('p', {}, t('security.explainAccounts')))));
  show(policy);

  /** Draws the policy as the API last answered it. */
  function show(answer) {
    shown = answer;
    required.checked = answer.mfa === 'required';
    const allowed = answer.allowedMfaMethods || [];
    methods.replaceChildren(checkboxGroup(t('security.methods'), METHODS.map((method) =>
      checkbox(`mfa-method-${method}`, 'mfa-method', method, t(`security.method.${method}`),
        answer.mfaMethods.includes(method) && allowed.includes(method), t(`security.method.${method}Help`),
        !allowed.includes(method) && t('security.methodNotAllowed')))));
    explain();
  }

  function explain() {
    effect.replaceChildren(h('p', {}, required.checked ? t('security.effectRequired') : t('security.effectOff')));
  }
}
