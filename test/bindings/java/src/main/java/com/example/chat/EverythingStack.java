package com.example.chat;

import java.util.List;

import io.github.cdkivschat.ChatLoggingConfiguration;
import io.github.cdkivschat.ChatMetrics;
import io.github.cdkivschat.ChatRoom;
import io.github.cdkivschat.ChatTokenCapability;
import io.github.cdkivschat.ChatTokenIssuer;
import io.github.cdkivschat.ChatTokenIssuerUrlOptions;
import io.github.cdkivschat.FallbackResult;
import io.github.cdkivschat.GroupCapabilities;
import io.github.cdkivschat.IChatLoggingConfiguration;
import io.github.cdkivschat.IChatRoom;
import io.github.cdkivschat.LoggingDestination;
import io.github.cdkivschat.MessageReviewHandler;
import io.github.cdkivschat.MessageReviewer;
import io.github.cdkivschat.ReviewAction;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesisfirehose.DeliveryStream;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionUrlAuthType;
import software.amazon.awscdk.services.lambda.FunctionUrlCorsOptions;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.Bucket;
import software.constructs.Construct;

/**
 * The Java twin of test/bindings/twins/everything.ts: every construct, prop,
 * grant and attribute of the public API. Keep the sections in step with the
 * TypeScript twin: same construct ids, same values.
 */
public class EverythingStack extends Stack {
    public static final String STACK_ID = "BindingsEverything";
    public static final Environment ENV = Environment.builder().account("123456789012").region("eu-west-1").build();

    public EverythingStack(final Construct scope, final String id, final StackProps props) {
        super(scope, id, props);

        Role backend = Role.Builder.create(this, "Backend")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .build();

        // MessageReviewer: every prop; non-ASCII and astral-plane terms cross
        // the jsii boundary as JSON and must reach the asset unchanged.
        MessageReviewer reviewer = MessageReviewer.Builder.create(this, "Reviewer")
                .deniedTerms(List.of("badword", "worse phrase", "naïve", "日本語", "𝐬𝐩𝐚𝐦"))
                .deniedPatterns(List.of("fr[e3]{2}\\s*v[i1]dz", "\\bbuy\\s+now\\b"))
                .action(ReviewAction.MASK)
                .maskCharacter("#")
                .ignoreAccents(true)
                .maxLinks(2)
                .maxRepeatedCharacters(8)
                .reasonAttribute("why")
                .memorySize(512)
                .logRetention(RetentionDays.ONE_WEEK)
                .build();
        MessageReviewer denier = MessageReviewer.Builder.create(this, "Denier")
                .action(ReviewAction.DENY)
                .maxRepeatedCharacters(20)
                .build();

        // ChatLoggingConfiguration: each destination, every prop, tags, an import.
        ChatLoggingConfiguration toLogs = ChatLoggingConfiguration.Builder.create(this, "LogsLogging")
                .destination(LoggingDestination.cloudWatchLogs(new LogGroup(this, "ChatLogs")))
                .chatLoggingConfigurationName("chat-logs")
                .build();
        Tags.of(toLogs).add("team", "live");
        ChatLoggingConfiguration toS3 = ChatLoggingConfiguration.Builder.create(this, "S3Logging")
                .destination(LoggingDestination.s3(new Bucket(this, "ChatArchive")))
                .build();
        ChatLoggingConfiguration toFirehose = ChatLoggingConfiguration.Builder.create(this, "FirehoseLogging")
                .destination(LoggingDestination.firehose(DeliveryStream.fromDeliveryStreamName(this, "Stream", "chat-archive")))
                .build();
        IChatLoggingConfiguration importedLogging = ChatLoggingConfiguration.fromChatLoggingConfigurationArn(this, "ImportedLogging",
                "arn:aws:ivschat:eu-west-1:123456789012:logging-configuration/MnOpQrStUvWx");

        // ChatRoom: every prop, a struct-literal review handler, defaults, an import.
        ChatRoom lobby = ChatRoom.Builder.create(this, "Lobby")
                .chatRoomName("lobby")
                .maximumMessageLength(200)
                .maximumMessageRatePerSecond(50)
                .messageReviewHandler(reviewer.asMessageReviewHandler(FallbackResult.DENY))
                .removalPolicy(RemovalPolicy.RETAIN)
                .loggingConfigurations(List.of(toLogs, toS3))
                .build();
        Tags.of(lobby).add("team", "live");
        Tags.of(lobby).add("empty", "");
        lobby.getTags().setTag("direct", "yes");

        ChatRoom stage = ChatRoom.Builder.create(this, "Stage")
                .messageReviewHandler(denier.asMessageReviewHandler())
                .build();
        stage.addLoggingConfiguration(toFirehose);
        stage.addLoggingConfiguration(importedLogging);
        Function inline = Function.Builder.create(this, "InlineReviewer")
                .runtime(Runtime.NODEJS_22_X)
                .handler("index.handler")
                .code(Code.fromInline("exports.handler = async () => ({ ReviewResult: \"ALLOW\" });"))
                .build();
        ChatRoom backstage = ChatRoom.Builder.create(this, "Backstage")
                .messageReviewHandler(MessageReviewHandler.builder().handler(inline).fallbackResult(FallbackResult.ALLOW).build())
                .build();
        ChatRoom plain = new ChatRoom(this, "Plain");
        IChatRoom imported = ChatRoom.fromChatRoomArn(this, "Imported",
                "arn:aws:ivschat:eu-west-1:123456789012:room/AbCdEfGhIjKl");

        // Grants, including the variadic one.
        lobby.grant(backend, "ivschat:GetRoom", "ivschat:UpdateRoom");
        lobby.grantCreateChatToken(backend);
        stage.grantSendEvent(backend);
        backstage.grantModerate(backend);
        imported.grantRead(backend);

        // ChatTokenIssuer: every prop, a function URL with every option, grants.
        ChatTokenIssuer issuer = ChatTokenIssuer.Builder.create(this, "Tokens")
                .rooms(List.of(lobby, backstage, imported))
                .capabilities(List.of(ChatTokenCapability.SEND_MESSAGE))
                .groupCapabilities(List.of(
                        GroupCapabilities.builder().group("moderators").capabilities(List.of(ChatTokenCapability.DELETE_MESSAGE, ChatTokenCapability.DISCONNECT_USER)).build(),
                        GroupCapabilities.builder().group("hosts").capabilities(List.of(ChatTokenCapability.DISCONNECT_USER)).build()))
                .sessionDuration(Duration.minutes(90))
                .anonymousViewers(true)
                .userIdClaim("username")
                .groupsClaim("groups")
                .displayNameClaim("preferred_username")
                .allowedAttributes(List.of("avatar", "color"))
                .allowedOrigins(List.of("https://chat.example.com"))
                .memorySize(512)
                .logRetention(RetentionDays.TWO_WEEKS)
                .trustedBackends(List.of(backend))
                .reservedConcurrentExecutions(20)
                .build();
        issuer.addFunctionUrl(ChatTokenIssuerUrlOptions.builder()
                .authType(FunctionUrlAuthType.NONE)
                .cors(FunctionUrlCorsOptions.builder().allowedOrigins(List.of("https://watch.example.com")).build())
                .build());
        issuer.grantInvoke(backend);
        issuer.grantInvokeUrl(backend);

        ChatTokenIssuer plainIssuer = ChatTokenIssuer.Builder.create(this, "PlainTokens").rooms(List.of(plain)).build();
        plainIssuer.addFunctionUrl();
        plainIssuer.addTrustedBackend(backend);

        // ChatMetrics and the logging configurations' metrics, with and without options.
        Dashboard.Builder.create(this, "Dashboard")
                .widgets(List.of(List.of(GraphWidget.Builder.create()
                        .title("chat")
                        .left(List.of(
                                ChatMetrics.metric("ConcurrentChatConnections", MetricOptions.builder().period(Duration.minutes(1)).statistic("Maximum").build()),
                                ChatMetrics.metricConcurrentChatConnections(),
                                ChatMetrics.metricMessagingDeliveries(),
                                ChatMetrics.metricMessagingRequests(MetricOptions.builder().label("requests").build()),
                                ChatMetrics.metricDeliveries("SendMessage"),
                                ChatMetrics.metricRequests("SendMessage"),
                                ChatMetrics.metricInvocationErrors(reviewer.getFunction().getFunctionArn()),
                                ChatMetrics.metricResponseValidationErrors(reviewer.getFunction().getFunctionArn()),
                                ChatMetrics.metricLogDestinationErrors(toLogs.getChatLoggingConfigurationArn()),
                                ChatMetrics.metricLogDestinationAccessDeniedError(toLogs.getChatLoggingConfigurationArn()),
                                ChatMetrics.metricLogDestinationResourceNotFoundErrors(toS3.getChatLoggingConfigurationArn()),
                                toLogs.metric("LogDestinationErrors", MetricOptions.builder().statistic("Average").build()),
                                toLogs.metricLogDestinationErrors(),
                                toS3.metricLogDestinationAccessDeniedError(),
                                importedLogging.metricLogDestinationResourceNotFoundErrors(MetricOptions.builder().period(Duration.minutes(15)).build())))
                        .build())))
                .build();

        // Attributes.
        CfnOutput.Builder.create(this, "LobbyArn").value(lobby.getChatRoomArn()).build();
        CfnOutput.Builder.create(this, "LobbyId").value(lobby.getChatRoomId()).build();
        CfnOutput.Builder.create(this, "LobbyName").value(lobby.getChatRoomName()).build();
        CfnOutput.Builder.create(this, "PlainName").value(plain.getChatRoomName()).build();
        CfnOutput.Builder.create(this, "ImportedId").value(imported.getChatRoomId()).build();
        CfnOutput.Builder.create(this, "IssuerArn").value(issuer.getFunction().getFunctionArn()).build();
        CfnOutput.Builder.create(this, "IssuerUrl").value(issuer.getFunctionUrl().getUrl()).build();
        CfnOutput.Builder.create(this, "IssuerLogs").value(issuer.getLogGroup().getLogGroupName()).build();
        CfnOutput.Builder.create(this, "ReviewerName").value(reviewer.getFunction().getFunctionName()).build();
        CfnOutput.Builder.create(this, "ReviewerLogs").value(reviewer.getLogGroup().getLogGroupName()).build();
        CfnOutput.Builder.create(this, "LoggingArn").value(toLogs.getChatLoggingConfigurationArn()).build();
        CfnOutput.Builder.create(this, "LoggingId").value(toLogs.getChatLoggingConfigurationId()).build();
        CfnOutput.Builder.create(this, "LoggingName").value(toS3.getChatLoggingConfigurationName()).build();
        CfnOutput.Builder.create(this, "ImportedLoggingId").value(importedLogging.getChatLoggingConfigurationId()).build();
    }
}
