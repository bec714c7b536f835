// Tenants. A tenant's own users see their tenant (a TenantAdmin edits its details); the
// provider's system roles list every tenant, and the system admin edits and deletes them.
// Provisioned fields (pools, roles, ids) are the registration's and are not offered.
import { h, field, values, replace, confirmButton, status } from '../dom.js';
import { get, put, del, segment } from '../api.js';
import { errorBox } from '../errors.js';
import { can } from '../session.js';

const EDITABLE = [
  ['companyName', 'Company name'], ['accountName', 'Account name'], ['ownerName', 'Owner name'],
  ['email', 'Email'], ['tier', 'Tier'], ['status', 'Status'],
];

function editForm(tenant, onSaved, messages) {
  const form = h('form', { class: 'card', 'aria-label': 'tenant form' },
    h('h2', null, `Edit ${tenant.companyName || tenant.tenant_id}`),
    h('div', { class: 'grid' }, EDITABLE.map(([name, label]) => field(label, name, { value: tenant[name] ?? '' }))),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save changes')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await put('/tenant', { id: tenant.tenant_id, ...values(form) });
      replace(messages);
      await onSaved();
    } catch (error) {
      replace(messages, errorBox(error, 'Saving the tenant was refused'));
    }
  });
  return form;
}

function details(tenant) {
  const shown = Object.keys(tenant).sort();
  return h('dl', { class: 'facts' }, shown.map((name) => [h('dt', null, name), h('dd', null, h('code', null, String(tenant[name])))]));
}

/** A tenant's own page. */
export const own = {
  title: 'Tenant',
  async render(main, { user }) {
    const messages = h('div', { class: 'messages' });
    const body = h('div');
    const load = async () => {
      try {
        const tenant = await get(`/tenant/${segment(user.tenantId)}`);
        replace(body, details(tenant), can.editOwnTenant(user.role) && editForm(tenant, load, messages));
      } catch (error) {
        replace(body, errorBox(error, 'Reading the tenant was refused'));
      }
    };
    main.append(h('h1', { tabindex: '-1' }, 'Your tenant'), messages, body);
    await load();
  },
};

/** Every tenant, for the provider's system roles. */
export const all = {
  title: 'Tenants',
  async render(main, { user }) {
    const manager = can.manageTenants(user.role);
    const messages = h('div', { class: 'messages' });
    const line = status();
    const listing = h('div', { class: 'listing' });
    const editor = h('div');
    const load = async () => {
      try {
        const tenants = await get('/tenants');
        const list = Array.isArray(tenants) ? tenants : [];
        replace(listing, h('div', { class: 'table-wrap' }, h('table', null,
          h('caption', null, `${list.length} tenant${list.length === 1 ? '' : 's'}`),
          h('thead', null, h('tr', null, ['Company', 'Tenant id', 'Tier', 'Status', 'Admin', 'User pool'].map((label) => h('th', { scope: 'col' }, label)),
            manager && h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
          h('tbody', null, list.map((tenant) => h('tr', { dataset: { tenantId: tenant.tenant_id } },
            h('td', null, tenant.companyName || ''), h('td', null, h('code', null, tenant.tenant_id)),
            h('td', null, tenant.tier || ''), h('td', null, tenant.status || ''),
            h('td', null, tenant.userName || ''), h('td', null, h('code', null, tenant.UserPoolId || '')),
            manager && h('td', { class: 'row-actions' },
              h('button', { type: 'button', on: { click: () => { replace(editor, editForm(tenant, async () => { replace(editor); line.textContent = `Saved ${tenant.tenant_id}.`; await load(); }, messages)); editor.querySelector('input').focus(); } } }, 'Edit'),
              tenant.tenant_id !== user.tenantId && confirmButton('Delete', async () => {
                try {
                  await del(`/tenant/${segment(tenant.tenant_id)}`);
                  line.textContent = `Deleted ${tenant.tenant_id}.`;
                  replace(messages);
                  await load();
                } catch (error) {
                  replace(messages, errorBox(error, 'Deleting the tenant was refused'));
                }
              }))))))));
      } catch (error) {
        replace(listing, errorBox(error, 'Listing tenants was refused'));
      }
    };
    main.append(h('h1', { tabindex: '-1' }, 'Tenants'), messages, line, listing, editor);
    await load();
  },
};
