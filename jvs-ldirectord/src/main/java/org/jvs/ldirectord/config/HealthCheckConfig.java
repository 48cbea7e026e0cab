package org.jvs.ldirectord.config;

/**
 * How the real servers of one virtual service are checked, with every inherited value resolved:
 * timeouts follow ldirectord's fallback chains (checktimeout: virtual checktimeout, virtual
 * negotiatetimeout, global checktimeout, global negotiatetimeout, 5 s; negotiatetimeout: the same
 * with the two names swapped, then 30 s). Immutable.
 *
 * @param numConnects for {@link CheckType#COMBINED}: connect checks between negotiate checks
 * @param checkPort the configured {@code checkport}, or 0 when unset
 * @param request the request with its leading '/', as ldirectord stores it
 * @param receive the receive regular expression; empty matches anything where emptiness is allowed
 * @param virtualHost the HTTP Host header, or null for the real server's address
 * @param checkTimeoutSec timeout of connect, external, ping checks (seconds)
 * @param negotiateTimeoutSec timeout of negotiate checks (seconds)
 * @param checkCount ping attempts per check
 * @param failureCount consecutive failures before a real server is taken out
 */
public record HealthCheckConfig(CheckType type, int numConnects, ServiceType service, String checkCommand,
                                int checkPort, String request, String receive, String httpMethod,
                                String virtualHost, String login, String passwd, String database, String secret,
                                int checkTimeoutSec, int negotiateTimeoutSec, int checkCount, int failureCount) {
}
