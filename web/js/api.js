// The app's REST API, on this origin, with the signed-in user's ID token as the bearer token.
import * as session from './session.js';

/** An answer other than 2xx: the app's {error, message[, explanation]} body, or a stand-in. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body.message || `HTTP ${status}`);
    this.status = status;
    this.error = body.error || `HTTP ${status}`;
    this.explanation = body.explanation || null;
  }
}

/** Called when the app answers 401 to a signed-in request: the session is over. */
let onSessionEnded = () => {};
export function whenSessionEnds(handler) {
  onSessionEnded = handler;
}

/** One request; resolves to the parsed JSON body, rejects with an ApiError. */
export async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit', cache: 'no-store', redirect: 'error',
    });
  } catch {
    throw new ApiError(0, { error: 'Unreachable', message: 'The app did not answer: is saaslab serve still running?' });
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { error: `HTTP ${response.status}`, message: text.slice(0, 300) };
  }
  if (!response.ok) {
    const error = new ApiError(response.status, data && typeof data === 'object' ? data : {});
    if (response.status === 401 && token) onSessionEnded(error);
    throw error;
  }
  return data;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body);
export const put = (path, body) => call('PUT', path, body);
export const del = (path) => call('DELETE', path);

/** A path segment from a value: `/product/${segment(id)}`. */
export const segment = (value) => encodeURIComponent(String(value));
