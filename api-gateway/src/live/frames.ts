import type { ExecutionResult } from 'graphql';

/** Formats a result's errors as the socket's error boundary does. */
type FormatResult = (result: ExecutionResult) => unknown;

/**
 * Each subscription result serialized once, however many subscribers it goes to: the fan-out
 * shares one result among everyone whose operation is the same, and its next frames differ
 * only in the subscription id around this JSON. A result with errors is formatted first.
 */
export class ResultJson {
  private readonly json = new WeakMap<ExecutionResult, string>();

  constructor(private readonly format: FormatResult) {}

  of(result: ExecutionResult): string {
    let json = this.json.get(result);
    if (json === undefined) this.json.set(result, (json = JSON.stringify(result.errors ? this.format(result) : result)));
    return json;
  }
}
