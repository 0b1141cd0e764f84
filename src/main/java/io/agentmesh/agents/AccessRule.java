package io.agentmesh.agents;

import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Who may call an agent or one of its tools: a list of principals, any one of which admits a caller
 * ({@link Caller}, as the destination node authenticated it). Written as text in the node's configuration
 * (docs/configuration.md, "Access rules"): principals separated by commas, each one of
 * <ul>
 *   <li>{@code node:<node id>}: that node (its 40 hex characters);</li>
 *   <li>{@code group:<name>}: a node whose membership certificate lists that group;</li>
 *   <li>{@code role:<name>}: an end user with that role;</li>
 *   <li>{@code user:<subject>}: the end user with that subject;</li>
 *   <li>{@code local}: this node's own entry points ({@code /mcp}, the Java API, the dashboard);</li>
 *   <li>{@code member}: any authenticated node;</li>
 *   <li>{@code anyone}: every caller, also one whose origin could not be authenticated;</li>
 * </ul>
 * or {@code none} alone: nobody.
 *
 * @param principals the principals, any of which admits; empty for {@code none}
 */
public record AccessRule(List<Principal> principals) {

    /** Admits every caller. */
    public static final AccessRule ANYONE = new AccessRule(List.of(new Principal(Kind.ANYONE, "")));

    /** What a principal is. */
    public enum Kind { NODE, GROUP, ROLE, USER, LOCAL, MEMBER, ANYONE }

    /**
     * One principal of a rule.
     *
     * @param kind  what it is
     * @param value the node id, group, role or subject; empty for {@code local}, {@code member}, {@code anyone}
     */
    public record Principal(Kind kind, String value) {

        public Principal {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(value, "value");
        }

        /** Whether this principal admits {@code caller} on the node {@code self}. */
        public boolean admits(Caller caller, NodeId self) {
            return switch (kind) {
                case ANYONE -> true;
                case MEMBER -> caller.authenticated();
                case LOCAL -> caller.node().filter(self::equals).isPresent();
                case NODE -> caller.node().filter(n -> n.value().equals(value)).isPresent();
                case GROUP -> caller.authenticated() && caller.groups().contains(value);
                case ROLE -> caller.user().filter(u -> u.roles().contains(value)).isPresent();
                case USER -> caller.user().filter(u -> u.subject().equals(value)).isPresent();
            };
        }

        @Override
        public String toString() {
            return value.isEmpty() ? kind.name().toLowerCase(Locale.ROOT) : kind.name().toLowerCase(Locale.ROOT) + ":" + value;
        }
    }

    public AccessRule {
        principals = List.copyOf(principals);
    }

    /** Whether any principal admits {@code caller} on the node {@code self}; never for {@code none}. */
    public boolean admits(Caller caller, NodeId self) {
        for (Principal p : principals) {
            if (p.admits(caller, self)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads a rule: comma-separated principals, or {@code none}. Spaces around them are ignored.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static AccessRule parse(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("an empty rule: list principals, or write none");
        }
        if (trimmed.equals("none")) {
            return new AccessRule(List.of());
        }
        var principals = new ArrayList<Principal>();
        for (String part : trimmed.split(",", -1)) {
            principals.add(principal(part.trim()));
        }
        return new AccessRule(principals);
    }

    private static Principal principal(String text) {
        switch (text) {
            case "local": return new Principal(Kind.LOCAL, "");
            case "member": return new Principal(Kind.MEMBER, "");
            case "anyone": return new Principal(Kind.ANYONE, "");
            case "none": throw new IllegalArgumentException("none stands alone: it cannot be listed with other principals");
            case "": throw new IllegalArgumentException("an empty principal (two commas, or one at an end)");
            default: break;
        }
        int colon = text.indexOf(':');
        String kind = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        Kind k = switch (kind) {
            case "node" -> Kind.NODE;
            case "group" -> Kind.GROUP;
            case "role" -> Kind.ROLE;
            case "user" -> Kind.USER;
            default -> throw new IllegalArgumentException("unknown principal '" + text
                    + "': expected node:<id>, group:<name>, role:<name>, user:<subject>, local, member, anyone or none");
        };
        if (value.isEmpty() || value.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c) || c == ';')) {
            throw new IllegalArgumentException("principal '" + text + "' needs a " + kind
                    + " after the colon, without spaces or semicolons");
        }
        if (k == Kind.NODE && !NodeId.isNodeId(value)) {
            throw new IllegalArgumentException("principal '" + text + "': a node id is 40 lowercase hex characters");
        }
        return new Principal(k, value);
    }

    /** The rule as written: {@code node:…, group:edge}, or {@code none}. */
    @Override
    public String toString() {
        return principals.isEmpty() ? "none" : String.join(", ", principals.stream().map(Principal::toString).toList());
    }
}
