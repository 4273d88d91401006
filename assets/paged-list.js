// A list read from the admin API a page at a time, as the events and coverage tabs show theirs:
// a first page, then "more" appends the next one. A newer load makes an older one's answer moot,
// so a slow page never overwrites what a later click asked for.

/**
 * fetchPage(cursor) → a page; itemsOf(page) → its items; render() runs after each page; status
 * shows "Loading…" meanwhile; onError(error) gets what failed.
 */
export function createPagedList({ fetchPage, itemsOf, status, render, onError }) {
  let items = [];
  let nextCursor = null;
  let loading = 0;

  async function load({ append }) {
    const ticket = ++loading;
    status.textContent = 'Loading…';
    try {
      const page = await fetchPage(append ? nextCursor : undefined);
      if (ticket !== loading) return;
      items = append ? [...items, ...(itemsOf(page) || [])] : itemsOf(page) || [];
      nextCursor = page.nextCursor || null;
      render();
    } catch (error) {
      if (ticket !== loading) return;
      status.textContent = '';
      onError(error);
    }
  }

  return {
    load,
    items: () => items,
    hasMore: () => nextCursor !== null,
    /** Forgets everything, and the answer of any load still on its way. */
    clear() {
      loading += 1;
      items = [];
      nextCursor = null;
    },
  };
}
