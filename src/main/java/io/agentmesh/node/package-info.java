/**
 * The composition root: the one configuration bean ({@code MeshConfig}, every {@code mesh.*} key), the
 * wiring that builds each layer's settings and plain parts and hands them to CDI, and the node's ordered
 * start and stop ({@code NodeStartup}). Only this package reads MicroProfile Config; it may depend on
 * every package below it, and only {@code admin} depends on it.
 */
package io.agentmesh.node;
