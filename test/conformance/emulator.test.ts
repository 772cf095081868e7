import { request } from 'http';
import { BoundaryCase, boundaryCases, fieldName } from './cases';
import { loadModel, ServiceModel } from './model';
import { IvsChatEmulator, startEmulator } from '../../local/src/emulator';

/**
 * The emulator against the service model, case by generated case: for every operation and every
 * input member with a constraint, values just inside are accepted (no ValidationException) and
 * values just outside are refused with 400 ValidationException naming the member. Requests go
 * over HTTP as the model binds them (body, URI label, query string), not through an SDK, so
 * nothing checks them on the way.
 */

const model: ServiceModel = loadModel();
const env = { accountId: '123456789012', region: 'us-east-1' };
const { cases, skipped, members } = boundaryCases(model, env);
let emu: IvsChatEmulator;

beforeAll(async () => {
  emu = await startEmulator({ ...env, rateLimits: false });
});

afterAll(async () => {
  await emu.stop();
  const operations = new Set(cases.map((c) => c.operation));
  const covered = new Set(cases.filter((c) => c.path).map((c) => `${c.operation} ${c.path}`));
  process.stdout.write(`conformance: ${operations.size} operations, ${covered.size} constrained members (of ${members.length}), `
    + `${cases.length} cases; ${skipped.length} boundaries not generated\n`);
});

interface Answer {
  readonly status: number;
  readonly errorType?: string;
  readonly body: any;
}

/** Sends an operation's input as the model's HTTP binding places each member. */
function send(operation: string, input: Record<string, unknown>): Promise<Answer> {
  const { http, input: inputShape } = model.operations[operation];
  const bindings = model.shapes[inputShape!.shape].members ?? {};
  let path = http.requestUri;
  const query = new URLSearchParams();
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    const member = bindings[name];
    if (member?.location === 'uri') path = path.replace(`{${member.locationName}}`, encodeURIComponent(String(value)));
    else if (member?.location === 'querystring') for (const item of value as unknown[]) query.append(member.locationName!, String(item));
    else body[name] = value;
  }
  // A label left unfilled is an empty segment, as a missing label would be sent.
  path = path.replace(/\{[^}]+\}/g, '');
  const payload = http.method === 'GET' || http.method === 'DELETE' ? undefined : JSON.stringify(body);
  const url = new URL(`${path}${query.size > 0 ? `?${query}` : ''}`, emu.endpoint);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: http.method,
      headers: {
        'content-type': 'application/json',
        'authorization': `AWS4-HMAC-SHA256 Credential=AKIDCONFORMANCE/20250101/${env.region}/ivschat/aws4_request, SignedHeaders=host, Signature=0`,
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, errorType: res.headers['x-amzn-errortype'] as string | undefined, body: text ? JSON.parse(text) : undefined });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * Boundaries the generator cannot make a value for, and why (local/src/emulator/README.md explains
 * them): an identifier's minimum length of 1 is below the shortest ARN its pattern allows; a
 * pagination token must be one the service returned; an empty list cannot be sent as a query
 * string.
 */
const ARN_MIN = 'no value of length 1 matches the pattern';
const TOKEN = 'a nextToken must be one a previous call returned; its length alone does not make it valid';
const SKIPPED: string[] = [
  ...[
    'CreateChatToken roomIdentifier',
    'CreateRoom loggingConfigurationIdentifiers[]',
    'DeleteLoggingConfiguration identifier',
    'DeleteMessage roomIdentifier',
    'DeleteRoom identifier',
    'DisconnectUser roomIdentifier',
    'GetLoggingConfiguration identifier',
    'GetRoom identifier',
    'ListRooms loggingConfigurationIdentifier',
    'ListTagsForResource resourceArn',
    'SendEvent roomIdentifier',
    'TagResource resourceArn',
    'UntagResource resourceArn',
    'UpdateLoggingConfiguration identifier',
    'UpdateRoom identifier',
    'UpdateRoom loggingConfigurationIdentifiers[]',
  ].map((member) => `${member}: ${ARN_MIN}`),
  `ListLoggingConfigurations nextToken: length 0: ${TOKEN}`,
  `ListLoggingConfigurations nextToken: length 1024: ${TOKEN}`,
  `ListRooms nextToken: length 0: ${TOKEN}`,
  `ListRooms nextToken: length 1024: ${TOKEN}`,
  'UntagResource tagKeys: an empty list cannot be sent in a query string (no parameter at all is the member missing)',
].sort();

const title = (c: BoundaryCase) => `${c.path || '(input)'}: ${c.description} is ${c.expect}`;

describe.each(Object.keys(model.operations).sort())('%s', (operation) => {
  test.each(cases.filter((c) => c.operation === operation).map((c) => [title(c), c] as const))('%s', async (_title, c) => {
    const answer = await send(c.operation, c.input);
    if (c.expect === 'accepted') {
      // Anything but a refusal of the request itself: 200, or 404 for an identifier nothing has.
      expect(answer.status === 400 ? answer.body : 'not refused').toBe('not refused');
    } else {
      expect(answer).toMatchObject({ status: 400, errorType: 'ValidationException' });
      const names: string[] = (answer.body.fieldList ?? []).map((f: { name: string }) => f.name);
      const field = fieldName(c.path);
      expect(names.filter((n) => n === field || n.startsWith(`${field}.`))).not.toEqual([]);
    }
  });
});

test('every operation of the model has cases, and what could not be generated is known', () => {
  expect(new Set(cases.map((c) => c.operation))).toEqual(new Set(Object.keys(model.operations)));
  expect(skipped.map((s) => `${s.operation} ${s.path}: ${s.why}`).sort()).toEqual(SKIPPED);
});
