package org.jvs.netio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ErrnoTest {

    @Test
    void namesLinuxErrnoValues() {
        assertThat(Errno.name(1)).isEqualTo("EPERM");
        assertThat(Errno.name(Errno.EAGAIN)).isEqualTo("EAGAIN");
        assertThat(Errno.name(Errno.EBUSY)).isEqualTo("EBUSY");
        assertThat(Errno.name(Errno.ENOBUFS)).isEqualTo("ENOBUFS");
        assertThat(Errno.name(131)).isEqualTo("ENOTRECOVERABLE");
        assertThat(Errno.name(133)).isEqualTo("EHWPOISON");
    }

    @Test
    void unknownNumbersAreNamedByValue() {
        assertThat(Errno.name(41)).isEqualTo("errno 41");
        assertThat(Errno.name(0)).isEqualTo("errno 0");
        assertThat(Errno.name(4095)).isEqualTo("errno 4095");
    }

    @Test
    void exceptionIsAnIoExceptionNamingOperationErrnoAndMessage() {
        ErrnoException e = new ErrnoException("TUNSETIFF bad/name", Errno.EINVAL);
        assertThat(e).isInstanceOf(IOException.class);
        assertThat(e.errno()).isEqualTo(22);
        assertThat(e.errnoName()).isEqualTo("EINVAL");
        assertThat(e.operation()).isEqualTo("TUNSETIFF bad/name");
        assertThat(e.getMessage()).isEqualTo("TUNSETIFF bad/name: EINVAL (22): Invalid argument");
    }

    @Test
    void interfaceLookupOfAMissingNameFailsWithEnodev() {
        ErrnoException e = org.junit.jupiter.api.Assertions.assertThrows(ErrnoException.class,
                () -> NetInterface.index("jvs-none-zz9"));
        assertThat(e.errno()).isEqualTo(Errno.ENODEV);
        assertThat(e.getMessage()).startsWith("if_nametoindex jvs-none-zz9: ENODEV (19): No such device");
    }

    @Test
    void loopbackExistsInEveryNamespace() throws IOException {
        assertThat(NetInterface.index("lo")).isPositive();
        assertThat(NetInterface.flags("lo") & NetInterface.IFF_LOOPBACK).isNotZero();
        assertThat(NetInterface.mtu("lo")).isPositive();
    }
}
