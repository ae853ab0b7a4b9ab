// The portal's mode for realm administrators: signs in at the realm where the administrator signs in to the admin
// console (master, or the realm itself) and calls the admin REST API of the realm chosen, so Keycloak's admin roles and
// fine-grained admin permissions decide what shows and what succeeds. Routes: #/ (realms), #/{realm} (organizations),
// #/{realm}/{alias}/{page} (the organization pages of the member portal against the admin door, and the organization's
// limits, an admin-mode page), #/{realm}/~template (the realm's role template), #/~tenants (the platform's tenant
// realms: create, limits, hostnames, suspend; for administrators of master).

import { h, t, setMessages, clearAlerts, showError, button, table, row, emptyRow, input, field, label } from './ui.js';
import * as oidc from './oidc.js';
import * as api from './api.js';
import * as profile from './pages/profile.js';
import * as members from './pages/members.js';
import * as invitations from './pages/invitations.js';
import * as roles from './pages/roles.js';
import * as domains from './pages/domains.js';
import * as signIn from './pages/sign-in.js';
import * as security from './pages/security.js';
import * as orgLimits from './pages/org-limits.js';
import * as template from './pages/template.js';
import * as tenants from './pages/tenants.js';

// The route of a realm's role template, in place of an organization's alias (aliases hold no '~').
const TEMPLATE = '~template';
// The route of the platform's tenants (signed in at master), in place of a realm's name.
const TENANTS = '~tenants';

const PAGES = [
  { id: 'profile', module: profile },
  { id: 'members', module: members },
  { id: 'invitations', module: invitations },
  { id: 'roles', module: roles },
  { id: 'domains', module: domains },
  { id: 'sign-in', module: signIn },
  { id: 'security', module: security },
  { id: 'limits', module: orgLimits },
];

const config = JSON.parse(document.getElementById('tenancy-portal-config').textContent);
setMessages(config.messages, config.locale);

let routeCount = 0;
const shell = buildShell();
start();

function buildShell() {
  const refs = {
    brand: h('div', { class: 'pf-v5-c-masthead__brand tp-brand', id: 'brand' },
      h('span', { class: 'tp-brand-name' }, t('admin.title'))),
    userName: h('span', { class: 'tp-user' }),
    signOut: button(t('signOut'), 'secondary', { id: 'sign-out', hidden: true, onclick: () => oidc.signOut() }),
    trail: h('ul', { class: 'pf-v5-c-tabs__list', role: 'list' }),
    content: h('div', { id: 'content' }),
  };
  document.getElementById('app').append(
    h('header', { class: 'pf-v5-c-masthead tp-masthead' },
      refs.brand,
      h('div', { class: 'tp-masthead-tools' }, refs.userName, refs.signOut)),
    h('nav', { class: 'pf-v5-c-tabs tp-nav', 'aria-label': t('nav.label') }, refs.trail),
    h('main', { class: 'tp-main' },
      h('div', { id: 'alerts', class: 'tp-alerts', 'aria-live': 'polite' }),
      refs.content));
  return refs;
}

async function start() {
  shell.content.replaceChildren(h('p', { class: 'tp-loading' }, t('loading')));
  try {
    await oidc.start(config);
  } catch (error) {
    shell.content.replaceChildren(h('div', { class: 'tp-actions' },
      button(t('signIn.again'), 'primary', { id: 'sign-in-again', onclick: () => location.assign(config.portalUrl) })));
    showError(error.message);
    return;
  }
  shell.userName.id = 'user-name';
  shell.userName.textContent = oidc.userName();
  shell.signOut.hidden = false;
  window.addEventListener('hashchange', route);
  route();
}

/** Keycloak's own admin API (realms, organizations), with the same token; refusals carry Keycloak's sentence. */
async function adminCall(method, url, body) {
  const headers = { Authorization: `Bearer ${await oidc.accessToken()}`, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(`${config.serverUrl}/admin/${url}`,
      { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new Error(t('error.network'));
  }
  if (response.status === 401) return oidc.login();
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(data?.error_description || data?.errorMessage || t('error.status', response.status));
    error.status = response.status;
    throw error;
  }
  return data;
}

const adminGet = (url) => adminCall('GET', url);

function parseHash() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  });
  const [realm = '', alias = '', page = ''] = parts;
  return { realm, alias, page };
}

const realmHash = (realm) => `#/${encodeURIComponent(realm)}`;
const orgHash = (realm, alias, page) => `${realmHash(realm)}/${encodeURIComponent(alias)}/${page}`;

async function route() {
  const current = ++routeCount;
  clearAlerts();
  const { realm, alias, page } = parseHash();
  try {
    if (!realm) await showRealms(current);
    else if (realm === TENANTS) await showTenants(current);
    else if (!alias) await showOrganizations(current, realm);
    else if (alias === TEMPLATE) await showTemplate(current, realm);
    else await showOrganization(current, realm, alias, page);
  } catch (error) {
    if (current === routeCount) showError(error.message);
  }
}

function renderTrail(...links) {
  shell.trail.replaceChildren(...links.map(([text, href, id]) => h('li', { class: 'pf-v5-c-tabs__item' },
    h('a', { class: 'pf-v5-c-tabs__link', href, id }, h('span', { class: 'pf-v5-c-tabs__item-text' }, text)))));
}

const tenantsLink = () => (config.signInRealm === 'master' ? [[t('admin.tenants'), `#/${TENANTS}`, 'trail-tenants']] : []);

async function showRealms(current) {
  renderTrail(...tenantsLink());
  // Keycloak answers 403 to someone whose admin roles reach no realm.
  const realms = (await adminGet('realms?briefRepresentation=true').catch((error) => {
    if (error.status === 403) return [];
    throw error;
  })) || [];
  if (current !== routeCount) return;
  if (realms.length === 1 && config.signInRealm !== 'master') {
    location.replace(realmHash(realms[0].realm));
    return;
  }
  const shown = (r) => r.displayName || r.realm;
  realms.sort((a, b) => shown(a).localeCompare(shown(b), undefined, { sensitivity: 'base' })
    || a.realm.localeCompare(b.realm));
  const headers = [t('admin.name'), t('admin.realmName'), t('admin.tenancy')];
  const list = table('admin-realms', t('admin.realmsLabel'), headers);
  list.tbody.replaceChildren(...(realms.length
    ? realms.map((r) => row({ 'data-realm': r.realm }, headers,
      [h('a', { href: realmHash(r.realm), 'data-realm-link': r.realm }, shown(r)), r.realm,
        tenancyCell(r.realm)]))
    : [emptyRow(headers, t('admin.noRealms'))]));
  shell.content.replaceChildren(h('h1', { id: 'page-title', class: 'tp-page-title' }, t('admin.realms')), list.element);
}

/** Whether tenancy is on in a realm, filled in when the pack's status answers ("—" where the admin may not read it). */
function tenancyCell(realm) {
  const cell = h('span', { 'data-tenancy': 'unknown' }, '…');
  adminGet(`realms/${encodeURIComponent(realm)}/tenancy/status`).then((status) => {
    const on = Boolean(status?.enabled);
    cell.dataset.tenancy = on ? 'on' : 'off';
    cell.replaceChildren(label(t(on ? 'admin.tenancyOn' : 'admin.tenancyOff'), on ? 'green' : undefined));
  }).catch(() => {
    cell.textContent = '—';
  });
  return cell;
}

async function showOrganizations(current, realm) {
  renderTrail([t('admin.allRealms'), '#/', 'trail-realms'], [t('admin.template'), `${realmHash(realm)}/${TEMPLATE}`,
    'trail-template']);
  const search = input('admin-org-search', { type: 'search', autocomplete: 'off' });
  const headers = [t('admin.name'), t('admin.alias'), t('admin.enabled')];
  const list = table('admin-organizations', t('admin.organizationsLabel'), headers);
  shell.content.replaceChildren(
    h('h1', { id: 'page-title', class: 'tp-page-title' }, t('admin.organizations', realm)),
    field(t('admin.search'), search), list.element);
  async function load() {
    const query = new URLSearchParams({ briefRepresentation: 'true', first: '0', max: '100', search: search.value });
    const orgs = (await adminGet(`realms/${encodeURIComponent(realm)}/organizations?${query}`)) || [];
    if (current !== routeCount) return;
    list.tbody.replaceChildren(...(orgs.length
      ? orgs.map((o) => row({ 'data-org': o.alias }, headers, [
        h('a', { href: orgHash(realm, o.alias, 'profile'), 'aria-label': t('admin.open', o.name) }, o.name),
        o.alias, String(o.enabled !== false)]))
      : [emptyRow(headers, t('admin.noOrganizations'))]));
  }
  search.addEventListener('change', () => load().catch((error) => showError(error.message)));
  await load();
}

async function showTenants(current) {
  renderTrail([t('admin.allRealms'), '#/', 'trail-realms']);
  api.setBase(`${config.serverUrl}/admin/realms/master/tenancy`);
  const heading = h('h1', { id: 'page-title', class: 'tp-page-title', tabindex: '-1' }, t('admin.tenants'));
  const section = h('section', { id: 'page-tenants', class: 'tp-page', 'aria-labelledby': 'page-title' }, heading);
  shell.content.replaceChildren(section);
  document.title = `${t('admin.tenants')} \u2013 ${t('admin.title')}`;
  if (current === routeCount) await tenants.render(section, realmHash);
}

async function showTemplate(current, realm) {
  renderTrail([t('admin.allOrganizations', realm), realmHash(realm), 'trail-organizations']);
  api.setBase(`${config.serverUrl}/admin/realms/${encodeURIComponent(realm)}/tenancy`);
  const heading = h('h1', { id: 'page-title', class: 'tp-page-title', tabindex: '-1' }, t('admin.template'));
  const section = h('section', { id: 'page-template', class: 'tp-page', 'aria-labelledby': 'page-title' }, heading);
  shell.content.replaceChildren(section);
  document.title = `${t('admin.template')} \u2013 ${realm} \u2013 ${t('admin.title')}`;
  if (current === routeCount) await template.render(section);
}

async function showOrganization(current, realm, alias, page) {
  const pageInfo = PAGES.find((p) => p.id === page);
  if (!pageInfo) {
    location.replace(orgHash(realm, alias, 'profile'));
    return;
  }
  api.setBase(`${config.serverUrl}/admin/realms/${encodeURIComponent(realm)}/tenancy`);
  const details = await api.get(api.path`organizations/${alias}`);
  if (current !== routeCount) return;
  renderTrail([t('admin.allOrganizations', realm), realmHash(realm), 'trail-organizations'],
    ...PAGES.map((p) => [t(`page.${p.id}`), orgHash(realm, alias, p.id), `nav-${p.id}`]));
  shell.trail.querySelector(`#nav-${page}`)?.setAttribute('aria-current', 'page');
  const heading = h('h1', { id: 'page-title', class: 'tp-page-title', tabindex: '-1' },
    `${details.name} \u2013 ${t(`page.${page}`)}`);
  const section = h('section', { id: `page-${page}`, class: 'tp-page', 'aria-labelledby': 'page-title' }, heading);
  shell.content.replaceChildren(section);
  document.title = `${t(`page.${page}`)} \u2013 ${details.name} \u2013 ${t('admin.title')}`;
  // The admin API decides each operation: every control shows, and a refusal shows the API's sentence.
  await pageInfo.module.render(section, {
    alias: details.alias,
    details,
    can: () => true,
    setDetails() {},
    keycloak: (method, url, body) => adminCall(method, `realms/${encodeURIComponent(realm)}/${url}`, body),
  });
}
