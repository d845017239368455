/**
 * The HTTP client every Azure SDK credential is given (Entra and IMDS
 * requests alike): the SDK's own, with two changes.
 *
 * - Bodies are read here, capped (bounded-body.ts): the SDK would buffer an
 *   endless token answer or error page. A connection reset while the body
 *   arrives fails as ECONNRESET, which the SDK's retry policy retries like a
 *   reset before the headers (the SDK itself reports it as a parse error,
 *   never retried).
 * - The metadata service (IMDS, or AZURE_POD_IDENTITY_AUTHORITY_HOST) is
 *   reached directly: it is link-local, and a proxy cannot reach it.
 */
import { createDefaultHttpClient, type HttpClient, RestError } from '@azure/core-rest-pipeline';
import { BodyTooLargeError, readCapped, SMALL_BODY_MAX_BYTES } from '../bounded-body.ts';
import { isMetadataHost } from '../proxy.ts';

/** Any status: the body always comes as a stream, which this client reads. */
const STREAM_EVERY_STATUS = new Set([Number.POSITIVE_INFINITY]);

export function cappedEntraHttpClient(env: Record<string, string | undefined> = process.env): HttpClient {
  const inner = createDefaultHttpClient();
  return {
    async sendRequest(request) {
      const url = new URL(request.url);
      const source = isMetadataHost(url, env) ? 'the managed identity endpoint' : `Microsoft Entra ID (${url.host})`;
      if (isMetadataHost(url, env)) delete request.agent;
      const wanted = request.streamResponseStatusCodes;
      request.streamResponseStatusCodes = STREAM_EVERY_STATUS;
      const response = await inner.sendRequest(request);
      request.streamResponseStatusCodes = wanted;
      const stream = response.readableStreamBody;
      if (!stream) return response;
      delete response.readableStreamBody;
      try {
        response.bodyAsText = (await readCapped(stream, { maxBytes: SMALL_BODY_MAX_BYTES, source })).toString('utf8');
      } catch (error) {
        if (error instanceof BodyTooLargeError || request.abortSignal?.aborted) throw error;
        const code = (error as { code?: unknown }).code;
        throw new RestError(`the connection to ${source} broke while its answer arrived (${typeof code === 'string' ? code : 'reset'})`, {
          code: 'ECONNRESET',
          request,
        });
      }
      return response;
    },
  };
}
