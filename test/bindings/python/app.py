from aws_cdk import App, CfnOutput, Duration, Stack, Tags
from constructs import Construct
from cdk_ivs_chat import (
    ChatRoom, ChatTokenCapability, ChatTokenIssuer, FallbackResult,
    GroupCapabilities, MessageReviewer, ReviewAction,
)


class ChatStack(Stack):
    def __init__(self, scope: Construct, id: str, **kwargs) -> None:
        super().__init__(scope, id, **kwargs)

        reviewer = MessageReviewer(self, "Reviewer",
            denied_terms=["badword", "worse phrase"],
            action=ReviewAction.MASK,
            max_links=1,
        )

        room = ChatRoom(self, "Room",
            maximum_message_length=200,
            message_review_handler=reviewer.as_message_review_handler(FallbackResult.DENY),
        )
        Tags.of(room).add("team", "live")

        issuer = ChatTokenIssuer(self, "Tokens",
            rooms=[room],
            group_capabilities=[GroupCapabilities(
                group="moderators",
                capabilities=[ChatTokenCapability.DELETE_MESSAGE, ChatTokenCapability.DISCONNECT_USER],
            )],
            session_duration=Duration.minutes(120),
        )
        url = issuer.add_function_url()

        CfnOutput(self, "RoomArn", value=room.chat_room_arn)
        CfnOutput(self, "TokenUrl", value=url.url)


app = App()
ChatStack(app, "ChatApp")
app.synth()
