import { Annotations, Duration, Stack, StackProps, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  ChatRoom, ChatTokenCapability, ChatTokenIssuer, FallbackResult, MessageReviewer, ReviewAction,
} from '../src';

/** Properties of the example stack. */
export interface ChatDemoStackProps extends StackProps {
  /**
   * Which version of the app to build. Version 2 is what the demo deploys as
   * an update: a room added, one removed, a rate raised, tags changed and a
   * review handler taken off.
   *
   * @default 1
   */
  readonly version?: number;
}

/**
 * The example app: rooms behind one provider, a message reviewer, a token
 * issuer that makes moderators of one group, and a moderation role.
 */
export class ChatDemoStack extends Stack {
  /** The rooms, by construct id. */
  public readonly rooms: Record<string, ChatRoom> = {};

  /** The token issuer. */
  public readonly issuer: ChatTokenIssuer;

  /** The review handler of the stage room (version 1). */
  public readonly reviewer: MessageReviewer;

  constructor(scope: Construct, id: string, props: ChatDemoStackProps = {}) {
    super(scope, id, props);
    const v2 = (props.version ?? 1) >= 2;

    this.reviewer = new MessageReviewer(this, 'Reviewer', {
      deniedTerms: ['spoiler', 'buy followers'],
      action: ReviewAction.MASK,
      maxLinks: 1,
      maxRepeatedCharacters: 8,
    });

    const lobby = new ChatRoom(this, 'Lobby', {
      chatRoomName: 'lobby',
      maximumMessageRatePerSecond: v2 ? 100 : 10,
    });
    Tags.of(lobby).add('tier', v2 ? 'free' : 'trial');

    const stage = new ChatRoom(this, 'Stage', {
      chatRoomName: 'stage',
      maximumMessageLength: 200,
      maximumMessageRatePerSecond: 50,
      messageReviewHandler: v2 ? undefined : this.reviewer.asMessageReviewHandler(FallbackResult.DENY),
    });
    Tags.of(stage).add('audience', 'public');

    this.rooms = { Lobby: lobby, Stage: stage };
    if (v2) {
      this.rooms.Questions = new ChatRoom(this, 'Questions', { chatRoomName: 'questions', maximumMessageLength: 500 });
    } else {
      this.rooms.Announcements = new ChatRoom(this, 'Announcements', { chatRoomName: 'announcements', maximumMessageRatePerSecond: 1 });
    }

    this.issuer = new ChatTokenIssuer(this, 'Tokens', {
      rooms: Object.values(this.rooms),
      groupCapabilities: [{
        group: 'moderators',
        capabilities: [ChatTokenCapability.DELETE_MESSAGE, ChatTokenCapability.DISCONNECT_USER],
      }],
      displayNameClaim: 'preferred_username',
      sessionDuration: Duration.minutes(120),
    });
    // A claim users may edit is fine for a name to show: who a user is comes from `sub` (the
    // default `userIdClaim`), which bans and moderation act on.
    Annotations.of(this.issuer).acknowledgeWarning('cdk-ivs-chat:mutableClaim:displayNameClaim',
      'a display name is shown, not trusted: the user id is the immutable sub, which moderation acts on');

    // A moderation service that deletes messages and disconnects users from the stage.
    const moderation = new iam.Role(this, 'ModerationRole', {
      assumedBy: new iam.AccountPrincipal(this.account),
      description: 'Moderates the stage room',
    });
    stage.grantModerate(moderation);
  }
}
