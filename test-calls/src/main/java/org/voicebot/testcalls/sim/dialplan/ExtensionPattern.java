package org.voicebot.testcalls.sim.dialplan;

import java.util.ArrayList;
import java.util.List;

/**
 * An extension name as written after {@code exten =>}: a literal ({@code 500}, {@code s}, {@code h}) or a pattern
 * starting with {@code _} ({@code X Z N [1-5] . !}). Patterns are ranked like Asterisk's ext_cmp: position by
 * position, the element matching fewer characters is more specific; a literal beats every pattern.
 */
final class ExtensionPattern {

    /** One pattern element: the characters it matches, or a tail wildcard. */
    private record Element(boolean[] chars, int size, char tail) {
    }

    private static final int TAIL_ONE_OR_MORE = 0x30000; // '.' ranks after any character class
    private static final int TAIL_ZERO_OR_MORE = 0x40000; // '!' after '.'

    final String text;
    private final boolean literal;
    private final List<Element> elements = new ArrayList<>();

    ExtensionPattern(String text, String where) {
        this.text = text;
        this.literal = !text.startsWith("_");
        if (text.isEmpty() || text.equals("_")) {
            throw new DialplanException(where + ": empty extension pattern");
        }
        if (!literal) {
            parse(text.substring(1), where);
        }
    }

    private void parse(String p, String where) {
        for (int i = 0; i < p.length(); i++) {
            char ch = p.charAt(i);
            switch (Character.toUpperCase(ch)) {
                case 'X' -> elements.add(range('0', '9'));
                case 'Z' -> elements.add(range('1', '9'));
                case 'N' -> elements.add(range('2', '9'));
                case '.' -> elements.add(new Element(null, TAIL_ONE_OR_MORE, '.'));
                case '!' -> elements.add(new Element(null, TAIL_ZERO_OR_MORE, '!'));
                case '[' -> {
                    int end = p.indexOf(']', i);
                    if (end < 0) {
                        throw new DialplanException(where + ": unterminated [ in pattern '_" + p + "'");
                    }
                    boolean[] set = new boolean[128];
                    String body = p.substring(i + 1, end);
                    for (int k = 0; k < body.length(); k++) {
                        char from = body.charAt(k);
                        if (k + 2 < body.length() && body.charAt(k + 1) == '-') {
                            char to = body.charAt(k + 2);
                            for (char c = from; c <= to; c++) {
                                set[c & 0x7f] = true;
                            }
                            k += 2;
                        } else {
                            set[from & 0x7f] = true;
                        }
                    }
                    int size = 0;
                    for (boolean b : set) {
                        size += b ? 1 : 0;
                    }
                    if (size == 0) {
                        throw new DialplanException(where + ": empty [] in pattern '_" + p + "'");
                    }
                    elements.add(new Element(set, size, '\0'));
                    i = end;
                }
                default -> {
                    boolean[] set = new boolean[128];
                    set[ch & 0x7f] = true;
                    elements.add(new Element(set, 1, '\0'));
                }
            }
            if (elements.get(elements.size() - 1).tail() != '\0' && i != p.length() - 1) {
                throw new DialplanException(where + ": '" + ch + "' must end the pattern '_" + p + "'");
            }
        }
    }

    private static Element range(char from, char to) {
        boolean[] set = new boolean[128];
        for (char c = from; c <= to; c++) {
            set[c] = true;
        }
        return new Element(set, to - from + 1, '\0');
    }

    boolean isLiteral() {
        return literal;
    }

    boolean matches(String exten) {
        if (literal) {
            return text.equals(exten);
        }
        int i = 0;
        for (Element e : elements) {
            if (e.tail() == '.') {
                return exten.length() > i;
            }
            if (e.tail() == '!') {
                return true;
            }
            if (i >= exten.length()) {
                return false;
            }
            char c = exten.charAt(i++);
            if (c >= 128 || !e.chars()[c]) {
                return false;
            }
        }
        return i == exten.length();
    }

    /** Negative when this pattern is more specific than {@code o} (Asterisk would pick it first). */
    int compareSpecificity(ExtensionPattern o) {
        if (literal != o.literal) {
            return literal ? -1 : 1;
        }
        if (literal) {
            return 0;
        }
        int n = Math.min(elements.size(), o.elements.size());
        for (int i = 0; i < n; i++) {
            int d = Integer.compare(elements.get(i).size(), o.elements.get(i).size());
            if (d != 0) {
                return d;
            }
        }
        return Integer.compare(elements.size(), o.elements.size());
    }

    @Override
    public String toString() {
        return text;
    }
}
