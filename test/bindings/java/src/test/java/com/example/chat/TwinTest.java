package com.example.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/**
 * Synthesizes the Java twins and asserts that each stack equals its
 * TypeScript twin: same resources, same properties, same asset hashes.
 * BINDINGS_OUT names the run's output folder: `ts/<app>` holds the TypeScript
 * assemblies; the Java ones go to `java/<app>`.
 */
class TwinTest {
    private static final Path OUT = Path.of(System.getenv().getOrDefault("BINDINGS_OUT", "../.out"));

    private static void assertTwins(final String app, final String stack) throws Exception {
        ObjectNode expected = TwinCompare.loadStack(OUT.resolve("ts").resolve(app), stack);
        ObjectNode actual = TwinCompare.loadStack(OUT.resolve("java").resolve(app), stack);
        List<String> diff = TwinCompare.differences(expected, actual, 20);
        assertTrue(diff.isEmpty(), app + "/" + stack + " differs from the TypeScript twin:\n  " + String.join("\n  ", diff));
        assertEquals(expected, actual);
    }

    @Test
    void quickstartMatchesTypeScript() throws Exception {
        // Exactly what `cdk synth` runs; the pom sets CDK_OUTDIR for this JVM.
        ChatApp.main(new String[0]);
        assertTwins("quickstart", "ChatApp");
    }

    @Test
    void everythingMatchesTypeScript() throws Exception {
        App app = App.Builder.create().outdir(OUT.resolve("java").resolve("everything").toString()).build();
        new EverythingStack(app, EverythingStack.STACK_ID, StackProps.builder().env(EverythingStack.ENV).build());
        app.synth();
        assertTwins("everything", EverythingStack.STACK_ID);
    }

    @Test
    void comparisonSeesAChangedProperty() throws Exception {
        Path assembly = OUT.resolve("ts").resolve("everything");
        ObjectNode expected = TwinCompare.loadStack(assembly, EverythingStack.STACK_ID);
        ObjectNode changed = TwinCompare.loadStack(assembly, EverythingStack.STACK_ID);
        for (JsonNode resource : changed.path("template").path("Resources")) {
            if ("lobby".equals(resource.path("Properties").path("Name").asText())) {
                ((ObjectNode) resource.get("Properties")).put("MaximumMessageLength", "499");
            }
        }
        List<String> diff = TwinCompare.differences(expected, changed, 20);
        assertEquals(1, diff.size(), diff.toString());
        assertTrue(diff.get(0).endsWith("TypeScript \"200\", here \"499\""), diff.toString());
    }
}
