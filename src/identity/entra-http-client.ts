/**
 * The HTTP client every Azure SDK credential is given (Entra and IMDS
 * requests alike): the SDK's own, with two changes.
 *
 * - Bodies are read here, capped (bounded-body.ts): the SDK would buffer an
 *   endless token answer or error page. A connection reset while the body
 *   arrives fails as ECONNRESET, which the SDK's retry policy retries like a
 *   reset before the headers (the SDK itself reports it as a parse error,
 *   never retried).
 * - Routing follows the action's one proxy rule (proxy.ts, undici's reading
 *   of the variables): a host it sends direct (NO_PROXY, the managed identity
 *   endpoint: IMDS or the one IDENTITY_ENDPOINT and the like name) loses
 *   the proxy agent the SDK's proxy policy set. A failure at the proxy is
 *   noted in `watch`, which the identity phase reads: MSAL drops transport errors.
 */
import { createDefaultHttpClient, createHttpHeaders, type HttpClient, type PipelineResponse, RestError } from '@azure/core-rest-pipeline';
import { BodyTooLargeError, readCapped, SMALL_BODY_MAX_BYTES } from '../bounded-body.ts';
import { isMetadataHost, type ProxyError, proxyErrorOf, proxyRoute } from '../proxy.ts';

/** Any status: the body always comes as a stream, which this client reads. */
const STREAM_EVERY_STATUS = new Set([Number.POSITIVE_INFINITY]);

/** The last failure at the proxy of an Entra request (a later success through it clears it). */
export interface ProxyWatch {
  failure?: ProxyError | undefined;
}

export function cappedEntraHttpClient(env: Record<string, string | undefined>, watch: ProxyWatch): HttpClient {
  const inner = createDefaultHttpClient();
  return {
    async sendRequest(request) {
      const url = new URL(request.url);
      const source = isMetadataHost(url, env) ? 'the managed identity endpoint' : `Microsoft Entra ID (${url.host})`;
      const proxied = proxyRoute(url, env) !== undefined && request.agent !== undefined;
      if (!proxied) delete request.agent;
      const wanted = request.streamResponseStatusCodes;
      request.streamResponseStatusCodes = STREAM_EVERY_STATUS;
      // https-proxy-agent answers a refused CONNECT with the proxy's own response: its status is told apart here.
      let tunnelStatus: number | undefined;
      const agent = proxied ? (request.agent as Partial<NodeJS.EventEmitter> | undefined) : undefined;
      const onConnect = (connect: { statusCode?: number }): void => {
        tunnelStatus = connect.statusCode;
      };
      agent?.on?.('proxyConnect', onConnect);
      let response: PipelineResponse;
      try {
        response = await inner.sendRequest(request);
      } catch (error) {
        const proxyError = proxied ? proxyErrorOf(error, url, env) : undefined;
        if (proxyError) watch.failure = proxyError;
        throw error;
      } finally {
        agent?.off?.('proxyConnect', onConnect);
      }
      request.streamResponseStatusCodes = wanted;
      if (proxied)
        watch.failure = tunnelStatus !== undefined && tunnelStatus !== 200 ? proxyErrorOf(undefined, url, env, tunnelStatus) : undefined;
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
