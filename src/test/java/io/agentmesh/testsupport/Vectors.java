package io.agentmesh.testsupport;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** Loads the public test vectors under {@code src/test/resources/vectors/} (see their README). */
public final class Vectors {

    private Vectors() {
    }

    /** The JSON object of the resource {@code /vectors/<path>}. */
    public static JsonObject load(String path) {
        String resource = "/vectors/" + path;
        try (InputStream in = Vectors.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            try (JsonReader reader = Json.createReader(in)) {
                return reader.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes of a hex string. */
    public static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    /** Hex of bytes. */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** Bytes of the hex string member {@code name}, or null when absent. */
    public static byte[] hexOrNull(JsonObject object, String name) {
        return object.containsKey(name) ? hex(object.getString(name)) : null;
    }

    /** One Wycheproof test case with the group it belongs to. */
    public record WycheproofCase(JsonObject group, JsonObject test) {

        public int tcId() {
            return test.getInt("tcId");
        }

        public String result() {
            return test.getString("result");
        }

        public List<String> flags() {
            return test.containsKey("flags")
                    ? test.getJsonArray("flags").stream().map(v -> ((JsonString) v).getString()).toList()
                    : List.of();
        }

        public byte[] bytes(String name) {
            return hex(test.getString(name));
        }

        @Override
        public String toString() {
            return "tcId " + tcId() + " (" + result() + " " + flags() + ") " + test.getString("comment", "");
        }
    }

    /** Every test case of a Wycheproof file under {@code vectors/wycheproof/}. */
    public static Stream<WycheproofCase> wycheproof(String file) {
        JsonObject root = load("wycheproof/" + file);
        return root.getJsonArray("testGroups").stream()
                .map(JsonValue::asJsonObject)
                .flatMap(group -> group.getJsonArray("tests").stream()
                        .map(test -> new WycheproofCase(group, test.asJsonObject())));
    }
}
