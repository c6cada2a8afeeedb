package motor.core.internal.http1;

/** Character classes of RFC 9110 and RFC 3986 as lookup tables over bytes. */
final class Ascii {

    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte SP = ' ';
    static final byte HTAB = '\t';

    private static final boolean[] TCHAR = new boolean[256];
    private static final boolean[] FIELD_VALUE = new boolean[256];
    private static final boolean[] TARGET = new boolean[256];
    private static final boolean[] UNSAFE_TARGET = new boolean[256];
    private static final boolean[] REG_NAME = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
        // field-value: VCHAR, SP, HTAB and obs-text
        for (int c = 0x21; c <= 0x7e; c++) {
            FIELD_VALUE[c] = true;
        }
        for (int c = 0x80; c <= 0xff; c++) {
            FIELD_VALUE[c] = true;
        }
        FIELD_VALUE[' '] = true;
        FIELD_VALUE['\t'] = true;
        // request-target: unreserved / sub-delims / ":" / "@" / "/" / "?" / "%" (checked for HEXDIG later)
        for (int c = '0'; c <= '9'; c++) {
            TARGET[c] = true;
            REG_NAME[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TARGET[c] = true;
            TARGET[c - 32] = true;
            REG_NAME[c] = true;
            REG_NAME[c - 32] = true;
        }
        for (char c : "-._~!$&'()*+,;=:@/?%".toCharArray()) {
            TARGET[c] = true;
        }
        for (char c : "-._~!$&'()*+,;=%".toCharArray()) {
            REG_NAME[c] = true;
        }
        for (char c : "\"<>\\^`{|}".toCharArray()) {
            UNSAFE_TARGET[c] = true;
        }
    }

    private Ascii() {
    }

    static boolean isTchar(byte b) {
        return TCHAR[b & 0xff];
    }

    static boolean isFieldValue(byte b) {
        return FIELD_VALUE[b & 0xff];
    }

    static boolean isTarget(byte b, boolean allowUnsafe) {
        int c = b & 0xff;
        return TARGET[c] || (allowUnsafe && UNSAFE_TARGET[c]);
    }

    static boolean isRegName(byte b) {
        return REG_NAME[b & 0xff];
    }

    static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    static boolean isWhitespace(byte b) {
        return b == SP || b == HTAB;
    }

    static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }
}
