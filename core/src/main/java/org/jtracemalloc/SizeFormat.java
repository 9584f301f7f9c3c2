package org.jtracemalloc;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** CPython's {@code tracemalloc._format_size}: the one formatter of sizes in printed output. */
public final class SizeFormat {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private SizeFormat() {}

    /**
     * Formats {@code size} bytes like {@code _format_size(size, sign)}. Python's {@code %.0f} and
     * {@code %.1f} round the exact binary value half to even, while {@link String#format} rounds
     * its shortest decimal form half up ({@code 2.5 -> "3"}), so the rounding goes through
     * {@link BigDecimal}.
     */
    public static String format(double size, boolean sign) {
        for (String unit : UNITS) {
            boolean last = unit.equals("TiB");
            if (Math.abs(size) < 100 && !unit.equals("B")) {
                return fixed(size, 1, sign) + " " + unit;
            }
            if (Math.abs(size) < 10 * 1024 || last) {
                return fixed(size, 0, sign) + " " + unit;
            }
            size /= 1024;
        }
        throw new AssertionError("TiB is the last unit");
    }

    /** Python's {@code "%.Nf"} / {@code "%+.Nf"}: the sign is kept even when the value rounds to 0. */
    private static String fixed(double value, int decimals, boolean sign) {
        boolean negative = Double.doubleToRawLongBits(value) < 0;
        String digits = new BigDecimal(Math.abs(value)).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        return (negative ? "-" : sign ? "+" : "") + digits;
    }
}
