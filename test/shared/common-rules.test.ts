import { checkIntegerRange, checkName, checkTags, TagRules } from '../../src/private/shared/common-rules';
import { LOGGING_CONFIGURATION_TAG_RULES } from '../../src/private/shared/logging-rules';
import { ROOM_TAG_RULES } from '../../src/private/shared/room-rules';

describe('checkIntegerRange', () => {
  test.each([0, 11, 1.5, NaN])('%p is outside 1 to 10', (value) => {
    expect(checkIntegerRange('p', value, 1, 10)).toBe(`\`p\` must be an integer between 1 and 10, got: ${value}`);
  });

  test.each([1, 10])('%p is inside', (value) => {
    expect(checkIntegerRange('p', value, 1, 10)).toBeUndefined();
  });
});

describe('checkName: the one rule of room and logging-configuration names', () => {
  test.each(['', 'a', 'lobby_1-a', 'a'.repeat(128)])('%p is a name', (name) => {
    expect(checkName('name', name)).toBeUndefined();
  });

  test('a name of 129 characters, shown in part', () => {
    expect(checkName('name', 'a'.repeat(129))).toBe(`\`name\` must be at most 128 characters, got 129: "${'a'.repeat(80)}"…`);
  });

  test('a character outside the pattern', () => {
    expect(checkName('name', 'my room')).toBe('`name` must match /^[a-zA-Z0-9-_]*$/ (letters, digits, \'-\' and \'_\'), got: "my room"');
  });
});

describe('checkTags: one checker, each resource\'s rules', () => {
  const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));

  test.each([
    ['a room', ROOM_TAG_RULES, 'a chat room'],
    ['a logging configuration', LOGGING_CONFIGURATION_TAG_RULES, 'a chat logging configuration'],
  ] as Array<[string, TagRules, string]>)('%s takes 50 tags, not 51', (_, rules, resource) => {
    expect(checkTags(fifty, rules)).toEqual([]);
    expect(checkTags({ ...fifty, one: 'more' }, rules)).toEqual([`${resource} can have at most 50 tags, got: 51`]);
  });

  test('keys of 1 to 128 characters, counted in code points', () => {
    expect(checkTags({ ['😀'.repeat(128)]: 'v' }, ROOM_TAG_RULES)).toEqual([]);
    expect(checkTags({ ['k'.repeat(129)]: 'v', '': 'v' }, ROOM_TAG_RULES)).toEqual([
      `tag keys must be 1 to 128 characters, got 129: "${'k'.repeat(80)}"…`,
      'tag keys must be 1 to 128 characters, got 0: ""',
    ]);
  });

  test('a room takes empty values, as the API does; a logging configuration does not, as CloudFormation does not', () => {
    expect(checkTags({ empty: '' }, ROOM_TAG_RULES)).toEqual([]);
    expect(checkTags({ empty: '' }, LOGGING_CONFIGURATION_TAG_RULES)).toEqual([
      'the value of tag "empty" must be 1 to 256 characters (CloudFormation\'s AWS::IVSChat::LoggingConfiguration refuses empty values), got: 0',
    ]);
  });

  test('values of at most 256 characters', () => {
    expect(checkTags({ k: 'v'.repeat(256) }, ROOM_TAG_RULES)).toEqual([]);
    expect(checkTags({ k: 'v'.repeat(257) }, ROOM_TAG_RULES)).toEqual(['the value of tag "k" must be at most 256 characters, got: 257']);
  });

  test('__proto__ is refused only where the AWS SDK sends the tags', () => {
    const tags = JSON.parse('{"__proto__": "x"}');
    expect(checkTags(tags, ROOM_TAG_RULES)).toEqual([
      'tag key "__proto__" cannot be used: the AWS SDK drops it from requests, so it would never reach a chat room',
    ]);
    expect(checkTags(tags, LOGGING_CONFIGURATION_TAG_RULES)).toEqual([]);
  });

  test('tokens are counted but not measured', () => {
    const isToken = (value: string) => value.startsWith('${Token');
    const longKey = `\${Token[${'x'.repeat(130)}]}`;
    const tags = { [longKey]: 'v', k: `\${Token[${'y'.repeat(300)}]}` };
    expect(checkTags(tags, { ...LOGGING_CONFIGURATION_TAG_RULES, isToken })).toEqual([]);
    expect(checkTags(tags, LOGGING_CONFIGURATION_TAG_RULES)).toHaveLength(2);
  });
});
