/**
 * Service errors in the restJson1 shape the AWS SDK parses: the type goes in the
 * `x-amzn-ErrorType` header, the body carries `message` and the modeled extra fields.
 */

export type ResourceType = 'ROOM' | 'LOGGING_CONFIGURATION';

export interface ValidationField {
  readonly name: string;
  readonly message: string;
}

export type ValidationReason = 'UNKNOWN_OPERATION' | 'FIELD_VALIDATION_FAILED' | 'OTHER';

export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
    readonly fields: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = errorType;
  }

  /** The JSON body sent to the client. */
  body(): Record<string, unknown> {
    return { message: this.message, ...this.fields };
  }
}

export function validationError(fieldList: readonly ValidationField[], reason: ValidationReason = 'FIELD_VALIDATION_FAILED'): ServiceError {
  // Coral's wording, which the real service uses for constraint violations.
  const n = fieldList.length;
  const details = fieldList.map((f) => `Value at '${f.name}' failed to satisfy constraint: ${f.message}`).join('; ');
  const message = `${n} validation error${n === 1 ? '' : 's'} detected: ${details}`;
  return new ServiceError(400, 'ValidationException', message, { reason, fieldList: fieldList.map((f) => ({ ...f })) });
}

export function otherValidationError(message: string): ServiceError {
  return new ServiceError(400, 'ValidationException', message, { reason: 'OTHER' });
}

export function serializationError(message: string): ServiceError {
  return new ServiceError(400, 'SerializationException', message);
}

export function unknownOperation(method: string, path: string): ServiceError {
  return new ServiceError(404, 'UnknownOperationException', `No operation matches ${method} ${path}`);
}

export function notFound(resourceId: string, resourceType: ResourceType): ServiceError {
  const what = resourceType === 'ROOM' ? 'Room' : 'Logging configuration';
  return new ServiceError(404, 'ResourceNotFoundException', `${what} not found: ${resourceId}`, { resourceId, resourceType });
}

export function conflict(resourceId: string, resourceType: ResourceType, message: string): ServiceError {
  return new ServiceError(409, 'ConflictException', message, { resourceId, resourceType });
}

export function quotaExceeded(resourceId: string, resourceType: ResourceType, limit: number, message: string): ServiceError {
  return new ServiceError(402, 'ServiceQuotaExceededException', message, { resourceId, resourceType, limit });
}

export function throttled(resourceId: string, resourceType: ResourceType, limit: number, operation: string): ServiceError {
  return new ServiceError(429, 'ThrottlingException', `Rate exceeded for ${operation}: at most ${limit} requests per second`, {
    resourceId,
    resourceType,
    limit,
  });
}

export function accessDenied(message: string): ServiceError {
  return new ServiceError(403, 'AccessDeniedException', message);
}

export function pendingVerification(): ServiceError {
  return new ServiceError(403, 'PendingVerification', 'Your account is pending verification; this operation is not available until verification completes');
}

export function internalError(): ServiceError {
  return new ServiceError(500, 'InternalServerException', 'Internal server error (injected fault)');
}
