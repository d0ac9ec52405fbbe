package org.voicebot.testcalls.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Response latency (p50, p95, the SLO line) and CPU % against concurrency, as a PNG; plain Java2D
 * (headless), so the benchmark needs no charting library.
 */
public final class LatencyChart {

  private static final int W = 900;
  private static final int H = 520;
  private static final int LEFT = 80;
  private static final int RIGHT = 80;
  private static final int TOP = 50;
  private static final int BOTTOM = 70;

  private LatencyChart() {}

  public static void write(Path png, List<LevelResult> levels, Slo slo) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<LevelResult> pts = new ArrayList<>(levels);
    pts.sort(Comparator.comparingInt(LevelResult::concurrency));
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, W, H);
      int maxX = Math.max(2, pts.stream().mapToInt(LevelResult::concurrency).max().orElse(2));
      long maxMs = slo.maxResponseP95Ms();
      for (LevelResult r : pts) {
        maxMs = Math.max(maxMs, r.response().p95() == null ? 0 : r.response().p95());
      }
      maxMs = niceCeiling(maxMs * 11 / 10);
      double maxCpu = Math.max(100, niceCeiling((long) Math.ceil(
          pts.stream().mapToDouble(LevelResult::cpuPercent).max().orElse(100))));
      int pw = W - LEFT - RIGHT;
      int ph = H - TOP - BOTTOM;
      font(g, new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.setColor(new Color(230, 230, 230));
      for (int i = 0; i <= 5; i++) {
        int y = TOP + ph - ph * i / 5;
        g.drawLine(LEFT, y, LEFT + pw, y);
      }
      g.setColor(Color.BLACK);
      g.drawRect(LEFT, TOP, pw, ph);
      for (int i = 0; i <= 5; i++) {
        int y = TOP + ph - ph * i / 5;
        text(g, Long.toString(maxMs * i / 5), LEFT - 45, y + 4);
        text(g, Math.round(maxCpu * i / 5) + "%", LEFT + pw + 8, y + 4);
      }
      for (int x = 0; x <= maxX; x++) {
        if (maxX <= 20 || x % Math.max(1, maxX / 10) == 0) {
          int px = LEFT + pw * x / maxX;
          g.drawLine(px, TOP + ph, px, TOP + ph + 4);
          text(g, Integer.toString(x), px - 4, TOP + ph + 18);
        }
      }
      text(g, "concurrent calls", LEFT + pw / 2 - 45, H - 25);
      text(g, "response latency at the caller, ms", 10, TOP - 12);
      text(g, "process CPU (100% = one core)", W - 220, TOP - 18);
      font(g, new Font(Font.SANS_SERIF, Font.BOLD, 14));
      text(g, "voicebot bench: response latency and CPU against concurrency", LEFT, 22);
      font(g, new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      // the SLO line
      g.setColor(new Color(200, 0, 0));
      g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
      int sloY = TOP + ph - (int) (ph * slo.maxResponseP95Ms() / (double) maxMs);
      g.drawLine(LEFT, sloY, LEFT + pw, sloY);
      text(g, "SLO p95 " + slo.maxResponseP95Ms() + " ms", LEFT + 6, sloY - 4);
      g.setStroke(new BasicStroke(2));
      series(g, pts, maxX, maxMs, pw, ph, new Color(0, 90, 200), r -> r.response().p50());
      series(g, pts, maxX, maxMs, pw, ph, new Color(0, 150, 60), r -> r.response().p95());
      series(g, pts, maxX, maxCpu, pw, ph, new Color(230, 130, 0), r -> Math.round(r.cpuPercent()));
      legend(g, LEFT + 10, TOP + 15, new Color(0, 90, 200), "response p50");
      legend(g, LEFT + 10, TOP + 32, new Color(0, 150, 60), "response p95");
      legend(g, LEFT + 10, TOP + 49, new Color(230, 130, 0), "CPU % (right axis)");
    } finally {
      g.dispose();
    }
    ImageIO.write(img, "png", png.toFile());
  }

  private static void series(Graphics2D g, List<LevelResult> pts, int maxX, double maxY, int pw, int ph, Color c,
      java.util.function.Function<LevelResult, Long> value) {
    g.setColor(c);
    int lastX = -1;
    int lastY = -1;
    for (LevelResult r : pts) {
      Long v = value.apply(r);
      if (v == null) {
        continue;
      }
      int x = LEFT + pw * r.concurrency() / maxX;
      int y = TOP + ph - (int) (ph * Math.min(v, maxY) / maxY);
      g.fillOval(x - 4, y - 4, 8, 8);
      if (lastX >= 0) {
        g.drawLine(lastX, lastY, x, y);
      }
      lastX = x;
      lastY = y;
    }
  }

  private static void legend(Graphics2D g, int x, int y, Color c, String label) {
    g.setColor(c);
    g.fillRect(x, y - 8, 18, 4);
    g.setColor(Color.BLACK);
    text(g, label, x + 24, y - 3);
  }

  /** False once the machine turned out to have no fonts (a bare headless JRE): the chart is drawn unlabelled. */
  private static boolean fonts = true;

  private static void text(Graphics2D g, String s, int x, int y) {
    if (fonts) {
      try {
        g.drawString(s, x, y);
      } catch (RuntimeException | Error e) { // "no fonts found" / fontconfig errors on bare CI images
        fonts = false;
      }
    }
  }

  private static void font(Graphics2D g, Font f) {
    if (fonts) {
      try {
        g.setFont(f);
      } catch (RuntimeException | Error e) {
        fonts = false;
      }
    }
  }

  /** 1, 2 or 5 times a power of ten, at or above v. */
  static long niceCeiling(long v) {
    long p = 1;
    while (p * 10 <= Math.max(1, v)) {
      p *= 10;
    }
    for (long m : new long[] {1, 2, 5, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }
}
