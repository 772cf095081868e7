import { showValue } from '../../src/private/shared/show-value';
import { TOKEN_ISSUER_ENV as ENV } from '../../src/private/shared/token-contract';
import { Capability, checkCapabilities, checkSessionMinutes } from '../../src/private/shared/token-rules';

/** The issuer's configuration, as the construct wrote it into the environment. */
export interface IssuerConfig {
  readonly roomArns: readonly string[];
  readonly capabilities: readonly Capability[];
  readonly groupCapabilities: Readonly<Record<string, readonly Capability[]>>;
  readonly sessionMinutes: number;
  readonly userIdClaim: string;
  readonly groupsClaim: string;
  readonly displayNameClaim?: string;
  readonly anonymousViewers: boolean;
  readonly allowedAttributes: readonly string[];
  readonly allowedOrigins: readonly string[];
}

/** The environment does not describe a working issuer: a deployment problem, not the caller's. */
export class ConfigError extends Error {
  constructor(problem: string) {
    super(`token issuer misconfigured: ${problem}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the configuration. Read on every call rather than cached: it is a few
 * short JSON strings, and the handler keeps no state but SDK clients. The
 * construct checked every value at synth but the room ARNs, which resolve at
 * deploy time; the checks here catch a hand-edited environment.
 */
export function readConfig(env: NodeJS.ProcessEnv): IssuerConfig {
  const roomArns = list(env, ENV.roomArns);
  if (roomArns.length === 0) {
    throw new ConfigError(`${ENV.roomArns} lists no room`);
  }
  const capabilities = list(env, ENV.capabilities);
  const groupCapabilities = json(env, ENV.groupCapabilities) as Record<string, Capability[]>;
  const sessionMinutes = Number(env[ENV.sessionMinutes]);
  const problem = checkCapabilities(ENV.capabilities, capabilities)
    ?? Object.keys(groupCapabilities).map((g) => checkCapabilities(`${ENV.groupCapabilities}.${g}`, [groupCapabilities[g]].flat())).find(Boolean)
    ?? checkSessionMinutes(ENV.sessionMinutes, sessionMinutes);
  if (problem) {
    throw new ConfigError(problem);
  }
  return {
    roomArns,
    capabilities: capabilities as Capability[],
    groupCapabilities,
    sessionMinutes,
    userIdClaim: env[ENV.userIdClaim] || 'sub',
    groupsClaim: env[ENV.groupsClaim] || 'cognito:groups',
    displayNameClaim: env[ENV.displayNameClaim] || undefined,
    anonymousViewers: env[ENV.anonymousViewers] === 'true',
    allowedAttributes: list(env, ENV.allowedAttributes),
    allowedOrigins: list(env, ENV.allowedOrigins),
  };
}

/** A JSON value; an unset variable reads as `{}` or `[]` as `list` wants. */
function json(env: NodeJS.ProcessEnv, name: string, empty: unknown = {}): unknown {
  const raw = env[name];
  if (!raw) return empty;
  try {
    return JSON.parse(raw);
  } catch {
    throw new ConfigError(`${name} is not JSON: ${showValue(raw)}`);
  }
}

function list(env: NodeJS.ProcessEnv, name: string): string[] {
  const value = json(env, name, []);
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new ConfigError(`${name} must be a JSON array of strings`);
  }
  return value;
}
