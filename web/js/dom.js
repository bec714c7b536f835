// Builds the page from values. Text is always set as text (a text node or textContent), never
// parsed as HTML: a tenant's product named <img src=x onerror=...> shows as those characters.
// No file of the client uses innerHTML, outerHTML, insertAdjacentHTML or document.write.

/** Properties set as properties (an input's current value), not as attributes. */
const PROPERTIES = new Set(['value', 'checked', 'disabled', 'selected', 'readOnly', 'required']);

/**
 * An element: `h('button', {type: 'button', on: {click}}, 'Save')`.
 * Props: `class`, `on` (event listeners), `dataset`, the PROPERTIES above, any other attribute
 * (true sets it empty; false, null and undefined leave it out). Children: nodes, strings,
 * numbers, arrays of them; null and false are skipped.
 */
export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'on') {
      for (const [event, listener] of Object.entries(value)) element.addEventListener(event, listener);
    } else if (key === 'class') {
      element.className = value;
    } else if (key === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (PROPERTIES.has(key)) {
      element[key] = value;
    } else if (/^on/i.test(key)) {
      throw new Error(`event handlers go in "on", not the attribute ${key}`);
    } else {
      element.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

/** Appends children as `h` takes them. */
export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Empties `element` and fills it with `children`. */
export function replace(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}

let nextId = 0;

/**
 * A labelled form field: a label bound to its control by id, so a screen reader names it and
 * clicking the label focuses it. `options` makes a select ([value, label] pairs or values).
 */
export function field(label, name, { type = 'text', value = '', required = false, options, hint, rows, ...rest } = {}) {
  const id = `field-${name}-${++nextId}`;
  let control;
  if (options) {
    control = h('select', { id, name, required },
      options.map((option) => {
        const [optionValue, optionLabel] = Array.isArray(option) ? option : [option, option];
        return h('option', { value: optionValue, selected: String(optionValue) === String(value ?? '') }, optionLabel);
      }));
  } else if (rows) {
    control = h('textarea', { id, name, rows, required, spellcheck: 'false', ...rest });
    control.value = value ?? '';
  } else {
    control = h('input', { id, name, type, value: value ?? '', required, ...rest });
  }
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint && h('small', { id: hintId }, hint));
}

/** A form's fields as an object of strings, by name. */
export function values(form) {
  const result = {};
  for (const control of form.elements) {
    if (control.name) result[control.name] = control.value;
  }
  return result;
}

/** A status line the page updates in place (announced politely to screen readers). */
export function status() {
  return h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
}

/**
 * A button that asks again before it acts: the first press turns it into "Confirm …", the
 * second calls `action`. Keyboard-friendly where window.confirm would block the page.
 */
export function confirmButton(label, action, { confirmLabel = `Confirm ${label.toLowerCase()}` } = {}) {
  let armed = false;
  const button = h('button', {
    type: 'button', class: 'danger',
    on: {
      click: async () => {
        if (!armed) {
          armed = true;
          button.textContent = confirmLabel;
          button.classList.add('armed');
          return;
        }
        button.disabled = true;
        try { await action(); } finally { button.disabled = false; }
      },
      blur: () => {
        armed = false;
        button.textContent = label;
        button.classList.remove('armed');
      },
    },
  }, label);
  return button;
}
