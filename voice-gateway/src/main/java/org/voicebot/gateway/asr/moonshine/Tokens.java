package org.voicebot.gateway.asr.moonshine;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.voicebot.gateway.asr.ModelLoadException;

/**
 * Moonshine's output vocabulary: SentencePiece pieces by id ("▁" marks a space before the piece, "&lt;0x0A&gt;"
 * is a raw byte). Ids past the list (Moonshine's vocabulary is padded to 32,768) and the control tokens
 * ("&lt;s&gt;", "&lt;/s&gt;", "&lt;unk&gt;") produce no text.
 */
final class Tokens {
    private static final char SPACE_MARK = '\u2581';
    private final String[] pieces;

    private Tokens(String[] pieces) {
        this.pieces = pieces;
    }

    static Tokens load(String resource) throws ModelLoadException {
        try (InputStream in = Tokens.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ModelLoadException(null, "the Moonshine token list " + resource + " is not on the classpath");
            }
            List<String> lines = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
            if (lines.size() < 32000 || !"<s>".equals(lines.get(1)) || !"</s>".equals(lines.get(2))) {
                throw new ModelLoadException(null, "the Moonshine token list " + resource + " is not LLaMA's 32,000"
                        + " SentencePiece pieces (" + lines.size() + " lines)");
            }
            return new Tokens(lines.toArray(String[]::new));
        } catch (IOException e) {
            throw new ModelLoadException(null, "cannot read the Moonshine token list " + resource + ": " + e.getMessage(), e);
        }
    }

    /** Test use: a vocabulary from a list. */
    static Tokens of(List<String> pieces) {
        return new Tokens(pieces.toArray(String[]::new));
    }

    /** The text the ids spell, byte pieces decoded as UTF-8; no leading space. */
    String text(List<Integer> ids) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int id : ids) {
            if (id < 3 || id >= pieces.length) {
                continue;
            }
            String p = pieces[id];
            if (p.length() == 6 && p.startsWith("<0x") && p.endsWith(">")) {
                bytes.write(Integer.parseInt(p.substring(3, 5), 16));
            } else {
                bytes.writeBytes(p.replace(SPACE_MARK, ' ').getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8).strip();
    }
}
