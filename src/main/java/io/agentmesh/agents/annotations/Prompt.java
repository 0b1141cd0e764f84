package io.agentmesh.agents.annotations;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Exposes a public method as an MCP prompt (MCP 2025-11-25, server/prompts).
 * <p>
 * Each parameter is a {@code String} prompt argument described by {@link PromptArg} (or named by its Java
 * name); a {@link io.agentmesh.routing.CallContext} parameter is allowed. The method returns a
 * {@code String} (one user message), a {@link io.agentmesh.agents.PromptMessage}, or a
 * {@code List<PromptMessage>}; a {@code CompletionStage} of these is asynchronous.
 */
@Documented
@Retention(RUNTIME)
@Target(METHOD)
public @interface Prompt {

    /** Value of {@link #name()} meaning "the method's name". */
    String ELEMENT_NAME = "<<element name>>";

    /** The prompt name, unique within the agent; by default the method's name. */
    String name() default ELEMENT_NAME;

    /** A human-readable title. */
    String title() default "";

    /** What the prompt is for. */
    String description() default "";
}
