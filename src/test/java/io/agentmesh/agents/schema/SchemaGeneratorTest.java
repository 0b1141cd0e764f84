package io.agentmesh.agents.schema;

import static io.agentmesh.testsupport.Json2.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchemaGeneratorTest {

    enum Color { RED, GREEN }

    record Point(int x, int y) {
    }

    record Shape(String name, List<Point> points, Optional<Color> color) {
    }

    record Tree(String label, List<Tree> children) {
    }

    public static class Settings {
        public String mode;
        public transient String ignored;
        private int level;

        public void setLevel(int level) {
            this.level = level;
        }
    }

    public static class NoDefaultConstructor {
        public NoDefaultConstructor(int x) {
        }
    }

    interface Shapeish {
    }

    @SuppressWarnings("unused")
    private static <T> void generic(T value, Map<Integer, String> byNumber, List<?> wild, List<String> strings,
            Map<String, Double> map, Set<String> set, Optional<Integer> maybe) {
    }

    private static Type param(int i) {
        return java.util.Arrays.stream(SchemaGeneratorTest.class.getDeclaredMethods())
                .filter(m -> m.getName().equals("generic")).findFirst().orElseThrow().getGenericParameterTypes()[i];
    }

    @Test
    void primitivesAndBoxes() {
        assertEquals(obj("{'type':'boolean'}"), SchemaGenerator.schemaOf(boolean.class));
        assertEquals(obj("{'type':'boolean'}"), SchemaGenerator.schemaOf(Boolean.class));
        assertEquals(obj("{'type':'integer','minimum':-2147483648,'maximum':2147483647}"),
                SchemaGenerator.schemaOf(Integer.class));
        assertEquals(obj("{'type':'integer','minimum':-128,'maximum':127}"), SchemaGenerator.schemaOf(byte.class));
        assertEquals(obj("{'type':'number'}"), SchemaGenerator.schemaOf(double.class));
        assertEquals(obj("{'type':'number'}"), SchemaGenerator.schemaOf(BigDecimal.class));
        assertEquals(obj("{'type':'string','minLength':1,'maxLength':1}"), SchemaGenerator.schemaOf(char.class));
        assertEquals(obj("{'type':'string'}"), SchemaGenerator.schemaOf(String.class));
    }

    @Test
    void enums() {
        assertEquals(obj("{'type':'string','enum':['RED','GREEN']}"), SchemaGenerator.schemaOf(Color.class));
    }

    @Test
    void arraysListsSetsAndMaps() {
        assertEquals(obj("{'type':'array','items':{'type':'string'}}"), SchemaGenerator.schemaOf(String[].class));
        assertEquals(obj("{'type':'array','items':{'type':'string'}}"), SchemaGenerator.schemaOf(param(3)));
        assertEquals(obj("{'type':'array','items':{'type':'string'},'uniqueItems':true}"),
                SchemaGenerator.schemaOf(param(5)));
        assertEquals(obj("{'type':'object','additionalProperties':{'type':'number'}}"),
                SchemaGenerator.schemaOf(param(4)));
    }

    @Test
    void optionalIsItsContent() {
        assertEquals(SchemaGenerator.schemaOf(Integer.class), SchemaGenerator.schemaOf(param(6)));
        assertTrue(SchemaGenerator.isOptional(param(6)));
    }

    @Test
    void nestedRecordsRequireAllButOptionalComponents() {
        var schema = SchemaGenerator.schemaOf(Shape.class);
        assertEquals(obj("{'type':'object','properties':{"
                + "'name':{'type':'string'},"
                + "'points':{'type':'array','items':{'type':'object','properties':{"
                + "'x':{'type':'integer','minimum':-2147483648,'maximum':2147483647},"
                + "'y':{'type':'integer','minimum':-2147483648,'maximum':2147483647}},'required':['x','y']}},"
                + "'color':{'type':'string','enum':['RED','GREEN']}},"
                + "'required':['name','points']}"), schema);
    }

    @Test
    void recursionIsGuarded() {
        assertEquals(obj("{'type':'object','properties':{'label':{'type':'string'},"
                + "'children':{'type':'array','items':{'type':'object'}}},'required':['label','children']}"),
                SchemaGenerator.schemaOf(Tree.class));
    }

    @Test
    void pojoFieldsAndSetters() {
        assertEquals(obj("{'type':'object','properties':{'mode':{'type':'string'},"
                + "'level':{'type':'integer','minimum':-2147483648,'maximum':2147483647}}}"),
                SchemaGenerator.schemaOf(Settings.class));
    }

    @Test
    void unsupportedTypesAreRefusedWithTheirName() {
        assertEquals("unsupported type java.lang.Object: only records, POJOs and the listed JDK types have a schema",
                assertThrows(UnsupportedTypeException.class, () -> SchemaGenerator.schemaOf(Object.class)).getMessage());
        assertTrue(assertThrows(UnsupportedTypeException.class, () -> SchemaGenerator.schemaOf(Shapeish.class))
                .getMessage().startsWith("unsupported type " + Shapeish.class.getName()));
        assertEquals("unsupported type T: type variables and wildcards have no schema",
                assertThrows(UnsupportedTypeException.class, () -> SchemaGenerator.schemaOf(param(0))).getMessage());
        assertEquals("unsupported type java.util.Map<java.lang.Integer, java.lang.String>: map keys must be String",
                assertThrows(UnsupportedTypeException.class, () -> SchemaGenerator.schemaOf(param(1))).getMessage());
        assertThrows(UnsupportedTypeException.class, () -> SchemaGenerator.schemaOf(param(2)));
        assertEquals("unsupported type " + NoDefaultConstructor.class.getName()
                + ": a POJO needs a public no-argument constructor",
                assertThrows(UnsupportedTypeException.class,
                        () -> SchemaGenerator.schemaOf(NoDefaultConstructor.class)).getMessage());
        assertThrows(UnsupportedTypeException.class, () -> SchemaGenerator.schemaOf(Thread.class));
    }
}
