import {
  isAccountSid,
  isCallSid,
  isSyncServiceSid,
  isUsageTriggerSid,
} from '../../src/twilio/sids';

const HEX = '0123456789abcdef0123456789ABCDEF';

describe('SID shapes', () => {
  it('accepts prefix + 32 hex digits of either case', () => {
    expect(isAccountSid(`AC${HEX}`)).toBe(true);
    expect(isCallSid(`CA${HEX}`)).toBe(true);
    expect(isUsageTriggerSid(`UT${HEX}`)).toBe(true);
  });

  it.each([
    `CA${HEX}`, // wrong prefix
    `ac${HEX}`, // prefix case matters
    `AC${HEX.slice(1)}`, // too short
    `AC${HEX}0`, // too long
    `AC${HEX.slice(1)}g`, // not hex
    `AC${HEX}/../x`,
    '',
    undefined,
    42,
  ])('rejects %p as an account SID', (value) => {
    expect(isAccountSid(value)).toBe(false);
  });

  it("accepts the 'default' Sync service alias and IS SIDs only", () => {
    expect(isSyncServiceSid('default')).toBe(true);
    expect(isSyncServiceSid(`IS${HEX}`)).toBe(true);
    expect(isSyncServiceSid(`AC${HEX}`)).toBe(false);
  });
});
