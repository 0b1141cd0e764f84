/**
 * Tracing of the node (docs/operations.md, "Tracing"): {@link io.agentmesh.admin.tracing.OpenTelemetryTracing}
 * implements the router's {@link io.agentmesh.routing.HopTracing} with the OpenTelemetry API that MicroProfile
 * Telemetry gives the application, so that the lower layers import no tracing library.
 */
package io.agentmesh.admin.tracing;
