package org.jvs.heartbeat.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads haresources as ResourceManager's {@code ipres} does: {@code #} comments removed, lines
 * ending in a backslash joined with the next, blanks collapsed, the node name lower-cased; then
 * heartbeat's start-up check that every line names a cluster node. Stateless.
 */
public final class HaResourcesParser {

    /** Parses {@code file}; {@code nodes} are the cluster's node names from ha.cf. */
    public HaResources parse(Path file, List<String> nodes) throws IOException, ConfigException {
        return parse(file, Files.readAllLines(file, StandardCharsets.ISO_8859_1), nodes);
    }

    /** Parses the given lines as if read from {@code file}. */
    public HaResources parse(Path file, List<String> lines, List<String> nodes) throws ConfigException {
        Problems problems = new Problems(file);
        List<ResourceGroup> groups = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        StringBuilder logical = new StringBuilder();
        int startLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            int hash = text.indexOf('#');
            if (hash >= 0) {
                text = text.substring(0, hash);
            }
            if (logical.isEmpty()) {
                startLine = i + 1;
            }
            if (text.endsWith("\\")) {
                logical.append(text, 0, text.length() - 1).append(' ');
                continue;
            }
            logical.append(text);
            String joined = logical.toString().strip();
            logical.setLength(0);
            if (joined.isEmpty()) {
                continue;
            }
            String[] words = joined.split("\\s+");
            String node = words[0].toLowerCase(Locale.ROOT);
            if (!nodes.contains(node)) {
                problems.add(startLine, "Bad nodename in " + file + " [" + words[0] + "]");
                continue;
            }
            if (words.length < 2) {
                problems.add(startLine, "node " + words[0] + " has no resources");
                continue;
            }
            List<ResourceSpec> resources = new ArrayList<>();
            for (int w = 1; w < words.length; w++) {
                resources.add(ResourceSpec.parse(words[w]));
            }
            ResourceGroup group = new ResourceGroup(node, resources, startLine);
            if (!keys.add(group.key())) {
                problems.add(startLine, "resource group [" + group.key() + "] is listed twice");
                continue;
            }
            groups.add(group);
        }
        problems.throwIfAny();
        return new HaResources(file, groups);
    }
}
