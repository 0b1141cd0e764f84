package io.agentmesh.agents.annotations;

import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Describes a parameter of a {@link Tool} method: one property of the tool's input schema.
 * <p>
 * Without this annotation (or with the default name) the parameter's Java name is used, which needs
 * compilation with {@code -parameters}; a deployment whose names cannot be read fails.
 */
@Documented
@Retention(RUNTIME)
@Target(PARAMETER)
public @interface ToolArg {

    /** Value of {@link #name()} meaning "the parameter's name". */
    String ELEMENT_NAME = "<<element name>>";

    /** Value of {@link #defaultValue()} meaning "no default". */
    String NO_DEFAULT = "<<no default>>";

    /** The argument name. */
    String name() default ELEMENT_NAME;

    /** What the argument means. */
    String description() default "";

    /**
     * Whether the argument must be given. An {@code Optional} parameter, or one with a
     * {@link #defaultValue()}, is never required.
     */
    boolean required() default true;

    /**
     * The value used when the argument is absent, as JSON (a bare word that is not JSON is taken as a
     * string). Published as the schema's {@code default}.
     */
    String defaultValue() default NO_DEFAULT;
}
