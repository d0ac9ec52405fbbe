package org.voicebot.gateway.asr.sphinx;

/**
 * Makes a wideband (16 kHz) Sphinx acoustic model fit telephone (8 kHz) features, in the model domain.
 *
 * <p>The en-us model's front end has 25 mel filters from 130 to 6800 Hz. On 8 kHz audio the filters above
 * the Nyquist frequency see nothing, and those above the telephone band see only line noise: their log
 * energies are constant, which cepstral mean normalisation turns into zero. The model, trained on
 * wideband speech, expects speech in them. A cepstrum is {@code c = L·D·x} ({@code x}: 25 log filter
 * energies, {@code D}: Sphinx4's DCT-II to 13 coefficients, {@code L}: the lifter). A Gaussian's mean
 * {@code μ} (after CMN) is mapped to what the same sound yields on a phone line,
 * {@code A·μ} with {@code A = L·D·M·(L·D)⁺}, where {@code M} keeps the filters a phone line carries and
 * zeroes the others; {@code (L·D)⁺} recovers the smoothest log spectrum with those cepstra. Deltas are
 * linear in the cepstra, so the same {@code A} applies to each 13-coefficient block. Variances become the
 * diagonal of {@code A·Σ·Aᵀ}, floored at a fraction of the original (the reconstruction loses the
 * spectral detail the truncated cepstrum does not carry, so the product alone is too sharp).
 */
final class NarrowbandCompensation {
    static final int FILTERS = 25;
    static final int CEPSTRA = 13;
    static final int LIFTER = 22;

    private final double[][] a;
    private final double[][] aSquared;

    /** @param keep which of the 25 filters a telephone line carries (true) or lacks (false) */
    NarrowbandCompensation(boolean[] keep) {
        if (keep.length != FILTERS) {
            throw new IllegalArgumentException("need " + FILTERS + " filter flags, got " + keep.length);
        }
        double[][] ld = cepstralTransform();
        double[][] pinv = pseudoInverse(ld);            // 25 x 13
        double[][] masked = new double[CEPSTRA][FILTERS];
        for (int i = 0; i < CEPSTRA; i++) {
            for (int j = 0; j < FILTERS; j++) {
                masked[i][j] = keep[j] ? ld[i][j] : 0;
            }
        }
        this.a = multiply(masked, pinv);                 // 13 x 13
        // a diagonal covariance maps to diag(A·Σ·Aᵀ): each variance weighted by the squared coefficients
        this.aSquared = new double[CEPSTRA][CEPSTRA];
        for (int i = 0; i < CEPSTRA; i++) {
            for (int j = 0; j < CEPSTRA; j++) {
                aSquared[i][j] = a[i][j] * a[i][j];
            }
        }
    }

    /** Filters whose centre lies between {@code lowHz} and {@code highHz} are kept. */
    static NarrowbandCompensation forBand(double lowHz, double highHz) {
        boolean[] keep = new boolean[FILTERS];
        for (int i = 0; i < FILTERS; i++) {
            double c = centreHz(i);
            keep[i] = c >= lowHz && c <= highHz;
        }
        return new NarrowbandCompensation(keep);
    }

    /** Centre of filter {@code i} of Sphinx4's MelFrequencyFilterBank2 (130-6800 Hz, 25 filters). */
    static double centreHz(int i) {
        double lo = mel(130);
        double hi = mel(6800);
        double step = (hi - lo) / (FILTERS + 1);
        return 700 * Math.expm1((lo + (i + 1) * step) / 1127);
    }

    private static double mel(double hz) {
        return 1127 * Math.log1p(hz / 700);
    }

    double[][] matrix() {
        double[][] copy = new double[CEPSTRA][];
        for (int i = 0; i < CEPSTRA; i++) {
            copy[i] = a[i].clone();
        }
        return copy;
    }

    /** Transforms a mean vector in place (its length a multiple of 13: static, delta, delta-delta blocks). */
    void mean(float[] m) {
        applyPerBlock(a, m, 0);
    }

    /** Transforms a diagonal variance vector in place; never below {@code keepFraction} (> 0) of the original. */
    void variance(float[] v, double keepFraction) {
        applyPerBlock(aSquared, v, keepFraction);
    }

    /** {@code x} block by block through {@code matrix}; with {@code floorFraction > 0}, floored at that share of the input. */
    private static void applyPerBlock(double[][] matrix, float[] x, double floorFraction) {
        checkLength(x);
        double[] block = new double[CEPSTRA];
        for (int off = 0; off < x.length; off += CEPSTRA) {
            for (int i = 0; i < CEPSTRA; i++) {
                double s = 0;
                for (int j = 0; j < CEPSTRA; j++) {
                    s += matrix[i][j] * x[off + j];
                }
                block[i] = floorFraction > 0 ? Math.max(s, floorFraction * x[off + i]) : s;
            }
            for (int i = 0; i < CEPSTRA; i++) {
                x[off + i] = (float) block[i];
            }
        }
    }

    private static void checkLength(float[] x) {
        if (x.length % CEPSTRA != 0) {
            throw new IllegalArgumentException("a feature vector of " + x.length + " is not made of "
                    + CEPSTRA + "-coefficient blocks");
        }
    }

    /** {@code L·D}: Sphinx4's DiscreteCosineTransform2 (25 log energies to 13 cepstra) then its Lifter(22). */
    static double[][] cepstralTransform() {
        double[][] ld = new double[CEPSTRA][FILTERS];
        for (int i = 0; i < CEPSTRA; i++) {
            double lift = 1 + (LIFTER / 2) * Math.sin(i * Math.PI / LIFTER);
            for (int j = 0; j < FILTERS; j++) {
                ld[i][j] = lift * Dct2.weight(i, j);
            }
        }
        return ld;
    }

    /** Moore-Penrose inverse of a full-row-rank matrix (13 x 25): {@code Xᵀ(X·Xᵀ)⁻¹}. */
    static double[][] pseudoInverse(double[][] x) {
        int r = x.length;
        int c = x[0].length;
        double[][] xxt = new double[r][r];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                double s = 0;
                for (int k = 0; k < c; k++) {
                    s += x[i][k] * x[j][k];
                }
                xxt[i][j] = s;
            }
        }
        double[][] inv = invert(xxt);
        double[][] out = new double[c][r];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < r; j++) {
                double s = 0;
                for (int k = 0; k < r; k++) {
                    s += x[k][i] * inv[k][j];
                }
                out[i][j] = s;
            }
        }
        return out;
    }

    static double[][] multiply(double[][] p, double[][] q) {
        double[][] out = new double[p.length][q[0].length];
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < q[0].length; j++) {
                double s = 0;
                for (int k = 0; k < q.length; k++) {
                    s += p[i][k] * q[k][j];
                }
                out[i][j] = s;
            }
        }
        return out;
    }

    /** Gauss-Jordan with partial pivoting (13 x 13, well conditioned). */
    private static double[][] invert(double[][] m) {
        int n = m.length;
        double[][] w = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, w[i], 0, n);
            w[i][n + i] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(w[r][col]) > Math.abs(w[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = w[col];
            w[col] = w[pivot];
            w[pivot] = t;
            double p = w[col][col];
            if (Math.abs(p) < 1e-12) {
                throw new IllegalStateException("singular matrix");
            }
            for (int k = 0; k < 2 * n; k++) {
                w[col][k] /= p;
            }
            for (int r = 0; r < n; r++) {
                if (r != col && w[r][col] != 0) {
                    double f = w[r][col];
                    for (int k = 0; k < 2 * n; k++) {
                        w[r][k] -= f * w[col][k];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(w[i], n, inv[i], 0, n);
        }
        return inv;
    }

    /** Reads Sphinx4's own DCT-II weights, so the compensation follows its front end exactly. */
    private static final class Dct2 extends edu.cmu.sphinx.frontend.transform.DiscreteCosineTransform2 {
        private static final double[][] W = weights();

        Dct2() {
            super(FILTERS, CEPSTRA);
        }

        static double weight(int cepstrum, int filter) {
            return W[cepstrum][filter];
        }

        private static double[][] weights() {
            Dct2 dct = new Dct2();
            dct.computeMelCosine();
            double[][] w = new double[CEPSTRA][FILTERS];
            for (int j = 0; j < FILTERS; j++) {
                double[] unit = new double[FILTERS];
                unit[j] = 1;
                double[] c = dct.applyMelCosine(unit);
                for (int i = 0; i < CEPSTRA; i++) {
                    w[i][j] = c[i];
                }
            }
            return w;
        }
    }
}
