package org.jvs.drbd.config;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole drbd.conf after includes: the global section, common's options and the resources in the
 * order they were read. Built once by {@link ConfigParser}, never changed. Immutable; thread-safe.
 *
 * @param file      the top-level file
 * @param global    the global section
 * @param hasCommon whether a {@code common} section was written
 * @param common    common's option sections
 * @param resources the resources in file order
 */
public record DrbdConfig(String file, GlobalConfig global, boolean hasCommon, Map<Section, Options> common,
                         List<ResourceConfig> resources) {

    /** Copies the collections. */
    public DrbdConfig {
        Map<Section, Options> all = new EnumMap<>(Section.class);
        for (Section s : Section.values()) {
            all.put(s, common.getOrDefault(s, Options.EMPTY));
        }
        common = Map.copyOf(all);
        resources = List.copyOf(resources);
    }

    /** The resource called {@code name}. */
    public Optional<ResourceConfig> resource(String name) {
        return resources.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The resources that have an {@code on} section for {@code hostname}. */
    public List<ResourceConfig> resourcesOn(String hostname) {
        return resources.stream().filter(r -> r.host(hostname).isPresent()).toList();
    }
}
