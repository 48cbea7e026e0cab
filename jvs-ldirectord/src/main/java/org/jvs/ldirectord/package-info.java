/**
 * ldirectord for jvs: reads ldirectord.cf with the real grammar ({@link org.jvs.ldirectord.config}),
 * health-checks real servers concurrently ({@link org.jvs.ldirectord.check}), keeps the director's
 * table true with the real state machine and log texts ({@link org.jvs.ldirectord.state} over
 * {@link org.jvs.ldirectord.table}), and sends alerts ({@link org.jvs.ldirectord.alert}). The
 * command is {@link org.jvs.ldirectord.Ldirectord}.
 *
 * <p>Where jvs deliberately differs from ldirectord 4.x (resource-agents), and why:
 * <ul>
 *   <li>Checks run concurrently, each on its own schedule, instead of one after another; with
 *       {@code fork=yes} each virtual service keeps its own {@code checkinterval} (no processes).
 *       After the full pass at start or reload the next checks are spread over one interval, so
 *       thousands of real servers are not all checked in the same millisecond; the second check of
 *       a server may therefore come up to two intervals after the first.</li>
 *   <li>An HTTP check that times out is down; ldirectord returns without changing the state when
 *       its alarm fires, so a hung web server is never taken out.</li>
 *   <li>pop without login requires the +OK greeting; ldirectord reports any POP server up then.</li>
 *   <li>ftp with an empty receive is down unless the transfer started (Perl's empty pattern
 *       repeats the last successful match, which makes the real result unpredictable).</li>
 *   <li>A failure of a real server listed in several virtual services counts once per round, not
 *       once per virtual service.</li>
 *   <li>A receive pattern Java cannot compile, or an unknown schedflags word, is a configuration
 *       error instead of a failure at run time.</li>
 *   <li>oracle checks are down with a message (no TNS client); external-perl runs the script with
 *       {@code perl}; SQL queries run once, not twice; LDAP, MySQL and PostgreSQL speak without TLS.</li>
 *   <li>{@code execute=} is parsed but other instances are not started; a changed {@code logfile}
 *       takes effect at the next start, not on reload.</li>
 *   <li>No daemonising, a PID file in every mode; see {@link org.jvs.ldirectord.Ldirectord}.</li>
 * </ul>
 */
package org.jvs.ldirectord;
