/**
 * What a person reads: charts ({@link bnlab.report.Charts}, {@link bnlab.report.IntervalCharts}),
 * comparison tables and the self-contained HTML report of saved runs ({@link
 * bnlab.report.HtmlReport}), and the plain-text tables commands print ({@link
 * bnlab.report.TextTable}). Reads runs through {@code run}; writes files through {@code io}.
 */
package bnlab.report;
