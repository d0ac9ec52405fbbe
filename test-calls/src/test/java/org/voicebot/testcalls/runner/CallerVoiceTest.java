package org.voicebot.testcalls.runner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallerVoiceTest {

  @Test
  void leadingAndTrailingSilenceAreWholeQuietFramesAsTheBotEarHearsThem() {
    short[] pcm = new short[160 * 10]; // 200 ms: 3 quiet frames, 4 sounding, 3 quiet
    for (int i = 160 * 3; i < 160 * 7; i++) {
      pcm[i] = (short) (i % 2 == 0 ? 2000 : -2000);
    }
    pcm[10] = 100; // below the -40 dBFS threshold: still silence
    assertThat(CallerVoice.leadingSilenceMs(pcm)).isEqualTo(60);
    assertThat(CallerVoice.trailingSilenceMs(pcm)).isEqualTo(60);
    short[] partialTail = java.util.Arrays.copyOf(pcm, 160 * 9 + 40);
    assertThat(CallerVoice.trailingSilenceMs(partialTail)).isEqualTo(60); // 2 whole frames + the partial one
    assertThat(CallerVoice.leadingSilenceMs(new short[0])).isZero();
    assertThat(CallerVoice.trailingSilenceMs(new short[320])).isEqualTo(40);
  }
}
