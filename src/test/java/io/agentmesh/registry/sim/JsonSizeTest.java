package io.agentmesh.registry.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agentmesh.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonSizeTest {

    private final JsonSize sizes = new JsonSize();

    private static long written(JsonValue v) {
        return v.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void measuresTheCompactTextWithoutWritingIt() {
        var digest = Json.createObjectBuilder();
        for (int i = 0; i < 100; i++) {
            digest.add(String.format("%040x", i), (long) i * 1_000_003 - 50);
        }
        JsonObject big = digest.build();
        JsonObject message = Json.createObjectBuilder().add("digest", big)
                .add("peers", Json.createArrayBuilder().add(Json.createObjectBuilder().add("node_id", "é\"\\")
                        .add("ok", true).add("no", false).add("none", JsonValue.NULL).add("x", 1.5)))
                .add("min", Long.MIN_VALUE).add("max", Long.MAX_VALUE).add("zero", 0).build();
        assertEquals(written(message), sizes.of(message));
        assertEquals(written(big), sizes.of(big), "a large object measured again is remembered");
        JsonObject inTwo = Json.createObjectBuilder().add("a", big).add("b", big).build();
        assertEquals(written(inTwo), sizes.of(inTwo));
        sizes.forget();
        assertEquals(written(inTwo), sizes.of(inTwo));
    }

    @Test
    void digitsAreThoseOfTheDecimalText() {
        for (long v : new long[] {0, 9, 10, -1, -10, 99, 100, 1_000_000_007L, Long.MAX_VALUE, Long.MIN_VALUE,
                Long.MIN_VALUE + 1}) {
            assertEquals(Long.toString(v).length(), JsonSize.digits(v), Long.toString(v));
        }
    }
}
