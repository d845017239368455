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
import { createDefaultHttpClient, createHttpHeaders, type HttpClient, type PipelineResponse, RestError } from '@azure/core-rest-pipeline';
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
        // MSAL keeps no error's message but a service's own: the refusal is told as one, a 400 (never retried).
        if (error instanceof BodyTooLargeError) return tooLargeAnswer(response, error);
        if (request.abortSignal?.aborted) throw error;
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

function tooLargeAnswer(response: PipelineResponse, error: BodyTooLargeError): PipelineResponse {
  return {
    request: response.request,
    status: 400,
    headers: createHttpHeaders({ 'content-type': 'application/json' }),
    bodyAsText: JSON.stringify({ error: 'invalid_response', error_description: error.message }),
  };
}
