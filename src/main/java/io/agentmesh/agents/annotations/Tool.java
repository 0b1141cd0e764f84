package io.agentmesh.agents.annotations;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Exposes a public method of an {@link Agent} as an MCP tool (MCP 2025-11-25, server/tools).
 * <p>
 * Parameters become the tool's input JSON Schema (2020-12); each is named by its {@link ToolArg} or, when
 * compiled with {@code -parameters}, by its Java name. Supported parameter types: primitives and their
 * boxes, {@code String}, {@code BigDecimal}, {@code BigInteger}, enums, arrays, {@code List}/{@code Set}/
 * {@code Collection}, {@code Map<String, V>}, records and POJOs (nested), and {@code Optional<T>} (never
 * required). Parameters of type {@link io.agentmesh.agents.Progress}, {@link io.agentmesh.agents.AgentLog}
 * (log messages to the client, at the level its request asked for), {@link io.agentmesh.routing.Cancellation}
 * and {@link io.agentmesh.routing.CallContext} are supplied by the host and are not part of the schema.
 * <p>
 * The return value becomes the result:
 * <ul>
 * <li>{@code String}: one text content;</li>
 * <li>a record: {@code structuredContent} (and its JSON as text content), with the record's schema as the
 * tool's {@code outputSchema};</li>
 * <li>{@code byte[]}: an image content when {@link #mimeType()} is {@code image/*}, else an embedded
 * resource with a base64 blob ({@link #mimeType()} is then required);</li>
 * <li>{@code void}: no content;</li>
 * <li>anything else: its JSON-B serialisation as text content;</li>
 * <li>{@code CompletionStage<T>}: the call is asynchronous; T follows the rules above.</li>
 * </ul>
 * An exception thrown by the method gives a normal result with {@code isError: true} and the exception's
 * message; so do invalid arguments (a message naming the argument; SEP-1303, MCP 2025-11-25 server/tools,
 * "Error Handling"). An unknown tool is JSON-RPC error -32602.
 */
@Documented
@Retention(RUNTIME)
@Target(METHOD)
public @interface Tool {

    /** Value of {@link #name()} meaning "the method's name". */
    String ELEMENT_NAME = "<<element name>>";

    /** The tool name, unique within the agent; by default the method's name. */
    String name() default ELEMENT_NAME;

    /** A human-readable title. */
    String title() default "";

    /** What the tool does; a hint to the model. */
    String description() default "";

    /** The MIME type of a {@code byte[]} result (for example {@code image/png}). */
    String mimeType() default "";

    /**
     * Hints for clients. Only an explicitly declared {@code annotations = @Tool.Annotations(...)} is
     * published; the default value of this member publishes no annotations.
     */
    Annotations annotations() default @Annotations(published = false);

    /** MCP tool annotations: hints, never guarantees. */
    @Documented
    @Retention(RUNTIME)
    @Target(ElementType.ANNOTATION_TYPE)
    @interface Annotations {

        /** A human-readable title for the tool (annotations.title). */
        String title() default "";

        /** If true, the tool does not modify its environment. */
        boolean readOnlyHint() default false;

        /** If true, the tool may perform destructive updates; if false, only additive ones. */
        boolean destructiveHint() default true;

        /** If true, calling the tool again with the same arguments has no further effect. */
        boolean idempotentHint() default false;

        /** If true, the tool may interact with an open world of external entities. */
        boolean openWorldHint() default true;

        /** False only on the default value of {@link Tool#annotations()}; leave it alone. */
        boolean published() default true;
    }
}
