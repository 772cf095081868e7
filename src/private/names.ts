import { Names, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { checkName, NAME_LIMITS } from './shared/common-rules';

/**
 * The name of a room or logging configuration when its props give none: unique
 * to the construct, derived from its path, within the API's rule for names.
 */
export function defaultName(scope: IConstruct): string {
  return Names.uniqueResourceName(scope, { maxLength: NAME_LIMITS.maxLength, allowedSpecialCharacters: '-_' });
}

/** The API's rule for names, on a name known at synth. */
export function validateName(property: string, name: string): string | undefined {
  return Token.isUnresolved(name) ? undefined : checkName(property, name);
}
