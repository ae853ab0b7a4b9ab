// The self-service REST API, called with the signed-in user's access token.

import { accessToken, login } from './oidc.js';
import { t } from './ui.js';

let base = '';

export function setBase(apiBase) {
  base = apiBase.replace(/\/$/, '');
}

/** The absolute address of a path under the API's base (for addresses shown to people, such as the SCIM base URL). */
export function absolute(url) {
  return base + '/' + url;
}

/** Tagged template for paths: each interpolated value is encoded as one path segment. */
export function path(strings, ...values) {
  return strings.reduce((out, text, i) => out + text + (i < values.length ? encodeURIComponent(values[i]) : ''), '');
}

/** Calls the API; returns the JSON answer (null for 204); throws an Error carrying the API's sentence. */
export async function call(method, url, body, query) {
  const headers = { Authorization: `Bearer ${await accessToken()}`, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(base + '/' + url + queryString(query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new Error(t('error.network'));
  }
  // The session ended elsewhere (signed out, idle, revoked): sign in again, back to the same page.
  if (response.status === 401) return login();
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new Error(data?.error_description || t('error.status', response.status));
  return data;
}

function queryString(query) {
  const entries = Object.entries(query || {}).filter(([, value]) => value !== undefined && value !== null && value !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([key, value]) => [key, String(value)]))}` : '';
}

export const get = (url, query) => call('GET', url, undefined, query);
export const post = (url, body) => call('POST', url, body);
export const put = (url, body) => call('PUT', url, body);
export const del = (url) => call('DELETE', url);
export const patch = (url, body) => call('PATCH', url, body);
