package org.jvs.drbd.config;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code resource NAME { }}: its hosts, the option sections as written, and the options it
 * ends up with after inheriting from {@code common}. Immutable.
 *
 * @param name     the resource name
 * @param file     the file it was defined in
 * @param line     the line of the {@code resource} keyword
 * @param hosts    the {@code on} sections in file order
 * @param written  the option sections as written in the resource (syncer options already moved)
 * @param common   the option sections of {@code common}, inherited where the resource is silent
 */
public record ResourceConfig(String name, String file, int line, List<HostSection> hosts,
                             Map<Section, Options> written, Map<Section, Options> common) {

    /** Copies the collections. */
    public ResourceConfig {
        hosts = List.copyOf(hosts);
        written = Map.copyOf(fill(written));
        common = Map.copyOf(fill(common));
    }

    private static Map<Section, Options> fill(Map<Section, Options> m) {
        Map<Section, Options> all = new EnumMap<>(Section.class);
        for (Section s : Section.values()) {
            all.put(s, m.getOrDefault(s, Options.EMPTY));
        }
        return all;
    }

    /** The section {@code s} as the resource wrote it (without what common adds). */
    public Options own(Section s) {
        return written.get(s);
    }

    /** The options of section {@code s} in effect: the resource's own over common's. */
    public Options effective(Section s) {
        return written.get(s).over(common.get(s));
    }

    /** The {@code on} section for {@code hostname}, if this resource runs there. */
    public Optional<HostSection> host(String hostname) {
        return hosts.stream().filter(h -> h.isFor(hostname)).findFirst();
    }

    /** The first {@code on} section that is not {@code hostname}'s: the peer of a two-node resource. */
    public Optional<HostSection> peer(String hostname) {
        return hosts.stream().filter(h -> !h.isFor(hostname)).findFirst();
    }
}
