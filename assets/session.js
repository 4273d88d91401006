// The signed-in admin: the Authorization header value (a short-lived session token, or the password
// while the service runs password-only), the username, when the session ends, and the service's
// warning when two-factor sign-in is off. In this tab's sessionStorage only (gone when the tab
// closes; never a cookie, so nothing is sent implicitly). Signing out forgets it.
const KEY = 'breaker-admin-session';

export function loadSession() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    if (saved && typeof saved.authorization === 'string' && typeof saved.username === 'string') {
      return {
        username: saved.username,
        authorization: saved.authorization,
        expiresAt: typeof saved.expiresAt === 'string' ? saved.expiresAt : null,
        warning: typeof saved.warning === 'string' ? saved.warning : null,
      };
    }
  } catch {
    // Unreadable or blocked storage: sign in again.
  }
  return null;
}

/** Milliseconds until the session ends; Infinity for a password-only one (no expiry). */
export function sessionTimeLeft(session, now = Date.now()) {
  if (!session.expiresAt) return Infinity;
  const end = new Date(session.expiresAt).getTime();
  return Number.isNaN(end) ? 0 : end - now;
}

export function saveSession(session) {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(session));
  } catch {
    // Storage blocked: the session lives in memory until the page reloads.
  }
}

export function clearSession() {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing stored.
  }
}
