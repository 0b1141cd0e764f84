package io.agentmesh.agents.annotations;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Exposes a public method as an MCP resource template (MCP 2025-11-25, server/resources, templates).
 * <p>
 * {@link #uriTemplate()} is an RFC 6570 template of level 1 only: literal text and simple
 * {@code {var}} expressions. A variable matches one or more characters other than {@code /}, {@code ?}
 * and {@code #}, and its value is percent-decoded. Each method parameter is a {@code String} named like a
 * variable (by {@link ToolArg} or its Java name); a {@link io.agentmesh.routing.CallContext} parameter is
 * allowed. Results as for {@link Resource}.
 */
@Documented
@Retention(RUNTIME)
@Target(METHOD)
public @interface ResourceTemplate {

    /** Value of {@link #name()} meaning "the method's name". */
    String ELEMENT_NAME = "<<element name>>";

    /** The RFC 6570 level 1 URI template (required). */
    String uriTemplate();

    /** The template name; by default the method's name. */
    String name() default ELEMENT_NAME;

    /** A human-readable title. */
    String title() default "";

    /** What the resources of this template hold. */
    String description() default "";

    /** The MIME type of the contents. */
    String mimeType() default "";
}
