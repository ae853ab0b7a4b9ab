// An organization's member limit (admin mode only): the organization attribute tenancy.limits.max-members, written
// through Keycloak's own organization API, so Keycloak's admin roles decide who may and the pack's storage check
// refuses a wrong value with its sentence. The usage beside it comes from the tenancy admin API.

import { h, t, input, field, button, run, showSuccess, card } from '../ui.js';
import * as api from '../api.js';

const MAX_MEMBERS = 'tenancy.limits.max-members';

export async function render(section, ctx) {
  const usage = h('dl', { id: 'org-usage' });
  const maxMembers = input('org-max-members', { inputmode: 'numeric', autocomplete: 'off' });
  const save = button(t('save'), 'primary', { id: 'org-limits-save', type: 'submit' });
  const form = h('form', { class: 'pf-v5-c-form', novalidate: true },
    field(t('orgLimits.maxMembers'), maxMembers, t('orgLimits.maxMembersHelp')),
    h('div', { class: 'pf-v5-c-form__actions' }, save));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(save, async () => {
      // Keycloak's organization update replaces the whole representation: read it fresh, change the one attribute.
      const organization = await ctx.keycloak('GET', `organizations/${encodeURIComponent(ctx.details.id)}`);
      const attributes = { ...(organization.attributes || {}) };
      const wanted = maxMembers.value.trim();
      if (wanted) attributes[MAX_MEMBERS] = [wanted];
      else delete attributes[MAX_MEMBERS];
      await ctx.keycloak('PUT', `organizations/${encodeURIComponent(ctx.details.id)}`, { ...organization, attributes });
      await show();
      showSuccess(t('orgLimits.saved'));
    });
  });
  section.append(card(t('orgLimits.title'), usage, form));
  await show();

  async function show() {
    const answer = await api.get(api.path`organizations/${ctx.alias}/usage`);
    maxMembers.value = answer.maxMembers ?? '';
    usage.replaceChildren(
      h('dt', {}, t('orgLimits.members')), h('dd', { id: 'org-usage-members' }, String(answer.members)),
      h('dt', {}, t('orgLimits.pending')), h('dd', {}, String(answer.pendingInvitations)),
      h('dt', {}, t('orgLimits.limit')),
      h('dd', { id: 'org-usage-limit' }, answer.maxMembers === null ? t('tenants.noLimit') : String(answer.maxMembers)));
  }
}
