import { expectMatchesSpec } from '../../support/openapi-contract';
import { bodyOf, syncHarness } from './sync-harness';

const DOCS = '/v1/Services/{ServiceSid}/Documents';
const spec = (method: string, path: string, status: number, body: unknown) =>
  expectMatchesSpec('twilio_sync_v1', method, path, status, body);

describe('Sync Documents', () => {
  it('creates, fetches by name and SID, updates, lists and deletes a document', async () => {
    const { call } = syncHarness();
    const created = await call('POST', '/v1/Services/default/Documents', {
      form: { UniqueName: 'config', Data: '{"threshold":10}' },
    });
    expect(created.status).toBe(201);
    spec('POST', DOCS, 201, created.body);
    const { sid } = bodyOf(created);
    expect(sid).toMatch(/^ET[0-9a-f]{32}$/);
    expect(bodyOf(created)).toMatchObject({ data: { threshold: 10 }, revision: '0' });

    const byName = await call('GET', '/v1/Services/default/Documents/config');
    spec('GET', `${DOCS}/{Sid}`, 200, byName.body);
    expect(bodyOf(byName).sid).toBe(sid);

    const stale = await call('POST', `/v1/Services/default/Documents/${sid}`, {
      form: { Data: '{"threshold":20}' },
      headers: { 'If-Match': '5' },
    });
    expect([stale.status, bodyOf(stale).code]).toEqual([412, 54103]);
    const updated = await call('POST', '/v1/Services/default/Documents/config', {
      form: { Data: '{"threshold":20}' },
      headers: { 'If-Match': '0' },
    });
    spec('POST', `${DOCS}/{Sid}`, 200, updated.body);
    expect(bodyOf(updated)).toMatchObject({ data: { threshold: 20 }, revision: '1' });

    const listed = await call('GET', '/v1/Services/default/Documents');
    spec('GET', DOCS, 200, listed.body);
    expect(bodyOf(listed).documents.map((d: { sid: string }) => d.sid)).toEqual([sid]);

    expect((await call('DELETE', '/v1/Services/default/Documents/config')).status).toBe(204);
    const gone = await call('GET', `/v1/Services/default/Documents/${sid}`);
    expect([gone.status, bodyOf(gone).code]).toEqual([404, 54100]);
  });

  it('defaults Data to an empty object and rejects invalid JSON', async () => {
    const { call } = syncHarness();
    const empty = await call('POST', '/v1/Services/default/Documents');
    expect(bodyOf(empty)).toMatchObject({ data: {}, unique_name: null });
    const bad = await call('POST', '/v1/Services/default/Documents', { form: { Data: 'nope' } });
    expect([bad.status, bodyOf(bad).code]).toEqual([400, 54008]);
  });
});
