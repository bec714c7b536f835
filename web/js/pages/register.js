// Tenant registration: POST /reg provisions the tenant's user pool, app client, identity pool,
// roles and admin user; the pool emails the admin a temporary password.
import { h, field, values, replace } from '../dom.js';
import { post } from '../api.js';
import { errorBox } from '../errors.js';

export const title = 'Register a tenant';

export async function render(main) {
  const result = h('div', { class: 'messages' });
  const form = h('form', { class: 'card narrow' },
    field('Company name', 'companyName', { required: true, autocomplete: 'organization' }),
    field('Admin email', 'email', { type: 'email', required: true, autocomplete: 'email' }),
    field('Admin user name', 'userName', { required: true, autocomplete: 'username' }),
    field('First name', 'firstName', { required: true, autocomplete: 'given-name' }),
    field('Last name', 'lastName', { required: true, autocomplete: 'family-name' }),
    field('Tier', 'tier', { options: ['Standard', 'Professional', 'Advanced'], value: 'Standard' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Register')));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const entered = values(form);
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const tenant = await post('/reg', {
        companyName: entered.companyName.trim(), email: entered.email.trim(), userName: entered.userName.trim(),
        firstName: entered.firstName.trim(), lastName: entered.lastName.trim(), tier: entered.tier,
      });
      form.reset();
      replace(result, h('div', { class: 'success', role: 'status', dataset: { tenantId: tenant.id } },
        h('p', null, h('strong', null, tenant.company), ' is registered as tenant ', h('code', null, tenant.id), '.'),
        h('dl', { class: 'facts' },
          h('dt', null, 'User pool'), h('dd', null, h('code', null, tenant.userPoolId)),
          h('dt', null, 'Identity pool'), h('dd', null, h('code', null, tenant.identityPoolId)),
          h('dt', null, 'App client'), h('dd', null, h('code', null, tenant.clientId))),
        h('p', null, 'The user pool emailed ', h('code', null, tenant.userName),
          ' a temporary password. saaslab serve prints every message it delivers in its terminal.'),
        h('p', null, h('a', { href: `#/signin?user=${encodeURIComponent(tenant.userName)}` }, `Sign in as ${tenant.userName}`))));
    } catch (error) {
      replace(result, errorBox(error, 'Registration refused'));
    } finally {
      button.disabled = false;
    }
  });

  main.append(h('h1', { tabindex: '-1' }, 'Register a tenant'), result, form);
}
