// Sign-in: POST /auth {userName, password}. A user's first sign-in (the emailed temporary
// password) answers {newPasswordRequired: true}; the page then asks for a new password and
// signs in again with it, as Cognito's NEW_PASSWORD_REQUIRED challenge does.
import { h, field, values, replace } from '../dom.js';
import { post } from '../api.js';
import { errorBox } from '../errors.js';
import * as session from '../session.js';

export const title = 'Sign in';

export async function render(main, { navigate, query, notice }) {
  let challenged = false;
  const message = h('div', { class: 'messages' }, notice && h('p', { class: 'notice', role: 'status' }, notice));
  const newPasswordFields = h('div', { class: 'challenge', hidden: true });
  const form = h('form', { class: 'card narrow', novalidate: false },
    field('User name', 'userName', { value: query.get('user') || '', required: true, autocomplete: 'username' }),
    field('Password', 'password', { type: 'password', required: true, autocomplete: 'current-password' }),
    newPasswordFields,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Sign in')));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const entered = values(form);
    const body = { userName: entered.userName.trim(), password: entered.password };
    if (challenged) {
      if (entered.newPassword !== entered.confirmPassword) {
        replace(message, errorBox({ error: 'PasswordsDiffer', message: 'The new password and its confirmation differ.' }));
        return;
      }
      body.newPassword = entered.newPassword;
    }
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const answer = await post('/auth', body);
      if (answer && answer.newPasswordRequired) {
        challenged = true;
        replace(newPasswordFields,
          h('p', { class: 'notice', role: 'status' }, 'This is your first sign-in: choose a password of your own.'),
          field('New password', 'newPassword', { type: 'password', required: true, autocomplete: 'new-password' }),
          field('Confirm new password', 'confirmPassword', { type: 'password', required: true, autocomplete: 'new-password' }));
        newPasswordFields.hidden = false;
        button.textContent = 'Set password and sign in';
        replace(message);
        newPasswordFields.querySelector('input').focus();
        return;
      }
      session.signIn(answer.token);
      navigate('products');
    } catch (error) {
      replace(message, errorBox(error, 'Sign-in refused'));
    } finally {
      button.disabled = false;
    }
  });

  main.append(
    h('h1', { tabindex: '-1' }, 'Sign in'),
    message, form,
    h('p', null, 'No tenant yet? ', h('a', { href: '#/register' }, 'Register one'), '.'));
}
