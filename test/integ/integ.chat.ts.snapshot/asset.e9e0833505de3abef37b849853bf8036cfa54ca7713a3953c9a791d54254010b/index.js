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

// lambda/room-provider/index.ts
var index_exports = {};
__export(index_exports, {
  handler: () => handler
});
module.exports = __toCommonJS(index_exports);
var import_client_ivschat2 = require("@aws-sdk/client-ivschat");

// lambda/room-provider/create.ts
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

// src/private/shared/common-rules.ts
var NAME_LIMITS = {
  maxLength: 128,
  pattern: /^[a-zA-Z0-9-_]*$/
};
var TAG_LIMITS = {
  maxTags: 50,
  keyMaxLength: 128,
  valueMaxLength: 256
};
function checkIntegerRange(property, value, min, max) {
  if (!Number.isInteger(value) || value < min || value > max) {
    return `\`${property}\` must be an integer between ${min} and ${max}, got: ${value}`;
  }
  return void 0;
}
function checkName(property, value) {
  if (value.length > NAME_LIMITS.maxLength) {
    return `\`${property}\` must be at most ${NAME_LIMITS.maxLength} characters, got ${value.length}: ${showValue(value)}`;
  }
  if (!NAME_LIMITS.pattern.test(value)) {
    return `\`${property}\` must match ${NAME_LIMITS.pattern} (letters, digits, '-' and '_'), got: ${showValue(value)}`;
  }
  return void 0;
}
function checkTags(tags, rules) {
  const problems = [];
  const isToken = rules.isToken ?? (() => false);
  const keys = Object.keys(tags);
  if (keys.length > TAG_LIMITS.maxTags) {
    problems.push(`${rules.resource} can have at most ${TAG_LIMITS.maxTags} tags, got: ${keys.length}`);
  }
  for (const key of keys) {
    if (rules.sentBySdk && key === "__proto__") {
      problems.push(`tag key "__proto__" cannot be used: the AWS SDK drops it from requests, so it would never reach ${rules.resource}`);
    }
    const keyLength = Array.from(key).length;
    if (!isToken(key) && (keyLength < 1 || keyLength > TAG_LIMITS.keyMaxLength)) {
      problems.push(`tag keys must be 1 to ${TAG_LIMITS.keyMaxLength} characters, got ${keyLength}: ${showValue(key)}`);
    }
    const value = tags[key];
    const valueLength = Array.from(value).length;
    if (!isToken(value) && (valueLength < rules.valueMinLength || valueLength > TAG_LIMITS.valueMaxLength)) {
      const rule = rules.valueMinLength === 0 ? `at most ${TAG_LIMITS.valueMaxLength} characters` : `${rules.valueMinLength} to ${TAG_LIMITS.valueMaxLength} characters`;
      const reason = rules.valueMinLengthReason ? ` (${rules.valueMinLengthReason})` : "";
      problems.push(`the value of tag ${showValue(key)} must be ${rule}${reason}, got: ${valueLength}`);
    }
  }
  return problems;
}

// src/private/shared/room-rules.ts
var ROOM_LIMITS = {
  maximumMessageLength: { min: 1, max: 500, default: 500 },
  maximumMessageRatePerSecond: { min: 1, max: 100, default: 10 },
  reviewHandlerUriMaxLength: 170,
  maxLoggingConfigurations: 3
};
var FALLBACK_RESULTS = ["ALLOW", "DENY"];
var ROOM_ARN = /^arn:[a-z0-9-]+:ivschat:[a-z0-9-]+:\d{12}:room\/([a-zA-Z0-9]+)$/;
var ROOM_TAG_RULES = {
  resource: "a chat room",
  valueMinLength: 0,
  sentBySdk: true
};
function checkNewRoomName(property, value) {
  if (value === "") {
    return `\`${property}\` must not be empty (after a lost CreateRoom answer the provider finds its room by name, and unnamed rooms cannot be told apart), got: ${showValue(value)}`;
  }
  return void 0;
}
function checkReviewHandlerUri(property, value) {
  if (typeof value !== "string" || value === "") {
    return `\`${property}\` must be a function ARN (a non-empty Uri), got: ${showValue(value)}`;
  }
  if (value.length > ROOM_LIMITS.reviewHandlerUriMaxLength) {
    return `\`${property}\` must be at most ${ROOM_LIMITS.reviewHandlerUriMaxLength} characters, got ${value.length}: ${showValue(value)}`;
  }
  return void 0;
}
function checkFallbackResult(property, value) {
  if (!FALLBACK_RESULTS.includes(value)) {
    return `\`${property}\` must be one of ${FALLBACK_RESULTS.join(", ")}, got: ${showValue(value)}`;
  }
  return void 0;
}
function checkLoggingConfigurationIdentifiers(property, identifiers) {
  const errors = [];
  const max = ROOM_LIMITS.maxLoggingConfigurations;
  if (identifiers.length > max) {
    errors.push(`\`${property}\` must hold at most ${max} logging configurations, got: ${identifiers.length}`);
  }
  const repeated = identifiers.filter((id, i) => identifiers.indexOf(id) !== i);
  for (const id of new Set(repeated)) {
    errors.push(`\`${property}\` must not hold the same logging configuration twice, got twice: ${id}`);
  }
  return errors;
}

// lambda/room-provider/properties.ts
var MAX_PROBLEMS_SHOWN = 8;
var InvalidPropertiesError = class extends Error {
  constructor(problems) {
    const shown = problems.slice(0, MAX_PROBLEMS_SHOWN);
    const more = problems.length > shown.length ? `; and ${problems.length - shown.length} more` : "";
    super(`Invalid chat room properties: ${shown.join("; ")}${more}`);
    this.problems = problems;
    this.name = "InvalidPropertiesError";
  }
  problems;
};
function readRoomSpec(raw) {
  const props = raw ?? {};
  const review = props.MessageReviewHandler;
  return {
    name: String(props.Name ?? ""),
    maximumMessageLength: toNumber(props.MaximumMessageLength, ROOM_LIMITS.maximumMessageLength.default),
    maximumMessageRatePerSecond: toNumber(props.MaximumMessageRatePerSecond, ROOM_LIMITS.maximumMessageRatePerSecond.default),
    messageReviewHandler: review && review.Uri ? { uri: String(review.Uri), fallbackResult: String(review.FallbackResult ?? "ALLOW") } : void 0,
    loggingConfigurationIdentifiers: readStringList(props.LoggingConfigurationIdentifiers),
    tags: readTags(props.Tags)
  };
}
function parseRoomSpec(raw, deployed) {
  const spec = readRoomSpec(raw);
  const { maximumMessageLength: length, maximumMessageRatePerSecond: rate } = ROOM_LIMITS;
  const problems = [
    checkName("chatRoomName", spec.name),
    // Only a create looks rooms up by name. An update may keep or go back to
    // an empty name: a rollback of a rename away from one looks the same.
    deployed === void 0 ? checkNewRoomName("chatRoomName", spec.name) : void 0,
    checkIntegerRange("maximumMessageLength", spec.maximumMessageLength, length.min, length.max),
    checkIntegerRange("maximumMessageRatePerSecond", spec.maximumMessageRatePerSecond, rate.min, rate.max),
    ...checkNewReviewHandler(raw, deployed, spec),
    ...checkLoggingConfigurationIdentifiers("loggingConfigurations", spec.loggingConfigurationIdentifiers),
    checkTagsShape(raw?.Tags),
    ...checkTags(spec.tags, ROOM_TAG_RULES)
  ].filter((p) => typeof p === "string");
  if (problems.length > 0) {
    throw new InvalidPropertiesError(problems);
  }
  return spec;
}
function checkNewReviewHandler(raw, deployed, spec) {
  const malformed = reviewHandlerShapeProblems(raw?.MessageReviewHandler);
  if (malformed.length > 0 && !(deployed && reviewHandlerShapeProblems(deployed.MessageReviewHandler).length > 0)) {
    return malformed;
  }
  const handler2 = spec.messageReviewHandler;
  return handler2 ? [
    checkReviewHandlerUri("messageReviewHandler.handler", handler2.uri),
    checkFallbackResult("messageReviewHandler.fallbackResult", handler2.fallbackResult)
  ] : [];
}
function reviewHandlerShapeProblems(value) {
  if (value === void 0 || value === null) {
    return [];
  }
  if (typeof value !== "object" || Array.isArray(value)) {
    return [`\`messageReviewHandler\` must be an object with the keys Uri (the function ARN) and FallbackResult, got: ${showValue(value)}`];
  }
  const unknownKeys = Object.keys(value).filter((key) => key !== "Uri" && key !== "FallbackResult");
  if (unknownKeys.length > 0) {
    return [`\`messageReviewHandler\` must have only the keys Uri and FallbackResult, got: ${unknownKeys.map(showValue).join(", ")}`];
  }
  const { Uri: uri, FallbackResult: fallbackResult } = value;
  return [
    typeof uri === "string" && uri !== "" ? void 0 : checkReviewHandlerUri("messageReviewHandler.handler", uri),
    fallbackResult === void 0 || typeof fallbackResult === "string" ? void 0 : checkFallbackResult("messageReviewHandler.fallbackResult", fallbackResult)
  ].filter((problem) => problem !== void 0);
}
function toNumber(value, fallback) {
  if (value === void 0 || value === null || value === "") {
    return fallback;
  }
  return typeof value === "number" ? value : Number(value);
}
function sameMembers(a, b) {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((item) => set.has(item));
}
function readStringList(value) {
  if (Array.isArray(value)) {
    return value.map(String);
  }
  return value === void 0 || value === null || value === "" ? [] : [String(value)];
}
function readTags(value) {
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    return {};
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v ?? "")]));
}
function checkTagsShape(value) {
  if (value === void 0 || value === null) {
    return void 0;
  }
  if (typeof value !== "object" || Array.isArray(value)) {
    return `\`tags\` must be a map of strings, got: ${showValue(value)}`;
  }
  return void 0;
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
  const retryable = options.retryable ?? isRetryable;
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const delay = Math.floor(random() * Math.min(cap, base * 2 ** Math.min(n, 16)));
      if (!retryable(error) || Date.now() + delay >= options.deadline) {
        throw error;
      }
      await sleep(delay);
    }
  }
}

// lambda/room-provider/create.ts
async function createRoomOnce(client2, spec, deadline) {
  const retry = { deadline };
  const findable = spec.name !== "";
  const existing = new Set(findable ? (await withRetries(() => roomsNamed(client2, spec.name), retry)).map((room) => room.arn) : []);
  let mayExist = false;
  const madeByUs = async () => {
    if (!findable) {
      return void 0;
    }
    const made = (await roomsNamed(client2, spec.name)).filter((room) => !existing.has(room.arn) && matches(room, spec));
    if (made.length > 1) {
      console.warn(`CreateRoom may have made ${made.length} rooms named ${JSON.stringify(spec.name)}; adopting the newest: ${made.map((r) => r.arn).join(", ")}`);
    }
    const [newest] = made;
    return newest?.arn && newest.id ? { arn: newest.arn, id: newest.id } : void 0;
  };
  try {
    return await withRetries(async () => {
      const adopted = mayExist ? await madeByUs() : void 0;
      if (adopted) {
        return adopted;
      }
      try {
        const room = await client2.send(new import_client_ivschat.CreateRoomCommand({
          name: spec.name,
          maximumMessageLength: spec.maximumMessageLength,
          maximumMessageRatePerSecond: spec.maximumMessageRatePerSecond,
          messageReviewHandler: spec.messageReviewHandler && {
            uri: spec.messageReviewHandler.uri,
            fallbackResult: spec.messageReviewHandler.fallbackResult
          },
          tags: Object.keys(spec.tags).length > 0 ? spec.tags : void 0,
          loggingConfigurationIdentifiers: spec.loggingConfigurationIdentifiers.length > 0 ? spec.loggingConfigurationIdentifiers : void 0
        }));
        if (!room.arn || !room.id) {
          throw new Error("CreateRoom answered without an ARN or id");
        }
        return { arn: room.arn, id: room.id };
      } catch (error) {
        const answerless = !clearlyNotCreated(error);
        mayExist ||= answerless;
        throw answerless && !findable ? new RoomMayExistError(spec.name, error) : error;
      }
    }, retry);
  } catch (error) {
    if (!mayExist || error instanceof RoomMayExistError) {
      throw error;
    }
    const adopted = await madeByUs().catch(() => void 0);
    if (adopted) {
      return adopted;
    }
    throw new RoomMayExistError(spec.name, error);
  }
}
var RoomMayExistError = class extends Error {
  constructor(name, cause) {
    super(name === "" ? "An earlier CreateRoom attempt lost its answer, so an unnamed room may exist that this stack does not manage: look for it with ListRooms (rooms without a name) and delete it if it is not yours to keep" : `An earlier CreateRoom attempt lost its answer, so a room named ${JSON.stringify(name)} may exist that this stack does not manage: look for it with ListRooms (name ${JSON.stringify(name)}) and delete it if it is not yours to keep`, { cause });
    this.name = "RoomMayExistError";
  }
};
function clearlyNotCreated(error) {
  const status = error.$metadata?.httpStatusCode;
  return status !== void 0 && status >= 400 && status < 500;
}
async function roomsNamed(client2, name) {
  const rooms = [];
  let nextToken;
  do {
    const page = await client2.send(new import_client_ivschat.ListRoomsCommand({ name, maxResults: 50, nextToken }));
    rooms.push(...(page.rooms ?? []).filter((room) => room.name === name));
    nextToken = page.nextToken;
  } while (nextToken);
  return rooms;
}
function matches(room, spec) {
  const handler2 = room.messageReviewHandler?.uri ? room.messageReviewHandler : void 0;
  return (handler2?.uri ?? "") === (spec.messageReviewHandler?.uri ?? "") && (handler2 ? handler2.fallbackResult === spec.messageReviewHandler?.fallbackResult : true) && sameMembers(room.loggingConfigurationIdentifiers ?? [], spec.loggingConfigurationIdentifiers) && sameTags(room.tags ?? {}, spec.tags);
}
function sameTags(a, b) {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

// lambda/room-provider/errors.ts
var FIELD_TO_PROPERTY = {
  "name": "chatRoomName",
  "maximumMessageLength": "maximumMessageLength",
  "maximumMessageRatePerSecond": "maximumMessageRatePerSecond",
  "messageReviewHandler": "messageReviewHandler",
  "messageReviewHandler.uri": "messageReviewHandler.handler",
  "messageReviewHandler.fallbackResult": "messageReviewHandler.fallbackResult",
  "loggingConfigurationIdentifiers": "loggingConfigurations",
  "tags": "tags"
};
function describeApiFailure(operation, room, error) {
  if (error instanceof RoomMayExistError) {
    return `${describeApiFailure(operation, room, error.cause)}. ${error.message}`;
  }
  const e = error ?? {};
  const kind = e.name && e.name !== "Error" ? e.name : e.code ?? "Error";
  const fields = (e.fieldList ?? []).map((f) => {
    const property = f.name ? FIELD_TO_PROPERTY[f.name] : void 0;
    const where = property && property !== f.name ? `${f.name} (prop \`${property}\`)` : f.name ?? "unknown field";
    return `${where}: ${f.message ?? "invalid"}`;
  });
  const details = fields.length > 0 ? ` [${fields.join("; ")}]` : "";
  return `IVS Chat ${operation} failed for room ${room}: ${kind}: ${e.message ?? String(error)}${details}`;
}

// lambda/room-provider/plan.ts
function planUpdate(roomArn, oldSpec, newSpec) {
  const calls = [];
  const update = {
    identifier: roomArn,
    ...oldSpec.name !== newSpec.name && { name: newSpec.name },
    ...oldSpec.maximumMessageLength !== newSpec.maximumMessageLength && { maximumMessageLength: newSpec.maximumMessageLength },
    ...oldSpec.maximumMessageRatePerSecond !== newSpec.maximumMessageRatePerSecond && { maximumMessageRatePerSecond: newSpec.maximumMessageRatePerSecond },
    ...!sameReviewHandler(oldSpec, newSpec) && {
      messageReviewHandler: newSpec.messageReviewHandler ? { uri: newSpec.messageReviewHandler.uri, fallbackResult: newSpec.messageReviewHandler.fallbackResult } : { uri: "" }
    },
    // The whole list, whatever changed in it; `[]` detaches every configuration.
    ...!sameMembers(oldSpec.loggingConfigurationIdentifiers, newSpec.loggingConfigurationIdentifiers) && { loggingConfigurationIdentifiers: newSpec.loggingConfigurationIdentifiers }
  };
  if (Object.keys(update).length > 1) {
    calls.push({ action: "UpdateRoom", input: update });
  }
  const removedKeys = Object.keys(oldSpec.tags).filter((key) => !Object.hasOwn(newSpec.tags, key));
  if (removedKeys.length > 0) {
    calls.push({ action: "UntagResource", input: { resourceArn: roomArn, tagKeys: removedKeys } });
  }
  const changedTags = Object.fromEntries(
    Object.entries(newSpec.tags).filter(([key, value]) => !Object.hasOwn(oldSpec.tags, key) || oldSpec.tags[key] !== value)
  );
  if (Object.keys(changedTags).length > 0) {
    calls.push({ action: "TagResource", input: { resourceArn: roomArn, tags: changedTags } });
  }
  return calls;
}
function sameReviewHandler(a, b) {
  const x = a.messageReviewHandler;
  const y = b.messageReviewHandler;
  if (!x || !y) {
    return !x && !y;
  }
  return x.uri === y.uri && x.fallbackResult === y.fallbackResult;
}

// lambda/room-provider/index.ts
var TIMEOUT_MARGIN_MS = 15e3;
var MAX_REASON_BYTES = 2048;
var DEFAULT_RETRY_BUDGET_MS = 4 * 6e4;
var client;
function ivschat() {
  client ??= new import_client_ivschat2.IvschatClient({ maxAttempts: 1, requestHandler: { connectionTimeout: 5e3, requestTimeout: 3e4 } });
  return client;
}
async function handler(event, context) {
  const deadline = Date.now() + (context ? context.getRemainingTimeInMillis() - TIMEOUT_MARGIN_MS : DEFAULT_RETRY_BUDGET_MS);
  try {
    switch (event.RequestType) {
      case "Create":
        return await onCreate(event, deadline);
      case "Update":
        return await onUpdate(event, deadline);
      case "Delete":
        return await onDelete(event, deadline);
      default:
        throw new Error(`Unknown RequestType ${showValue(event.RequestType)}: expected Create, Update or Delete`);
    }
  } catch (error) {
    throw fitForCloudFormation(error);
  }
}
function fitForCloudFormation(error) {
  if (error instanceof Error && Buffer.byteLength(error.message) > MAX_REASON_BYTES) {
    error.message = `${Buffer.from(error.message).subarray(0, MAX_REASON_BYTES).toString().replace(/\uFFFD$/, "")}\u2026`;
  }
  return error;
}
async function onCreate(event, deadline) {
  const spec = parseRoomSpec(event.ResourceProperties);
  const room = await described("CreateRoom", spec.name || event.LogicalResourceId, () => createRoomOnce(ivschat(), spec, deadline));
  return respond(room.arn);
}
async function onUpdate(event, deadline) {
  const roomArn = event.PhysicalResourceId;
  if (!ROOM_ARN.test(roomArn)) {
    throw new Error(`Cannot update chat room ${event.LogicalResourceId}: its physical id is not a room ARN: ${showValue(roomArn)}`);
  }
  const newSpec = parseRoomSpec(event.ResourceProperties, event.OldResourceProperties);
  const oldSpec = readRoomSpec(event.OldResourceProperties);
  for (const planned of planUpdate(roomArn, oldSpec, newSpec)) {
    await call(planned.action, roomArn, deadline, () => send(planned));
  }
  return respond(roomArn);
}
async function onDelete(event, deadline) {
  const roomArn = event.PhysicalResourceId;
  if (!ROOM_ARN.test(roomArn)) {
    return { PhysicalResourceId: roomArn };
  }
  try {
    await call("DeleteRoom", roomArn, deadline, () => ivschat().send(new import_client_ivschat2.DeleteRoomCommand({ identifier: roomArn })));
  } catch (error) {
    if (!(error instanceof RoomApiError && error.cause instanceof import_client_ivschat2.ResourceNotFoundException)) {
      throw error;
    }
  }
  return respond(roomArn);
}
function send(planned) {
  switch (planned.action) {
    case "UpdateRoom":
      return ivschat().send(new import_client_ivschat2.UpdateRoomCommand(planned.input));
    case "TagResource":
      return ivschat().send(new import_client_ivschat2.TagResourceCommand(planned.input));
    case "UntagResource":
      return ivschat().send(new import_client_ivschat2.UntagResourceCommand(planned.input));
  }
}
function call(operation, room, deadline, attempt) {
  return described(operation, room, () => withRetries(attempt, { deadline }));
}
async function described(operation, room, work) {
  try {
    return await work();
  } catch (error) {
    throw new RoomApiError(describeApiFailure(operation, room, error), error);
  }
}
var RoomApiError = class extends Error {
  constructor(message, cause) {
    super(message, { cause });
    this.name = "RoomApiError";
  }
};
function respond(roomArn) {
  const id = ROOM_ARN.exec(roomArn)?.[1] ?? roomArn.split("/").pop();
  return { PhysicalResourceId: roomArn, Data: { Arn: roomArn, Id: id } };
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  handler
});
