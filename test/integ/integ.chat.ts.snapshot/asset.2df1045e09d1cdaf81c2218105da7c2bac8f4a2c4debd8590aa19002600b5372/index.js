"use strict";
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
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

// node_modules/@smithy/core/dist-es/submodules/serde/is-array-buffer/is-array-buffer.js
var isArrayBuffer;
var init_is_array_buffer = __esm({
  "node_modules/@smithy/core/dist-es/submodules/serde/is-array-buffer/is-array-buffer.js"() {
    isArrayBuffer = (arg) => typeof ArrayBuffer === "function" && arg instanceof ArrayBuffer || Object.prototype.toString.call(arg) === "[object ArrayBuffer]";
  }
});

// node_modules/@smithy/core/dist-es/submodules/serde/util-buffer-from/buffer-from.js
var fromArrayBuffer, fromString;
var init_buffer_from = __esm({
  "node_modules/@smithy/core/dist-es/submodules/serde/util-buffer-from/buffer-from.js"() {
    init_is_array_buffer();
    fromArrayBuffer = (input, offset = 0, length = input.byteLength - offset) => {
      if (!isArrayBuffer(input)) {
        throw new TypeError(`The "input" argument must be ArrayBuffer. Received type ${typeof input} (${input})`);
      }
      return Buffer.from(input, offset, length);
    };
    fromString = (input, encoding) => {
      if (typeof input !== "string") {
        throw new TypeError(`The "input" argument must be of type string. Received type ${typeof input} (${input})`);
      }
      return encoding ? Buffer.from(input, encoding) : Buffer.from(input);
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/serde/util-base64/fromBase64.js
var BASE64_REGEX, fromBase64;
var init_fromBase64 = __esm({
  "node_modules/@smithy/core/dist-es/submodules/serde/util-base64/fromBase64.js"() {
    init_buffer_from();
    BASE64_REGEX = /^[A-Za-z0-9+/]*={0,2}$/;
    fromBase64 = (input) => {
      if (input.length * 3 % 4 !== 0) {
        throw new TypeError(`Incorrect padding on base64 string.`);
      }
      if (!BASE64_REGEX.exec(input)) {
        throw new TypeError(`Invalid base64 string.`);
      }
      const buffer = fromString(input, "base64");
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/serde/util-utf8/fromUtf8.js
var fromUtf8;
var init_fromUtf8 = __esm({
  "node_modules/@smithy/core/dist-es/submodules/serde/util-utf8/fromUtf8.js"() {
    init_buffer_from();
    fromUtf8 = (input) => {
      const buf = fromString(input, "utf8");
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength / Uint8Array.BYTES_PER_ELEMENT);
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/serde/util-base64/toBase64.js
var toBase64;
var init_toBase64 = __esm({
  "node_modules/@smithy/core/dist-es/submodules/serde/util-base64/toBase64.js"() {
    init_buffer_from();
    init_fromUtf8();
    toBase64 = (_input) => {
      let input;
      if (typeof _input === "string") {
        input = fromUtf8(_input);
      } else {
        input = _input;
      }
      if (typeof input !== "object" || typeof input.byteOffset !== "number" || typeof input.byteLength !== "number") {
        throw new Error("@smithy/util-base64: toBase64 encoder function only accepts string | Uint8Array.");
      }
      return fromArrayBuffer(input.buffer, input.byteOffset, input.byteLength).toString("base64");
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/serde/util-stream/blob/Uint8ArrayBlobAdapter.js
function bindUint8ArrayBlobAdapter(toUtf82, fromUtf82, toBase642, fromBase642) {
  return class Uint8ArrayBlobAdapter2 extends Uint8Array {
    static fromString(source, encoding = "utf-8") {
      if (typeof source === "string") {
        if (encoding === "base64") {
          return Uint8ArrayBlobAdapter2.mutate(fromBase642(source));
        }
        return Uint8ArrayBlobAdapter2.mutate(fromUtf82(source));
      }
      throw new Error(`Unsupported conversion from ${typeof source} to Uint8ArrayBlobAdapter.`);
    }
    static mutate(source) {
      Object.setPrototypeOf(source, Uint8ArrayBlobAdapter2.prototype);
      return source;
    }
    transformToString(encoding = "utf-8") {
      if (encoding === "base64") {
        return toBase642(this);
      }
      return toUtf82(this);
    }
  };
}
var init_Uint8ArrayBlobAdapter = __esm({
  "node_modules/@smithy/core/dist-es/submodules/serde/util-stream/blob/Uint8ArrayBlobAdapter.js"() {
  }
});

// node_modules/@smithy/core/dist-es/submodules/serde/util-utf8/toUtf8.js
var toUtf8;
var init_toUtf8 = __esm({
  "node_modules/@smithy/core/dist-es/submodules/serde/util-utf8/toUtf8.js"() {
    init_buffer_from();
    toUtf8 = (input) => {
      if (typeof input === "string") {
        return input;
      }
      if (typeof input !== "object" || typeof input.byteOffset !== "number" || typeof input.byteLength !== "number") {
        throw new Error("@smithy/util-utf8: toUtf8 encoder function only accepts string | Uint8Array.");
      }
      return fromArrayBuffer(input.buffer, input.byteOffset, input.byteLength).toString("utf8");
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/serde/uuid/v4.js
function bindV4(getRandomValues2) {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") {
    return () => crypto.randomUUID();
  }
  return () => {
    const rnds = new Uint8Array(16);
    getRandomValues2(rnds);
    rnds[6] = rnds[6] & 15 | 64;
    rnds[8] = rnds[8] & 63 | 128;
    return decimalToHex[rnds[0]] + decimalToHex[rnds[1]] + decimalToHex[rnds[2]] + decimalToHex[rnds[3]] + "-" + decimalToHex[rnds[4]] + decimalToHex[rnds[5]] + "-" + decimalToHex[rnds[6]] + decimalToHex[rnds[7]] + "-" + decimalToHex[rnds[8]] + decimalToHex[rnds[9]] + "-" + decimalToHex[rnds[10]] + decimalToHex[rnds[11]] + decimalToHex[rnds[12]] + decimalToHex[rnds[13]] + decimalToHex[rnds[14]] + decimalToHex[rnds[15]];
  };
}
var decimalToHex;
var init_v4 = __esm({
  "node_modules/@smithy/core/dist-es/submodules/serde/uuid/v4.js"() {
    decimalToHex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
  }
});

// node_modules/@smithy/core/dist-es/submodules/transport/hasOwn.js
function hasOwn(o, k) {
  return Object.prototype.hasOwnProperty.call(o, k);
}
var init_hasOwn = __esm({
  "node_modules/@smithy/core/dist-es/submodules/transport/hasOwn.js"() {
  }
});

// node_modules/@smithy/core/dist-es/submodules/transport/httpRequest.js
function cloneQuery(query) {
  return Object.keys(query).reduce((carry, paramName) => {
    const param = query[paramName];
    return {
      ...carry,
      [paramName]: Array.isArray(param) ? [...param] : param
    };
  }, {});
}
var HttpRequest;
var init_httpRequest = __esm({
  "node_modules/@smithy/core/dist-es/submodules/transport/httpRequest.js"() {
    HttpRequest = class _HttpRequest {
      method;
      protocol;
      hostname;
      port;
      path;
      query;
      headers;
      username;
      password;
      fragment;
      body;
      constructor(options) {
        this.method = options.method || "GET";
        this.hostname = options.hostname || "localhost";
        this.port = options.port;
        this.query = options.query || {};
        this.headers = options.headers || {};
        this.body = options.body;
        this.protocol = options.protocol ? options.protocol.slice(-1) !== ":" ? `${options.protocol}:` : options.protocol : "https:";
        this.path = options.path ? options.path.charAt(0) !== "/" ? `/${options.path}` : options.path : "/";
        this.username = options.username;
        this.password = options.password;
        this.fragment = options.fragment;
      }
      static clone(request) {
        const cloned = new _HttpRequest({
          ...request,
          headers: { ...request.headers }
        });
        if (cloned.query) {
          cloned.query = cloneQuery(cloned.query);
        }
        return cloned;
      }
      static isInstance(request) {
        if (!request) {
          return false;
        }
        const req = request;
        return "method" in req && "protocol" in req && "hostname" in req && "path" in req && typeof req["query"] === "object" && typeof req["headers"] === "object";
      }
      clone() {
        return _HttpRequest.clone(this);
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/transport/normalizeProvider.js
var normalizeProvider;
var init_normalizeProvider = __esm({
  "node_modules/@smithy/core/dist-es/submodules/transport/normalizeProvider.js"() {
    normalizeProvider = (input) => {
      if (typeof input === "function") {
        return input;
      }
      const promisified = Promise.resolve(input);
      return () => promisified;
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/transport/index.js
var init_transport = __esm({
  "node_modules/@smithy/core/dist-es/submodules/transport/index.js"() {
    init_hasOwn();
    init_httpRequest();
    init_normalizeProvider();
  }
});

// node_modules/@smithy/core/dist-es/submodules/serde/util-hex-encoding/hex-encoding.js
function fromHex(encoded) {
  if (encoded.length % 2 !== 0) {
    throw new Error("Hex encoded strings must have an even number length");
  }
  const out = new Uint8Array(encoded.length / 2);
  for (let i = 0; i < encoded.length; i += 2) {
    const encodedByte = encoded.slice(i, i + 2).toLowerCase();
    if (encodedByte in HEX_TO_SHORT) {
      out[i / 2] = HEX_TO_SHORT[encodedByte];
    } else {
      throw new Error(`Cannot decode unrecognized sequence ${encodedByte} as hexadecimal`);
    }
  }
  return out;
}
function toHex(bytes) {
  let out = "";
  for (let i = 0; i < bytes.byteLength; i++) {
    out += SHORT_TO_HEX[bytes[i]];
  }
  return out;
}
var SHORT_TO_HEX, HEX_TO_SHORT;
var init_hex_encoding = __esm({
  "node_modules/@smithy/core/dist-es/submodules/serde/util-hex-encoding/hex-encoding.js"() {
    SHORT_TO_HEX = {};
    HEX_TO_SHORT = {};
    for (let i = 0; i < 256; i++) {
      let encodedByte = i.toString(16).toLowerCase();
      if (encodedByte.length === 1) {
        encodedByte = `0${encodedByte}`;
      }
      SHORT_TO_HEX[i] = encodedByte;
      HEX_TO_SHORT[encodedByte] = i;
    }
  }
});

// node_modules/@smithy/core/dist-es/submodules/serde/util-utf8/toUint8Array.js
var toUint8Array;
var init_toUint8Array = __esm({
  "node_modules/@smithy/core/dist-es/submodules/serde/util-utf8/toUint8Array.js"() {
    init_fromUtf8();
    toUint8Array = (data) => {
      if (data instanceof Uint8Array) {
        return data;
      }
      if (typeof data === "string") {
        return fromUtf8(data);
      }
      if (ArrayBuffer.isView(data)) {
        return new Uint8Array(data.buffer, data.byteOffset, data.byteLength / Uint8Array.BYTES_PER_ELEMENT);
      }
      return new Uint8Array(data);
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/index.js
var init_client = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/index.js"() {
    init_transport();
  }
});

// node_modules/@smithy/core/dist-es/submodules/serde/hash-node/hash-node.js
function castSourceData(toCast, encoding) {
  if (Buffer.isBuffer(toCast)) {
    return toCast;
  }
  if (typeof toCast === "string") {
    return fromString(toCast, encoding);
  }
  if (ArrayBuffer.isView(toCast)) {
    return fromArrayBuffer(toCast.buffer, toCast.byteOffset, toCast.byteLength);
  }
  return fromArrayBuffer(toCast);
}
var import_node_crypto, Hash;
var init_hash_node = __esm({
  "node_modules/@smithy/core/dist-es/submodules/serde/hash-node/hash-node.js"() {
    import_node_crypto = require("node:crypto");
    init_buffer_from();
    init_toUint8Array();
    Hash = class {
      algorithmIdentifier;
      secret;
      hash;
      constructor(algorithmIdentifier, secret) {
        this.algorithmIdentifier = algorithmIdentifier;
        this.secret = secret;
        this.reset();
      }
      update(toHash, encoding) {
        this.hash.update(toUint8Array(castSourceData(toHash, encoding)));
      }
      digest() {
        return Promise.resolve(this.hash.digest());
      }
      reset() {
        this.hash = this.secret ? (0, import_node_crypto.createHmac)(this.algorithmIdentifier, castSourceData(this.secret)) : (0, import_node_crypto.createHash)(this.algorithmIdentifier);
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/serde/writeKey.js
function writeKey(obj) {
  Object.defineProperty(obj, "__proto__", { value: void 0, writable: true, enumerable: true, configurable: true });
}
var init_writeKey = __esm({
  "node_modules/@smithy/core/dist-es/submodules/serde/writeKey.js"() {
  }
});

// node_modules/@smithy/core/dist-es/submodules/serde/index.js
var import_node_crypto2, Uint8ArrayBlobAdapter, _getRandomValues, v4;
var init_serde = __esm({
  "node_modules/@smithy/core/dist-es/submodules/serde/index.js"() {
    import_node_crypto2 = require("node:crypto");
    init_fromBase64();
    init_toBase64();
    init_Uint8ArrayBlobAdapter();
    init_fromUtf8();
    init_toUtf8();
    init_v4();
    init_hex_encoding();
    init_toUint8Array();
    init_is_array_buffer();
    init_hash_node();
    init_transport();
    init_writeKey();
    Uint8ArrayBlobAdapter = class extends bindUint8ArrayBlobAdapter(toUtf8, fromUtf8, toBase64, fromBase64) {
    };
    _getRandomValues = import_node_crypto2.getRandomValues;
    v4 = bindV4(_getRandomValues);
  }
});

// lambda/token-issuer/index.ts
var index_exports = {};
__export(index_exports, {
  handler: () => handler
});
module.exports = __toCommonJS(index_exports);
var import_crypto = require("crypto");

// lambda/token-issuer/client.ts
var import_http = require("http");
var import_https = require("https");

// node_modules/@smithy/hash-node/dist-es/index.js
init_serde();

// node_modules/@smithy/core/dist-es/submodules/protocols/index.js
init_transport();

// node_modules/@smithy/core/dist-es/submodules/protocols/util-uri-escape/escape-uri.js
var escapeUri = (uri) => encodeURIComponent(uri).replace(/[!'()*]/g, hexEncode);
var hexEncode = (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;

// node_modules/@smithy/signature-v4/dist-es/SignatureV4.js
init_serde();

// node_modules/@smithy/signature-v4/dist-es/HeaderFormatter.js
init_serde();
init_serde();
var HeaderFormatter = class {
  format(headers) {
    const chunks = [];
    for (const headerName in headers) {
      if (!hasOwn(headers, headerName)) {
        continue;
      }
      const bytes = fromUtf8(headerName);
      chunks.push(Uint8Array.from([bytes.byteLength]), bytes, this.formatHeaderValue(headers[headerName]));
    }
    const out = new Uint8Array(chunks.reduce((carry, bytes) => carry + bytes.byteLength, 0));
    let position = 0;
    for (const chunk of chunks) {
      out.set(chunk, position);
      position += chunk.byteLength;
    }
    return out;
  }
  formatHeaderValue(header2) {
    switch (header2.type) {
      case "boolean":
        return Uint8Array.from([header2.value ? 0 : 1]);
      case "byte":
        return Uint8Array.from([2, header2.value]);
      case "short":
        const shortView = new DataView(new ArrayBuffer(3));
        shortView.setUint8(0, 3);
        shortView.setInt16(1, header2.value, false);
        return new Uint8Array(shortView.buffer);
      case "integer":
        const intView = new DataView(new ArrayBuffer(5));
        intView.setUint8(0, 4);
        intView.setInt32(1, header2.value, false);
        return new Uint8Array(intView.buffer);
      case "long":
        const longBytes = new Uint8Array(9);
        longBytes[0] = 5;
        longBytes.set(header2.value.bytes, 1);
        return longBytes;
      case "binary":
        const binView = new DataView(new ArrayBuffer(3 + header2.value.byteLength));
        binView.setUint8(0, 6);
        binView.setUint16(1, header2.value.byteLength, false);
        const binBytes = new Uint8Array(binView.buffer);
        binBytes.set(header2.value, 3);
        return binBytes;
      case "string":
        const utf8Bytes = fromUtf8(header2.value);
        const strView = new DataView(new ArrayBuffer(3 + utf8Bytes.byteLength));
        strView.setUint8(0, 7);
        strView.setUint16(1, utf8Bytes.byteLength, false);
        const strBytes = new Uint8Array(strView.buffer);
        strBytes.set(utf8Bytes, 3);
        return strBytes;
      case "timestamp":
        const tsBytes = new Uint8Array(9);
        tsBytes[0] = 8;
        tsBytes.set(Int64.fromNumber(header2.value.valueOf()).bytes, 1);
        return tsBytes;
      case "uuid":
        if (!UUID_PATTERN.test(header2.value)) {
          throw new Error(`Invalid UUID received: ${header2.value}`);
        }
        const uuidBytes = new Uint8Array(17);
        uuidBytes[0] = 9;
        uuidBytes.set(fromHex(header2.value.replace(/-/g, "")), 1);
        return uuidBytes;
    }
  }
};
var HEADER_VALUE_TYPE;
(function(HEADER_VALUE_TYPE2) {
  HEADER_VALUE_TYPE2[HEADER_VALUE_TYPE2["boolTrue"] = 0] = "boolTrue";
  HEADER_VALUE_TYPE2[HEADER_VALUE_TYPE2["boolFalse"] = 1] = "boolFalse";
  HEADER_VALUE_TYPE2[HEADER_VALUE_TYPE2["byte"] = 2] = "byte";
  HEADER_VALUE_TYPE2[HEADER_VALUE_TYPE2["short"] = 3] = "short";
  HEADER_VALUE_TYPE2[HEADER_VALUE_TYPE2["integer"] = 4] = "integer";
  HEADER_VALUE_TYPE2[HEADER_VALUE_TYPE2["long"] = 5] = "long";
  HEADER_VALUE_TYPE2[HEADER_VALUE_TYPE2["byteArray"] = 6] = "byteArray";
  HEADER_VALUE_TYPE2[HEADER_VALUE_TYPE2["string"] = 7] = "string";
  HEADER_VALUE_TYPE2[HEADER_VALUE_TYPE2["timestamp"] = 8] = "timestamp";
  HEADER_VALUE_TYPE2[HEADER_VALUE_TYPE2["uuid"] = 9] = "uuid";
})(HEADER_VALUE_TYPE || (HEADER_VALUE_TYPE = {}));
var UUID_PATTERN = /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/;
var Int64 = class _Int64 {
  bytes;
  constructor(bytes) {
    this.bytes = bytes;
    if (bytes.byteLength !== 8) {
      throw new Error("Int64 buffers must be exactly 8 bytes");
    }
  }
  static fromNumber(number) {
    if (number > 9223372036854776e3 || number < -9223372036854776e3) {
      throw new Error(`${number} is too large (or, if negative, too small) to represent as an Int64`);
    }
    const bytes = new Uint8Array(8);
    for (let i = 7, remaining = Math.abs(Math.round(number)); i > -1 && remaining > 0; i--, remaining /= 256) {
      bytes[i] = remaining;
    }
    if (number < 0) {
      negate(bytes);
    }
    return new _Int64(bytes);
  }
  valueOf() {
    const bytes = this.bytes.slice(0);
    const negative = bytes[0] & 128;
    if (negative) {
      negate(bytes);
    }
    return parseInt(toHex(bytes), 16) * (negative ? -1 : 1);
  }
  toString() {
    return String(this.valueOf());
  }
};
function negate(bytes) {
  for (let i = 0; i < 8; i++) {
    bytes[i] ^= 255;
  }
  for (let i = 7; i > -1; i--) {
    bytes[i]++;
    if (bytes[i] !== 0) {
      break;
    }
  }
}

// node_modules/@smithy/signature-v4/dist-es/SignatureV4Base.js
init_client();
init_serde();

// node_modules/@smithy/signature-v4/dist-es/getCanonicalQuery.js
init_serde();

// node_modules/@smithy/signature-v4/dist-es/constants.js
var ALGORITHM_QUERY_PARAM = "X-Amz-Algorithm";
var CREDENTIAL_QUERY_PARAM = "X-Amz-Credential";
var AMZ_DATE_QUERY_PARAM = "X-Amz-Date";
var SIGNED_HEADERS_QUERY_PARAM = "X-Amz-SignedHeaders";
var EXPIRES_QUERY_PARAM = "X-Amz-Expires";
var SIGNATURE_QUERY_PARAM = "X-Amz-Signature";
var TOKEN_QUERY_PARAM = "X-Amz-Security-Token";
var AUTH_HEADER = "authorization";
var AMZ_DATE_HEADER = AMZ_DATE_QUERY_PARAM.toLowerCase();
var DATE_HEADER = "date";
var GENERATED_HEADERS = [AUTH_HEADER, AMZ_DATE_HEADER, DATE_HEADER];
var SIGNATURE_HEADER = SIGNATURE_QUERY_PARAM.toLowerCase();
var SHA256_HEADER = "x-amz-content-sha256";
var TOKEN_HEADER = TOKEN_QUERY_PARAM.toLowerCase();
var ALWAYS_UNSIGNABLE_HEADERS = {
  authorization: true,
  "cache-control": true,
  connection: true,
  expect: true,
  from: true,
  "keep-alive": true,
  "max-forwards": true,
  pragma: true,
  referer: true,
  te: true,
  trailer: true,
  "transfer-encoding": true,
  upgrade: true,
  "user-agent": true,
  "x-amzn-trace-id": true
};
var PROXY_HEADER_PATTERN = /^proxy-/;
var SEC_HEADER_PATTERN = /^sec-/;
var ALGORITHM_IDENTIFIER = "AWS4-HMAC-SHA256";
var EVENT_ALGORITHM_IDENTIFIER = "AWS4-HMAC-SHA256-PAYLOAD";
var UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
var MAX_CACHE_SIZE = 50;
var KEY_TYPE_IDENTIFIER = "aws4_request";
var MAX_PRESIGNED_TTL = 60 * 60 * 24 * 7;

// node_modules/@smithy/signature-v4/dist-es/getCanonicalQuery.js
var getCanonicalQuery = ({ query = {} }) => {
  const keys = [];
  const serialized = {};
  for (const key in query) {
    if (!hasOwn(query, key)) {
      continue;
    }
    if (key.toLowerCase() === SIGNATURE_HEADER) {
      continue;
    }
    const encodedKey = escapeUri(key);
    keys.push(encodedKey);
    const value = query[key];
    if (typeof value === "string") {
      serialized[encodedKey] = `${encodedKey}=${escapeUri(value)}`;
    } else if (Array.isArray(value)) {
      serialized[encodedKey] = value.slice(0).reduce((encoded, value2) => encoded.concat([`${encodedKey}=${escapeUri(value2)}`]), []).sort().join("&");
    }
  }
  return keys.sort().map((key) => serialized[key]).filter((serialized2) => serialized2).join("&");
};

// node_modules/@smithy/signature-v4/dist-es/utilDate.js
var iso8601 = (time) => toDate(time).toISOString().replace(/\.\d{3}Z$/, "Z");
var toDate = (time) => {
  if (typeof time === "number") {
    return new Date(time * 1e3);
  }
  if (typeof time === "string") {
    if (Number(time)) {
      return new Date(Number(time) * 1e3);
    }
    return new Date(time);
  }
  return time;
};

// node_modules/@smithy/signature-v4/dist-es/SignatureV4Base.js
var SignatureV4Base = class {
  service;
  regionProvider;
  credentialProvider;
  sha256;
  uriEscapePath;
  applyChecksum;
  constructor({ applyChecksum, credentials: credentials2, region, service, sha256, uriEscapePath = true }) {
    this.service = service;
    this.sha256 = sha256;
    this.uriEscapePath = uriEscapePath;
    this.applyChecksum = typeof applyChecksum === "boolean" ? applyChecksum : true;
    this.regionProvider = normalizeProvider(region);
    this.credentialProvider = normalizeProvider(credentials2);
  }
  createCanonicalRequest(request, canonicalHeaders, payloadHash) {
    const sortedHeaders = Object.keys(canonicalHeaders).sort();
    return `${request.method}
${this.getCanonicalPath(request)}
${getCanonicalQuery(request)}
${sortedHeaders.map((name) => `${name}:${canonicalHeaders[name]}`).join("\n")}

${sortedHeaders.join(";")}
${payloadHash}`;
  }
  async createStringToSign(longDate, credentialScope, canonicalRequest, algorithmIdentifier) {
    const hash = new this.sha256();
    hash.update(toUint8Array(canonicalRequest));
    const hashedRequest = await hash.digest();
    return `${algorithmIdentifier}
${longDate}
${credentialScope}
${toHex(hashedRequest)}`;
  }
  getCanonicalPath({ path }) {
    if (this.uriEscapePath) {
      const normalizedPathSegments = [];
      for (const pathSegment of path.split("/")) {
        if (pathSegment?.length === 0) {
          continue;
        }
        if (pathSegment === ".") {
          continue;
        }
        if (pathSegment === "..") {
          normalizedPathSegments.pop();
        } else {
          normalizedPathSegments.push(pathSegment);
        }
      }
      const normalizedPath = `${path?.startsWith("/") ? "/" : ""}${normalizedPathSegments.join("/")}${normalizedPathSegments.length > 0 && path?.endsWith("/") ? "/" : ""}`;
      const doubleEncoded = escapeUri(normalizedPath);
      return doubleEncoded.replace(/%2F/g, "/");
    }
    return path;
  }
  validateResolvedCredentials(credentials2) {
    if (typeof credentials2 !== "object" || typeof credentials2.accessKeyId !== "string" || typeof credentials2.secretAccessKey !== "string") {
      throw new Error("Resolved credential object is not valid");
    }
  }
  formatDate(now) {
    const longDate = iso8601(now).replace(/[-:]/g, "");
    return {
      longDate,
      shortDate: longDate.slice(0, 8)
    };
  }
  getCanonicalHeaderList(headers) {
    return Object.keys(headers).sort().join(";");
  }
};

// node_modules/@smithy/signature-v4/dist-es/credentialDerivation.js
init_serde();
var signingKeyCache = {};
var cacheQueue = [];
var createScope = (shortDate, region, service) => `${shortDate}/${region}/${service}/${KEY_TYPE_IDENTIFIER}`;
var getSigningKey = async (sha256Constructor, credentials2, shortDate, region, service) => {
  const credsHash = await hmac(sha256Constructor, credentials2.secretAccessKey, credentials2.accessKeyId);
  const cacheKey = `${shortDate}:${region}:${service}:${toHex(credsHash)}:${credentials2.sessionToken}`;
  if (cacheKey in signingKeyCache) {
    return signingKeyCache[cacheKey];
  }
  cacheQueue.push(cacheKey);
  while (cacheQueue.length > MAX_CACHE_SIZE) {
    delete signingKeyCache[cacheQueue.shift()];
  }
  let key = `AWS4${credentials2.secretAccessKey}`;
  for (const signable of [shortDate, region, service, KEY_TYPE_IDENTIFIER]) {
    key = await hmac(sha256Constructor, key, signable);
  }
  return signingKeyCache[cacheKey] = key;
};
var hmac = (ctor, secret, data) => {
  const hash = new ctor(secret);
  hash.update(toUint8Array(data));
  return hash.digest();
};

// node_modules/@smithy/signature-v4/dist-es/getCanonicalHeaders.js
init_serde();
var getCanonicalHeaders = ({ headers }, unsignableHeaders, signableHeaders) => {
  const canonical = {};
  for (const headerName of Object.keys(headers).sort()) {
    if (headers[headerName] == void 0) {
      continue;
    }
    const canonicalHeaderName = headerName.toLowerCase();
    if (hasOwn(ALWAYS_UNSIGNABLE_HEADERS, canonicalHeaderName) || unsignableHeaders?.has(canonicalHeaderName) || PROXY_HEADER_PATTERN.test(canonicalHeaderName) || SEC_HEADER_PATTERN.test(canonicalHeaderName)) {
      if (!signableHeaders || signableHeaders && !signableHeaders.has(canonicalHeaderName)) {
        continue;
      }
    }
    if (canonicalHeaderName === "__proto__") {
      writeKey(canonical);
    }
    canonical[canonicalHeaderName] = headers[headerName].replace(/[\r\n]/g, " ").replace(/[ \t]+/g, " ").replace(/^ | $/g, "");
  }
  return canonical;
};

// node_modules/@smithy/signature-v4/dist-es/getPayloadHash.js
init_serde();
init_serde();
var getPayloadHash = async ({ headers, body }, hashConstructor) => {
  for (const headerName in headers) {
    if (!hasOwn(headers, headerName)) {
      continue;
    }
    if (headerName.toLowerCase() === SHA256_HEADER) {
      return headers[headerName];
    }
  }
  if (body == void 0) {
    return "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  } else if (typeof body === "string" || ArrayBuffer.isView(body) || isArrayBuffer(body)) {
    const hashCtor = new hashConstructor();
    hashCtor.update(toUint8Array(body));
    return toHex(await hashCtor.digest());
  }
  return UNSIGNED_PAYLOAD;
};

// node_modules/@smithy/signature-v4/dist-es/headerUtil.js
init_serde();
var hasHeader = (soughtHeader, headers) => {
  soughtHeader = soughtHeader.toLowerCase();
  for (const headerName in headers) {
    if (!hasOwn(headers, headerName)) {
      continue;
    }
    if (soughtHeader === headerName.toLowerCase()) {
      return true;
    }
  }
  return false;
};

// node_modules/@smithy/signature-v4/dist-es/moveHeadersToQuery.js
init_serde();
var moveHeadersToQuery = (request, options = {}) => {
  const { headers, query = {} } = HttpRequest.clone(request);
  for (const name in headers) {
    if (!hasOwn(headers, name)) {
      continue;
    }
    const lname = name.toLowerCase();
    if (lname.slice(0, 6) === "x-amz-" && !options.unhoistableHeaders?.has(lname) || options.hoistableHeaders?.has(lname)) {
      query[name] = headers[name];
      delete headers[name];
    }
  }
  return {
    ...request,
    headers,
    query
  };
};

// node_modules/@smithy/signature-v4/dist-es/prepareRequest.js
init_serde();
var prepareRequest = (request) => {
  request = HttpRequest.clone(request);
  for (const headerName in request.headers) {
    if (!hasOwn(request.headers, headerName)) {
      continue;
    }
    if (GENERATED_HEADERS.indexOf(headerName.toLowerCase()) > -1) {
      delete request.headers[headerName];
    }
  }
  return request;
};

// node_modules/@smithy/signature-v4/dist-es/SignatureV4.js
var SignatureV4 = class extends SignatureV4Base {
  headerFormatter = new HeaderFormatter();
  constructor({ applyChecksum, credentials: credentials2, region, service, sha256, uriEscapePath = true }) {
    super({
      applyChecksum,
      credentials: credentials2,
      region,
      service,
      sha256,
      uriEscapePath
    });
  }
  async presign(originalRequest, options = {}) {
    const { signingDate = /* @__PURE__ */ new Date(), expiresIn = 3600, unsignableHeaders, unhoistableHeaders, signableHeaders, hoistableHeaders, signingRegion, signingService } = options;
    const credentials2 = await this.credentialProvider();
    this.validateResolvedCredentials(credentials2);
    const region = signingRegion ?? await this.regionProvider();
    const { longDate, shortDate } = this.formatDate(signingDate);
    if (expiresIn > MAX_PRESIGNED_TTL) {
      return Promise.reject("Signature version 4 presigned URLs must have an expiration date less than one week in the future");
    }
    const scope = createScope(shortDate, region, signingService ?? this.service);
    const request = moveHeadersToQuery(prepareRequest(originalRequest), { unhoistableHeaders, hoistableHeaders });
    if (credentials2.sessionToken) {
      request.query[TOKEN_QUERY_PARAM] = credentials2.sessionToken;
    }
    request.query[ALGORITHM_QUERY_PARAM] = ALGORITHM_IDENTIFIER;
    request.query[CREDENTIAL_QUERY_PARAM] = `${credentials2.accessKeyId}/${scope}`;
    request.query[AMZ_DATE_QUERY_PARAM] = longDate;
    request.query[EXPIRES_QUERY_PARAM] = expiresIn.toString(10);
    const canonicalHeaders = getCanonicalHeaders(request, unsignableHeaders, signableHeaders);
    request.query[SIGNED_HEADERS_QUERY_PARAM] = this.getCanonicalHeaderList(canonicalHeaders);
    request.query[SIGNATURE_QUERY_PARAM] = await this.getSignature(longDate, scope, this.getSigningKey(credentials2, region, shortDate, signingService), this.createCanonicalRequest(request, canonicalHeaders, await getPayloadHash(originalRequest, this.sha256)));
    return request;
  }
  async sign(toSign, options) {
    if (typeof toSign === "string") {
      return this.signString(toSign, options);
    } else if (toSign.headers && toSign.payload) {
      return this.signEvent(toSign, options);
    } else if (toSign.message) {
      return this.signMessage(toSign, options);
    } else {
      return this.signRequest(toSign, options);
    }
  }
  async signEvent({ headers, payload }, { signingDate = /* @__PURE__ */ new Date(), priorSignature, signingRegion, signingService, eventStreamCredentials }) {
    const region = signingRegion ?? await this.regionProvider();
    const { shortDate, longDate } = this.formatDate(signingDate);
    const scope = createScope(shortDate, region, signingService ?? this.service);
    const hashedPayload = await getPayloadHash({ headers: {}, body: payload }, this.sha256);
    const hash = new this.sha256();
    hash.update(headers);
    const hashedHeaders = toHex(await hash.digest());
    const stringToSign = [
      EVENT_ALGORITHM_IDENTIFIER,
      longDate,
      scope,
      priorSignature,
      hashedHeaders,
      hashedPayload
    ].join("\n");
    return this.signString(stringToSign, {
      signingDate,
      signingRegion: region,
      signingService,
      eventStreamCredentials
    });
  }
  async signMessage(signableMessage, { signingDate = /* @__PURE__ */ new Date(), signingRegion, signingService, eventStreamCredentials }) {
    const promise = this.signEvent({
      headers: this.headerFormatter.format(signableMessage.message.headers),
      payload: signableMessage.message.body
    }, {
      signingDate,
      signingRegion,
      signingService,
      priorSignature: signableMessage.priorSignature,
      eventStreamCredentials
    });
    return promise.then((signature) => {
      return { message: signableMessage.message, signature };
    });
  }
  async signString(stringToSign, { signingDate = /* @__PURE__ */ new Date(), signingRegion, signingService, eventStreamCredentials } = {}) {
    const credentials2 = eventStreamCredentials ?? await this.credentialProvider();
    this.validateResolvedCredentials(credentials2);
    const region = signingRegion ?? await this.regionProvider();
    const { shortDate } = this.formatDate(signingDate);
    const hash = new this.sha256(await this.getSigningKey(credentials2, region, shortDate, signingService));
    hash.update(toUint8Array(stringToSign));
    return toHex(await hash.digest());
  }
  async signRequest(requestToSign, { signingDate = /* @__PURE__ */ new Date(), signableHeaders, unsignableHeaders, signingRegion, signingService } = {}) {
    const credentials2 = await this.credentialProvider();
    this.validateResolvedCredentials(credentials2);
    const region = signingRegion ?? await this.regionProvider();
    const request = prepareRequest(requestToSign);
    const { longDate, shortDate } = this.formatDate(signingDate);
    const scope = createScope(shortDate, region, signingService ?? this.service);
    request.headers[AMZ_DATE_HEADER] = longDate;
    if (credentials2.sessionToken) {
      request.headers[TOKEN_HEADER] = credentials2.sessionToken;
    }
    const payloadHash = await getPayloadHash(request, this.sha256);
    if (!hasHeader(SHA256_HEADER, request.headers) && this.applyChecksum) {
      request.headers[SHA256_HEADER] = payloadHash;
    }
    const canonicalHeaders = getCanonicalHeaders(request, unsignableHeaders, signableHeaders);
    const signature = await this.getSignature(longDate, scope, this.getSigningKey(credentials2, region, shortDate, signingService), this.createCanonicalRequest(request, canonicalHeaders, payloadHash));
    request.headers[AUTH_HEADER] = `${ALGORITHM_IDENTIFIER} Credential=${credentials2.accessKeyId}/${scope}, SignedHeaders=${this.getCanonicalHeaderList(canonicalHeaders)}, Signature=${signature}`;
    return request;
  }
  async getSignature(longDate, credentialScope, keyPromise, canonicalRequest) {
    const stringToSign = await this.createStringToSign(longDate, credentialScope, canonicalRequest, ALGORITHM_IDENTIFIER);
    const hash = new this.sha256(await keyPromise);
    hash.update(toUint8Array(stringToSign));
    return toHex(await hash.digest());
  }
  getSigningKey(credentials2, region, shortDate, service) {
    return getSigningKey(this.sha256, credentials2, shortDate, region, service || this.service);
  }
};

// lambda/token-issuer/client.ts
var IvschatApiError = class extends Error {
  $metadata;
  $fault;
  constructor(name, message, status, requestId, members) {
    super(message);
    Object.assign(this, members);
    this.name = name;
    this.$metadata = { httpStatusCode: status, requestId };
    this.$fault = status >= 500 ? "server" : "client";
  }
};
var CONNECT_TIMEOUT_MS = 1e3;
var REQUEST_TIMEOUT_MS = 2e3;
var endpoints = /* @__PURE__ */ new Map();
async function createChatToken(input, region, env = process.env) {
  const endpoint = endpointFor(region, env);
  const body = JSON.stringify(input);
  const signed = await endpoint.signer.sign(new HttpRequest({
    method: "POST",
    protocol: endpoint.url.protocol,
    hostname: endpoint.url.hostname,
    port: endpoint.url.port ? Number(endpoint.url.port) : void 0,
    path: `${endpoint.url.pathname.replace(/\/$/, "")}/CreateChatToken`,
    headers: {
      "host": endpoint.url.host,
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(body)),
      "user-agent": "cdk-ivs-chat-token-issuer"
    },
    body
  }));
  const { status, headers, text } = await send(endpoint, signed, body);
  const json = parseJson(text);
  if (status >= 200 && status < 300) {
    return {
      token: typeof json.token === "string" ? json.token : void 0,
      tokenExpirationTime: date(json.tokenExpirationTime),
      sessionExpirationTime: date(json.sessionExpirationTime)
    };
  }
  throw apiError(status, headers, json);
}
function endpointFor(region, env) {
  const url = endpointUrl(region, env);
  let endpoint = endpoints.get(`${region} ${url}`);
  if (!endpoint) {
    const parsed = new URL(url);
    endpoint = {
      url: parsed,
      signer: new SignatureV4({ service: "ivschat", region, credentials: () => credentials(env), sha256: Hash.bind(null, "sha256") }),
      agent: parsed.protocol === "http:" ? new import_http.Agent({ keepAlive: true }) : new import_https.Agent({ keepAlive: true })
    };
    endpoints.set(`${region} ${url}`, endpoint);
  }
  return endpoint;
}
var PARTITIONS = [
  [/^cn-\w+-\d+$/, "amazonaws.com.cn", "api.amazonwebservices.com.cn"],
  [/^eusc-(de)-\w+-\d+$/, "amazonaws.eu", "api.amazonwebservices.eu"],
  [/^us-iso-\w+-\d+$/, "c2s.ic.gov", "api.aws.ic.gov"],
  [/^us-isob-\w+-\d+$/, "sc2s.sgov.gov", "api.aws.scloud"],
  [/^eu-isoe-\w+-\d+$/, "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk"],
  [/^us-isof-\w+-\d+$/, "csp.hci.ic.gov", "api.aws.hci.ic.gov"]
];
function endpointUrl(region, env = process.env) {
  const configured = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === "true" ? void 0 : env.AWS_ENDPOINT_URL_IVSCHAT || env.AWS_ENDPOINT_URL;
  if (configured) {
    return configured;
  }
  const [dnsSuffix, dualStackSuffix] = PARTITIONS.find(([pattern]) => pattern.test(region))?.slice(1) ?? ["amazonaws.com", "api.aws"];
  const fips = env.AWS_USE_FIPS_ENDPOINT === "true";
  const dualStack = env.AWS_USE_DUALSTACK_ENDPOINT === "true";
  return `https://${fips ? "ivschat-fips" : "ivschat"}.${region}.${dualStack ? dualStackSuffix : dnsSuffix}`;
}
var chain;
async function credentials(env) {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken, AWS_PROFILE: profile } = env;
  if (accessKeyId && secretAccessKey && !profile) {
    return { accessKeyId, secretAccessKey, sessionToken: sessionToken || void 0 };
  }
  if (!chain) {
    const { defaultProvider } = require("@aws-sdk/credential-provider-node");
    chain = defaultProvider();
  }
  return chain();
}
function send(endpoint, signed, body) {
  return new Promise((resolve, reject) => {
    const request = (endpoint.url.protocol === "http:" ? import_http.request : import_https.request)({
      method: signed.method,
      hostname: signed.hostname,
      port: signed.port,
      path: signed.path,
      headers: signed.headers,
      agent: endpoint.agent,
      timeout: REQUEST_TIMEOUT_MS
    }, (response) => {
      const chunks = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", reject);
    });
    const connectTimer = setTimeout(() => request.destroy(timeoutError("connection", CONNECT_TIMEOUT_MS)), CONNECT_TIMEOUT_MS);
    request.on("socket", (socket) => {
      if (!socket.connecting) clearTimeout(connectTimer);
      else socket.once("connect", () => clearTimeout(connectTimer));
    });
    request.on("timeout", () => request.destroy(timeoutError("request", REQUEST_TIMEOUT_MS)));
    request.on("error", (error) => {
      clearTimeout(connectTimer);
      reject(error);
    });
    request.end(body);
  });
}
function timeoutError(phase, ms) {
  return Object.assign(new Error(`${phase} timed out after ${ms} ms`), { name: "TimeoutError" });
}
function apiError(status, headers, json) {
  const raw = [headers["x-amzn-errortype"], json.__type, json.code].find((v) => typeof v === "string" && v !== "") ?? `Http${status}`;
  const name = raw.split(":")[0].split("#").pop();
  const message = typeof json.message === "string" ? json.message : typeof json.Message === "string" ? json.Message : `HTTP ${status}`;
  const { message: _m, Message: _M, __type: _t, ...members } = json;
  const requestId = headers["x-amzn-requestid"];
  return new IvschatApiError(name, message, status, Array.isArray(requestId) ? requestId[0] : requestId, members);
}
function parseJson(text) {
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}
function date(value) {
  return typeof value === "string" || typeof value === "number" ? new Date(value) : void 0;
}

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
  allowedOrigins: [],
  throttling: {
    shareWindowMs: 3e3,
    minEvidence: 5,
    // A little more than the quota: some of those brought back find another instance's viewers
    // ahead of them, and an idle second of quota is lost for good.
    oversubscription: 1.4,
    // An instance that gets few tokens (one of many, or one Lambda rarely picks) overestimates its
    // queue; past 30 s its viewers ask again rather than wait for nothing (bench/join-storm-model.ts:
    // the worst last token of the storms modelled went from 1.8 to 1.4 times the floor with 60).
    maxRetryAfterSeconds: 30,
    uninformedRetryAfterSeconds: 3
  },
  trustedBackends: [],
  directInvocations: false
};
var TOKEN_ISSUER_CORS = {
  allowedMethods: ["GET", "POST"],
  allowedHeaders: ["authorization", "content-type", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"],
  maxAgeSeconds: 600
};

// src/private/shared/common-rules.ts
function checkIntegerRange(property, value, min, max) {
  if (!Number.isInteger(value) || value < min || value > max) {
    return `\`${property}\` must be an integer between ${min} and ${max}, got: ${value}`;
  }
  return void 0;
}

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
var THROTTLING_LIMITS = {
  shareWindowMs: { min: 1e3, max: 6e4, integer: true },
  minEvidence: { min: 1, max: 1e3, integer: true },
  oversubscription: { min: 0.1, max: 10, integer: false },
  maxRetryAfterSeconds: { min: 1, max: 300, integer: true },
  uninformedRetryAfterSeconds: { min: 1, max: 60, integer: true }
};
function checkThrottling(property, settings) {
  return Object.keys(THROTTLING_LIMITS).flatMap((key) => {
    const { min, max, integer } = THROTTLING_LIMITS[key];
    const value = settings[key];
    const name = `${property}.${key}`;
    if (typeof value !== "number") {
      return [`\`${name}\` must be a number, got: ${showValue(value)}`];
    }
    const problem = integer ? checkIntegerRange(name, value, min, max) : Number.isFinite(value) && value >= min && value <= max ? void 0 : `\`${name}\` must be a number between ${min} and ${max}, got: ${value}`;
    return problem === void 0 ? [] : [problem];
  });
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
var IAM_NAME = "[\\w+=,.@-]+";
var IAM_PATH = "(?:/[\\x21-\\x7e]*)?/";
var TRUSTED_ARN = new RegExp(
  `^arn:([a-z0-9-]+):(?:iam::(\\d{12}):(?:(root)|role${IAM_PATH}(${IAM_NAME})|user${IAM_PATH}${IAM_NAME})|sts::\\d{12}:assumed-role/${IAM_NAME}/${IAM_NAME})$`
);
var CALLER_ARN = /^arn:([a-z0-9-]+):(iam|sts)::(\d{12}):(.+)$/;
function parseTrustedBackend(arn) {
  const m = TRUSTED_ARN.exec(arn);
  if (!m) return void 0;
  const [, partition, account, root, role] = m;
  if (root) return { kind: "account", partition, account };
  if (role) return { kind: "role", partition, account, name: role };
  return { kind: "exact", arn };
}
function checkTrustedBackend(property, arn) {
  return parseTrustedBackend(arn) ? void 0 : `\`${property}\` must hold ARNs of IAM roles, users, role sessions or account roots (arn:<partition>:iam::<account>:role/<name>, \u2026:user/<name>, \u2026:root), got: ${showValue(arn)}`;
}
function isTrustedCaller(trusted, callerArn) {
  const caller = CALLER_ARN.exec(callerArn);
  if (!caller) return false;
  const [, partition, service, account, resource] = caller;
  return trusted.some((backend) => {
    switch (backend.kind) {
      case "account":
        return backend.partition === partition && backend.account === account;
      case "role": {
        const session = resource.slice(`assumed-role/${backend.name}/`.length);
        return backend.partition === partition && backend.account === account && service === "sts" && resource.startsWith(`assumed-role/${backend.name}/`) && session.length > 0 && !session.includes("/");
      }
      case "exact":
        return backend.arn === callerArn;
    }
  });
}
var IDENTITY_POOL_SESSION = /^arn:[a-z0-9-]+:sts::\d{12}:assumed-role\/[^/]+\/CognitoIdentityCredentials$/;

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
    allowedOrigins: setting("allowedOrigins", isStringList, "a list of origins", D.allowedOrigins),
    // Each left out takes its default.
    throttling: { ...D.throttling, ...setting("throttling", isObject, "an object", {}) },
    trustedBackends: setting("trustedBackends", isStringList, "a list of ARNs", D.trustedBackends),
    directInvocations: setting("directInvocations", isBoolean, "true or false", D.directInvocations)
  };
  if (problems.length === 0) {
    problems.push(...[
      checkCapabilities(`${TOKEN_ISSUER_SETTINGS_VARIABLE}.capabilities`, settings.capabilities),
      ...Object.keys(settings.groupCapabilities).map((group) => checkCapabilities(`${TOKEN_ISSUER_SETTINGS_VARIABLE}.groupCapabilities.${group}`, settings.groupCapabilities[group])),
      checkSessionMinutes(`${TOKEN_ISSUER_SETTINGS_VARIABLE}.sessionMinutes`, settings.sessionMinutes),
      ...checkThrottling(`${TOKEN_ISSUER_SETTINGS_VARIABLE}.throttling`, settings.throttling),
      ...settings.trustedBackends.map((arn) => checkTrustedBackend(`${TOKEN_ISSUER_SETTINGS_VARIABLE}.trustedBackends`, arn))
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
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function isGroupMap(value) {
  return isObject(value) && Object.values(value).every(isStringList);
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
var import_http2 = require("http");

// lambda/shared/retry.ts
var RETRYABLE_ERRORS = /* @__PURE__ */ new Set(["ThrottlingException", "InternalServerException", "TimeoutError", "RequestTimeout"]);
var RETRYABLE_NETWORK_CODES = /* @__PURE__ */ new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN"]);
var WRAPPED_TRANSPORT_ERROR = /^AWS SDK error wrapper for (TimeoutError|RequestTimeout|Error: (ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT))\b/;
function isThrottle(error) {
  const e = error;
  return e?.name === "ThrottlingException" || e?.$metadata?.httpStatusCode === 429;
}
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

// lambda/token-issuer/errors.ts
var IssuerError = class extends Error {
  constructor(statusCode, message, headers = {}, cause) {
    super(message, { cause });
    this.statusCode = statusCode;
    this.headers = headers;
    this.name = (import_http2.STATUS_CODES[statusCode] ?? `Http${statusCode}`).replace(/\W/g, "");
    this.stack = `${this.name}: ${message}`;
  }
  statusCode;
  headers;
};
function fromApiError(error, roomArn, retryable, retryAfterSeconds = 1) {
  const e = error ?? {};
  const [status, message, headers] = (() => {
    if (isThrottle(error)) {
      return [429, "IVS Chat is throttling token requests; retry in a moment", { "retry-after": String(retryAfterSeconds) }];
    }
    switch (e.name) {
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
    if (!isObject2(event)) {
      throw new IssuerError(400, `a direct invocation must pass a JSON object such as { "roomIdentifier": "...", "userId": "..." }, got: ${kindOf(event)}`);
    }
    return { method: "POST", caller: { kind: "direct" }, fields: event };
  }
  const e = event;
  const context = e.requestContext;
  const method = String(transport === "http" ? context.http?.method ?? "" : e.httpMethod ?? "").toUpperCase();
  const caller = transport === "http" ? callerV2(context) : callerV1(context, e.version === "1.0");
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
function callerV1(context, httpApi) {
  const authorizer = context.authorizer;
  if (isObject2(authorizer)) {
    if (isObject2(authorizer.claims)) {
      return { kind: "claims", source: httpApi ? "jwt" : "cognito", claims: authorizer.claims };
    }
    if (isObject2(authorizer.lambda)) {
      return { kind: "claims", source: "lambda", claims: authorizer.lambda };
    }
    const { integrationLatency: _, claims: _claims, scopes: _scopes, ...rest } = authorizer;
    const claims = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== null && value !== void 0));
    if (Object.keys(claims).length > 0) {
      return { kind: "claims", source: "lambda", claims };
    }
  }
  const identity = context.identity;
  if (!isObject2(identity)) {
    return { kind: "none" };
  }
  const cognito = [
    identity.cognitoIdentityId,
    identity.cognitoIdentityPoolId,
    identity.cognitoAuthenticationType,
    identity.cognitoAuthenticationProvider
  ];
  if (cognito.some((value) => value !== null && value !== void 0)) {
    return {
      kind: "identity-pool",
      identityId: nonEmptyString(identity.cognitoIdentityId),
      authenticated: identity.cognitoAuthenticationType === "authenticated"
    };
  }
  if (identity.userArn !== null && identity.userArn !== void 0) {
    return signedBy(identity.userArn);
  }
  return { kind: "none" };
}
function callerV2(context) {
  const authorizer = context.authorizer;
  if (!isObject2(authorizer)) {
    return { kind: "none" };
  }
  const jwt = authorizer.jwt;
  if (isObject2(jwt) && isObject2(jwt.claims)) {
    return { kind: "claims", source: "jwt", claims: jwt.claims };
  }
  if (isObject2(authorizer.lambda)) {
    return { kind: "claims", source: "lambda", claims: authorizer.lambda };
  }
  const iam = authorizer.iam;
  if (isObject2(iam)) {
    const cognito = iam.cognitoIdentity;
    if (cognito !== null && cognito !== void 0) {
      const amr = isObject2(cognito) && Array.isArray(cognito.amr) ? cognito.amr : [];
      return {
        kind: "identity-pool",
        identityId: isObject2(cognito) ? nonEmptyString(cognito.identityId) : void 0,
        authenticated: amr.includes("authenticated") && !amr.includes("unauthenticated")
      };
    }
    return signedBy(iam.userArn);
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
  } catch {
    throw new IssuerError(400, "the body must be a JSON object, got: text that is not JSON");
  }
  if (!isObject2(parsed)) {
    throw new IssuerError(400, `the body must be a JSON object, got: ${kindOf(parsed)}`);
  }
  return parsed;
}
function header(headers, name) {
  if (!isObject2(headers)) return void 0;
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
function signedBy(userArn) {
  const arn = nonEmptyString(userArn);
  return arn !== void 0 && IDENTITY_POOL_SESSION.test(arn) ? { kind: "identity-pool", identityId: void 0, authenticated: false } : { kind: "iam", arn };
}
function kindOf(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
function nonEmptyString(value) {
  return typeof value === "string" && value.length > 0 ? value : void 0;
}
function isObject2(value) {
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
  const trusted = isTrustedBackend(config, caller);
  checkFields(caller, trusted, fields, config);
  const roomArn = resolveRoom(config.roomArns, fields.roomIdentifier);
  const identity = trusted ? named(config, fields) : identify(config, caller, newAnonymousId);
  return {
    roomArn,
    userId: identity.userId,
    capabilities: identity.capabilities,
    sessionDurationInMinutes: sessionMinutes(config, fields.sessionDurationInMinutes),
    attributes: attributes(config, fields.attributes, identity.displayName)
  };
}
function isTrustedBackend(config, caller) {
  if (caller.kind === "direct") {
    if (!config.directInvocations) {
      throw new IssuerError(403, "this issuer takes no direct invocations: call it through API Gateway or its function URL, or let a backend invoke it with ChatTokenIssuer.grantInvoke()");
    }
    return true;
  }
  if (caller.kind === "iam") {
    const backends = config.trustedBackends.map(parseTrustedBackend).filter((b) => b !== void 0);
    if (caller.arn === void 0 || !isTrustedCaller(backends, caller.arn)) {
      throw new IssuerError(403, `${caller.arn ?? "a caller without an ARN"} is not a backend this issuer trusts to name users (ChatTokenIssuer.grantInvokeUrl, grantInvoke or addTrustedBackend), and its request carries no Cognito identity`);
    }
    return true;
  }
  return false;
}
function checkFields(caller, trusted, fields, config) {
  const accepted = trusted ? TRUSTED_FIELDS : CLIENT_FIELDS;
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
      return "only a backend the issuer trusts (a direct invocation after grantInvoke, or a request it signed) may name the user";
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
function named(config, fields) {
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
function identify(config, caller, newAnonymousId) {
  switch (caller.kind) {
    case "claims": {
      const userId = claimString(caller.claims, config.userIdClaim);
      if (userId === void 0) {
        throw new IssuerError(401, `the authorizer passed no \`${config.userIdClaim}\` claim to identify the user`);
      }
      checked(checkUserId(`claim ${config.userIdClaim}`, userId));
      return {
        userId,
        capabilities: capabilitiesFor(config, parseGroups(caller.claims[config.groupsClaim], caller.source)),
        displayName: config.displayNameClaim ? claimString(caller.claims, config.displayNameClaim) : void 0
      };
    }
    case "identity-pool":
      if (caller.identityId === void 0) {
        throw new IssuerError(401, "the request was signed with Cognito identity-pool credentials but names no identity");
      }
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
    default:
      throw new IssuerError(403, "the caller is not a backend this issuer trusts");
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
function parseGroups(claim, source) {
  if (Array.isArray(claim)) {
    return claim.filter((g) => typeof g === "string" && g.length > 0);
  }
  if (typeof claim !== "string") {
    return [];
  }
  switch (source) {
    case "cognito":
      return splitList(claim, ",");
    case "jwt": {
      const list = /^\[(.*)\]$/s.exec(claim);
      return list ? splitList(list[1], /\s+/) : [claim].filter((g) => g.length > 0);
    }
    case "lambda":
      if (claim.trimStart().startsWith("[")) {
        try {
          const parsed = JSON.parse(claim);
          return Array.isArray(parsed) ? parseGroups(parsed, source) : [];
        } catch {
          return [];
        }
      }
      return splitList(claim, ",");
  }
}
function splitList(text, separator) {
  return text.split(separator).filter((g) => g.length > 0);
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
    if (!isObject2(value)) {
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

// lambda/token-issuer/retry-after.ts
var RetryAfterSchedule = class {
  constructor(random = () => Math.random()) {
    this.random = random;
  }
  random;
  /** When the calls of the window obtained a token, and when they were refused. */
  obtained = [];
  refused = [];
  queueEnd = 0;
  /** A CreateChatToken call succeeded at `now` (epoch ms). */
  obtainedToken(now, settings) {
    this.obtained.push(now);
    this.forget(now, settings);
  }
  /**
   * A CreateChatToken call was throttled at `now`: the seconds to send as
   * `Retry-After`, an integer from 1 to `maxRetryAfterSeconds`.
   */
  throttled(now, settings) {
    this.refused.push(now);
    this.forget(now, settings);
    const { minEvidence, oversubscription, maxRetryAfterSeconds, uninformedRetryAfterSeconds } = settings;
    if (this.obtained.length < minEvidence) {
      const odds = (this.obtained.length + 1) / (this.obtained.length + this.refused.length);
      const span2 = Math.min(maxRetryAfterSeconds, uninformedRetryAfterSeconds / odds);
      return 1 + Math.floor(this.random() * span2);
    }
    const span = Math.max(1e3, now - this.obtained[0]);
    const perSecond = this.obtained.length / (span / 1e3);
    this.queueEnd = Math.max(this.queueEnd, now) + 1e3 / (oversubscription * perSecond);
    const seconds = Math.floor((this.queueEnd - now) / 1e3 + this.random());
    return Math.min(maxRetryAfterSeconds, Math.max(1, seconds));
  }
  forget(now, settings) {
    for (const times of [this.obtained, this.refused]) {
      let stale = 0;
      while (stale < times.length && times[stale] <= now - settings.shareWindowMs) stale++;
      if (stale > 0) times.splice(0, stale);
    }
  }
};

// lambda/token-issuer/index.ts
var RETRY_BUDGET_MS = 400;
var RESPONSE_MARGIN_MS = 500;
var schedule = new RetryAfterSchedule();
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
    const output = await createToken(plan, retryDeadline(context), config.throttling);
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
async function createToken(plan, deadline, throttling) {
  const input = {
    roomIdentifier: plan.roomArn,
    userId: plan.userId,
    capabilities: plan.capabilities,
    sessionDurationInMinutes: plan.sessionDurationInMinutes,
    attributes: plan.attributes
  };
  const region = plan.roomArn.split(":")[3];
  try {
    const output = await withRetries(() => createChatToken(input, region), {
      deadline,
      baseDelayMs: 25,
      maxDelayMs: 150,
      retryable: (error) => isRetryable(error) && !isThrottle(error)
    });
    schedule.obtainedToken(Date.now(), throttling);
    return output;
  } catch (error) {
    const retryAfter = isThrottle(error) ? schedule.throttled(Date.now(), throttling) : void 0;
    throw fromApiError(error, plan.roomArn, isRetryable(error), retryAfter);
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
    line.error = { name: e.name, message: e.message, ...failure.statusCode !== 429 && { stack: e.stack } };
  }
  if (failure.statusCode === 429) {
    line.retryAfter = failure.headers["retry-after"];
  }
  console.log(JSON.stringify(line));
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  handler
});
