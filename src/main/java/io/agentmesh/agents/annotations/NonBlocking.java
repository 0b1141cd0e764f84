package io.agentmesh.agents.annotations;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Declares that a {@link Tool} method never blocks: it computes from its arguments and memory and
 * returns (or returns a {@code CompletionStage} that something else completes), with no I/O, no waiting
 * for locks, other requests or time. A node may then run it on the thread that read the request from a
 * link instead of handing it to a worker, which saves a thread hand-off on each call.
 * <p>
 * Only for tools that keep that promise: while such a tool runs, its link reads nothing else, so a tool
 * that blocks stalls every request on the link. Without this annotation a tool runs on a worker thread
 * of the node (and on the request thread for {@code /mcp} calls), where it may take its time. Allowed on
 * {@link Tool} methods only; anywhere else the deployment fails.
 */
@Documented
@Retention(RUNTIME)
@Target(METHOD)
public @interface NonBlocking {
}
