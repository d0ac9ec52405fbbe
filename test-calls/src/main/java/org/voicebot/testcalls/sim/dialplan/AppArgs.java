package org.voicebot.testcalls.sim.dialplan;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits application data like Asterisk's {@code ast_app_separate_args}: commas inside parentheses, brackets or
 * double quotes do not separate; unescaped double quotes and backslashes are removed.
 */
public final class AppArgs {

    private AppArgs() {
    }

    public static List<String> split(String data) {
        return split(data, ',');
    }

    public static List<String> split(String data, char delimiter) {
        List<String> args = new ArrayList<>();
        if (data == null || data.isEmpty()) {
            return args;
        }
        StringBuilder cur = new StringBuilder();
        int parens = 0;
        int brackets = 0;
        boolean quoted = false;
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c == '\\' && i + 1 < data.length()) {
                cur.append(data.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
                continue;
            }
            if (!quoted) {
                if (c == '(') {
                    parens++;
                } else if (c == ')' && parens > 0) {
                    parens--;
                } else if (c == '[') {
                    brackets++;
                } else if (c == ']' && brackets > 0) {
                    brackets--;
                } else if (c == delimiter && parens == 0 && brackets == 0) {
                    args.add(cur.toString());
                    cur.setLength(0);
                    continue;
                }
            }
            cur.append(c);
        }
        args.add(cur.toString());
        return args;
    }

    /** The argument at {@code index}, or "" when absent. */
    public static String arg(List<String> args, int index) {
        return index < args.size() ? args.get(index) : "";
    }
}
