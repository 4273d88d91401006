import path from 'node:path';
import { startFunctions } from '../support/functions-server';
import { startRecordingServer, type RecordingServer } from '../support/recording-server';

const SID = 'AC' + '0'.repeat(31) + '2';
// runtime-handler insists on 32 letters and digits; obviously fake all the same.
const TOKEN = 'faketoken'.repeat(3) + 'fake1';
const FIXTURES = path.join(__dirname, 'fixtures', 'functions');

// Twilio-shaped answers for the two calls the probe Function makes.
function answerLikeTwilio(seen: { twilioHost?: string; url: string }) {
  if (seen.twilioHost === 'sync.twilio.com') {
    return {
      status: 200,
      body: {
        maps: [{ sid: 'MP' + '0'.repeat(32), unique_name: 'breaker-claims' }],
        meta: { key: 'maps', page: 0, page_size: 5, next_page_url: null },
      },
    };
  }
  return { status: 200, body: { sid: SID, friendly_name: 'main via emulator', status: 'active' } };
}

describe('startFunctions (twilio-run harness)', () => {
  it.each(['in-process', 'forked'] as const)(
    'serves the built health Function (%s)',
    async (mode) => {
      const functions = await startFunctions({ mode });
      try {
        const res = await fetch(`${functions.url}/health`);
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({
          ok: true,
          service: 'twilio-subaccount-breaker',
          version: expect.stringMatching(/^\d+\.\d+\.\d+/),
          warnings: [],
        });
      } finally {
        await functions.stop();
      }
    },
  );

  describe.each(['in-process', 'forked'] as const)('in %s mode', (mode) => {
    let twilioStandIn: RecordingServer;
    beforeEach(async () => {
      twilioStandIn = await startRecordingServer(answerLikeTwilio);
    });
    afterEach(() => twilioStandIn.close());

    it('sends getTwilioClient() and Runtime.getSync() traffic to TWILIO_API_EMULATOR_URL', async () => {
      const functions = await startFunctions({
        mode,
        functionsDir: FIXTURES,
        env: { ACCOUNT_SID: SID, AUTH_TOKEN: TOKEN, TWILIO_API_EMULATOR_URL: twilioStandIn.url },
      });
      try {
        const res = await fetch(`${functions.url}/twilio-probe`, { method: 'POST' });
        expect(await res.json()).toEqual({
          account: 'main via emulator',
          maps: ['breaker-claims'],
        });
        const basic = 'Basic ' + Buffer.from(`${SID}:${TOKEN}`).toString('base64');
        expect(twilioStandIn.seen).toEqual([
          expect.objectContaining({
            twilioHost: 'api.twilio.com',
            url: `/2010-04-01/Accounts/${SID}.json`,
            authorization: basic,
          }),
          expect.objectContaining({
            twilioHost: 'sync.twilio.com',
            url: '/v1/Services/default/Maps?PageSize=5',
            authorization: basic,
          }),
        ]);
      } finally {
        await functions.stop();
      }
    });
  });
});
