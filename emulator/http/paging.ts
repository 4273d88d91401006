import type { EmulatorRequest, EmulatorResponse } from '../types';
import { TwilioApiError } from './twilio-error';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

/** What a list handler may page over: an array, or a lazy view of a large ordered collection. */
export interface Sliceable<T> {
  readonly length: number;
  slice(start: number, end: number): T[];
}

interface PageWindow<T> {
  items: T[];
  page: number;
  pageSize: number;
  start: number;
  hasNext: boolean;
}

// PageToken carries the offset of the page's first item, so following next_page_uri stays correct
// even when the caller changes nothing but the token (as twilio-node's `each` does).
function windowOf<T>(req: EmulatorRequest, all: Sliceable<T>): PageWindow<T> {
  const pageSize = Number(req.query.get('PageSize') ?? DEFAULT_PAGE_SIZE);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new TwilioApiError(400, 20001, `PageSize must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  const page = Number(req.query.get('Page') ?? 0);
  const token = req.query.get('PageToken');
  const start = token ? Number(token.replace(/^PT/, '')) : page * pageSize;
  if (!Number.isInteger(page) || page < 0 || !Number.isInteger(start) || start < 0) {
    throw new TwilioApiError(400, 20001, 'Invalid Page or PageToken');
  }
  const items = all.slice(start, start + pageSize);
  return { items, page, pageSize, start, hasNext: start + pageSize < all.length };
}

function uriWith(req: EmulatorRequest, changes: Record<string, string | null>): string {
  const query = new URLSearchParams(req.query);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) query.delete(name);
    else query.set(name, value);
  }
  const qs = query.toString();
  return qs ? `${req.path}?${qs}` : req.path;
}

/** The 2010-04-01 API's list envelope: relative `*_page_uri` fields beside the items. */
export function pageV2010<T>(
  req: EmulatorRequest,
  key: string,
  all: Sliceable<T>,
): EmulatorResponse {
  const w = windowOf(req, all);
  const size = String(w.pageSize);
  return {
    status: 200,
    body: {
      [key]: w.items,
      end: w.start + Math.max(w.items.length - 1, 0),
      first_page_uri: uriWith(req, { PageSize: size, Page: '0', PageToken: null }),
      next_page_uri: w.hasNext
        ? uriWith(req, {
            PageSize: size,
            Page: String(w.page + 1),
            PageToken: `PT${w.start + w.pageSize}`,
          })
        : null,
      page: w.page,
      page_size: w.pageSize,
      previous_page_uri:
        w.page > 0
          ? uriWith(req, {
              PageSize: size,
              Page: String(w.page - 1),
              PageToken: `PT${Math.max(w.start - w.pageSize, 0)}`,
            })
          : null,
      start: w.start,
      // Twilio writes the page's own address with its PageSize and Page, so on page 0 it equals
      // first_page_uri (the examples in twilio_api_v2010.json).
      uri: uriWith(req, { PageSize: size, Page: String(w.page) }),
    },
  };
}

/** The v1 APIs' (Sync, Verify) list envelope: absolute URLs in `meta`. */
export function pageV1<T>(req: EmulatorRequest, key: string, all: Sliceable<T>): EmulatorResponse {
  const w = windowOf(req, all);
  const size = String(w.pageSize);
  const url = (changes: Record<string, string | null>) =>
    `https://${req.host}${uriWith(req, changes)}`;
  return {
    status: 200,
    body: {
      [key]: w.items,
      meta: {
        page: w.page,
        page_size: w.pageSize,
        first_page_url: url({ PageSize: size, Page: '0', PageToken: null }),
        previous_page_url:
          w.page > 0
            ? url({
                PageSize: size,
                Page: String(w.page - 1),
                PageToken: `PT${Math.max(w.start - w.pageSize, 0)}`,
              })
            : null,
        url: url({ PageSize: size, Page: String(w.page) }),
        next_page_url: w.hasNext
          ? url({
              PageSize: size,
              Page: String(w.page + 1),
              PageToken: `PT${w.start + w.pageSize}`,
            })
          : null,
        key,
      },
    },
  };
}
