import { IConstruct } from 'constructs';

/**
 * Props or a call a construct cannot accept: every problem found, after the
 * construct's kind and path, so that one synth shows all there is to fix.
 * Each problem is written as aws-cdk's design guidelines ask: lower case, the
 * property, the rule, the value (`\`maximumMessageLength\` must be an integer
 * between 1 and 500, got: 501`). The rules themselves are pure functions in
 * `shared/`, which the handlers run again at deploy time on resolved values.
 *
 * Problems known only once the app is complete (tags, a room's logging
 * configurations) are the same messages returned from `node.addValidation`,
 * for which CDK names the path itself.
 */
export class ConstructValidationError extends Error {
  /** The problems, one message each. */
  public readonly problems: string[];

  constructor(kind: string, path: string, problems: string[]) {
    super(`Invalid ${kind} ${path}: ${problems.join('; ')}`);
    this.name = 'ValidationError';
    this.problems = problems;
  }
}

/**
 * Throws a `ConstructValidationError` naming `scope` (or its child `childId`,
 * for a construct about to be made) when any of `problems` is a message.
 *
 * @param kind the construct's class, as users know it: `ChatRoom`
 * @param problems the results of checks: a message, `undefined` for a check
 * that passed, or a list of messages
 */
export function validate(
  scope: IConstruct, kind: string, problems: ReadonlyArray<string | undefined | readonly string[]>, childId?: string,
): void {
  const found = problems.flat().filter((problem): problem is string => typeof problem === 'string');
  if (found.length > 0) {
    const path = childId === undefined ? scope.node.path : [scope.node.path, childId].filter(Boolean).join('/');
    throw new ConstructValidationError(kind, path, found);
  }
}
