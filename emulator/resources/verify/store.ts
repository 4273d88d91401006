import type { EmulatorDeps } from '../../types';
import type { TotpOptions } from './totp';
import { verifyErrors } from './verify-wire';

export interface VerifyService {
  sid: string;
  accountSid: string;
  friendlyName: string;
  codeLength: number;
  /** The service's boolean settings under their wire names (lookup_enabled, …). */
  flags: Record<string, boolean>;
  totp: { issuer: string | null; timeStep: number; codeLength: number; skew: number };
  dateCreated: Date;
  dateUpdated: Date;
}

/** Stored states; `expired` is derived from the clock (see VerifyStore.statusOf). */
export type VerificationStatus =
  'pending' | 'approved' | 'canceled' | 'max_attempts_reached' | 'expired';

export interface SendAttempt {
  attemptSid: string;
  channel: string;
  time: Date;
}

export interface Verification {
  sid: string;
  accountSid: string;
  serviceSid: string;
  to: string;
  channel: string;
  code: string;
  status: Exclude<VerificationStatus, 'expired'>;
  checks: number;
  sends: SendAttempt[];
  dateCreated: Date;
  dateUpdated: Date;
  expiresAt: Date;
}

export interface Entity {
  sid: string;
  identity: string;
  accountSid: string;
  serviceSid: string;
  dateCreated: Date;
  dateUpdated: Date;
}

export interface Factor {
  sid: string;
  entity: Entity;
  friendlyName: string;
  /** Base32, as the binding shows it once on creation. */
  secret: string;
  config: TotpOptions;
  status: 'unverified' | 'verified';
  failedAttempts: number;
  dateCreated: Date;
  dateUpdated: Date;
}

export interface Challenge {
  sid: string;
  factor: Factor;
  status: 'pending' | 'approved' | 'expired';
  failedAttempts: number;
  dateCreated: Date;
  dateUpdated: Date;
  dateResponded: Date | null;
  expiresAt: Date;
}

/** One code Verify "sent": the emulator's outbox, readable by tests and the sandbox. */
export interface SentCode {
  verification: Verification;
  channel: string;
  time: Date;
}

/** All Verify data of the emulator; every service belongs to the account that created it. */
export class VerifyStore {
  readonly services = new Map<string, VerifyService>();
  readonly verifications = new Map<string, Verification>();
  /** Keyed `${serviceSid}/${identity}`. */
  readonly entities = new Map<string, Entity>();
  readonly factors = new Map<string, Factor>();
  readonly challenges = new Map<string, Challenge>();
  readonly outbox: SentCode[] = [];

  constructor(readonly deps: EmulatorDeps) {}

  /** Another account's service answers 404 like a missing one: Twilio does not confirm it exists. */
  service(accountSid: string, sid: string, path: string): VerifyService {
    const service = this.services.get(sid);
    if (!service || service.accountSid !== accountSid) throw verifyErrors.notFound(path);
    return service;
  }

  servicesOf(accountSid: string): VerifyService[] {
    return [...this.services.values()].filter((s) => s.accountSid === accountSid);
  }

  statusOf(v: Verification): VerificationStatus {
    const live = v.status === 'pending' || v.status === 'max_attempts_reached';
    return live && this.deps.now() >= v.expiresAt ? 'expired' : v.status;
  }

  /** The verification a new send or a check by `To` applies to, if one is still open. */
  openVerification(serviceSid: string, to: string): Verification | undefined {
    return [...this.verifications.values()].find(
      (v) =>
        v.serviceSid === serviceSid &&
        v.to === to &&
        ['pending', 'max_attempts_reached'].includes(this.statusOf(v)),
    );
  }

  entity(service: VerifyService, identity: string): Entity | undefined {
    return this.entities.get(`${service.sid}/${identity}`);
  }

  addEntity(service: VerifyService, identity: string): Entity {
    const now = this.deps.now();
    const entity: Entity = {
      sid: this.deps.newSid('YE'),
      identity,
      accountSid: service.accountSid,
      serviceSid: service.sid,
      dateCreated: now,
      dateUpdated: now,
    };
    this.entities.set(`${service.sid}/${identity}`, entity);
    return entity;
  }

  challengeStatus(c: Challenge): Challenge['status'] {
    return c.status === 'pending' && this.deps.now() >= c.expiresAt ? 'expired' : c.status;
  }
}
