package dev.weightgate.engine.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Python's json.dumps output, which the tojson filter of Hugging Face's template environment gives. */
class JsonTests {

    @Test
    void compactFormUsesPythonsSeparatorsAndKeepsKeyOrder() {
        Object value = Json.parse("{\"b\":1,\"a\":[true,false,null,\"x\"],\"c\":{}, \"d\": []}");
        assertThat(Json.dumps(value)).isEqualTo("{\"b\": 1, \"a\": [true, false, null, \"x\"], \"c\": {}, \"d\": []}");
    }

    @Test
    void indentedFormMatchesPython() {
        Object value = Json.parse("{\"a\":[1,{\"b\":\"c\"}],\"e\":{}}");
        assertThat(Json.dumps(value, 4)).isEqualTo("""
                {
                    "a": [
                        1,
                        {
                            "b": "c"
                        }
                    ],
                    "e": {}
                }""");
    }

    @Test
    void stringsEscapeOnlyWhatPythonEscapesWithoutEnsureAscii() {
        assertThat(Json.dumps("é \"q\" \\ \n\t\r\b\f \u0001 \u007f \u2028 😀"))
                .isEqualTo("\"é \\\"q\\\" \\\\ \\n\\t\\r\\b\\f \\u0001 \u007f \u2028 😀\"");
    }

    @Test
    void numbersPrintLikePythonIntsAndFloats() {
        assertThat(Json.dumps(Json.parse("[0, -7, 12345678901234567890123, 1.0, 1.50, 2.5e3, 1e16, 1e-5, "
                + "0.0001, 123456789012345.6, -0.0, 3.14]")))
                .isEqualTo("[0, -7, 12345678901234567890123, 1.0, 1.5, 2500.0, 1e+16, 1e-05, 0.0001, "
                        + "123456789012345.6, -0.0, 3.14]");
        assertThat(Json.pythonFloat(1.5e300)).isEqualTo("1.5e+300");
        assertThat(Json.pythonFloat(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    }

    @Test
    void parsesEscapesAndRejectsBrokenJson() {
        assertThat(Json.parse("\"a\\u00e9\\n\\/\"")).isEqualTo("aé\n/");
        assertThat(Json.parse(" [ ] ")).isEqualTo(List.of());
        assertThat(Json.parse("{\"k\": null}")).isEqualTo(Map.of("k", Json.NULL));
        for (String bad : new String[] {"", "{", "[1,]", "01", "{\"a\" 1}", "\"\\x\"", "tru", "1 2"}) {
            assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void pythonStripUsesUnicodeWhitespace() {
        assertThat(Py.strip("\u00a0\u2003 x y \n\u3000\u001f")).isEqualTo("x y");
        assertThat(Py.strip("\u200bx")).isEqualTo("\u200bx");
        assertThat(Py.strip("\n\nx\n", "\n")).isEqualTo("x");
        assertThat(Py.lstrip("\n x", "\n")).isEqualTo(" x");
    }
}
