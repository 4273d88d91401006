import type { HttpMethod, Route, TwilioHost } from '../types';

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

export type RouteLookup =
  | { kind: 'found'; match: RouteMatch }
  | { kind: 'wrong-method'; pattern: string }
  | { kind: 'none' };

interface CompiledRoute {
  route: Route;
  regex: RegExp;
  names: string[];
}

/** `/Accounts/:AccountSid/Calls/:Sid.json` → a regex whose groups are the `:Name` segments. */
export function compilePattern(pattern: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = pattern
    .split(/(:[A-Za-z]+)/)
    .map((part) => {
      if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(part.slice(1));
      return '([^/]+?)';
    })
    .join('');
  return { regex: new RegExp(`^${source}$`), names };
}

/** Path segments are percent-decoded (Sync keys may hold any character); a malformed one matches nothing. */
function decodeParams(names: string[], m: RegExpExecArray): Record<string, string> | undefined {
  try {
    return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(m[i + 1])]));
  } catch {
    return undefined;
  }
}

export function createRouter(routes: Route[]) {
  const compiled: CompiledRoute[] = routes.map((route) => ({
    route,
    ...compilePattern(route.pattern),
  }));
  return {
    lookup(host: TwilioHost, method: HttpMethod, path: string): RouteLookup {
      let wrongMethod: string | undefined;
      for (const c of compiled) {
        if (c.route.host !== host) continue;
        const m = c.regex.exec(path);
        if (!m) continue;
        if (c.route.method !== method) {
          wrongMethod ??= c.route.pattern;
          continue;
        }
        const params = decodeParams(c.names, m);
        if (!params) continue;
        return { kind: 'found', match: { route: c.route, params } };
      }
      return wrongMethod ? { kind: 'wrong-method', pattern: wrongMethod } : { kind: 'none' };
    },
  };
}
