/**
 * Operating a node: the one configuration bean ({@code MeshConfig}), start-up, health checks, metrics
 * and the admin API. The composition root: it may depend on every other package, none depends on it.
 */
package io.agentmesh.admin;
