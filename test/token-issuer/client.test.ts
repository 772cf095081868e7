import { spawn } from 'child_process';
import { createHash, createHmac } from 'crypto';
import * as fs from 'fs';
import { createServer, IncomingMessage, Server } from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { CreateRoomCommand, IvschatClient } from '@aws-sdk/client-ivschat';
import * as esbuild from 'esbuild';
import { useEmulator } from './emulator-fixture';
import * as sdk from './sdk-transport';
import { isRetryable, isThrottle } from '../../lambda/shared/retry';
import { createChatToken, endpointUrl } from '../../lambda/token-issuer/client';
import { IvsChatEmulator } from '../../local/src/emulator';

/**
 * The issuer's own CreateChatToken client against what it replaces: the SDK's
 * endpoint resolution, a SigV4 verifier written from the AWS documentation, and
 * the emulator's real error answers read by both clients side by side.
 */

const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

describe('endpoint', () => {
  const partitions = (JSON.parse(fs.readFileSync(require.resolve('@aws-sdk/util-endpoints/dist-cjs/lib/aws/partitions.json'), 'utf8')) as {
    partitions: { regions: Record<string, unknown> }[];
  }).partitions;
  const regions = partitions.flatMap((p) => Object.keys(p.regions)).filter((r) => !r.endsWith('-global'));

  test.each([[false, false], [true, false], [false, true], [true, true]])('FIPS %s, dual stack %s: the SDK\'s URL for every region it knows', (fips, dualStack) => {
    const client = new IvschatClient({ region: 'us-east-1' });
    const env = { AWS_USE_FIPS_ENDPOINT: String(fips), AWS_USE_DUALSTACK_ENDPOINT: String(dualStack) };
    const differences = regions.flatMap((region) => {
      const expected = client.config.endpointProvider({ Region: region, UseFIPS: fips, UseDualStack: dualStack }).url.href.replace(/\/$/, '');
      const actual = endpointUrl(region, env);
      return actual === expected ? [] : [`${region}: ${actual} instead of ${expected}`];
    });
    client.destroy();
    expect(regions.length).toBeGreaterThan(40);
    expect(differences).toEqual([]);
  });

  test('AWS_ENDPOINT_URL_IVSCHAT first, then AWS_ENDPOINT_URL, unless configured endpoints are ignored', () => {
    const env = { AWS_ENDPOINT_URL_IVSCHAT: 'http://127.0.0.1:1', AWS_ENDPOINT_URL: 'http://127.0.0.1:2' };
    expect(endpointUrl('eu-west-1', env)).toBe('http://127.0.0.1:1');
    expect(endpointUrl('eu-west-1', { AWS_ENDPOINT_URL: 'http://127.0.0.1:2' })).toBe('http://127.0.0.1:2');
    expect(endpointUrl('eu-west-1', { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' })).toBe('https://ivschat.eu-west-1.amazonaws.com');
  });
});

/** A request as a loopback server received it, and whether its SigV4 signature holds. */
interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly signature: 'valid' | string;
}

/**
 * Recomputes the SigV4 signature of a request from the AWS documentation
 * ("Create a signed AWS API request", Signature Version 4): canonical request,
 * string to sign, derived key. Independent of the signer under test.
 */
function verifySignature(method: string, urlPath: string, headers: IncomingMessage['headers'], body: string, secretAccessKey: string): string {
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/
    .exec(String(headers.authorization));
  if (!match) return `malformed authorization: ${headers.authorization}`;
  const [, , date, region, service, signedHeaders, signature] = match;
  const amzDate = String(headers['x-amz-date']);
  if (!amzDate.startsWith(date)) return 'x-amz-date does not match the credential scope';
  for (const required of ['host', 'x-amz-date']) {
    if (!signedHeaders.split(';').includes(required)) return `${required} is not signed`;
  }
  const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
  const canonicalHeaders = signedHeaders.split(';').map((name) => `${name}:${String(headers[name]).trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonicalRequest = [method, urlPath, '', canonicalHeaders, signedHeaders, sha256(body)].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
  const key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), 'aws4_request');
  const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  return expected === signature ? 'valid' : 'signature mismatch';
}

async function captureServer(secretAccessKey: string): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({
        method: req.method!,
        path: req.url!,
        headers: req.headers,
        body,
        signature: verifySignature(req.method!, req.url!, req.headers, body, secretAccessKey),
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ token: 'AQICAH-captured', tokenExpirationTime: '2030-01-01T00:01:00Z', sessionExpirationTime: '2030-01-01T01:00:00Z' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

describe('the signed request', () => {
  const input = {
    roomIdentifier: 'arn:aws:ivschat:us-east-1:123456789012:room/AbCdEfGhIjKl',
    userId: 'ü-user 1',
    capabilities: ['SEND_MESSAGE' as const],
    sessionDurationInMinutes: 30,
    attributes: { displayName: 'Zoë' },
  };
  let saved: NodeJS.ProcessEnv;

  beforeEach(() => {
    saved = { ...process.env };
  });

  afterEach(() => {
    process.env = saved;
  });

  test('SDK and own client send the same call, both validly signed, with the session token', async () => {
    const capture = await captureServer(KEYS.secretAccessKey);
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_IVSCHAT: capture.url,
      AWS_ACCESS_KEY_ID: KEYS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey,
      AWS_SESSION_TOKEN: 'session-token-of-the-role',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    delete process.env.AWS_PROFILE;
    try {
      const viaSdk = await sdk.createChatToken(input, 'us-east-1');
      const own = await createChatToken(input, 'us-east-1');
      expect(own).toEqual(viaSdk);
      expect(own.tokenExpirationTime).toEqual(new Date('2030-01-01T00:01:00Z'));
    } finally {
      capture.server.close();
    }
    const [bySdk, byOwn] = capture.received;
    expect(bySdk.signature).toBe('valid');
    expect(byOwn.signature).toBe('valid');
    expect(verifySignature(byOwn.method, byOwn.path, byOwn.headers, byOwn.body, 'another-secret')).toBe('signature mismatch');
    expect(byOwn.method).toBe(bySdk.method);
    expect(byOwn.path).toBe(bySdk.path);
    expect(JSON.parse(byOwn.body)).toEqual(JSON.parse(bySdk.body));
    expect(byOwn.headers['content-type']).toBe(bySdk.headers['content-type']);
    expect(byOwn.headers['x-amz-security-token']).toBe('session-token-of-the-role');
    expect(String(byOwn.headers.authorization)).toContain(`Credential=${KEYS.accessKeyId}/`);
    expect(String(byOwn.headers.authorization)).toContain('/us-east-1/ivschat/aws4_request');
  });

  test('without keys in the environment, the SDK\'s credential chain is used (here: a profile in a credentials file)', async () => {
    // The chain loads its providers with dynamic import(), which jest's module system does not run:
    // the client is bundled as the build bundles it and run by plain Node.
    const capture = await captureServer('profile-secret');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'issuer-credentials-'));
    try {
      fs.writeFileSync(path.join(dir, 'credentials'), '[chat]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n');
      fs.writeFileSync(path.join(dir, 'config'), '');
      const bundle = path.join(dir, 'client.js');
      await esbuild.build({
        entryPoints: [path.join(__dirname, '../../lambda/token-issuer/client.ts')],
        bundle: true,
        platform: 'node',
        target: 'node20',
        mainFields: ['module', 'main'],
        external: ['@aws-sdk/*'],
        outfile: bundle,
        logLevel: 'silent',
      });
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        NODE_PATH: path.join(__dirname, '../../node_modules'),
        AWS_ENDPOINT_URL_IVSCHAT: capture.url,
        AWS_PROFILE: 'chat',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
        AWS_CONFIG_FILE: path.join(dir, 'config'),
      };
      const script = `require(${JSON.stringify(bundle)}).createChatToken(${JSON.stringify(input)}, 'us-west-2')`
        + '.then(() => process.exit(0), (e) => { console.error(e); process.exit(1); })';
      const child = spawn(process.execPath, ['-e', script], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(stderr).toBe('');
      expect(code).toBe(0);
    } finally {
      capture.server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(capture.received[0].signature).toBe('valid');
    expect(String(capture.received[0].headers.authorization)).toContain('Credential=AKIDPROFILE/');
    expect(capture.received[0].headers['x-amz-security-token']).toBeUndefined();
  });
});

describe('answers from the emulator, read by both clients', () => {
  const fixture = useEmulator();
  let emu: IvsChatEmulator;
  let room: string;

  beforeEach(async () => {
    emu = fixture.emu;
    room = (await fixture.admin.send(new CreateRoomCommand({ name: 'lobby' }))).arn!;
  });

  /** What the issuer reads from a failure: the name, the status, the message, the modeled fields, the retry class. */
  function shape(error: any) {
    return {
      name: error.name,
      status: error.$metadata?.httpStatusCode,
      message: error.message,
      fieldList: error.fieldList,
      limit: error.limit,
      resourceId: error.resourceId,
      retryable: isRetryable(error),
      throttle: isThrottle(error),
    };
  }

  async function both(input: Parameters<typeof createChatToken>[0]): Promise<[unknown, unknown]> {
    const viaSdk = await sdk.createChatToken(input, emu.region).then(() => undefined, (e: unknown) => e);
    const own = await createChatToken(input, emu.region).then(() => undefined, (e: unknown) => e);
    return [viaSdk, own];
  }

  test('a token: the emulator minted it for exactly this input', async () => {
    const output = await createChatToken({ roomIdentifier: room, userId: 'u1', capabilities: ['SEND_MESSAGE'], attributes: { a: 'b' } }, emu.region);
    const [minted] = emu.tokens();
    expect(minted).toMatchObject({ roomArn: room, userId: 'u1', capabilities: ['SEND_MESSAGE'], attributes: { a: 'b' } });
    expect(output.token).toBe(minted.token);
    expect(output.sessionExpirationTime).toEqual(new Date(minted.sessionExpirationTime));
  });

  test.each([
    ['throttled', () => emu.setRateLimits({ CreateChatToken: 0 }), {}],
    ['a validation error', () => undefined, { userId: '' }],
    ['a room that does not exist', () => undefined, { roomIdentifier: 'arn:aws:ivschat:us-east-1:123456789012:room/NoSuchRoom12' }],
    ['an account pending verification', () => emu.setPendingVerification(true), {}],
    ['an internal error', () => emu.setFaults({ seed: 1, internalErrorRate: 1 }), {}],
  ])('%s: the same error as the SDK raises', async (_, arrange, change) => {
    arrange();
    const [viaSdk, own] = await both({ roomIdentifier: room, userId: 'u1', ...change });
    expect(viaSdk).toBeDefined();
    expect(shape(own)).toEqual(shape(viaSdk));
  });

  test('a dropped connection is a retryable network error, as with the SDK', async () => {
    emu.setFaults({ seed: 1, dropRate: 1 });
    const [viaSdk, own] = await both({ roomIdentifier: room, userId: 'u1' });
    expect(isRetryable(viaSdk)).toBe(true);
    expect(isRetryable(own)).toBe(true);
    expect(isThrottle(own)).toBe(false);
  });
});

test('a server that never answers: a retryable TimeoutError after the request timeout', async () => {
  const sockets: import('net').Socket[] = [];
  const silent = createServer(() => undefined);
  silent.on('connection', (socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const env = {
    AWS_ENDPOINT_URL_IVSCHAT: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
    AWS_ACCESS_KEY_ID: KEYS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey,
  };
  const error = await createChatToken({ roomIdentifier: 'arn:aws:ivschat:us-east-1:123456789012:room/AbCdEfGhIjKl', userId: 'u' }, 'us-east-1', env)
    .then(() => undefined, (e: unknown) => e);
  for (const socket of sockets) socket.destroy();
  silent.close();
  expect(error).toMatchObject({ name: 'TimeoutError' });
  expect(isRetryable(error)).toBe(true);
});
