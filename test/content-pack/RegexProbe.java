// Runs Graylog's regex extractor semantics on stdin cases (used by extractors.test.ts):
// Pattern.compile(regex, Pattern.DOTALL), Matcher.find(), capture group 1 — as
// graylog2-server RegexExtractor.run(); a STRING condition is a substring test, REGEX a find().
// Each input line: base64(regex) TAB base64(value) [TAB base64(contains-condition)].
// Each output line: "-" (no result) or "=" + base64(group 1).
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class RegexProbe {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Base64.Decoder dec = Base64.getDecoder();
        Base64.Encoder enc = Base64.getEncoder();
        StringBuilder out = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) continue;
            String[] parts = line.split("\t", -1);
            String regex = new String(dec.decode(parts[0]), StandardCharsets.UTF_8);
            String value = new String(dec.decode(parts[1]), StandardCharsets.UTF_8);
            if (parts.length > 2) {
                String contains = new String(dec.decode(parts[2]), StandardCharsets.UTF_8);
                if (!value.contains(contains)) { out.append("-\n"); continue; }
            }
            Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(value);
            if (!m.find() || m.groupCount() == 0 || m.start(1) == -1) { out.append("-\n"); continue; }
            String group = value.substring(m.start(1), m.end(1));
            out.append('=').append(enc.encodeToString(group.getBytes(StandardCharsets.UTF_8))).append('\n');
        }
        System.out.print(out);
    }
}
