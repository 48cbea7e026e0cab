package org.jvs.ipvsadm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jvs.ipvs.Errno;
import org.jvs.ipvs.IpvsException;
import org.jvs.ipvsadm.control.DirectorUnavailableException;
import org.jvs.ipvsadm.control.IpvsControl;
import org.jvs.ipvsadm.control.IpvsInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The director's refusals as ipvsadm reports them: per-call messages and exit statuses. */
class DirectorErrorsTest {
    private final IpvsadmRunner ipvsadm = new IpvsadmRunner();

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("-A -t 10.0.0.1:80", "Service already exists"),
                Arguments.of("-E -t 10.0.0.2:80", "No such service"),
                Arguments.of("-D -t 10.0.0.2:80", "No such service"),
                Arguments.of("-Z -t 10.0.0.2:80", "No such service"),
                Arguments.of("-a -t 10.0.0.2:80 -r 10.1.1.1", "Service not defined"),
                Arguments.of("-e -t 10.0.0.2:80 -r 10.1.1.1", "Service not defined"),
                Arguments.of("-d -t 10.0.0.2:80 -r 10.1.1.1", "Service not defined"),
                Arguments.of("-a -t 10.0.0.1:80 -r 10.1.1.1", "Destination already exists"),
                Arguments.of("-e -t 10.0.0.1:80 -r 10.1.1.9", "No such destination"),
                Arguments.of("-d -t 10.0.0.1:80 -r 10.1.1.9", "No such destination"),
                Arguments.of("-A -t 10.0.0.3:80 -s nosuch", "Scheduler or persistence engine not found"),
                Arguments.of("-A -t 10.0.0.3:80 -p --pe nosuch", "Scheduler or persistence engine not found"),
                Arguments.of("-E -t 10.0.0.1:80 -s nosuch", "Scheduler or persistence engine not found"),
                Arguments.of("-a -t 10.0.0.1:80 -r 10.1.1.2 -y 10", "Numerical result out of range"),
                Arguments.of("--start-daemon master", "Daemon has already run"),
                Arguments.of("--stop-daemon backup", "No daemon is running"));
    }

    @ParameterizedTest(name = "ipvsadm {0}")
    @MethodSource("refusals")
    void refusedChangePrintsTheCallsMessageAndExits255(String line, String message) {
        ipvsadm.ok("-A -t 10.0.0.1:80");
        ipvsadm.ok("-a -t 10.0.0.1:80 -r 10.1.1.1");
        ipvsadm.ok("--start-daemon master");
        IpvsadmRunner.Result r = ipvsadm.run(line);
        assertThat(r.err()).isEqualTo(message + "\n");
        assertThat(r.status()).isEqualTo(255);
        assertThat(r.out()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Errno.class)
    void everyErrnoHasIpvsadmsGenericText(Errno errno) {
        String expected = switch (errno) {
            case EPERM -> "Permission denied (you must be root)";
            case EINVAL -> "Invalid operation.  Possibly wrong module version, address not unicast, ...";
            case ENOPROTOOPT -> "Protocol not available";
            case ENOMEM -> "Memory allocation problem";
            case EOPNOTSUPP -> "Operation not supported with IPv6";
            case EAFNOSUPPORT -> "Operation not supported with specified address family";
            case EMSGSIZE -> "Module is wrong version";
            case ENOENT -> "No such file or directory";
            case ESRCH -> "No such process";
            case EEXIST -> "File exists";
            case ERANGE -> "Numerical result out of range";
            case ENODEV -> "No such device";
        };
        IpvsadmRunner.Result r = new IpvsadmRunner().withControl(() -> failing(errno)).run("-C");
        assertThat(r.err()).isEqualTo(expected + "\n");
        assertThat(r.status()).isEqualTo(255);
    }

    @Test
    void listingOfAMissingServicePrintsNothingButTheErrorAndExits1() {
        IpvsadmRunner.Result r = ipvsadm.run("-L -n -t 10.9.9.9:80");
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("No such service\n");
        assertThat(r.status()).isEqualTo(1);
    }

    @Test
    void failedFullListingKeepsTheVersionLineAndExits1() {
        IpvsadmRunner.Result r = new IpvsadmRunner().withControl(() -> failing(Errno.ESRCH)).run("-Ln");
        assertThat(r.out()).isEqualTo("IP Virtual Server version 1.2.1 (size=4096)\n");
        assertThat(r.err()).isEqualTo("No such service\n");
        assertThat(r.status()).isEqualTo(1);
    }

    @Test
    void failedTimeoutAndDaemonListingsExit1Silently() {
        IpvsadmRunner failingDirector = new IpvsadmRunner().withControl(() -> failing(Errno.EPERM));
        for (String line : List.of("-L --timeout", "-L --daemon")) {
            IpvsadmRunner.Result r = failingDirector.run(line);
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEmpty();
        }
    }

    @Test
    void failedConnectionListingPrintsTheErrorAndExits1() {
        IpvsadmRunner.Result r = new IpvsadmRunner().withControl(() -> failing(Errno.EPERM)).run("-Lnc");
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("Permission denied (you must be root)\n");
        assertThat(r.status()).isEqualTo(1);
    }

    @Test
    void unreachableDirectorIsReportedLikeAMissingKernelModule() {
        Path socket = Path.of("/run/jvs/director.sock");
        IpvsadmRunner.Result r = new IpvsadmRunner().withControl(() -> {
            throw new DirectorUnavailableException(socket,
                    "the jvs director is not running (tried " + socket + ": Connection refused)", null);
        }).run("-Ln");
        assertThat(r.err()).isEqualTo("Can't initialize ipvs: the jvs director is not running (tried "
                + "/run/jvs/director.sock: Connection refused)\nAre you sure that the jvs director is running?\n");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void directorRefusingTheVersionQueryCannotBeInitialised() {
        IpvsControl refusing = failing(Errno.EPERM, null);
        IpvsadmRunner.Result r = new IpvsadmRunner().withControl(() -> refusing).run("-C");
        assertThat(r.err()).isEqualTo("Can't initialize ipvs: Permission denied (you must be root)\n"
                + "Are you sure that the jvs director is running?\n");
        assertThat(r.status()).isEqualTo(2);
    }

    @Test
    void zeroWithoutServiceZeroesAllAndWithServiceOnlyThatOne() {
        ipvsadm.ok("-A -t 10.0.0.1:80");
        ipvsadm.ok("-Z");
        ipvsadm.ok("-Z -t 10.0.0.1:80");
        assertThat(ipvsadm.run("-Z -t 10.0.0.1:81").err()).isEqualTo("No such service\n");
        assertThat(ipvsadm.director.calls()).containsSubsequence("zero", "zero", "zero");
    }

    /** A director that knows its version but refuses everything else with {@code errno}. */
    static IpvsControl failing(Errno errno) {
        return failing(errno, new IpvsInfo(IpvsControl.VERSION_CODE, 4096));
    }

    private static IpvsControl failing(Errno errno, IpvsInfo info) {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getName().equals("info") && info != null) {
                return info;
            }
            throw new IpvsException(errno, "refused");
        };
        return (IpvsControl) Proxy.newProxyInstance(IpvsControl.class.getClassLoader(),
                new Class<?>[] {IpvsControl.class}, h);
    }
}
