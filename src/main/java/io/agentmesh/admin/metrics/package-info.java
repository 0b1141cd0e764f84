/**
 * MicroProfile Metrics of the node (docs/metrics.md): {@link io.agentmesh.admin.metrics.MeshMetrics}
 * implements the transport's {@link io.agentmesh.transport.LinkObserver} and the router's
 * {@link io.agentmesh.routing.RouteObserver}, so that the lower layers import no metrics library.
 */
package io.agentmesh.admin.metrics;
