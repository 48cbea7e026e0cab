package org.jvs.drbd.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The options of one section in the order they were written (drbdadm dump keeps that order);
 * names are canonical (aliases resolved). A later duplicate replaces nothing: lookups return the
 * last one written, as drbdsetup would apply them in order. Immutable; thread-safe.
 */
public record Options(List<Option> list) {
    /** No options. */
    public static final Options EMPTY = new Options(List.of());

    /** One option as written: its canonical name and its value ("yes" for a bare flag). */
    public record Option(String name, String value) {
    }

    /** Copies the list. */
    public Options {
        list = List.copyOf(list);
    }

    /** The value of {@code name}, the last one written. */
    public Optional<String> get(String name) {
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i).name().equals(name)) {
                return Optional.of(list.get(i).value());
            }
        }
        return Optional.empty();
    }

    /** Whether there are none. */
    public boolean isEmpty() {
        return list.isEmpty();
    }

    /** These options followed by {@code more}. */
    public Options plus(Options more) {
        List<Option> all = new ArrayList<>(list);
        all.addAll(more.list);
        return new Options(all);
    }

    /**
     * The options a resource ends up with: {@code inherited} (from {@code common}) for every name this
     * section does not set itself, then this section's own options.
     */
    public Options over(Options inherited) {
        List<Option> all = new ArrayList<>();
        for (Option o : inherited.list) {
            if (get(o.name()).isEmpty()) {
                all.add(o);
            }
        }
        all.addAll(list);
        return new Options(all);
    }
}
