import * as fs from 'fs';
import * as path from 'path';
import { fetchChatToken } from '../../examples/token-provider';

/**
 * The README's tokenProvider helper (examples/token-provider.ts): what it does with each
 * answer of the token issuer. Fake timers: no test waits for real.
 */

const BODY = { token: 'AQICAH-token', tokenExpirationTime: '2030-01-01T00:01:00.000Z', sessionExpirationTime: '2030-01-01T01:00:00.000Z' };
const ok = () => new Response(JSON.stringify(BODY), { status: 200, headers: { 'content-type': 'application/json' } });
const status = (code: number, headers: Record<string, string> = {}) => new Response('{"message":"no"}', { status: code, headers });

let answers: (() => Response | Promise<never>)[];
let calls: number[];
const realFetch = globalThis.fetch;

beforeEach(() => {
  jest.useFakeTimers({ now: 0 });
  jest.spyOn(Math, 'random').mockReturnValue(0.5);
  calls = [];
  globalThis.fetch = (async () => {
    calls.push(Date.now());
    return answers.shift()!();
  }) as typeof fetch;
});

afterEach(() => {
  globalThis.fetch = realFetch;
  jest.useRealTimers();
  jest.restoreAllMocks();
});

/** Runs the helper to its end, advancing the fake clock through its waits. */
async function settle(maxWaitMs?: number): Promise<unknown> {
  const result = fetchChatToken('https://api.example.com/token', { method: 'POST' }, maxWaitMs).then((v) => v, (e: Error) => e);
  for (let i = 0; i < 50; i++) await jest.advanceTimersByTimeAsync(1_000);
  return result;
}

test('a 200 is the ChatToken, times as Dates', async () => {
  answers = [ok];
  expect(await settle()).toEqual({
    token: BODY.token, tokenExpirationTime: new Date(BODY.tokenExpirationTime), sessionExpirationTime: new Date(BODY.sessionExpirationTime),
  });
  expect(calls).toEqual([0]);
});

test('a 429 is retried after Retry-After seconds plus up to a second of jitter', async () => {
  answers = [() => status(429, { 'retry-after': '7' }), () => status(429, { 'retry-after': '2' }), ok];
  expect(await settle()).toMatchObject({ token: BODY.token });
  // random() = 0.5: half a second of jitter each time.
  expect(calls).toEqual([0, 7_500, 10_000]);
});

test('a 5xx or a network error backs off exponentially with full jitter', async () => {
  answers = [() => status(500), () => Promise.reject(new TypeError('fetch failed')), () => status(502), ok];
  expect(await settle()).toMatchObject({ token: BODY.token });
  // random() = 0.5 of 1 s, 2 s, 4 s.
  expect(calls).toEqual([0, 500, 1_500, 3_500]);
});

test('a 429 without Retry-After is backed off like a 5xx', async () => {
  answers = [() => status(429), ok];
  await settle();
  expect(calls).toEqual([0, 500]);
});

test('any other answer fails at once, with the status and the body', async () => {
  answers = [() => status(403)];
  expect(await settle()).toEqual(new Error('chat token: 403 {"message":"no"}'));
  expect(calls).toEqual([0]);
});

test('it gives up once it would wait more than maxWaitMs in all', async () => {
  answers = [() => status(429, { 'retry-after': '5' }), () => status(429, { 'retry-after': '5' }), ok];
  expect(await settle(8_000)).toEqual(new Error('chat token: still 429 after 6 s'));
  expect(calls).toEqual([0, 5_500]);
});

test('the README shows the helper exactly as tested', () => {
  const source = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'token-provider.ts'), 'utf8');
  const helper = source.slice(source.indexOf('export async function fetchChatToken')).trim();
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  expect(readme).toContain(helper.replace('export async function', 'async function'));
});
