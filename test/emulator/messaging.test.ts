import { CreateChatTokenCommand, CreateRoomCommand, DeleteMessageCommand, DeleteRoomCommand, DisconnectUserCommand, IvschatClient, SendEventCommand } from '@aws-sdk/client-ivschat';
import { WebSocket } from 'ws';
import { clientFor, lambdaArn } from './test-helpers';
import { IvsChatEmulator, startEmulator } from '../../local/src/emulator/index';

/**
 * The messaging WebSocket endpoint at the frame level, with a bare `ws` client: the handshake
 * rules for tokens, the requests and the MESSAGE / EVENT / ERROR frames. The client SDK's view
 * of the same endpoint is tested in test/e2e.
 */

type Frame = Record<string, any>;

const WAIT_MS = 2_000;

/** A raw connection that keeps every frame it receives. */
class Peer {
  readonly frames: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: (() => void)[] = [];

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()));
      this.waiters.forEach((w) => w());
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  send(frame: Frame): void {
    this.ws.send(JSON.stringify(frame));
  }

  /** The first frame (from `from` on) that matches, waiting for it if need be. */
  async next(match: (f: Frame) => boolean, from = 0): Promise<Frame> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const found = this.frames.slice(from).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching frame; got ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

let emu: IvsChatEmulator;
let ivschat: IvschatClient;
let clock = 0;
const peers: Peer[] = [];

beforeAll(async () => {
  emu = await startEmulator({ rateLimits: false, now: () => new Date(Date.now() + clock) });
  ivschat = clientFor(emu);
});

afterEach(() => {
  for (const peer of peers.splice(0)) peer.ws.terminate();
  clock = 0;
  emu.setFunctionInvoker(undefined);
  emu.reset();
});

afterAll(async () => {
  ivschat.destroy();
  await emu.stop();
});

async function room(props: Partial<{ maximumMessageLength: number; maximumMessageRatePerSecond: number; review: 'ALLOW' | 'DENY' }> = {}) {
  const { review, ...limits } = props;
  const created = await ivschat.send(new CreateRoomCommand({
    ...limits,
    ...(review && { messageReviewHandler: { uri: lambdaArn(emu), fallbackResult: review } }),
  }));
  return created.arn!;
}

async function token(roomArn: string, userId: string, capabilities: ('SEND_MESSAGE' | 'DELETE_MESSAGE' | 'DISCONNECT_USER')[] = ['SEND_MESSAGE'], attributes?: Record<string, string>) {
  return (await ivschat.send(new CreateChatTokenCommand({ roomIdentifier: roomArn, userId, capabilities, attributes }))).token!;
}

async function connect(chatToken: string): Promise<Peer> {
  const ws = new WebSocket(emu.messagingEndpoint, chatToken);
  const peer = new Peer(ws);
  peers.push(peer);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return peer;
}

/** The HTTP status and body of a refused handshake. */
async function refusal(protocol?: string): Promise<{ status: number; body: Frame }> {
  const ws = new WebSocket(emu.messagingEndpoint, protocol);
  return new Promise((resolve, reject) => {
    ws.once('open', () => reject(new Error('the handshake succeeded')));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => body += chunk.toString());
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(body) }));
    });
    ws.on('error', () => undefined);
  });
}

describe('handshake', () => {
  test('a token from CreateChatToken opens a connection once, with the token selected as the subprotocol', async () => {
    const arn = await room();
    const chatToken = await token(arn, 'alice');

    const peer = await connect(chatToken);

    expect(peer.ws.protocol).toBe(chatToken);
    expect(emu.sessions()).toEqual([expect.objectContaining({ roomArn: arn, userId: 'alice', capabilities: ['SEND_MESSAGE'], state: 'OPEN' })]);
    await expect(refusal(chatToken)).resolves.toEqual({ status: 401, body: { message: expect.stringContaining('already used') } });
  });

  test('no token, an unknown token, an expired token and a deleted room are refused', async () => {
    const arn = await room();
    const expiring = await token(arn, 'late');
    const orphan = await token(arn, 'orphan');

    await expect(refusal()).resolves.toMatchObject({ status: 401, body: { message: expect.stringContaining('Missing chat token') } });
    await expect(refusal('AQICAHnotatoken')).resolves.toMatchObject({ status: 401, body: { message: 'Invalid chat token' } });
    clock = 60_001;
    await expect(refusal(expiring)).resolves.toMatchObject({ status: 401, body: { message: expect.stringContaining('expired') } });
    clock = 0;
    await ivschat.send(new DeleteRoomCommand({ identifier: arn }));
    await expect(refusal(orphan)).resolves.toMatchObject({ status: 404 });

    expect(emu.refusedConnections().map((r) => [r.status, r.userId])).toEqual([[401, undefined], [401, undefined], [401, 'late'], [404, 'orphan']]);
    expect(emu.sessions()).toEqual([]);
  });

  test('a token used within its minute still connects', async () => {
    const arn = await room();
    const chatToken = await token(arn, 'alice');
    clock = 59_000;
    await expect(connect(chatToken)).resolves.toBeInstanceOf(Peer);
  });
});

describe('requests and frames', () => {
  test('SEND_MESSAGE reaches every connection of the room as a MESSAGE frame, the sender\'s included', async () => {
    const arn = await room();
    const other = await room();
    const alice = await connect(await token(arn, 'alice', ['SEND_MESSAGE'], { displayName: 'Alice' }));
    const bob = await connect(await token(arn, 'bob'));
    const elsewhere = await connect(await token(other, 'carol'));

    alice.send({ Action: 'SEND_MESSAGE', RequestId: 'r-1', Content: 'hello', Attributes: { mood: 'happy' } });

    const expected = {
      Type: 'MESSAGE',
      Id: expect.stringMatching(/^[a-zA-Z0-9]{12}$/),
      RequestId: 'r-1',
      Content: 'hello',
      Attributes: { mood: 'happy' },
      SendTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      Sender: { UserId: 'alice', Attributes: { displayName: 'Alice' } },
    };
    expect(await alice.next((f) => f.Type === 'MESSAGE')).toEqual(expected);
    expect(await bob.next((f) => f.Type === 'MESSAGE')).toEqual(expected);
    await new Promise((r) => setTimeout(r, 50));
    expect(elsewhere.frames).toEqual([]);
    expect(emu.messages()).toEqual([expect.objectContaining({ roomArn: arn, userId: 'alice', content: 'hello', recipients: 2 })]);
  });

  test('DELETE_MESSAGE and DISCONNECT_USER need their capability, then broadcast aws: events; the user is disconnected', async () => {
    const arn = await room();
    const viewer = await connect(await token(arn, 'viewer', []));
    const mod = await connect(await token(arn, 'mod', ['DELETE_MESSAGE', 'DISCONNECT_USER']));

    viewer.send({ Action: 'SEND_MESSAGE', RequestId: 'v-1', Content: 'hi' });
    viewer.send({ Action: 'DELETE_MESSAGE', RequestId: 'v-2', Id: 'abcdefABCDEF' });
    viewer.send({ Action: 'DISCONNECT_USER', RequestId: 'v-3', UserId: 'mod' });
    for (const requestId of ['v-1', 'v-2', 'v-3']) {
      expect(await viewer.next((f) => f.RequestId === requestId)).toEqual({
        Type: 'ERROR', Id: expect.any(String), RequestId: requestId, ErrorCode: 403, ErrorMessage: expect.stringContaining('capabilities do not permit'),
      });
    }

    mod.send({ Action: 'DELETE_MESSAGE', RequestId: 'm-1', Id: 'abcdefABCDEF', Reason: 'spam' });
    const deleted = { Type: 'EVENT', Id: expect.any(String), RequestId: 'm-1', EventName: 'aws:DELETE_MESSAGE', Attributes: { MessageId: 'abcdefABCDEF', MessageID: 'abcdefABCDEF', Reason: 'spam' }, SendTime: expect.any(String) };
    expect(await mod.next((f) => f.RequestId === 'm-1')).toEqual(deleted);
    expect(await viewer.next((f) => f.RequestId === 'm-1')).toEqual(deleted);

    mod.send({ Action: 'DISCONNECT_USER', RequestId: 'm-2', UserId: 'viewer', Reason: 'rude' });
    expect(await viewer.next((f) => f.RequestId === 'm-2')).toMatchObject({ Type: 'EVENT', EventName: 'aws:DISCONNECT_USER', Attributes: { UserId: 'viewer', Reason: 'rude' } });
    await expect(viewer.closed).resolves.toEqual({ code: 1000, reason: 'Disconnected by a moderator' });
    expect(emu.sessions().find((s) => s.userId === 'viewer')).toMatchObject({ state: 'CLOSED', closeReason: 'disconnected' });
    expect(emu.messagingRequests().map((r) => [r.action, r.status])).toEqual([
      ['SEND_MESSAGE', 403], ['DELETE_MESSAGE', 403], ['DISCONNECT_USER', 403], ['DELETE_MESSAGE', 200], ['DISCONNECT_USER', 200],
    ]);
  });

  test('malformed requests get ERROR 400 (413 for attributes over 1 KB)', async () => {
    const arn = await room();
    const peer = await connect(await token(arn, 'alice', ['SEND_MESSAGE', 'DELETE_MESSAGE', 'DISCONNECT_USER']));

    peer.ws.send('not json');
    expect(await peer.next(() => true)).toMatchObject({ Type: 'ERROR', ErrorCode: 400 });
    expect(peer.frames[0].RequestId).toBeUndefined();
    const cases: [Frame, number][] = [
      [{ Action: 'SHOUT', RequestId: 'a' }, 400],
      [{ Action: 'SEND_MESSAGE', RequestId: 'b' }, 400],
      [{ Action: 'SEND_MESSAGE', RequestId: 'c', Content: '' }, 400],
      [{ Action: 'SEND_MESSAGE', RequestId: 'd', Content: 'x', Attributes: { n: 1 } }, 400],
      [{ Action: 'SEND_MESSAGE', RequestId: 'e', Content: 'x', Attributes: { big: 'x'.repeat(1100) } }, 413],
      [{ Action: 'DELETE_MESSAGE', RequestId: 'f', Id: 'short' }, 400],
      [{ Action: 'DISCONNECT_USER', RequestId: 'g', UserId: 'u', Reason: '' }, 400],
    ];
    for (const [frame, code] of cases) {
      peer.send(frame);
      expect(await peer.next((f) => f.RequestId === frame.RequestId)).toMatchObject({ Type: 'ERROR', ErrorCode: code });
    }
  });

  test('UserId (1–128) and Reason (1–256) count code points, as the model counts UserID and Reason', async () => {
    const arn = await room();
    const mod = await connect(await token(arn, 'mod', ['DELETE_MESSAGE', 'DISCONNECT_USER']));
    const cases: [Frame, string][] = [
      // 128 emoji are 256 UTF-16 units: within the limit.
      [{ Action: 'DISCONNECT_USER', RequestId: 'u128', UserId: '😀'.repeat(128) }, 'EVENT'],
      [{ Action: 'DISCONNECT_USER', RequestId: 'u129', UserId: '😀'.repeat(129) }, 'ERROR'],
      [{ Action: 'DELETE_MESSAGE', RequestId: 'r256', Id: 'abcdefABCDEF', Reason: '😀'.repeat(256) }, 'EVENT'],
      [{ Action: 'DELETE_MESSAGE', RequestId: 'r257', Id: 'abcdefABCDEF', Reason: '😀'.repeat(257) }, 'ERROR'],
    ];
    for (const [frame, type] of cases) {
      mod.send(frame);
      expect(await mod.next((f) => f.RequestId === frame.RequestId)).toMatchObject(type === 'ERROR' ? { Type: 'ERROR', ErrorCode: 400 } : { Type: 'EVENT' });
    }
  });

  test('aws:DELETE_MESSAGE carries MessageId and the deprecated MessageID (Messaging API reference)', async () => {
    const arn = await room();
    const mod = await connect(await token(arn, 'mod', ['DELETE_MESSAGE']));

    mod.send({ Action: 'DELETE_MESSAGE', RequestId: 'd', Id: 'abcdefABCDEF' });

    const event = await mod.next((f) => f.RequestId === 'd');
    expect(event.Attributes).toEqual({ MessageId: 'abcdefABCDEF', MessageID: 'abcdefABCDEF' });
    await ivschat.send(new DeleteMessageCommand({ roomIdentifier: arn, id: 'ghijklGHIJKL' }));
    expect((await mod.next((f) => f.Attributes?.MessageId === 'ghijklGHIJKL')).Attributes).toEqual({ MessageId: 'ghijklGHIJKL', MessageID: 'ghijklGHIJKL' });
  });

  test('maximumMessageLength counts code points: 4 emoji fit a limit of 4, 5 get ERROR 400', async () => {
    const arn = await room({ maximumMessageLength: 4 });
    const peer = await connect(await token(arn, 'alice'));

    peer.send({ Action: 'SEND_MESSAGE', RequestId: 'fits', Content: '😀😀😀😀' });
    peer.send({ Action: 'SEND_MESSAGE', RequestId: 'long', Content: '😀😀😀😀😀' });

    expect(await peer.next((f) => f.RequestId === 'fits')).toMatchObject({ Type: 'MESSAGE', Content: '😀😀😀😀' });
    expect(await peer.next((f) => f.RequestId === 'long')).toMatchObject({
      Type: 'ERROR', ErrorCode: 400, ErrorMessage: 'Messages must be at most 4 chars (this room\'s maximumMessageLength), got 5',
    });
  });

  test('maximumMessageRatePerSecond is shared by all connections of the room: the excess gets ERROR 429', async () => {
    const arn = await room({ maximumMessageRatePerSecond: 3 });
    const alice = await connect(await token(arn, 'alice'));
    const bob = await connect(await token(arn, 'bob'));

    for (let i = 0; i < 3; i++) alice.send({ Action: 'SEND_MESSAGE', RequestId: `a${i}`, Content: `a${i}` });
    for (let i = 0; i < 2; i++) bob.send({ Action: 'SEND_MESSAGE', RequestId: `b${i}`, Content: `b${i}` });

    expect(await bob.next((f) => f.RequestId === 'b1')).toMatchObject({ Type: 'ERROR', ErrorCode: 429, ErrorMessage: expect.stringContaining('Rate limit exceeded') });
    expect(emu.messagingRequests().filter((r) => r.status === 200)).toHaveLength(3);
    expect(emu.messagingRequests().filter((r) => r.status === 429)).toHaveLength(2);
  });

  test('control-plane SendEvent, DeleteMessage and DisconnectUser reach the room\'s connections', async () => {
    const arn = await room();
    const peer = await connect(await token(arn, 'alice'));

    const sent = await ivschat.send(new SendEventCommand({ roomIdentifier: arn, eventName: 'app:poll', attributes: { question: 'tea?' } }));
    await ivschat.send(new DeleteMessageCommand({ roomIdentifier: arn, id: 'abcdefABCDEF', reason: 'cleanup' }));
    await ivschat.send(new DisconnectUserCommand({ roomIdentifier: arn, userId: 'alice', reason: 'banned' }));

    expect(await peer.next((f) => f.EventName === 'app:poll')).toEqual({
      Type: 'EVENT', Id: sent.id, EventName: 'app:poll', Attributes: { question: 'tea?' }, SendTime: expect.any(String),
    });
    expect(await peer.next((f) => f.EventName === 'aws:DELETE_MESSAGE')).toMatchObject({ Attributes: { MessageId: 'abcdefABCDEF', MessageID: 'abcdefABCDEF', Reason: 'cleanup' } });
    expect(await peer.next((f) => f.EventName === 'aws:DISCONNECT_USER')).toMatchObject({ Attributes: { UserId: 'alice', Reason: 'banned' } });
    await expect(peer.closed).resolves.toMatchObject({ code: 1000 });
  });

  test('DeleteRoom closes the room\'s connections', async () => {
    const arn = await room();
    const peer = await connect(await token(arn, 'alice'));

    await ivschat.send(new DeleteRoomCommand({ identifier: arn }));

    await expect(peer.closed).resolves.toEqual({ code: 1000, reason: 'Room deleted' });
  });
});

describe('session expiry', () => {
  test('a request after sessionExpirationTime gets ERROR 401 and the server closes the connection', async () => {
    const arn = await room();
    const chatToken = (await ivschat.send(new CreateChatTokenCommand({ roomIdentifier: arn, userId: 'alice', capabilities: ['SEND_MESSAGE'], sessionDurationInMinutes: 1 }))).token!;
    const peer = await connect(chatToken);

    clock = 60_000;
    peer.send({ Action: 'SEND_MESSAGE', RequestId: 'late', Content: 'still here?' });

    expect(await peer.next((f) => f.RequestId === 'late')).toMatchObject({ Type: 'ERROR', ErrorCode: 401, ErrorMessage: expect.stringContaining('Session expired') });
    await expect(peer.closed).resolves.toEqual({ code: 1000, reason: 'Session expired' });
    expect(emu.sessions()[0]).toMatchObject({ state: 'CLOSED', closeReason: 'session-expired' });
  });

  test('expireSessions() ends sessions whose time has passed on the emulator clock, and only those', async () => {
    const arn = await room();
    const short = await connect((await ivschat.send(new CreateChatTokenCommand({ roomIdentifier: arn, userId: 'short', sessionDurationInMinutes: 1 }))).token!);
    const long = await connect((await ivschat.send(new CreateChatTokenCommand({ roomIdentifier: arn, userId: 'long', sessionDurationInMinutes: 2 }))).token!);

    clock = 90_000;
    expect(emu.expireSessions()).toBe(1);

    expect(await short.next((f) => f.Type === 'ERROR')).toMatchObject({ ErrorCode: 401 });
    await expect(short.closed).resolves.toMatchObject({ code: 1000 });
    expect(long.ws.readyState).toBe(WebSocket.OPEN);
  });
});

describe('message review handler', () => {
  const invoked: Frame[] = [];
  beforeEach(() => invoked.splice(0));

  async function reviewedRoom(fallback: 'ALLOW' | 'DENY', handler: (event: Frame) => Promise<unknown>) {
    emu.setFunctionInvoker(async (arn, event) => {
      invoked.push({ arn, event });
      return handler(event);
    });
    const arn = await room({ review: fallback, maximumMessageLength: 20 });
    return { arn, peer: await connect(await token(arn, 'alice', ['SEND_MESSAGE'], { displayName: 'Alice' })) };
  }

  test('is invoked with the documented event; its Content and Attributes replace the message\'s', async () => {
    const { arn, peer } = await reviewedRoom('DENY', async (event) => ({ ReviewResult: 'ALLOW', Content: event.Content.toUpperCase(), Attributes: { reviewed: 'yes' } }));

    peer.send({ Action: 'SEND_MESSAGE', RequestId: 'r', Content: 'quiet', Attributes: { a: '1' } });

    const message = await peer.next((f) => f.RequestId === 'r');
    expect(message).toMatchObject({ Type: 'MESSAGE', Content: 'QUIET', Attributes: { reviewed: 'yes' } });
    expect(invoked).toEqual([{
      arn: lambdaArn(emu),
      event: { Content: 'quiet', MessageId: message.Id, RoomArn: arn, Attributes: { a: '1' }, Sender: { UserId: 'alice', Attributes: { displayName: 'Alice' }, Ip: '127.0.0.1' } },
    }]);
    expect(emu.reviews()).toEqual([expect.objectContaining({ messageId: message.Id, result: 'ALLOW', decidedBy: 'handler' })]);
  });

  test('DENY: the sender gets ERROR 406 with the message id, nobody gets the message', async () => {
    const { peer } = await reviewedRoom('ALLOW', async () => ({ ReviewResult: 'DENY' }));

    peer.send({ Action: 'SEND_MESSAGE', RequestId: 'r', Content: 'nope' });

    const error = await peer.next((f) => f.RequestId === 'r');
    expect(error).toMatchObject({ Type: 'ERROR', ErrorCode: 406 });
    expect(error.Id).toBe(emu.reviews()[0].messageId);
    expect(emu.messages()).toEqual([]);
  });

  test('DENY with Attributes.Reason: the reason is the sender\'s 406 ErrorMessage (user guide, message review handler)', async () => {
    const { peer } = await reviewedRoom('ALLOW', async (event) => ({ ReviewResult: 'DENY', Content: event.Content, Attributes: { Reason: 'No links, please' } }));

    peer.send({ Action: 'SEND_MESSAGE', RequestId: 'r', Content: 'see http://x' });

    expect(await peer.next((f) => f.RequestId === 'r')).toMatchObject({ Type: 'ERROR', ErrorCode: 406, ErrorMessage: 'No links, please' });
    expect(emu.messagingRequests().pop()).toMatchObject({ status: 406, errorMessage: 'No links, please' });
    // The review record keeps what was reviewed and the handler's reason, for those who watch the room.
    expect(emu.reviews().pop()).toMatchObject({
      result: 'DENY', decidedBy: 'handler', content: 'see http://x', reason: 'No links, please', attributes: { Reason: 'No links, please' },
    });
  });

  test.each([
    ['a timeout', 'timeout', () => new Promise((r) => setTimeout(() => r({ ReviewResult: 'ALLOW', Content: 'late' }), 400))],
    ['an error', 'error', async () => { throw new Error('boom'); }],
    ['an invalid ReviewResult', 'invalid-response', async () => ({ ReviewResult: 'MAYBE', Content: 'original' })],
    ['a lower-case ReviewResult', 'invalid-response', async () => ({ ReviewResult: 'allow', Content: 'original' })],
    ['Content over the room\'s limit', 'invalid-response', async () => ({ ReviewResult: 'ALLOW', Content: 'x'.repeat(21) })],
    ['ALLOW without Content', 'invalid-response', async () => ({ ReviewResult: 'ALLOW' })],
    ['ALLOW with an empty Content', 'invalid-response', async () => ({ ReviewResult: 'ALLOW', Content: '' })],
    ['ALLOW with a Content that is not a string', 'invalid-response', async () => ({ ReviewResult: 'ALLOW', Content: 42 })],
    ['Attributes that are not a string map', 'invalid-response', async () => ({ ReviewResult: 'ALLOW', Content: 'x', Attributes: { n: 1 } })],
    ['no response', 'invalid-response', async () => undefined],
  ])('%s falls back to the room\'s fallbackResult', async (_, reason, handler) => {
    for (const fallback of ['DENY', 'ALLOW'] as const) {
      const { peer } = await reviewedRoom(fallback, handler);
      peer.send({ Action: 'SEND_MESSAGE', RequestId: fallback, Content: 'original' });
      const answer = await peer.next((f) => f.RequestId === fallback);
      expect(answer).toMatchObject(fallback === 'DENY' ? { Type: 'ERROR', ErrorCode: 406 } : { Type: 'MESSAGE', Content: 'original' });
      expect(emu.reviews().pop()).toMatchObject({ result: fallback, decidedBy: 'fallback', fallbackReason: reason });
    }
  });

  describe('Lambda\'s side: a function whose resource policy the emulator knows', () => {
    const permission = (sourceArn: string, sourceAccount = '123456789012') => ({
      Statement: [{
        Effect: 'Allow',
        Principal: { Service: 'ivschat.amazonaws.com' },
        Action: 'lambda:InvokeFunction',
        Resource: lambdaArn(emu),
        Condition: { ArnLike: { 'AWS:SourceArn': sourceArn }, StringEquals: { 'AWS:SourceAccount': sourceAccount } },
      }],
    });
    const allow = async () => ({ ReviewResult: 'ALLOW', Content: 'reviewed' });

    afterEach(() => emu.iam.removeResource(lambdaArn(emu)));

    test('is invoked when the policy allows ivschat.amazonaws.com for this room', async () => {
      const { arn, peer } = await reviewedRoom('DENY', allow);
      emu.iam.setResourcePolicy(lambdaArn(emu), permission(arn));

      peer.send({ Action: 'SEND_MESSAGE', RequestId: 'r', Content: 'hi' });

      expect(await peer.next((f) => f.RequestId === 'r')).toMatchObject({ Type: 'MESSAGE', Content: 'reviewed' });
      expect(emu.iam.decisions().pop()).toMatchObject({ principal: 'ivschat.amazonaws.com', action: 'lambda:InvokeFunction', decision: 'Allow' });
    });

    test('a wildcard SourceArn of the account\'s rooms matches (ArnLike)', async () => {
      const { peer } = await reviewedRoom('DENY', allow);
      emu.iam.setResourcePolicy(lambdaArn(emu), permission('arn:aws:ivschat:us-east-1:123456789012:room/*'));

      peer.send({ Action: 'SEND_MESSAGE', RequestId: 'r', Content: 'hi' });

      expect(await peer.next((f) => f.RequestId === 'r')).toMatchObject({ Type: 'MESSAGE' });
    });

    test.each([
      ['no policy at all', undefined, undefined],
      ['a policy for another room', 'arn:aws:ivschat:us-east-1:123456789012:room/OtherRoom123', undefined],
      ['a policy for another account', 'arn:aws:ivschat:us-east-1:123456789012:room/*', '210987654321'],
    ])('%s: not invoked, the fallback decides and the review says why', async (_what, sourceArn, account) => {
      const { arn, peer } = await reviewedRoom('DENY', allow);
      emu.iam.setResourcePolicy(lambdaArn(emu), sourceArn === undefined ? undefined : permission(sourceArn, account));

      peer.send({ Action: 'SEND_MESSAGE', RequestId: 'r', Content: 'hi' });

      expect(await peer.next((f) => f.RequestId === 'r')).toMatchObject({ Type: 'ERROR', ErrorCode: 406 });
      expect(invoked).toEqual([]);
      expect(emu.reviews().pop()).toMatchObject({
        decidedBy: 'fallback',
        fallbackReason: 'invoke-denied',
        detail: `AccessDeniedException: User: ivschat.amazonaws.com is not authorized to perform: lambda:InvokeFunction on resource: ${lambdaArn(emu)} `
          + 'because no resource-based policy allows the lambda:InvokeFunction action',
      });
      expect(emu.denials().pop()).toMatchObject({ service: 'lambda', action: 'lambda:InvokeFunction', resource: lambdaArn(emu) });
      expect(emu.room(arn)?.messageReviewHandler?.uri).toBe(lambdaArn(emu));
    });
  });

  test('the timeout is 200 ms', async () => {
    const { peer } = await reviewedRoom('DENY', () => new Promise((r) => setTimeout(() => r({ ReviewResult: 'ALLOW', Content: 'in time' }), 150)));

    peer.send({ Action: 'SEND_MESSAGE', RequestId: 'r', Content: 'in time' });

    expect(await peer.next((f) => f.RequestId === 'r')).toMatchObject({ Type: 'MESSAGE' });
    const [review] = emu.reviews();
    expect(review.decidedBy).toBe('handler');
    expect(review.durationMs).toBeGreaterThanOrEqual(140);
  });

  test('without an invoker the fallback applies', async () => {
    const arn = await room({ review: 'DENY' });
    const peer = await connect(await token(arn, 'alice'));

    peer.send({ Action: 'SEND_MESSAGE', RequestId: 'r', Content: 'hello' });

    expect(await peer.next((f) => f.RequestId === 'r')).toMatchObject({ Type: 'ERROR', ErrorCode: 406 });
    expect(emu.reviews()[0]).toMatchObject({ decidedBy: 'fallback', fallbackReason: 'no-invoker' });
  });
});
