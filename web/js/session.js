// The signed-in user: the ID token POST /auth returned, kept in sessionStorage (never a
// cookie, so no other site's request can carry it, and it ends with the tab).

const KEY = 'saaslab.idToken';

/** Decodes a JWT's payload (base64url JSON, UTF-8) without verifying it: the app verifies. */
export function claimsOf(token) {
  const part = token.split('.')[1] || '';
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (part.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** The ID token, or null when nobody is signed in or the token has expired. */
export function token() {
  const stored = sessionStorage.getItem(KEY);
  if (!stored) return null;
  try {
    const { exp } = claimsOf(stored);
    if (typeof exp === 'number' && exp * 1000 <= Date.now()) {
      sessionStorage.removeItem(KEY);
      return null;
    }
    return stored;
  } catch {
    sessionStorage.removeItem(KEY);
    return null;
  }
}

/** Who is signed in, from the token's claims; null when nobody is. */
export function user() {
  const current = token();
  if (!current) return null;
  const claims = claimsOf(current);
  return {
    userName: claims['cognito:username'] || claims.email || '',
    tenantId: claims['custom:tenant_id'] || '',
    role: claims['custom:role'] || '',
    email: claims.email || '',
    name: [claims.given_name, claims.family_name].filter(Boolean).join(' '),
  };
}

export function signIn(idToken) {
  sessionStorage.setItem(KEY, idToken);
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

/** What each role may do in the client; the app and IAM decide in the end. */
export const can = {
  manageUsers: (role) => role === 'TenantAdmin' || role === 'SystemAdmin',
  listTenants: (role) => role === 'SystemAdmin' || role === 'SystemUser',
  manageTenants: (role) => role === 'SystemAdmin',
  editOwnTenant: (role) => role === 'TenantAdmin',
  writeProducts: (role) => role === 'TenantAdmin' || role === 'SystemAdmin',
  writeOrders: (role) => role !== 'SystemUser',
  changeSettings: (role) => role === 'SystemAdmin',
  isSystem: (role) => role === 'SystemAdmin' || role === 'SystemUser',
};
