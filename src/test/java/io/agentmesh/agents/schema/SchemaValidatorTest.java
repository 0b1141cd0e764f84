package io.agentmesh.agents.schema;

import static io.agentmesh.testsupport.Json2.obj;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaValidatorTest {

    record Point(int x, int y) {
    }

    record Path(String name, List<Point> points) {
    }

    private static String violation(JsonValue value, Class<?> type) {
        return assertThrows(SchemaValidator.Violation.class,
                () -> SchemaValidator.validate(value, SchemaGenerator.schemaOf(type), "arg")).getMessage();
    }

    @Test
    void typesAreChecked() {
        assertEquals("arg: expected integer, got string", violation(Json.createValue("1"), int.class));
        assertEquals("arg: expected integer, got number 1.5", violation(Json.createValue(1.5), int.class));
        assertEquals("arg: expected string, got number 3", violation(Json.createValue(3), String.class));
        assertEquals("arg: expected boolean, got null", violation(JsonValue.NULL, boolean.class));
        assertDoesNotThrow(() -> SchemaValidator.validate(Json.createValue(new java.math.BigDecimal("2.0")),
                SchemaGenerator.schemaOf(int.class), "arg"));
    }

    @Test
    void rangesAndEnums() {
        assertEquals("arg: must be at most 127", violation(Json.createValue(128), byte.class));
        assertEquals("arg: must be one of [\"UP\",\"DOWN\",\"CEILING\",\"FLOOR\",\"HALF_UP\",\"HALF_DOWN\","
                + "\"HALF_EVEN\",\"UNNECESSARY\"]", violation(Json.createValue("SIDEWAYS"), java.math.RoundingMode.class));
    }

    @Test
    void nestedPathsNameTheValue() {
        assertEquals("arg.points[1].y: expected integer, got string",
                violation(obj("{'name':'p','points':[{'x':1,'y':2},{'x':1,'y':'two'}]}"), Path.class));
        assertEquals("arg.points[0].y: is required", violation(obj("{'name':'p','points':[{'x':1}]}"), Path.class));
    }
}
