package io.agentmesh.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class UriTemplateTest {

    @Test
    void matchesSimpleVariables() {
        UriTemplate t = UriTemplate.parse("notes://note/{id}");
        assertEquals(List.of("id"), t.variables());
        assertEquals(Optional.of(Map.of("id", "n1")), t.match("notes://note/n1"));
        assertEquals(Optional.of(Map.of("id", "a b")), t.match("notes://note/a%20b"));
        assertTrue(t.match("notes://note/").isEmpty());
        assertTrue(t.match("notes://note/a/b").isEmpty());
        assertTrue(t.match("notes://other/n1").isEmpty());
    }

    @Test
    void severalVariablesAndLiteralsWithRegexCharacters() {
        UriTemplate t = UriTemplate.parse("file://{dir}/x.y+{name}");
        assertEquals(Optional.of(Map.of("dir", "d", "name", "n")), t.match("file://d/x.y+n"));
        assertTrue(t.match("file://d/xzy+n").isEmpty());
    }

    @Test
    void onlyLevelOneIsAccepted() {
        assertEquals("URI template a://{+path}: only simple {var} expressions (RFC 6570 level 1) are supported, not {+path}",
                assertThrows(IllegalArgumentException.class, () -> UriTemplate.parse("a://{+path}")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> UriTemplate.parse("a://{x}/{x}"));
        assertThrows(IllegalArgumentException.class, () -> UriTemplate.parse("a://plain"));
        assertThrows(IllegalArgumentException.class, () -> UriTemplate.parse("a://{x"));
    }

    @Test
    void aLongAdversarialUriIsMatchedWithoutBacktracking() {
        // as a regular expression, ([^/?#]+){4}x tried every split of the a's: about n^4 steps
        UriTemplate t = UriTemplate.parse("r://{a}{b}{c}{d}x");
        String as = "a".repeat(100_000);
        assertTrue(t.match("r://" + as).isEmpty());
        assertTrue(t.match("r://" + as + "/x").isEmpty());
        Map<String, String> values = t.match("r://" + as + "x").orElseThrow();
        assertEquals(99_997, values.get("a").length());
        assertEquals(List.of("a", "a", "a"), List.of(values.get("b"), values.get("c"), values.get("d")));

        UriTemplate dashes = UriTemplate.parse("r://{a}-{b}-{c}.end");
        String dashed = "a-".repeat(50_000);
        assertTrue(dashes.match("r://" + dashed + ".en").isEmpty());
        Map<String, String> split = dashes.match("r://" + dashed + "a.end").orElseThrow();
        assertEquals(List.of("a", "a"), List.of(split.get("b"), split.get("c")));
        assertEquals(dashed.length() - 3, split.get("a").length()); // all the a's and dashes but the last two of each
        assertTrue(dashed.startsWith(split.get("a")));
    }

    @Test
    void eachVariableTakesTheLongestValueTheRestAllows() {
        assertEquals(Optional.of(Map.of("a", "p.q", "b", "r")), UriTemplate.parse("s://{a}.{b}").match("s://p.q.r"));
        assertEquals(Optional.of(Map.of("a", "ab", "b", "c")), UriTemplate.parse("s://{a}{b}").match("s://abc"));
        assertTrue(UriTemplate.parse("s://{a}{b}").match("s://a").isEmpty());
    }

    /** The same answers as the regular expression a variable used to be, on many small URIs. */
    @Test
    void matchesAsTheRegularExpressionWould() {
        List<String> templates = List.of("s://{a}", "s://{a}{b}", "{a}.{b}", "s://{a}-{b}/{c}", "{a}ab{b}b", "x{a}/");
        Random random = new Random(42);
        String alphabet = "ab.-/?x";
        for (String text : templates) {
            UriTemplate t = UriTemplate.parse(text);
            Pattern regex = Pattern.compile(Pattern.quote(text).replaceAll("\\{[a-z]}", "\\\\E([^/?#]+)\\\\Q"));
            for (int i = 0; i < 2_000; i++) {
                StringBuilder uri = new StringBuilder(random.nextBoolean() ? "s://" : "");
                for (int len = random.nextInt(9); len > 0; len--) {
                    uri.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                assertEquals(byRegex(regex, t.variables(), uri.toString()), t.match(uri.toString()), text + " " + uri);
            }
        }
    }

    private static Optional<Map<String, String>> byRegex(Pattern regex, List<String> names, String uri) {
        Matcher m = regex.matcher(uri);
        if (!m.matches()) {
            return Optional.empty();
        }
        var values = new LinkedHashMap<String, String>();
        for (int i = 0; i < names.size(); i++) {
            values.put(names.get(i), m.group(i + 1));
        }
        return Optional.of(values);
    }
}
