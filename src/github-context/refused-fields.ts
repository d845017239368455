/** What GitHub's 422 refused, from its `errors` list: a service string, read by type and put on one line. Pure. */
import { oneLine } from '../secrets.ts';

/** The `errors` beside GitHub's "Validation Failed", which name what was refused: " (Label color invalid)". */
export function refusedFields(data: unknown): string {
  const list = (data as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(list)) return '';
  const words = (item: unknown): string => {
    if (typeof item === 'string') return item;
    const { resource, field, message, code } = (item ?? {}) as Record<string, unknown>;
    return [resource, field, message ?? code].filter((part) => typeof part === 'string' && part !== '').join(' ');
  };
  const said = list.slice(0, 5).map(words).filter(Boolean).join('; ');
  return said ? ` (${oneLine(said, 300)})` : '';
}
