package io.agentmesh.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Base64UrlTest {

    @Test
    void rfc4648TestVectorsWithoutPadding() {
        String[][] cases = {{"", ""}, {"f", "Zg"}, {"fo", "Zm8"}, {"foo", "Zm9v"}, {"foob", "Zm9vYg"},
                {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"}};
        for (String[] c : cases) {
            assertEquals(c[1], Base64Url.encode(c[0].getBytes(StandardCharsets.US_ASCII)));
            assertArrayEquals(c[0].getBytes(StandardCharsets.US_ASCII), Base64Url.decode(c[1]));
        }
    }

    @Test
    void usesTheUrlAlphabet() {
        byte[] bytes = {(byte) 0xfb, (byte) 0xff, (byte) 0xbf};
        assertEquals("-_-_", Base64Url.encode(bytes));
        assertArrayEquals(bytes, Base64Url.decode("-_-_"));
    }

    @Test
    void roundTripsEveryLength() {
        Random random = new Random(7);
        for (int length = 0; length < 100; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            assertArrayEquals(bytes, Base64Url.decode(Base64Url.encode(bytes)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zg==", "Zm8=", "Zg=", "Zm9v ", " Zm9v", "Zm\n9v", "Zm\t9v", "Zm+v", "Zm/v", "Zm9vY",
            "A", "Zh", "Zm9", "Zm-", "Zm9v!", "Zm9vYg\u00e9", "Zm9vY\u0100", "Zm9v\u0100\u0100", "Zm9\ud83d\ude00"})
    void rejectsNonCanonicalText(String text) {
        assertThrows(IllegalArgumentException.class, () -> Base64Url.decode(text));
    }

    @Test
    void rejectsNull() {
        assertThrows(NullPointerException.class, () -> Base64Url.decode(null));
        assertThrows(NullPointerException.class, () -> Base64Url.encode(null));
    }
}
