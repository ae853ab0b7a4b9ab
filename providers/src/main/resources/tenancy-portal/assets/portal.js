// Entry point: sign-in, the caller's organizations, the masthead, navigation and hash routing.

import { h, t, setMessages, clearAlerts, showError, showSuccess, button, control, isHttps, setColorVar } from './ui.js';
import * as oidc from './oidc.js';
import * as api from './api.js';
import * as profile from './pages/profile.js';
import * as members from './pages/members.js';
import * as invitations from './pages/invitations.js';
import * as roles from './pages/roles.js';
import * as domains from './pages/domains.js';
import * as signIn from './pages/sign-in.js';
import * as security from './pages/security.js';
import * as joinRequests from './pages/join-requests.js';
import * as directorySync from './pages/directory-sync.js';
import * as audit from './pages/audit.js';
import * as webhooks from './pages/webhooks.js';
import * as mine from './pages/my-organizations.js';

// Each page with the permission its data needs (null: any member).
const PAGES = [
  { id: 'profile', needs: null, module: profile },
  { id: 'members', needs: 'org:members:read', module: members },
  { id: 'invitations', needs: 'org:invitations:manage', module: invitations },
  { id: 'roles', needs: 'org:members:read', module: roles },
  { id: 'domains', needs: 'org:domains:manage', module: domains },
  { id: 'sign-in', needs: 'org:sso:manage', module: signIn },
  { id: 'security', needs: 'org:security:manage', module: security },
  { id: 'join-requests', needs: 'org:members:manage', module: joinRequests },
  { id: 'directory-sync', needs: 'org:scim:manage', module: directorySync },
  { id: 'audit', needs: 'org:audit:read', module: audit },
  { id: 'webhooks', needs: 'org:webhooks:manage', module: webhooks },
];

// The user's own page: their organizations, creating one, suggestions and join requests. '~' is never an alias.
const MINE = '~';

const config = JSON.parse(document.getElementById('tenancy-portal-config').textContent);
setMessages(config.messages, config.locale);
api.setBase(config.apiBase);

let organizations = []; // MyOrganization items (member or administrator), sorted by alias
let routeCount = 0; // lets a slow route notice that a newer one started
let notice = null; // a sentence for the next route to show, after it clears the alerts
let success = null; // a confirmation for the next route to show (after creating, leaving or deleting)
const shell = buildShell();
start();

function buildShell() {
  const refs = {
    brand: h('div', { class: 'pf-v5-c-masthead__brand tp-brand', id: 'brand' }),
    switcher: h('div', { class: 'tp-switcher' }),
    userName: h('span', { class: 'tp-user' }), // gets its id once signed in: tests wait for #user-name
    signOut: button(t('signOut'), 'secondary', { id: 'sign-out', hidden: true, onclick: () => oidc.signOut() }),
    mine: h('a', { id: 'my-organizations-link', class: 'tp-mine-link', href: `#/${MINE}`, hidden: true }, t('mine.page')),
    nav: h('ul', { class: 'pf-v5-c-tabs__list', role: 'list' }),
    content: h('div', { id: 'content' }),
  };
  document.getElementById('app').append(
    h('header', { class: 'pf-v5-c-masthead tp-masthead' },
      refs.brand,
      h('div', { class: 'tp-masthead-tools' }, refs.switcher, refs.mine, refs.userName, refs.signOut)),
    h('nav', { class: 'pf-v5-c-tabs tp-nav', 'aria-label': t('nav.label') }, refs.nav),
    h('main', { class: 'tp-main' },
      h('div', { id: 'alerts', class: 'tp-alerts', 'aria-live': 'polite' }),
      refs.content));
  return refs;
}

async function start() {
  showBranding(null);
  shell.content.replaceChildren(h('p', { class: 'tp-loading' }, t('loading')));
  try {
    await oidc.start(config);
  } catch (error) {
    showSignInProblem(error.message);
    return;
  }
  shell.userName.id = 'user-name';
  shell.userName.textContent = oidc.userName();
  shell.signOut.hidden = false;
  shell.mine.hidden = false;
  try {
    await loadOrganizations();
  } catch (error) {
    shell.content.replaceChildren();
    showError(error.message);
    return;
  }
  window.addEventListener('hashchange', route);
  route();
}

async function loadOrganizations() {
  const [own, administered] = await Promise.all([
    api.get('me/organizations'),
    api.get('me/organizations', { administered: 'true', max: 100 }),
  ]);
  organizations = merge(own, administered);
}

/** After the user created, left or deleted an organization: reload their organizations and show the given page. */
async function reloadOrganizations(message, alias) {
  await loadOrganizations();
  success = message;
  const target = alias ? hashFor(alias, 'profile') : `#/${MINE}`;
  if (location.hash === target) {
    route();
  } else {
    location.hash = target;
  }
}

function showSignInProblem(message) {
  // Loading the portal afresh (without the error in the address) starts a new sign-in.
  shell.content.replaceChildren(h('div', { class: 'tp-actions' },
    button(t('signIn.again'), 'primary', { id: 'sign-in-again', onclick: () => location.assign(config.portalUrl) })));
  showError(message);
}

/** One entry per organization id: the member list and the administered list may both name it. */
function merge(...lists) {
  const byId = new Map();
  const union = (a, b) => [...new Set([...(a || []), ...(b || [])])];
  for (const org of lists.flat()) {
    const known = byId.get(org.id);
    byId.set(org.id, known ? {
      ...known,
      roles: union(known.roles, org.roles),
      permissions: union(known.permissions, org.permissions),
      administrator: Boolean(known.administrator || org.administrator),
    } : { ...org, roles: org.roles || [], permissions: org.permissions || [] });
  }
  return [...byId.values()].sort((a, b) => a.alias.localeCompare(b.alias));
}

// ---- routing: #/{orgAlias}/{page} ------------------------------------------------------------------------------------

const hashFor = (alias, page) => `#/${encodeURIComponent(alias)}/${page}`;
const allowed = (org, page) => !page.needs || org.permissions.includes(page.needs);

function parseHash() {
  const [, alias = '', page = ''] = location.hash.match(/^#\/([^/]*)\/?([^/]*)/) || [];
  try {
    return { alias: decodeURIComponent(alias), page };
  } catch {
    return { alias, page };
  }
}

async function route() {
  const current = ++routeCount;
  clearAlerts();
  if (notice) {
    showError(notice);
    notice = null;
  }
  if (success) {
    showSuccess(success);
    success = null;
  }
  const { alias, page } = parseHash();
  if (alias === MINE || !organizations.length) {
    await showMine();
    return;
  }
  if (!alias) {
    location.replace(hashFor(organizations[0].alias, 'profile'));
    return;
  }
  const org = organizations.find((o) => o.alias === alias) || await findAdministered(alias);
  if (current !== routeCount) return;
  if (!org) {
    await showUnknownOrganization(alias);
    return;
  }
  const pageInfo = PAGES.find((p) => p.id === page);
  if (!pageInfo || !allowed(org, pageInfo)) {
    if (pageInfo) notice = t('page.notAllowed', t(`page.${pageInfo.id}`), org.alias);
    location.replace(hashFor(org.alias, 'profile'));
    return;
  }
  renderSwitcher(org, pageInfo.id);
  renderNav(org, pageInfo.id);
  let details;
  try {
    details = await api.get(api.path`organizations/${org.alias}`);
  } catch (error) {
    shell.content.replaceChildren();
    showError(error.message);
    return;
  }
  if (current !== routeCount) return;
  showBranding(details);
  const heading = h('h1', { id: 'page-title', class: 'tp-page-title', tabindex: '-1' }, t(`page.${pageInfo.id}`));
  const section = h('section', { id: `page-${pageInfo.id}`, class: 'tp-page', 'aria-labelledby': 'page-title' }, heading);
  shell.content.replaceChildren(section);
  document.title = `${t(`page.${pageInfo.id}`)} \u2013 ${details.name} \u2013 ${t('title')}`;
  // The navigation was rebuilt: keyboard and screen reader users continue from the new page's heading.
  if (document.activeElement === document.body) heading.focus();
  try {
    await pageInfo.module.render(section, context(org, details));
  } catch (error) {
    if (section.isConnected) showError(error.message);
  }
}

/** What a page needs to know about the chosen organization. */
function context(org, details) {
  return {
    alias: org.alias,
    details,
    can: (permission) => org.permissions.includes(permission),
    // After the profile was saved: new branding in the masthead, new name in the switcher.
    setDetails(updated) {
      org.name = updated.name;
      showBranding(updated);
      renderSwitcher(org, parseHash().page);
    },
  };
}

/** Realm administrators may administer more organizations than the first 100 listed at start. */
async function findAdministered(alias) {
  try {
    const found = await api.get('me/organizations', { administered: 'true', search: alias, max: 100 });
    const org = found.find((o) => o.alias === alias);
    if (org) organizations = merge(organizations, [org]);
    return organizations.find((o) => o.alias === alias);
  } catch {
    return undefined; // showUnknownOrganization() shows the API's own answer
  }
}

/** An alias not among the caller's organizations: show what the API says about it, and a way back. */
async function showUnknownOrganization(alias) {
  renderSwitcher(null);
  shell.nav.replaceChildren();
  showBranding(null);
  shell.content.replaceChildren(h('p', {},
    h('a', { href: hashFor(organizations[0].alias, 'profile') }, t('org.backToFirst'))));
  try {
    await api.get(api.path`organizations/${alias}`);
    showError(t('org.notListed', alias));
  } catch (error) {
    showError(error.message);
  }
}

/** The user's own page; also what a user without any organization sees. */
async function showMine() {
  renderSwitcher(null);
  shell.nav.replaceChildren();
  showBranding(null);
  const heading = h('h1', { id: 'page-title', class: 'tp-page-title', tabindex: '-1' }, t('mine.page'));
  const section = h('section', { id: 'page-mine', class: 'tp-page', 'aria-labelledby': 'page-title' }, heading);
  shell.content.replaceChildren(section);
  document.title = `${t('mine.page')} \u2013 ${t('title')}`;
  try {
    await mine.render(section, { organizations, reload: reloadOrganizations });
  } catch (error) {
    if (section.isConnected) showError(error.message);
  }
}

// ---- masthead and navigation -----------------------------------------------------------------------------------------

function renderSwitcher(org, page) {
  if (!org || organizations.length < 2) {
    shell.switcher.replaceChildren();
    return;
  }
  const select = h('select', { id: 'org-switcher' },
    organizations.map((o) => h('option', { value: o.alias }, o.name || o.alias)));
  select.value = org.alias;
  // Keep the page when the other organization allows it.
  select.addEventListener('change', () => {
    const next = organizations.find((o) => o.alias === select.value);
    const pageInfo = PAGES.find((p) => p.id === page);
    location.hash = hashFor(next.alias, pageInfo && allowed(next, pageInfo) ? page : 'profile');
  });
  shell.switcher.replaceChildren(
    h('label', { for: 'org-switcher', class: 'tp-switcher-label' }, t('org.switcher')),
    control(select));
}

function renderNav(org, currentPage) {
  shell.nav.replaceChildren(...PAGES.filter((page) => allowed(org, page)).map((page) => {
    const current = page.id === currentPage;
    return h('li', { class: `pf-v5-c-tabs__item${current ? ' pf-m-current' : ''}` },
      h('a', { class: 'pf-v5-c-tabs__link', href: hashFor(org.alias, page.id), 'data-page': page.id,
        'aria-current': current ? 'page' : null },
      h('span', { class: 'pf-v5-c-tabs__item-text' }, t(`page.${page.id}`))));
  }));
}

/** The organization's name, logo and colours in the masthead and page; portal defaults when null. */
function showBranding(org) {
  const branding = org?.branding || {};
  const root = document.documentElement;
  setColorVar(root, '--pf-v5-global--primary-color--100', branding.primaryColor);
  setColorVar(root, '--tp-primary', branding.primaryColor);
  setColorVar(root, '--tp-background', branding.backgroundColor);
  const name = branding.displayName || org?.name || t('title');
  const logo = isHttps(branding.logoUrl)
    && h('img', { class: 'tp-brand-logo', src: branding.logoUrl, alt: '', referrerpolicy: 'no-referrer' });
  shell.brand.replaceChildren(...[logo, h('span', { class: 'tp-brand-name' }, name)].filter(Boolean));
}
