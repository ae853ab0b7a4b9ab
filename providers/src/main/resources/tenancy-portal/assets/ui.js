// Small DOM helpers shared by the portal and its pages.
// API data only ever reaches the page as text nodes or attribute values, never as HTML.

let messages = {};
let locale = 'en';

export const PAGE_SIZE = 20;

export function setMessages(bundle, lang) {
  messages = bundle || {};
  locale = lang || 'en';
}

/** The bundle's text for key, with {0}, {1}... replaced by args; the key itself when the bundle lacks it. */
export function t(key, ...args) {
  const text = Object.prototype.hasOwnProperty.call(messages, key) ? messages[key] : key;
  return text.replace(/\{(\d+)\}/g, (match, i) => (i < args.length ? String(args[i]) : match));
}

/** Epoch seconds as a date and time in the portal's locale. */
export function formatDate(epochSeconds) {
  if (!epochSeconds) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })
    .format(new Date(epochSeconds * 1000));
}

export const isColor = (value) => /^#[0-9a-fA-F]{6}$/.test(value || '');
export const isHttps = (value) => typeof value === 'string' && value.startsWith('https://');

/** Sets a CSS custom property to a colour, or removes it when the value is not #rrggbb. */
export function setColorVar(element, name, value) {
  if (isColor(value)) element.style.setProperty(name, value);
  else element.style.removeProperty(name);
}

/**
 * Creates an element. attrs: "on<event>" adds a listener, value/checked are set as properties,
 * true sets an empty attribute, null/undefined/false are skipped. Children: nodes or strings (as text).
 */
export function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'value' || name === 'checked') element[name] = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children.flat(Infinity)
    .filter((child) => child !== null && child !== undefined && child !== false)
    .map((child) => (typeof child === 'object' ? child : String(child))));
  return element;
}

// ---- alerts --------------------------------------------------------------------------------------------------------

export function clearAlerts() {
  document.getElementById('alerts')?.replaceChildren();
}

export const showError = (text) => addAlert('danger', text);
export const showSuccess = (text) => addAlert('success', text);

function addAlert(kind, text) {
  const alert = h('div', { class: `pf-v5-c-alert pf-m-inline pf-m-${kind}`, role: kind === 'danger' ? 'alert' : 'status' },
    h('div', { class: 'pf-v5-c-alert__icon', 'aria-hidden': 'true' }, kind === 'danger' ? '!' : '\u2713'),
    h('p', { class: 'pf-v5-c-alert__title' }, text),
    h('div', { class: 'pf-v5-c-alert__action' },
      h('button', { type: 'button', class: 'pf-v5-c-button pf-m-plain', 'aria-label': t('alert.close'),
        onclick: () => alert.remove() }, '\u00d7')));
  document.getElementById('alerts').append(alert);
}

/** Copies the element's text; where the clipboard is unavailable, selects it for the user to copy. */
export function copyText(element) {
  run(null, async () => {
    try {
      await navigator.clipboard.writeText(element.textContent);
      showSuccess(t('copy.copied'));
    } catch {
      const range = document.createRange();
      range.selectNodeContents(element);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      showSuccess(t('copy.selected'));
    }
  });
}

/** Runs a user action: clears old alerts, disables the button meanwhile, shows a refusal's sentence. */
export async function run(button, action) {
  clearAlerts();
  if (button) button.disabled = true;
  try {
    await action();
  } catch (error) {
    showError(error.message);
  } finally {
    if (button) button.disabled = false;
  }
}

// ---- form controls -------------------------------------------------------------------------------------------------

export function button(text, variant, attrs) {
  return h('button', { type: 'button', class: `pf-v5-c-button pf-m-${variant}`, ...attrs }, text);
}

export function input(id, attrs) {
  return h('input', { type: 'text', id, name: id, ...attrs });
}

/** PatternFly 5 draws the border on a span around the native control. */
export function control(element) {
  let classes = 'pf-v5-c-form-control';
  if (element.tagName === 'TEXTAREA') classes += ' pf-m-textarea';
  if (element.readOnly) classes += ' pf-m-readonly';
  if (element.disabled) classes += ' pf-m-disabled';
  return h('span', { class: classes }, element);
}

/** A labelled form group; body defaults to the wrapped control. */
export function field(labelText, element, helperText, body = control(element)) {
  const helpId = helperText ? `${element.id}-help` : null;
  if (helpId) element.setAttribute('aria-describedby', helpId);
  return h('div', { class: 'pf-v5-c-form__group' },
    h('div', { class: 'pf-v5-c-form__group-label' },
      h('label', { class: 'pf-v5-c-form__label', for: element.id }, h('span', { class: 'pf-v5-c-form__label-text' }, labelText))),
    h('div', { class: 'pf-v5-c-form__group-control' }, body,
      helpId && h('p', { class: 'pf-v5-c-form__helper-text tp-help', id: helpId }, helperText)));
}

/** A labelled checkbox; with lockedReason, shown but not changeable, the reason in place of the description. */
export function checkbox(id, name, value, labelText, checked, description, lockedReason) {
  return h('div', { class: `pf-v5-c-check${lockedReason ? ' pf-m-disabled' : ''}` },
    h('input', { class: 'pf-v5-c-check__input', type: 'checkbox', id, name, value, checked: Boolean(checked),
      disabled: Boolean(lockedReason) }),
    h('label', { class: `pf-v5-c-check__label${lockedReason ? ' pf-m-disabled' : ''}`, for: id }, labelText),
    (lockedReason || description) && h('span', { class: 'pf-v5-c-check__description' }, lockedReason || description));
}

export function checkboxGroup(legend, boxes) {
  return h('fieldset', { class: 'pf-v5-c-form__group tp-fieldset' },
    h('legend', { class: 'pf-v5-c-form__label' }, h('span', { class: 'pf-v5-c-form__label-text' }, legend)),
    boxes.length ? boxes : h('p', { class: 'tp-help' }, t('roles.noneAvailable')));
}

/** Values of the checked boxes named name inside container. */
export function checkedValues(container, name) {
  return [...container.querySelectorAll(`input[name="${name}"]:checked`)].map((box) => box.value);
}

// ---- display -------------------------------------------------------------------------------------------------------

export function label(text, color) {
  return h('span', { class: `pf-v5-c-label pf-m-compact${color ? ` pf-m-${color}` : ''}` },
    h('span', { class: 'pf-v5-c-label__content' }, h('span', { class: 'pf-v5-c-label__text' }, text)));
}

export function labels(texts, color) {
  return h('span', { class: 'tp-labels' }, (texts || []).map((text) => label(text, color)));
}

export function card(title, ...children) {
  return h('div', { class: 'pf-v5-c-card tp-card' },
    h('div', { class: 'pf-v5-c-card__title' }, h('h2', { class: 'pf-v5-c-card__title-text' }, title)),
    h('div', { class: 'pf-v5-c-card__body' }, children));
}

export function table(id, caption, headers) {
  const tbody = h('tbody', { class: 'pf-v5-c-table__tbody' });
  const element = h('table', { id, class: 'pf-v5-c-table pf-m-grid-md', 'aria-label': caption },
    h('thead', { class: 'pf-v5-c-table__thead' },
      h('tr', { class: 'pf-v5-c-table__tr' }, headers.map((text) => h('th', { class: 'pf-v5-c-table__th', scope: 'col' }, text)))),
    tbody);
  return { element, tbody };
}

/** A table row; data-label repeats the header for PatternFly's stacked (grid) layout on narrow screens. */
export function row(attrs, headers, cells) {
  return h('tr', { class: 'pf-v5-c-table__tr', ...attrs },
    cells.map((cell, i) => h('td', { class: 'pf-v5-c-table__td', 'data-label': headers[i] }, cell)));
}

export function emptyRow(headers, text) {
  return h('tr', { class: 'pf-v5-c-table__tr' }, h('td', { class: 'pf-v5-c-table__td', colspan: headers.length }, text));
}

/** Previous/next paging by first/max: "next" is enabled when the last page came back full. */
export function pager(prefix, go) {
  let first = 0;
  const range = h('span', { id: `${prefix}-range`, class: 'tp-range' });
  const prev = button(t('page.previous'), 'secondary', { id: `${prefix}-prev`, onclick: () => go(Math.max(0, first - PAGE_SIZE)) });
  const next = button(t('page.next'), 'secondary', { id: `${prefix}-next`, onclick: () => go(first + PAGE_SIZE) });
  return {
    element: h('nav', { class: 'tp-pager', 'aria-label': t('page.navigation') }, range, prev, next),
    show(start, count) {
      first = start;
      range.textContent = count ? t('page.range', start + 1, start + count) : t('page.rangeNone');
      prev.disabled = start === 0;
      next.disabled = count < PAGE_SIZE;
    },
  };
}
