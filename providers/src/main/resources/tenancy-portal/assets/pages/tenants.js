// The platform's tenant realms (admin mode, signed in at master): list, create from a template, change limits and
// hostname, suspend and resume, through /admin/realms/master/tenancy/tenants (Keycloak's master role
// tenancy-provisioner, or admin). The API checks every value; a refusal shows its sentence.

import { h, t, input, field, button, run, showSuccess, label, table, row, emptyRow, checkbox } from '../ui.js';
import * as api from '../api.js';

export async function render(section, organizationsHref) {
  const headers = [t('tenants.realm'), t('tenants.displayName'), t('tenants.status'), t('tenants.usage'),
    t('tenants.limits'), t('tenants.hostname'), t('actions')];
  const list = table('tenants-table', t('tenants.tableLabel'), headers);
  const templates = (await api.get('tenant-templates')).templates || [];
  const creator = createForm();
  const editor = editForm();
  section.append(list.element, editor.element, creator);
  await load();

  async function load() {
    const tenants = await api.get('tenants');
    list.tbody.replaceChildren(...(tenants.length ? tenants.map(tenantRow) : [emptyRow(headers, t('tenants.none'))]));
  }

  function tenantRow(tenant) {
    const usage = tenant.usage ? t('tenants.usageText', tenant.usage.users ?? 0, tenant.usage.organizations ?? 0) : '';
    const limits = tenant.limits || {};
    const action = tenant.enabled
      ? button(t('tenants.suspend'), 'danger', { 'data-action': 'suspend', 'aria-label': t('tenants.suspendNamed', tenant.realm),
        onclick: (event) => change(tenant, 'suspend', event.currentTarget) })
      : button(t('tenants.resume'), 'secondary', { 'data-action': 'resume', 'aria-label': t('tenants.resumeNamed', tenant.realm),
        onclick: (event) => change(tenant, 'resume', event.currentTarget) });
    return row({ 'data-tenant': tenant.realm }, headers, [
      h('a', { href: organizationsHref(tenant.realm) }, tenant.realm), tenant.displayName || '',
      label(tenant.enabled ? t('tenants.active') : t('tenants.suspended'), tenant.enabled ? 'green' : 'orange'),
      usage, t('tenants.limitsText', limits.maxUsers ?? t('tenants.noLimit'), limits.maxOrganizations ?? t('tenants.noLimit')),
      tenant.hostname || '',
      h('div', { class: 'tp-row-actions' },
        button(t('tenants.edit'), 'secondary', { 'data-action': 'edit', 'aria-label': t('tenants.editNamed', tenant.realm),
          onclick: () => editor.edit(tenant) }),
        action)]);
  }

  function change(tenant, what, actionButton) {
    if (what === 'suspend' && !window.confirm(t('tenants.suspendConfirm', tenant.realm))) return;
    run(actionButton, async () => {
      await api.post(api.path`tenants/${tenant.realm}/${what}`);
      await load();
      showSuccess(t(what === 'suspend' ? 'tenants.suspendedNamed' : 'tenants.resumedNamed', tenant.realm));
    });
  }

  /** A limit field's value for the API: empty is no limit; anything else goes as typed, for the API to judge. */
  function limitValue(element) {
    const text = element.value.trim();
    if (!text) return null;
    return /^\d+$/.test(text) ? Number(text) : text;
  }

  function createForm() {
    const realm = input('tenant-realm', { maxlength: 63, autocomplete: 'off' });
    const template = h('select', { id: 'tenant-template', name: 'tenant-template' },
      ...templates.map((name) => h('option', { value: name }, name)));
    const displayName = input('tenant-display-name', { maxlength: 255, autocomplete: 'off' });
    const email = input('tenant-admin-email', { type: 'email', maxlength: 254, autocomplete: 'off' });
    const invite = checkbox('tenant-admin-invite', 'tenant-admin-invite', 'true', t('tenants.invite'), true,
      t('tenants.inviteHelp'));
    const domains = input('tenant-domains', { autocomplete: 'off' });
    const hostname = input('tenant-hostname', { autocomplete: 'off' });
    const maxUsers = input('tenant-max-users', { inputmode: 'numeric', autocomplete: 'off' });
    const maxOrganizations = input('tenant-max-organizations', { inputmode: 'numeric', autocomplete: 'off' });
    const save = button(t('tenants.create'), 'primary', { id: 'tenant-create', type: 'submit' });
    const form = h('form', { class: 'pf-v5-c-form tp-card-form', novalidate: true, id: 'tenant-create-form' },
      h('h2', { class: 'tp-subtitle' }, t('tenants.createTitle')),
      field(t('tenants.realm'), realm, t('tenants.realmHelp')),
      field(t('tenants.template'), template, t('tenants.templateHelp')),
      field(t('tenants.displayName'), displayName),
      field(t('tenants.adminEmail'), email, t('tenants.adminEmailHelp')),
      invite,
      field(t('tenants.domains'), domains, t('tenants.domainsHelp')),
      field(t('tenants.hostname'), hostname, t('tenants.hostnameHelp')),
      field(t('tenants.maxUsers'), maxUsers, t('tenants.limitHelp')),
      field(t('tenants.maxOrganizations'), maxOrganizations, t('tenants.limitHelp')),
      h('div', { class: 'pf-v5-c-form__actions' }, save));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      run(save, async () => {
        const body = {
          realm: realm.value.trim(),
          template: template.value,
          administrator: { email: email.value.trim(), invite: form.querySelector('#tenant-admin-invite').checked },
        };
        if (displayName.value.trim()) body.displayName = displayName.value.trim();
        const domainList = domains.value.split(',').map((d) => d.trim()).filter(Boolean);
        if (domainList.length) body.domains = domainList;
        if (hostname.value.trim()) body.hostname = hostname.value.trim();
        const limits = { maxUsers: limitValue(maxUsers), maxOrganizations: limitValue(maxOrganizations) };
        if (limits.maxUsers !== null || limits.maxOrganizations !== null) body.limits = limits;
        const created = await api.post('tenants', body);
        form.reset();
        await load();
        const password = created.administrator?.temporaryPassword;
        showSuccess(password ? t('tenants.createdWithPassword', created.realm, created.administrator.username, password)
          : t('tenants.created', created.realm));
      });
    });
    return form;
  }

  function editForm() {
    let editing = null;
    const title = h('h2', { class: 'tp-subtitle' });
    const maxUsers = input('tenant-edit-max-users', { inputmode: 'numeric', autocomplete: 'off' });
    const maxOrganizations = input('tenant-edit-max-organizations', { inputmode: 'numeric', autocomplete: 'off' });
    const hostname = input('tenant-edit-hostname', { autocomplete: 'off' });
    const save = button(t('save'), 'primary', { id: 'tenant-edit-save', type: 'submit' });
    const cancel = button(t('cancel'), 'link', { id: 'tenant-edit-cancel', onclick: () => edit(null) });
    const element = h('form', { class: 'pf-v5-c-form tp-card-form', novalidate: true, id: 'tenant-edit-form', hidden: true },
      title,
      field(t('tenants.maxUsers'), maxUsers, t('tenants.limitHelp')),
      field(t('tenants.maxOrganizations'), maxOrganizations, t('tenants.limitHelp')),
      field(t('tenants.hostname'), hostname, t('tenants.hostnameEditHelp')),
      h('div', { class: 'pf-v5-c-form__actions' }, save, cancel));
    element.addEventListener('submit', (event) => {
      event.preventDefault();
      const tenant = editing;
      const wanted = hostname.value.trim() || null;
      const hostnameChanged = wanted !== (tenant.hostname || null);
      if (hostnameChanged && !wanted && !window.confirm(t('tenants.hostnameRemoveConfirm', tenant.realm))) return;
      run(save, async () => {
        await api.put(api.path`tenants/${tenant.realm}/limits`,
          { maxUsers: limitValue(maxUsers), maxOrganizations: limitValue(maxOrganizations) });
        if (hostnameChanged) await api.put(api.path`tenants/${tenant.realm}/hostname`, { hostname: wanted });
        edit(null);
        await load();
        showSuccess(t('tenants.saved', tenant.realm));
      });
    });

    function edit(tenant) {
      editing = tenant;
      element.hidden = !tenant;
      if (!tenant) return;
      title.textContent = t('tenants.editTitle', tenant.realm);
      maxUsers.value = tenant.limits?.maxUsers ?? '';
      maxOrganizations.value = tenant.limits?.maxOrganizations ?? '';
      hostname.value = tenant.hostname || '';
      maxUsers.focus();
    }
    return { element, edit };
  }
}
