/** What a payment report can group transactions by. */
export enum ReportDimension {
  /** The UTC calendar day of `createdAt` (`YYYY-MM-DD`). */
  DAY = 'DAY',
  CURRENCY = 'CURRENCY',
  STATUS = 'STATUS',
}

/** Longest time range a report may cover, in days (one query scans at most this range). */
export const MAX_REPORT_DAYS = 366;

/** Export pages may be larger than list pages: exports are read by programs, page after page. */
export const DEFAULT_EXPORT_PAGE_SIZE = 100;
export const MAX_EXPORT_PAGE_SIZE = 1000;
