/**
 * Checks an answer against the schema in a worker thread with a time limit
 * and a heap limit: a recursive `oneOf` costs time exponential in the
 * answer's nesting, and `uniqueItems` over objects is quadratic in their
 * number, so whatever the schema and the answer, the check ends within the
 * limits, or fails naming the one it reached. The worker is ended either way.
 */
import type { JsonSchemaSpec } from '../model-call.ts';
import { SCHEMA_CHECK_ROLE, type SchemaCheckJob, type SchemaCheckReply } from './schema-worker.ts';

export interface SchemaCheckLimits {
  timeMs: number;
  heapMb: number;
}

/** Far more than a structured answer's check needs; far less than a runner's memory and a job's patience. */
export const SCHEMA_CHECK_LIMITS: SchemaCheckLimits = { timeMs: 10_000, heapMb: 128 };

/** A check stopped at a limit (or its worker failed): the answer cannot be used. */
export class SchemaCheckError extends Error {}

export async function checkInWorker(spec: JsonSchemaSpec, value: unknown, limits = SCHEMA_CHECK_LIMITS): Promise<string[]> {
  const [{ Worker }, { SCHEMA_WORKER_URL }] = await Promise.all([import('node:worker_threads'), import('./schema-worker.ts')]);
  const job: SchemaCheckJob = { role: SCHEMA_CHECK_ROLE, spec, value };
  // stdout and stderr are the worker's own streams, never read: nothing it prints reaches the log.
  const worker = new Worker(new URL(SCHEMA_WORKER_URL), {
    workerData: job,
    resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 16 },
    stdout: true,
    stderr: true,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<string[]>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new SchemaCheckError(`the check ran past its time limit of ${limits.timeMs / 1000} s`)),
        limits.timeMs,
      );
      worker.once('message', (reply: SchemaCheckReply) =>
        'violations' in reply ? resolve(reply.violations) : reject(new SchemaCheckError(reply.error)),
      );
      worker.once('error', (error: Error & { code?: string }) =>
        reject(
          new SchemaCheckError(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? `the check ran out of its memory limit of ${limits.heapMb} MiB`
              : `the check failed: ${error.message}`,
          ),
        ),
      );
      worker.once('exit', (code) => reject(new SchemaCheckError(`the check stopped early (exit code ${code})`)));
    });
  } finally {
    clearTimeout(timer);
    await worker.terminate();
  }
}
