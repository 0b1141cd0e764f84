/**
 * The admin API, {@code /api/v1/admin/...} (JAX-RS, JSON-B): thin resources over the plain services
 * of {@code io.agentmesh.admin.console}. Every resource requires the role {@code mesh-admin}
 * ({@link io.agentmesh.node.AdminSettings#ROLE}); the dashboard uses nothing else. Documented in
 * docs/admin-api.md.
 */
package io.agentmesh.admin.api;
