package io.agentmesh.agents.annotations;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Exposes a public method with no parameters (or only a {@link io.agentmesh.routing.CallContext}) as a
 * fixed MCP resource (MCP 2025-11-25, server/resources). A {@code String} result is text contents, a
 * {@code byte[]} result blob contents (base64); {@code CompletionStage} of either is asynchronous.
 */
@Documented
@Retention(RUNTIME)
@Target(METHOD)
public @interface Resource {

    /** Value of {@link #name()} meaning "the method's name". */
    String ELEMENT_NAME = "<<element name>>";

    /** The resource URI (required, absolute, unique within the agent). */
    String uri();

    /** The resource name; by default the method's name. */
    String name() default ELEMENT_NAME;

    /** A human-readable title. */
    String title() default "";

    /** What the resource holds. */
    String description() default "";

    /** The MIME type of the contents. */
    String mimeType() default "";
}
