"""The Python twin of test/bindings/twins/everything.ts: every construct, prop,
grant and attribute of the public API. Keep the sections in step with the
TypeScript twin: same construct ids, same values."""
from aws_cdk import CfnOutput, Duration, RemovalPolicy, Stack, Tags
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kinesisfirehose as firehose
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from constructs import Construct
from cdk_ivs_chat import (
    ChatLoggingConfiguration, ChatMetrics, ChatRoom, ChatTokenCapability, ChatTokenIssuer,
    FallbackResult, GroupCapabilities, LoggingDestination, MessageReviewer,
    MessageReviewHandler, ReviewAction,
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

        # ChatLoggingConfiguration: each destination, every prop, tags, an import.
        to_logs = ChatLoggingConfiguration(self, "LogsLogging",
            destination=LoggingDestination.cloud_watch_logs(logs.LogGroup(self, "ChatLogs")),
            chat_logging_configuration_name="chat-logs",
        )
        Tags.of(to_logs).add("team", "live")
        to_s3 = ChatLoggingConfiguration(self, "S3Logging",
            destination=LoggingDestination.s3(s3.Bucket(self, "ChatArchive")),
        )
        to_firehose = ChatLoggingConfiguration(self, "FirehoseLogging",
            destination=LoggingDestination.firehose(firehose.DeliveryStream.from_delivery_stream_name(self, "Stream", "chat-archive")),
        )
        imported_logging = ChatLoggingConfiguration.from_chat_logging_configuration_arn(self, "ImportedLogging",
            "arn:aws:ivschat:eu-west-1:123456789012:logging-configuration/MnOpQrStUvWx")

        # ChatRoom: every prop, a struct-literal review handler, defaults, an import.
        lobby = ChatRoom(self, "Lobby",
            chat_room_name="lobby",
            maximum_message_length=200,
            maximum_message_rate_per_second=50,
            message_review_handler=reviewer.as_message_review_handler(FallbackResult.DENY),
            removal_policy=RemovalPolicy.RETAIN,
            logging_configurations=[to_logs, to_s3],
        )
        Tags.of(lobby).add("team", "live")
        Tags.of(lobby).add("empty", "")
        lobby.tags.set_tag("direct", "yes")

        stage = ChatRoom(self, "Stage",
            message_review_handler=denier.as_message_review_handler(),
        )
        stage.add_logging_configuration(to_firehose)
        stage.add_logging_configuration(imported_logging)
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
            memory_size=512,
            log_retention=logs.RetentionDays.TWO_WEEKS,
            trusted_backends=[backend],
            reserved_concurrent_executions=20,
        )
        issuer.add_function_url(
            auth_type=lambda_.FunctionUrlAuthType.NONE,
            cors=lambda_.FunctionUrlCorsOptions(allowed_origins=["https://watch.example.com"]),
        )
        issuer.grant_invoke(backend)
        issuer.grant_invoke_url(backend)

        plain_issuer = ChatTokenIssuer(self, "PlainTokens", rooms=[plain])
        plain_issuer.add_function_url()
        plain_issuer.add_trusted_backend(backend)

        # ChatMetrics and the logging configurations' metrics, with and without options.
        cloudwatch.Dashboard(self, "Dashboard",
            widgets=[[cloudwatch.GraphWidget(
                title="chat",
                left=[
                    ChatMetrics.metric("ConcurrentChatConnections", period=Duration.minutes(1), statistic="Maximum"),
                    ChatMetrics.metric_concurrent_chat_connections(),
                    ChatMetrics.metric_messaging_deliveries(),
                    ChatMetrics.metric_messaging_requests(label="requests"),
                    ChatMetrics.metric_deliveries("SendMessage"),
                    ChatMetrics.metric_requests("SendMessage"),
                    ChatMetrics.metric_invocation_errors(reviewer.function.function_arn),
                    ChatMetrics.metric_response_validation_errors(reviewer.function.function_arn),
                    ChatMetrics.metric_log_destination_errors(to_logs.chat_logging_configuration_arn),
                    ChatMetrics.metric_log_destination_access_denied_error(to_logs.chat_logging_configuration_arn),
                    ChatMetrics.metric_log_destination_resource_not_found_errors(to_s3.chat_logging_configuration_arn),
                    to_logs.metric("LogDestinationErrors", statistic="Average"),
                    to_logs.metric_log_destination_errors(),
                    to_s3.metric_log_destination_access_denied_error(),
                    imported_logging.metric_log_destination_resource_not_found_errors(period=Duration.minutes(15)),
                ],
            )]],
        )

        # Attributes.
        CfnOutput(self, "LobbyArn", value=lobby.chat_room_arn)
        CfnOutput(self, "LobbyId", value=lobby.chat_room_id)
        CfnOutput(self, "LobbyName", value=lobby.chat_room_name)
        CfnOutput(self, "PlainName", value=plain.chat_room_name)
        CfnOutput(self, "ImportedId", value=imported.chat_room_id)
        CfnOutput(self, "IssuerArn", value=issuer.function.function_arn)
        CfnOutput(self, "IssuerUrl", value=issuer.function_url.url)
        CfnOutput(self, "IssuerLogs", value=issuer.log_group.log_group_name)
        CfnOutput(self, "ReviewerName", value=reviewer.function.function_name)
        CfnOutput(self, "ReviewerLogs", value=reviewer.log_group.log_group_name)
        CfnOutput(self, "LoggingArn", value=to_logs.chat_logging_configuration_arn)
        CfnOutput(self, "LoggingId", value=to_logs.chat_logging_configuration_id)
        CfnOutput(self, "LoggingName", value=to_s3.chat_logging_configuration_name)
        CfnOutput(self, "ImportedLoggingId", value=imported_logging.chat_logging_configuration_id)
