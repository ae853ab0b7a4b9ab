// The platform's tenant realms (admin mode, signed in at master): list, suspend and resume, through
// /admin/realms/master/tenancy/tenants (Keycloak's master role tenancy-provisioner, or admin).

import { h, t, button, run, showSuccess, label, table, row, emptyRow } from '../ui.js';
import * as api from '../api.js';

export async function render(section, organizationsHref) {
  const headers = [t('tenants.realm'), t('tenants.displayName'), t('tenants.status'), t('tenants.usage'), t('actions')];
  const list = table('tenants-table', t('tenants.tableLabel'), headers);
  section.append(list.element);
  await load();

  async function load() {
    const tenants = await api.get('tenants');
    list.tbody.replaceChildren(...(tenants.length ? tenants.map(tenantRow) : [emptyRow(headers, t('tenants.none'))]));
  }

  function tenantRow(tenant) {
    const usage = tenant.usage ? t('tenants.usageText', tenant.usage.users ?? 0, tenant.usage.organizations ?? 0) : '';
    const action = tenant.enabled
      ? button(t('tenants.suspend'), 'danger', { 'data-action': 'suspend', 'aria-label': t('tenants.suspendNamed', tenant.realm),
        onclick: (event) => change(tenant, 'suspend', event.currentTarget) })
      : button(t('tenants.resume'), 'secondary', { 'data-action': 'resume', 'aria-label': t('tenants.resumeNamed', tenant.realm),
        onclick: (event) => change(tenant, 'resume', event.currentTarget) });
    return row({ 'data-tenant': tenant.realm }, headers, [
      h('a', { href: organizationsHref(tenant.realm) }, tenant.realm), tenant.displayName || '',
      label(tenant.enabled ? t('tenants.active') : t('tenants.suspended'), tenant.enabled ? 'green' : 'orange'),
      usage, h('div', { class: 'tp-row-actions' }, action)]);
  }

  function change(tenant, what, actionButton) {
    if (what === 'suspend' && !window.confirm(t('tenants.suspendConfirm', tenant.realm))) return;
    run(actionButton, async () => {
      await api.post(api.path`tenants/${tenant.realm}/${what}`);
      await load();
      showSuccess(t(what === 'suspend' ? 'tenants.suspendedNamed' : 'tenants.resumedNamed', tenant.realm));
    });
  }
}
