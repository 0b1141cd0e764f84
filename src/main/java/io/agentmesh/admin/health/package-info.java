/**
 * MicroProfile Health checks of a node ({@code /health/live}, {@code /health/ready}; docs/operations.md,
 * "Health"): started, bootstrap peers reached, links, bridged agents.
 */
package io.agentmesh.admin.health;
