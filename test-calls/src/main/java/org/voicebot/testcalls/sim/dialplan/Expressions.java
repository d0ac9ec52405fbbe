package org.voicebot.testcalls.sim.dialplan;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Asterisk's variable substitution ({@code ${VAR}}, {@code ${VAR:offset:length}}, {@code ${FUNC(args)}}) and
 * {@code $[ ... ]} expressions ({@code | & = != < > <= >= + - * / % ! ( ) ?:}, quoted strings, numbers).
 * Built-in functions {@code IF} and {@code LEN} are evaluated here; the rest go to the {@link VariableSource}.
 */
public final class Expressions {

    private Expressions() {
    }

    /** Substitutes every {@code ${...}} and {@code $[...]} in {@code text}, innermost first. */
    public static String substitute(String text, VariableSource vars) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (ch == '$' && i + 1 < text.length() && (text.charAt(i + 1) == '{' || text.charAt(i + 1) == '[')) {
                char open = text.charAt(i + 1);
                char close = open == '{' ? '}' : ']';
                int end = matching(text, i + 1, open, close);
                if (end < 0) {
                    throw new DialplanException("unterminated $" + open + " in '" + text + "'");
                }
                String inner = substitute(text.substring(i + 2, end), vars);
                out.append(open == '{' ? variable(inner, vars) : evaluate(inner));
                i = end + 1;
            } else {
                out.append(ch);
                i++;
            }
        }
        return out.toString();
    }

    private static int matching(String text, int openAt, char open, char close) {
        int depth = 0;
        for (int i = openAt; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == open) {
                depth++;
            } else if (c == close && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String variable(String expr, VariableSource vars) {
        int paren = expr.indexOf('(');
        if (paren > 0 && expr.endsWith(")") && expr.substring(0, paren).matches("[A-Za-z_][A-Za-z0-9_]*")) {
            String name = expr.substring(0, paren).toUpperCase();
            String args = expr.substring(paren + 1, expr.length() - 1);
            return nullToEmpty(function(name, args, vars));
        }
        String name = expr;
        String offset = null;
        String length = null;
        int colon = expr.indexOf(':');
        if (colon > 0) {
            name = expr.substring(0, colon);
            String rest = expr.substring(colon + 1);
            int c2 = rest.indexOf(':');
            offset = c2 < 0 ? rest : rest.substring(0, c2);
            length = c2 < 0 ? null : rest.substring(c2 + 1);
        }
        String value = nullToEmpty(vars.variable(name));
        return offset == null ? value : substring(value, offset, length);
    }

    private static String substring(String value, String offsetText, String lengthText) {
        try {
            int offset = offsetText.isBlank() ? 0 : Integer.parseInt(offsetText.trim());
            int start = offset < 0 ? Math.max(0, value.length() + offset) : Math.min(offset, value.length());
            int end = value.length();
            if (lengthText != null && !lengthText.isBlank()) {
                int len = Integer.parseInt(lengthText.trim());
                end = len < 0 ? Math.max(start, value.length() + len) : Math.min(value.length(), start + len);
            }
            return value.substring(start, end);
        } catch (NumberFormatException e) {
            throw new DialplanException("bad substring offset/length in ${...:" + offsetText + "}");
        }
    }

    private static String function(String name, String args, VariableSource vars) {
        switch (name) {
            case "IF" -> {
                int q = args.indexOf('?');
                if (q < 0) {
                    throw new DialplanException("IF() needs 'condition?true:false', got '" + args + "'");
                }
                String[] branches = splitColon(args.substring(q + 1));
                return truthy(args.substring(0, q).trim()) ? branches[0] : branches[1];
            }
            case "LEN" -> {
                return Integer.toString(args.length());
            }
            default -> {
                return vars.function(name, args);
            }
        }
    }

    /** {@code a:b} split at the first colon; a missing branch is empty. */
    static String[] splitColon(String s) {
        int c = s.indexOf(':');
        return c < 0 ? new String[] {s, ""} : new String[] {s.substring(0, c), s.substring(c + 1)};
    }

    /** Asterisk's pbx_checkcondition: empty, or a number equal to 0, is false; any other text is true. */
    public static boolean truthy(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim();
        if (v.isEmpty()) {
            return false;
        }
        BigDecimal n = number(v);
        return n == null || n.signum() != 0;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    // =====================================================================================================
    // $[ ... ]

    /** Evaluates the inside of {@code $[ ... ]} (variables already substituted). */
    public static String evaluate(String expression) {
        List<String> tokens = tokenize(expression);
        if (tokens.isEmpty()) {
            return "";
        }
        Parser p = new Parser(tokens, expression);
        String result = p.ternary();
        if (p.pos != tokens.size()) {
            throw new DialplanException("syntax error in $[" + expression + "] at '" + tokens.get(p.pos) + "'");
        }
        return result;
    }

    private static final String QUOTED = "\u0000"; // marks a token that came from "..." (never an operator)

    private static List<String> tokenize(String s) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int end = s.indexOf('"', i + 1);
                if (end < 0) {
                    throw new DialplanException("unterminated quote in $[" + s + "]");
                }
                tokens.add(QUOTED + s.substring(i + 1, end));
                i = end + 1;
            } else if (i + 1 < s.length() && List.of("!=", "<=", ">=", "=~").contains(s.substring(i, i + 2))) {
                tokens.add(s.substring(i, i + 2));
                i += 2;
            } else if ("|&=<>+-*/%!()?:".indexOf(c) >= 0) {
                tokens.add(String.valueOf(c));
                i++;
            } else {
                int start = i;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '"'
                        && "|&=<>+-*/%!()?:".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                tokens.add(s.substring(start, i));
            }
        }
        return tokens;
    }

    private static BigDecimal number(String s) {
        if (s == null || s.isEmpty() || !s.matches("[-+]?\\d+(\\.\\d+)?")) {
            return null;
        }
        return new BigDecimal(s);
    }

    private static String fmt(BigDecimal n) {
        BigDecimal s = n.stripTrailingZeros();
        return s.scale() <= 0 ? s.toBigInteger().toString() : s.toPlainString();
    }

    private static final class Parser {
        final List<String> tokens;
        final String source;
        int pos;

        Parser(List<String> tokens, String source) {
            this.tokens = tokens;
            this.source = source;
        }

        boolean at(String op) {
            return pos < tokens.size() && tokens.get(pos).equals(op);
        }

        String ternary() {
            String cond = or();
            if (at("?")) {
                pos++;
                String a = or();
                expect(":");
                String b = or();
                return truthy(cond) ? a : b;
            }
            return cond;
        }

        String or() {
            String left = and();
            while (at("|")) {
                pos++;
                String right = and();
                left = truthy(left) ? left : (truthy(right) ? right : "0");
            }
            return left;
        }

        String and() {
            String left = comparison();
            while (at("&")) {
                pos++;
                String right = comparison();
                left = truthy(left) && truthy(right) ? left : "0";
            }
            return left;
        }

        String comparison() {
            String left = additive();
            while (at("=") || at("!=") || at("<") || at(">") || at("<=") || at(">=")) {
                String op = tokens.get(pos++);
                String right = additive();
                int cmp;
                BigDecimal l = number(left);
                BigDecimal r = number(right);
                cmp = l != null && r != null ? l.compareTo(r) : left.compareTo(right);
                boolean result = switch (op) {
                    case "=" -> cmp == 0;
                    case "!=" -> cmp != 0;
                    case "<" -> cmp < 0;
                    case ">" -> cmp > 0;
                    case "<=" -> cmp <= 0;
                    default -> cmp >= 0;
                };
                left = result ? "1" : "0";
            }
            return left;
        }

        String additive() {
            String left = multiplicative();
            while (at("+") || at("-")) {
                String op = tokens.get(pos++);
                BigDecimal l = numeric(left);
                BigDecimal r = numeric(multiplicative());
                left = fmt(op.equals("+") ? l.add(r) : l.subtract(r));
            }
            return left;
        }

        String multiplicative() {
            String left = unary();
            while (at("*") || at("/") || at("%")) {
                String op = tokens.get(pos++);
                BigDecimal l = numeric(left);
                BigDecimal r = numeric(unary());
                if (!op.equals("*") && r.signum() == 0) {
                    throw new DialplanException("division by zero in $[" + source + "]");
                }
                left = fmt(switch (op) {
                    case "*" -> l.multiply(r);
                    case "/" -> new BigDecimal(l.toBigInteger().divide(r.toBigInteger()));
                    default -> new BigDecimal(l.toBigInteger().remainder(r.toBigInteger()));
                });
            }
            return left;
        }

        String unary() {
            if (at("!")) {
                pos++;
                return truthy(unary()) ? "0" : "1";
            }
            if (at("-") && pos + 1 < tokens.size() && number(tokens.get(pos + 1)) != null) {
                pos++;
                return fmt(numeric(primary()).negate());
            }
            return primary();
        }

        String primary() {
            if (pos >= tokens.size()) {
                throw new DialplanException("syntax error in $[" + source + "]: operand missing at end");
            }
            String t = tokens.get(pos);
            if (t.equals("(")) {
                pos++;
                String v = ternary();
                expect(")");
                return v;
            }
            if (t.startsWith(QUOTED)) {
                pos++;
                return t.substring(1);
            }
            if (t.length() <= 2 && "|&=<>+-*/%!()?:!=<=>==~".contains(t)) {
                throw new DialplanException("syntax error in $[" + source + "]: operand missing before '" + t + "'");
            }
            pos++;
            return t;
        }

        BigDecimal numeric(String v) {
            BigDecimal n = number(v.trim());
            if (n == null) {
                throw new DialplanException("non-numeric operand '" + v + "' in $[" + source + "]");
            }
            return n;
        }

        void expect(String op) {
            if (!at(op)) {
                throw new DialplanException("syntax error in $[" + source + "]: expected '" + op + "'");
            }
            pos++;
        }
    }
}
