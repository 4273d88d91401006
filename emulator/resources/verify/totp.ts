// RFC 4226 (HOTP) and RFC 6238 (TOTP) over node:crypto, with RFC 4648 base32 for the shared secret.
// Pure: time is an argument, so the emulator clock (not the wall clock) decides which code is valid.
// Hand-written because the maintained library (otplib 13) pulls in ESM-only hashing packages that
// this project's CommonJS test runner cannot load; the RFC test vectors are in the tests.
import { createHmac } from 'node:crypto';

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

export interface TotpOptions {
  alg: TotpAlgorithm;
  /** Seconds per code. */
  timeStep: number;
  codeLength: number;
  /** Steps before and after the current one that are also accepted. */
  skew: number;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let value = 0;
  let bits = 0;
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Undefined when `text` is not base32 (padding, spaces and lower case are tolerated). */
export function base32Decode(text: string): Buffer | undefined {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  const out: number[] = [];
  let value = 0;
  let bits = 0;
  for (const char of clean) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) return undefined;
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function hotp(key: Uint8Array, counter: number, digits: number, alg: TotpAlgorithm): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(alg, key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(binary).padStart(digits, '0');
}

export function totp(key: Uint8Array, atMs: number, options: TotpOptions): string {
  const counter = Math.floor(atMs / 1000 / options.timeStep);
  return hotp(key, counter, options.codeLength, options.alg);
}

/** True when `code` is the TOTP of the step at `atMs` or of one within `skew` steps of it. */
export function totpMatches(
  key: Uint8Array,
  code: string,
  atMs: number,
  options: TotpOptions,
): boolean {
  const step = options.timeStep * 1000;
  for (let offset = -options.skew; offset <= options.skew; offset++) {
    if (totp(key, atMs + offset * step, options) === code) return true;
  }
  return false;
}
