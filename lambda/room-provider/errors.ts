import { RoomMayExistError } from './create';

/** The construct property behind each API field, so a failure points at what the user wrote. */
const FIELD_TO_PROPERTY: Record<string, string> = {
  'name': 'chatRoomName',
  'maximumMessageLength': 'maximumMessageLength',
  'maximumMessageRatePerSecond': 'maximumMessageRatePerSecond',
  'messageReviewHandler': 'messageReviewHandler',
  'messageReviewHandler.uri': 'messageReviewHandler.handler',
  'messageReviewHandler.fallbackResult': 'messageReviewHandler.fallbackResult',
  'loggingConfigurationIdentifiers': 'loggingConfigurations',
  'tags': 'tags',
};

interface ApiError {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly fieldList?: { name?: string; message?: string }[];
  readonly resourceId?: string;
}

/**
 * A failure reason for CloudFormation: the operation, the room, the API's error
 * and message, and each rejected field with the construct property it comes from;
 * then, when a create may have left a room behind, where to look for it.
 * Never a stack trace.
 */
export function describeApiFailure(operation: string, room: string, error: unknown): string {
  if (error instanceof RoomMayExistError) {
    return `${describeApiFailure(operation, room, error.cause)}. ${error.message}`;
  }
  const e = (error ?? {}) as ApiError;
  const kind = e.name && e.name !== 'Error' ? e.name : e.code ?? 'Error';
  const fields = (e.fieldList ?? []).map((f) => {
    const property = f.name ? FIELD_TO_PROPERTY[f.name] : undefined;
    const where = property && property !== f.name ? `${f.name} (prop \`${property}\`)` : f.name ?? 'unknown field';
    return `${where}: ${f.message ?? 'invalid'}`;
  });
  const details = fields.length > 0 ? ` [${fields.join('; ')}]` : '';
  return `IVS Chat ${operation} failed for room ${room}: ${kind}: ${e.message ?? String(error)}${details}`;
}
