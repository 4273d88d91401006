// The signed-in admin: the Authorization header value and the username, in this tab's
// sessionStorage only (gone when the tab closes; never a cookie, so nothing is sent implicitly).
const KEY = 'breaker-admin-session';

export function loadSession() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    if (saved && typeof saved.authorization === 'string' && typeof saved.username === 'string') {
      return saved;
    }
  } catch {
    // Unreadable or blocked storage: sign in again.
  }
  return null;
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
