package org.jvs.drbd.config;

import java.util.List;

/**
 * What one drbd.conf option accepts, with DRBD 8.4's limits ({@code linux/drbd_limits.h}). Numbers
 * carry a default unit ({@code scale}: '1' plain, 'k' KiB, 's' 512-byte sectors) and may be written
 * with a K, M, G or s suffix. Immutable.
 *
 * @param name    the keyword
 * @param section where it belongs (the syncer section's options are moved here)
 * @param type    how its value is read
 * @param scale   default unit of a number: '1', 'k' or 's'
 * @param min     smallest allowed number, in {@code scale} units
 * @param max     largest allowed number, in {@code scale} units
 * @param values  allowed words of an enumeration
 * @param checked whether drbdadm range-checks it while parsing
 */
public record OptionSpec(String name, Section section, Type type, char scale, long min, long max,
                         List<String> values, boolean checked) {

    /** How an option's value is read. */
    public enum Type {
        /** yes or no; a bare keyword means yes. */
        FLAG,
        /** A number with an optional unit suffix. */
        NUMBER,
        /** One of {@link #values()}. */
        ENUM,
        /** Any string (algorithm names, secrets, handler command lines). */
        STRING
    }

    static OptionSpec flag(String name, Section section) {
        return new OptionSpec(name, section, Type.FLAG, '1', 0, 0, List.of(), false);
    }

    static OptionSpec number(String name, Section section, char scale, long min, long max) {
        return new OptionSpec(name, section, Type.NUMBER, scale, min, max, List.of(), true);
    }

    /** A number drbdadm accepts unchecked (the kernel clamps it). */
    static OptionSpec lenientNumber(String name, Section section, char scale, long min, long max) {
        return new OptionSpec(name, section, Type.NUMBER, scale, min, max, List.of(), false);
    }

    static OptionSpec choice(String name, Section section, String... values) {
        return new OptionSpec(name, section, Type.ENUM, '1', 0, 0, List.of(values), true);
    }

    static OptionSpec string(String name, Section section) {
        return new OptionSpec(name, section, Type.STRING, '1', 0, 0, List.of(), false);
    }
}
