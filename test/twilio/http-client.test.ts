import twilio from 'twilio';
import {
  EmulatorTargetError,
  emulatorTarget,
  emulatorUrlIgnored,
  twilioHttpClient,
} from '../../src/twilio/http-client';
import { startRecordingServer as recordingServer } from '../support/recording-server';

const SID = 'AC' + '0'.repeat(31) + '1';
const TOKEN = 'fake-test-token-not-a-secret';

const account = { sid: SID, friendly_name: 'demo', status: 'active', auth_token: TOKEN };

describe('twilioHttpClient', () => {
  it('is a plain twilio RequestClient when TWILIO_API_EMULATOR_URL is unset or blank', () => {
    for (const env of [{}, { TWILIO_API_EMULATOR_URL: '' }, { TWILIO_API_EMULATOR_URL: '  ' }]) {
      const client = twilioHttpClient(env);
      expect(Object.getPrototypeOf(client)).toBe(twilio.RequestClient.prototype);
    }
  });

  it.each(['localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'localhost'])(
    'uses the emulator under twilio-run, where DOMAIN_NAME is %s',
    (domain) => {
      const env = { TWILIO_API_EMULATOR_URL: 'http://127.0.0.1:4010', DOMAIN_NAME: domain };
      expect(emulatorUrlIgnored(env)).toBeNull();
      expect(Object.getPrototypeOf(twilioHttpClient(env))).not.toBe(twilio.RequestClient.prototype);
    },
  );

  it.each(['breaker-1234-dev.twil.io', 'abc.ngrok.io', '127.0.0.1.example.com', '10.0.0.5:3000'])(
    'ignores TWILIO_API_EMULATOR_URL where DOMAIN_NAME is %s, logging it once per instance',
    (domain) => {
      const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
      try {
        const env = { TWILIO_API_EMULATOR_URL: 'http://127.0.0.1:4010', DOMAIN_NAME: domain };
        expect(emulatorUrlIgnored(env)).toMatch(
          /TWILIO_API_EMULATOR_URL is set but ignored.*serverless:env:unset --key TWILIO_API_EMULATOR_URL/,
        );
        for (let i = 0; i < 3; i++) {
          expect(Object.getPrototypeOf(twilioHttpClient(env))).toBe(twilio.RequestClient.prototype);
        }
        expect(error.mock.calls.filter(([line]) => String(line).includes(domain))).toHaveLength(1);
      } finally {
        error.mockRestore();
      }
    },
  );

  it('retries 429s by default with a timeout under the Functions limit, and 0 retries turns it off', () => {
    const client = twilioHttpClient({});
    expect(client.autoRetry).toBe(true);
    expect(client.maxRetries).toBe(3);
    expect(client.defaultTimeout).toBeLessThan(10_000);
    expect(twilioHttpClient({}, { maxRetries: 0 }).autoRetry).toBe(false);
  });

  it.each([
    'http://127.0.0.1:4010',
    'http://127.8.9.10:1',
    'http://localhost:4010/',
    'http://[::1]:4010',
    'https://localhost:4010/prefix',
  ])('accepts the loopback target %s', (url) => {
    expect(() => twilioHttpClient({ TWILIO_API_EMULATOR_URL: url })).not.toThrow();
  });

  it.each([
    'http://10.0.0.1:4010',
    'http://192.168.1.2',
    'https://api.twilio.com',
    'http://127.0.0.1.example.com',
    'http://localhost.example.com',
    'ftp://127.0.0.1',
    'not a url',
    'http://127.0.0.1:4010/?x=1',
  ])('refuses the non-loopback or odd target %s with a message that says what to fix', (url) => {
    expect(() => twilioHttpClient({ TWILIO_API_EMULATOR_URL: url })).toThrow(EmulatorTargetError);
    expect(() => twilioHttpClient({ TWILIO_API_EMULATOR_URL: url })).toThrow(
      /TWILIO_API_EMULATOR_URL/,
    );
  });

  it('never echoes credentials embedded in a refused URL', () => {
    let message = '';
    try {
      emulatorTarget('http://someone:hunter2-fake@127.0.0.1:4010');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/credentials/);
    expect(message).not.toMatch(/hunter2/);
  });

  describe('when pointed at an emulator', () => {
    it('rewrites API requests to the emulator keeping path, query, body, Basic auth and the host', async () => {
      const server = await recordingServer(() => ({ status: 200, body: account }));
      try {
        const httpClient = twilioHttpClient({ TWILIO_API_EMULATOR_URL: server.url });
        const client = twilio(SID, TOKEN, { httpClient });
        const fetched = await client.api.v2010.accounts(SID).fetch();
        await client.api.v2010.accounts(SID).update({ status: 'suspended' });

        expect(fetched.friendlyName).toBe('demo');
        const basic = 'Basic ' + Buffer.from(`${SID}:${TOKEN}`).toString('base64');
        expect(server.seen).toEqual([
          expect.objectContaining({
            method: 'GET',
            url: `/2010-04-01/Accounts/${SID}.json`,
            twilioHost: 'api.twilio.com',
            authorization: basic,
          }),
          expect.objectContaining({
            method: 'POST',
            url: `/2010-04-01/Accounts/${SID}.json`,
            twilioHost: 'api.twilio.com',
            authorization: basic,
            body: 'Status=suspended',
          }),
        ]);
      } finally {
        await server.close();
      }
    });

    it('keeps sync apart from api and follows absolute next-page URLs with their query', async () => {
      const map = (n: number) => ({
        sid: `MP${String(n).padStart(32, '0')}`,
        unique_name: `m${n}`,
      });
      const server = await recordingServer((seen) => {
        const second = seen.url.includes('PageToken=PT2');
        return {
          status: 200,
          body: {
            maps: second ? [map(3)] : [map(1), map(2)],
            meta: {
              key: 'maps',
              page: second ? 1 : 0,
              page_size: 2,
              next_page_url: second
                ? null
                : 'https://sync.twilio.com/v1/Services/default/Maps?PageSize=2&Page=1&PageToken=PT2',
            },
          },
        };
      });
      try {
        const base = `${server.url}/prefix/`;
        const httpClient = twilioHttpClient({ TWILIO_API_EMULATOR_URL: base });
        const maps = await twilio(SID, TOKEN, { httpClient })
          .sync.v1.services('default')
          .syncMaps.list({ pageSize: 2 });

        expect(maps.map((m) => m.uniqueName)).toEqual(['m1', 'm2', 'm3']);
        expect(server.seen.map((s) => [s.twilioHost, s.url])).toEqual([
          ['sync.twilio.com', '/prefix/v1/Services/default/Maps?PageSize=2'],
          ['sync.twilio.com', '/prefix/v1/Services/default/Maps?PageSize=2&Page=1&PageToken=PT2'],
        ]);
      } finally {
        await server.close();
      }
    });

    it('refuses to send anything that is not a Twilio API URL', async () => {
      const httpClient = twilioHttpClient({ TWILIO_API_EMULATOR_URL: 'http://127.0.0.1:9' });
      await expect(
        httpClient.request({ method: 'get', uri: 'https://example.com/steal' }),
      ).rejects.toThrow(EmulatorTargetError);
      await expect(
        httpClient.request({
          method: 'get',
          uri: 'http://api.twilio.com/2010-04-01/Accounts.json',
        }),
      ).rejects.toThrow(/only Twilio API URLs/);
    });
  });

  describe('429 handling', () => {
    const tooMany = {
      status: 429,
      body: { code: 20429, message: 'Too Many Requests', status: 429 },
    };

    it('retries a 429 until the emulator answers', async () => {
      const server = await recordingServer((_seen, index) =>
        index < 2 ? tooMany : { status: 200, body: account },
      );
      try {
        const httpClient = twilioHttpClient(
          { TWILIO_API_EMULATOR_URL: server.url },
          { maxRetryDelayMs: 20 },
        );
        const fetched = await twilio(SID, TOKEN, { httpClient }).api.v2010.accounts(SID).fetch();
        expect(fetched.sid).toBe(SID);
        expect(server.seen).toHaveLength(3);
      } finally {
        await server.close();
      }
    });

    it('gives up with 20429 when retries are off', async () => {
      const server = await recordingServer(() => tooMany);
      try {
        const httpClient = twilioHttpClient(
          { TWILIO_API_EMULATOR_URL: server.url },
          { maxRetries: 0 },
        );
        await expect(
          twilio(SID, TOKEN, { httpClient }).api.v2010.accounts(SID).fetch(),
        ).rejects.toMatchObject({ status: 429, code: 20429 });
        expect(server.seen).toHaveLength(1);
      } finally {
        await server.close();
      }
    });
  });
});
