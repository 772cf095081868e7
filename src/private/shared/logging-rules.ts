/**
 * The rules for a logging configuration, as pure checks with uniform messages.
 *
 * The configuration is deployed by CloudFormation's `AWS::IVSChat::LoggingConfiguration`,
 * so where CloudFormation's schema is stricter than the API it is the schema that counts.
 */

/** Limits of `AWS::IVSChat::LoggingConfiguration` (see the project's facts sheet). */
export const LOGGING_LIMITS = {
  nameMaxLength: 128,
  namePattern: /^[a-zA-Z0-9-_]*$/,
  maxTags: 50,
  tagKeyMaxLength: 128,
  // The API allows empty tag values; CloudFormation's IVS Chat schemas want at least 1 character.
  tagValueMinLength: 1,
  tagValueMaxLength: 256,
} as const;

/** A logging-configuration name: 0–128 characters of `[a-zA-Z0-9-_]`. */
export function checkLoggingConfigurationName(property: string, value: string): string | undefined {
  if (value.length > LOGGING_LIMITS.nameMaxLength) {
    return `\`${property}\` must be at most ${LOGGING_LIMITS.nameMaxLength} characters, got ${value.length}: ${value}`;
  }
  if (!LOGGING_LIMITS.namePattern.test(value)) {
    return `\`${property}\` must match ${LOGGING_LIMITS.namePattern} (letters, digits, '-' and '_'), got: ${JSON.stringify(value)}`;
  }
  return undefined;
}

/**
 * Tags of a logging configuration: at most 50, keys 1–128 characters, values
 * 1–256 characters (lengths in code points, as AWS counts them). Tags whose key
 * or value is a token are counted but not measured. One message per broken rule.
 */
export function checkLoggingConfigurationTags(tags: Record<string, string>, isToken: (value: string) => boolean): string[] {
  const errors: string[] = [];
  const { maxTags, tagKeyMaxLength, tagValueMinLength, tagValueMaxLength } = LOGGING_LIMITS;
  const keys = Object.keys(tags);
  if (keys.length > maxTags) {
    errors.push(`a chat logging configuration can have at most ${maxTags} tags, got: ${keys.length}`);
  }
  for (const key of keys) {
    const keyLength = Array.from(key).length;
    if (!isToken(key) && (keyLength < 1 || keyLength > tagKeyMaxLength)) {
      errors.push(`tag keys must be 1 to ${tagKeyMaxLength} characters, got ${keyLength}: ${JSON.stringify(key)}`);
    }
    const value = tags[key];
    const valueLength = Array.from(value).length;
    if (!isToken(value) && (valueLength < tagValueMinLength || valueLength > tagValueMaxLength)) {
      errors.push(`the value of tag ${JSON.stringify(key)} must be ${tagValueMinLength} to ${tagValueMaxLength} characters `
        + `(CloudFormation's AWS::IVSChat::LoggingConfiguration refuses empty values), got: ${valueLength}`);
    }
  }
  return errors;
}
