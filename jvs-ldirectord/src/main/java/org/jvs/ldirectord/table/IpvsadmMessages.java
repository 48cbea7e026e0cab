package org.jvs.ldirectord.table;

import org.jvs.ipvs.Errno;

/** ipvsadm's per-operation texts for kernel errnos ({@code ipvs_strerror}). Stateless. */
public final class IpvsadmMessages {
    /** The table operations whose errors ipvsadm words differently. */
    public enum Operation { ADD_SERVICE, EDIT_SERVICE, DELETE_SERVICE, ADD_DEST, EDIT_DEST, DELETE_DEST }

    private IpvsadmMessages() {
    }

    /** The message ipvsadm prints when {@code op} fails with {@code errno}. */
    public static String of(Operation op, Errno errno) {
        return switch (errno) {
            case EEXIST -> op == Operation.ADD_SERVICE ? "Service already exists"
                    : op == Operation.ADD_DEST ? "Destination already exists" : "File exists";
            case ENOENT -> switch (op) {
                case ADD_SERVICE, EDIT_SERVICE -> "Scheduler or persistence engine not found";
                case EDIT_DEST, DELETE_DEST -> "No such destination";
                default -> "No such file or directory";
            };
            case ESRCH -> switch (op) {
                case ADD_DEST, EDIT_DEST, DELETE_DEST -> "Service not defined";
                default -> "No such service";
            };
            case EINVAL -> "Invalid argument";
            case ERANGE -> "Numerical result out of range";
            case EPERM -> "Operation not permitted";
            case ENOMEM -> "Cannot allocate memory";
            case ENODEV -> "No such device";
            case EMSGSIZE -> "Message too long";
            case ENOPROTOOPT -> "Protocol not available";
            case EOPNOTSUPP -> "Operation not supported";
            case EAFNOSUPPORT -> "Address family not supported by protocol";
        };
    }
}
