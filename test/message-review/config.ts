import type { ReviewConfigFile } from '../../src/private/shared/review-contract';

/** A reviewer configuration with no rules, for tests to add to. */
export function config(overrides: Partial<ReviewConfigFile> = {}): ReviewConfigFile {
  return {
    version: 1,
    deniedTerms: [],
    deniedPatterns: [],
    action: 'DENY',
    maskCharacter: '*',
    ignoreAccents: false,
    reasonAttribute: 'reviewReason',
    ...overrides,
  };
}

/** A well-formed event as IVS Chat sends it. */
export function reviewEvent(content: string, attributes: Record<string, string> = {}) {
  return {
    Content: content,
    MessageId: 'AbCdEfGhIjKl',
    RoomArn: 'arn:aws:ivschat:us-east-1:123456789012:room/AbCdEfGhIjKl',
    Attributes: attributes,
    Sender: { UserId: 'user-1', Attributes: { name: 'Ada' }, Ip: '192.0.2.1' },
  };
}
