package motor.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressLiteralTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "127.0.0.1", "255.255.255.255", "10.1.20.200", "::", "::1", "1::",
        "2001:db8::1", "2001:DB8:0:0:8:800:200C:417A", "fe80::1:2:3:4", "::ffff:192.0.2.128", "1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1::8", "64:ff9b::192.0.2.33", "1:2:3:4:5:6:1.2.3.4"})
    void parsesWhatTheJdkParses(String literal) throws Exception {
        // InetAddress.getByName does no lookup for literals, so it is a fair oracle here
        byte[] expected = InetAddress.getByName(literal).getAddress();
        byte[] actual = AddressRanges.parseLiteral(literal);
        if (expected.length == 4 && actual.length == 16) {
            actual = AddressRanges.canonical(actual);
        }
        assertArrayEquals(expected, actual, literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.04", "1..2.3", "1.2.3.4 ",
        " 1.2.3.4", "a.b.c.d", "localhost", "example.com", ":::", "1:::2", "1::2::3", ":1::", "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "12345::", "1:2:3:4:5:6:7", "1:", "g::1", "::1.2.3",
        "::1.2.3.256", "1.2.3.4::", "[::1]", "fe80::1%eth0", "1:2:3:4:5:6:7:1.2.3.4", "0x7f.0.0.1", "1.2.3.-1"})
    void refusesEverythingElse(String text) {
        assertNull(AddressRanges.parseLiteral(text), text);
    }
}
