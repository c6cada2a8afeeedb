package motor.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressRangesTest {

    private static boolean trusts(AddressRanges trusted, String address) {
        return trusted.contains((java.net.SocketAddress) new InetSocketAddress(address, 80));
    }

    @Test
    void rangesMatchByPrefixInBothFamilies() {
        AddressRanges trusted = AddressRanges.parse(List.of("10.0.0.0/8", "192.168.1.7", "2001:db8::/32", "172.16.0.0/12"));
        assertTrue(trusts(trusted, "10.255.3.4"));
        assertFalse(trusts(trusted, "11.0.0.1"));
        assertTrue(trusts(trusted, "192.168.1.7"));
        assertFalse(trusts(trusted, "192.168.1.8"));
        assertTrue(trusts(trusted, "2001:db8:ffff::1"));
        assertFalse(trusts(trusted, "2001:db9::1"));
        assertTrue(trusts(trusted, "172.31.255.255"));
        assertFalse(trusts(trusted, "172.32.0.0"));
        // an IPv4-mapped IPv6 peer is its IPv4 address
        assertTrue(trusts(trusted, "::ffff:10.1.2.3"));
    }

    @Test
    void wordsStandForTheUsualRanges() {
        AddressRanges trusted = AddressRanges.parse(List.of("loopback", "private"));
        assertTrue(trusts(trusted, "127.0.0.1"));
        assertTrue(trusts(trusted, "127.8.9.10"));
        assertTrue(trusts(trusted, "::1"));
        assertTrue(trusts(trusted, "fd00::5"));
        assertTrue(trusts(trusted, "192.168.0.1"));
        assertFalse(trusts(trusted, "8.8.8.8"));
        assertFalse(trusted.contains(UnixDomainSocketAddress.of("/tmp/x.sock")));
        assertTrue(AddressRanges.parse(List.of("unix")).contains(UnixDomainSocketAddress.of("/tmp/x.sock")));
        assertFalse(AddressRanges.parse(List.of("unix")).contains(new InetSocketAddress("127.0.0.1", 1)));
    }

    @Test
    void oddPrefixLengthsMaskInsideAByte() {
        AddressRanges trusted = AddressRanges.parse(List.of("203.0.113.64/27"));
        assertTrue(trusts(trusted, "203.0.113.64"));
        assertTrue(trusts(trusted, "203.0.113.95"));
        assertFalse(trusts(trusted, "203.0.113.96"));
        assertFalse(trusts(trusted, "203.0.113.63"));
        assertTrue(trusts(AddressRanges.parse(List.of("0.0.0.0/0")), "1.2.3.4"));
        assertTrue(trusts(AddressRanges.parse(List.of("::ffff:10.0.0.0/104")), "10.9.9.9"));
    }

    @Test
    void badEntriesAreRefusedWithTheEntryNamed() {
        for (String bad : List.of("proxy.example.com", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/x", "", "1.2.3.4/-1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AddressRanges.parse(List.of(bad)));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertTrue(AddressRanges.parse(List.of()).isEmpty());
        assertEquals(false, AddressRanges.parse(List.of("unix")).isEmpty());
    }
}
