package org.voicebot.gateway.asr.sphinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ChannelCmnTest {
    @Test
    void aNewLineStartsFromTheTelephonePrior() {
        ChannelCmn.Channel line = new ChannelCmn.Channel();
        assertThat(line.mean()).containsExactly(ChannelCmn.TELEPHONE_PRIOR, within(1e-9));
        assertThat(line.frames()).isEqualTo(ChannelCmn.PRIOR_FRAMES);
    }

    @Test
    void eachFrameIsNormalisedWithTheMeanOfWhatCameBeforeIt() {
        ChannelCmn.Channel line = new ChannelCmn.Channel(new double[] {10, 0}, 1, 100);
        double[] frame = {20, 4};
        line.normalise(frame);
        assertThat(frame).containsExactly(10, 4); // minus the prior
        assertThat(line.mean()).containsExactly(15, 2); // prior and the frame, one each
        double[] next = {15, 2};
        line.normalise(next);
        assertThat(next).containsExactly(0, 0);
    }

    @Test
    void theEstimateFollowsAChangedLineWithinItsWindow() {
        ChannelCmn.Channel line = new ChannelCmn.Channel(new double[] {0}, 10, 50);
        for (int i = 0; i < 1000; i++) {
            line.normalise(new double[] {6});
        }
        assertThat(line.frames()).isEqualTo(50);
        assertThat(line.mean()[0]).isCloseTo(6, within(1e-6));
    }

    @Test
    void aFrontEndOfAnotherShapeIsAClearError() {
        ChannelCmn.Channel line = new ChannelCmn.Channel();
        assertThatThrownBy(() -> line.normalise(new double[20])).hasMessageContaining("20 cepstral coefficients");
        assertThatThrownBy(() -> new ChannelCmn.Channel(new double[13], 0, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
