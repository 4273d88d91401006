import { pageV1 } from '../../http/paging';
import type { Route } from '../../types';
import type { VerifyService, VerifyStore } from './store';
import { boolParam, intParam, isoDate, VERIFY_V2, verifyErrors, verifyRoute } from './verify-wire';

// Form field → wire name and Twilio's default, for the settings the emulator only stores and echoes.
const FLAGS: Array<[string, string, boolean]> = [
  ['LookupEnabled', 'lookup_enabled', false],
  ['Psd2Enabled', 'psd2_enabled', false],
  ['SkipSmsToLandlines', 'skip_sms_to_landlines', false],
  ['DtmfInputRequired', 'dtmf_input_required', true],
  ['DoNotShareWarningEnabled', 'do_not_share_warning_enabled', false],
  ['CustomCodeEnabled', 'custom_code_enabled', false],
  ['VerifyEventSubscriptionEnabled', 'verify_event_subscription_enabled', false],
];
// Error 60200's page: "FriendlyName is too long (max 30 characters)" (the spec says 32: stricter wins).
const MAX_FRIENDLY_NAME = 30;

export const serviceUrl = (sid: string) => `${VERIFY_V2}/Services/${sid}`;

export function renderService(s: VerifyService) {
  const url = serviceUrl(s.sid);
  return {
    sid: s.sid,
    account_sid: s.accountSid,
    friendly_name: s.friendlyName,
    code_length: s.codeLength,
    ...s.flags,
    tts_name: null,
    push: { include_date: false, apn_credential_sid: null, fcm_credential_sid: null },
    totp: {
      issuer: s.totp.issuer ?? s.friendlyName,
      time_step: s.totp.timeStep,
      code_length: s.totp.codeLength,
      skew: s.totp.skew,
    },
    default_template_sid: null,
    whatsapp: { msg_service_sid: null, from: null },
    date_created: isoDate(s.dateCreated),
    date_updated: isoDate(s.dateUpdated),
    url,
    links: {
      verification_checks: `${url}/VerificationCheck`,
      verifications: `${url}/Verifications`,
      rate_limits: `${url}/RateLimits`,
      messaging_configurations: `${url}/MessagingConfigurations`,
      entities: `${url}/Entities`,
      webhooks: `${url}/Webhooks`,
      access_tokens: `${url}/AccessTokens`,
    },
  };
}

type Settings = Pick<VerifyService, 'friendlyName' | 'codeLength' | 'flags' | 'totp'>;

/** The writable settings of a create or update form, over `base`. */
function settingsFrom(form: URLSearchParams, base: Settings): Settings {
  const friendlyName = form.get('FriendlyName') ?? base.friendlyName;
  if (!friendlyName || friendlyName.length > MAX_FRIENDLY_NAME) {
    throw verifyErrors.invalidParameter('FriendlyName');
  }
  return {
    friendlyName,
    codeLength: intParam(form, 'CodeLength', 4, 10, base.codeLength),
    flags: Object.fromEntries(
      FLAGS.map(([field, wire]) => [wire, boolParam(form, field, base.flags[wire])]),
    ),
    totp: {
      issuer: form.get('Totp.Issuer') ?? base.totp.issuer,
      timeStep: intParam(form, 'Totp.TimeStep', 20, 60, base.totp.timeStep),
      codeLength: intParam(form, 'Totp.CodeLength', 3, 8, base.totp.codeLength),
      skew: intParam(form, 'Totp.Skew', 0, 2, base.totp.skew),
    },
  };
}

const DEFAULTS: Settings = {
  friendlyName: '',
  codeLength: 6,
  flags: Object.fromEntries(FLAGS.map(([, wire, value]) => [wire, value])),
  totp: { issuer: null, timeStep: 30, codeLength: 6, skew: 1 },
};

export function serviceRoutes(store: VerifyStore): Route[] {
  const { deps } = store;
  return [
    verifyRoute('GET', '/v2/Services', (req) =>
      pageV1(req, 'services', store.servicesOf(req.authAccountSid).map(renderService)),
    ),
    verifyRoute('POST', '/v2/Services', (req) => {
      const now = deps.now();
      const service: VerifyService = {
        ...settingsFrom(req.form, DEFAULTS),
        sid: deps.newSid('VA'),
        accountSid: req.authAccountSid,
        dateCreated: now,
        dateUpdated: now,
      };
      store.services.set(service.sid, service);
      return { status: 201, body: renderService(service) };
    }),
    verifyRoute('GET', '/v2/Services/:Sid', (req) => ({
      status: 200,
      body: renderService(store.service(req.authAccountSid, req.params.Sid, req.path)),
    })),
    verifyRoute('POST', '/v2/Services/:Sid', (req) => {
      const service = store.service(req.authAccountSid, req.params.Sid, req.path);
      Object.assign(service, settingsFrom(req.form, service), { dateUpdated: deps.now() });
      return { status: 200, body: renderService(service) };
    }),
  ];
}
