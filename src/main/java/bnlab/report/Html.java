package bnlab.report;

import java.util.Base64;

/**
 * Pieces of self-contained HTML pages: the page frame and the style every page shares, escaped text
 * and images embedded as {@code data:} URIs.
 */
public final class Html {

    /** The page's body rule, the first of every page's style. */
    public static final String BODY_CSS =
            "body{font-family:sans-serif;margin:2em auto;max-width:1100px;color:#222}";

    /** The rules of tables, alike on every page: first column left, numbers right. */
    public static final String TABLE_CSS =
            String.join(
                    "\n",
                    "table{border-collapse:collapse;margin:0.5em 0 1.5em}",
                    "th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}",
                    "th:first-child,td:first-child{text-align:left}",
                    "th{background:#f3f3f3}");

    /** What closes every page. */
    public static final String PAGE_END = "</body>\n</html>\n";

    private Html() {}

    /**
     * The start of a page, up to and with its heading: the head with {@code title} and the inline
     * {@code css}, then {@code <h1>title</h1>}.
     */
    public static String pageStart(String title, String css) {
        String escaped = escape(title);
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
                + escaped
                + "</title>\n<style>\n"
                + css
                + "\n</style>\n</head>\n<body>\n<h1>"
                + escaped
                + "</h1>\n";
    }

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
