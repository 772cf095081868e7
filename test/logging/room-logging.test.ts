import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LOGGING, logGroup, ROOM } from './fixtures';
import { ChatLoggingConfiguration, ChatRoom, IChatLoggingConfiguration, LoggingDestination } from '../../src';
import { newStack } from '../fixtures';

function configs(stack: Stack, count: number): ChatLoggingConfiguration[] {
  const group = logGroup(stack);
  return Array.from({ length: count }, (_, i) => new ChatLoggingConfiguration(stack, `Logging${i}`, {
    destination: LoggingDestination.cloudWatchLogs(group),
  }));
}

function arnOf(stack: Stack, config: IChatLoggingConfiguration) {
  return stack.resolve(config.chatLoggingConfigurationArn);
}

function roomProperties(stack: Stack): Record<string, any> {
  const [room] = Object.values(Template.fromStack(stack).findResources(ROOM));
  return room.Properties;
}

/** The handler role's statements that name logging configurations. */
function loggingStatements(stack: Stack): unknown[] {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .flatMap((policy: any) => policy.Properties.PolicyDocument.Statement)
    .filter((statement: any) => JSON.stringify(statement.Resource).includes('logging-configuration'));
}

describe('the room\'s logging configurations', () => {
  test('none: LoggingConfigurationIdentifiers is absent and the provider role is unchanged', () => {
    const stack = newStack();
    new ChatRoom(stack, 'Room');
    expect(roomProperties(stack)).not.toHaveProperty('LoggingConfigurationIdentifiers');
    expect(loggingStatements(stack)).toEqual([]);
  });

  test('loggingConfigurations are sent as ARNs, which makes the room depend on them', () => {
    const stack = newStack();
    const [a, b] = configs(stack, 2);
    new ChatRoom(stack, 'Room', { loggingConfigurations: [a, b] });

    expect(roomProperties(stack).LoggingConfigurationIdentifiers).toEqual([arnOf(stack, a), arnOf(stack, b)]);
    expect(arnOf(stack, a)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(a.node.defaultChild as any), 'Arn'] });
  });

  test('addLoggingConfiguration after construction is rendered too', () => {
    const stack = newStack();
    const [a, b] = configs(stack, 2);
    const room = new ChatRoom(stack, 'Room', { loggingConfigurations: [a] });
    room.addLoggingConfiguration(b);
    expect(roomProperties(stack).LoggingConfigurationIdentifiers).toEqual([arnOf(stack, a), arnOf(stack, b)]);
  });

  test('an imported configuration is sent by its ARN', () => {
    const stack = newStack();
    const arn = 'arn:aws:ivschat:us-east-1:123456789012:logging-configuration/AbCdEfGhIjKl';
    const room = new ChatRoom(stack, 'Room');
    room.addLoggingConfiguration(ChatLoggingConfiguration.fromChatLoggingConfigurationArn(stack, 'Imported', arn));
    expect(roomProperties(stack).LoggingConfigurationIdentifiers).toEqual([arn]);
  });

  test('a configuration in another stack of the environment is passed by export', () => {
    const app = newStack().node.root as any;
    const logs = new Stack(app, 'Logs');
    const [config] = configs(logs, 1);
    const rooms = new Stack(app, 'Rooms');
    new ChatRoom(rooms, 'Room', { loggingConfigurations: [config] });
    expect(JSON.stringify(roomProperties(rooms).LoggingConfigurationIdentifiers)).toContain('Fn::ImportValue');
  });

  test('attaching logging configurations adds nothing to the provider\'s role: CreateRoom and UpdateRoom authorize only the room', () => {
    // The Service Authorization Reference lists only the `room` resource type
    // for ivschat:CreateRoom and ivschat:UpdateRoom
    // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonivschat.html),
    // so a statement naming logging configurations for them would match nothing.
    const stack = newStack();
    const [a, b] = configs(stack, 2);
    new ChatRoom(stack, 'One', { loggingConfigurations: [a] });
    new ChatRoom(stack, 'Two', { loggingConfigurations: [a, b] });

    expect(loggingStatements(stack)).toEqual([]);
    Template.fromStack(stack).resourceCountIs(LOGGING, 2);
  });
});

describe('validation at synth', () => {
  test('3 logging configurations are accepted', () => {
    const stack = newStack();
    new ChatRoom(stack, 'Room', { loggingConfigurations: configs(stack, 3) });
    expect(roomProperties(stack).LoggingConfigurationIdentifiers).toHaveLength(3);
  });

  test('a 4th logging configuration is refused, given as a prop', () => {
    const stack = newStack();
    new ChatRoom(stack, 'Room', { loggingConfigurations: configs(stack, 4) });
    expect(() => Template.fromStack(stack))
      .toThrow('[TestStack/Room] `loggingConfigurations` must hold at most 3 logging configurations, got: 4');
  });

  test('a 4th logging configuration is refused, added after construction', () => {
    const stack = newStack();
    const four = configs(stack, 4);
    const room = new ChatRoom(stack, 'Room', { loggingConfigurations: four.slice(0, 3) });
    room.addLoggingConfiguration(four[3]);
    expect(() => Template.fromStack(stack))
      .toThrow('[TestStack/Room] `loggingConfigurations` must hold at most 3 logging configurations, got: 4');
  });

  test('the same configuration twice is refused, naming it', () => {
    const stack = newStack();
    const arn = 'arn:aws:ivschat:us-east-1:123456789012:logging-configuration/AbCdEfGhIjKl';
    const config = ChatLoggingConfiguration.fromChatLoggingConfigurationArn(stack, 'Imported', arn);
    new ChatRoom(stack, 'Room', { loggingConfigurations: [config, config] });
    expect(() => Template.fromStack(stack))
      .toThrow(`\`loggingConfigurations\` must not hold the same logging configuration twice, got twice: ${arn}`);
  });

  test('the same construct twice is found although its ARN is a token', () => {
    const stack = newStack();
    const [config] = configs(stack, 1);
    new ChatRoom(stack, 'Room', { loggingConfigurations: [config, config] });
    expect(() => Template.fromStack(stack)).toThrow(/must not hold the same logging configuration twice/);
  });

  test.each([
    ['region', 'arn:aws:ivschat:eu-west-1:123456789012:logging-configuration/AbCdEfGhIjKl', 'us-east-1', 'eu-west-1'],
    ['account', 'arn:aws:ivschat:us-east-1:210987654321:logging-configuration/AbCdEfGhIjKl', '123456789012', '210987654321'],
  ])('a configuration in another %s is refused', (what, arn, ours, theirs) => {
    const stack = newStack({ account: '123456789012', region: 'us-east-1' });
    const config = ChatLoggingConfiguration.fromChatLoggingConfigurationArn(stack, 'Imported', arn);
    expect(() => new ChatRoom(stack, 'Room', { loggingConfigurations: [config] }))
      .toThrow(`\`loggingConfigurations\` must be in the room's ${what} (${ours}), got a logging configuration in: ${theirs}`);
  });
});
