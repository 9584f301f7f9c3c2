/**
 * Internal: the snapshot file format ({@code docs/snapshot-format.md}) behind
 * {@link org.jtracemalloc.Snapshot#dump} and {@link org.jtracemalloc.Snapshot#load}. Not an API:
 * what users see of it is {@link org.jtracemalloc.CorruptSnapshotException}, the
 * {@code IOException} that {@code load} throws for a damaged or hostile file.
 */
package org.jtracemalloc.format;
