package com.example.chat;

import java.util.List;

import io.github.cdkivschat.ChatRoom;
import io.github.cdkivschat.ChatTokenCapability;
import io.github.cdkivschat.ChatTokenIssuer;
import io.github.cdkivschat.FallbackResult;
import io.github.cdkivschat.GroupCapabilities;
import io.github.cdkivschat.MessageReviewer;
import io.github.cdkivschat.ReviewAction;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.lambda.FunctionUrl;
import software.constructs.Construct;

public class ChatApp {
    public static class ChatStack extends Stack {
        public ChatStack(final Construct scope, final String id, final StackProps props) {
            super(scope, id, props);

            MessageReviewer reviewer = MessageReviewer.Builder.create(this, "Reviewer")
                    .deniedTerms(List.of("badword", "worse phrase"))
                    .action(ReviewAction.MASK)
                    .maxLinks(1)
                    .build();

            ChatRoom room = ChatRoom.Builder.create(this, "Room")
                    .maximumMessageLength(200)
                    .messageReviewHandler(reviewer.asMessageReviewHandler(FallbackResult.DENY))
                    .build();
            Tags.of(room).add("team", "live");

            ChatTokenIssuer issuer = ChatTokenIssuer.Builder.create(this, "Tokens")
                    .rooms(List.of(room))
                    .groupCapabilities(List.of(GroupCapabilities.builder()
                            .group("moderators")
                            .capabilities(List.of(ChatTokenCapability.DELETE_MESSAGE, ChatTokenCapability.DISCONNECT_USER))
                            .build()))
                    .sessionDuration(Duration.minutes(120))
                    .build();
            FunctionUrl url = issuer.addFunctionUrl();

            CfnOutput.Builder.create(this, "RoomArn").value(room.getChatRoomArn()).build();
            CfnOutput.Builder.create(this, "TokenUrl").value(url.getUrl()).build();
        }
    }

    public static void main(final String[] args) {
        App app = new App();
        new ChatStack(app, "ChatApp", null);
        app.synth();
    }
}
