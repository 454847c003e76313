package dev.weightgate.engine.vocab;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Texts that exercise the o200k pre-tokenizer: scripts, case changes, marks, emoji, whitespace, digits. */
final class O200kCorpus {

    private O200kCorpus() {
    }

    static List<String> handWritten() {
        return List.of(
                // code
                "public static void main(String[] args) {\n    System.out.println(\"Hello, World!\");\n}\n",
                "def fib(n):\n\tif n < 2:\n\t\treturn n\n\treturn fib(n - 1) + fib(n - 2)  # slow\r\n",
                "{\"id\": 12345, \"name\": \"o200k\", \"tags\": [\"a\", \"b\"], \"ok\": true, \"x\": -0.5e-3}",
                "<div class=\"row\"><a href=\"https://example.com/path?q=1&r=2#frag\">link</a></div>",
                "for (int i = 0; i < n; ++i) { sum += a[i] * b[i]; } /* dot */ // done",
                "SELECT u.id, COUNT(*) FROM users u WHERE u.created_at >= '2024-01-01' GROUP BY 1;",
                "x = [i**2 for i in range(10) if i % 3 == 0]; y = {'k': v for k, v in d.items()}",
                "#include <stdio.h>\nint main(void){printf(\"%d\\n\", 42);return 0;}",
                "camelCaseIdentifier snake_case_name SCREAMING_CASE kebab-case PascalCase XMLHttpRequest",
                // English, contractions, case
                "The quick brown fox jumps over the lazy dog. It's 5 o'clock; we'll see what they've done.",
                "I'M SURE YOU'RE RIGHT, BUT WE'D BETTER CHECK. Don't, won't, can't, shouldn't've.",
                "She said \u201CIt\u2019s fine\u201D \u2014 then left\u2026 McDonald's O'Neill rock'n'roll 'quoted'",
                "HelloWORLDFooBar iPhone eBay NASA's USA'S x'S Y'LL",
                // German, French
                "Die Donaudampfschifffahrtsgesellschaft f\u00E4hrt \u00FCber die Stra\u00DFe. \u00C4pfel, \u00D6l, \u00DCbel, GR\u00DCSSE.",
                "L'homme qu'il a vu \u00E9tait tr\u00E8s \u00E2g\u00E9; o\u00F9 est la for\u00EAt? \u00C7a va, na\u00EFve c\u0153ur!",
                // Russian, Greek
                "\u041F\u0440\u0438\u0432\u0435\u0442, \u043A\u0430\u043A \u0434\u0435\u043B\u0430? \u041F\u0440\u0438\u0432\u0435\u0442\u041C\u0438\u0440 \u041C\u041E\u0421\u041A\u0412\u0410 \u0451\u0436\u0438\u043A",
                "\u0391\u03B8\u03AE\u03BD\u03B1 \u03BA\u03B1\u03B9 \u0398\u03B5\u03C3\u03C3\u03B1\u03BB\u03BF\u03BD\u03AF\u03BA\u03B7. \u039F\u0394\u039F\u03A3 \u03BB\u03CC\u03B3\u03BF\u03C2\u0391\u03B8\u03AE\u03BD\u03B1",
                // Arabic (with harakat), Hebrew (with niqqud)
                "\u0627\u0644\u0633\u0644\u0627\u0645 \u0639\u0644\u064A\u0643\u0645 \u0645\u064F\u062D\u064E\u0645\u0651\u064E\u062F\u064C \u0661\u0662\u0663\u0664 \u061F",
                "\u05E9\u05C1\u05B8\u05DC\u05D5\u05B9\u05DD \u05E2\u05D5\u05B9\u05DC\u05B8\u05DD, \u05DE\u05D4 \u05E9\u05DC\u05D5\u05DE\u05DA?",
                // Hindi
                "\u0928\u092E\u0938\u094D\u0924\u0947 \u0926\u0941\u0928\u093F\u092F\u093E! \u0939\u093F\u0928\u094D\u0926\u0940 \u092D\u093E\u0937\u093E \u0967\u0968\u0969",
                // Chinese, Japanese, Korean
                "\u6211\u60F3\u5728apple\u5DE5\u4F5C1314151\u5929\uFF5E\u4F60\u597D\uFF0C\u4E16\u754C\uFF01\u3002",
                "\u65E5\u672C\u8A9E\u306E\u30C6\u30AD\u30B9\u30C8\u3068\u30AB\u30BF\u30AB\u30CA\u3001\u3072\u3089\u304C\u306A\u3002\uFF11\uFF12\uFF13",
                "\uD55C\uAD6D\uC5B4 \uD14D\uC2A4\uD2B8\uC785\uB2C8\uB2E4. \uC548\uB155\uD558\uC138\uC694!",
                // Thai
                "\u0E20\u0E32\u0E29\u0E32\u0E44\u0E17\u0E22\u0E44\u0E21\u0E48\u0E21\u0E35\u0E0A\u0E48\u0E2D\u0E07\u0E27\u0E48\u0E32\u0E07 \u0E2A\u0E27\u0E31\u0E2A\u0E14\u0E35\u0E04\u0E23\u0E31\u0E1A",
                // emoji: plain, skin tone, ZWJ sequences, flags, keycap
                "\uD83D\uDE80 (normal) \uD83D\uDE36\u200D\uD83C\uDF2B\uFE0F (ZWJ) \u2705 \uD83E\uDD99\uD83E\uDD99",
                "\uD83D\uDC4D\uD83C\uDFFD \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66 family \uD83C\uDDE9\uD83C\uDDEA\uD83C\uDDEB\uD83C\uDDF7 flags 1\uFE0F\u20E3 #\uFE0F\u20E3",
                "\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08\uD83D\uDC69\uD83C\uDFFB\u200D\uD83D\uDCBB\u2764\uFE0F\u200D\uD83D\uDD25",
                // whitespace runs
                " ", "  ", "   ", "\t", "\n", "\n\n", "\n\n\n", "\t\n", "\r\n", " \n \n\n \n\n\n \t \t\t \t\n  \n   \n",
                "word   word\t\tword\n\n\nword \u00A0 word\u3000word\u2028word\u0085word",
                "trailing spaces   ", "   leading spaces", "mixed \t \n \r\n\t  end", "a\n\n\n\n\n\nb",
                "                                                                        x",
                // numbers
                "3 33 333 3333 33333 333333 3333333 33333333 3.3 3..3 3...3",
                "1234567890123456789 1,000,000.00 -42 +7 0x1F 1e10 12:34:56 2026-11-28",
                "\u0661\u0662\u0663\u0664\u0665 \u0967\u0968\u0969 \uFF11\uFF12\uFF13\uFF14 \u00BD \u00B2\u00B3 \u2160\u2161\u2162 \u2460\u2461",
                "v1.2.3-rc4 abc123def 123abc a1b2c3 ID42x",
                // punctuation runs
                "!!!!!! ?????? ...... ------======= '''''' ``````` \"\"\"\"\"\" ;;;;;; ///// \\\\\\",
                "path/to/file.txt /usr/bin/env //comment ///triple http://a.b/c/ ./x ../y",
                "(((nested))) [[list]] {{map}} <<<<>>>> #@$%^&*_+=|~",
                // marks, titlecase, ligatures, odd letters
                "e\u0301 a\u0308 n\u0303 \u01C5 \u01C8 \u01CB \uFB01 \uFB02 \u2126 \u212A \u00B5 \u00AA \u00BA",
                "\u02B0\u02B2 \u02C6 modifier\u02BCletter \u3005\u3006 \u16A0\u16A1 \uA78B\uA78C",
                "zero\u200Bwidth\u200Cjoin\u200Dx soft\u00ADhyphen \uFEFFbom",
                "\u0915\u094D\u200D\u0937 \u0E01\u0E34\u0E19 \u1100\u1161\u11A8",
                // mixed scripts
                "Cu\u0309a Vi\u1EC7t na\u0300y \u0111e\u0323p; n\u1EBFu b\u1EA1n \u1EDF \u0110\u00E0 N\u1EB5ng",
                "\u043D\u0435\u0449\u043E \u043D\u0430 \u0411\u044A\u043B\u0433\u0430\u0440\u0441\u043A\u0438 \u1780\u17B6\u1793\u17CB\u178F\u17C2",
                "Hello, y'all! How are you \uD83D\uDE01 ?\u6211\u60F3\u5728apple\u5DE5\u4F5C1314151\u5929\uFF5E",
                "I've been 'told he's there, 'RE you sure? 'M not sure I'll make it, 'D you like some tea? We'Ve a'lL",
                "");
    }

    /** Random concatenations of atoms from many scripts and of random code points. */
    static List<String> generated(Random random, int count) {
        String[] atoms = {
            "the", "The", "THE", "don't", "DON'T", "it's", "'s", "'ll", "'Re", "x", "McX", "ABCdef", "abcDEF",
            "\u00FCber", "\u00C4RGER", "\u0441\u043B\u043E\u0432\u043E", "\u0421\u041B\u041E\u0412\u041E",
            "\u03BB\u03CC\u03B3\u03BF\u03C2", "\u0645\u064F\u062D\u064E\u0645\u0651\u064E\u062F", "\u05E9\u05B8\u05DC\u05D5\u05B9\u05DD",
            "\u0928\u092E\u0938\u094D\u0924\u0947", "\u4E2D\u6587", "\u3072\u3089\u304C\u306A", "\u30AB\u30BF\u30AB\u30CA",
            "\uD55C\uAD6D\uC5B4", "\u0E44\u0E17\u0E22", "e\u0301", "\u01C5", "\uD83D\uDE80", "\uD83D\uDC4D\uD83C\uDFFD",
            "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\uD83C\uDDE9\uD83C\uDDEA", "1\uFE0F\u20E3",
            "0", "7", "42", "1234", "9876543210", "3.14", "\u0661\u0662", "\uFF11\uFF12", "\u00BD",
            "!", "?!", "...", "---", "==", "/", "//", "\\", "\"", "'", "`", "(", ")", "{}", "[]", "<>", "#", "@",
            " ", "  ", "   ", "\t", "\n", "\r\n", "\n\n", " \n", "\u00A0", "\u3000", "\u2028", "\u0085", "\u200B",
        };
        List<String> texts = new ArrayList<>(count);
        for (int t = 0; t < count; t++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(30);
            for (int i = 0; i < length; i++) {
                if (random.nextInt(8) == 0) {
                    text.appendCodePoint(randomCodePoint(random));
                } else {
                    text.append(atoms[random.nextInt(atoms.length)]);
                }
            }
            texts.add(text.toString());
        }
        return texts;
    }

    private static int randomCodePoint(Random random) {
        while (true) {
            int cp = random.nextInt(4) == 0 ? random.nextInt(0x30000) : random.nextInt(0x3000);
            if (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) {
                return cp;
            }
        }
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(cp -> {
            if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append('"').toString();
    }
}
