package org.jvs.heartbeat.config;

import java.util.List;

/**
 * One haresources line: the preferred node and its resources, started left to right and stopped
 * right to left. Commands address the group by its key, the first resource as written. Immutable.
 *
 * @param node      the preferred node, lower-cased
 * @param resources the resources in line order (at least one)
 * @param line      the line number where the group starts
 */
public record ResourceGroup(String node, List<ResourceSpec> resources, int line) {
    public ResourceGroup {
        resources = List.copyOf(resources);
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("a resource group needs at least one resource");
        }
    }

    /** The group key: its first resource as written. */
    public String key() {
        return resources.get(0).text();
    }
}
