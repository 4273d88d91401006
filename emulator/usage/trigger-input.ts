import { invalidParameter, missingParameter } from '../http/twilio-error';
import { RECURRING_VALUES, type Recurring } from './period-key';
import { isUsageCategory } from './usage-categories';
import type { TriggerBy } from './usage-ledger';

export const TRIGGER_BY_VALUES: readonly TriggerBy[] = ['count', 'usage', 'price'];
const CALLBACK_METHODS = ['GET', 'POST'] as const;
export type CallbackMethod = (typeof CALLBACK_METHODS)[number];

const MAX_FRIENDLY_NAME = 64;
const TRIGGER_VALUE_SHAPE = /^\+?\d+(\.\d+)?$/;

/** What a create form sets and the stored trigger keeps as given (its value is resolved apart). */
export interface TriggerSettings {
  callbackUrl: string;
  callbackMethod: CallbackMethod;
  friendlyName: string;
  recurring: Recurring;
  triggerBy: TriggerBy;
  usageCategory: string;
}

export interface CreateTriggerInput extends TriggerSettings {
  /** The threshold as given: a number, or `+N` for "N above the current value". */
  triggerValue: { offset: boolean; amount: number };
}

export type UpdateTriggerInput = Partial<
  Pick<CreateTriggerInput, 'callbackUrl' | 'callbackMethod' | 'friendlyName'>
>;

export interface TriggerFilters {
  recurring?: Recurring;
  triggerBy?: TriggerBy;
  usageCategory?: string;
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalidParameter(name, `${value} (expected one of ${allowed.join(', ')})`);
  }
  return value as T;
}

function callbackUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidParameter('CallbackUrl', `${value} (expected an absolute http(s) URL)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalidParameter('CallbackUrl', `${value} (expected an absolute http(s) URL)`);
  }
  return value;
}

function friendlyName(value: string): string {
  if (value.length > MAX_FRIENDLY_NAME) {
    throw invalidParameter('FriendlyName', `longer than ${MAX_FRIENDLY_NAME} characters`);
  }
  return value;
}

function callbackMethod(value: string): CallbackMethod {
  return oneOf('CallbackMethod', value.toUpperCase(), CALLBACK_METHODS);
}

function usageCategory(value: string): string {
  if (!isUsageCategory(value)) {
    throw invalidParameter(
      'UsageCategory',
      `${value} (expected one of Twilio's usage categories, like totalprice)`,
    );
  }
  return value;
}

function triggerValue(value: string): CreateTriggerInput['triggerValue'] {
  const amount = Number(value.replace(/^\+/, ''));
  if (!TRIGGER_VALUE_SHAPE.test(value) || !(amount > 0)) {
    // A `+` sent unencoded arrives as a space: say so, it is the usual cause.
    throw invalidParameter(
      'TriggerValue',
      `${JSON.stringify(value)} (expected a positive number, or +N with the + URL-encoded as %2B)`,
    );
  }
  return { offset: value.startsWith('+'), amount };
}

function required(form: URLSearchParams, name: string): string {
  const value = form.get(name);
  if (value === null || value === '') throw missingParameter(name);
  return value;
}

/** Validates a create form the way Twilio does; defaults per the official API description. */
export function parseCreateTrigger(form: URLSearchParams): CreateTriggerInput {
  const recurring = form.get('Recurring');
  return {
    callbackUrl: callbackUrl(required(form, 'CallbackUrl')),
    triggerValue: triggerValue(required(form, 'TriggerValue')),
    usageCategory: usageCategory(required(form, 'UsageCategory')),
    callbackMethod: callbackMethod(form.get('CallbackMethod') || 'POST'),
    friendlyName: friendlyName(form.get('FriendlyName') ?? ''),
    // "empty for non-recurring triggers": an absent Recurring is the one-off `alltime` kind.
    recurring: recurring ? oneOf('Recurring', recurring, RECURRING_VALUES) : 'alltime',
    triggerBy: oneOf('TriggerBy', form.get('TriggerBy') || 'usage', TRIGGER_BY_VALUES),
  };
}

/** Only these three fields can change after creation; Twilio ignores any other parameter. */
export function parseUpdateTrigger(form: URLSearchParams): UpdateTriggerInput {
  const update: UpdateTriggerInput = {};
  const url = form.get('CallbackUrl');
  const method = form.get('CallbackMethod');
  const name = form.get('FriendlyName');
  if (url !== null) update.callbackUrl = callbackUrl(url);
  if (method !== null) update.callbackMethod = callbackMethod(method);
  if (name !== null) update.friendlyName = friendlyName(name);
  return update;
}

export function parseTriggerFilters(query: URLSearchParams): TriggerFilters {
  const filters: TriggerFilters = {};
  const recurring = query.get('Recurring');
  const triggerBy = query.get('TriggerBy');
  const category = query.get('UsageCategory');
  if (recurring) filters.recurring = oneOf('Recurring', recurring, RECURRING_VALUES);
  if (triggerBy) filters.triggerBy = oneOf('TriggerBy', triggerBy, TRIGGER_BY_VALUES);
  if (category) filters.usageCategory = usageCategory(category);
  return filters;
}
