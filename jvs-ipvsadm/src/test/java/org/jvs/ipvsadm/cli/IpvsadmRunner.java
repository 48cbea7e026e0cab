package org.jvs.ipvsadm.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.jvs.ipvsadm.control.InMemoryIpvsControl;
import org.jvs.ipvsadm.control.IpvsControl;

/** Runs ipvsadm command lines against one in-memory director and captures what they print. */
final class IpvsadmRunner {
    final InMemoryIpvsControl director = new InMemoryIpvsControl();
    final FakeNameResolver names = new FakeNameResolver();
    private Supplier<IpvsControl> control = () -> director;
    int connects;

    record Result(int status, String out, String err) {
    }

    IpvsadmRunner withControl(Supplier<IpvsControl> supplier) {
        this.control = supplier;
        return this;
    }

    /** {@code ipvsadm} followed by the words of {@code line} (split on spaces). */
    Result run(String line) {
        return run(line, "");
    }

    Result run(String line, String stdin) {
        String[] args = line.isBlank() ? new String[0] : line.trim().split(" +");
        return runArgs(stdin, args);
    }

    Result runArgs(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Supplier<IpvsControl> counting = () -> {
            connects++;
            return control.get();
        };
        int status = new Ipvsadm("ipvsadm", new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                counting, names, false).run(args);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs a command that must succeed silently. */
    void ok(String line) {
        Result r = run(line);
        if (r.status() != 0 || !r.err().isEmpty()) {
            throw new AssertionError("ipvsadm " + line + " -> " + r);
        }
    }
}
