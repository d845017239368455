import { uuid } from '../../http.ts';

export function commonHeaders(): Record<string, string> {
  return { 'apim-request-id': uuid(), 'x-ms-region': 'East US', 'x-content-type-options': 'nosniff' };
}
