import { isApiError } from '../../../api/client';
import type { Translate } from '../../../i18n';

/** A failed request as the console says it: the server's message, and the first row problems of OPENDATA_INVALID_ROWS. */
export function errorText(error: unknown, t: Translate): string {
  if (!isApiError(error)) {
    return error instanceof Error ? error.message : String(error);
  }
  const details = error.details as { issues?: Array<{ row?: number; field?: string | null; message?: string; path?: string }> } | null;
  const issues = (details?.issues ?? [])
    .slice(0, 3)
    .map((i) => (i.row !== undefined ? t('opendata.console.issue', { row: i.row + 2, field: i.field ?? '', message: i.message ?? '' }) : `${i.path ?? ''} ${i.message ?? ''}`));
  return [error.message, ...issues].join('；');
}
