// Roles: template roles (read-only) and the organization's own roles (create, edit, delete with org:roles:manage).

import { h, t, input, field, button, run, showSuccess, label, labels, table, row, emptyRow, checkbox, checkboxGroup,
  checkedValues } from '../ui.js';
import * as api from '../api.js';

export const BUILT_IN_PERMISSIONS = ['org:profile:manage', 'org:members:read', 'org:members:manage',
  'org:invitations:manage', 'org:roles:manage', 'org:domains:manage', 'org:sso:manage'];

export async function render(section, ctx) {
  const manage = ctx.can('org:roles:manage');
  const headers = [t('roles.name'), t('roles.description'), t('roles.permissions'), t('roles.kind')];
  if (manage) headers.push(t('actions'));
  const list = table('roles-table', t('roles.tableLabel'), headers);
  const editor = manage ? roleForm() : null;
  section.append(list.element);
  if (editor) section.append(editor.element);
  await load();

  async function load() {
    const roles = await api.get(api.path`organizations/${ctx.alias}/roles`);
    list.tbody.replaceChildren(...(roles.length ? roles.map(roleRow) : [emptyRow(headers, t('roles.none'))]));
  }

  function roleRow(role) {
    const kind = h('span', { class: 'tp-labels' },
      role.template && label(t('roles.template'), 'grey'),
      role.default && label(t('roles.default'), 'green'));
    const permissions = role.permissions || [];
    const builtIn = permissions.filter((p) => p.startsWith('org:'));
    const custom = permissions.filter((p) => !p.startsWith('org:'));
    const cells = [role.name, role.description || '', h('span', {}, labels(builtIn, 'blue'), labels(custom, 'purple')), kind];
    if (manage) {
      cells.push(role.template ? '' : h('div', { class: 'tp-row-actions' },
        button(t('roles.edit'), 'secondary', { 'data-action': 'edit', 'aria-label': t('roles.editNamed', role.name),
          onclick: () => editor.edit(role) }),
        button(t('roles.delete'), 'danger', { 'data-action': 'delete', 'aria-label': t('roles.deleteNamed', role.name),
          onclick: (event) => remove(role, event.currentTarget) })));
    }
    return row({ 'data-role': role.name, 'data-template': role.template ? 'true' : null }, headers, cells);
  }

  function remove(role, deleteButton) {
    if (!window.confirm(t('roles.deleteConfirm', role.name))) return;
    run(deleteButton, async () => {
      await api.del(api.path`organizations/${ctx.alias}/roles/${role.name}`);
      editor.reset();
      await load();
      showSuccess(t('roles.deleted', role.name));
    });
  }

  /** One form for both creating a role and editing one (editing: the name is read-only). */
  function roleForm() {
    let editing = null; // the role being edited, or null when creating
    const title = h('h2', { class: 'tp-subtitle' });
    const name = input('role-name', { maxlength: 64, autocomplete: 'off' });
    const description = input('role-description', { maxlength: 255, autocomplete: 'off' });
    const custom = input('role-custom-permissions', { autocomplete: 'off', placeholder: 'invoices:read, invoices:write' });
    const isDefault = checkbox('role-default', 'role-default', 'true', t('roles.defaultLabel'), false, t('roles.defaultHelp'));
    const save = button(t('save'), 'primary', { id: 'role-save', type: 'submit' });
    const cancel = button(t('cancel'), 'link', { id: 'role-cancel', onclick: () => reset() });
    const element = h('form', { class: 'pf-v5-c-form tp-card-form', novalidate: true },
      title,
      field(t('roles.name'), name, t('roles.nameHelp')),
      field(t('roles.description'), description),
      // Nobody defines a role with permissions they do not hold: those boxes are shown, locked.
      checkboxGroup(t('roles.permissions'), BUILT_IN_PERMISSIONS.map((permission, i) => checkbox(`role-permission-${i}`,
        'role-permission', permission, permission, false, t(`permission.${permission.replace(/:/g, '.')}`),
        !ctx.can(permission) && t('roles.permissionNotHeld')))),
      field(t('roles.customPermissions'), custom, t('roles.customPermissionsHelp')),
      isDefault,
      h('div', { class: 'pf-v5-c-form__actions' }, save, cancel));
    const defaultBox = isDefault.querySelector('input');

    element.addEventListener('submit', (event) => {
      event.preventDefault();
      run(save, async () => {
        const body = {
          description: description.value.trim(),
          permissions: [...checkedValues(element, 'role-permission'),
            ...custom.value.split(',').map((p) => p.trim()).filter(Boolean)],
          default: defaultBox.checked,
        };
        const roleName = editing ? editing.name : name.value.trim();
        if (editing) await api.put(api.path`organizations/${ctx.alias}/roles/${roleName}`, body);
        else await api.post(api.path`organizations/${ctx.alias}/roles`, { name: roleName, ...body });
        const message = t(editing ? 'roles.updated' : 'roles.created', roleName);
        reset();
        await load();
        showSuccess(message);
      });
    });

    function fill(role) {
      editing = role;
      title.textContent = role ? t('roles.editTitle', role.name) : t('roles.createTitle');
      name.value = role ? role.name : '';
      name.readOnly = Boolean(role);
      name.parentElement.classList.toggle('pf-m-readonly', Boolean(role));
      description.value = role?.description || '';
      const permissions = role?.permissions || [];
      for (const box of element.querySelectorAll('input[name="role-permission"]')) box.checked = permissions.includes(box.value);
      custom.value = permissions.filter((p) => !BUILT_IN_PERMISSIONS.includes(p)).join(', ');
      defaultBox.checked = Boolean(role?.default);
    }

    function reset() {
      fill(null);
    }

    function edit(role) {
      fill(role);
      description.focus();
    }

    reset();
    return { element, edit, reset };
  }
}
