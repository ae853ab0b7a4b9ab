// Members: search, page, edit roles, remove.

import { h, t, input, control, button, run, clearAlerts, showSuccess, labels, table, row, emptyRow, pager, checkbox,
  checkboxGroup, checkedValues, PAGE_SIZE } from '../ui.js';
import * as api from '../api.js';
import { openAccount } from './member-account.js';

export async function render(section, ctx) {
  const manage = ctx.can('org:members:manage');
  const accounts = ctx.can('org:security:manage');
  const roles = manage ? await api.get(api.path`organizations/${ctx.alias}/roles`) : [];
  const state = { first: 0, search: '' };

  const search = input('member-search', { type: 'search', maxlength: 255 });
  const searchForm = h('form', { class: 'tp-toolbar', role: 'search' },
    h('label', { for: 'member-search', class: 'pf-v5-c-form__label' }, t('members.search')),
    control(search),
    button(t('members.searchButton'), 'secondary', { id: 'member-search-button', type: 'submit' }));
  searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    state.first = 0;
    state.search = search.value.trim();
    run(null, load);
  });

  const headers = [t('members.username'), t('members.email'), t('members.fullName'), t('members.roles')];
  if (manage || accounts) headers.push(t('actions'));
  const list = table('members-table', t('members.tableLabel'), headers);
  const paging = pager('members', (first) => {
    state.first = first;
    run(null, load);
  });
  const editorSlot = h('div', { class: 'tp-editor-slot' });
  section.append(searchForm, list.element, paging.element, editorSlot);
  await load();

  async function load() {
    const page = await api.get(api.path`organizations/${ctx.alias}/members`,
      { search: state.search, first: state.first, max: PAGE_SIZE });
    editorSlot.replaceChildren();
    list.tbody.replaceChildren(...(page.length ? page.map(memberRow) : [emptyRow(headers, t('members.none'))]));
    paging.show(state.first, page.length);
  }

  function memberRow(member) {
    const fullName = [member.firstName, member.lastName].filter(Boolean).join(' ');
    const cells = [member.username, member.email || '', fullName, labels(member.roles)];
    if (manage || accounts) {
      cells.push(h('div', { class: 'tp-row-actions' },
        manage && button(t('members.editRoles'), 'secondary', { 'data-action': 'edit-roles',
          'aria-label': t('members.editRolesOf', member.username),
          onclick: (event) => openEditor(member, event.currentTarget) }),
        manage && button(t('members.remove'), 'danger', { 'data-action': 'remove',
          'aria-label': t('members.removeNamed', member.username),
          onclick: (event) => remove(member, event.currentTarget) }),
        accounts && button(t('members.account'), 'secondary', { 'data-action': 'account',
          'aria-label': t('members.accountActionsOf', member.username),
          onclick: (event) => {
            const opener = event.currentTarget;
            run(null, () => openAccount(editorSlot, ctx, member, opener));
          } })));
    }
    return row({ 'data-user-id': member.id, 'data-username': member.username }, headers, cells);
  }

  /** The role editor below the table: one checkbox per organization role. */
  function openEditor(member, opener) {
    clearAlerts();
    // A role the caller may not grant or revoke stays as it is (a locked box keeps its state when saved).
    const boxes = roles.map((role, i) => checkbox(`member-role-${i}`, 'member-role', role.name, role.name,
      member.roles.includes(role.name), role.description, role.grantable === false && t('roles.notGrantable')));
    const save = button(t('save'), 'primary', { id: 'member-roles-save', type: 'submit' });
    const cancel = button(t('cancel'), 'link', { id: 'member-roles-cancel', onclick: () => {
      editorSlot.replaceChildren();
      opener.focus();
    } });
    const editor = h('form', { id: 'member-roles-editor', class: 'pf-v5-c-form tp-editor', 'aria-labelledby': 'member-roles-title' },
      h('h2', { id: 'member-roles-title', class: 'tp-subtitle' }, t('members.rolesOf', member.username)),
      checkboxGroup(t('members.roles'), boxes),
      h('div', { class: 'pf-v5-c-form__actions' }, save, cancel));
    editor.addEventListener('submit', (event) => {
      event.preventDefault();
      run(save, async () => {
        await api.put(api.path`organizations/${ctx.alias}/members/${member.id}/roles`,
          { roles: checkedValues(editor, 'member-role') });
        await load();
        showSuccess(t('members.rolesSaved', member.username));
      });
    });
    editorSlot.replaceChildren(editor);
    (editor.querySelector('input') || save).focus();
  }

  function remove(member, removeButton) {
    if (!window.confirm(t('members.removeConfirm', member.username))) return;
    run(removeButton, async () => {
      await api.del(api.path`organizations/${ctx.alias}/members/${member.id}`);
      await load();
      showSuccess(t('members.removed', member.username));
    });
  }
}
