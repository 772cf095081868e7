/**
 * The resource properties of a `Custom::IvsChatRoom`, shared by the `ChatRoom`
 * construct (which writes them) and the room-provider handler (which reads them),
 * so that renaming a property breaks the compiler rather than a deployment.
 *
 * CloudFormation hands every scalar of a custom resource to the handler as a
 * string, so numbers travel as strings: the construct writes them with
 * `Tokenization.stringifyNumber` and the handler parses them back.
 */

/** The CloudFormation resource type of a chat room. */
export const CHAT_ROOM_RESOURCE_TYPE = 'Custom::IvsChatRoom';

/** Review-handler settings as they travel to the provider. */
export interface ReviewHandlerProperties {
  /** Lambda function ARN. */
  readonly Uri: string;
  /** `ALLOW` or `DENY`. */
  readonly FallbackResult: string;
}

/** Properties of `Custom::IvsChatRoom` (excluding `ServiceToken`). */
export interface ChatRoomResourceProperties {
  /** Room name, 0–128 characters of `[a-zA-Z0-9-_]` (the construct writes 1–128; rooms of earlier versions may have none). */
  readonly Name: string;
  /** 1–500, as a decimal string. */
  readonly MaximumMessageLength: string;
  /** 1–100, as a decimal string. */
  readonly MaximumMessageRatePerSecond: string;
  /** Absent when the room has no review handler. */
  readonly MessageReviewHandler?: ReviewHandlerProperties;
  /**
   * ARNs of the room's logging configurations (0–3); absent when it has none,
   * which on update means "detach every logging configuration".
   */
  readonly LoggingConfigurationIdentifiers?: string[];
  /** Tags as a map; absent or empty when the room has none. */
  readonly Tags?: Record<string, string>;
}

/** Attributes the provider returns, readable with `Fn::GetAtt`. */
export interface ChatRoomResourceAttributes {
  /** The room ARN (also the physical id). */
  readonly Arn: string;
  /** The 12-character room id. */
  readonly Id: string;
}
