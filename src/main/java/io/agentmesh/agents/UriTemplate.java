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
 * variable stands for one or more characters other than {@code /}, {@code ?} and {@code #}, as many as
 * the rest of the template allows, taken from the left (what the regular expression {@code ([^/?#]+)}
 * per variable would match); the matched value is percent-decoded. Matching takes time linear in the
 * URI's length (times the template's), never backtracking, so a long hostile URI costs no more than
 * reading it.
 */
public final class UriTemplate {

    private static final Pattern EXPRESSION = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern VARNAME = Pattern.compile("[A-Za-z0-9_]+");

    private final String text;
    private final List<String> variables;
    /** The literal text before each variable, then the text after the last one: one more than the variables. */
    private final List<String> literals;

    private UriTemplate(String text, List<String> variables, List<String> literals) {
        this.text = text;
        this.variables = variables;
        this.literals = literals;
    }

    /** Parses a level 1 template; throws IllegalArgumentException naming what is wrong. */
    public static UriTemplate parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a URI template must not be empty");
        }
        var literals = new ArrayList<String>();
        var names = new ArrayList<String>();
        Matcher m = EXPRESSION.matcher(text);
        int last = 0;
        while (m.find()) {
            literals.add(literal(text.substring(last, m.start())));
            String name = m.group(1);
            if (!VARNAME.matcher(name).matches()) {
                throw new IllegalArgumentException("URI template " + text + ": only simple {var} expressions"
                        + " (RFC 6570 level 1) are supported, not {" + name + "}");
            }
            if (names.contains(name)) {
                throw new IllegalArgumentException("URI template " + text + ": variable " + name + " appears twice");
            }
            names.add(name);
            last = m.end();
        }
        literals.add(literal(text.substring(last)));
        if (names.isEmpty()) {
            throw new IllegalArgumentException("URI template " + text + " has no {variable}");
        }
        return new UriTemplate(text, List.copyOf(names), List.copyOf(literals));
    }

    private static String literal(String part) {
        if (part.indexOf('{') >= 0 || part.indexOf('}') >= 0) {
            throw new IllegalArgumentException("unbalanced brace in URI template near: " + part);
        }
        return part;
    }

    public String text() {
        return text;
    }

    public List<String> variables() {
        return variables;
    }

    /** The variables of {@code uri} when it matches this template, in template order. */
    public Optional<Map<String, String>> match(String uri) {
        int n = uri.length();
        int[] stop = new int[n + 1];
        stop[n] = n;
        for (int p = n - 1; p >= 0; p--) {
            char c = uri.charAt(p);
            stop[p] = c == '/' || c == '?' || c == '#' ? p : stop[p + 1];
        }
        boolean[][] rest = matchesFrom(uri, stop);
        if (!rest[0][0]) {
            return Optional.empty();
        }
        var values = new LinkedHashMap<String, String>();
        int p = literals.get(0).length();
        for (int j = 0; j < variables.size(); j++) {
            int q = stop[p];
            while (!rest[j + 1][q]) {
                q--; // rest[j][...] promised a q above p: the longest value the rest of the template allows
            }
            try {
                values.put(variables.get(j), URLDecoder.decode(uri.substring(p, q).replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException badEscape) {
                return Optional.empty();
            }
            p = q + literals.get(j + 1).length();
        }
        return Optional.of(values);
    }

    /**
     * {@code rest[j][p]}: {@code uri} from {@code p} matches the template from its literal {@code j} to the
     * end; computed from the end of the template backwards, one pass over the URI per part. {@code stop[p]}
     * is where the value of a variable starting at {@code p} must end at the latest.
     */
    private boolean[][] matchesFrom(String uri, int[] stop) {
        int n = uri.length();
        int k = variables.size();
        boolean[][] rest = new boolean[k + 1][n + 1];
        String end = literals.get(k);
        rest[k][Math.max(0, n - end.length())] = uri.endsWith(end);
        for (int j = k - 1; j >= 0; j--) {
            boolean[] variableFrom = new boolean[n + 1];
            int nearest = Integer.MAX_VALUE; // the smallest q > p where the rest after variable j matches
            for (int p = n; p >= 0; p--) {
                variableFrom[p] = nearest <= stop[p];
                if (rest[j + 1][p]) {
                    nearest = p;
                }
            }
            String literal = literals.get(j);
            for (int p = 0; p + literal.length() <= n; p++) {
                rest[j][p] = variableFrom[p + literal.length()] && uri.startsWith(literal, p);
            }
        }
        return rest;
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
