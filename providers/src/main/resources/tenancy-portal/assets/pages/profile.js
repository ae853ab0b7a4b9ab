// Profile and branding, with a live preview of the organization's login card.

import { h, t, field, input, control, button, run, showSuccess, isColor, isHttps, setColorVar, label, card } from '../ui.js';
import * as api from '../api.js';

export async function render(section, ctx) {
  const org = ctx.details;
  const branding = org.branding || {};
  const editable = ctx.can('org:profile:manage');
  const readonly = !editable;
  const fields = {
    name: input('profile-name', { value: org.name || '', maxlength: 255, readonly }),
    description: h('textarea', { id: 'profile-description', name: 'profile-description', rows: 3, maxlength: 1000, readonly,
      value: org.description || '' }),
    displayName: input('brand-display-name', { value: branding.displayName || '', maxlength: 100, readonly }),
    logoUrl: input('brand-logo-url', { value: branding.logoUrl || '', maxlength: 2000, readonly, placeholder: 'https://' }),
    primaryColor: input('brand-primary-color', { value: branding.primaryColor || '', maxlength: 7, readonly, placeholder: '#rrggbb' }),
    backgroundColor: input('brand-background-color', { value: branding.backgroundColor || '', maxlength: 7, readonly,
      placeholder: '#rrggbb' }),
  };
  const preview = loginPreview(fields);
  const save = editable && button(t('profile.save'), 'primary', { id: 'profile-save', type: 'submit' });

  const form = h('form', { class: 'pf-v5-c-form', novalidate: true },
    field(t('profile.alias'), input('profile-alias', { value: org.alias, readonly: true })),
    field(t('profile.id'), input('profile-id', { value: org.id, readonly: true })),
    field(t('profile.name'), fields.name),
    field(t('profile.description'), fields.description),
    field(t('brand.displayName'), fields.displayName, t('brand.displayNameHelp')),
    field(t('brand.logoUrl'), fields.logoUrl, t('brand.logoUrlHelp')),
    colorField(t('brand.primaryColor'), fields.primaryColor, editable),
    colorField(t('brand.backgroundColor'), fields.backgroundColor, editable),
    save && h('div', { class: 'pf-v5-c-form__actions' }, save));
  form.addEventListener('input', preview.update);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!editable) return;
    run(save, async () => {
      const value = (key) => fields[key].value.trim();
      const saved = await api.put(api.path`organizations/${ctx.alias}`, {
        name: value('name'),
        description: fields.description.value,
        // An empty string removes a branding value.
        branding: {
          displayName: value('displayName'),
          logoUrl: value('logoUrl'),
          primaryColor: value('primaryColor'),
          backgroundColor: value('backgroundColor'),
        },
      });
      ctx.setDetails(saved);
      showSuccess(t('profile.saved'));
    });
  });

  section.append(h('div', { class: 'tp-columns' },
    card(t('profile.title'), form),
    h('div', {},
      card(t('preview.title'), preview.element),
      card(t('profile.domains'), domainList(org.domains || [])))));
  preview.update();
}

/** A #rrggbb text input with a paired colour picker (the text input stays the source of truth). */
function colorField(labelText, textInput, editable) {
  const pickerId = `${textInput.id}-picker`;
  const picker = h('input', { type: 'color', id: pickerId, class: 'tp-color-picker', disabled: !editable,
    value: isColor(textInput.value) ? textInput.value.toLowerCase() : '#ffffff' });
  picker.addEventListener('input', () => {
    textInput.value = picker.value;
    textInput.dispatchEvent(new Event('input', { bubbles: true }));
  });
  textInput.addEventListener('input', () => {
    if (isColor(textInput.value)) picker.value = textInput.value.toLowerCase();
  });
  return field(labelText, textInput, t('brand.colorHelp'), h('div', { class: 'tp-color' },
    control(textInput),
    h('label', { for: pickerId, class: 'tp-sr-only' }, t('brand.pickColor', labelText)),
    picker));
}

/** A mock of the login card, redrawn from the form's current (unsaved) values. */
function loginPreview(fields) {
  const logo = h('img', { id: 'preview-logo', class: 'tp-preview-logo', alt: '', hidden: true, referrerpolicy: 'no-referrer' });
  const title = h('h3', { id: 'preview-title', class: 'tp-preview-title' });
  const element = h('div', { id: 'login-preview', class: 'tp-preview' },
    h('div', { class: 'tp-preview-card' },
      logo,
      title,
      h('p', { class: 'tp-preview-field' }, t('preview.email')),
      h('button', { type: 'button', class: 'tp-preview-button', tabindex: '-1', 'aria-disabled': 'true' }, t('preview.signIn'))));
  function update() {
    title.textContent = fields.displayName.value.trim() || fields.name.value.trim();
    const logoUrl = fields.logoUrl.value.trim();
    logo.hidden = !isHttps(logoUrl);
    if (isHttps(logoUrl)) logo.src = logoUrl;
    else logo.removeAttribute('src');
    setColorVar(element, '--tp-preview-primary', fields.primaryColor.value.trim());
    setColorVar(element, '--tp-preview-background', fields.backgroundColor.value.trim());
  }
  return { element, update };
}

function domainList(domains) {
  if (!domains.length) return h('p', { id: 'profile-domains' }, t('profile.noDomains'));
  return h('ul', { id: 'profile-domains', class: 'tp-list' }, domains.map((domain) => h('li', {},
    h('span', { class: 'tp-domain-name' }, domain.name), ' ',
    domain.verified ? label(t('domain.verified'), 'green') : label(t('domain.pending'), 'orange'))));
}
