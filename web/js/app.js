// The SaaS app's web client: a page per hash route (#/products, #/users, ...), the header that
// always names who is signed in, and the navigation their role allows. Each page renders into
// <main> from the app's REST API; when its data is on screen the page is marked ready (a
// Performance mark and data-ready), which the browser test times.
import { h, replace } from './dom.js';
import { get, segment, whenSessionEnds } from './api.js';
import * as session from './session.js';
import * as signin from './pages/signin.js';
import * as register from './pages/register.js';
import { page as itemsPage, products, orders } from './pages/items.js';
import * as users from './pages/users.js';
import * as tenants from './pages/tenants.js';
import * as telemetry from './pages/telemetry.js';
import * as settings from './pages/settings.js';

/** Pages by route: who may open them (`null`: anyone, signed in or not). */
const PAGES = {
  signin: { page: signin, allowed: null },
  register: { page: register, allowed: null },
  products: { page: itemsPage(products), allowed: () => true },
  orders: { page: itemsPage(orders), allowed: () => true },
  users: { page: users, allowed: () => true },
  tenant: { page: tenants.own, allowed: (role) => !session.can.isSystem(role) },
  tenants: { page: tenants.all, allowed: session.can.listTenants },
  telemetry: { page: telemetry, allowed: () => true },
  settings: { page: settings, allowed: session.can.changeSettings },
};

const NAV = [['products', 'Products'], ['orders', 'Orders'], ['users', 'Users'], ['tenant', 'Tenant'], ['tenants', 'Tenants'],
  ['telemetry', 'Logs and metering'], ['settings', 'Settings']];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
/** The company names of tenants this tab has seen, for the header. */
const companies = new Map();
let notice = null;
let rendering = 0;

function navigate(name) {
  if (location.hash === `#/${name}`) show(); else location.hash = `#/${name}`;
}

function parseHash() {
  const [name, search] = location.hash.replace(/^#\/?/, '').split('?');
  return { name: name || '', query: new URLSearchParams(search || '') };
}

function renderHeader(user, current) {
  if (!user) {
    replace(nav, h('a', { href: '#/signin', 'aria-current': current === 'signin' ? 'page' : null }, 'Sign in'),
      h('a', { href: '#/register', 'aria-current': current === 'register' ? 'page' : null }, 'Register a tenant'));
    replace(who, h('span', { class: 'signed-out' }, 'Not signed in'));
    return;
  }
  replace(nav, NAV.filter(([name]) => PAGES[name].allowed(user.role)).map(([name, label]) =>
    h('a', { href: `#/${name}`, 'aria-current': current === name ? 'page' : null }, label)));
  const company = companies.get(user.tenantId);
  replace(who,
    h('span', { class: 'who-user', dataset: { field: 'user' } }, user.userName),
    h('span', { class: 'who-tenant', dataset: { field: 'tenant' }, title: user.tenantId }, company || user.tenantId),
    h('span', { class: 'who-role', dataset: { field: 'role' } }, user.role),
    h('button', {
      type: 'button', class: 'link',
      on: { click: () => { session.signOut(); notice = 'You are signed out.'; navigate('signin'); } },
    }, 'Sign out'));
  if (!companies.has(user.tenantId)) {
    companies.set(user.tenantId, null);
    get(`/tenant/${segment(user.tenantId)}`).then((tenant) => {
      companies.set(user.tenantId, tenant.companyName || null);
      const current = session.user();
      if (current && current.tenantId === user.tenantId && tenant.companyName) {
        const shown = who.querySelector('.who-tenant');
        if (shown) shown.textContent = tenant.companyName;
      }
    }, () => {});
  }
}

async function show() {
  const ticket = ++rendering;
  const { name, query } = parseHash();
  const user = session.user();
  let route = name;
  if (!PAGES[route]) route = user ? 'products' : 'signin';
  if (!user && PAGES[route].allowed) route = 'signin';
  if (user && PAGES[route].allowed && !PAGES[route].allowed(user.role)) route = 'products';
  if (user && route === 'signin') route = 'products';
  const { page } = PAGES[route];

  performance.mark(`saaslab:navigate:${route}:${ticket}`);
  renderHeader(user, route);
  document.title = `${page.title} · saaslab`;
  main.dataset.ready = 'false';
  main.dataset.page = route;
  replace(main);
  const shownNotice = notice;
  notice = null;
  try {
    await page.render(main, { user, query, navigate, notice: shownNotice });
  } catch (error) {
    main.append(h('div', { class: 'error', role: 'alert' }, `This page failed: ${error.message}`));
  }
  if (ticket !== rendering) return;
  performance.mark(`saaslab:ready:${route}:${ticket}`);
  performance.measure(`saaslab:page:${route}`, `saaslab:navigate:${route}:${ticket}`, `saaslab:ready:${route}:${ticket}`);
  main.dataset.ready = 'true';
  // After a navigation inside the client, focus moves to the new page's heading, as it would
  // to a new document; the first load leaves it at the top, where Tab reaches the skip link.
  const heading = main.querySelector('h1');
  if (ticket > 1 && heading && (document.activeElement === document.body || !document.activeElement || !main.contains(document.activeElement))) {
    heading.focus({ preventScroll: true });
  }
}

whenSessionEnds((error) => {
  session.signOut();
  notice = `Your session ended: ${error.message}. Sign in again.`;
  navigate('signin');
});

window.addEventListener('hashchange', show);
show();
