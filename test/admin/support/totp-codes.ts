// Codes of an emulated TOTP factor, read the way a test's "authenticator app" would: through the
// in-process emulator (emulator.verify.totpCode), at its clock.
import type { Emulator } from '../../../emulator';

/**
 * A code that is surely wrong: none of the factor's codes from 2 steps before to 2 steps after now
 * (Verify accepts ±1 step; the extra step covers a boundary crossed while the test runs).
 */
export function wrongTotpCode(emulator: Emulator, factorSid: string): string {
  const valid = new Set<string>();
  for (const steps of [-2, -1, 0, 1, 2]) {
    emulator.clock.advance(steps * 30_000);
    valid.add(emulator.verify.totpCode(factorSid) ?? '');
    emulator.clock.advance(-steps * 30_000);
  }
  const wrong = ['000000', '111111', '222222', '333333', '444444', '555555'].find(
    (code) => !valid.has(code),
  );
  if (!wrong) throw new Error('unreachable: five codes cannot cover six candidates');
  return wrong;
}

export function currentTotpCode(emulator: Emulator, factorSid: string): string {
  const code = emulator.verify.totpCode(factorSid);
  if (!code) throw new Error(`the emulator has no TOTP factor ${factorSid}`);
  return code;
}
