package io.agentmesh.agents.conformance;

import io.agentmesh.json.Json;
import jakarta.json.JsonObject;

/**
 * The content blocks the conformance fixtures return (MCP 2025-11-25, server/tools: content types), with
 * the test image and sound of the suite's reference server.
 */
final class ConformanceContent {

    /** A 1x1 red PNG pixel, base64. */
    static final String IMAGE_BASE64 =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

    /** A minimal WAV file, base64. */
    static final String AUDIO_BASE64 = "UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=";

    private ConformanceContent() {
    }

    static JsonObject text(String text) {
        return Json.createObjectBuilder().add("type", "text").add("text", text).build();
    }

    static JsonObject image() {
        return Json.createObjectBuilder().add("type", "image").add("data", IMAGE_BASE64).add("mimeType", "image/png")
                .build();
    }

    static JsonObject audio() {
        return Json.createObjectBuilder().add("type", "audio").add("data", AUDIO_BASE64).add("mimeType", "audio/wav")
                .build();
    }

    /** An embedded resource with text contents. */
    static JsonObject resource(String uri, String mimeType, String text) {
        return Json.createObjectBuilder().add("type", "resource").add("resource", Json.createObjectBuilder()
                .add("uri", uri).add("mimeType", mimeType).add("text", text)).build();
    }
}
