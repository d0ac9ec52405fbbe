package org.voicebot.gateway.asr.sphinx;

import edu.cmu.sphinx.linguist.acoustic.tiedstate.Pool;
import edu.cmu.sphinx.linguist.acoustic.tiedstate.Sphinx3Loader;
import edu.cmu.sphinx.util.props.PropertyException;
import edu.cmu.sphinx.util.props.PropertySheet;
import edu.cmu.sphinx.util.props.S4Double;
import java.io.IOException;
import java.net.URISyntaxException;

/**
 * Sphinx3Loader that fits the 16 kHz en-us model to telephone audio as it loads (see
 * {@link NarrowbandCompensation}): the Gaussians' means and variances are transformed before the mixture
 * components precompute their scores, so decoding costs nothing extra and every decoder of the pool
 * gets the same model.
 *
 * <p>Measured on the accuracy list (SphinxAccuracyTest, per-prompt grammars): 55% with the plain model,
 * 70% with the means mapped to the band (the 5 filters above 4 kHz dropped; 66% dropping 6). Scaling the
 * variances ({@link #PROP_VARIANCE_SCALE}) scales acoustic score differences against the grammar's fixed
 * penalties, which moves the balance between recognition and rejection: x2 gave 74% but let off-topic
 * speech through, and with a stronger rejection to make up for it, it rejected an exact dialog phrase. The
 * configuration keeps 1.0. See README, "Recognition accuracy".
 */
public class NarrowbandModelLoader extends Sphinx3Loader {

    /** Filters centred above this frequency carry nothing on the line (8 kHz audio: its Nyquist frequency). */
    @S4Double(defaultValue = 4000)
    public static final String PROP_LINE_TOP_HZ = "lineTopHz";

    /** Every variance becomes at least this multiple of the model's own (1: as trained). */
    @S4Double(defaultValue = 1.0)
    public static final String PROP_VARIANCE_SCALE = "varianceScale";

    private NarrowbandCompensation compensation;
    private double varianceScale = 1;

    @Override
    public void newProperties(PropertySheet ps) throws PropertyException {
        super.newProperties(ps);
        double top = ps.getDouble(PROP_LINE_TOP_HZ);
        varianceScale = ps.getDouble(PROP_VARIANCE_SCALE);
        if (!(varianceScale > 0)) {
            throw new PropertyException(ps.getInstanceName(), PROP_VARIANCE_SCALE, "must be > 0: " + varianceScale);
        }
        compensation = NarrowbandCompensation.forBand(0, top);
    }

    @Override
    public Pool<float[]> loadDensityFile(String path, float floor) throws IOException, URISyntaxException {
        Pool<float[]> pool = super.loadDensityFile(path, floor);
        if (compensation == null) {
            return pool; // built without properties (not through the configuration): the model as it is
        }
        boolean means = path.endsWith("means");
        boolean variances = path.endsWith("variances");
        for (int i = 0; i < pool.size(); i++) {
            if (means) {
                compensation.mean(pool.get(i));
            } else if (variances) {
                compensation.variance(pool.get(i), varianceScale);
            }
        }
        return pool;
    }
}
