package dev.accel.ipfs.rpc;

/** What {@code version} says: the implementation's version, commit and repo version (empty when not given). */
public record NodeVersion(String version, String commit, String repo, String system) {
}
