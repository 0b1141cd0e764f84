/**
 * Sample agents, deployed unless {@code mesh.samples.enabled=false}: {@code echo} (a @Stateless session
 * bean), {@code calculator} (an @ApplicationScoped bean) and {@code notes} (a @Singleton session bean).
 * Together they use every MCP feature of the host: tool hints, records in and out, enums, lists, optional
 * arguments and defaults, progress, cancellation, images and blobs, fixed resources, templates,
 * subscriptions, prompts and completions.
 * <p>
 * The switch is read by {@code AgentExtension} from MicroProfile Config while types are discovered: when
 * it is false the sample classes are vetoed and never become beans.
 */
package io.agentmesh.agents.samples;
