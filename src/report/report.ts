/**
 * The report phase of a run, after a successful call: warnings about a cut
 * answer, the response file, the `json` output, the workflow features
 * (expect, the PR comment), then all outputs together and the job summary.
 * A cut answer under fail-on-truncation, or JSON that breaks its schema,
 * fails before any output is written.
 */
import type { ChatResult } from '../call/call-deployment.ts';
import type { Config } from '../config.ts';
import { ActionFailure } from '../errors.ts';
import type { ChatMessage } from '../prompt/messages.ts';
import { describeParameters, type PreparedChat } from '../prompt/prepare-chat.ts';
import { finishWorkflow, type WorkflowRun, workflowSummaryFacts } from '../workflow/workflow.ts';
import { noticesFor } from './notices.ts';
import { buildOutputs, writeResponseFile } from './outputs.ts';
import { readJsonOutput } from './structured-output.ts';
import { renderSummary } from './summary.ts';
import { renderWorkflowSummary } from './workflow-summary.ts';

export interface RunReport {
  config: Config;
  prepared: PreparedChat;
  workflow: WorkflowRun;
  messages: ChatMessage[];
  result: ChatResult;
  authMethod: string;
}

export interface ReportDeps {
  info: (message: string) => void;
  notice: (message: string) => void;
  warning: (message: string) => void;
  setSecret: (secret: string) => void;
  setOutput: (name: string, value: string) => void;
  /** Appends Markdown to the job summary. */
  writeSummary: (markdown: string) => void;
  /** Where response-file goes (RUNNER_TEMP). */
  tempDirectory: string;
}

export async function report(run: RunReport, deps: ReportDeps): Promise<void> {
  const { config, result } = run;
  const notices = noticesFor(result, { failOnTruncation: config.failOnTruncation });
  if (notices.failure) throw new ActionFailure(notices.failure);
  for (const warning of notices.warnings) deps.warning(warning);

  const responseFile = writeResponseFile(result.text, deps.tempDirectory);
  const json = readJsonOutput(run.prepared, result, {
    deployment: config.deployment,
    responseFile,
    setOutput: deps.setOutput,
    warning: deps.warning,
  });
  const finished = await finishWorkflow(run.workflow, result, { deployment: config.deployment }, deps);
  const outputs = { ...buildOutputs(result, run.authMethod, responseFile), ...(json !== undefined ? { json } : {}), ...finished.outputs };
  try {
    for (const [name, value] of Object.entries(outputs)) deps.setOutput(name, value);
  } catch (error) {
    if (!finished.comment) throw error;
    // The comment is public already: say so, or a re-run would look like the first attempt.
    throw new ActionFailure(
      `The pull request comment was ${finished.comment.action} (${finished.comment.url}), but the step outputs could not be written: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }

  if (config.summary) {
    const markdown =
      renderSummary({
        deployment: config.deployment,
        endpointHost: config.endpoint.host,
        authMethod: run.authMethod,
        result,
        messages: run.messages,
        parameters: describeParameters(config),
      }) + renderWorkflowSummary(workflowSummaryFacts(run.workflow, result, finished));
    // The call succeeded and the outputs are written: a summary that cannot be written is worth a warning, not a red step.
    try {
      deps.writeSummary(markdown);
    } catch (error) {
      deps.warning(`The job summary was not written: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  // A failed expect fails the step after its outputs (passed=false) and summary are written.
  if (finished.failure) throw finished.failure;
}
