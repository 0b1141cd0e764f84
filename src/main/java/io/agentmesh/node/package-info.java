/**
 * The composition root: the configuration (the catalogue of keys {@code ConfigKeys}, parsed by
 * {@code ConfigReader} into {@code MeshConfig}, each layer's settings built once; read from MicroProfile
 * Config by {@code MeshConfigLoader} alone), the wiring that hands each layer its settings and plain
 * parts through CDI, and the node's ordered start and stop ({@code NodeStartup}). Only this package
 * reads MicroProfile Config; it may depend on every package below it, and only {@code admin} depends on it.
 */
package io.agentmesh.node;
