package motor.ext.forwarded.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.SplittableRandom;
import motor.spi.Headers;
import org.junit.jupiter.api.Test;

/** Hostile forwarding fields: never an exception, and a host is only ever a clean authority. */
class ResolverFuzzTest {

    private static final String ALPHABET = "for=proto=host=by=;,\"\\[]:._-0123456789abcdef ffff::1.2.3.4 unknown _x http";

    @Test
    void randomFieldValuesNeverThrowAndNeverYieldABadHost() {
        Resolver resolver = new Resolver(motor.spi.AddressRanges.parse(List.of("0.0.0.0/0", "::/0")),
                List.of(Resolver.Source.FORWARDED, Resolver.Source.X_FORWARDED));
        InetSocketAddress peer = new InetSocketAddress("10.0.0.1", 1);
        SplittableRandom random = new SplittableRandom(7239);
        for (int run = 0; run < 50_000; run++) {
            String value = random(random);
            Headers headers = switch (run % 3) {
                case 0 -> Headers.of("Forwarded", value);
                case 1 -> Headers.of("X-Forwarded-For", value, "X-Forwarded-Host", random(random),
                        "X-Forwarded-Port", random(random));
                default -> Headers.of("X-Forwarded-Host", value, "X-Forwarded-Proto", random(random));
            };
            try {
                Resolver.Result result = resolver.resolve(peer, headers);
                if (result.host() != null) {
                    assertTrue(result.host().chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ',' && c != ';'
                            && c != '"' && c != '\\' && c != '/' && c != '@'), result.host());
                }
                if (result.scheme() != null) {
                    assertTrue(result.scheme().equals("http") || result.scheme().equals("https"), result.scheme());
                }
            } catch (RuntimeException e) {
                fail("'" + value + "' threw " + e, e);
            }
        }
    }

    private static String random(SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(0, 40);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }
}
