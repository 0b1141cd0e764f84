package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who a request comes from, as far as this node has authenticated it: what access rules and agents may
 * rely on (unlike {@link CallContext#originNode()}, which is only what the first forwarder claimed).
 *
 * <ul>
 *   <li>A local entry point's request comes from this node, with the end user the entry point
 *       authenticated (a bearer token's subject and roles), if any.</li>
 *   <li>A request that arrives on a link and was not forwarded on the way (its route metadata names no
 *       other origin) comes from the link's peer, whose identity the handshake proved.</li>
 *   <li>A request that arrives sealed in an end-to-end session comes from the session's peer, with the
 *       end user that node vouches for inside the session.</li>
 *   <li>Anything else (a request forwarded in clear by a relay) is {@link #UNAUTHENTICATED}: its origin
 *       claim is not evidence.</li>
 * </ul>
 *
 * @param node   the authenticated origin node; empty when unauthenticated
 * @param groups the groups of the origin node's membership certificate (empty without one)
 * @param user   the end user the origin node authenticated and vouches for, if any
 */
public record Caller(Optional<NodeId> node, Set<String> groups, Optional<User> user) {

    /** A caller whose origin could not be authenticated. */
    public static final Caller UNAUTHENTICATED = new Caller(Optional.empty(), Set.of(), Optional.empty());

    /**
     * An end user, as an entry point authenticated them: a subject of 1 to {@value #MAX_SUBJECT}
     * characters and at most {@value #MAX_ROLES} roles of 1 to {@value #MAX_ROLE} characters, what a node
     * vouches for to others (docs/protocol.md, "End users").
     *
     * @param subject the token's subject ({@code sub}) or the application server's user name
     * @param roles   the user's roles (a token's {@code groups} or scopes)
     */
    public record User(String subject, Set<String> roles) {

        public static final int MAX_SUBJECT = 256;
        public static final int MAX_ROLES = 64;
        public static final int MAX_ROLE = 128;

        public User {
            roles = Set.copyOf(roles);
            if (!valid(subject, roles)) {
                throw new IllegalArgumentException("a user has a subject of 1 to " + MAX_SUBJECT + " characters and"
                        + " at most " + MAX_ROLES + " roles of 1 to " + MAX_ROLE + " characters");
            }
        }

        /** True when {@code subject} and {@code roles} are within the limits of a user. */
        public static boolean valid(String subject, Set<String> roles) {
            return subject != null && !subject.isEmpty() && subject.length() <= MAX_SUBJECT && roles.size() <= MAX_ROLES
                    && roles.stream().allMatch(r -> r != null && !r.isEmpty() && r.length() <= MAX_ROLE);
        }
    }

    public Caller {
        Objects.requireNonNull(node, "node");
        groups = Set.copyOf(groups);
        Objects.requireNonNull(user, "user");
        if (node.isEmpty() && (!groups.isEmpty() || user.isPresent())) {
            throw new IllegalArgumentException("an unauthenticated caller has no groups and no user");
        }
    }

    /** The node {@code node}, a member of {@code groups}, with no end user. */
    public static Caller node(NodeId node, Set<String> groups) {
        return new Caller(Optional.of(Objects.requireNonNull(node, "node")), groups, Optional.empty());
    }

    /** This caller with {@code user} as the end user its node vouches for. */
    public Caller withUser(Optional<User> value) {
        return new Caller(node, groups, value);
    }

    /** True when the origin node is authenticated. */
    public boolean authenticated() {
        return node.isPresent();
    }
}
