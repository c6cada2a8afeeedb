package motor.ext.staticfiles.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangesTest {

    private static long[] parse(String value) {
        return ByteRanges.parse(value, 1000, 16);
    }

    @Test
    void singleForms() {
        assertArrayEquals(new long[] {0, 499}, parse("bytes=0-499"));
        assertArrayEquals(new long[] {500, 999}, parse("bytes=500-"));
        assertArrayEquals(new long[] {900, 999}, parse("bytes=-100"));
        assertArrayEquals(new long[] {0, 999}, parse("bytes=-5000"));
        assertArrayEquals(new long[] {990, 999}, parse("bytes=990-5000"));
        assertArrayEquals(new long[] {999, 999}, parse("bytes=999-999"));
        assertArrayEquals(new long[] {0, 0}, parse("bytes=0-0"));
    }

    @Test
    void unitIsCaseInsensitiveAndWhitespaceIsOptional() {
        assertArrayEquals(new long[] {0, 9}, parse("Bytes=0-9"));
        assertArrayEquals(new long[] {0, 9, 20, 29}, parse(" bytes = 0-9 , ,20-29 ,"));
    }

    @Test
    void overlappingAndAdjacentRangesMerge() {
        assertArrayEquals(new long[] {0, 199}, parse("bytes=0-99,100-199"));
        assertArrayEquals(new long[] {0, 150}, parse("bytes=0-100,50-150"));
        assertArrayEquals(new long[] {0, 99, 101, 199}, parse("bytes=101-199,0-99"));
        assertArrayEquals(new long[] {0, 999}, parse("bytes=0-,0-,0-,0-"));
        assertArrayEquals(new long[] {0, 999}, parse("bytes=-1000,5-6,500-"));
        assertArrayEquals(new long[] {10, 20}, parse("bytes=10-20,12-13,15-15"));
    }

    @Test
    void unsatisfiableSpecsAreDroppedAndAllUnsatisfiableIs416() {
        assertSame(ByteRanges.UNSATISFIABLE, parse("bytes=1000-"));
        assertSame(ByteRanges.UNSATISFIABLE, parse("bytes=1000-2000, 5000-"));
        assertSame(ByteRanges.UNSATISFIABLE, parse("bytes=-0"));
        assertArrayEquals(new long[] {0, 4}, parse("bytes=5000-,0-4"));
        assertSame(ByteRanges.UNSATISFIABLE, parse("bytes=99999999999999999999999-"));
        assertArrayEquals(new long[] {0, 999}, parse("bytes=-99999999999999999999999"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bytes", "bytes=", "bytes= ,", "items=0-1", "bytes 0-1", "bytes=a-b", "bytes=1",
        "bytes=5-1", "bytes=--1", "bytes=1--2", "bytes=0-1;x", "bytes=0-1 2-3", "bytes=+1-2", "bytes=1-2-3",
        "bytes=0x1-2", "bytes=-", "bytes=- 1", "bytes=1 -2", "bytesx=0-1", "bytes=0-1,\u0661-2"})
    void malformedFieldsAreIgnored(String value) {
        assertSame(ByteRanges.IGNORE, parse(value));
    }

    @Test
    void tooManySpecsAreIgnoredEvenWhenTheyWouldMerge() {
        String many = "bytes=" + "0-1,".repeat(17);
        assertSame(ByteRanges.IGNORE, parse(many));
        assertArrayEquals(new long[] {0, 1}, parse("bytes=" + "0-1,".repeat(16)));
    }

    @Test
    void noPrefixOrSuffixThrows() {
        String value = "bytes=0-9, 20-, -5,3-4";
        for (int i = 0; i <= value.length(); i++) {
            ByteRanges.parse(value.substring(0, i), 50, 16);
            ByteRanges.parse(value.substring(i), 50, 16);
        }
    }
}
