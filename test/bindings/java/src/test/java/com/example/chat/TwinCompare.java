package com.example.chat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Loads a synthesized stack and compares it with its TypeScript twin (as test/bindings/python/twin_compare.py). */
final class TwinCompare {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TwinCompare() {
    }

    /**
     * The normalized template and the file assets (other than the template
     * itself) of one stack. Normalizing drops the CDKMetadata resource, its
     * condition and `aws:cdk:path` metadata; asset hashes and every property stay.
     */
    static ObjectNode loadStack(final Path assembly, final String stack) throws IOException {
        ObjectNode template = (ObjectNode) JSON.readTree(assembly.resolve(stack + ".template.json").toFile());
        ObjectNode resources = (ObjectNode) template.get("Resources");
        resources.remove("CDKMetadata");
        if (template.get("Conditions") instanceof ObjectNode conditions) {
            conditions.remove("CDKMetadataAvailable");
            if (conditions.isEmpty()) {
                template.remove("Conditions");
            }
        }
        for (JsonNode resource : resources) {
            if (resource.get("Metadata") instanceof ObjectNode metadata) {
                metadata.remove("aws:cdk:path");
                if (metadata.isEmpty()) {
                    ((ObjectNode) resource).remove("Metadata");
                }
            }
        }

        JsonNode files = JSON.readTree(assembly.resolve(stack + ".assets.json").toFile()).path("files");
        ObjectNode fileAssets = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> asset = it.next();
            JsonNode source = asset.getValue().path("source");
            if (!source.path("path").asText().endsWith(".template.json")) {
                fileAssets.set(asset.getKey(), source);
            }
        }

        ObjectNode stackNode = JSON.createObjectNode();
        stackNode.set("template", template);
        stackNode.set("fileAssets", fileAssets);
        return stackNode;
    }

    /** The JSON paths where two values differ, at most `limit` of them. */
    static List<String> differences(final JsonNode expected, final JsonNode actual, final int limit) {
        List<String> out = new ArrayList<>();
        walk(expected, actual, "$", out, limit);
        return out;
    }

    private static void walk(final JsonNode e, final JsonNode a, final String path, final List<String> out, final int limit) {
        if (out.size() >= limit) {
            return;
        }
        if (e.isObject() && a.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            e.fieldNames().forEachRemaining(keys::add);
            a.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                if (!a.has(key)) {
                    out.add(path + "." + key + ": missing (TypeScript has " + clip(e.get(key)) + ")");
                } else if (!e.has(key)) {
                    out.add(path + "." + key + ": unexpected " + clip(a.get(key)));
                } else {
                    walk(e.get(key), a.get(key), path + "." + key, out, limit);
                }
            }
        } else if (e.isArray() && a.isArray() && e.size() == a.size()) {
            for (int i = 0; i < e.size(); i++) {
                walk(e.get(i), a.get(i), path + "[" + i + "]", out, limit);
            }
        } else if (!e.equals(a)) {
            out.add(path + ": TypeScript " + clip(e) + ", here " + clip(a));
        }
    }

    private static String clip(final JsonNode node) {
        String text = node.toString();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
