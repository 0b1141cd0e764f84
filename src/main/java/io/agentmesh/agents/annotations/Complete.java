package io.agentmesh.agents.annotations;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Offers completions for one argument of a {@link Prompt} or one variable of a {@link ResourceTemplate}
 * (MCP 2025-11-25, server/utilities/completion). Exactly one of {@link #prompt()} and {@link #template()}
 * is set.
 * <p>
 * The method takes one {@code String} (the value typed so far) and optionally a
 * {@code Map<String, String>} (the other arguments already resolved, {@code context.arguments}), and
 * returns a {@code List<String>} of candidates; the host sends at most 100 of them.
 */
@Documented
@Retention(RUNTIME)
@Target(METHOD)
public @interface Complete {

    /** The name of the prompt whose argument this completes. */
    String prompt() default "";

    /** The URI template (exactly as declared) whose variable this completes. */
    String template() default "";

    /** The argument or template variable name. */
    String arg();
}
