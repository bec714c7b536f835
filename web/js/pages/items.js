// Products and orders: list, add, edit, delete, through the product and order services. Each
// row names the tenant whose partition it came from, so an item of another tenant (the
// cross-tenant injection at work) stands out; a refusal shows IAM's explanation.
import { h, field, values, replace, confirmButton, status } from '../dom.js';
import { get, post, put, del, segment } from '../api.js';
import { errorBox } from '../errors.js';
import { can } from '../session.js';

const PRODUCT_FIELDS = [
  { name: 'title', label: 'Title', required: true },
  { name: 'sku', label: 'SKU' },
  { name: 'description', label: 'Description' },
  { name: 'condition', label: 'Condition', options: ['New', 'Used', 'Refurbished'] },
  { name: 'conditionDescription', label: 'Condition notes' },
  { name: 'numberInStock', label: 'In stock', type: 'number', min: '0', step: '1' },
  { name: 'unitCost', label: 'Unit cost', type: 'number', min: '0', step: '0.01' },
];

const ORDER_FIELDS = [
  { name: 'productId', label: 'Product', products: true, required: true },
  { name: 'quantity', label: 'Quantity', type: 'number', min: '1', step: '1', required: true },
  { name: 'unitCost', label: 'Unit cost', type: 'number', min: '0', step: '0.01' },
  { name: 'orderedBy', label: 'Ordered by' },
];

export const products = {
  title: 'Products', noun: 'product', list: '/products', item: '/product', id: 'product_id',
  fields: PRODUCT_FIELDS, canWrite: can.writeProducts,
};

export const orders = {
  title: 'Orders', noun: 'order', list: '/orders', item: '/order', id: 'order_id',
  fields: ORDER_FIELDS, canWrite: can.writeOrders,
};

/** The page for `kind` (products or orders). */
export function page(kind) {
  return { title: kind.title, render: (main, context) => render(kind, main, context) };
}

async function render(kind, main, { user }) {
  const writable = kind.canWrite(user.role);
  const messages = h('div', { class: 'messages' });
  const line = status();
  const listing = h('div', { class: 'listing' });
  let productChoices = [];
  let editing = null;

  const form = h('form', { class: 'card', 'aria-label': `${kind.noun} form` });
  const fillForm = (item) => {
    editing = item;
    replace(form,
      h('h2', null, item ? `Edit ${kind.noun}` : `Add a ${kind.noun}`),
      h('div', { class: 'grid' }, kind.fields.map((spec) => field(spec.label, spec.name, {
        type: spec.type, required: spec.required, min: spec.min, step: spec.step,
        value: item ? item[spec.name] : '',
        options: spec.options || (spec.products ? [['', '(choose a product)'], ...productChoices] : undefined),
      }))),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'primary' }, item ? 'Save changes' : `Add ${kind.noun}`),
        item && h('button', { type: 'button', on: { click: () => fillForm(null) } }, 'Cancel')));
  };

  const itemFrom = (entered) => {
    const item = editing ? { ...editing } : {};
    for (const spec of kind.fields) {
      const value = entered[spec.name];
      if (spec.type === 'number') {
        if (value === '') delete item[spec.name]; else item[spec.name] = Number(value);
      } else if (value === '' && !editing) {
        delete item[spec.name];
      } else {
        item[spec.name] = value;
      }
    }
    return item;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const item = itemFrom(values(form));
    try {
      if (editing) {
        await put(kind.item, item);
        line.textContent = `Saved ${kind.noun} ${item[kind.id]}.`;
      } else {
        const created = await post(kind.item, item);
        line.textContent = `Added ${kind.noun} ${created[kind.id]}.`;
      }
      replace(messages);
      fillForm(null);
      await load();
    } catch (error) {
      replace(messages, errorBox(error, editing ? `Saving the ${kind.noun} was refused` : `Adding the ${kind.noun} was refused`));
    }
  });

  const columns = [...kind.fields.map((spec) => [spec.name, spec.label]), ['tenant_id', 'Tenant'], [kind.id, 'Id']];

  const row = (item) => {
    const foreign = item.tenant_id && item.tenant_id !== user.tenantId;
    return h('tr', { class: foreign ? 'foreign' : null, dataset: { id: item[kind.id] || '' } },
      columns.map(([name]) => h('td', { dataset: { column: name }, class: name === 'tenant_id' || name === kind.id ? 'id' : null },
        name === 'productId' ? productTitle(item[name]) : format(item[name]),
        name === 'tenant_id' && foreign ? h('span', { class: 'badge' }, 'another tenant') : null)),
      writable && h('td', { class: 'row-actions' },
        h('button', { type: 'button', on: { click: () => { fillForm(item); form.querySelector('input, select').focus(); } } }, 'Edit'),
        confirmButton('Delete', async () => {
          try {
            await del(`${kind.item}/${segment(item[kind.id])}`);
            line.textContent = `Deleted ${kind.noun} ${item[kind.id]}.`;
            replace(messages);
            await load();
          } catch (error) {
            replace(messages, errorBox(error, `Deleting the ${kind.noun} was refused`));
          }
        })));
  };

  const productTitle = (id) => {
    const found = productChoices.find(([value]) => value === id);
    return found ? found[1] : format(id);
  };

  async function load() {
    try {
      const items = await get(kind.list);
      const list = Array.isArray(items) ? items : [];
      const foreign = list.filter((item) => item.tenant_id && item.tenant_id !== user.tenantId).length;
      replace(listing, list.length === 0
        ? h('p', { class: 'empty' }, `No ${kind.noun}s yet.`)
        : [foreign > 0 && h('p', { class: 'notice breach', role: 'status' },
          `${foreign} of these ${kind.noun}s belong to another tenant: the ${kind.noun} service did not keep tenants apart.`),
        h('div', { class: 'table-wrap' }, h('table', null,
          h('caption', null, `${list.length} ${kind.noun}${list.length === 1 ? '' : 's'}`),
          h('thead', null, h('tr', null, columns.map(([, label]) => h('th', { scope: 'col' }, label)),
            writable && h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
          h('tbody', null, list.map(row))))]);
    } catch (error) {
      replace(listing, errorBox(error, `Listing ${kind.noun}s was refused`));
    }
  }

  if (kind.fields.some((spec) => spec.products)) {
    try {
      const found = await get('/products');
      productChoices = (Array.isArray(found) ? found : []).map((product) => [product.product_id, product.title || product.product_id]);
    } catch {
      productChoices = [];
    }
  }
  fillForm(null);
  main.append(h('h1', { tabindex: '-1' }, kind.title), messages, line, listing, writable && form);
  await load();
}

function format(value) {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
