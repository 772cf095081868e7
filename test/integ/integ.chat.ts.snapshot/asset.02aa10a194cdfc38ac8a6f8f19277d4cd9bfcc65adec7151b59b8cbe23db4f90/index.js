"use strict";
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// lambda/token-issuer/index.ts
var index_exports = {};
__export(index_exports, {
  handler: () => handler
});
module.exports = __toCommonJS(index_exports);
var import_crypto = require("crypto");
var import_client_ivschat = require("@aws-sdk/client-ivschat");

// src/private/shared/show-value.ts
var SHOWN_MAX = 80;
function showValue(value) {
  if (typeof value === "string") {
    const cut2 = cutAt(value, SHOWN_MAX);
    return cut2 === void 0 ? JSON.stringify(value) : `${JSON.stringify(cut2)}\u2026`;
  }
  let text;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  const cut = cutAt(text, SHOWN_MAX);
  return cut === void 0 ? text : `${withoutPartialEscape(cut)}\u2026`;
}
function cutAt(text, max) {
  if (text.length <= max) {
    return void 0;
  }
  let count = 0;
  let end = 0;
  for (const codePoint of text) {
    if (count === max) {
      return text.slice(0, end);
    }
    count++;
    end += codePoint.length;
  }
  return void 0;
}
function withoutPartialEscape(text) {
  const tail = /(\\+)(u[0-9a-fA-F]{0,3})?$/.exec(text);
  if (!tail || tail[1].length % 2 === 0) {
    return text;
  }
  return text.slice(0, tail.index + tail[1].length - 1);
}

// src/private/shared/token-contract.ts
var TOKEN_ISSUER_SETTINGS_VARIABLE = "CHAT_TOKEN_ISSUER_SETTINGS";
var TOKEN_ISSUER_DEFAULTS = {
  capabilities: ["SEND_MESSAGE"],
  groupCapabilities: {},
  sessionMinutes: 60,
  userIdClaim: "sub",
  groupsClaim: "cognito:groups",
  anonymousViewers: false,
  allowedAttributes: [],
  allowedOrigins: []
};
var TOKEN_ISSUER_CORS = {
  allowedMethods: ["GET", "POST"],
  allowedHeaders: ["authorization", "content-type", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"],
  maxAgeSeconds: 600
};

// src/private/shared/token-rules.ts
var TOKEN_LIMITS = {
  sessionMinutes: { min: 1, max: 180 },
  userIdMaxLength: 128,
  attributesMaxBytes: 1024,
  bodyMaxBytes: 8 * 1024
};
var CAPABILITIES = ["SEND_MESSAGE", "DISCONNECT_USER", "DELETE_MESSAGE"];
var DISPLAY_NAME_ATTRIBUTE = "displayName";
function isCapability(value) {
  return CAPABILITIES.includes(value);
}
function checkCapabilities(property, values) {
  const bad = values.filter((v) => !isCapability(v));
  if (bad.length > 0) {
    return `\`${property}\` may hold only ${CAPABILITIES.join(", ")}, got: ${bad.map(showValue).join(", ")}`;
  }
  return void 0;
}
function checkSessionMinutes(property, minutes) {
  const { min, max } = TOKEN_LIMITS.sessionMinutes;
  if (!Number.isInteger(minutes) || minutes < min || minutes > max) {
    return `\`${property}\` must be a whole number of minutes between ${min} and ${max}, got: ${minutes} minutes`;
  }
  return void 0;
}
function attributesBytes(attributes2) {
  let total = 0;
  for (const key of Object.keys(attributes2)) {
    total += Buffer.byteLength(key, "utf8") + Buffer.byteLength(attributes2[key], "utf8");
  }
  return total;
}
function checkUserId(property, userId) {
  const length = userId.length <= TOKEN_LIMITS.userIdMaxLength ? userId.length : [...userId].length;
  if (length < 1 || length > TOKEN_LIMITS.userIdMaxLength) {
    return `\`${property}\` must be 1 to ${TOKEN_LIMITS.userIdMaxLength} characters, got ${length}`;
  }
  return void 0;
}
function orderCapabilities(values) {
  const set = new Set(values);
  return CAPABILITIES.filter((c) => set.has(c));
}

// lambda/token-issuer/config.ts
var ConfigError = class extends Error {
  constructor(problems) {
    super(`token issuer misconfigured: ${problems.join("; ")}`);
    this.name = "ConfigError";
  }
};
function readSettings(env) {
  const raw = env[TOKEN_ISSUER_SETTINGS_VARIABLE];
  let parsed;
  try {
    parsed = JSON.parse(raw ?? "");
  } catch {
    throw new ConfigError([`${TOKEN_ISSUER_SETTINGS_VARIABLE} must be a JSON object, got: ${showValue(raw ?? null)}`]);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError([`${TOKEN_ISSUER_SETTINGS_VARIABLE} must be a JSON object, got: ${showValue(parsed)}`]);
  }
  const json = parsed;
  const problems = [];
  const setting = (key, isValid, rule, fallback) => {
    const value = json[key] ?? fallback;
    if (!isValid(value)) {
      problems.push(`\`${TOKEN_ISSUER_SETTINGS_VARIABLE}.${key}\` must be ${rule}, got: ${showValue(value)}`);
    }
    return value;
  };
  const D = TOKEN_ISSUER_DEFAULTS;
  const settings = {
    roomArns: setting("roomArns", isNonEmptyStringList, "a non-empty list of room ARNs"),
    capabilities: setting("capabilities", isStringList, "a list", D.capabilities),
    groupCapabilities: setting("groupCapabilities", isGroupMap, "an object of group names to lists", D.groupCapabilities),
    sessionMinutes: setting("sessionMinutes", isNumber, "a number", D.sessionMinutes),
    userIdClaim: setting("userIdClaim", isNonEmptyString, "a claim name", D.userIdClaim),
    groupsClaim: setting("groupsClaim", isNonEmptyString, "a claim name", D.groupsClaim),
    displayNameClaim: setting("displayNameClaim", isOptionalString, "a claim name") || void 0,
    anonymousViewers: setting("anonymousViewers", isBoolean, "true or false", D.anonymousViewers),
    allowedAttributes: setting("allowedAttributes", isStringList, "a list of attribute keys", D.allowedAttributes),
    allowedOrigins: setting("allowedOrigins", isStringList, "a list of origins", D.allowedOrigins)
  };
  if (problems.length === 0) {
    problems.push(...[
      checkCapabilities(`${TOKEN_ISSUER_SETTINGS_VARIABLE}.capabilities`, settings.capabilities),
      ...Object.keys(settings.groupCapabilities).map((group) => checkCapabilities(`${TOKEN_ISSUER_SETTINGS_VARIABLE}.groupCapabilities.${group}`, settings.groupCapabilities[group])),
      checkSessionMinutes(`${TOKEN_ISSUER_SETTINGS_VARIABLE}.sessionMinutes`, settings.sessionMinutes)
    ].filter((problem) => problem !== void 0));
  }
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return settings;
}
function isStringList(value) {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}
function isNonEmptyStringList(value) {
  return isStringList(value) && value.length > 0;
}
function isGroupMap(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every(isStringList);
}
function isNumber(value) {
  return typeof value === "number";
}
function isNonEmptyString(value) {
  return typeof value === "string" && value.length > 0;
}
function isOptionalString(value) {
  return value === void 0 || typeof value === "string";
}
function isBoolean(value) {
  return typeof value === "boolean";
}

// lambda/token-issuer/errors.ts
var import_http = require("http");
var IssuerError = class extends Error {
  constructor(statusCode, message, headers = {}, cause) {
    super(message, { cause });
    this.statusCode = statusCode;
    this.headers = headers;
    this.name = (import_http.STATUS_CODES[statusCode] ?? `Http${statusCode}`).replace(/\W/g, "");
    this.stack = `${this.name}: ${message}`;
  }
  statusCode;
  headers;
};
function fromApiError(error, roomArn, retryable) {
  const e = error ?? {};
  const [status, message, headers] = (() => {
    switch (e.name) {
      case "ThrottlingException":
        return [429, "IVS Chat is throttling token requests; retry in a moment", { "retry-after": "1" }];
      case "ResourceNotFoundException":
        return [404, `room ${roomArn} does not exist`];
      case "ValidationException": {
        const fields = (e.fieldList ?? []).map((f) => `${f.name ?? "unknown field"}: ${f.message ?? "invalid"}`);
        return [400, `IVS Chat rejected the request: ${e.message ?? "validation failed"}${fields.length ? ` [${fields.join("; ")}]` : ""}`];
      }
      case "AccessDeniedException":
        return [502, `IVS Chat refused to create a token for room ${roomArn} (AccessDeniedException); the issuer's role may not serve it`];
      case "PendingVerification":
        return [503, "IVS Chat cannot create tokens until the account is verified (PendingVerification)"];
      default:
        return e.$metadata || retryable ? [502, `IVS Chat failed to create a token (${e.name && e.name !== "Error" ? e.name : "network error"}); retry in a moment`] : [500, "the chat token issuer failed; see its logs"];
    }
  })();
  return new IssuerError(status, message, headers, error);
}

// lambda/token-issuer/request.ts
function transportOf(event) {
  const e = event;
  if (e && typeof e === "object" && e.requestContext && typeof e.requestContext === "object") {
    return e.version === "2.0" ? "http" : "rest";
  }
  return "direct";
}
function originOf(event, transport) {
  return transport === "direct" ? void 0 : header(event.headers, "origin");
}
function parseRequest(event, transport) {
  if (transport === "direct") {
    if (!isObject(event)) {
      throw new IssuerError(400, `a direct invocation must pass a JSON object such as { "roomIdentifier": "...", "userId": "..." }, got: ${showValue(event)}`);
    }
    return { method: "POST", caller: { kind: "trusted" }, fields: event };
  }
  const e = event;
  const context = e.requestContext;
  const method = String(transport === "http" ? context.http?.method ?? "" : e.httpMethod ?? "").toUpperCase();
  const caller = transport === "http" ? callerV2(context) : callerV1(context);
  if (method === "OPTIONS") {
    return { method, caller, fields: {} };
  }
  if (method !== "POST" && method !== "GET") {
    throw new IssuerError(405, `method ${method || "(none)"} is not allowed: use POST with a JSON body, or GET`, { allow: "GET, POST, OPTIONS" });
  }
  const fields = readBody(e.body, e.isBase64Encoded === true, header(e.headers, "content-type"));
  const query = e.queryStringParameters;
  if (query?.roomIdentifier !== void 0 && fields.roomIdentifier === void 0) {
    fields.roomIdentifier = query.roomIdentifier;
  }
  return { method, caller, fields };
}
function callerV1(context) {
  const authorizer = context.authorizer;
  if (isObject(authorizer)) {
    if (isObject(authorizer.claims)) {
      return { kind: "claims", claims: authorizer.claims };
    }
    const { integrationLatency: _, ...claims } = authorizer;
    if (Object.keys(claims).length > 0) {
      return { kind: "claims", claims };
    }
  }
  const identity = context.identity;
  if (identity?.cognitoIdentityId) {
    return {
      kind: "identity-pool",
      identityId: String(identity.cognitoIdentityId),
      authenticated: identity.cognitoAuthenticationType === "authenticated"
    };
  }
  return identity?.userArn ? { kind: "trusted" } : { kind: "none" };
}
function callerV2(context) {
  const authorizer = context.authorizer;
  if (!isObject(authorizer)) {
    return { kind: "none" };
  }
  const jwt = authorizer.jwt;
  if (isObject(jwt) && isObject(jwt.claims)) {
    return { kind: "claims", claims: jwt.claims };
  }
  if (isObject(authorizer.lambda)) {
    return { kind: "claims", claims: authorizer.lambda };
  }
  const iam = authorizer.iam;
  if (isObject(iam)) {
    const cognito = iam.cognitoIdentity;
    if (cognito?.identityId) {
      const amr = Array.isArray(cognito.amr) ? cognito.amr : [];
      return { kind: "identity-pool", identityId: String(cognito.identityId), authenticated: !amr.includes("unauthenticated") };
    }
    return { kind: "trusted" };
  }
  return { kind: "none" };
}
function readBody(body, base64, contentType) {
  if (body === void 0 || body === null || body === "") {
    return {};
  }
  if (typeof body !== "string") {
    throw new IssuerError(400, "the body must be a JSON object");
  }
  const max = TOKEN_LIMITS.bodyMaxBytes;
  const tooLarge = () => new IssuerError(413, `the body must be at most ${max} bytes`);
  if (body.length > (base64 ? Math.ceil(max / 3) * 4 : max)) {
    throw tooLarge();
  }
  if (contentType !== void 0 && !/^\s*(application\/([\w.+-]+\+)?json|text\/plain)\s*(;|$)/i.test(contentType)) {
    throw new IssuerError(415, `the body must be JSON (content-type application/json), got content-type: ${contentType.slice(0, 100)}`);
  }
  const text = base64 ? Buffer.from(body, "base64").toString("utf8") : body;
  if (Buffer.byteLength(text, "utf8") > max) {
    throw tooLarge();
  }
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new IssuerError(400, `the body must be a JSON object: ${error.message}`);
  }
  if (!isObject(parsed)) {
    throw new IssuerError(400, `the body must be a JSON object, got: ${showValue(parsed)}`);
  }
  return parsed;
}
function header(headers, name) {
  if (!isObject(headers)) return void 0;
  const exact = headers[name];
  if (typeof exact === "string") return exact;
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === name) {
      const value = headers[key];
      return typeof value === "string" ? value : void 0;
    }
  }
  return void 0;
}
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// src/private/shared/room-rules.ts
var ROOM_ARN = /^arn:[a-z0-9-]+:ivschat:[a-z0-9-]+:\d{12}:room\/([a-zA-Z0-9]+)$/;
var ROOM_ID = /^[a-zA-Z0-9]{12}$/;

// lambda/token-issuer/policy.ts
var CLIENT_FIELDS = ["roomIdentifier", "attributes", "sessionDurationInMinutes"];
var TRUSTED_FIELDS = [...CLIENT_FIELDS, "userId", "groups", "displayName"];
function planToken(config, request, newAnonymousId) {
  const { caller, fields } = request;
  checkFields(caller, fields, config);
  const roomArn = resolveRoom(config.roomArns, fields.roomIdentifier);
  const identity = identify(config, caller, fields, newAnonymousId);
  return {
    roomArn,
    userId: identity.userId,
    capabilities: identity.capabilities,
    sessionDurationInMinutes: sessionMinutes(config, fields.sessionDurationInMinutes),
    attributes: attributes(config, fields.attributes, identity.displayName)
  };
}
function checkFields(caller, fields, config) {
  const accepted = caller.kind === "trusted" ? TRUSTED_FIELDS : CLIENT_FIELDS;
  for (const field of Object.keys(fields)) {
    if (accepted.includes(field)) continue;
    if (field === "capabilities") {
      throw new IssuerError(400, "`capabilities` cannot be chosen by the caller: the issuer grants them from its configuration and the user's groups");
    }
    if (TRUSTED_FIELDS.includes(field)) {
      throw new IssuerError(400, `\`${field}\` cannot be chosen by the caller: ${whoNamesTheUser(caller, config)}`);
    }
    throw new IssuerError(400, `unknown field \`${field}\`; this request accepts: ${accepted.join(", ")}`);
  }
}
function whoNamesTheUser(caller, config) {
  switch (caller.kind) {
    case "claims":
      return `the user comes from the authorizer's \`${config.userIdClaim}\` claim and groups from \`${config.groupsClaim}\``;
    case "identity-pool":
      return "the user is the caller's Cognito identity";
    default:
      return "only an IAM-signed request or a direct invocation from a backend may name the user";
  }
}
function resolveRoom(roomArns, value) {
  if (value === void 0) {
    if (roomArns.length === 1) return roomArns[0];
    throw new IssuerError(400, `\`roomIdentifier\` is required: this issuer serves ${roomArns.length} rooms`);
  }
  if (typeof value !== "string") {
    throw new IssuerError(400, `\`roomIdentifier\` must be a room ARN or id, got: ${showValue(value)}`);
  }
  for (const arn of roomArns) {
    if (arn === value || ROOM_ID.test(value) && arn.endsWith(`/${value}`)) return arn;
  }
  if (ROOM_ARN.test(value) || ROOM_ID.test(value)) {
    throw new IssuerError(403, `room ${value} is not served by this issuer`);
  }
  throw new IssuerError(400, `\`roomIdentifier\` must be a room ARN (arn:<partition>:ivschat:<region>:<account>:room/<id>) or a 12-character room id, got: ${showValue(value)}`);
}
function identify(config, caller, fields, newAnonymousId) {
  switch (caller.kind) {
    case "claims": {
      const userId = claimString(caller.claims, config.userIdClaim);
      if (userId === void 0) {
        throw new IssuerError(401, `the authorizer passed no \`${config.userIdClaim}\` claim to identify the user`);
      }
      checked(checkUserId(`claim ${config.userIdClaim}`, userId));
      return {
        userId,
        capabilities: capabilitiesFor(config, parseGroups(caller.claims[config.groupsClaim])),
        displayName: config.displayNameClaim ? claimString(caller.claims, config.displayNameClaim) : void 0
      };
    }
    case "trusted": {
      if (typeof fields.userId !== "string") {
        throw new IssuerError(400, `\`userId\` is required from a backend and must be a string, got: ${showValue(fields.userId)}`);
      }
      checked(checkUserId("userId", fields.userId));
      const { groups = [], displayName } = fields;
      if (!Array.isArray(groups) || !groups.every((g) => typeof g === "string")) {
        throw new IssuerError(400, `\`groups\` must be an array of strings, got: ${showValue(groups)}`);
      }
      if (displayName !== void 0 && typeof displayName !== "string") {
        throw new IssuerError(400, `\`displayName\` must be a string, got: ${showValue(displayName)}`);
      }
      return { userId: fields.userId, capabilities: capabilitiesFor(config, groups), displayName };
    }
    case "identity-pool":
      if (caller.authenticated) {
        return { userId: caller.identityId, capabilities: capabilitiesFor(config, []) };
      }
      if (config.anonymousViewers) {
        return { userId: caller.identityId, capabilities: [] };
      }
      throw new IssuerError(401, "guests of the identity pool may not chat here: sign in first (anonymous viewers are off)");
    case "none":
      if (config.anonymousViewers) {
        return { userId: newAnonymousId(), capabilities: [] };
      }
      throw new IssuerError(401, "the request carries no identity: sign in first (call through a Cognito or JWT authorizer, or with IAM credentials)");
  }
}
function capabilitiesFor(config, groups) {
  const granted = [...config.capabilities];
  for (const group of groups) {
    const extra = Object.hasOwn(config.groupCapabilities, group) ? config.groupCapabilities[group] : void 0;
    if (extra) granted.push(...extra);
  }
  return orderCapabilities(granted);
}
function parseGroups(claim) {
  if (Array.isArray(claim)) {
    return claim.filter((g) => typeof g === "string");
  }
  if (typeof claim !== "string") {
    return [];
  }
  const text = claim.trim();
  if (text.startsWith('["')) {
    try {
      return parseGroups(JSON.parse(text));
    } catch {
    }
  }
  return text.replace(/^\[|\]$/g, "").split(/[\s,]+/).filter((g) => g.length > 0);
}
function claimString(claims, name) {
  const value = claims[name];
  return typeof value === "string" && value || typeof value === "number" ? String(value) : void 0;
}
function sessionMinutes(config, value) {
  if (value === void 0) {
    return config.sessionMinutes;
  }
  const { min } = TOKEN_LIMITS.sessionMinutes;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > config.sessionMinutes) {
    throw new IssuerError(
      400,
      `\`sessionDurationInMinutes\` must be an integer between ${min} and ${config.sessionMinutes} (this issuer's session length), got: ${showValue(value)}`
    );
  }
  return value;
}
function attributes(config, value, displayName) {
  const result = {};
  if (value !== void 0) {
    if (!isObject(value)) {
      throw new IssuerError(400, `\`attributes\` must be an object of strings, got: ${showValue(value)}`);
    }
    for (const key of Object.keys(value)) {
      if (!config.allowedAttributes.includes(key)) {
        throw new IssuerError(400, config.allowedAttributes.length === 0 ? `attribute \`${key}\` is not allowed: this issuer accepts no attributes from callers` : `attribute \`${key}\` is not allowed; allowed: ${config.allowedAttributes.join(", ")}`);
      }
      const v = value[key];
      if (typeof v !== "string") {
        throw new IssuerError(400, `attribute \`${key}\` must be a string, got: ${showValue(v)}`);
      }
      result[key] = v;
    }
  }
  if (displayName !== void 0) {
    result[DISPLAY_NAME_ATTRIBUTE] = displayName;
  }
  const keys = Object.keys(result);
  if (keys.length === 0) {
    return void 0;
  }
  const size = attributesBytes(result);
  if (size > TOKEN_LIMITS.attributesMaxBytes) {
    throw new IssuerError(
      400,
      `\`attributes\` must total at most ${TOKEN_LIMITS.attributesMaxBytes} bytes (UTF-8 keys and values${displayName !== void 0 ? `, with \`${DISPLAY_NAME_ATTRIBUTE}\`` : ""}), got: ${size}`
    );
  }
  return result;
}
function checked(problem) {
  if (problem) throw new IssuerError(400, problem);
}

// lambda/shared/retry.ts
var RETRYABLE_ERRORS = /* @__PURE__ */ new Set(["ThrottlingException", "InternalServerException", "TimeoutError", "RequestTimeout"]);
var RETRYABLE_NETWORK_CODES = /* @__PURE__ */ new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN"]);
var WRAPPED_TRANSPORT_ERROR = /^AWS SDK error wrapper for (TimeoutError|RequestTimeout|Error: (ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT))\b/;
function isRetryable(error) {
  const e = error;
  if (!e) return false;
  const status = e.$metadata?.httpStatusCode;
  return RETRYABLE_ERRORS.has(e.name ?? "") || RETRYABLE_NETWORK_CODES.has(e.code ?? "") || WRAPPED_TRANSPORT_ERROR.test(e.message ?? "") || status === 429 || status !== void 0 && status >= 500;
}
async function withRetries(attempt, options) {
  const base = options.baseDelayMs ?? 200;
  const cap = options.maxDelayMs ?? 3e3;
  const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const delay = Math.floor(random() * Math.min(cap, base * 2 ** Math.min(n, 16)));
      if (!isRetryable(error) || Date.now() + delay >= options.deadline) {
        throw error;
      }
      await sleep(delay);
    }
  }
}

// lambda/token-issuer/index.ts
var RETRY_BUDGET_MS = 400;
var RESPONSE_MARGIN_MS = 500;
var clients = /* @__PURE__ */ new Map();
function ivschat(region) {
  let client = clients.get(region);
  if (!client) {
    client = new import_client_ivschat.IvschatClient({
      region: region || void 0,
      maxAttempts: 1,
      requestHandler: { connectionTimeout: 1e3, requestTimeout: 2e3 }
    });
    clients.set(region, client);
  }
  return client;
}
async function handler(event, context) {
  const transport = transportOf(event);
  let config;
  try {
    config = readSettings(process.env);
    const request = parseRequest(event, transport);
    if (request.method === "OPTIONS") {
      return http(204, void 0, corsHeaders(config, event, transport, true));
    }
    const plan = planToken(config, request, () => `anonymous-${(0, import_crypto.randomUUID)()}`);
    const output = await createToken(plan, retryDeadline(context));
    const body = tokenResponse(output);
    return transport === "direct" ? body : http(200, body, corsHeaders(config, event, transport, false));
  } catch (error) {
    const failure = asIssuerError(error);
    report(failure, error);
    if (transport === "direct") {
      throw failure;
    }
    const payload = { message: failure.message };
    return http(failure.statusCode, payload, { ...failure.headers, ...corsHeaders(config, event, transport, false) });
  }
}
async function createToken(plan, deadline) {
  const command = new import_client_ivschat.CreateChatTokenCommand({
    roomIdentifier: plan.roomArn,
    userId: plan.userId,
    capabilities: plan.capabilities,
    sessionDurationInMinutes: plan.sessionDurationInMinutes,
    attributes: plan.attributes
  });
  const client = ivschat(plan.roomArn.split(":")[3]);
  try {
    return await withRetries(() => client.send(command), { deadline, baseDelayMs: 25, maxDelayMs: 150 });
  } catch (error) {
    throw fromApiError(error, plan.roomArn, isRetryable(error));
  }
}
function retryDeadline(context) {
  const remaining = context ? context.getRemainingTimeInMillis() - RESPONSE_MARGIN_MS : RETRY_BUDGET_MS;
  return Date.now() + Math.min(RETRY_BUDGET_MS, remaining);
}
function tokenResponse(output) {
  const { token, tokenExpirationTime, sessionExpirationTime } = output;
  if (!token || !tokenExpirationTime || !sessionExpirationTime) {
    throw new IssuerError(502, "IVS Chat answered without a token or its expiration times");
  }
  return {
    token,
    tokenExpirationTime: new Date(tokenExpirationTime).toISOString(),
    sessionExpirationTime: new Date(sessionExpirationTime).toISOString()
  };
}
function http(statusCode, body, headers) {
  return {
    statusCode,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
    body: body === void 0 ? "" : JSON.stringify(body)
  };
}
function corsHeaders(config, event, transport, preflight) {
  if (transport !== "rest" || !config || config.allowedOrigins.length === 0) {
    return {};
  }
  const origin = originOf(event, transport);
  const any = config.allowedOrigins.includes("*");
  if (!any && (origin === void 0 || !config.allowedOrigins.includes(origin))) {
    return { vary: "origin" };
  }
  return {
    "access-control-allow-origin": any ? "*" : origin,
    ...!any && { vary: "origin" },
    ...preflight && {
      "access-control-allow-methods": [...TOKEN_ISSUER_CORS.allowedMethods, "OPTIONS"].join(", "),
      "access-control-allow-headers": TOKEN_ISSUER_CORS.allowedHeaders.join(", "),
      "access-control-max-age": String(TOKEN_ISSUER_CORS.maxAgeSeconds)
    }
  };
}
function asIssuerError(error) {
  if (error instanceof IssuerError) return error;
  if (error instanceof ConfigError) return new IssuerError(500, "the chat token issuer is misconfigured; see its logs");
  return new IssuerError(500, "the chat token issuer failed; see its logs");
}
function report(failure, cause) {
  const line = { level: failure.statusCode >= 500 ? "ERROR" : "WARN", status: failure.statusCode, message: failure.message };
  const e = cause === failure ? failure.cause : cause;
  if (e) {
    line.error = { name: e.name, message: e.message, stack: e.stack };
  }
  console.log(JSON.stringify(line));
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  handler
});
