package io.agentmesh.agents.annotations;

import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** Describes a {@code String} parameter of a {@link Prompt} method: one prompt argument. */
@Documented
@Retention(RUNTIME)
@Target(PARAMETER)
public @interface PromptArg {

    /** Value of {@link #name()} meaning "the parameter's name". */
    String ELEMENT_NAME = "<<element name>>";

    /** The argument name; by default the parameter's Java name (needs {@code -parameters}). */
    String name() default ELEMENT_NAME;

    /** What the argument means. */
    String description() default "";

    /** Whether the argument must be given ({@code prompts/get} without it is -32602). */
    boolean required() default true;
}
