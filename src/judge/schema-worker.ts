/**
 * The schema check's worker thread (started by schema-check.ts, which
 * imports this module only for its address): compiles the schema, checks
 * the one value it was given, and posts the violations or the error back.
 * Imported by the main thread, it does nothing.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { JsonSchemaSpec } from '../model-call.ts';
import { compileSchema } from './compile-schema.ts';

/** This module's address, which the worker is started from (a chunk of its own in the bundle). */
export const SCHEMA_WORKER_URL = import.meta.url;

export const SCHEMA_CHECK_ROLE = 'schema-check';

export interface SchemaCheckJob {
  role: typeof SCHEMA_CHECK_ROLE;
  spec: JsonSchemaSpec;
  value: unknown;
}

export type SchemaCheckReply = { violations: string[] } | { error: string };

function isJob(data: unknown): data is SchemaCheckJob {
  return typeof data === 'object' && data !== null && (data as { role?: unknown }).role === SCHEMA_CHECK_ROLE;
}

async function check(job: SchemaCheckJob): Promise<SchemaCheckReply> {
  try {
    const validate = await compileSchema(job.spec);
    return { violations: validate(job.value) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

if (!isMainThread && isJob(workerData)) {
  const job = workerData;
  void check(job).then((reply) => parentPort?.postMessage(reply));
}
