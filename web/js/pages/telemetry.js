// Tenant-aware telemetry: what the app metered per tenant and service, and its request log.
// A tenant sees its own; the provider's system roles see every tenant, or one they name.
import { h, field, values, replace } from '../dom.js';
import { get } from '../api.js';
import { errorBox } from '../errors.js';
import { can } from '../session.js';

export const title = 'Logs and metering';

const METERS = [['requests', 'Requests'], ['itemsRead', 'Items read'], ['itemsWritten', 'Items written'], ['capacityUnits', 'Capacity units']];
const LOG_COLUMNS = [['time', 'Time'], ['tenantId', 'Tenant'], ['userName', 'User'], ['role', 'Role'], ['service', 'Service'],
  ['method', 'Method'], ['path', 'Path'], ['status', 'Status'], ['latencyMs', 'ms']];

export async function render(main, { user, query }) {
  const system = can.isSystem(user.role);
  const tenant = query.get('tenant') || '';
  const metering = h('section', { 'aria-labelledby': 'metering-heading' });
  const logs = h('section', { 'aria-labelledby': 'logs-heading' });
  const filter = system && h('form', { class: 'card inline', role: 'search' },
    field('Tenant id (empty: every tenant)', 'tenant', { value: tenant }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show')));
  if (filter) {
    filter.addEventListener('submit', (event) => {
      event.preventDefault();
      const chosen = values(filter).tenant.trim();
      location.hash = chosen ? `#/telemetry?tenant=${encodeURIComponent(chosen)}` : '#/telemetry';
    });
  }
  const suffix = tenant ? `tenant=${encodeURIComponent(tenant)}` : '';

  main.append(h('h1', { tabindex: '-1' }, 'Logs and metering'), filter, metering, logs);
  await Promise.all([
    get(`/metering${suffix ? `?${suffix}` : ''}`).then((answer) => {
      const rows = [];
      for (const [tenantId, usage] of Object.entries((answer && answer.tenants) || {})) {
        for (const [service, meters] of Object.entries(usage.services || {})) rows.push([tenantId, service, meters]);
        if (usage.total) rows.push([tenantId, 'total', usage.total]);
      }
      replace(metering, h('h2', { id: 'metering-heading' }, 'Metering'),
        h('div', { class: 'table-wrap' }, h('table', null,
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Tenant'), h('th', { scope: 'col' }, 'Service'),
            METERS.map(([, label]) => h('th', { scope: 'col', class: 'number' }, label)))),
          h('tbody', null, rows.map(([tenantId, service, meters]) => h('tr', { class: service === 'total' ? 'total' : null },
            h('td', null, h('code', null, tenantId)), h('td', null, service),
            METERS.map(([name]) => h('td', { class: 'number' }, String(meters[name] ?? 0)))))))));
    }, (error) => replace(metering, h('h2', { id: 'metering-heading' }, 'Metering'), errorBox(error, 'Reading the metering was refused'))),
    get(`/logs?limit=100${suffix ? `&${suffix}` : ''}`).then((answer) => {
      const entries = ((answer && answer.entries) || []).slice().reverse();
      replace(logs, h('h2', { id: 'logs-heading' }, 'Requests, newest first'),
        h('div', { class: 'table-wrap' }, h('table', { class: 'log' },
          h('thead', null, h('tr', null, LOG_COLUMNS.map(([, label]) => h('th', { scope: 'col' }, label)))),
          h('tbody', null, entries.map((entry) => h('tr', { class: entry.status >= 400 ? 'refused' : null },
            LOG_COLUMNS.map(([name]) => h('td', null, entry[name] === undefined ? '' : String(entry[name])))))))));
    }, (error) => replace(logs, h('h2', { id: 'logs-heading' }, 'Requests'), errorBox(error, 'Reading the logs was refused'))),
  ]);
}
