import { CfnResource, ITaggableV2, TagManager, TagType } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CHAT_ROOM_RESOURCE_TYPE, ChatRoomResourceProperties } from './room-contract';

/** Properties of the `Custom::IvsChatRoom` resource, as the construct writes them. */
export interface CfnChatRoomProps extends Omit<ChatRoomResourceProperties, 'Tags'> {
  /** The room provider's service token. */
  readonly ServiceToken: string;
}

/**
 * The `Custom::IvsChatRoom` resource. It carries its own tag manager, so
 * CloudFormation rendering writes the tags into `Tags` (as a map) after aspects
 * have run, the way generated L1 resources do, without a lazy value per room.
 */
export class CfnChatRoom extends CfnResource implements ITaggableV2 {
  public readonly cdkTagManager = new TagManager(TagType.MAP, CHAT_ROOM_RESOURCE_TYPE, undefined, { tagPropertyName: 'Tags' });

  constructor(scope: Construct, id: string, properties: CfnChatRoomProps) {
    super(scope, id, { type: CHAT_ROOM_RESOURCE_TYPE, properties: { ...properties } });
  }
}
