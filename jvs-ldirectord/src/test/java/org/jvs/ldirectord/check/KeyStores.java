package org.jvs.ldirectord.check;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** A self-signed server certificate made once per test run with the JDK's keytool. */
final class KeyStores {
    private static SSLContext server;

    private KeyStores() {
    }

    static synchronized SSLContext server() throws Exception {
        if (server == null) {
            Path dir = Files.createTempDirectory("ldirectord-tls");
            Path ks = dir.resolve("server.p12");
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            int rc = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
                    "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit", "-dname",
                    "CN=www.example.org", "-validity", "2").inheritIO().start().waitFor();
            if (rc != 0) {
                throw new IllegalStateException("keytool failed");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(ks)) {
                store.load(in, "changeit".toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, "changeit".toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            server = ctx;
        }
        return server;
    }
}
