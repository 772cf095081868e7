import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { config, reviewEvent as event } from './config';
import { loadReviewer } from '../../lambda/message-review/config';
import { MessageMatcher } from '../../lambda/message-review/matcher';
import { MAX_CONTENT_UNITS, reviewEvent, ReviewerState } from '../../lambda/message-review/review';
import type { ReviewConfigFile } from '../../src/private/shared/review-contract';

function reviewer(overrides: Partial<ReviewConfigFile> = {}): ReviewerState {
  const c = config({ deniedTerms: ['bad'], ...overrides });
  return { matcher: MessageMatcher.compile(c), reasonAttribute: c.reasonAttribute };
}

let warn: jest.SpyInstance;
let error: jest.SpyInstance;
beforeEach(() => {
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

describe('well-formed events', () => {
  test('a clean message: ALLOW, content and attributes exactly as they came', () => {
    const attributes = { color: 'blue', emoji: '😀' };
    const response = reviewEvent(reviewer(), event('hello there', attributes));
    expect(response).toEqual({ ReviewResult: 'ALLOW', Content: 'hello there', Attributes: { color: 'blue', emoji: '😀' } });
    expect(warn).not.toHaveBeenCalled();
  });

  test('DENY: the content unchanged, the attributes passed through, the reason added', () => {
    const response = reviewEvent(reviewer(), event('so bad', { color: 'blue' }));
    expect(response).toEqual({ ReviewResult: 'DENY', Content: 'so bad', Attributes: { color: 'blue', reviewReason: 'denied-term' } });
  });

  test('MASK: ALLOW with the content masked, the attributes passed through, the reason added', () => {
    const response = reviewEvent(reviewer({ action: 'MASK', maxLinks: 0 }), event('so bad, see a.com', { color: 'blue' }));
    expect(response).toEqual({
      ReviewResult: 'ALLOW',
      Content: 'so ***, see *****',
      Attributes: { color: 'blue', reviewReason: 'denied-term,links' },
    });
  });

  test('a custom reason attribute key', () => {
    const response = reviewEvent(reviewer({ reasonAttribute: 'moderation' }), event('bad'));
    expect(response.Attributes).toEqual({ moderation: 'denied-term' });
  });

  test('an empty reason attribute key adds no attribute', () => {
    const response = reviewEvent(reviewer({ reasonAttribute: '' }), event('bad', { a: 'b' }));
    expect(response).toEqual({ ReviewResult: 'DENY', Content: 'bad', Attributes: { a: 'b' } });
  });

  test('a sender cannot set the reason attribute: it is removed, on clean messages too', () => {
    expect(reviewEvent(reviewer(), event('hello', { reviewReason: 'approved', a: 'b' })).Attributes).toEqual({ a: 'b' });
    expect(reviewEvent(reviewer(), event('bad', { reviewReason: 'approved' })).Attributes).toEqual({ reviewReason: 'denied-term' });
  });

  test('the reason is not added when the attributes would exceed 1 KB', () => {
    const big = { k: 'v'.repeat(1010) };
    expect(reviewEvent(reviewer(), event('bad', big)).Attributes).toEqual(big);
  });

  test('a missing Attributes field gives {}', () => {
    const { Attributes: _, ...withoutAttributes } = event('hello');
    expect(reviewEvent(reviewer(), withoutAttributes)).toEqual({ ReviewResult: 'ALLOW', Content: 'hello', Attributes: {} });
  });

  test('Attributes that are not a map of strings: non-string entries are dropped, a non-object gives {}', () => {
    expect(reviewEvent(reviewer(), { ...event('hello'), Attributes: { a: 'b', n: 1, o: {} } }).Attributes).toEqual({ a: 'b' });
    expect(reviewEvent(reviewer(), { ...event('hello'), Attributes: 'x' }).Attributes).toEqual({});
    expect(reviewEvent(reviewer(), { ...event('hello'), Attributes: ['x'] }).Attributes).toEqual({});
  });

  test('an empty message is reviewed like any other: ALLOW', () => {
    expect(reviewEvent(reviewer(), event(''))).toEqual({ ReviewResult: 'ALLOW', Content: '', Attributes: {} });
  });

  test('a message of the room maximum (500 code points of astral characters) is reviewed', () => {
    const content = '😀'.repeat(500);
    expect(reviewEvent(reviewer(), event(content)).ReviewResult).toBe('ALLOW');
  });
});

describe('malformed events: DENY with reason malformed-event, never a throw', () => {
  test.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'hello'],
    ['a number', 42],
    ['an array', ['hello']],
    ['an empty object', {}],
  ])('the event is %s: DENY, empty content', (_, value) => {
    expect(reviewEvent(reviewer(), value)).toEqual({ ReviewResult: 'DENY', Content: '', Attributes: { reviewReason: 'malformed-event' } });
    expect(warn).toHaveBeenCalledTimes(1);
  });

  test.each([
    ['a number', 42],
    ['null', null],
    ['an object', { text: 'hi' }],
  ])('Content is %s: DENY, empty content, attributes kept', (_, content) => {
    expect(reviewEvent(reviewer(), { ...event(''), Content: content, Attributes: { a: 'b' } }))
      .toEqual({ ReviewResult: 'DENY', Content: '', Attributes: { a: 'b', reviewReason: 'malformed-event' } });
  });

  test(`Content longer than ${MAX_CONTENT_UNITS} UTF-16 units (no room sends that): DENY, content unchanged`, () => {
    const content = 'a'.repeat(MAX_CONTENT_UNITS + 1);
    expect(reviewEvent(reviewer(), event(content))).toEqual({ ReviewResult: 'DENY', Content: content, Attributes: { reviewReason: 'malformed-event' } });
    expect(reviewEvent(reviewer(), event('a'.repeat(MAX_CONTENT_UNITS))).ReviewResult).toBe('ALLOW');
  });

  test('the log line names the problem, never the content', () => {
    reviewEvent(reviewer(), { ...event('secret words'), Content: 12 });
    reviewEvent(reviewer(), event('x'.repeat(MAX_CONTENT_UNITS + 1)));
    const logged = warn.mock.calls.map((args) => args.join(' ')).join('\n');
    expect(logged).toContain('Malformed review event');
    expect(logged).not.toContain('secret');
    expect(logged).not.toContain('xxxx');
  });

  test('an unexpected error while matching: DENY with reason reviewer-error, logged', () => {
    const state = reviewer();
    if ('matcher' in state) {
      jest.spyOn(state.matcher, 'review').mockImplementation(() => {
        throw new RangeError('boom');
      });
    }
    expect(reviewEvent(state, event('hello', { a: 'b' })))
      .toEqual({ ReviewResult: 'DENY', Content: 'hello', Attributes: { a: 'b', reviewReason: 'reviewer-error' } });
    expect(error.mock.calls[0][0]).toContain('RangeError: boom');
  });
});

describe('loading the configuration (once per container)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-config-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function write(contents: string): string {
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(file, contents);
    return file;
  }

  test('a valid file gives a matcher with the configured reason attribute', () => {
    const state = loadReviewer(write(JSON.stringify(config({ deniedTerms: ['bad'], reasonAttribute: 'why' }))));
    expect(reviewEvent(state, event('bad'))).toEqual({ ReviewResult: 'DENY', Content: 'bad', Attributes: { why: 'denied-term' } });
  });

  test.each([
    ['a missing file', undefined, /ENOENT/],
    ['invalid JSON', '{', /JSON/],
    ['another version', JSON.stringify({ ...config(), version: 2 }), /unsupported configuration version 2/],
    ['a pattern that does not compile', JSON.stringify(config({ deniedPatterns: ['('] })), /error parsing regexp/],
  ])('%s: every message is denied with reason reviewer-error, logged once', (_, contents, reason) => {
    const file = contents === undefined ? path.join(dir, 'absent.json') : write(contents);
    const state = loadReviewer(file);
    expect(state).toEqual({ error: expect.stringMatching(reason), reasonAttribute: 'reviewReason' });
    expect(error).toHaveBeenCalledTimes(1);
    expect(reviewEvent(state, event('hello'))).toEqual({ ReviewResult: 'DENY', Content: 'hello', Attributes: { reviewReason: 'reviewer-error' } });
  });

  test('the exported handler answers asynchronously and never rejects', async () => {
    process.env.REVIEW_CONFIG_PATH = write(JSON.stringify(config({ deniedTerms: ['bad'], action: 'MASK' })));
    try {
      let handler!: typeof import('../../lambda/message-review').handler;
      jest.isolateModules(() => {
        // A fresh module registry re-runs the handler's init, which reads REVIEW_CONFIG_PATH.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        handler = require('../../lambda/message-review').handler;
      });
      await expect(handler(event('not bad'))).resolves.toEqual({ ReviewResult: 'ALLOW', Content: 'not ***', Attributes: { reviewReason: 'denied-term' } });
      await expect(handler(undefined)).resolves.toMatchObject({ ReviewResult: 'DENY' });
    } finally {
      delete process.env.REVIEW_CONFIG_PATH;
    }
  });
});

describe('a pattern that matches the empty string (refused at synth) cannot hang the handler', () => {
  test('it steps over empty matches', () => {
    const state = reviewer({ deniedTerms: [], deniedPatterns: ['x*'], action: 'MASK' });
    expect(reviewEvent(state, event('a xx b'))).toEqual({ ReviewResult: 'ALLOW', Content: 'a ** b', Attributes: { reviewReason: 'denied-pattern' } });
  });
});
