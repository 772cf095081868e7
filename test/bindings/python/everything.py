"""The Python twin of test/bindings/twins/everything.ts: every construct, prop,
grant and attribute of the public API. Keep the sections in step with the
TypeScript twin: same construct ids, same values."""
from aws_cdk import CfnOutput, Duration, RemovalPolicy, Stack, Tags
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct
from cdk_ivs_chat import (
    ChatRoom, ChatTokenCapability, ChatTokenIssuer, FallbackResult,
    GroupCapabilities, MessageReviewer, MessageReviewHandler, ReviewAction,
)

EVERYTHING_STACK = "BindingsEverything"
EVERYTHING_ENV = {"account": "123456789012", "region": "eu-west-1"}


class EverythingStack(Stack):
    def __init__(self, scope: Construct, id: str, **kwargs) -> None:
        super().__init__(scope, id, **kwargs)

        backend = iam.Role(self, "Backend",
            assumed_by=iam.ServicePrincipal("ecs-tasks.amazonaws.com"),
        )

        # MessageReviewer: every prop; non-ASCII and astral-plane terms cross
        # the jsii boundary as JSON and must reach the asset unchanged.
        reviewer = MessageReviewer(self, "Reviewer",
            denied_terms=["badword", "worse phrase", "naïve", "日本語", "𝐬𝐩𝐚𝐦"],
            denied_patterns=["fr[e3]{2}\\s*v[i1]dz", "\\bbuy\\s+now\\b"],
            action=ReviewAction.MASK,
            mask_character="#",
            ignore_accents=True,
            max_links=2,
            max_repeated_characters=8,
            reason_attribute="why",
            memory_size=512,
            log_retention=logs.RetentionDays.ONE_WEEK,
        )
        denier = MessageReviewer(self, "Denier", action=ReviewAction.DENY, max_repeated_characters=20)

        # ChatRoom: every prop, a struct-literal review handler, defaults, an import.
        lobby = ChatRoom(self, "Lobby",
            chat_room_name="lobby",
            maximum_message_length=200,
            maximum_message_rate_per_second=50,
            message_review_handler=reviewer.as_message_review_handler(FallbackResult.DENY),
            removal_policy=RemovalPolicy.RETAIN,
        )
        Tags.of(lobby).add("team", "live")
        Tags.of(lobby).add("empty", "")
        lobby.tags.set_tag("direct", "yes")

        stage = ChatRoom(self, "Stage",
            message_review_handler=denier.as_message_review_handler(),
        )
        inline = lambda_.Function(self, "InlineReviewer",
            runtime=lambda_.Runtime.NODEJS_22_X,
            handler="index.handler",
            code=lambda_.Code.from_inline('exports.handler = async () => ({ ReviewResult: "ALLOW" });'),
        )
        backstage = ChatRoom(self, "Backstage",
            message_review_handler=MessageReviewHandler(handler=inline, fallback_result=FallbackResult.ALLOW),
        )
        plain = ChatRoom(self, "Plain")
        imported = ChatRoom.from_chat_room_arn(self, "Imported",
            "arn:aws:ivschat:eu-west-1:123456789012:room/AbCdEfGhIjKl")

        # Grants, including the variadic one.
        lobby.grant(backend, "ivschat:GetRoom", "ivschat:UpdateRoom")
        lobby.grant_create_chat_token(backend)
        stage.grant_send_event(backend)
        backstage.grant_moderate(backend)
        imported.grant_read(backend)

        # ChatTokenIssuer: every prop, a function URL with every option, grants.
        issuer = ChatTokenIssuer(self, "Tokens",
            rooms=[lobby, backstage, imported],
            capabilities=[ChatTokenCapability.SEND_MESSAGE],
            group_capabilities=[
                GroupCapabilities(group="moderators", capabilities=[ChatTokenCapability.DELETE_MESSAGE, ChatTokenCapability.DISCONNECT_USER]),
                GroupCapabilities(group="hosts", capabilities=[ChatTokenCapability.DISCONNECT_USER]),
            ],
            session_duration=Duration.minutes(90),
            anonymous_viewers=True,
            user_id_claim="username",
            groups_claim="groups",
            display_name_claim="preferred_username",
            allowed_attributes=["avatar", "color"],
            allowed_origins=["https://chat.example.com"],
        )
        issuer.add_function_url(
            auth_type=lambda_.FunctionUrlAuthType.NONE,
            cors=lambda_.FunctionUrlCorsOptions(allowed_origins=["https://watch.example.com"]),
        )
        issuer.grant_invoke(backend)
        issuer.grant_invoke_url(backend)

        plain_issuer = ChatTokenIssuer(self, "PlainTokens", rooms=[plain])
        plain_issuer.add_function_url()

        # Attributes.
        CfnOutput(self, "LobbyArn", value=lobby.chat_room_arn)
        CfnOutput(self, "LobbyId", value=lobby.chat_room_id)
        CfnOutput(self, "LobbyName", value=lobby.chat_room_name)
        CfnOutput(self, "PlainName", value=plain.chat_room_name)
        CfnOutput(self, "ImportedId", value=imported.chat_room_id)
        CfnOutput(self, "IssuerArn", value=issuer.function.function_arn)
        CfnOutput(self, "IssuerUrl", value=issuer.function_url.url)
        CfnOutput(self, "ReviewerName", value=reviewer.function.function_name)
        CfnOutput(self, "ReviewerLogs", value=reviewer.log_group.log_group_name)
