// The signed-in user's own page (#/~): their organizations with Leave and, for owners, Delete; creating one; the
// organizations they may ask to join and their join requests. Also what a user without any organization sees.

import { h, t, input, field, button, run, label, labels, table, row } from '../ui.js';
import * as api from '../api.js';

/**
 * @param ctx.organizations the caller's organizations as the switcher knows them
 * @param ctx.reload        reloads the caller's organizations and routes again (after a create, leave or delete)
 */
export async function render(section, ctx) {
  const [suggestions, requests, creation] = await Promise.all([api.get('me/suggestions'), api.get('me/join-requests'),
    api.get('me/organization-creation')]);
  const members = ctx.organizations.filter((org) => org.roles.length);

  if (!members.length) {
    section.append(h('div', { class: 'pf-v5-c-empty-state', id: 'no-organizations' },
      h('div', { class: 'pf-v5-c-empty-state__content' },
        h('h2', { class: 'pf-v5-c-empty-state__title-text' }, t('empty.title')),
        h('div', { class: 'pf-v5-c-empty-state__body' },
          t(creation.allowed ? 'mine.emptyBody' : 'mine.emptyBodyNoCreation')))));
  } else {
    section.append(organizationsTable(members, ctx));
  }
  // Offer the form only where a creation can succeed; otherwise say why (the sentence a creation would answer).
  section.append(creation.allowed ? createForm(ctx) : h('div', { id: 'create-unavailable' },
    h('h2', { class: 'tp-subtitle' }, t('mine.createTitle')), h('p', { class: 'tp-help' }, creation.message)));
  section.append(suggestionsCard(suggestions, ctx), requestsCard(requests));
}

function organizationsTable(members, ctx) {
  const headers = [t('mine.name'), t('mine.alias'), t('mine.roles'), t('actions')];
  const list = table('my-organizations', t('mine.tableLabel'), headers);
  list.tbody.replaceChildren(...members.map((org) => row({ 'data-alias': org.alias }, headers, [
    h('a', { href: `#/${encodeURIComponent(org.alias)}/profile` }, org.name || org.alias),
    org.alias,
    labels(org.roles),
    h('span', { class: 'tp-actions' },
      button(t('mine.leave'), 'secondary',
        { 'data-action': 'leave', onclick: (event) => leave(event.target, org, ctx) }),
      org.roles.includes('owner') && button(t('mine.delete'), 'danger',
        { 'data-action': 'delete', onclick: (event) => remove(event.target, org, ctx) })),
  ])));
  return h('div', {}, h('h2', { class: 'tp-subtitle' }, t('mine.title')), list.element);
}

function leave(target, org, ctx) {
  if (!window.confirm(t('mine.leaveConfirm', org.name || org.alias))) return;
  run(target, async () => {
    await api.del(api.path`me/organizations/${org.alias}`);
    await ctx.reload(t('mine.left', org.name || org.alias));
  });
}

function remove(target, org, ctx) {
  // The API asks for the alias typed again; so does the page, so nobody deletes by a slip of the mouse.
  const typed = window.prompt(t('mine.deleteConfirm', org.alias));
  if (typed === null) return;
  run(target, async () => {
    await api.call('DELETE', api.path`organizations/${org.alias}`, { confirm: typed.trim() });
    await ctx.reload(t('mine.deleted', org.alias));
  });
}

function createForm(ctx) {
  const name = input('create-name', { maxlength: 255, autocomplete: 'off', required: true });
  const alias = input('create-alias', { maxlength: 64, autocomplete: 'off', pattern: '[a-z0-9]([a-z0-9-]*[a-z0-9])?' });
  const domain = input('create-domain', { maxlength: 255, autocomplete: 'off' });
  const create = button(t('mine.create'), 'primary', { id: 'create-organization', type: 'submit' });
  const form = h('form', { class: 'pf-v5-c-form tp-card-form', novalidate: true, id: 'create-form' },
    h('h2', { class: 'tp-subtitle' }, t('mine.createTitle')),
    field(t('mine.name'), name),
    field(t('mine.alias'), alias, t('mine.aliasHelp')),
    field(t('mine.domain'), domain, t('mine.domainHelp')),
    h('div', { class: 'pf-v5-c-form__actions' }, create));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(create, async () => {
      const created = await api.post('organizations', {
        name: name.value.trim(),
        alias: alias.value.trim() || undefined,
        domain: domain.value.trim() || undefined,
      });
      await ctx.reload(t('mine.created', created.name), created.alias);
    });
  });
  return form;
}

function suggestionsCard(suggestions, ctx) {
  const list = h('ul', { class: 'tp-list', id: 'suggestions' }, suggestions.length
    ? suggestions.map((suggestion) => h('li', { 'data-alias': suggestion.alias },
      h('strong', {}, suggestion.name), ' ',
      suggestion.joinRequest
        ? label(t(`mine.request.${suggestion.joinRequest}`), suggestion.joinRequest === 'declined' ? 'red' : 'blue')
        : button(t('mine.ask'), 'secondary', { 'data-action': 'ask',
          onclick: (event) => run(event.target, async () => {
            await api.post(api.path`organizations/${suggestion.alias}/join-requests`);
            await ctx.reload(t('mine.asked', suggestion.name));
          }) })))
    : [h('li', {}, t('mine.noSuggestions'))]);
  return h('div', {}, h('h2', { class: 'tp-subtitle' }, t('mine.suggestions')), list);
}

function requestsCard(requests) {
  const list = h('ul', { class: 'tp-list', id: 'join-requests' }, requests.length
    ? requests.map((request) => h('li', { 'data-status': request.status },
      request.organization ? request.organization.name : t('mine.deletedOrganization'), ' ',
      label(t(`mine.request.${request.status}`), request.status === 'declined' ? 'red'
        : request.status === 'approved' ? 'green' : 'blue')))
    : [h('li', {}, t('mine.noRequests'))]);
  return h('div', {}, h('h2', { class: 'tp-subtitle' }, t('mine.requests')), list);
}
