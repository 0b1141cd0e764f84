package io.agentmesh.agents;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An RFC 6570 URI template of level 1: literal text and simple expressions {@code {var}} (RFC 6570
 * §1.2, level 1). Other operators ({@code {+var}}, {@code {?q}}, ...) are refused. For matching, a
 * variable stands for one or more characters other than {@code /}, {@code ?} and {@code #}; the matched
 * value is percent-decoded.
 */
public final class UriTemplate {

    private static final Pattern EXPRESSION = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern VARNAME = Pattern.compile("[A-Za-z0-9_]+");

    private final String text;
    private final List<String> variables;
    private final Pattern pattern;

    private UriTemplate(String text, List<String> variables, Pattern pattern) {
        this.text = text;
        this.variables = variables;
        this.pattern = pattern;
    }

    /** Parses a level 1 template; throws IllegalArgumentException naming what is wrong. */
    public static UriTemplate parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a URI template must not be empty");
        }
        var regex = new StringBuilder();
        var names = new ArrayList<String>();
        Matcher m = EXPRESSION.matcher(text);
        int last = 0;
        while (m.find()) {
            regex.append(literal(text.substring(last, m.start())));
            String name = m.group(1);
            if (!VARNAME.matcher(name).matches()) {
                throw new IllegalArgumentException("URI template " + text + ": only simple {var} expressions"
                        + " (RFC 6570 level 1) are supported, not {" + name + "}");
            }
            if (names.contains(name)) {
                throw new IllegalArgumentException("URI template " + text + ": variable " + name + " appears twice");
            }
            names.add(name);
            regex.append("([^/?#]+)");
            last = m.end();
        }
        regex.append(literal(text.substring(last)));
        if (names.isEmpty()) {
            throw new IllegalArgumentException("URI template " + text + " has no {variable}");
        }
        return new UriTemplate(text, List.copyOf(names), Pattern.compile(regex.toString()));
    }

    private static String literal(String part) {
        if (part.indexOf('{') >= 0 || part.indexOf('}') >= 0) {
            throw new IllegalArgumentException("unbalanced brace in URI template near: " + part);
        }
        return part.isEmpty() ? "" : Pattern.quote(part);
    }

    public String text() {
        return text;
    }

    public List<String> variables() {
        return variables;
    }

    /** The variables of {@code uri} when it matches this template, in template order. */
    public Optional<Map<String, String>> match(String uri) {
        Matcher m = pattern.matcher(uri);
        if (!m.matches()) {
            return Optional.empty();
        }
        var values = new LinkedHashMap<String, String>();
        for (int i = 0; i < variables.size(); i++) {
            try {
                values.put(variables.get(i), URLDecoder.decode(m.group(i + 1).replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException badEscape) {
                return Optional.empty();
            }
        }
        return Optional.of(values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UriTemplate other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
