import {
  createSourceEventStream,
  execute,
  print,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import type { WebSocket } from 'ws';

/**
 * One event reaches many subscribers. Those whose operation is the same (same document,
 * operation and variables) and selects no `@personal` field would all compute the same
 * result, so it is executed once per event and shared; with it goes its serialized JSON
 * (see `DirectFrames`). Personal selections (my email, a direct chat's title) still
 * execute per subscriber.
 */
export class FanOut {
  /** Per event payload (the same object for its whole audience): operation key → result. */
  private readonly results = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();
  private readonly personalDocuments = new Map<string, boolean>();

  constructor(private readonly schema: GraphQLSchema) {}

  /** graphql's `subscribe`, sharing each event's execution among identical operations. */
  subscribe = async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    // An ExecutionResult here carries the errors that kept the stream from starting.
    if (!(Symbol.asyncIterator in source)) return source;
    const key = this.sharedKey(args);
    const run = (payload: unknown): Promise<ExecutionResult> | ExecutionResult => {
      const single = () => execute({ ...args, rootValue: payload });
      if (key === undefined || typeof payload !== 'object' || payload === null) return single();
      let byOperation = this.results.get(payload);
      if (!byOperation) this.results.set(payload, (byOperation = new Map()));
      let result = byOperation.get(key);
      if (!result) byOperation.set(key, (result = Promise.resolve(single())));
      return result;
    };
    return mapIterator(source as AsyncGenerator<unknown>, run);
  };

  /** The operation's identity when its result does not depend on who subscribed; else undefined. */
  private sharedKey(args: ExecutionArgs): string | undefined {
    const text = print(args.document);
    let personal = this.personalDocuments.get(text);
    if (personal === undefined) {
      personal = selectsPersonalField(this.schema, args.document);
      // Clients send a handful of distinct subscription documents; bound it anyway.
      if (this.personalDocuments.size >= 1_000) this.personalDocuments.clear();
      this.personalDocuments.set(text, personal);
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
 * Maps a source stream like graphql's own subscribe does. Not an async generator: return()
 * must reach the source at once, even while a next() is waiting for an event.
 */
function mapIterator<T, U>(source: AsyncGenerator<T>, map: (value: T) => Promise<U> | U): AsyncIterableIterator<U> {
  const step = async (result: IteratorResult<T>): Promise<IteratorResult<U>> =>
    result.done ? { value: undefined, done: true } : { value: await map(result.value), done: false };
  return {
    next: () => source.next().then(step),
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

/**
 * Serializes each shared result once and writes subscription frames straight to the socket.
 * graphql-ws would build, validate and stringify every frame per subscriber; for a result
 * without errors the frame is just the subscription's id around the shared JSON. Results with
 * errors still go back to graphql-ws, which formats them (`onNext`).
 */
export class DirectFrames {
  private readonly json = new WeakMap<ExecutionResult, string>();

  /** graphql-ws's `onOperation`: wraps a subscription's results so that plain ones go out here. */
  wrap(socket: WebSocket, id: string, results: AsyncIterableIterator<ExecutionResult>): AsyncIterableIterator<ExecutionResult> {
    const prefix = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
    return {
      next: async () => {
        for (;;) {
          const step = await results.next();
          if (step.done || step.value.errors) return step;
          if (socket.readyState === socket.OPEN) socket.send(`${prefix}${this.serialized(step.value)}}`);
        }
      },
      return: async () => (await results.return?.()) ?? { value: undefined, done: true },
      throw: async (error: unknown) => (await results.throw?.(error)) ?? { value: undefined, done: true },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  private serialized(result: ExecutionResult): string {
    let json = this.json.get(result);
    if (json === undefined) this.json.set(result, (json = JSON.stringify(result)));
    return json;
  }
}
