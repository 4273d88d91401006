// Mutations of a valid signed Usage Trigger delivery, as plain data (so fast-check prints and shrinks
// them), and how each turns the delivery into the request an attacker would send.
import fc from 'fast-check';
import { signTwilioRequest } from '../../support/twilio-signer';
import type { WireRequest } from './runtime-model';
import { signedParts, signingString } from './signed-content';
import { runtimeEvent } from './runtime-model';

export type Pair = [string, string];

/** The delivery before serialization: decoded pairs, where they travel, and how it is signed. */
export interface Draft {
  query: Pair[];
  body: Pair[];
  contentType: string | null;
  signature: SignatureChoice;
  headers: Record<string, string>;
  raw: RawEdit[];
}

export type SignatureChoice =
  | { kind: 'original' }
  /** The signer's own token over the original parameters and another URL (captured elsewhere). */
  | { kind: 'other-url'; url: string }
  /** A correct signature over exactly what is sent, made with a token that is not the victim's. */
  | { kind: 'token'; token: 'attacker' | 'parent' | 'wrong' }
  | {
      kind: 'garbage';
      edit: 'truncate' | 'case' | 'pad' | 'twice' | 'empty' | 'unpadded' | 'random';
      text: string;
    }
  | { kind: 'none' };

export type RawEdit = {
  where: 'query' | 'body';
  how:
    | 'pct-encode'
    | 'lower-hex'
    | 'plus-to-pct20'
    | 'double-encode'
    | 'bad-escape'
    | 'empty-pairs'
    | 'semicolons'
    | 'raw-utf8'
    | 'nul';
  at: number;
};

export type Tweak =
  | 'pad-end'
  | 'pad-start'
  | 'upper'
  | 'lower'
  | 'homoglyph'
  | 'zero-width'
  | 'nfd'
  | 'fullwidth'
  | 'append'
  | 'truncate'
  | 'digit';

export type Step =
  | { op: 'set'; name: string; value: string }
  | { op: 'tweak'; name: string; how: Tweak }
  | { op: 'drop'; name: string }
  | { op: 'add'; where: 'query' | 'body'; name: string; value: string }
  | { op: 'dup'; name: string; where: 'query' | 'body'; same: boolean; value: string }
  | { op: 'rename'; name: string; to: string }
  | { op: 'move'; name: string }
  | { op: 'shuffle'; seed: number }
  | { op: 'resplit'; boundary: number; shift: number }
  | { op: 'absorb'; index: number }
  | { op: 'content-type'; value: string | null }
  | { op: 'signature'; choice: SignatureChoice }
  | { op: 'raw'; edit: RawEdit }
  | { op: 'header'; name: string; value: string };

export interface Fixture {
  origin: string;
  /** Signing tokens the attacker may hold (its own subaccount's) or guess. */
  tokens: { attacker: string; parent: string; wrong: string };
  /** SIDs worth swapping in. */
  sids: string[];
  /** Names of the delivery's parameters (for picking which one to mutate). */
  names: string[];
}

const INTERESTING = [
  '',
  ' ',
  'trip',
  'warn',
  'TRIP',
  'Trip',
  'trip ',
  'trip\u0000',
  'trip%00',
  '0',
  '-1',
  '1e308',
  'NaN',
  'Infinity',
  '9999999999999999',
  'null',
  'undefined',
  '[object Object]',
  '{"a":1}',
  'Wed, 15 Jan 2099 11:59:00 +0000',
  'Thu, 01 Jan 1970 00:00:00 +0000',
  '2025-01-15T11:59:00Z',
  '<script>alert(1)</script>',
  '\r\nX-Injected: 1',
  '../../etc/passwd',
  '%s%s%s',
  '\u202e',
  '𝒕𝒓𝒊𝒑',
  'daily',
  'monthly',
  'count',
  'price',
  'totalprice',
];

const NAMES = [
  'tier',
  'Tier',
  'TIER',
  'tier ',
  ' tier',
  'tier[]',
  'tier[0]',
  'tier[a]',
  'AccountSid[]',
  'AccountSid[0]',
  'accountsid',
  'ACCOUNTSID',
  'AccountSid\u200b',
  'cookies',
  'request',
  'request[headers][x-twilio-signature]',
  'request[headers][host]',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '',
  '=',
  '&',
  'DateFired ',
  'IdempotencyToken2',
];

function otherUrls(origin: string): string[] {
  const { protocol, host, hostname, port } = new URL(origin);
  const other = protocol === 'https:' ? 'http:' : 'https:';
  const defaultPort = protocol === 'https:' ? '443' : '80';
  return [
    // The same URL with the default port written out: the same signed content.
    ...(port === '' ? [`${protocol}//${hostname}:${defaultPort}/breaker?tier=warn`] : []),
    `${other}//${host}/breaker?tier=warn`,
    `${protocol}//${hostname}:8443/breaker?tier=warn`,
    `${protocol}//${host}/breaker/?tier=warn`,
    `${protocol}//${host}/Breaker?tier=warn`,
    `${protocol}//${host.toUpperCase()}/breaker?tier=warn`,
    `${protocol}//${host}/breaker?tier=warn&x=1`,
    `${protocol}//${host}/breaker`,
    `${protocol}//${host}/breaker?tier=warn#f`,
    'https://breaker-9999-dev.twil.io/breaker?tier=warn',
  ];
}

export function stepArbitrary(fixture: Fixture): fc.Arbitrary<Step> {
  const name = fc.constantFrom(...fixture.names, 'tier');
  const value = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...INTERESTING, ...fixture.sids) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 24 }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(1025, 4096, 20_000), fc.constantFrom('A', 'é', '𝄞', '%', '&'))
        .map(([n, c]) => c.repeat(n)),
    },
  );
  const anyName = fc.oneof(name, fc.constantFrom(...NAMES), fc.string({ maxLength: 12 }));
  const where = fc.constantFrom('query' as const, 'body' as const);
  const signature: fc.Arbitrary<SignatureChoice> = fc.oneof(
    fc.constant({ kind: 'original' as const }),
    fc
      .constantFrom(...otherUrls(fixture.origin))
      .map((url) => ({ kind: 'other-url' as const, url })),
    fc
      .constantFrom('attacker' as const, 'parent' as const, 'wrong' as const)
      .map((token) => ({ kind: 'token' as const, token })),
    fc
      .record({
        edit: fc.constantFrom(
          'truncate' as const,
          'case' as const,
          'pad' as const,
          'twice' as const,
          'empty' as const,
          'unpadded' as const,
          'random' as const,
        ),
        text: fc.base64String({ minLength: 4, maxLength: 40 }),
      })
      .map((g) => ({ kind: 'garbage' as const, ...g })),
    fc.constant({ kind: 'none' as const }),
  );
  const raw: fc.Arbitrary<RawEdit> = fc.record({
    where,
    how: fc.constantFrom(
      'pct-encode' as const,
      'lower-hex' as const,
      'plus-to-pct20' as const,
      'double-encode' as const,
      'bad-escape' as const,
      'empty-pairs' as const,
      'semicolons' as const,
      'raw-utf8' as const,
      'nul' as const,
    ),
    at: fc.nat(10_000),
  });
  const tweak = fc.constantFrom<Tweak>(
    'pad-end',
    'pad-start',
    'upper',
    'lower',
    'homoglyph',
    'zero-width',
    'nfd',
    'fullwidth',
    'append',
    'truncate',
    'digit',
  );
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant('set' as const), name, value }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('tweak' as const), name, how: tweak }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('drop' as const), name }) },
    {
      weight: 2,
      arbitrary: fc.record({ op: fc.constant('add' as const), where, name: anyName, value }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant('dup' as const),
        name,
        where,
        same: fc.boolean(),
        value,
      }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('rename' as const), name, to: anyName }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('move' as const), name }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('shuffle' as const), seed: fc.nat() }) },
    {
      weight: 3,
      arbitrary: fc.record({
        op: fc.constant('resplit' as const),
        boundary: fc.nat(40),
        shift: fc.integer({ min: -6, max: 6 }).filter((n) => n !== 0),
      }),
    },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('absorb' as const), index: fc.nat(20) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('content-type' as const),
        value: fc.constantFrom(
          null,
          'application/x-www-form-urlencoded; charset=utf-8',
          'application/x-www-form-urlencoded; charset=latin1',
          'APPLICATION/X-WWW-FORM-URLENCODED',
          'application/json',
          'text/plain',
          'multipart/form-data; boundary=x',
        ),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({ op: fc.constant('signature' as const), choice: signature }),
    },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('raw' as const), edit: raw }) },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('header' as const),
        name: fc.constantFrom(
          'host',
          'x-forwarded-host',
          'x-forwarded-proto',
          'X-Twilio-Signature',
        ),
        value: fc.constantFrom('evil.example', '127.0.0.1:1', 'http', 'https', 'x'),
      }),
    },
  );
}

// ---- applying steps ------------------------------------------------------------------------

const HOMOGLYPHS: Record<string, string> = {
  A: 'А',
  C: 'С',
  a: 'а',
  c: 'с',
  e: 'е',
  p: 'р',
  i: 'і',
};

function tweakValue(value: string, how: Tweak): string {
  switch (how) {
    case 'pad-end':
      return `${value} `;
    case 'pad-start':
      return ` ${value}`;
    case 'upper':
      return value.toUpperCase();
    case 'lower':
      return value.toLowerCase();
    case 'homoglyph':
      return value.replace(/[ACacepi]/, (c) => HOMOGLYPHS[c]);
    case 'zero-width':
      return `${value.slice(0, 1)}\u200b${value.slice(1)}`;
    case 'nfd':
      return `${value}é`.normalize('NFD');
    case 'fullwidth':
      return value.replace(/[0-9]/, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    case 'append':
      return `${value}0`;
    case 'truncate':
      return value.slice(0, -1);
    case 'digit':
      return value.replace(/[0-9]/, (d) => String((Number(d) + 1) % 10));
  }
}

const where = (draft: Draft, name: string): 'query' | 'body' =>
  draft.query.some(([n]) => n === name) ? 'query' : 'body';

function mapPairs(draft: Draft, name: string, f: (value: string) => string): Draft {
  const side = where(draft, name);
  return { ...draft, [side]: draft[side].map(([n, v]): Pair => (n === name ? [n, f(v)] : [n, v])) };
}

function seededShuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed || 1;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Moves `shift` characters across one boundary of the signing string (name|value|name|…). */
function resplit(pairs: Pair[], boundary: number, shift: number): Pair[] {
  const sorted = [...pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const parts = sorted.flat();
  if (parts.length < 2) return pairs;
  const b = boundary % (parts.length - 1);
  if (shift > 0) {
    const moved = parts[b + 1].slice(0, shift);
    parts[b] += moved;
    parts[b + 1] = parts[b + 1].slice(moved.length);
  } else {
    const keep = Math.max(0, parts[b].length + shift);
    parts[b + 1] = parts[b].slice(keep) + parts[b + 1];
    parts[b] = parts[b].slice(0, keep);
  }
  const out: Pair[] = [];
  for (let i = 0; i < parts.length; i += 2) out.push([parts[i], parts[i + 1]]);
  return out;
}

/** Folds the next pair (in signing order) into a value: `v1` + `k2` + `v2`; same signing string. */
function absorb(pairs: Pair[], index: number): Pair[] {
  const sorted = [...pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (sorted.length < 2) return pairs;
  const i = index % (sorted.length - 1);
  const [[k1, v1], [k2, v2]] = [sorted[i], sorted[i + 1]];
  return [...sorted.slice(0, i), [k1, v1 + k2 + v2], ...sorted.slice(i + 2)];
}

export function applyStep(draft: Draft, step: Step): Draft {
  switch (step.op) {
    case 'set':
      if (![...draft.query, ...draft.body].some(([n]) => n === step.name)) {
        return { ...draft, body: [...draft.body, [step.name, step.value]] };
      }
      return mapPairs(draft, step.name, () => step.value);
    case 'tweak':
      return mapPairs(draft, step.name, (v) => tweakValue(v, step.how));
    case 'drop':
      return {
        ...draft,
        query: draft.query.filter(([n]) => n !== step.name),
        body: draft.body.filter(([n]) => n !== step.name),
      };
    case 'add':
      return { ...draft, [step.where]: [...draft[step.where], [step.name, step.value]] };
    case 'dup': {
      const current = [...draft.query, ...draft.body].find(([n]) => n === step.name);
      const copy: Pair = [step.name, step.same && current ? current[1] : step.value];
      return { ...draft, [step.where]: [...draft[step.where], copy] };
    }
    case 'rename': {
      const side = where(draft, step.name);
      const renamed = draft[side].map(([n, v]): Pair => (n === step.name ? [step.to, v] : [n, v]));
      return { ...draft, [side]: renamed };
    }
    case 'move': {
      const from = where(draft, step.name);
      const to = from === 'query' ? 'body' : 'query';
      const moving = draft[from].filter(([n]) => n === step.name);
      return {
        ...draft,
        [from]: draft[from].filter(([n]) => n !== step.name),
        [to]: [...draft[to], ...moving],
      };
    }
    case 'shuffle':
      return { ...draft, body: seededShuffle(draft.body, step.seed) };
    case 'resplit':
      return { ...draft, body: resplit(draft.body, step.boundary, step.shift) };
    case 'absorb':
      return { ...draft, body: absorb(draft.body, step.index) };
    case 'content-type':
      return { ...draft, contentType: step.value };
    case 'signature':
      return { ...draft, signature: step.choice };
    case 'raw':
      return { ...draft, raw: [...draft.raw, step.edit] };
    case 'header':
      return { ...draft, headers: { ...draft.headers, [step.name]: step.value } };
  }
}

// ---- serializing --------------------------------------------------------------------------

function rawEdit(text: string, edit: RawEdit): string {
  if (text.length === 0) return text;
  const at = edit.at % text.length;
  switch (edit.how) {
    case 'pct-encode': {
      // An unreserved character written as %XX: the same decoded text.
      const i = text.slice(at).search(/[A-Za-z0-9]/);
      if (i < 0) return text;
      const c = text[at + i];
      const hex = c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');
      return `${text.slice(0, at + i)}%${hex}${text.slice(at + i + 1)}`;
    }
    case 'lower-hex':
      return text.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
    case 'plus-to-pct20':
      return text.replace(/\+/g, '%20');
    case 'double-encode':
      return text.replace(/%/, '%25');
    case 'bad-escape':
      return `${text.slice(0, at)}%zz${text.slice(at)}`;
    case 'empty-pairs':
      return `&${text.slice(0, at)}${text.slice(at).replace('&', '&&')}&`;
    case 'semicolons':
      return text.replace('&', ';');
    case 'raw-utf8':
      return `${text.slice(0, at)}é${text.slice(at)}`;
    case 'nul':
      return `${text.slice(0, at)}%00${text.slice(at)}`;
  }
}

const encode = (pairs: Pair[]) => new URLSearchParams(pairs).toString();

function garbage(original: string, choice: Extract<SignatureChoice, { kind: 'garbage' }>): string {
  switch (choice.edit) {
    case 'truncate':
      return original.slice(0, -2);
    case 'case':
      return original.replace(/[a-z]/, (c) => c.toUpperCase());
    case 'pad':
      return ` ${original} `;
    case 'twice':
      return `${original}, ${original}`;
    case 'empty':
      return '';
    case 'unpadded':
      return original.replace(/=+$/, '');
    case 'random':
      return choice.text;
  }
}

export interface SignedOriginal {
  url: string;
  params: Record<string, string>;
  signature: string;
  /** The token of the account that signed it (Twilio's secret, never the attacker's). */
  token: string;
}

/** The request a draft stands for, signed as its signature choice says. */
export function toWire(draft: Draft, original: SignedOriginal, fixture: Fixture): WireRequest {
  let query = encode(draft.query);
  let body = encode(draft.body);
  for (const edit of draft.raw) {
    if (edit.where === 'query') query = rawEdit(query, edit);
    else body = rawEdit(body, edit);
  }
  const headers: Record<string, string> = { ...draft.headers };
  if (draft.contentType !== null) headers['content-type'] = draft.contentType;
  const choice = draft.signature;
  let signature: string | null;
  switch (choice.kind) {
    case 'original':
      signature = original.signature;
      break;
    case 'other-url':
      signature = signTwilioRequest(original.token, choice.url, original.params);
      break;
    case 'token': {
      // The strongest forgery: exactly what the breaker will check, signed with a wrong key.
      const outcome = runtimeEvent({ query, body, headers });
      const parts = outcome.kind === 'event' ? signedParts(fixture.origin, outcome.event) : null;
      signature = signTwilioRequest(
        fixture.tokens[choice.token],
        parts?.url ?? original.url,
        parts?.params ?? original.params,
      );
      break;
    }
    case 'garbage':
      signature = garbage(original.signature, choice);
      break;
    case 'none':
      signature = null;
  }
  // A 'header' step may add a second X-Twilio-Signature (other case): the runtime keeps both.
  if (signature !== null) headers['x-twilio-signature'] = signature;
  return { query, body, headers };
}

/** The signing string the presented signature was made over with the signer's token, if any. */
export function victimSignedString(draft: Draft, original: SignedOriginal): string | null {
  const choice = draft.signature;
  if (draft.headers['X-Twilio-Signature'] !== undefined) return null;
  // HTTP trims a header value, so a padded copy of the original signature arrives as the original.
  const originalArrives =
    choice.kind === 'original' || (choice.kind === 'garbage' && choice.edit === 'pad');
  if (originalArrives) return signingString(original);
  if (choice.kind === 'other-url')
    return signingString({ url: choice.url, params: original.params });
  return null;
}

export function baseDraft(original: SignedOriginal): Draft {
  const url = new URL(original.url);
  return {
    query: [...url.searchParams.entries()],
    body: Object.entries(original.params),
    contentType: 'application/x-www-form-urlencoded',
    signature: { kind: 'original' },
    headers: {},
    raw: [],
  };
}
