package org.jvs.ipvs.sched;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The registry of IPVS schedulers by the names ipvsadm uses ({@code -s rr}, ...), in the order of
 * ipvsadm's list plus {@code twos}. Each call creates a fresh instance: a scheduler instance
 * belongs to one virtual service. Stateless and thread-safe.
 */
public final class Schedulers {
    /** The scheduler a service gets when {@code -s} is not given. */
    public static final String DEFAULT = "wlc";

    private static final List<String> NAMES =
            List.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos");

    private Schedulers() {
    }

    /** A new scheduler called {@code name}, or null when there is none (the table answers ENOENT). */
    public static Scheduler create(String name) {
        return create(name, RandomGenerator.getDefault());
    }

    /** As {@link #create(String)}; {@code twos} draws from {@code random}. */
    public static Scheduler create(String name, RandomGenerator random) {
        if (name == null) {
            return null;
        }
        return switch (name) {
            case "rr" -> new RoundRobinScheduler();
            case "wrr" -> new WeightedRoundRobinScheduler();
            case "lc" -> new LeastConnectionScheduler();
            case "wlc" -> new WeightedLeastConnectionScheduler();
            case "lblc" -> new LocalityBasedLeastConnectionScheduler();
            case "lblcr" -> new LocalityBasedLeastConnectionWithReplicationScheduler();
            case "dh" -> new DestinationHashingScheduler();
            case "sh" -> new SourceHashingScheduler();
            case "sed" -> new ShortestExpectedDelayScheduler();
            case "nq" -> new NeverQueueScheduler();
            case "fo" -> new WeightedFailoverScheduler();
            case "ovf" -> new WeightedOverflowScheduler();
            case "mh" -> new MaglevHashingScheduler();
            case "twos" -> new TwoRandomChoicesScheduler(random);
            default -> null;
        };
    }

    /** Whether a scheduler called {@code name} exists. */
    public static boolean exists(String name) {
        return NAMES.contains(name);
    }

    /** All scheduler names. */
    public static List<String> names() {
        return NAMES;
    }
}
