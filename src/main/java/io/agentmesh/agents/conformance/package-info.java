/**
 * The fixture agent of the MCP project's conformance suite ({@code @modelcontextprotocol/conformance} on npm):
 * {@code conformance}, registered only when {@code mesh.conformance.enabled=true}, with the tools, resources
 * and prompts that the suite's server scenarios call by name, each as its scenario describes it.
 * <p>
 * A programmatic agent ({@link io.agentmesh.agents.AgentDefinition} built by hand) rather than an annotated
 * one: the scenarios ask for results that the annotated tool API does not produce (audio, several content
 * blocks in one result, an embedded text resource, an input schema written in JSON Schema 2020-12 as is).
 */
package io.agentmesh.agents.conformance;
