package org.jvs.heartbeat.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The contents of haresources: resource groups with their preferred nodes, in file order. "Local"
 * groups are those whose preferred node is this node, "foreign" ones all others, as in heartbeat's
 * {@code ourkeys}/{@code otherkeys}. Immutable and thread-safe.
 */
public record HaResources(Path file, List<ResourceGroup> groups) {
    public HaResources {
        groups = List.copyOf(groups);
    }

    /** The groups preferring {@code node} ({@code ResourceManager listkeys node}). */
    public List<ResourceGroup> groupsOf(String node) {
        return groups.stream().filter(g -> g.node().equals(node)).toList();
    }

    /** The groups not preferring {@code node}. */
    public List<ResourceGroup> groupsNotOf(String node) {
        return groups.stream().filter(g -> !g.node().equals(node)).toList();
    }

    /** The group with this key. */
    public Optional<ResourceGroup> group(String key) {
        return groups.stream().filter(g -> g.key().equals(key)).findFirst();
    }
}
