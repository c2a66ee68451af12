// Keeping the engine waiting for work the program still has to do is an internal of the SDK (@pulumi/pulumi
// 3.270 runtime/settings): the same call the SDK makes around its own asynchronous registrations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as { rpcKeepAlive(): () => void };

/** Apps declared between two turns of the event loop (docs/performance.md has the measurements). */
export const APPS_PER_BATCH = 1;

let quietDepth = 0;
let savedLimit = Error.stackTraceLimit;

/**
 * Runs an asynchronous declaration with V8's stack capture off. The SDK takes an `Error().stack` for every
 * internal promise (about a hundred per resource, `debuggablePromise` in runtime/debuggable.js), formatted
 * through source maps under the Pulumi CLI: that is most of a large program's evaluation time. Errors thrown
 * meanwhile carry no frames, so declarations must say in their message what failed ({@link declaring}).
 * With `PULUMI_DEBUG_PROMISE_LEAKS` set, the SDK's leak report needs those stacks, so nothing changes.
 */
export async function withoutStackCapture<T>(declare: () => Promise<T>): Promise<T> {
  if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return declare();
  if (quietDepth++ === 0) {
    savedLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
  }
  try {
    return await declare();
  } finally {
    if (--quietDepth === 0) Error.stackTraceLimit = savedLimit;
  }
}

/** Runs one definition's declaration; an error from it is re-raised with `where` (the definition's key path). */
export function declaring<T>(where: string, declare: () => T): T {
  try {
    return declare();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`${where}: ${message}`, { cause: err });
  }
}

/**
 * Declares `items` in batches of `batchSize`, letting the event loop run between batches so the SDK's
 * registrations of one batch proceed (and their memory is released) before the next is declared. Keeps the
 * engine waiting until the last batch is declared, even if nothing awaits the returned promise.
 */
export async function inBatches<T>(items: readonly T[], batchSize: number, declare: (item: T) => void): Promise<void> {
  const done = settings.rpcKeepAlive();
  try {
    for (let start = 0; start < items.length; start += batchSize) {
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      for (const item of items.slice(start, start + batchSize)) declare(item);
    }
  } finally {
    done();
  }
}
