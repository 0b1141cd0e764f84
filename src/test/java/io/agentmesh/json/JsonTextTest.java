package io.agentmesh.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link JsonText} writes the bytes JSON-P's generator writes, for every character and any nesting. */
class JsonTextTest {

    /** What the generator writes, as UTF-8. */
    private static byte[] generated(JsonValue value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Json.provider().createGenerator(out)) {
            g.write(value);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void same(JsonValue value) {
        assertArrayEquals(generated(value), JsonText.utf8(value), () -> "for " + value);
    }

    @Test
    void everyCharacterOfTheBasicPlaneIsWrittenAsTheGeneratorWritesIt() {
        for (int c = 0; c <= 0xffff; c++) {
            same(Json.createValue("a" + (char) c + "b"));
            same(Json.createValue(String.valueOf((char) c)));
        }
    }

    @Test
    void pairedSurrogatesAreOneCharacterAndUnpairedOnesAQuestionMark() {
        same(Json.createValue("\ud83d\ude00 ok"));
        same(Json.createValue("x\ud83d"));
        same(Json.createValue("\ude00x\ud83dy"));
        assertEquals("\"\\u0001\\n\\\"\\\\?\"", new String(JsonText.utf8(Json.createValue("\u0001\n\"\\\ud800")),
                StandardCharsets.UTF_8));
    }

    @Test
    void numbersAndLiteralsAreWrittenAsTheirText() {
        same(Json.createReader(new StringReader("[0,-0,1,-1,1.0,1e10,1E+2,-2.5e-3,123456789012345678901234567890,"
                + "9007199254740993,0.1,true,false,null]")).readArray());
        same(Json.createArrayBuilder().add(1.5).add(2L).add(3).add(new BigDecimal("1.50")).add(Double.MIN_VALUE)
                .build());
    }

    @Test
    void nestedObjectsAndArraysOfAnyShapeMatch() {
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            same(randomValue(random, 0));
        }
        same(Json.createObjectBuilder().build());
        same(Json.createArrayBuilder().build());
        same(Json.createObjectBuilder().add("a", Json.createArrayBuilder().add(Json.createObjectBuilder())
                .add(Json.createArrayBuilder())).add("", "").build());
    }

    @Test
    void membersWrittenOneByOneMatchTheObject() {
        JsonValue params = Json.createObjectBuilder().add("x", 1).add("y", Json.createArrayBuilder().add("z")).build();
        byte[] written = new JsonText(4).startObject().member("jsonrpc", "2.0").member("id", Json.createValue(7))
                .member("params", params).endObject().toBytes();
        assertArrayEquals(generated(Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", 7).add("params", params)
                .build()), written);
    }

    private static JsonValue randomValue(Random random, int depth) {
        switch (random.nextInt(depth > 4 ? 4 : 6)) {
            case 0:
                return Json.createValue(randomString(random));
            case 1:
                return Json.createValue(random.nextLong());
            case 2:
                return random.nextBoolean() ? JsonValue.TRUE : JsonValue.NULL;
            case 3:
                return Json.createValue(random.nextDouble() * 1e6);
            case 4: {
                JsonObjectBuilder b = Json.createObjectBuilder();
                for (int i = random.nextInt(5); i > 0; i--) {
                    b.add(randomString(random), randomValue(random, depth + 1));
                }
                return b.build();
            }
            default: {
                JsonArrayBuilder b = Json.createArrayBuilder();
                for (int i = random.nextInt(5); i > 0; i--) {
                    b.add(randomValue(random, depth + 1));
                }
                return b.build();
            }
        }
    }

    /** Mostly printable ASCII, some control characters, some of anywhere in the basic plane (surrogates included). */
    private static String randomString(Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(40); i > 0; i--) {
            int pick = random.nextInt(10);
            s.append(pick < 6 ? (char) (0x20 + random.nextInt(0x5f)) : pick < 8 ? (char) random.nextInt(0x20)
                    : (char) random.nextInt(0x10000));
        }
        return s.toString();
    }
}
