import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;

/**
 * Writes one PKCS12 keystore entry as PEM: its private key (PKCS#8, unencrypted) and its certificate
 * chain. keytool makes certificates but cannot export a private key, and Node's TLS wants PEM.
 * Run with Java's single-file launcher: java PemExport.java store.p12 password alias key.pem chain.pem
 */
public class PemExport {
  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: java PemExport.java <store.p12> <password> <alias> <key.pem> <chain.pem>");
      System.exit(2);
    }
    char[] password = args[1].toCharArray();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(args[0])) {
      store.load(in, password);
    }
    Key key = store.getKey(args[2], password);
    Files.writeString(Path.of(args[3]), pem("PRIVATE KEY", key.getEncoded()));
    StringBuilder chain = new StringBuilder();
    for (Certificate certificate : store.getCertificateChain(args[2])) chain.append(pem("CERTIFICATE", certificate.getEncoded()));
    Files.writeString(Path.of(args[4]), chain.toString());
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
