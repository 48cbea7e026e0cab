package org.jvs.ldirectord.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.jvs.ldirectord.testing.Targets;
import org.jvs.ldirectord.testing.TcpResponder;
import org.jvs.ldirectord.testing.UdpResponder;

class TextProtocolChecksTest {
    final List<String> heard = new CopyOnWriteArrayList<>();

    TcpResponder smtp(String greeting, boolean ehlo) throws Exception {
        return new TcpResponder(p -> {
            p.write(greeting + "\r\n");
            for (String line = p.readLine(); line != null; line = p.readLine()) {
                heard.add(line);
                if (line.startsWith("EHLO")) {
                    p.write(ehlo ? "250-test.example\r\n250 8BITMIME\r\n" : "502 unknown\r\n");
                } else if (line.startsWith("HELO")) {
                    p.write("250 test.example\r\n");
                } else if (line.equals("QUIT")) {
                    p.write("221 bye\r\n");
                    return;
                }
            }
        });
    }

    @Test
    void smtpNeedsGreetingAndHello() throws Exception {
        try (TcpResponder s = smtp("220 test ESMTP", true)) {
            assertThat(CheckRunner.run(Targets.of(s.port(), "service=smtp")).up()).isTrue();
            assertThat(heard).containsExactly("EHLO localhost.localdomain", "QUIT");
        }
    }

    @Test
    void smtpFallsBackToHeloAndRefusesAnUnwillingServer() throws Exception {
        try (TcpResponder helo = smtp("220 old smtp", false); TcpResponder busy = smtp("554 go away", true)) {
            assertThat(CheckRunner.run(Targets.of(helo.port(), "service=submission")).up()).isTrue();
            assertThat(CheckRunner.run(Targets.of(busy.port(), "service=smtp")).up()).isFalse();
        }
    }

    TcpResponder pop(String greeting) throws Exception {
        return new TcpResponder(p -> {
            p.write(greeting + "\r\n");
            String user = null;
            for (String line = p.readLine(); line != null; line = p.readLine()) {
                heard.add(line);
                if (line.equals("CAPA")) {
                    p.write("+OK\r\nUSER\r\n.\r\n");
                } else if (line.startsWith("USER ")) {
                    user = line.substring(5);
                    p.write("+OK\r\n");
                } else if (line.startsWith("PASS ")) {
                    p.write("bob".equals(user) && line.equals("PASS secret") ? "+OK logged in\r\n" : "-ERR denied\r\n");
                } else if (line.startsWith("APOP ")) {
                    // md5("<1.2@test>" + "secret")
                    String digest = Digests.md5Hex("<1.2@test>secret");
                    p.write(line.equals("APOP bob " + digest) ? "+OK\r\n" : "-ERR\r\n");
                } else if (line.equals("STAT")) {
                    p.write("+OK 0 0\r\n");
                } else if (line.equals("QUIT")) {
                    p.write("+OK bye\r\n");
                    return;
                }
            }
        });
    }

    @Test
    void popWithoutLoginNeedsTheOkGreeting() throws Exception {
        try (TcpResponder ok = pop("+OK POP3 ready"); TcpResponder err = pop("-ERR not today")) {
            assertThat(CheckRunner.run(Targets.of(ok.port(), "service=pop")).up()).isTrue();
            assertThat(CheckRunner.run(Targets.of(err.port(), "service=pop")).up()).isFalse();
        }
    }

    @Test
    void popLoginMustSucceed() throws Exception {
        try (TcpResponder s = pop("+OK POP3 ready")) {
            assertThat(CheckRunner.run(Targets.of(s.port(), "service=pop\nlogin=\"bob\"\npasswd=\"secret\"")).up()).isTrue();
            assertThat(heard).containsSubsequence("USER bob", "PASS secret", "STAT");
            assertThat(CheckRunner.run(Targets.of(s.port(), "service=pop\nlogin=\"bob\"\npasswd=\"wrong\"")).up()).isFalse();
        }
    }

    @Test
    void popUsesApopWhenTheGreetingOffersIt() throws Exception {
        try (TcpResponder s = pop("+OK POP3 ready <1.2@test>")) {
            assertThat(CheckRunner.run(Targets.of(s.port(), "service=pop\nlogin=\"bob\"\npasswd=\"secret\"")).up()).isTrue();
            assertThat(heard.getFirst()).startsWith("APOP bob ");
        }
    }

    @Test
    void popsSpeaksTls() throws Exception {
        try (ServerSocket server = KeyStores.server().getServerSocketFactory().createServerSocket(0, 5,
                InetAddress.getByName("127.0.0.1"))) {
            Thread.ofVirtual().start(() -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.getOutputStream().write("+OK secure POP3\r\n".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    s.getInputStream().read();
                } catch (Exception e) {
                    // the check hangs up
                }
            });
            assertThat(CheckRunner.run(Targets.tls(server.getLocalPort(), "service=pops")).up()).isTrue();
        }
    }

    TcpResponder imap() throws Exception {
        return new TcpResponder(p -> {
            p.write("* OK IMAP4rev1 ready\r\n");
            for (String line = p.readLine(); line != null; line = p.readLine()) {
                heard.add(line);
                String tag = line.split(" ")[0];
                if (line.contains("LOGIN")) {
                    p.write(line.equals(tag + " LOGIN \"bob\" \"secret\"") ? tag + " OK LOGIN done\r\n" : tag + " NO bad\r\n");
                } else if (line.contains("LOGOUT")) {
                    p.write("* BYE\r\n" + tag + " OK\r\n");
                    return;
                }
            }
        });
    }

    @Test
    void imapGreetingAndLogin() throws Exception {
        try (TcpResponder s = imap()) {
            assertThat(CheckRunner.run(Targets.of(s.port(), "service=imap")).up()).isTrue();
            assertThat(CheckRunner.run(Targets.of(s.port(), "service=imap\nlogin=\"bob\"\npasswd=\"secret\"")).up()).isTrue();
            assertThat(CheckRunner.run(Targets.of(s.port(), "service=imap\nlogin=\"bob\"\npasswd=\"nope\"")).up()).isFalse();
        }
    }

    @Test
    void nntpWantsATwoHundredGreeting() throws Exception {
        try (TcpResponder ok = new TcpResponder(p -> p.write("200 news.example ready\r\n"));
             TcpResponder no = new TcpResponder(p -> p.write("502 no permission\r\n"));
             TcpResponder mute = new TcpResponder(p -> p.readAll())) {
            assertThat(CheckRunner.run(Targets.of(ok.port(), "service=nntp")).up()).isTrue();
            assertThat(CheckRunner.run(Targets.of(no.port(), "service=nntp")).up()).isFalse();
            assertThat(CheckRunner.run(Targets.of(mute.port(), "service=nntp")).up()).isFalse();
        }
    }

    @Test
    void ftpRetrievesTheRequestAndMatchesReceive() throws Exception {
        try (ServerSocket data = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
             TcpResponder ftp = new TcpResponder(p -> {
                 p.write("220 ftp ready\r\n");
                 for (String line = p.readLine(); line != null; line = p.readLine()) {
                     heard.add(line);
                     if (line.startsWith("USER")) {
                         p.write("331 password please\r\n");
                     } else if (line.startsWith("PASS")) {
                         p.write("230 in\r\n");
                     } else if (line.startsWith("CWD") || line.startsWith("TYPE")) {
                         p.write("250 ok\r\n");
                     } else if (line.equals("PASV")) {
                         int port = data.getLocalPort();
                         p.write("227 Entering Passive Mode (127,0,0,1," + (port >> 8) + "," + (port & 0xFF) + ")\r\n");
                     } else if (line.startsWith("RETR")) {
                         try (var d = data.accept()) {
                             p.write("150 here it comes\r\n");
                             d.getOutputStream().write("the file says OKAY\n".getBytes(StandardCharsets.US_ASCII));
                         }
                         p.write("226 done\r\n");
                     } else if (line.equals("QUIT")) {
                         p.write("221 bye\r\n");
                         return;
                     }
                 }
             })) {
            assertThat(CheckRunner.run(Targets.of(ftp.port(), "service=ftp\nrequest=\"check.txt\"\nreceive=\"OKAY\"")).up())
                    .isTrue();
            assertThat(heard).startsWith("USER anonymous", "PASS ldirectord@director1", "CWD /", "TYPE I", "PASV",
                    "RETR /check.txt");
            assertThat(CheckRunner.run(Targets.of(ftp.port(), "service=ftp\nrequest=\"check.txt\"\nreceive=\"MISSING\""))
                    .up()).isFalse();
        }
    }

    @Test
    void simpletcpSendsTheRequestAndWaitsForAMatchingLine() throws Exception {
        try (TcpResponder s = new TcpResponder(p -> {
            String req = new String(p.readAll(), StandardCharsets.US_ASCII);
            heard.add(req);
            p.write("hello\nstatus: " + (req.startsWith("PING\n") ? "ALIVE" : "confused") + "\n");
        })) {
            assertThat(CheckRunner.run(Targets.of(s.port(), "service=simpletcp\nrequest=\"PING\\n\"\nreceive=\"ALIVE\"")).up())
                    .isTrue();
            assertThat(heard).containsExactly("PING\n");
            assertThat(CheckRunner.run(Targets.of(s.port(), "service=simpletcp\nrequest=\"HUH\"\nreceive=\"ALIVE\"")).up())
                    .isFalse();
        }
    }

    @Test
    void sipOptionsOverUdpNeedsTwoHundredOk() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        try (UdpResponder ok = new UdpResponder(q -> {
            requests.add(new String(q, StandardCharsets.UTF_8));
            return "SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        }); UdpResponder nf = new UdpResponder(q -> "SIP/2.0 404 Not Found\r\n\r\n".getBytes(StandardCharsets.UTF_8))) {
            assertThat(CheckRunner.run(Targets.of(ok.port(), "service=sip\nprotocol=udp")).up()).isTrue();
            assertThat(requests.getFirst()).startsWith("OPTIONS sip:ldirectord@director1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:")
                    .contains("CSeq: 63104 OPTIONS\r\n", "From: <sip:ldirectord@director1>;tag=1928301774\r\n")
                    .endsWith("Content-Length: 0\r\n\r\n");
            assertThat(CheckRunner.run(Targets.of(nf.port(), "service=sip\nprotocol=udp")).up()).isFalse();
        }
    }

    @Test
    void connectCheckIsUpOnConnectAndDownOnRefusal() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
            assertThat(CheckRunner.run(Targets.of(closedPort, "checktype=connect")).up()).isTrue();
        }
        assertThat(CheckRunner.run(Targets.of(closedPort, "checktype=connect")).up()).isFalse();
    }

    @Test
    void noneIsAlwaysUpAndOracleSaysItIsUnsupported() throws Exception {
        assertThat(CheckRunner.run(Targets.of(1, "service=none")).up()).isTrue();
        assertThat(CheckRunner.run(Targets.of(1, "service=oracle\nlogin=\"a\"\nrequest=\"select 1\"")))
                .isEqualTo(CheckResult.down("oracle checks are not supported by jvs"));
    }
}
