package io.agentmesh.testsupport;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;

/** Small JSON helpers for tests: single quotes allowed for readability. */
public final class Json2 {

    private Json2() {
    }

    /** Parses an object written with single quotes: {@code obj("{'a': 1}")}. */
    public static JsonObject obj(String singleQuoted) {
        try (var reader = Json.createReader(new StringReader(singleQuoted.replace('\'', '"')))) {
            return reader.readObject();
        }
    }
}
