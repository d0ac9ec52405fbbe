package org.voicebot.gateway.asr.sphinx;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** Which words the CMU pronouncing dictionary shipped in sphinx4-data knows. */
final class CmuDictionary {
    /** Classpath resource (sphinx4-data), as given to Sphinx's Configuration with a "resource:" prefix. */
    static final String RESOURCE = "edu/cmu/sphinx/models/en-us/cmudict-en-us.dict";

    private CmuDictionary() {
    }

    /**
     * Returns the subset of {@code words} (lower case) that have a pronunciation. Streams the 3 MB
     * dictionary once rather than holding its 130k entries in memory.
     */
    static Set<String> known(Collection<String> words) {
        Set<String> wanted = new HashSet<>(words);
        Set<String> found = new HashSet<>();
        try (InputStream in = CmuDictionary.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("sphinx4-data is not on the classpath: " + RESOURCE + " missing");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null && found.size() < wanted.size()) {
                int space = line.indexOf(' ');
                if (space <= 0) {
                    continue;
                }
                String word = line.substring(0, space);
                int variant = word.indexOf('(');
                if (variant > 0) {
                    word = word.substring(0, variant);
                }
                if (wanted.contains(word)) {
                    found.add(word);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return found;
    }
}
