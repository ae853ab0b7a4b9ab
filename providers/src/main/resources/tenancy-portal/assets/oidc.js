// Sign-in with the authorization code flow and PKCE (S256) for the public client tenancy-portal.
// Tokens stay in this module's memory only; sessionStorage holds the PKCE verifier, state, nonce and the
// route to come back to, just for the duration of the redirect.

import { t } from './ui.js';

const STORAGE_KEY = 'tenancy-portal.sign-in';
const REFRESH_MARGIN_MS = 30000;

let config;
let endpoints;
let tokens = null; // { access, refresh, id, expiresAt }
let refreshing = null;

export class SignInError extends Error {}

/**
 * Resolves once signed in. Redirects to the login page when there are no tokens yet (then never resolves).
 * Throws SignInError when the login page sent back an error or the answer cannot be trusted.
 */
export async function start(portalConfig) {
  config = portalConfig;
  endpoints = await discover();
  const params = new URLSearchParams(location.search);
  if (params.has('error') || params.has('code')) return finishSignIn(params);
  return login();
}

async function discover() {
  try {
    const response = await fetch(`${config.authority}/.well-known/openid-configuration`);
    if (response.ok) return await response.json();
  } catch {
    // handled below
  }
  throw new SignInError(t('signIn.unavailable'));
}

/** Goes to the realm's login page, remembering the route (hash) to come back to. */
export async function login(hash = location.hash) {
  const verifier = randomString(32);
  const state = randomString(16);
  const nonce = randomString(16);
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ verifier, state, nonce, hash }));
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.portalUrl,
    scope: config.scope || 'openid tenancy-api',
    state,
    nonce,
    code_challenge: await challenge(verifier),
    code_challenge_method: 'S256',
    ui_locales: config.locale,
  });
  location.assign(`${endpoints.authorization_endpoint}?${params}`);
  return new Promise(() => {}); // the page is leaving
}

async function finishSignIn(params) {
  const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
  sessionStorage.removeItem(STORAGE_KEY);
  // Drop code and state from the address at once: a reload must not replay them.
  history.replaceState(null, '', config.portalUrl + (saved?.hash || ''));
  // Anyone can link here with words in the address: only an answer to our own request is shown. An answer when
  // the portal asked nothing (Keycloak sends people here after registering through an invitation, with a code
  // issued to another client) is set aside for a sign-in of our own, which the new session completes at once.
  if (!saved) return login('');
  if (saved.state !== params.get('state')) throw new SignInError(t('signIn.stateMismatch'));
  if (params.has('error')) throw new SignInError(params.get('error_description') || params.get('error'));
  await tokenRequest({
    grant_type: 'authorization_code',
    code: params.get('code'),
    redirect_uri: config.portalUrl,
    client_id: config.clientId,
    code_verifier: saved.verifier,
  });
  if (idClaims().nonce !== saved.nonce) {
    tokens = null;
    throw new SignInError(t('signIn.stateMismatch'));
  }
}

async function tokenRequest(form) {
  let response;
  try {
    response = await fetch(endpoints.token_endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
  } catch {
    throw new SignInError(t('signIn.unavailable'));
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new SignInError(data.error_description || t('signIn.failed'));
  tokens = {
    access: data.access_token,
    refresh: data.refresh_token,
    id: data.id_token || tokens?.id, // a refresh may not return a new ID token
    expiresAt: Date.now() + (data.expires_in || 0) * 1000,
  };
}

/** A valid access token: refreshed when it expires within 30 s; signs in again when refreshing fails. */
export async function accessToken() {
  if (tokens && tokens.expiresAt - Date.now() > REFRESH_MARGIN_MS) return tokens.access;
  // Parallel API calls share one refresh.
  refreshing ??= refresh().finally(() => { refreshing = null; });
  return refreshing;
}

async function refresh() {
  try {
    if (!tokens?.refresh) throw new Error('no refresh token');
    await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh, client_id: config.clientId });
    return tokens.access;
  } catch {
    tokens = null;
    return login();
  }
}

export function signOut() {
  const params = new URLSearchParams({ post_logout_redirect_uri: config.portalUrl, client_id: config.clientId });
  if (tokens?.id) params.set('id_token_hint', tokens.id);
  tokens = null;
  location.assign(`${endpoints.end_session_endpoint}?${params}`);
}

/** The signed-in user's name from the ID token. */
export function userName() {
  const claims = idClaims();
  return claims.name || claims.preferred_username || '';
}

function idClaims() {
  try {
    const payload = tokens.id.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return {};
  }
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(byteCount) {
  return base64url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

async function challenge(verifier) {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}
