import { CreateChatTokenCommand, CreateRoomCommand, DeleteRoomCommand, IvschatClient } from '@aws-sdk/client-ivschat';
import { ChatRoom, ChatToken, ChatTokenProvider } from 'amazon-ivs-chat-messaging';
import { useEmulator } from './emulator-fixture';
import { httpJwtEvent, restCognitoEvent, urlIamEvent, useIssuerEnv } from './fixtures';
import { bearer, LocalHttpApi, startHttpApi } from './http-api';
import { fetchChatToken } from '../../examples/token-provider';
import type { ChatTokenResponse } from '../../lambda/token-issuer';
import { handler, HttpResponse } from '../../lambda/token-issuer';
import { IvsChatEmulator } from '../../local/src/emulator';
import { TOKEN_ISSUER_DEFAULTS } from '../../src/private/shared/token-contract';

/**
 * The token issuer over HTTP with the real @aws-sdk/client-ivschat, against the
 * loopback emulator: real routes, validation, error shapes and quotas.
 */

let emu: IvsChatEmulator;
let admin: IvschatClient;
let logged: string[];
let lobby: string;
let stage: string;

const fixture = useEmulator();
beforeAll(() => ({ emu, admin } = fixture));

beforeEach(async () => {
  lobby = (await admin.send(new CreateRoomCommand({ name: 'lobby' }))).arn!;
  stage = (await admin.send(new CreateRoomCommand({ name: 'stage' }))).arn!;
  useIssuerEnv({ roomArns: [lobby, stage], displayNameClaim: 'name' });
  emu.clearCalls();
  logged = [];
  jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => { logged.push(args.map(String).join(' ')); });
});

afterEach(() => {
  // No token the emulator minted may appear in the issuer's log.
  const log = logged.join('\n');
  for (const minted of emu.tokens()) {
    expect(log).not.toContain(minted.token);
  }
  jest.restoreAllMocks();
});

async function call(event: Parameters<typeof handler>[0]): Promise<{ status: number; json: any }> {
  const response = await handler(event) as HttpResponse;
  return { status: response.statusCode, json: JSON.parse(response.body) };
}

describe('tokens, as the emulator minted them', () => {
  test('a signed-in user: one CreateChatToken, and the answer is the minted token', async () => {
    const { status, json } = await call(httpJwtEvent({ sub: 'user-1', name: 'Ana' }, { body: { roomIdentifier: lobby } }));

    expect(status).toBe(200);
    expect(emu.count('CreateChatToken')).toBe(1);
    const [minted] = emu.tokens();
    expect(minted).toMatchObject({
      roomArn: lobby, userId: 'user-1', capabilities: ['SEND_MESSAGE'], attributes: { displayName: 'Ana' }, sessionDurationInMinutes: 60,
    });
    expect(json).toEqual({
      token: minted.token,
      tokenExpirationTime: new Date(minted.tokenExpirationTime).toISOString(),
      sessionExpirationTime: new Date(minted.sessionExpirationTime).toISOString(),
    });
  });

  test('a moderator through a REST API, by room id', async () => {
    const id = stage.split('/').pop();
    const { status } = await call(restCognitoEvent({ 'sub': 'mod-1', 'cognito:groups': 'moderators' }, { body: { roomIdentifier: id } }));
    expect(status).toBe(200);
    expect(emu.tokens()[0]).toMatchObject({ roomArn: stage, userId: 'mod-1', capabilities: ['SEND_MESSAGE', 'DISCONNECT_USER', 'DELETE_MESSAGE'] });
  });

  test('an anonymous viewer gets a view-only token', async () => {
    useIssuerEnv({ roomArns: [lobby], anonymousViewers: true });
    const { status } = await call(urlIamEvent({}, { identityId: 'us-east-1:guest', amr: ['unauthenticated'] }));
    expect(status).toBe(200);
    expect(emu.tokens()[0]).toMatchObject({ roomArn: lobby, userId: 'us-east-1:guest', capabilities: [] });
  });

  test('a trusted backend names the user and a shorter session', async () => {
    const result = await handler({ roomIdentifier: lobby, userId: 'backend-user', sessionDurationInMinutes: 5 }) as ChatTokenResponse;
    expect(emu.tokens()[0]).toMatchObject({ userId: 'backend-user', sessionDurationInMinutes: 5 });
    expect(new Date(result.sessionExpirationTime).getTime() - Date.now()).toBeLessThanOrEqual(5 * 60_000);
  });

  test('refusals make no call at all', async () => {
    expect((await call(httpJwtEvent({ sub: 'u' }))).status).toBe(400);
    expect((await call(httpJwtEvent({ sub: 'u' }, { body: { roomIdentifier: 'NotServed123' } }))).status).toBe(403);
    expect((await call(httpJwtEvent({ sub: 'u' }, { body: { roomIdentifier: lobby, capabilities: ['DELETE_MESSAGE'] } }))).status).toBe(400);
    expect(emu.calls).toHaveLength(0);
  });
});

describe('service errors, with the SDK\'s real error shapes', () => {
  test('a served room deleted since deployment: 404', async () => {
    await admin.send(new DeleteRoomCommand({ identifier: stage }));
    const { status, json } = await call(httpJwtEvent({ sub: 'u' }, { body: { roomIdentifier: stage } }));
    expect(status).toBe(404);
    expect(json).toEqual({ message: `room ${stage} does not exist` });
  });

  test('throttling: 429 at once with a Retry-After of 1 to 30 seconds, one call per request, never a 5xx', async () => {
    emu.setRateLimits({ CreateChatToken: 2 });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => handler(httpJwtEvent({ sub: `u${i}` }, { body: { roomIdentifier: lobby } })) as Promise<HttpResponse>));
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 200, 429, 429, 429, 429]);
    for (const refused of results.filter((r) => r.statusCode === 429)) {
      expect(JSON.parse(refused.body)).toEqual({ message: 'IVS Chat is throttling token requests; retry in a moment' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(TOKEN_ISSUER_DEFAULTS.throttling.maxRetryAfterSeconds);
    }
    expect(emu.count('CreateChatToken')).toBe(6);
  });

  test('brief 500s are ridden out; injected throttles get 429, never a 5xx', async () => {
    emu.setFaults({ seed: 7, internalErrorRate: 0.3, operations: ['CreateChatToken'] });
    // The issuer's retry budget is wall time (400 ms). Twenty requests at once
    // share this process with the emulator, and on a loaded machine their
    // round trips alone used it up: the clock stands still here, so that what
    // is checked is that the faults are retried, not how fast the machine is.
    // Giving up at the deadline is checked in test/shared/retry.test.ts.
    jest.spyOn(Date, 'now').mockReturnValue(Date.now());
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => call(httpJwtEvent({ sub: `u${i}` }, { body: { roomIdentifier: lobby } }))));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(emu.count('CreateChatToken')).toBeGreaterThan(20);
    expect(emu.tokens()).toHaveLength(20);

    emu.clearCalls();
    emu.setFaults({ seed: 7, throttleRate: 0.5, operations: ['CreateChatToken'] });
    const throttled = await Promise.all(Array.from({ length: 40 }, (_, i) => call(httpJwtEvent({ sub: `v${i}` }, { body: { roomIdentifier: lobby } }))));
    expect(new Set(throttled.map((r) => r.status))).toEqual(new Set([200, 429]));
    expect(throttled.filter((r) => r.status === 429)).toHaveLength(emu.count('CreateChatToken', { status: 429 }));
  });

  test('an account pending verification: 503', async () => {
    emu.setPendingVerification(true);
    const { status, json } = await call(httpJwtEvent({ sub: 'u' }, { body: { roomIdentifier: lobby } }));
    expect(status).toBe(503);
    expect(json.message).toMatch(/PendingVerification/);
  });
});

describe('amazon-ivs-chat-messaging', () => {
  let api: LocalHttpApi;
  let sockets: FakeWebSocket[];

  /** Stands in for the browser's WebSocket (Node 20 has none): records what the client opens with. */
  class FakeWebSocket {
    private readonly listeners = new Map<string, ((event: unknown) => void)[]>();
    constructor(public readonly url: string, public readonly protocols: string | string[]) {
      sockets.push(this);
    }
    addEventListener(type: string, listener: (event: unknown) => void) {
      this.listeners.set(type, [...this.listeners.get(type) ?? [], listener]);
    }
    removeEventListener(type: string, listener: (event: unknown) => void) {
      this.listeners.set(type, (this.listeners.get(type) ?? []).filter((l) => l !== listener));
    }
    emit(type: string, event: unknown = {}) {
      for (const l of this.listeners.get(type) ?? []) l(event);
    }
    send() {}
    close() {}
  }

  beforeAll(async () => {
    api = await startHttpApi();
  });

  afterAll(async () => {
    await api.close();
  });

  beforeEach(() => {
    sockets = [];
    (globalThis as any).WebSocket = FakeWebSocket;
  });

  afterEach(() => {
    delete (globalThis as any).WebSocket;
  });

  /** Keeps the client's own logging out of the test output; collects its errors. */
  function quiet(room: ChatRoom, errors: unknown[][] = []): ChatRoom {
    room.logLevel = 'error';
    room.logger = { debug: () => {}, info: () => {}, error: (...args: unknown[]) => { errors.push(args); } };
    return room;
  }

  /** The tokenProvider of the package's README, against our endpoint. */
  function tokenProvider(roomIdentifier: string, claims: Record<string, unknown>): ChatTokenProvider {
    return async (): Promise<ChatToken> => {
      const response = await fetch(api.url, {
        method: 'POST',
        headers: { 'authorization': bearer(claims), 'content-type': 'application/json' },
        body: JSON.stringify({ roomIdentifier }),
      });
      const body = await response.json() as ChatTokenResponse;
      return {
        token: body.token,
        sessionExpirationTime: new Date(body.sessionExpirationTime),
        tokenExpirationTime: new Date(body.tokenExpirationTime),
      };
    };
  }

  test('the README tokenProvider turns our answer into a ChatToken with valid dates', async () => {
    const token = await tokenProvider(lobby, { sub: 'reader' })();
    expect(token.token).toBe(emu.tokens()[0].token);
    for (const date of [token.sessionExpirationTime, token.tokenExpirationTime]) {
      expect(date).toBeInstanceOf(Date);
      expect(Number.isNaN((date as Date).getTime())).toBe(false);
    }
    expect((token.tokenExpirationTime as Date).getTime()).toBeLessThan((token.sessionExpirationTime as Date).getTime());
  });

  test('the raw JSON body is a ChatToken too (ISO strings are allowed)', async () => {
    const response = await fetch(api.url, { method: 'POST', headers: { authorization: bearer({ sub: 'raw' }) }, body: JSON.stringify({ roomIdentifier: lobby }) });
    const asIs: ChatToken = await response.json() as ChatTokenResponse;
    expect(asIs.token).toBe(emu.tokens()[0].token);
  });

  test('ChatRoom connects with the token from our endpoint as the WebSocket protocol', async () => {
    const room = quiet(new ChatRoom({
      regionOrUrl: 'wss://chat.invalid',
      tokenProvider: tokenProvider(stage, { 'sub': 'viewer-9', 'name': 'Bo', 'cognito:groups': '[moderators]' }),
    }));
    const connected = new Promise<void>((resolve) => room.addListener('connect', () => resolve()));
    room.connect();

    await waitFor(() => sockets.length === 1);
    expect(sockets[0].url).toBe('wss://chat.invalid');
    expect(sockets[0].protocols).toBe(emu.tokens()[0].token);
    expect(emu.tokens()[0]).toMatchObject({
      roomArn: stage, userId: 'viewer-9', attributes: { displayName: 'Bo' }, capabilities: ['SEND_MESSAGE', 'DISCONNECT_USER', 'DELETE_MESSAGE'],
    });

    sockets[0].emit('open');
    await connected;
    expect(room.state).toBe('connected');
    room.disconnect();
  });

  test('with the README\'s fetchChatToken, a throttled issuer only delays the connection', async () => {
    // The quota is spent: the issuer answers 429 with a Retry-After, and the helper waits it out.
    emu.setRateLimits({ CreateChatToken: 0 });
    const statuses: number[] = [];
    const throughApi = globalThis.fetch;
    globalThis.fetch = (async (...args: Parameters<typeof fetch>) => {
      const response = await throughApi(...args);
      statuses.push(response.status);
      if (response.status === 429) emu.setRateLimits(false);
      return response;
    }) as typeof fetch;
    try {
      const room = quiet(new ChatRoom({
        regionOrUrl: 'wss://chat.invalid',
        tokenProvider: () => fetchChatToken(api.url, {
          method: 'POST',
          headers: { 'authorization': bearer({ sub: 'patient' }), 'content-type': 'application/json' },
          body: JSON.stringify({ roomIdentifier: lobby }),
        }),
      }));
      room.connect();
      await waitFor(() => sockets.length === 1, 10_000);
      expect(sockets[0].protocols).toBe(emu.tokens()[0].token);
      room.disconnect();
    } finally {
      globalThis.fetch = throughApi;
    }
    expect(statuses).toEqual([429, 200]);
  });

  test('an error answer makes the client fail the fetch, not connect with garbage', async () => {
    const errors: unknown[][] = [];
    const room = quiet(new ChatRoom({ regionOrUrl: 'wss://chat.invalid', tokenProvider: tokenProvider('NotServed123', { sub: 'x' }), maxReconnectAttempts: 0 }), errors);
    const disconnected = new Promise<unknown>((resolve) => room.addListener('disconnect', resolve));
    room.connect();
    await expect(disconnected).resolves.toBe('fetchTokenError');
    expect(sockets).toHaveLength(0);
    expect(String(errors[0]?.[1])).toMatch(/token/);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test('the issuer answers the same fields CreateChatToken returns, with dates as ISO strings', async () => {
  const direct = await admin.send(new CreateChatTokenCommand({ roomIdentifier: lobby, userId: 'x' }));
  const ours = await handler({ roomIdentifier: lobby, userId: 'x' }) as ChatTokenResponse;
  expect(Object.keys(ours).sort()).toEqual(Object.keys(direct).filter((k) => k !== '$metadata').sort());
  expect(ours.tokenExpirationTime).toBe(new Date(ours.tokenExpirationTime).toISOString());
  expect(ours.sessionExpirationTime).toBe(new Date(ours.sessionExpirationTime).toISOString());
});
