package bnlab.study;

/**
 * A chart of a study's outputs, rendered.
 *
 * @param file its file name in the output directory
 * @param caption what it shows, also its alt text in the report
 * @param png the image
 */
public record StudyChart(String file, String caption, byte[] png) {}
