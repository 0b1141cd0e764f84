/**
 * JSON-P with its provider looked up once ({@link io.agentmesh.json.Json}); depends on nothing else of
 * the node, and every other package may use it.
 */
package io.agentmesh.json;
