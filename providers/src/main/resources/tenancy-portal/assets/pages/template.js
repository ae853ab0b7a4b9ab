// The realm's role template (admin mode only): the roles every organization of the realm has; realm administrators
// create, change and delete them through /admin/realms/{realm}/tenancy/roles.

import { h, t, input, field, button, run, showSuccess, label, labels, table, row, emptyRow, checkbox, checkboxGroup,
  checkedValues } from '../ui.js';
import * as api from '../api.js';
import { BUILT_IN_PERMISSIONS } from './roles.js';

export async function render(section) {
  const headers = [t('roles.name'), t('roles.description'), t('roles.permissions'), t('roles.kind'), t('actions')];
  const list = table('template-table', t('admin.templateLabel'), headers);
  const editor = roleForm();
  section.append(list.element, editor.element);
  await load();

  async function load() {
    const roles = await api.get('roles');
    list.tbody.replaceChildren(...(roles.length ? roles.map(roleRow) : [emptyRow(headers, t('roles.none'))]));
  }

  function roleRow(role) {
    const permissions = role.permissions || [];
    return row({ 'data-role': role.name }, headers, [role.name, role.description || '',
      h('span', {}, labels(permissions.filter((p) => p.startsWith('org:')), 'blue'),
        labels(permissions.filter((p) => !p.startsWith('org:')), 'purple')),
      h('span', { class: 'tp-labels' }, role.default && label(t('roles.default'), 'green')),
      h('div', { class: 'tp-row-actions' },
        button(t('roles.edit'), 'secondary', { 'data-action': 'edit', 'aria-label': t('roles.editNamed', role.name),
          onclick: () => editor.edit(role) }),
        button(t('roles.delete'), 'danger', { 'data-action': 'delete', 'aria-label': t('roles.deleteNamed', role.name),
          onclick: (event) => remove(role, event.currentTarget) }))]);
  }

  function remove(role, deleteButton) {
    if (!window.confirm(t('roles.deleteConfirm', role.name))) return;
    run(deleteButton, async () => {
      await api.del(api.path`roles/${role.name}`);
      editor.reset();
      await load();
      showSuccess(t('roles.deleted', role.name));
    });
  }

  function roleForm() {
    let editing = null;
    const title = h('h2', { class: 'tp-subtitle' });
    const name = input('template-role-name', { maxlength: 64, autocomplete: 'off' });
    const description = input('template-role-description', { maxlength: 255, autocomplete: 'off' });
    const custom = input('template-role-custom-permissions', { autocomplete: 'off' });
    const isDefault = checkbox('template-role-default', 'template-role-default', 'true', t('roles.defaultLabel'), false,
      t('roles.defaultHelp'));
    const save = button(t('save'), 'primary', { id: 'template-role-save', type: 'submit' });
    const cancel = button(t('cancel'), 'link', { id: 'template-role-cancel', onclick: () => fill(null) });
    const element = h('form', { class: 'pf-v5-c-form tp-card-form', novalidate: true },
      title,
      field(t('roles.name'), name, t('roles.nameHelp')),
      field(t('roles.description'), description),
      checkboxGroup(t('roles.permissions'), BUILT_IN_PERMISSIONS.map((permission, i) => checkbox(
        `template-permission-${i}`, 'template-permission', permission, permission, false,
        t(`permission.${permission.replace(/:/g, '.')}`)))),
      field(t('roles.customPermissions'), custom, t('roles.customPermissionsHelp')),
      isDefault,
      h('div', { class: 'pf-v5-c-form__actions' }, save, cancel));
    const defaultBox = isDefault.querySelector('input');

    element.addEventListener('submit', (event) => {
      event.preventDefault();
      run(save, async () => {
        const body = {
          description: description.value.trim(),
          permissions: [...checkedValues(element, 'template-permission'),
            ...custom.value.split(',').map((p) => p.trim()).filter(Boolean)],
          default: defaultBox.checked,
        };
        const roleName = editing ? editing.name : name.value.trim();
        if (editing) await api.put(api.path`roles/${roleName}`, body);
        else await api.post('roles', { name: roleName, ...body });
        const message = t(editing ? 'roles.updated' : 'roles.created', roleName);
        fill(null);
        await load();
        showSuccess(message);
      });
    });

    function fill(role) {
      editing = role;
      title.textContent = role ? t('roles.editTitle', role.name) : t('roles.createTitle');
      name.value = role ? role.name : '';
      name.readOnly = Boolean(role);
      description.value = role?.description || '';
      const permissions = role?.permissions || [];
      for (const box of element.querySelectorAll('input[name="template-permission"]')) {
        box.checked = permissions.includes(box.value);
      }
      custom.value = permissions.filter((p) => !BUILT_IN_PERMISSIONS.includes(p)).join(', ');
      defaultBox.checked = Boolean(role?.default);
    }

    fill(null);
    return { element, edit: (role) => { fill(role); description.focus(); }, reset: () => fill(null) };
  }
}
