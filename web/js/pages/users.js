// The tenant's users. Everyone signed in may list them; a TenantAdmin (or the system admin, for
// the provider's own users) adds, edits, enables, disables and deletes them. Other roles see
// the list with no buttons they could not use.
import { h, field, values, replace, confirmButton, status } from '../dom.js';
import { get, post, put, del, segment } from '../api.js';
import { errorBox } from '../errors.js';
import { can } from '../session.js';

export const title = 'Users';

export async function render(main, { user }) {
  const manager = can.manageUsers(user.role);
  const roles = can.isSystem(user.role) ? ['SystemUser', 'SystemAdmin'] : ['TenantUser', 'TenantAdmin'];
  const messages = h('div', { class: 'messages' });
  const line = status();
  const listing = h('div', { class: 'listing' });
  const form = h('form', { class: 'card', 'aria-label': 'user form' });
  let editing = null;

  const fillForm = (record) => {
    editing = record;
    replace(form,
      h('h2', null, record ? `Edit ${record.userName}` : 'Add a user'),
      h('div', { class: 'grid' },
        field('User name', 'userName', { value: record ? record.userName : '', required: true, readOnly: Boolean(record), autocomplete: 'off' }),
        field('Email', 'email', { type: 'email', value: record ? record.email : '', required: !record }),
        field('First name', 'firstName', { value: record ? record.firstName : '', required: true }),
        field('Last name', 'lastName', { value: record ? record.lastName : '', required: true }),
        field('Role', 'role', { options: roles, value: record ? record.role : roles[0] })),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'primary' }, record ? 'Save changes' : 'Add user'),
        record && h('button', { type: 'button', on: { click: () => fillForm(null) } }, 'Cancel')));
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const entered = values(form);
    try {
      if (editing) {
        await put('/user', entered);
        line.textContent = `Saved ${entered.userName}.`;
      } else {
        const created = await post('/user', entered);
        line.textContent = `Added ${created.userName}: the user pool emailed a temporary password to ${created.email || 'their address'} (saaslab serve prints it in its terminal).`;
      }
      replace(messages);
      fillForm(null);
      await load();
    } catch (error) {
      replace(messages, errorBox(error, editing ? 'Saving the user was refused' : 'Adding the user was refused'));
    }
  });

  const act = async (doing, action) => {
    try {
      await action();
      replace(messages);
      await load();
    } catch (error) {
      replace(messages, errorBox(error, doing));
    }
  };

  const row = (record) => {
    const self = record.userName === user.userName;
    return h('tr', { dataset: { user: record.userName } },
      h('td', null, record.userName, self ? h('span', { class: 'badge' }, 'you') : null),
      h('td', null, [record.firstName, record.lastName].filter(Boolean).join(' ')),
      h('td', null, record.email || ''),
      h('td', null, record.role || ''),
      h('td', null, record.status || ''),
      h('td', null, record.enabled === false ? 'disabled' : 'enabled'),
      manager && h('td', { class: 'row-actions' },
        h('button', { type: 'button', on: { click: () => { fillForm(record); form.querySelector('[name=email]').focus(); } } }, 'Edit'),
        !self && (record.enabled === false
          ? h('button', { type: 'button', on: { click: () => act('Enabling the user was refused', () => put('/user/enable', { userName: record.userName })) } }, 'Enable')
          : h('button', { type: 'button', on: { click: () => act('Disabling the user was refused', () => put('/user/disable', { userName: record.userName })) } }, 'Disable')),
        !self && confirmButton('Delete', () => act('Deleting the user was refused', () => del(`/user/${segment(record.userName)}`)))));
  };

  async function load() {
    try {
      const users = await get('/users');
      const list = Array.isArray(users) ? users : [];
      replace(listing, h('div', { class: 'table-wrap' }, h('table', null,
        h('caption', null, `${list.length} user${list.length === 1 ? '' : 's'}`),
        h('thead', null, h('tr', null, ['User name', 'Name', 'Email', 'Role', 'Status', 'Enabled'].map((label) => h('th', { scope: 'col' }, label)),
          manager && h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
        h('tbody', null, list.map(row)))));
    } catch (error) {
      replace(listing, errorBox(error, 'Listing users was refused'));
    }
  }

  fillForm(null);
  main.append(h('h1', { tabindex: '-1' }, 'Users'), messages, line, listing, manager && form);
  await load();
}
