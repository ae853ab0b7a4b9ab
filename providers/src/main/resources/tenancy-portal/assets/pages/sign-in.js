// Sign-in settings: the linked identity providers (read-only), SSO enforcement, joining by email domain, join
// requests; usage.

import { h, t, button, run, showSuccess, label, card } from '../ui.js';
import * as api from '../api.js';

export async function render(section, ctx) {
  const settings = await api.get(api.path`organizations/${ctx.alias}/sign-in`);
  // Usage is extra: its refusal is shown in its own card rather than failing the page.
  const usage = ctx.can('org:members:read')
    ? await api.get(api.path`organizations/${ctx.alias}/usage`).catch((error) => ({ error: error.message }))
    : null;

  let settingsShown = settings;
  const providers = h('div', { id: 'identity-providers' });
  const domains = h('div', { id: 'verified-domains' });
  const ssoRequired = toggle('sso-required', t('signInSettings.ssoRequired'), t('signInSettings.ssoRequiredHelp'));
  const joinByEmailDomain = toggle('join-by-email-domain', t('signInSettings.join'), t('signInSettings.joinHelp'));
  const joinRequests = toggle('join-requests', t('signInSettings.joinRequests'), t('signInSettings.joinRequestsHelp'));
  const save = button(t('save'), 'primary', { id: 'sign-in-save', type: 'submit' });
  const form = h('form', { class: 'pf-v5-c-form', novalidate: true },
    domains, ssoRequired.element, joinByEmailDomain.element, joinRequests.element,
    h('div', { class: 'pf-v5-c-form__actions' }, save));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    // Requiring SSO ends password sign-in for everyone at the verified domains: ask first.
    if (ssoRequired.input.checked && !settingsShown.ssoRequired && !window.confirm(t('signInSettings.ssoConfirm'))) return;
    run(save, async () => {
      show(await api.put(api.path`organizations/${ctx.alias}/sign-in`,
        { ssoRequired: ssoRequired.input.checked, joinByEmailDomain: joinByEmailDomain.input.checked,
          joinRequests: joinRequests.input.checked }));
      showSuccess(t('signInSettings.saved'));
    });
  });

  section.append(h('div', { class: 'tp-columns' },
    h('div', {},
      card(t('signInSettings.title'), form),
      card(t('signInSettings.providers'), providers)),
    usage && card(t('usage.title'), usageSummary(usage))));
  show(settings);

  /** Draws the settings as the API last answered them. */
  function show(answer) {
    settingsShown = answer;
    ssoRequired.input.checked = answer.ssoRequired;
    joinByEmailDomain.input.checked = answer.joinByEmailDomain;
    joinRequests.input.checked = answer.joinRequests;
    domains.replaceChildren(answer.verifiedDomains.length
      ? h('p', {}, t('signInSettings.appliesTo', answer.verifiedDomains.join(', ')))
      : h('p', {}, t('signInSettings.noVerifiedDomains')));
    providers.replaceChildren(answer.identityProviders.length
      ? h('ul', { class: 'tp-list' }, answer.identityProviders.map(providerItem))
      : h('p', {}, t('signInSettings.noProviders')));
  }
}

function providerItem(provider) {
  return h('li', { 'data-alias': provider.alias, class: 'tp-provider' },
    h('strong', {}, provider.displayName || provider.alias), ' ',
    provider.enabled ? label(t('provider.enabled'), 'green') : label(t('provider.disabled'), 'grey'), ' ',
    h('span', {}, provider.domain === 'ANY' ? t('provider.anyDomain')
      : provider.domain ? t('provider.domain', provider.domain) : t('provider.noDomain')), ' ',
    h('span', {}, provider.redirectsByEmailDomain ? t('provider.redirects') : t('provider.noRedirect')));
}

/** A PatternFly switch: a checkbox inside its own label, with helper text. */
function toggle(id, labelText, helpText) {
  const input = h('input', { class: 'pf-v5-c-switch__input', type: 'checkbox', id, name: id, role: 'switch',
    'aria-describedby': `${id}-help` });
  const element = h('div', { class: 'pf-v5-c-form__group' },
    h('label', { class: 'pf-v5-c-switch', for: id },
      input,
      h('span', { class: 'pf-v5-c-switch__toggle' }),
      h('span', { class: 'pf-v5-c-switch__label' }, labelText)),
    h('p', { class: 'pf-v5-c-form__helper-text tp-help', id: `${id}-help` }, helpText));
  return { element, input };
}

function usageSummary(usage) {
  if (usage.error) return h('p', { id: 'usage' }, usage.error);
  const members = usage.maxMembers === null || usage.maxMembers === undefined
    ? t('usage.membersUnlimited', usage.members)
    : t('usage.members', usage.members, usage.maxMembers);
  return h('div', { id: 'usage' },
    h('p', { id: 'usage-members' }, members),
    h('p', { id: 'usage-pending' }, t('usage.pending', usage.pendingInvitations)));
}
