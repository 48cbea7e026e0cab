package org.jvs.ipvsadm.cli;

import org.jvs.ipvs.service.TunnelType;

/**
 * ipvsadm's generic_opt_check and tunnel_opt_check: walks the options in bit order against the
 * command's (or tunnel type's) row and fails on the first required option missing, illegal option
 * present or second exclusive option, with ipvsadm's messages. Stateless apart from the output.
 */
final class LegalityCheck {
    private static final OptionBit[] TUNNEL_OPTIONS = {
        OptionBit.TUN_PORT, OptionBit.TUN_NOCSUM, OptionBit.TUN_CSUM, OptionBit.TUN_REMCSUM,
    };

    private final Output io;

    LegalityCheck(Output io) {
        this.io = io;
    }

    void command(Command command, long options) {
        OptionBit firstExclusive = null;
        for (OptionBit bit : OptionBit.values()) {
            char rule = command.legality(bit);
            firstExclusive = check(rule, bit, options, firstExclusive, command.label(), "command");
        }
    }

    void tunnel(TunnelType type, long options) {
        OptionBit firstExclusive = null;
        for (int i = 0; i < TUNNEL_OPTIONS.length; i++) {
            char rule = tunnelRule(type).charAt(i);
            firstExclusive = check(rule, TUNNEL_OPTIONS[i], options, firstExclusive, type.label(), "tunnel type");
        }
    }

    /** One cell of the table; returns the first exclusive option seen so far. */
    private OptionBit check(char rule, OptionBit bit, long options, OptionBit firstExclusive, String what, String kind) {
        if (!bit.in(options)) {
            if (rule == '+') {
                throw io.fail(2, "You need to supply the '" + bit.label() + "' option for the '" + what + "' " + kind);
            }
            return firstExclusive;
        }
        if (rule == 'x') {
            throw io.fail(2, "Illegal '" + bit.label() + "' option with the '" + what + "' " + kind);
        }
        if (rule == '1') {
            if (firstExclusive != null) {
                throw io.fail(2, "The option '" + bit.label() + "' conflicts with the '" + firstExclusive.label()
                        + "' option in the '" + what + "' " + kind);
            }
            return bit;
        }
        return firstExclusive;
    }

    /** tunnel_types_v_options: tun-port, tun-nocsum, tun-csum, tun-remcsum. */
    private static String tunnelRule(TunnelType type) {
        return switch (type) {
            case IPIP -> "xxxx";
            case GUE -> "+111";
            case GRE -> "x11x";
        };
    }
}
