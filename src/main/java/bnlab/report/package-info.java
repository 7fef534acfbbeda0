/**
 * What a person reads: charts ({@link bnlab.report.Charts}, {@link bnlab.report.IntervalCharts}),
 * comparison tables and the self-contained HTML report of saved runs ({@link
 * bnlab.report.HtmlReport}). Reads runs through {@code run}; writes files through {@code io}.
 */
package bnlab.report;
