package io.agentmesh.agents.bridge;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The environment of a bridged stdio server's process ({@code mesh.bridge.<id>.env}): never the node's
 * whole environment, only the variables a process needs to run ({@link #BASE}: {@code PATH}, {@code HOME},
 * the locale, the temporary directory and the like), the node's variables named in {@code passed}, and
 * the variables {@code set} to a value.
 * <ul>
 * <li>Syntax: entries separated by {@code ,}; an entry {@code NAME} passes the node's variable through
 * (when the node has it), {@code NAME=value} sets it (split at the first {@code =}; a value cannot hold a
 * {@code ,}). Space around entries, names and values is ignored; empty entries are skipped.</li>
 * <li>Names are matched to the node's without regard to case (as Windows does). A name is
 * {@code [A-Za-z_][A-Za-z0-9_]*} and appears once. Names starting with {@code MESH_} are the
 * node's own configuration (administrator and keystore passwords, the /mcp token, bridge headers) and
 * are refused: they never reach a bridged process.</li>
 * </ul>
 * Values are not shown in messages or {@link #toString()} (they may be credentials).
 *
 * @param passed the node's variables passed through, by name
 * @param set    variables set to a value, replacing any of the node's
 */
public record ProcessEnvironment(List<String> passed, Map<String, String> set) {

    /** Variables every bridged process gets from the node's environment, when the node has them. */
    public static final Set<String> BASE = Set.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "TZ",
            "TMPDIR", "TEMP", "TMP", "SYSTEMROOT", "WINDIR", "COMSPEC", "PATHEXT");
    /** Besides {@link #BASE}, the locale categories: every variable whose name starts with this. */
    public static final String LOCALE_PREFIX = "LC_";
    /** Variables of the node's own configuration: never given to a bridged process. */
    public static final String NODE_PREFIX = "MESH_";
    /** No variables besides {@link #BASE}. */
    public static final ProcessEnvironment BASE_ONLY = new ProcessEnvironment(List.of(), Map.of());

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public ProcessEnvironment {
        passed = List.copyOf(Objects.requireNonNull(passed, "passed"));
        set = Map.copyOf(Objects.requireNonNull(set, "set"));
        List<String> names = new ArrayList<>(passed);
        names.addAll(set.keySet());
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a variable name ([A-Za-z_][A-Za-z0-9_]*)");
            }
            if (name.toUpperCase(Locale.ROOT).startsWith(NODE_PREFIX)) {
                throw new IllegalArgumentException(name + " is the node's own configuration and is never given to a"
                        + " bridged process");
            }
            if (names.subList(0, i).contains(name)) {
                throw new IllegalArgumentException("variable " + name + " appears twice");
            }
        }
    }

    /** Parses the syntax above; throws IllegalArgumentException naming the variable (never a value). */
    public static ProcessEnvironment parse(String text) {
        if (text == null || text.isBlank()) {
            return BASE_ONLY;
        }
        List<String> passed = new ArrayList<>();
        Map<String, String> set = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            int eq = entry.indexOf('=');
            String name = (eq < 0 ? entry : entry.substring(0, eq)).trim();
            if (eq < 0 && name.isEmpty()) {
                continue;
            }
            if (eq < 0) {
                passed.add(name);
            } else if (set.put(name, entry.substring(eq + 1).trim()) != null) {
                throw new IllegalArgumentException("variable " + name + " appears twice");
            }
        }
        return new ProcessEnvironment(passed, set);
    }

    /** The environment of a process started by a node whose environment is {@code node}. */
    public Map<String, String> childOf(Map<String, String> node) {
        Map<String, String> child = new TreeMap<>();
        Set<String> asked = new HashSet<>();
        passed.forEach(name -> asked.add(name.toUpperCase(Locale.ROOT)));
        node.forEach((name, value) -> {
            String upper = name.toUpperCase(Locale.ROOT); // Windows spells them Path, SystemRoot, ...
            if (BASE.contains(upper) || upper.startsWith(LOCALE_PREFIX) || asked.contains(upper)) {
                child.put(name, value);
            }
        });
        child.putAll(set);
        return child;
    }

    @Override
    public String toString() {
        return "ProcessEnvironment[passed=" + passed + ", set=" + new TreeMap<>(set).keySet() + "]";
    }
}
