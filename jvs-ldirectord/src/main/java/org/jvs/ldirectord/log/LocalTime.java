package org.jvs.ldirectord.log;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Perl's {@code scalar localtime}: "Thu Sep  9 07:05:03 2021", the stamp of ldirectord's log lines. Stateless. */
public final class LocalTime {
    private static final DateTimeFormatter PERL = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ENGLISH);

    private LocalTime() {
    }

    /** The clock's current local time in Perl's format. */
    public static String now(Clock clock) {
        return PERL.format(ZonedDateTime.now(clock));
    }
}
