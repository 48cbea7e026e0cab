package org.jvs.heartbeat.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.jvs.heartbeat.auth.AuthKey;
import org.jvs.heartbeat.auth.AuthKeys;
import org.jvs.heartbeat.auth.AuthMethod;
import org.jvs.heartbeat.config.MessageFormat;

class WireCodecPropertiesTest {
    private static final WireCodec CODEC = new WireCodec(
            new AuthKeys(Map.of(5, new AuthKey(5, AuthMethod.SHA1, "k3y")), 5));

    @Provide
    Arbitrary<Message> messages() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMinLength(1)
                .ofMaxLength(12).filter(n -> !n.equals("auth"));
        // Classic strings cannot hold NUL, and byte 19 stands for a newline there.
        Arbitrary<String> values = Arbitraries.strings().withCharRange((char) 1, (char) 255)
                .excludeChars((char) 19).ofMaxLength(40);
        Arbitrary<Field> strings = Combinators.combine(names, values).as(Field::string);
        Arbitrary<Field> binaries = Combinators.combine(names, Arbitraries.bytes().array(byte[].class).ofMaxSize(24))
                .as(Field::binary);
        return Arbitraries.oneOf(strings, binaries).list().ofMinSize(1).ofMaxSize(20).map(Message::of);
    }

    @Property(tries = 300)
    void everyMessageSurvivesARoundTripInBothFormats(@ForAll("messages") Message m) {
        for (MessageFormat f : MessageFormat.values()) {
            byte[] out = CODEC.encode(m, f);
            Decoded d = CODEC.decode(out, 0, out.length);
            assertThat(d).isInstanceOf(Decoded.Accepted.class);
            Message back = ((Decoded.Accepted) d).message();
            assertThat(back.without("auth")).isEqualTo(m);
        }
    }

    @Property(tries = 300)
    void flippingAnyByteNeverYieldsADifferentAcceptedMessage(@ForAll("messages") Message m,
                                                               @ForAll @IntRange(min = 0, max = 100000) int where,
                                                               @ForAll @IntRange(min = 1, max = 255) int mask) {
        for (MessageFormat f : MessageFormat.values()) {
            byte[] out = CODEC.encode(m, f);
            int i = where % out.length;
            out[i] ^= (byte) mask;
            Decoded d = CODEC.decode(out, 0, out.length);
            if (d instanceof Decoded.Accepted a) {
                // Only bytes outside what is authenticated may change (the digest's own hex case, say).
                assertThat(a.message().without("auth")).isEqualTo(m);
            }
        }
    }

    @Property(tries = 500)
    void arbitraryBytesAreRejectedWithoutException(@ForAll byte[] junk) {
        List<byte[]> inputs = new ArrayList<>();
        inputs.add(junk);
        inputs.add(concat(">>>\n", junk));
        inputs.add(concat("###\n", junk));
        for (byte[] in : inputs) {
            assertThat(CODEC.decode(in, 0, in.length)).isInstanceOf(Decoded.Rejected.class);
        }
    }

    private static byte[] concat(String prefix, byte[] rest) {
        byte[] p = prefix.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] out = new byte[p.length + rest.length];
        System.arraycopy(p, 0, out, 0, p.length);
        System.arraycopy(rest, 0, out, p.length, rest.length);
        return out;
    }
}
