import {
  createSourceEventStream,
  execute,
  GraphQLError,
  print,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { ExpiringCache } from '@charla/platform';

/**
 * One event reaches many subscribers. Those whose operation is the same (same document,
 * operation and variables) and selects no `@personal` field would all compute the same
 * result, so it is executed once per event and shared; with it goes its serialized JSON
 * (see `DirectFrames` in frames.ts). Personal selections (my email, a direct chat's title) still
 * execute per subscriber.
 */
export class FanOut {
  /** Per event payload (the same object for its whole audience): operation key → result. */
  private readonly results = new WeakMap<object, Map<string, SharedResult>>();
  /** Clients send a handful of distinct subscription documents; bounded anyway. */
  private readonly personalDocuments = new ExpiringCache<string, boolean>(1_000);
  /** The printed text of each document (the socket parses each text once, so the same object comes back). */
  private readonly printed = new WeakMap<DocumentNode, string>();

  constructor(private readonly schema: GraphQLSchema) {}

  /** graphql's `subscribe`, sharing each event's execution among identical operations. */
  subscribe = async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    // An ExecutionResult here carries the errors that kept the stream from starting.
    if (!(Symbol.asyncIterator in source)) return source;
    const key = this.sharedKey(args);
    const single = (payload: unknown) => new SharedResult(execute({ ...args, rootValue: payload }));
    const run = (payload: unknown): SharedResult => {
      if (key === undefined || typeof payload !== 'object' || payload === null) return single(payload);
      let byOperation = this.results.get(payload);
      if (!byOperation) this.results.set(payload, (byOperation = new Map()));
      let result = byOperation.get(key);
      if (!result) byOperation.set(key, (result = single(payload)));
      return result;
    };
    return sharedResults(source as AsyncGenerator<unknown> & Partial<Direct<unknown>>, run);
  };

  /** The operation's identity when its result does not depend on who subscribed; else undefined. */
  private sharedKey(args: ExecutionArgs): string | undefined {
    let text = this.printed.get(args.document);
    if (text === undefined) this.printed.set(args.document, (text = print(args.document)));
    let personal = this.personalDocuments.get(text);
    if (personal === undefined) {
      personal = selectsPersonalField(this.schema, args.document);
      this.personalDocuments.set(text, personal, Number.POSITIVE_INFINITY);
    }
    if (personal) return undefined;
    return `${args.operationName ?? ''}\n${JSON.stringify(args.variableValues ?? {})}\n${text}`;
  }
}

/** True when the document selects a field whose definition carries `@personal`. */
function selectsPersonalField(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let personal = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: () => {
        if (typeInfo.getFieldDef()?.astNode?.directives?.some((directive) => directive.name.value === 'personal')) personal = true;
      },
    }),
  );
  return personal;
}

/**
 * One event's execution for one operation, shared by all who subscribed to it: ready once the
 * execution resolved, and then handed at once to everyone who asked (no promise each).
 */
export class SharedResult {
  value: ExecutionResult | undefined;
  readonly promise: Promise<ExecutionResult>;
  private waiting: ((result: ExecutionResult) => void)[] | undefined = [];

  constructor(running: Promise<ExecutionResult> | ExecutionResult) {
    this.promise = Promise.resolve(running).catch((error: unknown) => ({ errors: [error instanceof GraphQLError ? error : new GraphQLError(String(error), { originalError: error as Error })] }));
    void this.promise.then((value) => {
      this.value = value;
      const waiting = this.waiting;
      this.waiting = undefined;
      for (const ready of waiting ?? []) ready(value);
    });
  }

  /** Calls `ready` with the result: now if it is there, else the moment it is. */
  onReady(ready: (result: ExecutionResult) => void): void {
    if (this.value) ready(this.value);
    else this.waiting!.push(ready);
  }
}

/** A stream that can hand its values to a consumer as they come, instead of through next() (Channel.direct). */
export interface Direct<T> {
  direct(sink: (value: T) => void): boolean;
}

/**
 * Maps a source stream to its shared results, as graphql's own subscribe does. Not an async
 * generator: return() must reach the source at once, even while a next() is waiting for an
 * event. A source that can push directly (a live Channel) passes that on: the consumer then gets
 * each SharedResult as the event arrives.
 */
function sharedResults<T>(source: AsyncGenerator<T> & Partial<Direct<T>>, map: (value: T) => SharedResult): AsyncIterableIterator<ExecutionResult> & Direct<SharedResult> {
  const step = async (result: IteratorResult<T>): Promise<IteratorResult<ExecutionResult>> =>
    result.done ? { value: undefined, done: true } : { value: await map(result.value).promise, done: false };
  return {
    next: () => source.next().then(step),
    direct: (sink) => source.direct?.((value) => sink(map(value))) ?? false,
    return: async () => {
      await source.return(undefined);
      return { value: undefined, done: true };
    },
    throw: async (error: unknown) => {
      await source.return(undefined);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
