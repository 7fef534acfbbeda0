package bnlab.report;

import java.util.Base64;

/** Pieces of self-contained HTML pages: escaped text and images embedded as {@code data:} URIs. */
public final class Html {

    private Html() {}

    /** Escapes text for HTML element content and quoted attribute values. */
    public static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** An {@code <img>} of {@code png} embedded in the page. */
    public static String image(byte[] png, String alt, int width, int height) {
        return "<img src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png)
                + "\" alt=\""
                + escape(alt)
                + "\" width=\""
                + width
                + "\" height=\""
                + height
                + "\">";
    }
}
