/**
 * Trustless HTTP gateways: {@link dev.accel.ipfs.gateway.GatewayClient} fetches verified blocks and CARs
 * from one or more gateways, {@link dev.accel.ipfs.gateway.GatewayServer} serves the local store as a
 * read-only trustless gateway ({@code application/vnd.ipld.raw}, {@code application/vnd.ipld.car}).
 */
package dev.accel.ipfs.gateway;
