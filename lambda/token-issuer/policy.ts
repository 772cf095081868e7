import { IssuerError } from './errors';
import { Caller, ClaimsSource, isObject, TokenRequest } from './request';
import { ROOM_ARN, ROOM_ID } from '../../src/private/shared/room-rules';
import { showValue } from '../../src/private/shared/show-value';
import type { TokenIssuerSettings } from '../../src/private/shared/token-contract';
import {
  attributesBytes, Capability, checkUserId, DISPLAY_NAME_ATTRIBUTE, isTrustedCaller, orderCapabilities,
  parseTrustedBackend, TOKEN_LIMITS, TrustedBackend,
} from '../../src/private/shared/token-rules';

/** The CreateChatToken call the issuer will make. */
export interface TokenPlan {
  readonly roomArn: string;
  readonly userId: string;
  readonly capabilities: Capability[];
  readonly sessionDurationInMinutes: number;
  readonly attributes?: Record<string, string>;
}

/** Fields anyone may send. */
const CLIENT_FIELDS = ['roomIdentifier', 'attributes', 'sessionDurationInMinutes'];
/** Fields only a trusted backend (a direct invocation, or a request signed by a backend the issuer trusts) may send. */
const TRUSTED_FIELDS = [...CLIENT_FIELDS, 'userId', 'groups', 'displayName'];

/** Whom the token is for, and what they may do before attributes are added. */
interface Identity {
  readonly userId: string;
  readonly capabilities: Capability[];
  readonly displayName?: string;
}

/**
 * Decides the token a request gets, from the configuration and what the event
 * proves about the caller. The client names the room and, within limits, the
 * attributes and a shorter session; never its capabilities, and never its user
 * id unless it is a trusted backend.
 */
export function planToken(config: TokenIssuerSettings, request: TokenRequest, newAnonymousId: () => string): TokenPlan {
  const { caller, fields } = request;
  const trusted = isTrustedBackend(config, caller);
  checkFields(caller, trusted, fields, config);
  const roomArn = resolveRoom(config.roomArns, fields.roomIdentifier);
  const identity = trusted ? named(config, fields) : identify(config, caller, newAnonymousId);
  return {
    roomArn,
    userId: identity.userId,
    capabilities: identity.capabilities,
    sessionDurationInMinutes: sessionMinutes(config, fields.sessionDurationInMinutes),
    attributes: attributes(config, fields.attributes, identity.displayName),
  };
}

/**
 * Whether the caller is a backend the issuer was told to trust; refuses one
 * that claims to be a backend and is not. Direct invocations carry no caller
 * identity, so they are served only when the construct allowed them
 * (`grantInvoke`); an IAM-signed request only when its signer's ARN is one the
 * construct trusts. Anyone else is identified by what the event proves.
 */
function isTrustedBackend(config: TokenIssuerSettings, caller: Caller): boolean {
  if (caller.kind === 'direct') {
    if (!config.directInvocations) {
      throw new IssuerError(403, 'this issuer takes no direct invocations: call it through API Gateway or its function URL, '
        + 'or let a backend invoke it with ChatTokenIssuer.grantInvoke()');
    }
    return true;
  }
  if (caller.kind === 'iam') {
    const backends = config.trustedBackends.map(parseTrustedBackend).filter((b): b is TrustedBackend => b !== undefined);
    if (caller.arn === undefined || !isTrustedCaller(backends, caller.arn)) {
      throw new IssuerError(403, `${caller.arn ?? 'a caller without an ARN'} is not a backend this issuer trusts to name users `
        + '(ChatTokenIssuer.grantInvokeUrl, grantInvoke or addTrustedBackend), and its request carries no Cognito identity');
    }
    return true;
  }
  return false;
}

function checkFields(caller: Caller, trusted: boolean, fields: Readonly<Record<string, unknown>>, config: TokenIssuerSettings): void {
  const accepted = trusted ? TRUSTED_FIELDS : CLIENT_FIELDS;
  for (const field of Object.keys(fields)) {
    if (accepted.includes(field)) continue;
    if (field === 'capabilities') {
      throw new IssuerError(400, '`capabilities` cannot be chosen by the caller: the issuer grants them from its configuration and the user\'s groups');
    }
    if (TRUSTED_FIELDS.includes(field)) {
      throw new IssuerError(400, `\`${field}\` cannot be chosen by the caller: ${whoNamesTheUser(caller, config)}`);
    }
    throw new IssuerError(400, `unknown field \`${field}\`; this request accepts: ${accepted.join(', ')}`);
  }
}

function whoNamesTheUser(caller: Caller, config: TokenIssuerSettings): string {
  switch (caller.kind) {
    case 'claims': return `the user comes from the authorizer's \`${config.userIdClaim}\` claim and groups from \`${config.groupsClaim}\``;
    case 'identity-pool': return 'the user is the caller\'s Cognito identity';
    default: return 'only a backend the issuer trusts (a direct invocation after grantInvoke, or a request it signed) may name the user';
  }
}

/** The served room the request names: by ARN or by id; the only one when there is one. */
function resolveRoom(roomArns: readonly string[], value: unknown): string {
  if (value === undefined) {
    if (roomArns.length === 1) return roomArns[0];
    throw new IssuerError(400, `\`roomIdentifier\` is required: this issuer serves ${roomArns.length} rooms`);
  }
  if (typeof value !== 'string') {
    throw new IssuerError(400, `\`roomIdentifier\` must be a room ARN or id, got: ${showValue(value)}`);
  }
  for (const arn of roomArns) {
    if (arn === value || (ROOM_ID.test(value) && arn.endsWith(`/${value}`))) return arn;
  }
  if (ROOM_ARN.test(value) || ROOM_ID.test(value)) {
    throw new IssuerError(403, `room ${value} is not served by this issuer`);
  }
  throw new IssuerError(400, `\`roomIdentifier\` must be a room ARN (arn:<partition>:ivschat:<region>:<account>:room/<id>) or a 12-character room id, got: ${showValue(value)}`);
}

/** A trusted backend's request: it names the user, the user's groups and display name. */
function named(config: TokenIssuerSettings, fields: Readonly<Record<string, unknown>>): Identity {
  if (typeof fields.userId !== 'string') {
    throw new IssuerError(400, `\`userId\` is required from a backend and must be a string, got: ${showValue(fields.userId)}`);
  }
  checked(checkUserId('userId', fields.userId));
  const { groups = [], displayName } = fields;
  if (!Array.isArray(groups) || !groups.every((g) => typeof g === 'string')) {
    throw new IssuerError(400, `\`groups\` must be an array of strings, got: ${showValue(groups)}`);
  }
  if (displayName !== undefined && typeof displayName !== 'string') {
    throw new IssuerError(400, `\`displayName\` must be a string, got: ${showValue(displayName)}`);
  }
  return { userId: fields.userId, capabilities: capabilitiesFor(config, groups), displayName };
}

/** Anyone but a trusted backend: who the event proves the caller is, or an anonymous viewer. */
function identify(config: TokenIssuerSettings, caller: Caller, newAnonymousId: () => string): Identity {
  switch (caller.kind) {
    case 'claims': {
      const userId = claimString(caller.claims, config.userIdClaim);
      if (userId === undefined) {
        throw new IssuerError(401, `the authorizer passed no \`${config.userIdClaim}\` claim to identify the user`);
      }
      checked(checkUserId(`claim ${config.userIdClaim}`, userId));
      return {
        userId,
        capabilities: capabilitiesFor(config, parseGroups(caller.claims[config.groupsClaim], caller.source)),
        displayName: config.displayNameClaim ? claimString(caller.claims, config.displayNameClaim) : undefined,
      };
    }
    case 'identity-pool':
      if (caller.identityId === undefined) {
        throw new IssuerError(401, 'the request was signed with Cognito identity-pool credentials but names no identity');
      }
      if (caller.authenticated) {
        return { userId: caller.identityId, capabilities: capabilitiesFor(config, []) };
      }
      if (config.anonymousViewers) {
        return { userId: caller.identityId, capabilities: [] };
      }
      throw new IssuerError(401, 'guests of the identity pool may not chat here: sign in first (anonymous viewers are off)');
    case 'none':
      if (config.anonymousViewers) {
        return { userId: newAnonymousId(), capabilities: [] };
      }
      throw new IssuerError(401, 'the request carries no identity: sign in first (call through a Cognito or JWT authorizer, or with IAM credentials)');
    default:
      // Backends are handled by `named`; `isTrustedBackend` refused the others.
      throw new IssuerError(403, 'the caller is not a backend this issuer trusts');
  }
}

/** The default capabilities plus those of every configured group the user is in. */
function capabilitiesFor(config: TokenIssuerSettings, groups: readonly string[]): Capability[] {
  const granted: Capability[] = [...config.capabilities];
  for (const group of groups) {
    const extra = Object.hasOwn(config.groupCapabilities, group) ? config.groupCapabilities[group] : undefined;
    if (extra) granted.push(...extra);
  }
  return orderCapabilities(granted);
}

/**
 * Groups as each authorizer writes a list claim. A REST API's Cognito
 * user-pool authorizer joins them with commas (`a,b`); an HTTP API's JWT
 * authorizer writes an array as `[a b]`, and a plain string claim is one
 * group; a Lambda authorizer returns an array (HTTP API), a string holding a
 * JSON array, or `a,b`. Each is read in its own format only, so a group named
 * `not moderators` is one group through a REST API and `x,moderators` one
 * group through an HTTP API; within a format a name containing its separator
 * cannot be told apart (Cognito group names contain no spaces, but may contain
 * commas).
 */
export function parseGroups(claim: unknown, source: ClaimsSource): string[] {
  if (Array.isArray(claim)) {
    return claim.filter((g): g is string => typeof g === 'string' && g.length > 0);
  }
  if (typeof claim !== 'string') {
    return [];
  }
  switch (source) {
    case 'cognito':
      return splitList(claim, ',');
    case 'jwt': {
      const list = /^\[(.*)\]$/s.exec(claim);
      return list ? splitList(list[1], /\s+/) : [claim].filter((g) => g.length > 0);
    }
    case 'lambda':
      if (claim.trimStart().startsWith('[')) {
        try {
          const parsed: unknown = JSON.parse(claim);
          return Array.isArray(parsed) ? parseGroups(parsed, source) : [];
        } catch {
          return [];
        }
      }
      return splitList(claim, ',');
  }
}

function splitList(text: string, separator: string | RegExp): string[] {
  return text.split(separator).filter((g) => g.length > 0);
}

/** A claim as a string; authorizers may pass numbers (e.g. a numeric user id). */
function claimString(claims: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = claims[name];
  return (typeof value === 'string' && value) || typeof value === 'number' ? String(value) : undefined;
}

function sessionMinutes(config: TokenIssuerSettings, value: unknown): number {
  if (value === undefined) {
    return config.sessionMinutes;
  }
  const { min } = TOKEN_LIMITS.sessionMinutes;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > config.sessionMinutes) {
    throw new IssuerError(400,
      `\`sessionDurationInMinutes\` must be an integer between ${min} and ${config.sessionMinutes} (this issuer's session length), got: ${showValue(value)}`);
  }
  return value;
}

function attributes(config: TokenIssuerSettings, value: unknown, displayName: string | undefined): Record<string, string> | undefined {
  const result: Record<string, string> = {};
  if (value !== undefined) {
    if (!isObject(value)) {
      throw new IssuerError(400, `\`attributes\` must be an object of strings, got: ${showValue(value)}`);
    }
    for (const key of Object.keys(value)) {
      if (!config.allowedAttributes.includes(key)) {
        throw new IssuerError(400, config.allowedAttributes.length === 0
          ? `attribute \`${key}\` is not allowed: this issuer accepts no attributes from callers`
          : `attribute \`${key}\` is not allowed; allowed: ${config.allowedAttributes.join(', ')}`);
      }
      const v = value[key];
      if (typeof v !== 'string') {
        throw new IssuerError(400, `attribute \`${key}\` must be a string, got: ${showValue(v)}`);
      }
      result[key] = v;
    }
  }
  if (displayName !== undefined) {
    result[DISPLAY_NAME_ATTRIBUTE] = displayName;
  }
  const keys = Object.keys(result);
  if (keys.length === 0) {
    return undefined;
  }
  const size = attributesBytes(result);
  if (size > TOKEN_LIMITS.attributesMaxBytes) {
    throw new IssuerError(400,
      `\`attributes\` must total at most ${TOKEN_LIMITS.attributesMaxBytes} bytes (UTF-8 keys and values${displayName !== undefined ? `, with \`${DISPLAY_NAME_ATTRIBUTE}\`` : ''}), got: ${size}`);
  }
  return result;
}

function checked(problem: string | undefined): void {
  if (problem) throw new IssuerError(400, problem);
}
