package io.agentmesh.agents.schema;

import static io.agentmesh.testsupport.Json2.obj;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * Accepted form content against each kind of property of MCP 2025-11-25's elicitation schema
 * (client/elicitation, "Requested Schema"; schema.ts {@code PrimitiveSchemaDefinition}): what each allows
 * passes, what it does not is refused with the property's path.
 */
class ElicitationFormTest {

    private static JsonObject form(String property) {
        return obj("{'type':'object','properties':{'p':" + property + "}}");
    }

    private static void accepts(String property, String value) {
        assertDoesNotThrow(() -> ElicitationForm.validateContent(obj("{'p':" + value + "}"), form(property)),
                () -> value + " fits " + property);
    }

    private static String refusal(String property, String value) {
        return assertThrows(SchemaValidator.Violation.class,
                () -> ElicitationForm.validateContent(obj("{'p':" + value + "}"), form(property)),
                () -> value + " must not fit " + property).getMessage();
    }

    @Test
    void stringsWithLengthsPatternsAndDefaults() {
        String s = "{'type':'string','title':'Name','description':'d','minLength':2,'maxLength':4,"
                + "'pattern':'^[a-z]+$','default':'abc'}";
        accepts(s, "'ab'");
        accepts(s, "'abcd'");
        assertEquals("content.p: must have at least 2 character(s)", refusal(s, "'a'"));
        assertEquals("content.p: must have at most 4 character(s)", refusal(s, "'abcde'"));
        assertEquals("content.p: must match ^[a-z]+$", refusal(s, "'AB'"));
        assertEquals("content.p: expected string, got number 12", refusal(s, "12"));
        assertEquals("content.p: expected string, got null", refusal(s, "null"));
        assertEquals("content.p: expected string, got array", refusal(s, "['ab']"));
        assertEquals("content.p: expected string, got object", refusal(s, "{'a':'b'}"));
        assertEquals("content.p: the requested pattern is not a valid regular expression",
                refusal("{'type':'string','pattern':'('}", "'x'"));
    }

    @Test
    void stringFormats() {
        accepts("{'type':'string','format':'email'}", "'a.b@example.com'");
        assertEquals("content.p: must be a valid email", refusal("{'type':'string','format':'email'}", "'a b@x'"));
        assertEquals("content.p: must be a valid email", refusal("{'type':'string','format':'email'}", "'ab.example.com'"));
        accepts("{'type':'string','format':'uri'}", "'https://example.com/a?b=c'");
        assertEquals("content.p: must be a valid uri", refusal("{'type':'string','format':'uri'}", "'/relative/path'"));
        accepts("{'type':'string','format':'date'}", "'2024-02-29'");
        assertEquals("content.p: must be a valid date", refusal("{'type':'string','format':'date'}", "'2023-02-29'"));
        assertEquals("content.p: must be a valid date", refusal("{'type':'string','format':'date'}", "'24-02-01'"));
        accepts("{'type':'string','format':'date-time'}", "'2025-11-25T10:00:00Z'");
        accepts("{'type':'string','format':'date-time'}", "'2025-11-25t10:00:00.5+02:00'");
        accepts("{'type':'string','format':'date-time'}", "'2016-12-31T23:59:60Z'");
        assertEquals("content.p: must be a valid date-time",
                refusal("{'type':'string','format':'date-time'}", "'2025-11-25 10:00'"));
        assertEquals("content.p: must be a valid date-time",
                refusal("{'type':'string','format':'date-time'}", "'2025-11-25T25:00:00Z'"));
        accepts("{'type':'string','format':'color'}", "'anything'");
    }

    @Test
    void numbersAndIntegers() {
        String n = "{'type':'number','minimum':0,'maximum':100,'default':95.5}";
        accepts(n, "88");
        accepts(n, "99.5");
        assertEquals("content.p: must be at most 100", refusal(n, "100.5"));
        assertEquals("content.p: must be at least 0", refusal(n, "-1"));
        assertEquals("content.p: expected number, got string", refusal(n, "'5'"));
        String i = "{'type':'integer','default':30}";
        accepts(i, "25");
        accepts(i, "25.0");
        assertEquals("content.p: expected integer, got number 25.5", refusal(i, "25.5"));
    }

    @Test
    void booleans() {
        String b = "{'type':'boolean','default':true}";
        accepts(b, "false");
        assertEquals("content.p: expected boolean, got string", refusal(b, "'false'"));
    }

    @Test
    void untitledSingleSelect() {
        String e = "{'type':'string','enum':['option1','option2','option3'],'default':'option1'}";
        accepts(e, "'option2'");
        assertEquals("content.p: must be one of [\"option1\",\"option2\",\"option3\"]", refusal(e, "'option4'"));
        assertEquals("content.p: expected string, got array", refusal(e, "['option1']"));
    }

    @Test
    void titledSingleSelect() {
        String e = "{'type':'string','oneOf':[{'const':'value1','title':'First Option'},"
                + "{'const':'value2','title':'Second Option'}],'default':'value1'}";
        accepts(e, "'value2'");
        assertEquals("content.p: must be one of the offered options", refusal(e, "'Second Option'"));
        assertEquals("content.p: must be one of the offered options", refusal(e, "'value3'"));
    }

    @Test
    void legacyTitledEnumAcceptsValuesNotNames() {
        String e = "{'type':'string','enum':['opt1','opt2'],'enumNames':['Option One','Option Two']}";
        accepts(e, "'opt1'");
        assertEquals("content.p: must be one of [\"opt1\",\"opt2\"]", refusal(e, "'Option One'"));
    }

    @Test
    void untitledMultiSelect() {
        String e = "{'type':'array','minItems':1,'maxItems':2,'items':{'type':'string',"
                + "'enum':['option1','option2','option3']},'default':['option1']}";
        accepts(e, "['option1','option2']");
        assertEquals("content.p[1]: must be one of [\"option1\",\"option2\",\"option3\"]", refusal(e, "['option1','x']"));
        assertEquals("content.p: must have at least 1 item(s)", refusal(e, "[]"));
        assertEquals("content.p: must have at most 2 item(s)", refusal(e, "['option1','option2','option3']"));
        assertEquals("content.p: expected an array of strings", refusal(e, "'option1'"));
        assertEquals("content.p: expected an array of strings", refusal(e, "['option1',2]"));
        accepts("{'type':'array','items':{'type':'string','enum':['a']}}", "[]");
    }

    @Test
    void titledMultiSelect() {
        String e = "{'type':'array','items':{'anyOf':[{'const':'value1','title':'First Choice'},"
                + "{'const':'value2','title':'Second Choice'}]}}";
        accepts(e, "['value1','value2']");
        assertEquals("content.p[0]: must be one of the offered options", refusal(e, "['First Choice']"));
        assertEquals("content.p: expected an array of strings", refusal(e, "[{'const':'value1'}]"));
        assertEquals("content.p[0]: the requested schema offers no options",
                refusal("{'type':'array','items':{'type':'string'}}", "['free text']"));
    }

    @Test
    void aPropertyWithoutAPrimitiveTypeAcceptsNothing() {
        assertEquals("content.p: the requested schema gives no primitive type",
                refusal("{'type':'object','properties':{}}", "{}"));
        assertEquals("content.p: the requested schema gives no primitive type", refusal("{'enum':['a']}", "'a'"));
    }

    @Test
    void requiredPropertiesAndPropertiesNotAskedFor() throws Exception {
        JsonObject schema = obj("{'type':'object','properties':{'name':{'type':'string'},'age':{'type':'integer'}},"
                + "'required':['name']}");
        ElicitationForm.validateContent(obj("{'name':'Jane'}"), schema);
        ElicitationForm.validateContent(obj("{'name':'Jane','age':25}"), schema);
        assertEquals("content.name: is required", assertThrows(SchemaValidator.Violation.class,
                () -> ElicitationForm.validateContent(obj("{'age':25}"), schema)).getMessage());
        assertEquals("content.name: expected string, got null", assertThrows(SchemaValidator.Violation.class,
                () -> ElicitationForm.validateContent(obj("{'name':null}"), schema)).getMessage());
        assertEquals("content.extra: was not asked for", assertThrows(SchemaValidator.Violation.class,
                () -> ElicitationForm.validateContent(obj("{'name':'Jane','extra':'x'}"), schema)).getMessage());
    }
}
