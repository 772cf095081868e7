import { showValue } from '../../src/private/shared/show-value';
import {
  TOKEN_ISSUER_DEFAULTS, TOKEN_ISSUER_SETTINGS_VARIABLE as VARIABLE, TokenIssuerSettings,
} from '../../src/private/shared/token-contract';
import {
  Capability, checkCapabilities, checkSessionMinutes, checkThrottling, checkTrustedBackend,
} from '../../src/private/shared/token-rules';

/** The settings do not describe a working issuer: a deployment problem, not the caller's. */
export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(`token issuer misconfigured: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

type Json = Record<string, unknown>;

/**
 * Reads the settings the construct wrote, checking every one and filling in
 * the defaults for those left out. Read on every call rather than cached: it
 * is one short JSON string, and the handler keeps no state but SDK clients.
 * The construct checked every value at synth but the room ARNs, which resolve
 * at deploy time; the checks here catch a hand-edited environment.
 */
export function readSettings(env: NodeJS.ProcessEnv): TokenIssuerSettings {
  const raw = env[VARIABLE];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw ?? '');
  } catch {
    throw new ConfigError([`${VARIABLE} must be a JSON object, got: ${showValue(raw ?? null)}`]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError([`${VARIABLE} must be a JSON object, got: ${showValue(parsed)}`]);
  }
  const json = parsed as Json;
  const problems: string[] = [];
  const setting = <T>(key: keyof TokenIssuerSettings, isValid: (value: unknown) => value is T, rule: string, fallback?: T): T => {
    const value = json[key] ?? fallback;
    if (!isValid(value)) {
      problems.push(`\`${VARIABLE}.${key}\` must be ${rule}, got: ${showValue(value)}`);
    }
    return value as T;
  };

  const D = TOKEN_ISSUER_DEFAULTS;
  const settings: TokenIssuerSettings = {
    roomArns: setting('roomArns', isNonEmptyStringList, 'a non-empty list of room ARNs'),
    capabilities: setting('capabilities', isStringList, 'a list', D.capabilities) as readonly Capability[],
    groupCapabilities: setting('groupCapabilities', isGroupMap, 'an object of group names to lists', D.groupCapabilities),
    sessionMinutes: setting('sessionMinutes', isNumber, 'a number', D.sessionMinutes),
    userIdClaim: setting('userIdClaim', isNonEmptyString, 'a claim name', D.userIdClaim),
    groupsClaim: setting('groupsClaim', isNonEmptyString, 'a claim name', D.groupsClaim),
    displayNameClaim: setting('displayNameClaim', isOptionalString, 'a claim name') || undefined,
    anonymousViewers: setting('anonymousViewers', isBoolean, 'true or false', D.anonymousViewers),
    allowedAttributes: setting('allowedAttributes', isStringList, 'a list of attribute keys', D.allowedAttributes),
    allowedOrigins: setting('allowedOrigins', isStringList, 'a list of origins', D.allowedOrigins),
    // Each left out takes its default.
    throttling: { ...D.throttling, ...setting('throttling', isObject, 'an object', {}) },
    trustedBackends: setting('trustedBackends', isStringList, 'a list of ARNs', D.trustedBackends),
    directInvocations: setting('directInvocations', isBoolean, 'true or false', D.directInvocations),
  };
  if (problems.length === 0) {
    problems.push(...[
      checkCapabilities(`${VARIABLE}.capabilities`, settings.capabilities),
      ...Object.keys(settings.groupCapabilities).map((group) =>
        checkCapabilities(`${VARIABLE}.groupCapabilities.${group}`, settings.groupCapabilities[group])),
      checkSessionMinutes(`${VARIABLE}.sessionMinutes`, settings.sessionMinutes),
      ...checkThrottling(`${VARIABLE}.throttling`, settings.throttling),
      ...settings.trustedBackends.map((arn) => checkTrustedBackend(`${VARIABLE}.trustedBackends`, arn)),
    ].filter((problem): problem is string => problem !== undefined));
  }
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return settings;
}

function isStringList(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isNonEmptyStringList(value: unknown): value is readonly string[] {
  return isStringList(value) && value.length > 0;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isGroupMap(value: unknown): value is Record<string, Capability[]> {
  return isObject(value) && Object.values(value).every(isStringList);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number';
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isOptionalString(value: unknown): value is string | undefined {
  return value === undefined || typeof value === 'string';
}

function isBoolean(value: unknown): value is boolean {
  return typeof value === 'boolean';
}
