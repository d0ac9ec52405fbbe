package org.voicebot.gateway.asr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicebot.gateway.config.ConfigException;
import org.voicebot.gateway.config.ConfigLoader;
import org.voicebot.gateway.config.GatewayConfig;

/** The asr.* configuration keys this package reads. */
class AsrConfigTest {

    @TempDir
    Path tmp;

    @Test
    void voskGrammarIsOffByDefaultAndCanBeSwitchedOnByFileOrEnvironment() throws Exception {
        assertThat(load("ari:\n  password: x\n", Map.of()).asr().voskGrammar()).isFalse();
        assertThat(load("ari:\n  password: x\nasr:\n  voskGrammar: true\n", Map.of()).asr().voskGrammar()).isTrue();
        assertThat(load("ari:\n  password: x\n", Map.of("VOICEBOT_ASR_VOSK_GRAMMAR", "true")).asr().voskGrammar()).isTrue();
    }

    @Test
    void aBadVoskGrammarValueNamesTheKey() {
        assertThatThrownBy(() -> load("ari:\n  password: x\nasr:\n  voskGrammar: sometimes\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("asr.voskGrammar");
    }

    private GatewayConfig load(String yaml, Map<String, String> env) throws Exception {
        Path f = Files.writeString(tmp.resolve("c" + System.nanoTime() + ".yaml"), yaml);
        return ConfigLoader.load(java.util.Optional.of(f), env);
    }
}
