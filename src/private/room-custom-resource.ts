import { CfnResource, ITaggableV2, TagManager, TagType } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CHAT_ROOM_RESOURCE_TYPE, ChatRoomResourceProperties } from './shared/room-contract';

/** Properties of the `Custom::IvsChatRoom` resource, as the construct writes them. */
export interface ChatRoomCustomResourceProps extends Omit<ChatRoomResourceProperties, 'Tags' | 'LoggingConfigurationIdentifiers'> {
  /** The room provider's service token. */
  readonly ServiceToken: string;
}

/**
 * The `Custom::IvsChatRoom` resource: a hand-written `CfnResource` whose
 * properties the room provider reads. Like generated L1 resources, it renders
 * what may change after construction when CloudFormation is rendered, not
 * through a lazy value per room (a measurable cost in stacks of many rooms):
 * its own tag manager writes `Tags` (a map) after aspects have run, and
 * `LoggingConfigurationIdentifiers` is read from the room then, absent when empty.
 */
export class ChatRoomCustomResource extends CfnResource implements ITaggableV2 {
  public readonly cdkTagManager = new TagManager(TagType.MAP, CHAT_ROOM_RESOURCE_TYPE, undefined, { tagPropertyName: 'Tags' });

  constructor(
    scope: Construct, id: string, properties: ChatRoomCustomResourceProps,
    private readonly loggingConfigurationIdentifiers: () => string[],
  ) {
    super(scope, id, { type: CHAT_ROOM_RESOURCE_TYPE, properties: { ...properties } });
  }

  protected get cfnProperties(): Record<string, any> {
    const identifiers = this.loggingConfigurationIdentifiers();
    return { ...super.cfnProperties, LoggingConfigurationIdentifiers: identifiers.length > 0 ? identifiers : undefined };
  }
}
