package io.agentmesh.agents;

import io.agentmesh.routing.Caller;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.lang.reflect.AnnotatedElement;
import java.util.Objects;
import java.util.Set;

/**
 * What the Jakarta security annotations of an agent class or a tool method ask of the end user
 * (Jakarta Annotations 2.1 §3.7–3.9): {@link RolesAllowed} admits a caller whose end user has one of the
 * roles (a caller without an end user is refused), {@link PermitAll} admits everyone, {@link DenyAll}
 * nobody. A tool method's annotation takes the place of its class's; read once, when the agent is
 * registered.
 *
 * @param kind  which annotation, {@link Kind#NONE} for none
 * @param roles the roles of {@link RolesAllowed}, else empty
 */
public record RoleConstraint(Kind kind, Set<String> roles) {

    /** Which annotation. */
    public enum Kind { NONE, PERMIT_ALL, DENY_ALL, ROLES_ALLOWED }

    /** No annotation: a tool follows its agent's, an agent admits everyone. */
    public static final RoleConstraint NONE = new RoleConstraint(Kind.NONE, Set.of());

    public RoleConstraint {
        Objects.requireNonNull(kind, "kind");
        roles = Set.copyOf(roles);
        if ((kind == Kind.ROLES_ALLOWED) == roles.isEmpty()) {
            throw new IllegalArgumentException("roles are given with ROLES_ALLOWED, and only with it");
        }
    }

    /** {@code @RolesAllowed(roles)}. */
    public static RoleConstraint rolesAllowed(String... roles) {
        return new RoleConstraint(Kind.ROLES_ALLOWED, Set.of(roles));
    }

    /**
     * The constraint of an element's annotations; {@link #NONE} without any.
     *
     * @throws IllegalArgumentException for more than one of them, or {@code @RolesAllowed} without a role
     */
    public static RoleConstraint of(AnnotatedElement element) {
        RolesAllowed allowed = element.getAnnotation(RolesAllowed.class);
        boolean permit = element.isAnnotationPresent(PermitAll.class);
        boolean deny = element.isAnnotationPresent(DenyAll.class);
        if ((allowed != null ? 1 : 0) + (permit ? 1 : 0) + (deny ? 1 : 0) > 1) {
            throw new IllegalArgumentException("takes only one of @RolesAllowed, @PermitAll, @DenyAll");
        }
        if (allowed != null) {
            if (allowed.value().length == 0 || Set.of(allowed.value()).stream().anyMatch(String::isBlank)) {
                throw new IllegalArgumentException("@RolesAllowed needs at least one role, none blank");
            }
            return rolesAllowed(allowed.value());
        }
        return permit ? new RoleConstraint(Kind.PERMIT_ALL, Set.of())
                : deny ? new RoleConstraint(Kind.DENY_ALL, Set.of()) : NONE;
    }

    /** Whether {@code element} carries any of the three annotations. */
    static boolean hasAnnotation(AnnotatedElement element) {
        return element.isAnnotationPresent(RolesAllowed.class) || element.isAnnotationPresent(PermitAll.class)
                || element.isAnnotationPresent(DenyAll.class);
    }

    /** Whether the class or any of its methods carries any of the three annotations. */
    static boolean usedIn(Class<?> type) {
        return hasAnnotation(type) || !Members.declared(type, RoleConstraint::hasAnnotation).isEmpty();
    }

    /** This constraint, or {@code outer} (the agent's) when this one is {@link #NONE}. */
    public RoleConstraint within(RoleConstraint outer) {
        return kind == Kind.NONE ? outer : this;
    }

    /** Whether {@code caller} meets this constraint. */
    public boolean admits(Caller caller) {
        return switch (kind) {
            case NONE, PERMIT_ALL -> true;
            case DENY_ALL -> false;
            case ROLES_ALLOWED -> caller.user().map(u -> u.roles().stream().anyMatch(roles::contains)).orElse(false);
        };
    }
}
