import { anchored, loadModel, matchingString } from './model';
import { checkIntegerRange, checkName, checkTags, NAME_LIMITS, TAG_LIMITS } from '../../src/private/shared/common-rules';
import { LOGGING_CONFIGURATION_TAG_RULES } from '../../src/private/shared/logging-rules';
import {
  checkFallbackResult, checkLoggingConfigurationIdentifiers, checkReviewHandlerUri, FALLBACK_RESULTS, ROOM_LIMITS, ROOM_TAG_RULES,
} from '../../src/private/shared/room-rules';
import { TOKEN_ISSUER_DEFAULTS } from '../../src/private/shared/token-contract';
import { CAPABILITIES, checkCapabilities, checkSessionMinutes, checkUserId, TOKEN_LIMITS } from '../../src/private/shared/token-rules';

/**
 * The rules the constructs and handlers check before calling IVS Chat (src/private/shared/) against the
 * service model: the same limits, patterns, enums and documented defaults, read from the model,
 * not copied. Where a construct is stricter than the API on purpose (CloudFormation's schema for
 * logging-configuration tag values), it may only be stricter.
 */

const model = loadModel();
const shape = (name: string) => model.shapes[name];
/** The number a member's documentation gives after `Default:` (the model has no other place for defaults). */
const documentedDefault = (structure: string, member: string) => Number(/Default: ([0-9]+)/.exec(shape(structure).members![member].documentation ?? '')?.[1]);
const ok = (error: string | string[] | undefined) => (Array.isArray(error) ? error.length === 0 : error === undefined);

test('the construct-side rules agree with the service model', () => {
  // Rooms: name, limits, defaults, review handler, tags, logging configurations.
  const name = shape('RoomName');
  expect(NAME_LIMITS.maxLength).toBe(name.max);
  expect(NAME_LIMITS.pattern.source).toBe(anchored(name.pattern!).source.replace(/^\^\(\?:(.*)\)\$$/, '^$1$'));
  expect(ok(checkName('p', matchingString(name.pattern!, name.max!)!))).toBe(true);
  expect(ok(checkName('p', matchingString(name.pattern!, name.max! + 1)!))).toBe(false);
  expect(ok(checkName('p', 'not a name!'))).toBe(anchored(name.pattern!).test('not a name!'));
  for (const [limits, shapeName, member] of [
    [ROOM_LIMITS.maximumMessageLength, 'RoomMaxMessageLength', 'maximumMessageLength'],
    [ROOM_LIMITS.maximumMessageRatePerSecond, 'RoomMaxMessageRatePerSecond', 'maximumMessageRatePerSecond'],
  ] as const) {
    expect({ min: limits.min, max: limits.max, default: limits.default })
      .toEqual({ min: shape(shapeName).min, max: shape(shapeName).max, default: documentedDefault('CreateRoomRequest', member) });
    expect([limits.min - 1, limits.min, limits.max, limits.max + 1].map((v) => ok(checkIntegerRange('p', v, limits.min, limits.max))))
      .toEqual([false, true, true, false]);
  }
  expect(ROOM_LIMITS.reviewHandlerUriMaxLength).toBe(shape('LambdaArn').max);
  expect(ok(checkReviewHandlerUri('p', 'x'.repeat(shape('LambdaArn').max! + 1)))).toBe(false);
  expect([...FALLBACK_RESULTS]).toEqual(shape('FallbackResult').enum);
  expect(shape('FallbackResult').enum!.every((v) => ok(checkFallbackResult('p', v)))).toBe(true);
  expect(ok(checkFallbackResult('p', 'MAYBE'))).toBe(false);
  expect([TAG_LIMITS.maxTags, TAG_LIMITS.keyMaxLength, TAG_LIMITS.valueMaxLength])
    .toEqual([shape('Tags').max, shape('TagKey').max, shape('TagValue').max]);
  const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
  expect([ok(checkTags(tags(shape('Tags').max!), ROOM_TAG_RULES)), ok(checkTags(tags(shape('Tags').max! + 1), ROOM_TAG_RULES))]).toEqual([true, false]);
  // Lengths in code points, as the model counts them: an emoji is one.
  expect(ok(checkTags({ ['😀'.repeat(shape('TagKey').max!)]: '😀'.repeat(shape('TagValue').max!) }, ROOM_TAG_RULES))).toBe(true);
  expect(ok(checkTags({ ['k'.repeat(shape('TagKey').max! + 1)]: 'v' }, ROOM_TAG_RULES))).toBe(false);
  expect(ok(checkTags({ k: 'v'.repeat(shape('TagValue').max! + 1) }, ROOM_TAG_RULES))).toBe(false);
  expect(ok(checkTags({ '': 'v' }, ROOM_TAG_RULES))).toBe(shape('TagKey').min === 0);
  expect(ok(checkTags({ k: '' }, ROOM_TAG_RULES))).toBe(shape('TagValue').min === 0);
  const configurations = shape('LoggingConfigurationIdentifierList');
  expect(ROOM_LIMITS.maxLoggingConfigurations).toBe(configurations.max);
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:ivschat:us-east-1:123456789012:logging-configuration/AAAAAAAAAAA${i}`);
  expect([ok(checkLoggingConfigurationIdentifiers('p', ids(configurations.max!))), ok(checkLoggingConfigurationIdentifiers('p', ids(configurations.max! + 1)))])
    .toEqual([true, false]);

  // Chat tokens: session length and its default, user id, capabilities, attributes.
  const session = shape('SessionDurationInMinutes');
  expect({ ...TOKEN_LIMITS.sessionMinutes, default: TOKEN_ISSUER_DEFAULTS.sessionMinutes })
    .toEqual({ min: session.min, max: session.max, default: documentedDefault('CreateChatTokenRequest', 'sessionDurationInMinutes') });
  expect([session.min! - 1, session.min!, session.max!, session.max! + 1].map((m) => ok(checkSessionMinutes('p', m)))).toEqual([false, true, true, false]);
  const userId = shape('UserID');
  expect(TOKEN_LIMITS.userIdMaxLength).toBe(userId.max);
  expect(['', 'u'.repeat(userId.max!), '😀'.repeat(userId.max!), 'u'.repeat(userId.max! + 1)].map((u) => ok(checkUserId('p', u))))
    .toEqual([userId.min === 0, true, true, false]);
  expect([...CAPABILITIES]).toEqual(shape('ChatTokenCapability').enum);
  expect(ok(checkCapabilities('p', shape('ChatTokenCapability').enum!))).toBe(true);
  expect(ok(checkCapabilities('p', ['VIEW']))).toBe(false);
  const attributesKb = Number(/([0-9]+) KB/.exec(shape('CreateChatTokenRequest').members!.attributes.documentation ?? '')?.[1]);
  expect(TOKEN_LIMITS.attributesMaxBytes).toBe(attributesKb * 1024);

  // Logging configurations: the name as the API has it; tags never looser than the API.
  const loggingName = shape('LoggingConfigurationName');
  // One name rule serves rooms and logging configurations: the model must give both the same.
  expect([loggingName.max, loggingName.pattern]).toEqual([name.max, name.pattern]);
  expect(ok(checkName('p', matchingString(loggingName.pattern!, loggingName.max!)!))).toBe(true);
  expect(ok(checkName('p', matchingString(loggingName.pattern!, loggingName.max! + 1)!))).toBe(false);
  expect(ok(checkName('p', 'no spaces'))).toBe(false);
  // CloudFormation's AWS::IVSChat::LoggingConfiguration wants tag values of at least 1 character; the API allows 0.
  expect(LOGGING_CONFIGURATION_TAG_RULES.valueMinLength).toBeGreaterThanOrEqual(shape('TagValue').min!);
  expect(ok(checkTags({ k: 'v'.repeat(shape('TagValue').max! + 1) }, LOGGING_CONFIGURATION_TAG_RULES))).toBe(false);
});
