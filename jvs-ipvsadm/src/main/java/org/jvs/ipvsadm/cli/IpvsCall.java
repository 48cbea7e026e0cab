package org.jvs.ipvsadm.cli;

import org.jvs.ipvs.Errno;

/**
 * The libipvs call that failed, which decides the text ipvsadm prints for an errno
 * (ipvs_strerror): first the call's own messages, then the messages for every call, then the C
 * library's strerror.
 */
enum IpvsCall {
    INIT,
    ADD_SERVICE,
    UPDATE_SERVICE,
    DEL_SERVICE,
    ZERO_SERVICE,
    FLUSH,
    ADD_DEST,
    UPDATE_DEST,
    DEL_DEST,
    SET_TIMEOUT,
    START_DAEMON,
    STOP_DAEMON,
    GET_SERVICES,
    GET_SERVICE,
    GET_TIMEOUT,
    GET_DAEMON,
    GET_CONNECTIONS;

    /** What ipvsadm prints when this call fails with {@code errno}. */
    String message(Errno errno) {
        String own = switch (this) {
            case ADD_SERVICE -> switch (errno) {
                case EEXIST -> "Service already exists";
                case ENOENT -> "Scheduler or persistence engine not found";
                default -> null;
            };
            case UPDATE_SERVICE -> switch (errno) {
                case ESRCH -> "No such service";
                case ENOENT -> "Scheduler or persistence engine not found";
                default -> null;
            };
            case DEL_SERVICE, ZERO_SERVICE, GET_SERVICES, GET_SERVICE -> errno == Errno.ESRCH ? "No such service" : null;
            case ADD_DEST -> switch (errno) {
                case ESRCH -> "Service not defined";
                case EEXIST -> "Destination already exists";
                default -> null;
            };
            case UPDATE_DEST, DEL_DEST -> switch (errno) {
                case ESRCH -> "Service not defined";
                case ENOENT -> "No such destination";
                default -> null;
            };
            case START_DAEMON -> errno == Errno.EEXIST ? "Daemon has already run" : null;
            case STOP_DAEMON -> errno == Errno.ESRCH ? "No daemon is running" : null;
            default -> null;
        };
        if (own != null) {
            return own;
        }
        return switch (errno) {
            case EPERM -> "Permission denied (you must be root)";
            case EINVAL -> "Invalid operation.  Possibly wrong module version, address not unicast, ...";
            case ENOPROTOOPT -> "Protocol not available";
            case ENOMEM -> "Memory allocation problem";
            case EOPNOTSUPP -> "Operation not supported with IPv6";
            case EAFNOSUPPORT -> "Operation not supported with specified address family";
            case EMSGSIZE -> "Module is wrong version";
            default -> strerror(errno);
        };
    }

    /** glibc's strerror text. */
    static String strerror(Errno errno) {
        return switch (errno) {
            case EPERM -> "Operation not permitted";
            case ENOENT -> "No such file or directory";
            case ESRCH -> "No such process";
            case ENOMEM -> "Cannot allocate memory";
            case ENODEV -> "No such device";
            case EEXIST -> "File exists";
            case EINVAL -> "Invalid argument";
            case ERANGE -> "Numerical result out of range";
            case EMSGSIZE -> "Message too long";
            case ENOPROTOOPT -> "Protocol not available";
            case EOPNOTSUPP -> "Operation not supported";
            case EAFNOSUPPORT -> "Address family not supported by protocol";
        };
    }
}
