// The system admin's settings: what the labs change. The product and order services' settings
// (where the tenant id comes from, whose credentials the service uses, the cross-tenant
// injection, a participant's own service) and the provisioning templates (IAM policies, role
// mappings, pools), each saved through the admin API, which checks it as the platform would.
import { h, field, values, replace, status } from '../dom.js';
import { get, put, del, segment } from '../api.js';
import { errorBox } from '../errors.js';

export const title = 'Settings';

const SERVICES = ['product', 'order'];

export async function render(main) {
  const services = h('section', { 'aria-labelledby': 'services-heading' }, h('h2', { id: 'services-heading' }, 'Services'));
  const templates = h('section', { 'aria-labelledby': 'templates-heading' }, h('h2', { id: 'templates-heading' }, 'Templates'));
  main.append(h('h1', { tabindex: '-1' }, 'Settings'),
    h('p', null, 'What the labs change. A saved setting applies to the next request; a template shapes the tenants registered from now on, and with "apply to existing tenants" the ones already registered.'),
    services, templates);

  // The tenants, for the injection's choices, load while the templates do.
  const tenantOptions = get('/tenants').then((tenants) => tenants, () => []).then((tenants) => [
    ['', '(off: the caller\'s own tenant)'],
    ...(Array.isArray(tenants) ? tenants : []).map((tenant) => [tenant.tenant_id, `${tenant.companyName || '?'} (${tenant.tenant_id})`])]);
  const forms = Promise.all(SERVICES.map(async (service) => serviceForm(service, await tenantOptions)));
  await Promise.all([forms.then((built) => services.append(...built)), templateEditor(templates)]);
}

async function serviceForm(service, tenantOptions) {
  const messages = h('div', { class: 'messages' });
  const line = status();
  const form = h('form', { class: 'card', 'aria-label': `${service} service settings`, dataset: { service } });
  const fill = (settings) => {
    const injected = settings.injectTenantId || '';
    const options = tenantOptions.some(([id]) => id === injected) ? tenantOptions : [...tenantOptions, [injected, injected]];
    replace(form,
      h('h3', null, `The ${service} service`),
      h('div', { class: 'grid' },
        field('Tenant context', 'tenantContext', {
          options: [['token', 'token: the verified ID token'], ['request', 'request: the body or query (trusts the caller)']], value: settings.tenantContext,
        }),
        field('Credentials', 'credentials', {
          options: [['system', 'system: the service\'s own role'], ['tenant', 'tenant: the caller\'s identity-pool role']], value: settings.credentials,
        }),
        field('Inject tenant id', 'injectTenantId', { options, value: injected, hint: 'The cross-tenant fault: the service uses this tenant instead of the caller\'s.' }),
        field('Service URL', 'serviceURL', { value: settings.serviceURL || '', placeholder: 'http://127.0.0.1:8001', hint: 'The code track: your own service behind the gateway. Empty: the built-in service.' })),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, `Save ${service} settings`)),
      messages, line);
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const entered = values(form);
    try {
      const saved = await put(`/admin/services/${service}`, {
        tenantContext: entered.tenantContext, credentials: entered.credentials,
        injectTenantId: entered.injectTenantId || null, serviceURL: entered.serviceURL.trim() || null,
      });
      fill(saved);
      form.querySelector('.status').textContent = `Saved: ${JSON.stringify(saved)}`;
    } catch (error) {
      replace(messages, errorBox(error, `Saving the ${service} settings was refused`));
    }
  });
  try {
    fill(await get(`/admin/services/${service}`));
  } catch (error) {
    replace(form, errorBox(error, `Reading the ${service} settings was refused`));
  }
  return form;
}

const tenantCount = (count) => `${count} tenant${count === 1 ? '' : 's'}`;

async function templateEditor(section) {
  const messages = h('div', { class: 'messages' });
  const line = status();
  let list;
  try {
    list = (await get('/admin/templates')).templates || [];
  } catch (error) {
    section.append(errorBox(error, 'Listing the templates was refused'));
    return;
  }
  const picker = field('Template', 'template', {
    options: list.map((template) => [template.name, `${template.name}${template.default ? '' : ' (changed)'}`]),
  });
  const select = picker.querySelector('select');
  const editor = field('Document (JSON)', 'document', { rows: 18, hint: 'Placeholders such as {{tenant_id}} are filled in per tenant; ${aws:...} policy variables pass through to IAM.' });
  const textarea = editor.querySelector('textarea');
  const applyButton = h('button', { type: 'button' }, 'Save and apply to existing tenants');
  const placeholders = h('p', { class: 'placeholders' });

  const current = () => list.find((template) => template.name === select.value);
  const load = async () => {
    replace(messages);
    line.textContent = '';
    try {
      textarea.value = JSON.stringify(await get(`/admin/templates/${segment(select.value)}`), null, 2);
      const template = current();
      applyButton.hidden = !(template && template.appliesToExistingTenants);
      replace(placeholders, 'Placeholders: ', (template ? template.placeholders : []).map((name) => [h('code', null, name), ' ']));
    } catch (error) {
      replace(messages, errorBox(error, 'Reading the template was refused'));
    }
  };
  const save = async (apply) => {
    let document;
    try {
      document = JSON.parse(textarea.value);
    } catch (error) {
      replace(messages, errorBox({ error: 'NotJSON', message: `The document is not JSON: ${error.message}` }));
      return;
    }
    try {
      const answer = await put(`/admin/templates/${segment(select.value)}${apply ? '?apply=existing' : ''}`, document);
      // Saved, but IAM will not do all it seems to (variables in a policy without its Version).
      const warnings = answer && Array.isArray(answer.warnings) ? answer.warnings : [];
      replace(messages, warnings.map((warning) => h('p', { class: 'notice', role: 'status' }, `Note: ${warning}`)));
      const applied = answer && Array.isArray(answer.applied) ? answer : null;
      line.textContent = applied
        ? `Saved ${select.value}; applied to ${tenantCount(applied.applied.length)}${applied.failed.length ? `, failed for ${tenantCount(applied.failed.length)}: ${JSON.stringify(applied.failed)}` : ''}.`
        : `Saved ${select.value}.`;
      const template = current();
      if (template) template.default = false;
    } catch (error) {
      replace(messages, errorBox(error, `Saving ${select.value} was refused`));
    }
  };
  select.addEventListener('change', load);
  applyButton.addEventListener('click', () => save(true));
  const form = h('form', { class: 'card', 'aria-label': 'template editor' },
    picker, placeholders, editor,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Save template'), applyButton,
      h('button', {
        type: 'button',
        on: {
          click: async () => {
            try {
              await del(`/admin/templates/${segment(select.value)}`);
              await load();
              line.textContent = `${select.value} is back to its default.`;
            } catch (error) {
              replace(messages, errorBox(error, 'Resetting the template was refused'));
            }
          },
        },
      }, 'Reset to default')),
    messages, line);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    save(false);
  });
  section.append(form);
  await load();
}
