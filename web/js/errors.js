// What a refusal looks like on the page: the platform's error name and message, and for an
// AccessDenied the caller, action and resource pulled out of IAM's sentence with IAM's
// explanation of which statement came closest, so a participant can read why.
import { h } from './dom.js';

const ACCESS_DENIED = /^User: (\S+) is not authorized to perform: (\S+) on resource: (\S+?)(?: because (.*))?$/s;

/** An alert box for `error` (an ApiError or any Error). */
export function errorBox(error, doing) {
  const name = error.error || error.name || 'Error';
  const status = error.status ? ` (HTTP ${error.status})` : '';
  const denied = ACCESS_DENIED.exec(error.message || '');
  return h('div', { class: 'error', role: 'alert', dataset: { error: name } },
    h('p', { class: 'error-title' }, doing ? `${doing}: ` : '', h('strong', null, name), status),
    denied
      ? h('dl', { class: 'denied' },
        h('dt', null, 'Who'), h('dd', null, h('code', null, denied[1])),
        h('dt', null, 'Asked for'), h('dd', null, h('code', null, denied[2])),
        h('dt', null, 'On'), h('dd', null, h('code', null, denied[3])),
        denied[4] && [h('dt', null, 'Because'), h('dd', null, denied[4])])
      : h('p', { class: 'error-message' }, error.message || ''),
    error.explanation && h('div', { class: 'explanation' },
      h('p', null, h('strong', null, 'IAM explains: '), 'the statement that came closest to allowing it, and what it lacked'),
      h('pre', null, error.explanation)));
}
